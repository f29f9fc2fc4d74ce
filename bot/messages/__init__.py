"""Every user-facing text of the bot, in Vietnamese: this package is the one catalogue.

Texts here are HTML for Telegram: anything inserted into them that we did not write
must be escaped by the caller (`html.escape`).

New texts go in a module per feature (`bot/messages/<feature>.py`); the shared ones stay here."""

from __future__ import annotations

from bot.messages.publish import ADMIN_COMMANDS as _PUBLISH_COMMANDS

#: how a plan is named to users: 'phường Nam Triệu (Hải Phòng), năm 2025'
PLAN_LABEL = "{level} {name} ({province}), năm {year}"
#: a moment in local time: '14:05 ngày 02/10/2025'
TIME_ON_DATE = "{time} ngày {date}"

# Command menu registered with setMyCommands: (command, description).
CITIZEN_COMMANDS: list[tuple[str, str]] = [
    ("start", "Bắt đầu, giới thiệu trợ lý"),
    ("diaphuong", "Chọn hoặc đổi địa phương"),
    ("help", "Hướng dẫn: hỏi được những gì"),
]

GREETING = (
    "Xin chào{name}! Mình là trợ lý <b>Tuần lễ hưởng ứng học tập suốt đời</b>.\n\n"
    "Mình trả lời theo kế hoạch chính thức của các địa phương:\n{plans}\n\n"
    "Bạn có thể hỏi về chủ đề, thời gian, lễ khai mạc, các hoạt động, nhiệm vụ của từng đơn vị, "
    "hạn và nơi gửi báo cáo… Gõ có dấu hay không dấu đều được.\n\n"
    "{choose}"
)
GREETING_CHOOSE = "Hãy chọn địa phương của bạn để mình trả lời đúng nơi:"
GREETING_TYPE_NAME = (
    "Hãy nêu tên xã, phường hoặc huyện trong câu hỏi, hoặc gõ /diaphuong kèm tên (ví dụ: /diaphuong {example}) "
    "để mình trả lời đúng nơi."
)
CATALOGUE_COUNTED = "{count} kế hoạch của các địa phương ở {provinces}"

CHOOSE_LOCALITY = "Chọn địa phương bạn quan tâm:"
CHOOSE_LOCALITY_TYPE_NAME = (
    "Mình có {count} kế hoạch. Bạn gõ /diaphuong kèm tên xã, phường hoặc huyện (ví dụ: /diaphuong {example}) "
    "để chọn địa phương."
)
CHOOSE_LOCALITY_NOT_FOUND = (
    "Mình chưa có kế hoạch nào của “{typed}”. Bạn kiểm tra lại tên (có dấu hay không dấu đều được) rồi gõ lại nhé."
)
CHOOSE_LOCALITY_MANY = (
    "Có {count} kế hoạch khớp với “{typed}”; đây là {shown} kế hoạch mới nhất. Gõ tên đầy đủ hơn để thu hẹp:"
)
LOCALITY_CHOSEN = (
    "Đã chọn: <b>{label}</b>. Từ nay câu hỏi không nêu địa phương sẽ được trả lời theo kế hoạch này."
    "\n\nVí dụ:\n{examples}"
)

HELP = (
    "<b>Bạn có thể hỏi, ví dụ:</b>\n"
    "• Chủ đề Tuần lễ năm nay là gì?\n"
    "• Lễ khai mạc tổ chức ở đâu, lúc mấy giờ?\n"
    "• Còn mấy ngày nữa đến hạn nộp báo cáo?\n"
    "• Các trường cần làm gì trong Tuần lễ?\n"
    "• Thứ 3 tuần này có chuyên đề gì?\n\n"
    "Nêu tên địa phương (ví dụ: Nam Triệu, Đức Trọng) hoặc chọn sẵn bằng /diaphuong.\n\n"
    "<b>Lệnh:</b>\n"
    "/start — giới thiệu\n"
    "/diaphuong — chọn địa phương\n"
    "/help — hướng dẫn này"
)

CLARIFY_BUTTONS_HINT = "Bấm chọn địa phương để xem câu trả lời:"
NOT_TEXT = "Mình chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi về Tuần lễ học tập suốt đời nhé."
ERROR = "Xin lỗi, đã có lỗi xảy ra khi xử lý yêu cầu của bạn. Bạn vui lòng thử lại sau ít phút."
STALE_BUTTON = "Nút này đã cũ hoặc không hợp lệ. Bạn hãy gõ lại câu hỏi nhé."
EDITED_PREFIX = "(Trả lời cho tin nhắn đã sửa)"

