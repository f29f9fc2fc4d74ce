"""Texts of the chat layer itself: commands per role, unknown commands, private-only actions."""

from __future__ import annotations

from bot.messages.publish import HELP_PUBLISH

HELP_STAFF = "<b>Cán bộ báo cáo của đơn vị:</b>"
HELP_OFFICIAL = "<b>Cán bộ quản lý kế hoạch:</b>"
HELP_ADMIN = "<b>Quản trị viên:</b>\n" + HELP_PUBLISH
HELP_LINE = "/{command} — {description}"

UNKNOWN_COMMAND = "Mình không có lệnh /{command}. Các lệnh bạn dùng được:\n{commands}"

PRIVATE_ONLY = (
    "Việc này làm trong tin nhắn riêng với trợ lý (để số liệu và mã mời không hiện trong nhóm). "
    "Bạn bấm nút dưới đây để mở:"
)
OPEN_PRIVATE_CHAT = "💬 Mở trò chuyện riêng"
