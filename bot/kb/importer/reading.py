"""Read a plan document (.txt, .docx, text .pdf) into plain text, one printed line per line.

python-docx gives the paragraphs (and table cells) of a Word file; pypdf gives the text
layer of a PDF. A PDF without a text layer (a scan) is refused with a clear reason rather
than drafted from nothing.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

SUPPORTED = (".txt", ".docx", ".pdf")
MAX_BYTES = 20 * 1024 * 1024


class DocumentError(Exception):
    """The document cannot be drafted from; `str()` is one line for the operator (English),
    `reason` a key of `bot.messages.importer.REASONS` for a chat reply."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def read_document(path: Path) -> str:
    """The document's text; raises DocumentError for unreadable, unsupported or text-less files."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError("unsupported", f"{path}: unsupported file type '{suffix}' (use .txt, .docx or .pdf)")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError("unreadable", f"{path}: cannot read the file ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise DocumentError(
            "too_large", f"{path}: the file is {size // 1024} KB, over the {MAX_BYTES // 1024} KB limit"
        )
    if suffix == ".txt":
        text = _read_txt(path)
    elif suffix == ".docx":
        text = _read_docx(path)
    else:
        text = _read_pdf(path)
    if not any(c.isalnum() for c in text):
        if suffix == ".pdf":
            raise DocumentError(
                "scanned", f"{path}: the PDF has no text layer (a scanned image?); OCR it or send the .docx instead"
            )
        raise DocumentError("empty", f"{path}: the document has no text")
    return text


def _read_txt(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            break
        return text
    raise DocumentError("unreadable", f"{path}: the text file is not UTF-8 (save it as UTF-8 and try again)")


def _read_docx(path: Path) -> str:
    import docx  # python-docx; imported here so the bot starts without loading it
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError("unreadable", f"{path}: not a readable Word (.docx) file ({exc})") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(_paragraph_text(block).split("\n"))
        elif tag == "tbl":
            lines.extend(_table_lines(block))
    return "\n".join(lines)


def _paragraph_text(element: object) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(element, None).text  # type: ignore[arg-type]


def _table_lines(element: object) -> list[str]:
    """A layout table (issuer | motto, Nơi nhận | signature) column by column, as the page prints it;
    a table of data (a schedule: STT | Ngày | Nội dung | …) row by row, its cells separated by tabs."""
    from docx.table import Table

    table = Table(element, None)  # type: ignore[arg-type]
    rows: list[list[list[str]]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[list[str]] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats
                continue
            seen.add(id(cell._tc))
            cells.append([p.text for p in cell.paragraphs])
        rows.append(cells)
    if _is_layout_table(rows):
        columns: list[list[str]] = []
        for cells in rows:
            for index, paragraphs in enumerate(cells):
                while len(columns) <= index:
                    columns.append([])
                columns[index].extend(paragraphs)
        lines: list[str] = []
        for column in columns:
            lines.extend(column)
            lines.append("")
        return lines
    return ["\t".join(" ".join(t.strip() for t in paragraphs if t.strip()) for paragraphs in cells) for cells in rows]


# What only the page's frame puts in a table: the motto, "Số:", "Nơi nhận:" (a reporting table's column
# "Nơi nhận" has no colon), the signature's "TM."/"KT.".
_LAYOUT_WORDS = re.compile(r"CỘNG H(?:ÒA|OÀ)|Độc lập|^\s*Số\s*:|^\s*Nơi nhận\s*:|^\s*(?:TM|KT)\.", re.MULTILINE)


def _is_layout_table(rows: list[list[list[str]]]) -> bool:
    text = "\n".join(t for cells in rows for paragraphs in cells for t in paragraphs)
    widest = max((len(cells) for cells in rows), default=0)
    return bool(_LAYOUT_WORDS.search(text)) or widest < 3 or len(rows) < 2


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError("unreadable", f"{path}: not a readable PDF ({exc})") from None
    return "\n".join(pages)