NO_TOKEN = (
    "Chưa có TELEGRAM_BOT_TOKEN.\n"
    "Để chạy trên Telegram: mở @BotFather, gửi /newbot, đặt tên, rồi đặt token nhận được vào biến môi "
    "trường TELEGRAM_BOT_TOKEN (hoặc tệp .env).\n"
    "Muốn thử ngay không cần token: python run_bot.py console"
)

# --- OFFICIALS: daily summary, missing units, reminders, export (issue 5) -------------------------------

OFF_SUMMARY_TITLE = "<b>📊 Tổng hợp báo cáo Tuần lễ HTSĐ — {plan}</b>"
OFF_SUMMARY_DATE = "Ngày {date}"
OFF_SUMMARY_DEADLINE_LEFT = "⏳ Hạn báo cáo của các đơn vị: <b>{deadline}</b> (còn {days} ngày)"
OFF_SUMMARY_DEADLINE_TODAY = "⏳ Hạn báo cáo của các đơn vị: <b>{deadline}</b> (<b>hôm nay là hạn cuối</b>)"
OFF_SUMMARY_DEADLINE_OVERDUE = "⚠️ Hạn báo cáo của các đơn vị: <b>{deadline}</b> (đã quá hạn {days} ngày)"
OFF_SUMMARY_NO_DEADLINE = "Kế hoạch không nêu hạn báo cáo của các đơn vị."
OFF_SUMMARY_REPORTED = "<b>Đơn vị đã báo cáo: {reported}/{expected}</b>"
OFF_SUMMARY_NO_UNITS = "Chưa có danh sách đơn vị nào của kế hoạch này trên hệ thống."
OFF_SUMMARY_LATE = "Nộp muộn ({count}): {names}"
OFF_SUMMARY_MISSING = "Chưa báo cáo ({count}): {names}"
OFF_SUMMARY_ALL_REPORTED = "✅ Tất cả đơn vị đã báo cáo."
OFF_SUMMARY_MORE = "… và {count} đơn vị khác"
OFF_SUMMARY_TOTALS = "<b>Tổng số liệu đã xác nhận</b>"
OFF_SUMMARY_NO_FIGURES = "Chưa có số liệu nào khác 0."
OFF_SUMMARY_SECTION = "<b>{number}. {title}</b>"
OFF_SUMMARY_LINE = "• {label}: <b>{value}</b>"
OFF_SUMMARY_YES_UNITS = "{count} đơn vị có"
OFF_SUMMARY_QUESTIONS = "<b>Câu hỏi của người dân hôm nay: {count}</b>"
OFF_SUMMARY_NO_QUESTIONS = "Hôm nay chưa có câu hỏi nào của người dân về kế hoạch này."
OFF_SUMMARY_TOP_TOPICS = "Hỏi nhiều nhất: {topics}"
OFF_SUMMARY_UNANSWERED = "Trợ lý chưa trả lời được ({count}):"
OFF_SUMMARY_QUESTION_LINE = "• “{question}”"
OFF_SUMMARY_FOOTER = "Xem đơn vị chưa nộp: /chuanop · Xuất báo cáo: /xuat"
OFF_SUMMARY_CAPTION = "Biểu đồ: số đơn vị đã báo cáo theo ngày và tổng số liệu theo mục — {plan}"

#: Names of the kinds of answer (qa fact kinds) for the questions digest.
OFF_TOPIC_LABELS: dict[str, str] = {
    "theme": "chủ đề",
    "period": "thời gian tổ chức",
    "opening": "lễ khai mạc",
    "closing": "lễ tổng kết",
    "ceremony": "các buổi lễ",
    "document": "số hiệu kế hoạch",
    "issuer": "cơ quan ban hành",
    "signer": "người ký",
    "based_on": "căn cứ",
    "objective": "mục đích",
    "requirement": "yêu cầu",
    "activity": "hoạt động",
    "session": "chuyên đề",
    "participants": "thành phần tham dự",
    "responsibility": "nhiệm vụ các đơn vị",
    "reporting": "báo cáo, hạn nộp",
    "budget": "kinh phí",
    "slogan": "khẩu hiệu",
    "contact": "liên hệ",
    "recipients": "nơi nhận",
    "template": "mẫu báo cáo",
    "extra": "thông tin khác",
}

