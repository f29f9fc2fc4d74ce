"""Texts about evidence: the photos and documents staff send with their unit's report."""

from __future__ import annotations

RECEIVED = "📎 Đã nhận {what} làm minh chứng cho báo cáo của <b>{unit}</b> ({count}/{limit})."
RECEIVED_CAPTION = "Ghi chú: {caption}"
ALREADY = "📎 {what_cap} này đã có trong minh chứng của đơn vị."
PHOTO = "ảnh"
DOCUMENT = "tệp “{name}”"
DURING_REPORT = "Bạn tiếp tục trả lời câu hỏi của báo cáo nhé."
TOO_BIG = "Tệp lớn quá ({size} MB): mỗi minh chứng tối đa {limit} MB. Bạn gửi ảnh nhỏ hơn hoặc tệp PDF nén nhé."
TOO_MANY = "Báo cáo của đơn vị đã có {limit} minh chứng, là số tối đa. Bạn gửi những ảnh tiêu biểu nhất thôi nhé."
WRONG_TYPE = (
    "Mình nhận minh chứng là ảnh, hoặc tệp PDF, Word, Excel. Tệp “{name}” không thuộc các loại đó, "
    "bạn chuyển sang PDF hoặc chụp ảnh gửi lại nhé."
)
NOT_STAFF = (
    "Mình chỉ đọc được tin nhắn chữ. Nếu đây là minh chứng báo cáo của trường hoặc cơ quan, "
    "bạn cần đăng ký bằng mã mời trước (/dangky). Còn câu hỏi về Tuần lễ, bạn gõ chữ nhé."
)
UNREADABLE = "Mình chưa tải được tệp này từ Telegram. Bạn gửi lại sau ít phút nhé."
RECEIPT_LINE = "📎 Minh chứng: {photos} ảnh, {documents} tệp."
RECEIPT_NONE = "📎 Chưa có ảnh, tệp minh chứng: bạn có thể gửi ảnh (kèm ghi chú) ngay trong cuộc trò chuyện này."
