"""Texts of publishing plans in chat and reloading the catalogue (issue 12, items 4–6).

Telegram HTML: values from documents, files and users are escaped by the caller."""

from __future__ import annotations

ADMIN_COMMANDS: list[tuple[str, str]] = [
    ("kehoach", "Đăng kế hoạch mới (gửi tệp), xem và khôi phục các phiên bản"),
    ("tailai", "Tải lại các kế hoạch từ tệp và cơ sở dữ liệu"),
]
HELP_PUBLISH = (
    "📄 <b>Đăng kế hoạch mới:</b> gửi tệp kế hoạch (.docx, .pdf có lớp chữ, hoặc .txt) vào đây; mình đọc, "
    "tóm tắt để bạn kiểm tra, sửa nếu cần, rồi bấm “✅ Đăng”. Gửi tệp CSV <code>id,plan_id,name,kind</code> "
    "để thêm các đơn vị báo cáo."
)
NOT_ADMIN = "Chức năng này chỉ dành cho quản trị viên."
PRIVATE_ONLY = "Việc này làm trong tin nhắn riêng với trợ lý."
DOWNLOAD_FAILED = "Mình chưa tải được tệp này từ Telegram. Bạn gửi lại sau ít phút nhé."
NEXT_DOCUMENT = (
    "Bạn gửi tệp kế hoạch (.docx, .pdf có lớp chữ, hoặc .txt) ngay sau tin nhắn này nhé. (Gõ /huy nếu đổi ý.)"
)

# --- a document arrives ------------------------------------------------------------------------------------

NOT_DRAFTED = "⚠️ Chưa tạo được bản nháp kế hoạch: {reason}\nKhông có gì được đăng."
DOC_HINT = "\nTệp Word cũ (.doc): bạn mở bằng Word rồi “Lưu thành” .docx và gửi lại nhé."
TOO_LARGE = (
    "⚠️ Tệp lớn quá ({size} MB): mình nhận tệp kế hoạch đến {limit} MB. "
    "Bạn gửi bản .docx, hoặc PDF xuất từ Word (nhẹ hơn bản quét) nhé. Không có gì được đăng."
)
REPLACES = (
    "♻️ <b>Đã có kế hoạch {label}</b> ({source}). Bấm “Đăng” sẽ <b>thay</b> kế hoạch đó; "
    "bản cũ vẫn được giữ và khôi phục được bằng /kehoach."
)
SOURCE_FILE = "đang dùng tệp {file}"
SOURCE_VERSION = "phiên bản {version}, đăng lúc {when}, bởi {who}"
BY_COMMAND_LINE = "dòng lệnh"
BLOCKED_HINT = (
    "Bấm “✏️ Sửa” để bổ sung các mục còn thiếu. Nếu không sửa được trong trò chuyện, người vận hành dùng "
    "<code>python run_bot.py import-plan TỆP</code> để sửa bản nháp YAML."
)
BUTTON_PUBLISH = "✅ Đăng"
BUTTON_REPLACE = "✅ Đăng (thay bản cũ)"
BUTTON_FIX = "✏️ Sửa"
BUTTON_DROP = "✖️ Bỏ"
DRAFT_GONE = "Bản nháp này không còn (đã đăng hoặc đã bỏ). Gửi lại tệp kế hoạch nếu cần."
STALE = "Nút này đã cũ. Gõ /kehoach để xem tình trạng hiện tại."

# --- corrections -------------------------------------------------------------------------------------------

FIX_HOW = "✏️ Bạn gõ các sửa đổi vào đây (mỗi dòng một mục). {help}\n\nGõ /huy để thôi sửa."
FIX_AGAIN = "Bạn gõ lại sửa đổi nhé, hoặc /huy để thôi sửa."
CANCELLED = "Đã hủy. Gửi tệp kế hoạch bất cứ lúc nào bạn cần (sau /kehoach)."
FIX_CANCELLED = "Đã thôi sửa. Bản nháp vẫn được giữ: gõ /kehoach để xem lại."
CORRECTED_NOTE = "(Khi duyệt kế hoạch, quản trị viên đã sửa: {what}.)"
CORRECTED_DEADLINE = "hạn báo cáo của {unit} là ngày {date}"
CEREMONY = "Lễ"
AT_TIME = "lúc {time}"
ON_DATE = "ngày {date}"
AT_VENUE = "tại {venue}"