OFF_MISSING_TITLE = "<b>Đơn vị chưa nộp báo cáo — {plan}</b>\n{reported}/{expected} đơn vị đã báo cáo."
OFF_MISSING_LINE = "• {name}{staff}"
OFF_MISSING_NO_STAFF = " <i>(chưa có cán bộ đăng ký trên trợ lý)</i>"
OFF_MISSING_NONE = "✅ Tất cả {expected} đơn vị của {plan} đã nộp báo cáo."
OFF_MISSING_REMIND_BUTTON = "🔔 Nhắc nộp"

OFF_REMIND_TEXT = (
    "🔔 <b>Nhắc nộp báo cáo Tuần lễ HTSĐ</b>\n"
    "Đơn vị <b>{unit}</b> chưa xác nhận báo cáo kết quả ({plan}).\n"
    "{deadline}\n"
    "Bấm nút bên dưới hoặc gõ /baocao để bắt đầu."
)
OFF_REMIND_DEADLINE_LEFT = "Hạn nộp: <b>{deadline}</b> (còn {days} ngày)."
OFF_REMIND_DEADLINE_TODAY = "Hạn nộp: <b>{deadline}</b> — <b>hôm nay là hạn cuối</b>."
OFF_REMIND_DEADLINE_OVERDUE = "Hạn nộp: <b>{deadline}</b> — đã quá hạn {days} ngày, đề nghị nộp ngay."
OFF_REMIND_NO_DEADLINE = "Đề nghị đơn vị nộp báo cáo sớm."
OFF_REMIND_BUTTON = "📝 Bắt đầu báo cáo"
OFF_REMIND_DONE = "Đã gửi lời nhắc tới {units} đơn vị ({people} người)."
OFF_REMIND_ALREADY = "{count} đơn vị đã được nhắc hôm nay (mỗi đơn vị chỉ nhắc một lần mỗi ngày)."
OFF_REMIND_NO_STAFF = "{count} đơn vị chưa có cán bộ đăng ký trên trợ lý nên chưa nhắc được."
OFF_REMIND_NOTHING = "Không có đơn vị nào cần nhắc."

OFF_EXPORT_CAPTION_XLSX = "Báo cáo tổng hợp — {plan} (bảng tính Excel, theo mẫu báo cáo)"
OFF_EXPORT_CAPTION_CSV = "Số liệu từng đơn vị — {plan} (CSV)"

OFF_CHOOSE_PLAN = "Chọn kế hoạch (địa phương) cần xem:"
OFF_NOT_ALLOWED = (
    "Xin lỗi, chức năng này chỉ dành cho cán bộ phụ trách của địa phương. "
    "Nếu bạn là cán bộ phụ trách, hãy đăng ký bằng mã mời được cấp."
)
OFF_NOT_ALLOWED_STAFF = (
    "Xin lỗi, bảng tổng hợp chỉ dành cho cán bộ phụ trách của địa phương. "
    "Để gửi báo cáo của đơn vị mình, bạn gõ /baocao."
)
OFF_PRIVATE_ONLY = "Chức năng này chỉ dùng trong tin nhắn riêng với trợ lý."
OFF_PLAN_UNKNOWN = "Kế hoạch này không còn trên hệ thống."

# --- STAFF: invites, registration and reports by chat (issue 4) -----------------------------------------

STAFF_COMMANDS: list[tuple[str, str]] = [
    ("baocao", "Gửi hoặc sửa báo cáo của đơn vị (cán bộ)"),
    ("dangky", "Đăng ký bằng mã mời"),
    ("huy", "Hủy báo cáo đang nhập"),
]

OFFICIAL_COMMANDS: list[tuple[str, str]] = [
    ("tonghop", "Tổng hợp tình hình báo cáo"),
    ("chuanop", "Đơn vị chưa nộp báo cáo"),
    ("xuat", "Xuất báo cáo tổng hợp (Excel, CSV)"),
    ("donvi", "Báo cáo từng đơn vị: xem, duyệt, trả lại"),
    ("noidung", "Viết các phần I–IV của báo cáo trước khi xuất"),
]

