"""The documents as a real office program renders and prints them (LibreOffice headless → PDF).

Skipped when LibreOffice or pdftotext is not installed (Debian: libreoffice-calc libreoffice-writer
poppler-utils). Checks what reading the cells back cannot: page counts, labels and their figures on
the same printed line, thousands separators as displayed, nothing cut off the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.summary_helpers import PLAN, add_submission, add_units, make_desk, vn

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice or pdftotext not installed")


def _to_pdf(path: Path) -> list[str]:
    """The pages' text (layout kept) of `path` converted by LibreOffice."""
    profile = path.parent / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(path.parent), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = path.with_suffix(".pdf")
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60).stdout
    return text.decode("utf-8").split("\f")[:-1]


@pytest.fixture
async def export(db, knowledge):
    await add_units(db, {"a": "Trường Tiểu học A", "b": "Trường THCS B", "c": "Trường Mầm non C"})
    figures = {"press_articles": 1000, "leaflets": 1500, "plan_issued": 1, "award_budget": 2_500_000}
    await add_submission(db, "a", figures, confirmed_at=vn(2025, 10, 6, 9, 30))
    await add_submission(db, "b", {"press_articles": 200, "plan_issued": 1}, confirmed_at=vn(2025, 10, 14, 9))
    desk = make_desk(db, knowledge)
    return await desk.export(PLAN)


async def test_the_report_prints_as_a_short_document_with_the_header_totals_and_signature(export, tmp_path):
    path = tmp_path / export.docx_name
    path.write_bytes(export.docx)
    pages = _to_pdf(path)
    assert 2 <= len(pages) <= 4
    first = pages[0]
    assert re.search(r"ỦY BAN NHÂN DÂN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", first)  # side by side
    assert re.search(r"Số:\s+/BC-UBND\s+Nam Triệu, ngày 17 tháng 10 năm 2025", first)
    assert "Tổ chức thực hiện Tuần lễ hưởng ứng học tập suốt đời năm 2025" in first
    text = "\n".join(pages)
    assert re.search(r"- Số bài viết trên các báo\s+1\.200 bài\s+2 đơn vị có số liệu", text)
    assert re.search(r"Tổng kinh phí khen thưởng\s+2\.500\.000 đồng", text)
    assert "Nguyễn Đức Dũng" in pages[-1] and "Nơi nhận:" in pages[-1]
    assert "2023" not in text


async def test_the_workbook_prints_with_each_label_beside_its_figure_and_the_summary_on_one_page(export, tmp_path):
    path = tmp_path / export.xlsx_name
    path.write_bytes(export.xlsx)
    pages = _to_pdf(path)
    summary = pages[0]
    for number in range(1, 9):  # the eight parts of the template's table fit on the first page
        assert re.search(rf"^\s*{number}\. \S", summary, re.MULTILINE), number
    # a label and its figure (with a thousands separator as displayed) on the same printed line
    assert re.search(r"Số bài viết trên các báo\s+1[.,]200\s+Đơn vị tính: bài", summary)
    assert re.search(r"Số lượng tờ rơi đã phát hành\s+1[.,]500", summary)
    assert re.search(r"Tổng kinh phí khen thưởng\s+2[.,]500[.,]000 đồng", summary)
    assert "Trang 1/" in summary  # page numbers
    # the matrix prints in slices of columns at a readable size, each page with the units' names
    matrix = [page for page in pages if "TỔNG CỘNG" in page]
    assert len(matrix) == 1 + -(-34 // 7)  # the status columns, then 7 figures a page
    assert all("Trường Tiểu học A" in page and "Tên đơn vị" in page for page in matrix)
    assert len(pages) <= 10  # one summary page, two unit sheets, the matrix
