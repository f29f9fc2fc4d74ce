"""Tables printed as text: one row per line with tab- or '|'-separated cells (a '| … |' row the page
wrapped is put together again), or columns aligned by spaces as PDF extraction lays a page out.

Plans put their schedules and reporting duties in tables ("STT | Ngày | Nội dung hoạt động | Địa điểm",
"Đơn vị | Nội dung | Thời hạn | Nơi nhận"). Each row becomes one list item that names its cells by the
header ("- Ngày: 02/10/2026; Nội dung hoạt động: Hội thảo “…”; Địa điểm: …"), on the row's own line, so
a row is read like any other sentence of the plan and traced to its printed line; the row also keeps
its column names (`cells()` reads the cells back, `column_kind()` says what a column holds), so a
ceremony, a session or a duty in a row takes its day, place, deadline or recipient from the right cell.
The header row itself is left out (its words are in every row; printed again on the next page, it is
left out again); a table without a header keeps its cells in order.
"""

from __future__ import annotations

import re

from bot.text import fold

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


_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?$")  # "|---|:---:|" under a header


def render_tables(lines: list[str]) -> tuple[list[str], dict[int, tuple[str, ...]]]:
    """The same lines, each table row rewritten as a list item; the header row (and a rule under it) left
    empty. A row the page wrapped ('1 | 02/10/2026 | Lớp “Kỹ năng số …” | Hội' / 'trường UBND phường |
    Phòng VH-XH', or a last word alone on the next line) is put together again on its first line. Also
    returns, for each row of a table with a header (by index), the names of the cells it prints, in order:
    `cells()` reads them back from the repaired line."""
    lines = _join_pipe_rows(_tab_rows_wrapped(_aligned_tables(lines)))
    out = list(lines)
    columns: dict[int, tuple[str, ...]] = {}
    header: list[str] | None = None
    in_table = False
    last: tuple[int, list[str]] | None = None  # the row before, which the next line may continue
    for index, line in enumerate(lines):
        if not line.strip():
            continue  # blank lines between rows keep the table going
        if in_table and _RULE.match(line.strip()):
            out[index] = ""
            continue
        cells = cells_of(line)
        if in_table and last is not None:
            rest = _continuation(line, cells, last[1], header)
            if rest is not None:
                merged = [*last[1][:-1], f"{last[1][-1]} {rest[0]}".strip(), *rest[1:]]
                out[last[0]], out[index] = _row(merged, header), ""
                columns[last[0]] = _names(merged, header)
                last = (last[0], merged)
                continue
        if cells is None:
            header, in_table, last = None, False, None
            continue
        if in_table and header is not None and [fold(c) for c in cells] == [fold(h) for h in header]:
            out[index], last = "", None  # the header printed again at the top of the next page
            continue
        if not in_table and not any(_DATA.search(c) for c in cells):
            header, in_table, last = cells, True, None
            out[index] = ""
            continue
        in_table = True
        out[index] = _row(cells, header)
        columns[index] = _names(cells, header)
        last = (index, cells)
    return out, {i: names for i, names in columns.items() if names}


# How the columns of a plan's tables are headed, for a table printed with spaces between its columns.
_COLUMN_WORD = re.compile(
    r"^(?:stt|tt|ngày|thời gian|thời hạn|nội dung|địa điểm|đơn vị|nơi nhận|hoạt động|phụ trách|chủ trì|"
    r"thành phần|đối tượng|ghi chú|buổi|giờ|người thực hiện|lực lượng)",
    re.IGNORECASE,
)
_CHUNK = re.compile(r"\S+(?: \S+)*")  # words one space apart; two spaces or more part the columns


def _chunks(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _CHUNK.finditer(line.expandtabs(8))]


def _aligned_tables(lines: list[str]) -> list[str]:
    """A table printed with its columns aligned by spaces (as PDF extraction lays a page out): its header
    ("Ngày        Thời gian     Nội dung hoạt động      Địa điểm") gives where each column starts, a row begins
    with its number (or fills its first column and another), the lines below it add to its cells, column
    by column; each row becomes one tab-separated line, so it is read like any other table."""
    out = list(lines)
    index = 0
    while index < len(out):
        header = _chunks(out[index])
        if (
            "\t" in out[index]
            or "|" in out[index]
            or len(header) < 3
            or any(_DATA.search(text) or len(text) > 40 for _, text in header)
            or sum(bool(_COLUMN_WORD.match(text)) for _, text in header) < 2
        ):
            index += 1
            continue
        index = _read_aligned(out, index, header)
    return out