ADMIN_COMMANDS: list[tuple[str, str]] = [("moi", "Tạo mã mời cho cán bộ hoặc cán bộ quản lý"), *_PUBLISH_COMMANDS]

NOT_STAFF = (
    "Chức năng báo cáo chỉ dành cho cán bộ của các đơn vị đã được đăng ký.\n\n"
    "Nếu bạn là cán bộ phụ trách báo cáo của trường hoặc cơ quan, hãy xin quản trị viên một <b>mã mời</b>, "
    "rồi gõ <code>/dangky MÃ-MỜI</code> (hoặc bấm vào đường dẫn mời) để đăng ký.\n"
    "Bạn vẫn có thể hỏi mình mọi điều về Tuần lễ học tập suốt đời."
)
UNIT_GONE = (
    "Đơn vị của bạn không còn trong danh sách đơn vị báo cáo. Bạn liên hệ quản trị viên để được cấp mã mời mới nhé."
)
REGISTER_HOW = "Bạn gõ <code>/dangky MÃ-MỜI</code>, ví dụ <code>/dangky ABCD2345EF</code> (mã do quản trị viên cấp)."
REGISTER_INVALID = (
    "Mã mời không hợp lệ hoặc đã hết hạn. Bạn kiểm tra lại mã (chữ in hoa, không có khoảng trắng) "
    "hoặc xin quản trị viên mã mới nhé."
)
REGISTER_TOO_MANY = (
    "Bạn đã nhập sai mã quá nhiều lần. Vì lý do an toàn, bạn vui lòng thử lại sau một giờ hoặc liên hệ quản trị viên."
)
REGISTERED_STAFF = (
    "✅ Đăng ký thành công! Bạn là cán bộ báo cáo của <b>{unit}</b> ({plan}).\n\n"
    "Gõ /baocao để nhập báo cáo kết quả Tuần lễ, hạn gửi: {deadline}.\n"
    "Bạn cũng có thể gõ tự do, ví dụ: “đã treo 12 băng rôn, phát 300 tờ rơi”."
)
REGISTERED_OFFICIAL = (
    "✅ Đăng ký thành công! Bạn là cán bộ quản lý theo dõi báo cáo của <b>{plan}</b>.\n"
    "Bạn sẽ nhận tổng hợp báo cáo của các đơn vị."
)

INVITE_ADMIN_ONLY = "Chỉ quản trị viên mới tạo được mã mời."
INVITE_USAGE = (
    "Cách tạo mã mời:\n"
    "• <code>/moi MÃ-ĐƠN-VỊ</code> — cho cán bộ của một đơn vị\n"
    "• <code>/moi quanly MÃ-KẾ-HOẠCH</code> — cho cán bộ quản lý một kế hoạch\n\n"
    "Các đơn vị:\n{units}\n\nCác kế hoạch: {plans}"
)
INVITE_UNKNOWN_UNIT = "Không có đơn vị “{unit}”. " + "Các đơn vị:\n{units}"
INVITE_UNKNOWN_PLAN = "Không có kế hoạch “{plan}”. Các kế hoạch: {plans}"
INVITE_CREATED = (
    "Mã mời cho {who}:\n\n<code>{code}</code>\n\n"
    "Người được mời bấm: {link}\nhoặc gõ <code>/dangky {code}</code>.\n"
    "Mã dùng được một lần, hết hạn lúc {expires}."
)
INVITE_FOR_STAFF = "cán bộ của <b>{unit}</b>"
INVITE_FOR_OFFICIAL = "cán bộ quản lý kế hoạch <b>{plan}</b>"

REPORT_INTRO = (
    "📋 <b>Báo cáo kết quả Tuần lễ hưởng ứng học tập suốt đời</b>\n"
    "Đơn vị: <b>{unit}</b>\nKế hoạch: {plan}\nHạn gửi: <b>{deadline}</b>\n\n"
    "Mẫu báo cáo có {total} câu áp dụng cho đơn vị của bạn. Mỗi câu bạn gõ con số hoặc bấm nút "
    "(“0” nếu không có), “bỏ qua”, “quay lại”, hoặc “lưu” để lưu nháp và tiếp tục sau; /huy để hủy.\n"
    "Bạn cũng có thể gõ nhiều số liệu một lúc, ví dụ “12 băng rôn, 300 tờ rơi”, và gửi ảnh minh chứng."
)
REPORT_AMEND = (
    "Đơn vị đã gửi báo cáo (phiên bản {version}, lúc {when}). Mỗi câu hiện số liệu đã gửi: "
    "gõ số mới để sửa hoặc “bỏ qua” để giữ nguyên."
)
REPORT_RESUME = "Tiếp tục báo cáo đang nhập dở của <b>{unit}</b>:"
DEADLINE_NONE = "kế hoạch không nêu"
DEADLINE_PASSED = " (đã quá hạn — báo cáo vẫn được nhận và ghi là nộp muộn)"

