"""Texts of the officials' documents: the .docx report, the workbook, the chart, report statuses.

Plain text (not HTML) unless a name ends in `_HTML`: the documents are not Telegram messages.
Placeholders are filled with `str.format`; values inserted come from the plan or the data.
"""

from __future__ import annotations

# --- report statuses (one per unit) ---------------------------------------------------------------
#: status key -> label; "incomplete" takes {missing} (number of questions without a figure)
STATUS_LABELS: dict[str, str] = {
    "missing": "chưa nộp",
    "draft": "đang nhập",
    "complete": "đã nộp (đủ)",
    "incomplete": "đã nộp (thiếu {missing} câu)",
    "returned": "trả lại",
    "accepted": "đã duyệt",
}
#: the same, counted: "7 đủ, 2 thiếu số liệu, 1 trả lại ..."
STATUS_COUNT_LABELS: dict[str, str] = {
    "complete": "{count} đủ",
    "incomplete": "{count} thiếu số liệu",
    "accepted": "{count} đã duyệt",
    "returned": "{count} bị trả lại",
    "draft": "{count} đang nhập",
}
#: a confirmed report's completeness with the official's review beside it
STATUS_WITH_REVIEW = "{status}, {review}"
#: the review clause of a count of statuses (the reviewed reports are among the counted ones)
STATUS_REVIEWED = "đã xem xét: {parts}"
SUMMARY_STATUS_LINE_HTML = "Trong đó: {parts}."

# --- the .docx report (Nghị định 30/2020/NĐ-CP layout, An Lão "Mẫu Báo cáo" content) --------------
DOC_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DOC_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOC_NUMBER = "Số:        /{code}"
DOC_NUMBER_CODE_UNKNOWN = "BC-……"
DOC_PLACE_DATE = "{place}, ngày {day} tháng {month} năm {year}"
DOC_KIND = "BÁO CÁO"
DOC_ON_BEHALF_OF_COMMITTEE = "TM. Ủy ban nhân dân"
DOC_DEPUTY_FOR_CHAIR = "KT. Chủ tịch"
#: trích yếu when the plan has no report template of its own (the template's words, the plan's year)
DOC_SUBJECT = "Tổ chức thực hiện Tuần lễ hưởng ứng học tập suốt đời năm {year}"
DOC_ATTACHED_TO = "(Kèm theo {kind} số {number}{date} của {issuer})"
DOC_ATTACHED_DATE = " ngày {date}"
DOC_HEADINGS: dict[str, str] = {
    "direction": "I. Công tác chỉ đạo; kết quả đạt được",
    "results": "II. Kết quả cụ thể",
    "activities": "1. Các kết quả theo từng hoạt động đã thực hiện nhằm hưởng ứng Tuần lễ",
    "pros_cons": "2. Những thuận lợi và khó khăn",
    "next_steps": "III. Kế hoạch tiếp theo nhằm hưởng ứng Tuần lễ học tập suốt đời năm {year}",
    "proposals": "IV. Đề xuất, kiến nghị",
}
DOC_TABLE_COLUMNS = ("Nội dung hoạt động", "Kết quả, số lượng", "Ghi chú")
DOC_TABLE_SOURCE = (
    "Số liệu tổng hợp từ {reports} báo cáo đã xác nhận của {reported}/{expected} đơn vị, đến {time} ngày {date}."
)
DOC_TABLE_NO_REPORT = "Chưa có đơn vị nào gửi báo cáo: các số liệu đều bằng 0."
DOC_YES_RESULT = "{count} đơn vị"
DOC_YES_NOTE = "trên {reported} đơn vị đã báo cáo"
DOC_CONTRIBUTORS_NOTE = "{count} đơn vị có số liệu"
#: a figure nobody gave: never printed as 0 (a 0 is a figure a unit reported)
DOC_NO_FIGURE = "—"
DOC_NOT_ASKED_NOTE = "Không đơn vị nào được hỏi"
DOC_NOT_ANSWERED_NOTE = "Chưa đơn vị nào trả lời"
DOC_BLANK_TEXT = "……………………………………………………………………………"
DOC_RECIPIENTS = "Nơi nhận:"
DOC_RECIPIENT_LINE = "- {name};"
DOC_RECIPIENT_ARCHIVE = "- Lưu: VT."
DOC_SIGN_HINT = "(Ký tên, đóng dấu)"
#: issuer name beginning -> the body's abbreviation in "Số: …/BC-<abbreviation>"
DOC_BODY_CODES: dict[str, str] = {
    "ủy ban nhân dân": "UBND",
    "uỷ ban nhân dân": "UBND",
    "phòng giáo dục và đào tạo": "PGDĐT",
    "phòng văn hóa - xã hội": "VHXH",
    "phòng văn hóa – xã hội": "VHXH",
    "trung tâm học tập cộng đồng": "TTHTCĐ",
}

