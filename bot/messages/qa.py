"""Texts of the answering engine added with conversations, reasoning and honest near misses (issue 9).

Plain text: the Telegram layer escapes answers as a whole when it renders them as HTML."""

from __future__ import annotations

OTHER_YEAR_NOTE = (
    "Lưu ý: bạn đang chọn {label}; kế hoạch này là của năm {year}, không phải năm nay ({this_year}). "
    "Câu trả lời theo kế hoạch đó:"
)

CONSOLE_WELCOME = (
    "Trợ lý Tuần lễ hưởng ứng học tập suốt đời. Gõ câu hỏi; /diaphuong để chọn địa phương; /thoat để thoát."
)
CONSOLE_CHOOSE_HINT = "(Gõ số thứ tự để chọn địa phương, hoặc gõ tên địa phương.)"