SECTION_HEADER = "<b>Phần {number}/{count}. {title}</b>"
QUESTION = "<b>Câu {i}/{n}:</b> {label}{unit}?"
QUESTION_YESNO = "<b>Câu {i}/{n}:</b> {label}? (có/không)"
CURRENT_VALUE = "Số liệu hiện có: <b>{value}</b>"
QUESTION_HINT = "<i>{hint}</i>"

BUTTON_SKIP = "⏭ Bỏ qua"
BUTTON_BACK = "⬅️ Quay lại"
BUTTON_SAVE = "💾 Lưu nháp"
BUTTON_YES = "Có"
BUTTON_NO = "Không"
BUTTON_BOUND_OK = "✅ Đúng, giữ số này"
BUTTON_BOUND_RETYPE = "✏️ Gõ lại"
BUTTON_FREE_OK = "✅ Đúng, ghi vào báo cáo"
BUTTON_FREE_NO = "✖️ Không đúng"
BUTTON_SEND = "✅ Xác nhận gửi"
BUTTON_EDIT = "✏️ Sửa"
BUTTON_FROM_START = "Sửa lần lượt từ câu 1"
BUTTON_TO_SUMMARY = "↩️ Xem lại tóm tắt"

BOUND_RETYPE = "Bạn gõ lại con số giúp mình."
FREE_PARSED = "Mình đọc được các số liệu sau:\n{lines}"
FREE_UNCLEAR = "\nChưa ghi được:\n{lines}"
FREE_ASK = "\nGhi các số liệu này vào báo cáo của <b>{unit}</b>?"
FREE_APPLIED = "Đã ghi {count} số liệu vào báo cáo (chưa gửi)."
FREE_DISCARDED = "Đã bỏ qua các số liệu vừa đọc."
FREE_NOTHING = (
    "Mình chưa đọc được số liệu nào trong tin nhắn. Bạn gõ theo dạng “12 băng rôn, 300 tờ rơi” "
    "hoặc trả lời lần lượt từng câu."
)

SUMMARY = (
    "📋 <b>Tóm tắt báo cáo của {unit}</b>\n{plan}\n\n{lines}\n\n"
    "Đã trả lời {answered}/{total} câu. Kiểm tra lại rồi bấm “✅ Xác nhận gửi”; bấm “✏️ Sửa” để sửa."
)
SUMMARY_SECTION = "<b>{number}. {title}</b>"
SUMMARY_LINE = "{i}. {label}: <b>{value}</b>"
NO_VALUE = "—"
EDIT_HOW = "Bạn muốn sửa câu nào? Gõ số thứ tự câu (1–{n}), hoặc gõ số liệu mới, ví dụ “12 băng rôn”."
EDIT_BAD_NUMBER = "Không có câu số {number}. Bạn gõ số từ 1 đến {n}."

SAVED = (
    "💾 Đã lưu nháp báo cáo (đang ở câu {i}/{n}). Khi muốn làm tiếp, bạn gõ /baocao — mình sẽ hỏi tiếp từ đúng câu này."
)
CANCELLED = "Đã hủy báo cáo đang nhập. Các số liệu đã gửi trước đó (nếu có) vẫn giữ nguyên."
NOTHING_TO_CANCEL = "Bạn không có báo cáo nào đang nhập."
STALE_REPORT_BUTTON = "Nút này đã cũ. Bạn tiếp tục từ câu hỏi dưới đây nhé."
NO_DRAFT_BUTTON = "Không có báo cáo nào đang nhập. Gõ /baocao để bắt đầu."
QUESTION_ANSWERED_RESUME = "↩️ Tiếp tục báo cáo:"

