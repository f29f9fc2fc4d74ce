#!/usr/bin/env python3
"""Regenerate the PDF test documents (committed, so tests need neither fpdf2 nor a font).

    python tests/data/import/make_documents.py

`xa-tanphu-2026.pdf`: a commune's plan as a text PDF (wrapped lines, a page number in every
footer, two pages). `scan-no-text.pdf`: a "scanned" page, an image and no text layer.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

PLAN = """ỦY BAN NHÂN DÂN
XÃ TÂN PHÚ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 78/KH-UBND
Tân Phú, ngày 22 tháng 9 năm 2026
KẾ HOẠCH
Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026
Thực hiện Công văn số 1520/SGDĐT-GDTX ngày 12/9/2026 của Sở Giáo dục và Đào tạo tỉnh Bình Phước về việc tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026, Ủy ban nhân dân xã Tân Phú xây dựng kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Lan tỏa tinh thần học tập suốt đời đến từng thôn, ấp; khuyến khích người dân học kỹ năng số để phát triển kinh tế hộ gia đình.
2. Yêu cầu
Tổ chức thiết thực, an toàn, tiết kiệm, phù hợp với điều kiện thực tế của địa phương.
II. NỘI DUNG
1. Chủ đề: “Học tập suốt đời vì một cộng đồng số nhân văn”.
2. Thời gian tổ chức: từ ngày 01/10/2026 đến ngày 07/10/2026.
3. Lễ khai mạc Tuần lễ được tổ chức lúc 14 giờ 00 ngày 01/10/2026 tại Hội trường Trung tâm học tập cộng đồng xã.
4. Các hoạt động
- Mở lớp bồi dưỡng kỹ năng sử dụng điện thoại thông minh cho hội viên Hội Người cao tuổi.
- Tổ chức ngày hội đọc sách tại các điểm trường và nhà văn hóa ấp.
- Tuyên truyền trên loa truyền thanh xã về chủ đề của Tuần lễ.
III. TỔ CHỨC THỰC HIỆN
1. Trung tâm học tập cộng đồng xã
- Chủ trì tổ chức Lễ khai mạc và các lớp bồi dưỡng trong Tuần lễ.
- Tổng hợp kết quả, báo cáo UBND xã trước ngày 12/10/2026.
2. Các trường Mầm non, Tiểu học, THCS trên địa bàn xã
- Tổ chức ngày hội đọc sách; gửi báo cáo kết quả về Trung tâm học tập cộng đồng xã trước ngày 09/10/2026.
Trên đây là Kế hoạch tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026 của Ủy ban nhân dân xã Tân Phú./.
Nơi nhận:
- Sở GD&ĐT (b/c);
- Các trường trên địa bàn;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Thị Lan"""


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