# --- publish, discard ------------------------------------------------------------------------------------------

PUBLISHED = (
    "✅ <b>Đã đăng kế hoạch {label}</b> (phiên bản {version}, mã <code>{plan_id}</code>).\n"
    "Trong vài giây người dân hỏi là có câu trả lời, không cần khởi động lại; mình sẽ báo khi xong."
)
REPLACED = (
    "✅ <b>Đã đăng phiên bản {version} của kế hoạch {label}</b> (mã <code>{plan_id}</code>), thay bản cũ; "
    "bản cũ vẫn được giữ (/kehoach → Các phiên bản).\n"
    "Trong vài giây người dân hỏi là có câu trả lời theo bản mới; mình sẽ báo khi xong."
)
NOT_PUBLISHED = (
    "⛔ Chưa đăng: kế hoạch chưa hợp lệ.\n<code>{problems}</code>\nBấm “✏️ Sửa” để bổ sung. Không có gì được đăng."
)
ALREADY_PUBLISHED = "Bản nháp này đã được đăng (phiên bản {version}). Gõ /kehoach để xem các phiên bản."
DISCARDED = "✖️ Đã bỏ bản nháp. Không có gì được đăng."
NOT_LIVE = (
    "⚠️ Kế hoạch đã được lưu nhưng <b>chưa vào phục vụ</b>: các kế hoạch đang có lỗi, bot vẫn trả lời theo "
    "bản cũ.\n<code>{problems}</code>\nSửa lỗi (hoặc khôi phục bằng /kehoach) là kế hoạch vào phục vụ."
)
LIVE = "🟢 Kế hoạch {label} đã vào phục vụ: người dân hỏi là có câu trả lời (sau {seconds} giây)."
UNITS_OFFER = (
    "Kế hoạch giao báo cáo cho {count} đơn vị/nhóm:\n{units}\nThêm vào danh sách đơn vị báo cáo để tạo mã mời ngay?"
)
BUTTON_UNITS = "➕ Thêm {count} đơn vị báo cáo"
UNITS_CSV_HINT = (
    "Để thêm từng trường, cơ quan: gửi tệp CSV có dòng đầu <code>id,plan_id,name,kind</code>, "
    "với plan_id là <code>{plan_id}</code> và kind là mã nhóm: {kinds}."
)
BUTTON_VERSIONS = "🕘 Các phiên bản"

# --- overview, versions, rollback -------------------------------------------------------------------------------

OVERVIEW_HOW = (
    "📄 <b>Đăng kế hoạch mới:</b> gửi tệp kế hoạch (.docx, .pdf có lớp chữ, hoặc .txt) vào đây. "
    "Mình đọc, tóm tắt để bạn kiểm tra, rồi bạn bấm “✅ Đăng”.\n"
)
OVERVIEW_TITLE = "<b>Kế hoạch đang phục vụ ({count}):</b>"
OVERVIEW_LINE = "• {label} — <code>{plan_id}</code>: {source}"
OVERVIEW_MORE = "… và {count} kế hoạch khác (xem tất cả: <code>python run_bot.py plans list</code>)."
OVERVIEW_DRAFTS = "\n📝 Bạn có {count} bản nháp chưa đăng (nút bên dưới)."
OVERVIEW_COMMANDS = (
    "\n<code>/kehoach MÃ</code>: các phiên bản của một kế hoạch (khôi phục bằng một nút). "
    "/tailai: tải lại ngay các tệp kế hoạch."
)
BUTTON_HISTORY = "🕘 {plan_id}"
BUTTON_DRAFT = "📝 Bản nháp {plan_id}"
NO_VERSIONS_FILE = (
    "Kế hoạch <code>{plan_id}</code> đang dùng tệp YAML, chưa có phiên bản nào đăng qua trò chuyện. "
    "Sửa tệp là bot tự tải lại."
)
NO_SUCH_PLAN = "Không có kế hoạch mã <code>{plan_id}</code>. Gõ /kehoach để xem danh sách."
HISTORY_TITLE = "🕘 <b>Các phiên bản của kế hoạch <code>{plan_id}</code>:</b>"
HISTORY_LINE = "• Phiên bản {version}: {what} — {when}, bởi {who}{current}"
IN_SERVICE = " ← <b>đang phục vụ</b>"
WHAT_PUBLISHED = "đăng từ tệp “{document}”"
WHAT_RESTORED = "khôi phục phiên bản {version}"
WHAT_WITHDRAWN = "gỡ bản đăng (dùng lại tệp YAML, nếu có)"
HISTORY_HINT = "Dòng lệnh: <code>python run_bot.py plans rollback {plan_id} [--version N]</code>"
BUTTON_RESTORE = "↩️ Khôi phục phiên bản {version}"
BUTTON_WITHDRAW = "⏏️ Gỡ bản đăng"
RESTORED = (
    "↩️ Đã khôi phục phiên bản {restored} của kế hoạch <code>{plan_id}</code> (thành phiên bản {version}). "
    "Trong vài giây người dân được trả lời theo bản này."
)
WITHDRAWN_TO_FILE = "⏏️ Đã gỡ bản đăng của <code>{plan_id}</code>: trong vài giây bot trả lời theo tệp {plan_id}.yaml."
WITHDRAWN = (
    "⏏️ Đã gỡ kế hoạch <code>{plan_id}</code>: trong vài giây bot thôi trả lời về kế hoạch này. "
    "Các phiên bản vẫn được giữ, khôi phục bằng <code>/kehoach {plan_id}</code>."
)
ROLLBACK_REFUSED: dict[str, str] = {
    "no_versions": "Kế hoạch này chưa có phiên bản nào đăng qua trò chuyện.",
    "already": "Phiên bản này đang phục vụ rồi.",
    "no_such_version": "Không có phiên bản đó. Gõ /kehoach để xem các phiên bản.",
    "invalid": "Phiên bản đó không còn hợp lệ với lược đồ hiện tại nên không khôi phục được.",
}