# Pre-filled section texts: factual sentences from the plan and the reports (an official may replace them).
PREFILL_PLAN_BASIS = "Thực hiện {kind}{number} của {issuer} về việc {title_lower}."
PREFILL_PERIOD = "Tuần lễ được tổ chức từ ngày {start} đến ngày {end}{theme}."
PREFILL_THEME = " với chủ đề “{theme}”"
PREFILL_REPORTED = "Đến {time} ngày {date}, {reported}/{expected} đơn vị đã gửi báo cáo kết quả"
PREFILL_ON_TIME = "{on_time} đơn vị đúng hạn"
PREFILL_LATE = "{late} đơn vị nộp muộn"
PREFILL_DEADLINE = " (hạn {deadline})"
PREFILL_NOT_REPORTED = "{missing} đơn vị chưa báo cáo"
PREFILL_NO_UNITS = "Chưa có danh sách đơn vị báo cáo của kế hoạch này trên hệ thống."
PREFILL_PLAN_ISSUED = "{count}/{reported} đơn vị đã báo cáo có ban hành kế hoạch tổ chức Tuần lễ."
PREFILL_YESNO = "{label}: {count}/{reported} đơn vị có."
PREFILL_TOP_INTRO = "Các hoạt động có số liệu lớn nhất:"
PREFILL_TOP_ITEM = "- {label}: {value};"
PREFILL_EVIDENCE = "Các đơn vị đã gửi kèm {files} tệp hình ảnh, minh chứng ({units} đơn vị)."
PREFILL_PROS = "Thuận lợi: {on_time}/{expected} đơn vị gửi báo cáo đúng hạn{complete}."
PREFILL_PROS_COMPLETE = ", trong đó {count} báo cáo có đủ số liệu theo mẫu"
PREFILL_CONS_MISSING = "{count} đơn vị chưa gửi báo cáo: {names}."
PREFILL_CONS_LATE = "{count} đơn vị nộp báo cáo sau hạn: {names}."
PREFILL_CONS_INCOMPLETE = "{count} báo cáo còn thiếu số liệu ở một số nội dung: {names}."
PREFILL_CONS_RETURNED = "{count} báo cáo bị trả lại để bổ sung, chỉnh sửa: {names}."
PREFILL_CONS_INTRO = "Khó khăn:"
PREFILL_CONS_ITEM = "- {problem}"
PREFILL_NEXT_MISSING = "Tiếp tục đôn đốc {count} đơn vị chưa báo cáo gửi báo cáo kết quả."
PREFILL_NEXT_FIX = "Đề nghị {count} đơn vị bổ sung, hoàn thiện báo cáo (thiếu số liệu hoặc bị trả lại)."
PREFILL_MORE_NAMES = "{names} và {count} đơn vị khác"

