"""Answers as Telegram HTML: everything we did not write is escaped; long text is split
at line boundaries so no message exceeds Telegram's 4,096 characters."""

from __future__ import annotations

import html

TELEGRAM_LIMIT = 4096

SOURCE_PREFIX = "Nguồn:"


def answer_html(text: str) -> str:
    """Escape the whole answer, then mark up the lines we composed ourselves."""
    lines = []
    for line in text.split("\n"):
        escaped = html.escape(line, quote=False)
        if line.startswith(SOURCE_PREFIX):
            escaped = f"<i>{escaped}</i>"
        lines.append(escaped)
    return "\n".join(lines)


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split escaped HTML at line boundaries into chunks of at most `limit` characters.

    Tags we add never span lines, so a chunk never cuts inside a tag; a single line
    longer than the limit is cut at a space (or hard) after closing its tags."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _cut_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    chunks.append(current)
                current = piece
    if current.strip():
        chunks.append(current)
    return chunks or [""]


def _cut_line(line: str, limit: int) -> list[str]:
    if len(line) <= limit:
        return [line]
    open_tag, close_tag = "", ""
    if line.startswith("<i>") and line.endswith("</i>"):
        open_tag, close_tag, line = "<i>", "</i>", line[3:-4]
    room = limit - len(open_tag) - len(close_tag)
    pieces = []
    while line:
        if len(line) <= room:
            cut = len(line)
        else:
            cut = line.rfind(" ", 0, room)
            if cut <= room // 2:
                cut = room
            # never cut inside an HTML entity such as &amp;
            amp = line.rfind("&", 0, cut)
            if amp != -1 and ";" not in line[amp:cut]:
                cut = amp
        pieces.append(f"{open_tag}{line[:cut]}{close_tag}")
        line = line[cut:].lstrip(" ")
    return pieces
