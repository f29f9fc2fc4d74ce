"""Texts of the officials' review of units' reports."""

from __future__ import annotations

LIST_TITLE = "<b>🗂 Báo cáo các đơn vị — {plan}</b>\n{counts}"
LIST_COUNTS = (
    "Đã nộp {reported}/{expected} (đủ {complete}, thiếu {incomplete}) · đã duyệt {accepted} · trả lại {returned}"
)
LIST_LINE = "{icon} {name} — {status}"
LIST_HINT = "Bấm tên đơn vị để xem báo cáo, hoặc gõ tên đơn vị."
CHOOSE_UNIT = "Bạn muốn xem báo cáo của đơn vị nào?\n{names}"
LIST_NONE = "Chưa có danh sách đơn vị nào của kế hoạch này trên hệ thống."

STATUS_MISSING = "chưa nộp"
STATUS_TYPING = "đang nhập"
STATUS_COMPLETE = "đã nộp (đủ)"
STATUS_INCOMPLETE = "đã nộp (thiếu {count} câu)"
STATUS_RETURNED = "trả lại"
STATUS_ACCEPTED = "đã duyệt"
STATUS_LATE = ", muộn"
STATUS_AMENDING = ", đang sửa"

REPORT_TITLE = "<b>📋 {unit}</b>\nKế hoạch: {plan}"
REPORT_NONE = "Đơn vị chưa gửi báo cáo nào."
REPORT_HEAD = "Phiên bản {version}, gửi lúc {when} bởi {who}{late}\nTrả lời {answered}/{questions} câu · {status}"
REPORT_LATE = " — <b>nộp muộn</b>"
REPORT_FIGURES = "<b>Số liệu</b>"
REPORT_NO_FIGURES = "Chưa có số liệu nào khác 0."
REPORT_EVIDENCE = "<b>Minh chứng ({count})</b>"
REPORT_EVIDENCE_LINE = "• {kind} {when}{caption}"
REPORT_HISTORY = "<b>Lịch sử</b>"
REPORT_HISTORY_LINE = "• v{version} {when}, {who}: {changes}"
REPORT_HISTORY_MORE = "… và {count} thay đổi khác"
REPORT_REVIEW_LINE = "• {when}, {who}: <b>{decision}</b>{comment}"
DECISION_ACCEPTED = "đã duyệt"
DECISION_RETURNED = "trả lại"
PHOTO = "ảnh"
DOCUMENT = "tệp"

BUTTON_ACCEPT = "✅ Duyệt"
BUTTON_RETURN = "↩️ Trả lại để sửa"
BUTTON_EVIDENCE = "📎 Xem minh chứng"
BUTTON_AMEND = "✏️ Sửa báo cáo"

ASK_COMMENT = (
    "Bạn gõ lý do trả lại báo cáo của <b>{unit}</b> (đơn vị sẽ nhận được nguyên văn). Gõ /huy nếu không trả lại nữa."
)
ACCEPTED = "✅ Đã duyệt báo cáo phiên bản {version} của <b>{unit}</b>. Cán bộ của đơn vị đã được báo."
RETURNED = "↩️ Đã trả lại báo cáo của <b>{unit}</b> kèm lý do. Cán bộ của đơn vị đã được báo."
NO_STAFF = "Đơn vị chưa có cán bộ đăng ký trên trợ lý nên chưa báo được: bạn liên hệ trực tiếp nhé."
NOTHING_TO_REVIEW = "Đơn vị chưa gửi báo cáo nên chưa duyệt hay trả lại được."
CHANGED_MEANWHILE = "Đơn vị vừa gửi phiên bản mới ({version}); bạn xem lại rồi duyệt nhé."
COMMENT_CANCELLED = "Đã thôi, báo cáo không bị trả lại."
NOT_ALLOWED = "Xin lỗi, chỉ cán bộ quản lý kế hoạch này mới xem và duyệt được báo cáo của đơn vị."
UNIT_UNKNOWN = "Không còn đơn vị này trên hệ thống."
NO_EVIDENCE = "Đơn vị chưa gửi ảnh hay tệp minh chứng nào."

STAFF_ACCEPTED = "✅ Báo cáo phiên bản {version} của <b>{unit}</b> đã được cán bộ quản lý duyệt."
STAFF_RETURNED = (
    "↩️ Báo cáo của <b>{unit}</b> được trả lại để sửa.\nLý do: {comment}\n\n"
    "Bấm nút dưới đây (hoặc gõ /baocao) để sửa và gửi lại."
)