# --- the workbook --------------------------------------------------------------------------------
XLSX_SUMMARY_SHEET = "Tổng hợp"
XLSX_UNITS_SHEET = "Số liệu từng đơn vị"
XLSX_EVIDENCE_SHEET = "Minh chứng"
XLSX_CHANGES_SHEET = "Các lần sửa báo cáo"
XLSX_CHANGES_NOTE = (
    "Mỗi dòng là một số liệu đơn vị sửa khi xác nhận lại báo cáo (lần 2 trở đi): trước → sau. "
    "Số liệu lần 1 là số liệu hiện tại trước các lần sửa này."
)
XLSX_CHANGES_HEADER = ("STT", "Đơn vị", "Lần xác nhận", "Thời điểm", "Người sửa", "Nội dung", "Trước", "Sau")
XLSX_TITLE = "BÁO CÁO TỔNG HỢP KẾT QUẢ TỔ CHỨC TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM {year}"
XLSX_PLAN = "{plan}"
XLSX_AS_OF = "Tổng hợp đến {time} ngày {date}"
XLSX_REPORTED = "Số đơn vị đã báo cáo: {reported}/{expected}"
XLSX_DEADLINE = "Hạn báo cáo của các đơn vị: {deadline}"
XLSX_NO_DEADLINE = "Kế hoạch không nêu hạn báo cáo của các đơn vị"
XLSX_STATUS_COUNTS = "Tình trạng: {parts}"
PREFILL_STATUS = "Tình trạng các báo cáo: {parts}."
XLSX_LATE = "Nộp muộn ({count}): {names}"
XLSX_MISSING = "Chưa báo cáo ({count}): {names}"
XLSX_SEE_UNITS = "Chi tiết từng đơn vị: trang “{sheet}”."
XLSX_SECTION_RESULTS = "II. Kết quả cụ thể"
XLSX_NOTE_YESNO = "Số đơn vị trả lời “có”"
XLSX_NOTE_UNIT = "Đơn vị tính: {unit}"
XLSX_UNIT_CONFIRMED = "Xác nhận lúc {time} (lần {version}) — {status}"
XLSX_UNIT_REVIEW_NOTE = "Ý kiến khi duyệt: {note}"
XLSX_UNIT_NOT_ASKED = "không được hỏi"
XLSX_UNIT_NOT_ANSWERED = "chưa trả lời"
XLSX_YES = "Có"
XLSX_NO = "Không"
XLSX_UNITS_HEADER = (
    "STT",
    "Mã đơn vị",
    "Tên đơn vị",
    "Tình trạng",
    "Số câu thiếu",
    "Lần xác nhận",
    "Xác nhận lúc",
    "Người xác nhận",
    "Nộp muộn",
)
XLSX_INDICATOR_HEADER = "{label} ({unit})"
XLSX_YESNO_UNIT = "có=1"
XLSX_LATE_MARK = "có"
XLSX_TOTAL = "TỔNG CỘNG"
XLSX_EVIDENCE_HEADER = ("STT", "Đơn vị", "Chú thích", "Thời gian gửi", "Tệp")
#: what a file without a name is called in the evidence sheet
XLSX_EVIDENCE_KINDS = {"photo": "(ảnh)", "document": "(tài liệu)"}
XLSX_FOOTER = "Trang &P/&N"

# --- the .csv ------------------------------------------------------------------------------------
CSV_HEADER = ("Mã đơn vị", "Tên đơn vị", "Trạng thái", "Xác nhận lúc", "Nộp muộn", "Lần xác nhận", "Số câu thiếu")

# --- the chart -----------------------------------------------------------------------------------
CHART_TITLE = "{plan} — {date}"
CHART_TIMELINE_TITLE = "Số đơn vị đã gửi báo cáo"
CHART_EXPECTED = "Tổng số đơn vị: {expected}"
CHART_DEADLINE = "hết hạn {date}"
CHART_TODAY = "Hôm nay"
CHART_NOW = "{reported}/{expected}"
CHART_TOP_TITLE = "Các số liệu lớn nhất (mỗi cột một nội dung)"
#: the bars' length: how many of the reporting units gave the figure (one scale for all)
CHART_TOP_SCALE = "Độ dài thanh: số đơn vị có hoạt động này trên {reported} đơn vị đã báo cáo"
CHART_BAR_UNITS = "{units}/{reported} đơn vị"
CHART_PEOPLE = "số người"
CHART_COUNT = "số lượng"
CHART_NO_FIGURES = "Chưa có số liệu nào khác 0"
CHART_CAPTION_HTML = "Biểu đồ: số đơn vị đã báo cáo theo ngày và các số liệu lớn nhất — {plan}"

