#!/usr/bin/env python3
"""Regenerate the PDF test documents (committed, so tests need neither fpdf2 nor a font).

    python tests/data/import/make_documents.py

`xa-tanphu-2026.pdf`: the commune's plan `xa-tanphu-2026.plan.txt` as a text PDF (wrapped lines, a page number in every
footer, two pages). `scan-no-text.pdf`: a "scanned" page, an image and no text layer.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

PLAN = (HERE / "xa-tanphu-2026.plan.txt").read_text(encoding="utf-8").strip()


class _Numbered(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", size=9)
        self.cell(0, 10, str(self.page_no()), align="C")


def text_pdf(path: Path) -> None:
    pdf = _Numbered(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=13)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for paragraph in PLAN.split("\n"):
        pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(path))


def scanned_pdf(path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_fill_color(235, 235, 235)
    pdf.rect(15, 15, 180, 260, style="F")
    for row in range(30):  # grey bars where a scan would have lines of text
        pdf.set_fill_color(90, 90, 90)
        pdf.rect(25, 25 + row * 8, 120 + (row * 7) % 40, 3, style="F")
    pdf.output(str(path))


if __name__ == "__main__":
    text_pdf(HERE / "xa-tanphu-2026.pdf")
    scanned_pdf(HERE / "scan-no-text.pdf")
    print("written:", HERE / "xa-tanphu-2026.pdf", HERE / "scan-no-text.pdf")