RECEIPT = (
    "✅ <b>Đã nhận báo cáo</b>\n"
    "Thời gian: {time}\nĐơn vị: <b>{unit}</b>\nKế hoạch: {plan}\nPhiên bản: {version}{late}\n\n{lines}"
)
RECEIPT_LATE = " — <b>nộp muộn</b> (sau hạn {deadline})"
RECEIPT_CHANGES = "\n\nThay đổi so với phiên bản trước: {count} số liệu."
RECEIPT_OVERTAKEN = (
    "\n\n⚠️ Trong lúc bạn nhập, đơn vị đã có người gửi phiên bản {versions}. Báo cáo của bạn là phiên bản mới "
    "nhất; mọi thay đổi đều được lưu trong lịch sử."
)

SMALL_TALK = (
    "Rất vui được giúp bạn! Bạn cứ hỏi về Tuần lễ hưởng ứng học tập suốt đời: chủ đề, thời gian, "
    "lễ khai mạc, hoạt động, hạn nộp báo cáo… Ví dụ:"
)

# --- Answers of the question-answering engine (plain text: escaped when rendered as HTML) ---------
ANSWER_NOT_TEXT = "Mình chưa hiểu câu hỏi. Bạn hãy gõ câu hỏi bằng chữ nhé."
ANSWER_WHAT_ABOUT = "Bạn muốn hỏi gì về Tuần lễ? Ví dụ:"
ANSWER_NO_PLAN_FOR_PLACE = "Mình chưa có kế hoạch Tuần lễ của {place}. {holdings}"
ANSWER_NO_PLAN_FOR_YEAR_PLACE = "Mình chưa có kế hoạch năm {years} của {place}. {holdings}"
ANSWER_NO_PLAN_FOR_YEAR = "Mình chưa có kế hoạch Tuần lễ năm {years}. {holdings}"
ANSWER_HOLDINGS = "Hiện mình có kế hoạch của: {plans}."
ANSWER_HOLDINGS_COUNTED = (
    "Hiện mình có {count} kế hoạch, của các địa phương ở {provinces}. "
    "Bạn kiểm tra lại tên xã, phường hoặc huyện rồi hỏi lại nhé."
)
MORE_PROVINCES = " và {count} tỉnh, thành khác"
ANSWER_EXPIRED = "đã hết hạn"
ANSWER_NOT_EXPIRED = "chưa hết hạn"
ANSWER_TODAY_LINE = "{text}\nHôm nay {today}: {state} ({span})."
ANSWER_DAYS_LINE = "{text}\nTính từ hôm nay ({today}) đến ngày {target}: {span}."
ANSWER_TODAY_NOTE = " (Hôm nay {today}: {state}.)"
ANSWER_WEEK_AHEAD = "Tuần lễ chưa bắt đầu ({span})"
ANSWER_WEEK_RUNNING = "Tuần lễ đang diễn ra"
ANSWER_WEEK_OVER = "Tuần lễ đã kết thúc ({span})"
ANSWER_KIND_NOT_STATED = (
    "Kế hoạch của {place} (năm {year}) không nêu {label}. "
    "Mình chỉ trả lời theo nội dung kế hoạch, nên không thể cho bạn thông tin này. Bạn có thể hỏi:"
)
ANSWER_VALUE_NOT_STATED = (
    "Kế hoạch của {place} không nêu {missing} cho nội dung này. Điều kế hoạch có ghi: {fact}\n\nNguồn: {source}"
)
# the same when what is missing already names the thing ("nội dung cụ thể", "thông tin về văn bản này")
ANSWER_VALUE_NOT_STATED_PLAIN = (
    "Kế hoạch của {place} không nêu {missing}. Điều kế hoạch có ghi: {fact}\n\nNguồn: {source}"
)
ANSWER_SAME_THEME = "→ Các nơi dùng cùng một chủ đề."
ANSWER_DIFFERENT_THEMES = "→ Chủ đề các nơi khác nhau."
ANSWER_DIFFERS = "Câu trả lời khác nhau theo địa phương:"
ANSWER_WHICH_PLACE = "Câu trả lời khác nhau theo địa phương. Bạn hỏi về địa phương nào? ({places})"
ANSWER_IN_PLAN = " trong kế hoạch của {plan}"
ANSWER_NOT_FOUND = (
    "Mình không tìm thấy thông tin này{where}. Mình chỉ trả lời theo nội dung các kế hoạch Tuần lễ "
    "hưởng ứng học tập suốt đời hiện có. Bạn có thể hỏi, ví dụ:"
)