# --- units -----------------------------------------------------------------------------------------------------

UNITS_ADDED = (
    "➕ Đã thêm {count} đơn vị báo cáo của kế hoạch <code>{plan_id}</code>. Tạo mã mời cho cán bộ của đơn vị:\n"
    "{units}\nĐể thêm từng trường, cơ quan: gửi tệp CSV <code>id,plan_id,name,kind</code> (kind: {kinds})."
)
UNITS_NONE = (
    "Kế hoạch <code>{plan_id}</code> không giao báo cáo cho đơn vị nào của địa phương. Gửi tệp CSV "
    "<code>id,plan_id,name,kind</code> (kind: {kinds}) để thêm các đơn vị báo cáo."
)
CSV_TOO_LARGE = "⚠️ Tệp CSV lớn quá: tối đa {limit} KB. Chưa thêm đơn vị nào."
CSV_PROBLEMS = "⚠️ Tệp CSV có lỗi, chưa thêm đơn vị nào (sửa rồi gửi lại):\n<code>{problems}</code>{more}"
CSV_MORE = "\n… và {count} lỗi khác."
CSV_EMPTY = "Tệp CSV không có đơn vị nào (chỉ có dòng tiêu đề?). Chưa thêm đơn vị nào."
CSV_DONE = (
    "➕ Đã nhận {count} đơn vị ({changed} mới hoặc thay đổi) của kế hoạch {plans}. "
    "Tạo mã mời: <code>/moi {example}</code>"
)

# --- reload --------------------------------------------------------------------------------------------------------

RELOADED = (
    "🔄 Đã tải lại: {plans} kế hoạch đang phục vụ ({files} từ tệp, {published} đăng qua trò chuyện), "
    "trong {seconds} giây. Các tiến trình khác của bot tải lại trong vài giây."
)
RELOAD_REFUSED = (
    "⚠️ Chưa tải lại: có lỗi trong các kế hoạch. Các kế hoạch cũ vẫn đang trả lời.\n<code>{problems}</code>\n"
    "Sửa tệp (số sau dấu hai chấm là số dòng) rồi gõ /tailai."
)
RELOAD_FAILED = (
    "⚠️ <b>Không tải lại được các kế hoạch</b>: có lỗi, các kế hoạch cũ vẫn đang trả lời.\n"
    "<code>{problems}</code>{more}\nSửa tệp (số sau dấu hai chấm là số dòng) và lưu lại, hoặc khôi phục "
    "phiên bản trước của kế hoạch đăng qua trò chuyện (/kehoach): bot tự tải lại."
)
RELOAD_MORE = "\n… và {count} lỗi khác."
RELOAD_RECOVERED = "✅ Các kế hoạch đã hợp lệ trở lại và đã được tải lại: {plans} kế hoạch đang phục vụ."