# --- /xuat ---------------------------------------------------------------------------------------
EXPORT_CAPTION_DOCX_HTML = "Báo cáo theo mẫu — {plan} (Word: kiểm tra, ký và gửi)"

# --- section texts an official writes (the chat command is the lead's) ---------------------------
SECTION_NAMES: dict[str, str] = {
    "direction": "I. Công tác chỉ đạo; kết quả đạt được",
    "pros_cons": "II.2. Những thuận lợi và khó khăn",
    "next_steps": "III. Kế hoạch tiếp theo",
    "proposals": "IV. Đề xuất, kiến nghị",
}
SECTION_UNKNOWN = "Không có mục “{key}”. Các mục sửa được: {keys}."
SECTION_TOO_LONG = "Nội dung mục dài {length} ký tự, quá giới hạn {limit} ký tự. Bạn rút gọn giúp mình."

# --- sheet names: long words shortened when a unit's name is over 31 characters (longest first) ----
SHEET_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "TT GDNN-GDTX"),
    ("Trường Trung học phổ thông", "THPT"),
    ("Trường Trung học cơ sở", "THCS"),
    ("Trường Tiểu học và Trung học cơ sở", "TH&THCS"),
    ("Trường Phổ thông dân tộc bán trú", "PTDTBT"),
    ("Trường Phổ thông dân tộc nội trú", "PTDTNT"),
    ("Trường Tiểu học", "TH"),
    ("Trường Mầm non", "MN"),
    ("Trung tâm học tập cộng đồng", "TTHTCĐ"),
    ("Ủy ban nhân dân", "UBND"),
    ("Uỷ ban nhân dân", "UBND"),
    ("Phòng Giáo dục và Đào tạo", "Phòng GDĐT"),
    ("Phòng Văn hóa - Xã hội", "Phòng VHXH"),
    ("Phòng Văn hóa – Xã hội", "Phòng VHXH"),
    ("Trường ", ""),
)

# --- the officials' chat command for the report's parts (/noidung) --------------------------------
SECTIONS_TITLE = "<b>📝 Nội dung báo cáo — {plan}</b>\nCác phần dưới đây in vào báo cáo (.docx) khi bạn gõ /xuat."
SECTIONS_PART = "<b>{name}</b> {origin}\n{text}"
SECTIONS_AUTO = "<i>(tự soạn từ số liệu)</i>"
SECTIONS_WRITTEN = "<i>(do {who} viết lúc {when}, phiên bản {version})</i>"
SECTIONS_EMPTY = "…"
SECTIONS_BUTTON_WRITE = "✏️ Viết {short}"
SECTIONS_BUTTON_AUTO = "↩️ {short}: dùng lại bản tự soạn"
SECTIONS_ASK = (
    "Bạn gõ nội dung mới cho phần <b>{name}</b> trong một tin nhắn (tối đa {limit} ký tự). Gõ /huy nếu không sửa nữa."
)
SECTIONS_SAVED = "✅ Đã lưu phần <b>{name}</b> (phiên bản {version}). Gõ /xuat để xuất báo cáo với nội dung mới."
SECTIONS_RESET = "↩️ Phần <b>{name}</b> dùng lại bản tự soạn từ số liệu."
SECTIONS_CANCELLED = "Đã thôi, nội dung báo cáo giữ nguyên."
SECTIONS_SHORT: dict[str, str] = {
    "direction": "phần I",
    "pros_cons": "phần II.2",
    "next_steps": "phần III",
    "proposals": "phần IV",
}
DIGEST_TIMES = " ({count} lần)"
