"""Special sessions (chuyên đề): the dated talks, seminars and classes of the week, with their topics."""

from __future__ import annotations

import re

from bot.kb.importer.body_fields import pieces
from bot.kb.importer.evidence import Evidence
from bot.kb.importer.patterns import find_dates
from bot.kb.importer.structure import Layout

_SESSION = re.compile(
    r"^\s*(?:Ngày|Vào ngày)\s+(\S+?),?\s*(?:tổ chức\s+)?chuyên đề\s*:?\s*[“\"](.+?)[”“\"]"
    r"(?:\s*(?:với|có)\s+(\d[\d.]*)\s+([^\d\s][^,.;]*?)\s+tham gia)?",
    re.IGNORECASE,
)


def sessions_of(layout: Layout, year: int | None, evidence: Evidence) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for piece in pieces(layout.body()):
        match = _SESSION.match(piece.text)
        if not match:
            continue
        dates = find_dates(match.group(1), default_year=year)
        if not dates:
            continue
        path = f"special_sessions[{len(out)}]"
        item: dict[str, object] = {
            "date": evidence.add(f"{path}.date", dates[0].value, piece.line),
            "topic": evidence.add(f"{path}.topic", match.group(2).strip(), piece.line),
            "participants": None,
            "participants_kind": None,
        }
        if match.group(3):
            item["participants"] = evidence.add(
                f"{path}.participants", int(match.group(3).replace(".", "")), piece.line
            )
            item["participants_kind"] = evidence.add(f"{path}.participants_kind", match.group(4).strip(), piece.line)
        out.append(item)
    return out
