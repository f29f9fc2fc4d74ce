"""The concept vocabulary (knowledge/concepts.yaml): the ways people name the plans' concepts.

Read once; each name becomes a synonym of the concept's term, applied to questions and plans by
`bot.qa.analyze.canonical`. A broken file stops the engine with `file:line`-free but precise
messages (the entry and the field), like the rest of the knowledge base."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.text import tokens

CONCEPTS_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "concepts.yaml"
#: libyaml's parser when installed (read at every start: 14 ms -> 1.5 ms)
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConceptsError(ValueError):
    """knowledge/concepts.yaml cannot be used."""


def _folded(phrase: str) -> str:
    return " ".join(tokens(phrase, abbreviations=False))


@lru_cache(maxsize=4)
def concept_synonyms(path: Path = CONCEPTS_FILE) -> dict[str, str]:
    """Folded name -> folded term, for every concept (the term itself included)."""
    if not path.exists():
        return {}
    try:
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or []
    except yaml.YAMLError as exc:
        raise ConceptsError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(entries, list):
        raise ConceptsError(f"{path}: expected a list of concepts")
    out: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            raise ConceptsError(f"{path}: concept {number}: needs a 'term' (text)")
        names = entry.get("names") or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ConceptsError(f"{path}: concept {number} ({entry['term']}): 'names' must be a list of texts")
        term = _folded(entry["term"])
        for name in (entry["term"], *names):
            folded = _folded(name)
            if folded:
                out.setdefault(folded, term)
    return out


__all__ = ["CONCEPTS_FILE", "ConceptsError", "concept_synonyms"]
