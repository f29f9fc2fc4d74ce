"""Texts of the plan importer (issue 12): the review list beside a draft and the chat summary.

Summary and correction texts are Telegram HTML: values taken from the document are escaped
by the caller (`html.escape`)."""

from __future__ import annotations

# Schema path -> what a reviewer calls it.
FIELD_LABELS: dict[str, str] = {
    "year": "Năm",
    "locality.name": "Tên địa phương",
    "locality.level": "Cấp (xã, phường, huyện…)",
    "locality.province": "Tỉnh/thành phố",
    "issuer": "Cơ quan ban hành",
    "document.number": "Số văn bản",
    "document.title": "Trích yếu (tên kế hoạch)",
    "document.place_date_line": "Dòng địa danh, ngày tháng",
    "document.date": "Ngày ban hành",
    "document.signer.name": "Người ký",
    "document.signer.title": "Chức vụ người ký",
    "document.signer.on_behalf_of": "Ký thay mặt (TM.)",
    "document.recipients": "Nơi nhận",
    "based_on": "Văn bản căn cứ",
    "theme": "Chủ đề",
    "period": "Thời gian tổ chức",
    "period.start": "Ngày bắt đầu",
    "period.end": "Ngày kết thúc",
    "opening": "Lễ khai mạc",
    "opening.name": "Tên lễ khai mạc",
    "opening.date": "Ngày khai mạc",
    "opening.time": "Giờ khai mạc",
    "opening.venue": "Địa điểm khai mạc",
    "opening.participants": "Thành phần dự khai mạc",
    "closing": "Lễ bế mạc/tổng kết",
    "closing.name": "Tên lễ bế mạc/tổng kết",
    "closing.date": "Ngày bế mạc/tổng kết",
    "closing.time": "Giờ bế mạc/tổng kết",
    "closing.venue": "Địa điểm bế mạc/tổng kết",
    "special_sessions": "Chuyên đề",
    "reporting": "Hạn và nơi nhận báo cáo",
    "responsibilities": "Nhiệm vụ của các đơn vị",
    "participants": "Thành phần tham gia",
    "budget": "Kinh phí",
    "slogans": "Khẩu hiệu",
    "contacts": "Liên hệ (email, website, điện thoại)",
    "objectives": "Mục đích",
    "requirements": "Yêu cầu",
    "activities": "Các hoạt động",
    "other_ceremonies": "Các lễ khác",
    "extra_facts": "Nội dung khác",
}

# --- review list (a text file beside the draft) ---------------------------------------------------------------

REVIEW_TITLE = "DANH SÁCH KIỂM TRA BẢN NHÁP KẾ HOẠCH: {draft}"
REVIEW_SOURCE = "Nguồn: {source} — số dòng dưới đây là số dòng trong tệp này."
REVIEW_REPAIRS = "ĐÃ SỬA VĂN BẢN (lỗi do trích từ PDF/Word):"
REVIEW_GLYPHS = "  - {count} chữ mất dấu được khôi phục: {examples}"
REVIEW_ACRONYMS = "  - Chữ viết tắt thiếu “Đ” được sửa theo cụm từ trong văn bản: {pairs}"
REVIEW_JOINED = "  - {count} dòng bị ngắt giữa câu đã được nối lại."
REVIEW_UNREPAIRED = "  - Chưa sửa được (hãy sửa tay): {items}"
REVIEW_NO_REPAIRS = "  (không cần sửa)"
REVIEW_FOUND = "GIÁ TRỊ ĐÃ TRÍCH — đối chiếu từng dòng với văn bản gốc:"
REVIEW_TASK_LABEL = "Nhiệm vụ của {unit} #{number}"
REVIEW_FOUND_LINE = "  dòng {line:>4}  {label}: {value}"
REVIEW_MISSING = (
    "KHÔNG TÌM THẤY — để trống (kế hoạch không nêu, hoặc trình nhập không đọc ra; hãy bổ sung nếu văn bản có):"
)
REVIEW_MISSING_LINE = "  - {label} ({field})"
REVIEW_NOTES = "CẦN LƯU Ý:"
REVIEW_NOTE_LINE = "  - dòng {line}: {note}"
REVIEW_NOTE_NOLINE = "  - {note}"
REVIEW_VALID = "KIỂM TRA: bản nháp hợp lệ theo lược đồ (python run_bot.py check-kb --plans-dir {folder})."
REVIEW_INVALID = "KIỂM TRA: bản nháp CHƯA hợp lệ — cần bổ sung/sửa trong tệp YAML trước khi đăng:"
REVIEW_INVALID_LINE = "  - {problem}"

# --- chat: summary of a draft ---------------------------------------------------------------------------------

