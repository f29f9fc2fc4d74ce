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


def cells_of(line: str, least: int = _MIN_CELLS) -> list[str] | None:
    """The cells of a table row ('1\t02/10/2026\tHội thảo …', '1 | 02/10/2026 | …'), else None."""
    if "\t" in line.strip():
        cells = re.split(r"\t+", line.strip())
    elif line.count("|") >= max(1, least - 1):
        cells = line.strip().strip("|").split("|")
    else:
        return None
    cells = [re.sub(r"\s+", " ", cell).strip() for cell in cells]
    return cells if sum(1 for c in cells if c) >= least else None


def render_tables(lines: list[str]) -> list[str]:
    """The same lines, each table row rewritten as a list item; the header row left empty. A row the page
    wrapped ('1 | 02/10/2026 | Lớp “Kỹ năng số …” | Hội' / 'trường UBND phường | Phòng VH-XH', or a last
    word alone on the next line) is put together again on its first line."""
    out = list(lines)
    header: list[str] | None = None
    in_table = False
    last: tuple[int, list[str]] | None = None  # the row before, which the next line may continue
    for index, line in enumerate(lines):
        if not line.strip():
            continue  # blank lines between rows keep the table going
        cells = cells_of(line)
        if in_table and last is not None:
            rest = _continuation(line, cells, last[1], header)
            if rest is not None:
                merged = [*last[1][:-1], f"{last[1][-1]} {rest[0]}".strip(), *rest[1:]]
                out[last[0]], out[index] = _row(merged, header), ""
                last = (last[0], merged)
                continue
        if cells is None:
            header, in_table, last = None, False, None
            continue
        if not in_table and not any(_DATA.search(c) for c in cells):
            header, in_table, last = cells, True, None
            out[index] = ""
            continue
        in_table = True
        out[index] = _row(cells, header)
        last = (index, cells)
    return out


def _continuation(line: str, cells: list[str] | None, row: list[str], header: list[str] | None) -> list[str] | None:
    """The cells `line` adds to the unfinished `row` before it, or None when it starts a row (or ends the table)."""
    rest = cells_of(line, least=1)
    if rest is None:  # no separator: the end of the row's last cell ("phường"), in lower case
        return [line.strip()] if line.strip()[:1].islower() and len(line.strip()) <= 60 else None
    if rest[0][:1].isdigit() or not header:
        return None  # "2 | 03/10/2026 | …": the next row
    if len(row) + len(rest) - 1 > len(header):
        return None
    return rest if cells is None or len(row) < len(header) else None


def _row(cells: list[str], header: list[str] | None) -> str:
    parts: list[str] = []
    for position, cell in enumerate(cells):
        name = header[position] if header and position < len(header) else ""
        if not cell or _NUMBER_COLUMN.match(name) or (not name and position == 0 and cell.isdigit()):
            continue
        cell = cell.rstrip(" .;")
        parts.append(f"{name}: {cell}" if name else cell)
    return "- " + "; ".join(parts) + "."