def _read_aligned(out: list[str], at: int, header: list[tuple[int, str]]) -> int:
    """Rewrite the aligned table whose header is line `at`; the index of the first line after it."""
    starts = [start for start, _ in header]
    numbered = bool(_NUMBER_COLUMN.match(header[0][1]))
    rows: list[tuple[int, list[list[str]]]] = []
    index = at + 1
    while index < len(out):
        line = out[index]
        if not line.strip():
            index += 1
            continue
        placed = _place(_chunks(line), starts)
        if placed is None:
            break
        filled = [position for position, _ in placed]
        first = dict(placed).get(0, "")
        starts_row = first.isdigit() if numbered else (0 in filled and len(set(filled)) >= 2)
        if starts_row:
            rows.append((index, [[] for _ in starts]))
        elif not rows:
            return at + 1  # no row right below the header: no table
        for position, text in placed:
            rows[-1][1][position].append(text)
        if rows[-1][0] != index:
            out[index] = ""
        index += 1
    if not rows:
        return at + 1
    out[at] = "\t".join(text for _, text in header)
    for row_at, cells in rows:
        out[row_at] = "\t".join(" ".join(parts) for parts in cells)
    return index


def _tab_rows_wrapped(lines: list[str]) -> list[str]:
    """A numbered tab table whose cells the page wrapped: a line with an empty number cell ('\tTHCS trên địa
    bàn\tbáo cáo kết quả …\tTrước ngày') adds each of its cells to the same column of the row above, so no
    cell lands in the wrong column. When the row above already ends with a date and the line gives a date of
    its own in the last column, the line is a row of its own under the same number and unit (a merged cell):
    its empty leading cells are those of the row above."""
    out = list(lines)
    index = 0
    while index < len(out):
        header = out[index].strip(" ").split("\t")
        if (
            len(header) < 3
            or not all(h.strip() for h in header)
            or any(_DATA.search(h) for h in header)
            or not _NUMBER_COLUMN.match(header[0].strip())
        ):
            index += 1
            continue
        rows: list[tuple[int, list[str]]] = []
        at = index + 1
        while at < len(out) and out[at].strip():
            fields = [f.strip() for f in out[at].strip(" ").split("\t")]
            if len(fields) > len(header) or "\t" not in out[at]:
                break
            fields += [""] * (len(header) - len(fields))
            if fields[0].isdigit():
                rows.append((at, fields))
            elif not fields[0] and rows:
                row = rows[-1][1]
                if _date_like(row[-1]) and _date_like(fields[-1]):
                    lead = next(i for i, f in enumerate(fields) if f)
                    rows.append((at, row[:lead] + fields[lead:]))
                else:
                    for column, text in enumerate(fields):
                        row[column] = f"{row[column]} {text}".strip()
                    out[at] = ""
            else:
                break
            at += 1
        for row_at, cells in rows:
            out[row_at] = "\t".join(cells)
        index = max(at, index + 1)
    return out


_DATE_LIKE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?\b")


def _date_like(text: str) -> bool:
    return bool(_DATE_LIKE.search(text))


def _place(chunks: list[tuple[int, str]], starts: list[int]) -> list[tuple[int, str]] | None:
    """(column, text) of each piece of a line, or None when a piece stands in no column (the table is over)."""
    placed: list[tuple[int, str]] = []
    for start, text in chunks:
        column = max((i for i, s in enumerate(starts) if s <= start + 3), default=None)
        if column is None or abs(starts[column] - start) > 3:
            return None
        if column + 1 < len(starts) and start + len(text) > starts[column + 1] + 1:
            return None  # it runs over the next column: a paragraph, not a cell
        placed.append((column, text))
    return placed


