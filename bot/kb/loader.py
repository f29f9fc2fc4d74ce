"""Load and validate the plan YAML files, reporting errors as `file:line: field: message`.

Operators edit these files by hand, so an error must point at the place to fix,
not print a traceback.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.cache import DiskCache, key_of
from bot.kb.schema import Plan
from bot.memory import paused_gc

DEFAULT_PLANS_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "plans"

Path_ = tuple[str | int, ...]


_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when installed: ~10x faster


class _Loader(_SafeBase):
    """Safe loader that leaves dates as text, so pydantic reports a bad date with its field."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class KnowledgeBaseError(Exception):
    """One or more problems in knowledge-base files; `str()` is ready to print."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class LoadedYaml:
    """A parsed file: its data, and the 1-based line of each mapping key / sequence item (`lines`,
    worked out when first asked for: only a file with a problem needs them)."""

    __slots__ = ("_lines", "_text", "data")

    def __init__(self, data: Any, lines: dict[Path_, int] | None = None, text: str = ""):
        self.data = data
        self._lines = lines
        self._text = text

    @property
    def lines(self) -> dict[Path_, int]:
        if self._lines is None:
            self._lines = _parse_general(self._text)[1]
        return self._lines


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KnowledgeBaseError([f"{path}: cannot read the file: {exc.strerror or exc}"]) from None


def decode(path: Path, data: bytes) -> str:
    """The file's text as `Path.read_text` gives it (UTF-8, line ends made '\\n')."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise KnowledgeBaseError([f"{path}: not UTF-8 text (save it as UTF-8)"]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_yaml(path: Path, text: str | None = None) -> LoadedYaml:
    """Parse YAML keeping the line of every key, so validation errors can name it (`text`: the
    file's text, when already read)."""
    if text is None:
        text = decode(path, read_bytes(path))
    try:
        try:
            return LoadedYaml(_parse_plain(text), None, text)
        except (yaml.YAMLError, _NotPlain):  # anything unusual (or wrong) is read the general way
            data, lines, duplicates = _parse_general(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"{mark.line + 1}" if mark is not None else "?"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KnowledgeBaseError([f"{path}:{line}: invalid YAML: {problem}"]) from None
    if duplicates:
        raise KnowledgeBaseError([f"{path}:{d}" for d in duplicates])
    return LoadedYaml(data, lines, text)


def _parse_general(text: str) -> tuple[Any, dict[Path_, int], list[str]]:
    """PyYAML's own construction (every tag, anchor and merge key), the lines and the duplicate keys."""
    loader = _Loader(text)
    try:  # one parse: the nodes give the lines, the same nodes give the data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    duplicates: list[str] = []
    if node is not None:
        _index_lines(node, (), lines, duplicates)
    return data, lines, duplicates


class _NotPlain(Exception):
    """The document uses more than plain mappings, sequences and scalars, or repeats a key."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _parse_plain(text: str) -> Any:
    """The data `_parse_general` builds, for the documents plan files are: mappings and sequences
    (default tags, text keys, each once, no anchors) of scalars. One walk over the nodes builds
    the data (a thousand plans: 0.66 s -> 0.1 s); scalars other than text are still made by PyYAML.
    `_NotPlain` for anything else (then the general way reads the file, and finds its lines)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _PlainReader(loader, anchored="&" in text).walk(node)  # an alias needs an anchor, written '&'
    finally:
        loader.dispose()


class _PlainReader:
    """One document's walk (a class, not a closure: a recursive closure is a reference cycle, and
    with the collector paused each file's nodes would stay in memory until the end of the load)."""

    __slots__ = ("construct", "seen")

    def __init__(self, loader: Any, anchored: bool):
        self.construct = loader.construct_object
        self.seen: set[int] | None = set() if anchored else None

    def walk(self, node: yaml.Node) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:  # an alias: shared (or recursive) data is PyYAML's to build
                raise _NotPlain
            self.seen.add(id(node))
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else self.construct(node, deep=True)
        if kind is yaml.MappingNode and node.tag == _MAP:
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag != _STR:
                    raise _NotPlain  # merge keys, numbers or tagged keys
                key = key_node.value
                if key in out:
                    raise _NotPlain  # a duplicate key: reported with its line by the general way
                out[key] = self.walk(value_node)
            return out
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            return [self.walk(item) for item in node.value]
        raise _NotPlain


def _index_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int], duplicates: list[str]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            if key in seen:
                field = ".".join(str(p) for p in child)
                duplicates.append(f"{key_node.start_mark.line + 1}: {field}: duplicate key")
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _index_lines(value_node, child, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines, duplicates)


