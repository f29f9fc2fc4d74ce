"""Drafting plans in layouts the five source plans do not have: a ward, a school, a district
(PDF damage, page numbers), a commune as .docx and as a text PDF. Nothing is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.kb.importer.draft import draft_plan
from bot.kb.importer.reading import DocumentError, read_document

DATA = Path(__file__).resolve().parent / "data" / "import"
D = dt.date


def _draft(name: str):
    return draft_plan(read_document(DATA / name), source_file="x.txt")


def _unit(data, unit_id):
    return next(u["name"] for u in data["units"] if u["id"] == unit_id)


def _duties(data):
    return {
        (_unit(data, d["from"]), tuple(_unit(data, t) for t in d["to"]), d["deadline"] or d["deadline_text"])
        for d in data["reporting"]
    }


def test_ward_plan_with_header_block_and_dash_numbering():
    draft = _draft("phuong-tanmai-2026.txt")
    data = draft.data
    assert draft.valid, draft.problems
    assert data["locality"] | {"aliases": []} == {
        "name": "Tân Mai",
        "level": "phường",
        "province": "Hà Nội",
        "aliases": [],
    }
    assert data["year"] == 2026 and _unit(data, data["issuer"]) == "Ủy ban nhân dân phường Tân Mai"
    document = data["document"]
    assert document["number"] == "45/KH-UBND" and document["date"] == D(2026, 9, 20)
    assert document["signer"] == {"name": "Trần Văn Bình", "title": "Chủ tịch", "on_behalf_of": "TM. Ủy ban nhân dân"}
    assert document["recipients"] == ["UBND thành phố (để b/c)", "Các trường trên địa bàn", "Lưu: VT"]
    assert data["theme"] == "Học tập suốt đời - chìa khóa của chuyển đổi số trong cộng đồng"
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 2), D(2026, 10, 8))
    opening = data["opening"]
    assert (opening["date"], opening["time"], opening["venue"]) == (
        D(2026, 10, 2),
        "07:30",
        "Hội trường UBND phường Tân Mai",
    )
    assert [(b["number"], b["date"]) for b in data["based_on"]] == [("210/KH-UBND", D(2026, 9, 5))]
    assert _duties(data) == {
        ("Phòng Văn hóa - Xã hội phường", ("UBND thành phố Hà Nội",), D(2026, 10, 15)),
        (
            "Các trường Mầm non, Tiểu học, THCS trên địa bàn phường",
            ("Ủy ban nhân dân phường Tân Mai",),
            D(2026, 10, 10),
        ),
    }
    assert data["budget"] and "ngân sách phường" in data["budget"][0]["text"]
    assert data["closing"] is None and data["special_sessions"] == []  # not in the plan: not invented


def test_school_plan_with_letter_items_and_a_start_date_without_year():
    data = _draft("thcs-leloi-2026.txt").data
    assert _unit(data, data["issuer"]) == "Trường THCS Lê Lợi"
    assert data["locality"]["province"] == "Đồng Nai" and data["locality"]["name"] == "Xuân Lộc"
    assert data["document"]["title"] == "Hưởng ứng Tuần lễ học tập suốt đời năm 2026"
    assert data["theme"] == "Tự học để vươn xa"
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 1), D(2026, 10, 7))
    assert (data["opening"]["date"], data["opening"]["time"], data["opening"]["venue"]) == (
        D(2026, 10, 5),
        "07:00",
        "sân trường",
    )
    assert _duties(data) == {("Các tổ chuyên môn", ("Ban giám hiệu",), D(2026, 10, 9))}
    assert data["document"]["signer"] == {"name": "Lê Thị Mai Anh", "title": "Hiệu trưởng", "on_behalf_of": None}
    assert data["document"]["place_date_line"] == "Xuân Lộc, ngày 25 tháng 9 năm 2026"


def test_district_plan_broken_into_visual_lines_with_pdf_damage_and_page_numbers():
    draft = _draft("huyen-quynhluu-2024.txt")
    data = draft.data
    assert data["locality"] | {"aliases": []} == {
        "name": "Quỳnh Lưu",
        "level": "huyện",
        "province": "Nghệ An",
        "aliases": [],
    }
    assert [(b["number"], b["date"], b["issuer"]) for b in data["based_on"]] == [
        ("1373/QĐ-TTg", D(2021, 7, 30), "Thủ tướng Chính phủ"),
        ("2234/SGDĐT-GDTX", D(2024, 9, 15), "Sở Giáo dục và Đào tạo tỉnh Nghệ An"),
    ]
    objectives = " ".join(o["text"] for o in data["objectives"])
    assert "về hình thức học tập trực tuyến, giúp mọi người tìm hiểu và sử dụng các chương trình học tập" in objectives
    assert [(g.line, g.text) for g in draft.repaired.unrepaired] == [(23, "g n")]  # "gắn"/"gần": left to check
    statements = [s["text"] for k in ("objectives", "extra_facts") for s in data[k]]
    assert not any(text.strip() in ("2", "- 3 -") or " - 3 - " in text for text in statements)
    assert data["theme"] == "Học tập suốt đời để thích ứng với thế giới đang đổi thay"
    assert _duties(data) == {
        (
            "Phòng Giáo dục và Đào tạo",
            ("Ủy ban nhân dân huyện Quỳnh Lưu", "Sở Giáo dục và Đào tạo tỉnh Nghệ An"),
            D(2024, 10, 14),
        ),
        ("Ủy ban nhân dân các xã, thị trấn", ("Phòng Giáo dục và Đào tạo",), D(2024, 10, 10)),
    }
    assert next(d for d in data["reporting"] if d["deadline"] == D(2024, 10, 10))["channel"] == (
        "pgdquynhluu@example.edu.vn"
    )
    assert data["document"]["signer"]["title"] == "KT. Chủ tịch - Phó Chủ tịch"
    assert data["document"]["number"] is None and data["document"]["place_date_line"] is None
    assert data["opening"] is None


def _commune_facts(data):
    return {
        "locality": (data["locality"]["name"], data["locality"]["level"], data["locality"]["province"]),
        "issuer": _unit(data, data["issuer"]),
        "number": data["document"]["number"],
        "date": data["document"]["date"],
        "theme": data["theme"],
        "period": (data["period"]["start"], data["period"]["end"]),
        "opening": (data["opening"]["date"], data["opening"]["time"], data["opening"]["venue"]),
        "signer": data["document"]["signer"]["name"],
        "duties": _duties(data),
    }


TANPHU = {
    "locality": ("Tân Phú", "xã", "Bình Phước"),
    "issuer": "Ủy ban nhân dân xã Tân Phú",
    "number": "78/KH-UBND",
    "date": D(2026, 9, 22),
    "theme": "Học tập suốt đời vì một cộng đồng số nhân văn",
    "period": (D(2026, 10, 1), D(2026, 10, 7)),
    "opening": (D(2026, 10, 1), "14:00", "Hội trường Trung tâm học tập cộng đồng xã"),
    "signer": "Nguyễn Thị Lan",
    "duties": {
        ("Trung tâm học tập cộng đồng xã", ("Ủy ban nhân dân xã Tân Phú",), D(2026, 10, 12)),
        ("Các trường Mầm non, Tiểu học, THCS trên địa bàn xã", ("Trung tâm học tập cộng đồng xã",), D(2026, 10, 9)),
    },
}


def test_text_pdf_with_wrapped_lines_and_page_numbers():
    draft = _draft("xa-tanphu-2026.pdf")
    assert draft.valid, draft.problems
    assert _commune_facts(draft.data) == TANPHU


def test_word_document_with_the_usual_header_table(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ\n\nSố: 78/KH-UBND"
    table.cell(
        0, 1
    ).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTân Phú, ngày 22 tháng 9 năm 2026"
    plan = (DATA / "xa-tanphu-2026.plan.txt").read_text(encoding="utf-8")  # the plan of the PDF
    body = plan.split("Tân Phú, ngày 22 tháng 9 năm 2026\n", 1)[1]  # its header goes into the table
    for paragraph in body.strip().split("\n"):
        document.add_paragraph(paragraph)
    path = tmp_path / "ke-hoach.docx"
    document.save(str(path))
    draft = draft_plan(read_document(path), source_file="x.txt")
    assert draft.valid, draft.problems
    assert _commune_facts(draft.data) == TANPHU


def test_two_different_opening_dates_leave_the_date_empty_with_a_note():
    text = (
        (DATA / "phuong-tanmai-2026.txt")
        .read_text(encoding="utf-8")
        .replace(
            "- Chủ trì tham mưu tổ chức Lễ khai mạc và các hoạt động của Tuần lễ.",
            "- Chủ trì tổ chức Lễ khai mạc vào ngày 03/10/2026.",
        )
    )
    draft = draft_plan(text, source_file="x.txt")
    assert draft.data["opening"]["date"] is None
    assert any("nhiều ngày" in note for _, note in draft.evidence.warnings)


def test_scanned_pdf_empty_file_and_other_documents_are_refused(tmp_path):
    with pytest.raises(DocumentError) as scanned:
        read_document(DATA / "scan-no-text.pdf")
    assert scanned.value.reason == "scanned"
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(DocumentError) as nothing:
        read_document(empty)
    assert nothing.value.reason == "empty"
    with pytest.raises(DocumentError) as notice:
        draft_plan(read_document(DATA / "thong-bao.txt"))
    assert notice.value.reason == "not_plan"
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(DocumentError) as unreadable:
        read_document(broken)
    assert unreadable.value.reason == "unreadable"
    with pytest.raises(DocumentError) as other:
        read_document(tmp_path / "plan.odt")
    assert other.value.reason == "unsupported"


def test_every_extracted_value_names_its_source_line():
    draft = _draft("phuong-tanmai-2026.txt")
    lines = (DATA / "phuong-tanmai-2026.txt").read_text(encoding="utf-8").splitlines()
    by_field = {f.field: f for f in draft.evidence.found}
    assert "45/KH-UBND" in lines[by_field["document.number"].line - 1]
    assert "Chủ đề" in lines[by_field["theme"].line - 1]
    assert "7 giờ 30" in lines[by_field["opening.time"].line - 1]
    deadline = next(f for f in draft.evidence.found if f.field.endswith(".deadline") and f.value == D(2026, 10, 10))
    assert "10/10/2026" in lines[deadline.line - 1]


def test_education_office_plan_with_lettered_parts_and_two_columns_on_one_line():
    draft = _draft("pgd-hamthuanbac-2026.txt")
    data = draft.data
    assert draft.valid, draft.problems
    assert (data["locality"]["name"], data["locality"]["level"], data["locality"]["province"]) == (
        "Hàm Thuận Bắc",
        "huyện",
        "Bình Thuận",
    )
    assert _unit(data, data["issuer"]) == "Phòng Giáo dục và Đào tạo"  # the header's second line, not the UBND
    assert data["document"]["number"] == "356/KH-PGDĐT" and data["document"]["date"] == D(2026, 9, 24)
    assert data["theme"] == "Mỗi ngày một trang sách, mỗi người một kỹ năng số"
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 1), D(2026, 10, 7))
    assert (data["opening"]["date"], data["opening"]["time"], data["opening"]["venue"]) == (
        D(2026, 10, 1),
        "07:00",
        "Sân trường của từng đơn vị",
    )
    assert _duties(data) == {
        ("Các trường Mầm non, Tiểu học, THCS", ("Phòng Giáo dục và Đào tạo",), D(2026, 10, 12)),
        ("Bộ phận Giáo dục thường xuyên", ("Sở Giáo dục và Đào tạo tỉnh Bình Thuận",), D(2026, 10, 16)),
    }
    assert data["document"]["signer"] == {
        "name": "Võ Thị Thu Hà",
        "title": "KT. Trưởng phòng - Phó Trưởng phòng",
        "on_behalf_of": None,
    }
    assert [s.label for s in draft.layout.sections] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]
    assert not next(u for u in data["units"] if u["name"] == "Bộ phận Giáo dục thường xuyên").get("external")


def test_header_columns_printed_side_by_side_on_one_line():
    text = (DATA / "phuong-tanmai-2026.txt").read_text(encoding="utf-8")
    text = text.replace(
        "ỦY BAN NHÂN DÂN\nPHƯỜNG TÂN MAI\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 45/KH-UBND\n\nTân Mai, ngày 20 tháng 9 năm 2026\n",
        "ỦY BAN NHÂN DÂN       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHƯỜNG TÂN MAI     Độc lập - Tự do - Hạnh phúc\n"
        "Số: 45/KH-UBND        Tân Mai, ngày 20 tháng 9 năm 2026\n",
    )
    data = draft_plan(text, source_file="x.txt").data
    assert _unit(data, data["issuer"]) == "Ủy ban nhân dân phường Tân Mai"
    assert data["document"]["number"] == "45/KH-UBND" and data["document"]["date"] == D(2026, 9, 20)
    assert data["locality"]["name"] == "Tân Mai"


@pytest.mark.parametrize(
    "name",
    [
        "phuong-tanmai-2026.txt",
        "thcs-leloi-2026.txt",
        "huyen-quynhluu-2024.txt",
        "pgd-hamthuanbac-2026.txt",
        "xa-tanphu-2026.pdf",
    ],
)
def test_every_statement_is_the_documents_own_words(name):
    import re

    from rapidfuzz import fuzz

    from bot.text import fold

    draft = _draft(name)
    source = re.sub(r"\s+", " ", fold(" ".join(line.text for line in draft.repaired.lines)))
    data = draft.data
    texts = [
        s["text"]
        for key in ("objectives", "requirements", "activities", "participants", "budget", "extra_facts")
        for s in data[key]
    ]
    texts += [t["text"] for r in data["responsibilities"] for t in r["tasks"]] + [r["text"] for r in data["reporting"]]
    texts += [data["theme"], data["document"]["title"]]
    assert len(texts) > 8
    for text in texts:
        assert fuzz.partial_ratio(re.sub(r"\s+", " ", fold(text)), source) >= 95, text


def test_a_conditional_duty_of_the_units_the_closing_paragraph_addresses():
    text = (
        (DATA / "phuong-tanmai-2026.txt")
        .read_text(encoding="utf-8")
        .replace(
            "Trên đây là Kế hoạch tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026 của UBND phường Tân Mai./.",
            "UBND phường yêu cầu Hội Khuyến học phường, các trường Mầm non, Tiểu học, THCS nghiêm túc triển khai "
            "thực hiện. Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị báo cáo về UBND phường (qua Phòng "
            "Văn hóa - Xã hội) để được hướng dẫn./.",
        )
    )
    data = draft_plan(text, source_file="x.txt").data
    conditional = {d for d in _duties(data) if isinstance(d[2], str)}
    assert conditional == {
        ("Hội Khuyến học phường", ("Ủy ban nhân dân phường Tân Mai",), "trong quá trình thực hiện, nếu có vướng mắc"),
        (
            "Các trường Mầm non, Tiểu học, THCS trên địa bàn phường",
            ("Ủy ban nhân dân phường Tân Mai",),
            "trong quá trình thực hiện, nếu có vướng mắc",
        ),
    }
