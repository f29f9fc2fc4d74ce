"""Activity tables printed as text, one row per line with tab- or '|'-separated cells.

Plans put their schedules in tables ("STT | Ngày | Nội dung hoạt động | Địa điểm | Đơn vị chủ trì").
Each row becomes one list item that names its cells by the header ("- Ngày: 02/10/2026; Nội dung
hoạt động: Hội thảo “…”; Địa điểm: …"), on the row's own line, so a row is read like any other
sentence of the plan and traced to its printed line. The header row itself is left out (its words
are in every row); a table without a header keeps its cells in order.
"""

from __future__ import annotations

import re

_MIN_CELLS = 3
_NUMBER_COLUMN = re.compile(r"^(?:stt|tt|số\s*tt|số\s*thứ\s*tự|no\.?)$", re.IGNORECASE)
_DATA = re.compile(r"\d")


def cells_of(line: str) -> list[str] | None:
    """The cells of a table row ('1\t02/10/2026\tHội thảo …', '1 | 02/10/2026 | …'), else None."""
    if "\t" in line.strip():
        cells = re.split(r"\t+", line.strip())
    elif line.count("|") >= _MIN_CELLS - 1:
        cells = line.strip().strip("|").split("|")
    else:
        return None
    cells = [re.sub(r"\s+", " ", cell).strip() for cell in cells]
    return cells if sum(1 for c in cells if c) >= _MIN_CELLS else None


def render_tables(lines: list[str]) -> list[str]:
    """The same lines, each table row rewritten as a list item; the header row left empty."""
    out = list(lines)
    header: list[str] | None = None
    in_table = False
    for index, line in enumerate(lines):
        if not line.strip():
            continue  # blank lines between rows keep the table going
        cells = cells_of(line)
        if cells is None:
            header, in_table = None, False
            continue
        if not in_table and not any(_DATA.search(c) for c in cells):
            header, in_table = cells, True
            out[index] = ""
            continue
        in_table = True
        out[index] = _row(cells, header)
    return out


def _row(cells: list[str], header: list[str] | None) -> str:
    parts: list[str] = []
    for position, cell in enumerate(cells):
        name = header[position] if header and position < len(header) else ""
        if not cell or _NUMBER_COLUMN.match(name) or (not name and position == 0 and cell.isdigit()):
            continue
        cell = cell.rstrip(" .;")
        parts.append(f"{name}: {cell}" if name else cell)
    return "- " + "; ".join(parts) + "."