def line_of(lines: dict[Path_, int], loc: Iterable[str | int]) -> int | None:
    """The line of the deepest existing prefix of a pydantic error location."""
    path = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
    for end in range(len(path), -1, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return None


def validate_file(path: Path, model: type[BaseModel], loaded: LoadedYaml | None = None) -> Any:
    loaded = loaded or read_yaml(path)
    if not isinstance(loaded.data, dict):
        raise KnowledgeBaseError([f"{path}:1: the file must hold a mapping of fields"])
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = line_of(loaded.lines, loc)
            field = ".".join(str(p) for p in loc) or "(plan)"
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{path}:{line or '?'}: {field}: {message}")
        raise KnowledgeBaseError(problems) from None


def load_plan(path: Path, text: str | None = None) -> Plan:
    loaded = read_yaml(path, text)
    plan: Plan = validate_file(path, Plan, loaded)
    if plan.id != path.stem:
        line = loaded.lines.get(("id",), 1)
        raise KnowledgeBaseError([f"{path}:{line}: id: '{plan.id}' does not match the file name '{path.stem}'"])
    return plan


#: id(plan) -> (the plan, weakly; the digest of the file it was read from): see `source_digest`
_SOURCES: dict[int, tuple[weakref.ref[Plan], str]] = {}


def source_digest(plan: Plan) -> str | None:
    """The digest of the file name and bytes this very plan object was read from (through a
    `ParsedPlans` with a cache), else None (a plan from the database, a copy, one read without a
    cache). The plan is a function of those bytes and the code, so the digest stands for its content
    where a key is needed (the index's in the cache), without serialising the plan."""
    found = _SOURCES.get(id(plan))
    return found[1] if found is not None and found[0]() is plan else None


def _remember_source(plan: Plan, digest: str) -> None:
    key = id(plan)
    _SOURCES[key] = (weakref.ref(plan, lambda _ref: _SOURCES.pop(key, None)), digest)


class ParsedPlans:
    """The plans parsed by an earlier run (kept in a `DiskCache`), by file: a file whose name and
    bytes are the same is not parsed and validated again. `save()` stores what this run read."""

    NAME = "plans"

    def __init__(self, cache: DiskCache | None = None):
        self.cache = cache
        self._key = key_of((), code=__name__) if cache is not None else ""  # the parse: this module's code
        self._known: dict[str, Plan] = (cache.get(self.NAME, self._key) or {}) if cache is not None else {}
        if not isinstance(self._known, dict):
            self._known = {}
        self._used: dict[str, Plan] = {}
        self._changed = False

    def load(self, path: Path) -> Plan:
        """`load_plan(path)`, from the cache when the file is unchanged."""
        if self.cache is None:
            return load_plan(path)
        data = read_bytes(path)
        digest = hashlib.sha256(path.name.encode() + b"\0" + data).hexdigest()
        plan = self._known.get(digest)
        if not isinstance(plan, Plan):
            plan = load_plan(path, decode(path, data))
            self._changed = True
        self._used[digest] = plan
        _remember_source(plan, digest)
        return plan

    def save(self) -> None:
        """Store the plans read since this was made (when they differ from the stored ones)."""
        if self.cache is not None and (self._changed or self._used.keys() != self._known.keys()):
            self.cache.put(self.NAME, self._key, self._used)
            self._known, self._changed = dict(self._used), False


def load_plans(directory: Path = DEFAULT_PLANS_DIR, cache: DiskCache | None = None) -> list[Plan]:
    """Every `*.yaml` in the directory; all problems of all files are reported together.
    `cache`: files unchanged since an earlier run are taken from it (see `ParsedPlans`)."""
    with paused_gc():
        parsed = ParsedPlans(cache)
        plans = _load_plans(directory, parsed)
        parsed.save()
        return plans


def _load_plans(directory: Path, parsed: ParsedPlans) -> list[Plan]:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise KnowledgeBaseError([f"{directory}: no plan files (*.yaml) found"])
    plans: list[Plan] = []
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            plan = parsed.load(path)
        except KnowledgeBaseError as exc:
            problems.extend(exc.problems)
            continue
        if plan.id in seen:
            problems.append(f"{path}:1: id: duplicate plan id '{plan.id}' (also in {seen[plan.id]})")
            continue
        seen[plan.id] = path
        plans.append(plan)
    if problems:
        raise KnowledgeBaseError(problems)
    return plans
