"""Every user-facing text of the bot, in Vietnamese, in one place.

Texts here are HTML for Telegram: anything inserted into them that we did not write
must be escaped by the caller (`html.escape`)."""

from __future__ import annotations

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
    "Hãy chọn địa phương của bạn để mình trả lời đúng nơi:"
)

CHOOSE_LOCALITY = "Chọn địa phương bạn quan tâm:"
LOCALITY_CHOSEN = "Đã chọn: <b>{label}</b>. Từ nay câu hỏi không nêu địa phương sẽ được trả lời theo kế hoạch này.\n\nVí dụ:\n{examples}"
LOCALITY_UNKNOWN = "Địa phương này không còn trong danh sách. Bạn hãy chọn lại bằng lệnh /diaphuong nhé."

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
SUGGESTIONS_HINT = "Bạn có thể bấm một câu hỏi gợi ý:"
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