SUMMARY_TITLE = "📄 <b>Bản nháp kế hoạch: {locality}</b>"
SUMMARY_YEAR = "Năm: <b>{year}</b>"
SUMMARY_ISSUER = "Cơ quan ban hành: {issuer}"
SUMMARY_THEME = "Chủ đề: “{theme}”"
SUMMARY_PERIOD = "Thời gian: từ <b>{start}</b> đến <b>{end}</b>"
SUMMARY_OPENING = "Khai mạc: {details}"
SUMMARY_CLOSING = "Bế mạc/tổng kết: {details}"
SUMMARY_AT_TIME = "lúc {time}"
SUMMARY_ON_DATE = "ngày {date}"
SUMMARY_AT_VENUE = "tại {venue}"
SUMMARY_DEADLINES = "<b>Hạn báo cáo:</b>"
SUMMARY_DEADLINE_LINE = "• {sender} → {targets}: <b>{deadline}</b>"
SUMMARY_NO_DEADLINES = "Hạn báo cáo: kế hoạch không nêu."
SUMMARY_SESSIONS = "Chuyên đề: {count} (ngày {dates})"
SUMMARY_MISSING = "⚠️ <b>Còn thiếu:</b> {fields}"
SUMMARY_COMPLETE = "✅ Đủ các thông tin chính."
SUMMARY_BLOCKED = "⛔ Chưa đăng được: {problems}"
SUMMARY_MORE = "… và {count} mục khác"
SUMMARY_NOT_STATED = "không nêu"

# --- chat: corrections -----------------------------------------------------------------------------------------

CORRECTION_HELP = (
    "Gõ mỗi sửa đổi theo dạng <b>mục: giá trị</b>, ví dụ:\n"
    "• chủ đề: Học tập suốt đời vì …\n"
    "• thời gian: từ 01/10 đến 07/10/2026\n"
    "• khai mạc: 7h30 ngày 01/10/2026 tại hội trường UBND xã\n"
    "• hạn báo cáo của các trường: 12/10/2026\n"
    "• tỉnh: Quảng Ngãi · năm: 2026 · người ký: Nguyễn Văn A · số văn bản: 01/KH-UBND"
)
CORRECTION_UNKNOWN_FIELD = "Mình chưa hiểu mục “{field}”. {help}"
CORRECTION_NO_COLON = "Hãy gõ theo dạng <b>mục: giá trị</b>. {help}"
CORRECTION_EMPTY_VALUE = "Mục “{field}” chưa có giá trị sau dấu hai chấm."
CORRECTION_BAD_DATE = "Không đọc được ngày trong “{value}”. Hãy gõ ngày dạng 12/10/2026."
CORRECTION_BAD_PERIOD = "Không đọc được khoảng thời gian trong “{value}”. Hãy gõ: từ 01/10/2026 đến 07/10/2026."
CORRECTION_BAD_YEAR = "Năm “{value}” không hợp lệ. Hãy gõ năm bốn chữ số, ví dụ 2026."
CORRECTION_BAD_OPENING = (
    "Không đọc được ngày, giờ hay địa điểm trong “{value}”. Ví dụ: 7h30 ngày 01/10/2026 tại hội trường UBND xã."
)
CORRECTION_BAD_LEVEL = "Cấp “{value}” không hợp lệ. Chọn một trong: {levels}."
CORRECTION_UNKNOWN_UNIT = "Kế hoạch không có đơn vị nào tên “{unit}”. Các đơn vị: {units}."
CORRECTION_WHICH_DUTY = "Kế hoạch có nhiều hạn báo cáo; hãy nêu đơn vị, ví dụ: “hạn báo cáo của {example}: 12/10/2026”."
CORRECTION_NO_ISSUER = (
    "Bản nháp chưa có cơ quan ban hành nên chưa biết báo cáo gửi về đâu; hãy sửa “cơ quan ban hành” trước."
)
CORRECTION_INVALID = "Sửa như vậy làm kế hoạch không hợp lệ: {problem}"
DEADLINE_OF = "Hạn báo cáo của {unit}"
CORRECTION_DONE = "✏️ Đã sửa {field}: {old} → <b>{new}</b>"
CORRECTION_NEW_DUTY = "(thêm hạn báo cáo mới của {unit}, gửi {target})"
CORRECTION_ADMIN_NOTE = "Hạn báo cáo do quản trị viên bổ sung khi duyệt kế hoạch."

# --- refusals (chat) -------------------------------------------------------------------------------------------

REASONS: dict[str, str] = {
    "unsupported": "Mình chỉ đọc được kế hoạch dạng .docx, .pdf (có lớp chữ) hoặc .txt.",
    "unreadable": "Mình không mở được tệp này (tệp hỏng hoặc sai định dạng). Bạn hãy lưu lại và gửi lại nhé.",
    "too_large": "Tệp quá lớn. Bạn hãy gửi bản .docx hoặc .pdf nhỏ hơn 20 MB.",
    "scanned": (
        "Tệp PDF này là ảnh quét, không có lớp chữ nên mình không đọc được. "
        "Bạn hãy gửi bản .docx, hoặc PDF xuất từ Word."
    ),
    "empty": "Tệp không có nội dung chữ nào.",
    "not_plan": (
        "Tệp này không phải kế hoạch Tuần lễ hưởng ứng học tập suốt đời (không thấy “Kế hoạch … học tập suốt đời”)."
    ),
}