def _join_pipe_rows(lines: list[str]) -> list[str]:
    """A '| … |' row the page wrapped ('| Hội Khuyến học xã | Báo cáo kết quả' / 'năm 2026 | Trước ngày' /
    '05/11/2026 | Hội Khuyến học tỉnh |') put together on its first line: it starts with '|' and goes on
    until a line ends with one (after a table's header of that kind)."""
    out = list(lines)
    in_table = False
    index = 0
    while index < len(out):
        text = out[index].strip()
        if text.startswith("|") and text.endswith("|") and text.count("|") >= 3:
            in_table = True
        elif not text.startswith("|") and text:
            in_table = False
        if in_table and text.startswith("|") and not text.endswith("|"):
            joined, end = text, index + 1
            while end < len(out) and end <= index + 12:
                more = out[end].strip()
                if more.startswith("|"):
                    break
                if more:
                    joined = f"{joined} {more}"
                    out[end] = ""
                end += 1
                if joined.endswith("|"):
                    break
            out[index] = joined
            index = end
            continue
        index += 1
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


def _printed(cells: list[str], header: list[str] | None) -> list[tuple[str, str]]:
    """(header name, cell) of the cells a row prints: no empty cell, no row number."""
    out: list[tuple[str, str]] = []
    for position, cell in enumerate(cells):
        name = header[position] if header and position < len(header) else ""
        if not cell or _NUMBER_COLUMN.match(name) or (not name and position == 0 and cell.isdigit()):
            continue
        out.append((name, cell.rstrip(" .;")))
    return out


def _row(cells: list[str], header: list[str] | None) -> str:
    return "- " + "; ".join(f"{name}: {cell}" if name else cell for name, cell in _printed(cells, header)) + "."


def _names(cells: list[str], header: list[str] | None) -> tuple[str, ...]:
    printed = _printed(cells, header)
    return tuple(name for name, _ in printed) if header and all(name for name, _ in printed) else ()


def cells(text: str, names: tuple[str, ...]) -> list[tuple[str, str]] | None:
    """A rendered row's cells ('- Ngày: 02/10/2026; Nội dung: Hội thảo “…”.'), by the names it was printed with."""
    if not names:
        return None
    body = re.sub(r"^\s*-\s*", "", text).rstrip()
    body = body[:-1] if body.endswith(".") else body
    out: list[tuple[str, str]] = []
    position = 0
    for index, name in enumerate(names):
        if not body.startswith(f"{name}: ", position):
            return None
        start = position + len(name) + 2
        if index + 1 < len(names):
            end = body.find(f"; {names[index + 1]}: ", start)
            if end < 0:
                return None
            position = end + 2
        else:
            end = len(body)
        out.append((name, body[start:end].strip()))
    return out


# What a column holds, by its header's first words (folded): a schedule's "Ngày" / "Thời gian" / "Địa điểm" /
# "Nội dung", a reporting table's "Đơn vị" / "Nội dung" / "Thời hạn" / "Nơi nhận".
_COLUMN_KINDS = [
    ("to", r"noi nhan|noi gui|gui ve|gui den|don vi nhan|co quan nhan|don vi tiep nhan"),
    ("deadline", r"thoi han|han nop|han gui|han bao cao|han chot|han\b"),
    ("when", r"ngay|thoi gian|thoi diem|buoi|gio\b|lich"),
    ("place", r"dia diem|noi to chuc"),
    ("from", r"don vi|co quan|bo phan|doi tuong bao cao|nguoi bao cao|ca nhan"),
    ("content", r"noi dung|hoat dong|ten hoat dong|chuong trinh|cong viec"),
]


def column_kind(name: str) -> str | None:
    """'when', 'deadline', 'place', 'from', 'to' or 'content' for a column's header, else None
    ("Đơn vị phối hợp", "Phụ trách" and the like name no sender)."""
    folded = fold(name).strip(" .:")
    if re.match(r"^(?:don vi|co quan|bo phan)\s+(?:phoi hop|chu tri|thuc hien phoi hop)", folded):
        return None
    for kind, words in _COLUMN_KINDS:
        if re.match(rf"^(?:{words})", folded):
            return kind
    return None


def cells_of_kind(row: tuple[tuple[str, str], ...], kind: str) -> list[str]:
    return [cell for name, cell in row if column_kind(name) == kind]
