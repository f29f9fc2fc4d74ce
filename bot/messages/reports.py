"""Texts of the staff report: replies to an answer the bot cannot take, quick-answer buttons,
and the notes about figures read from a free message (bot/reports/numbers.py, freetext.py).

Plain text with `{placeholders}` (str.format): the callers escape them when they go into HTML.
"""

from __future__ import annotations

# --- quick answers under a question -------------------------------------------------------------------

BUTTON_QUICK_YES = "Có"
BUTTON_QUICK_NO = "Không"
BUTTON_QUICK_ZERO = "0 / Không có"

# --- one answer that cannot be taken ------------------------------------------------------------------

EXAMPLE_MONEY = "“5 triệu”, “1,5 triệu” hoặc “2.500.000”"
EXAMPLE_PEOPLE = "“12” hoặc “1.200 {unit}”"
EXAMPLE_COUNT = "“12 {unit}”"

ANSWER_EMPTY = (
    "Bạn chưa nhập số liệu cho “{label}”. Bạn gõ một con số (ví dụ {example}), "
    "“0” nếu không có, hoặc “bỏ qua” để trả lời sau."
)
ANSWER_NOT_A_NUMBER = (
    "Mình chưa đọc được con số trong “{text}”. Bạn gõ số liệu cho “{label}” "
    "bằng chữ số hoặc bằng chữ (ví dụ {example}, “mười hai”), “0” nếu không có, hoặc “bỏ qua” để trả lời sau."
)
ANSWER_UNREADABLE = (
    "Mình chưa hiểu con số “{raw}”: dấu chấm/phẩy nằm chưa đúng chỗ. Bạn gõ lại giúp mình, ví dụ {example}."
)
ANSWER_SEVERAL = (
    "Bạn gửi nhiều số ({found}), mình chưa biết lấy số nào cho “{label}”. Bạn gõ lại một con số duy nhất giúp mình."
)
ANSWER_SEVERAL_MONEY_HINT = " Nếu là một số tiền, hãy ghi gọn, ví dụ “2,5 triệu” hoặc “2.500.000”."
ANSWER_NEGATIVE = (
    "Số liệu không thể là số âm. Bạn gõ lại số liệu cho “{label}” giúp mình (ví dụ {example}), hoặc “0” nếu không có."
)
ANSWER_FRACTIONAL_MONEY = (
    "Số tiền “{raw}” đồng chưa hợp lệ (số tiền tính theo đồng, không có phần lẻ). "
    "Nếu ý bạn là {raw} triệu, hãy gõ “{raw} triệu”; hoặc ghi đủ, ví dụ “2.500.000”."
)
ANSWER_FRACTIONAL = (
    "“{raw}” không phải số nguyên: số {unit} phải là số đếm được (ví dụ 2 hoặc 3). "
    "Bạn gõ lại giúp mình. Lưu ý: số nghìn viết “1.200” hoặc “1200”."
)
ANSWER_OVER_BOUND = (
    "Con số {number}{unit} cho “{label}” lớn hơn mức thường gặp "
    "(thường không quá {bound}{unit}). Bạn kiểm tra lại giúp mình: "
    "nếu đúng, trả lời “đúng”; nếu nhầm, gõ lại con số."
)
ANSWER_YES_NO = "Câu “{label}” chỉ cần trả lời “có” hoặc “không” (hoặc “bỏ qua” để trả lời sau)."
ANSWER_UNSURE = "Nếu chưa có số liệu cho “{label}”, bạn gõ “bỏ qua” để trả lời sau; nếu thực sự không có, bạn gõ “0”."
ANSWER_UNSURE_YES_NO = "Nếu chưa rõ về “{label}”, bạn gõ “bỏ qua” để trả lời sau."
ANSWER_WRONG_UNIT = (
    "Câu này hỏi “{label}”, tính bằng {unit}, nhưng bạn ghi “{typed}”. "
    "Nếu đúng là {number} {unit}, bạn gõ “{number}” hoặc “{number} {unit}”; "
    "nếu đó là số liệu của câu khác, bạn gõ “bỏ qua” rồi trả lời ở câu đó."
)
ANSWER_WRONG_UNIT_MONEY = (
    "Câu này hỏi “{label}”, là một số tiền (đồng), nhưng bạn ghi “{typed}”. "
    "Bạn gõ lại số tiền giúp mình, ví dụ “5 triệu” hoặc “2.500.000”; "
    "nếu đó là số liệu của câu khác, bạn gõ “bỏ qua” rồi trả lời ở câu đó."
)
ANSWER_MONEY_UNIT = (
    "“{label}”: {number} đồng hay {number} triệu đồng? Bạn bấm nút đúng số tiền, hoặc gõ lại, ví dụ “{number} triệu”."
)
FREE_MONEY_UNIT = "“{phrase}”: {number} đồng hay {number} triệu đồng? Bạn ghi rõ, ví dụ “{number} triệu”."

# --- figures read from a free message -----------------------------------------------------------------

FREE_WHICH_OF = "Chưa rõ “{phrase}” là số liệu của mục nào: {labels}. Bạn nói rõ giúp mình nhé."
FREE_WHICH_OF_MANY = (
    "Chưa rõ “{phrase}” thuộc hoạt động nào ({count} mục của báo cáo có thể phù hợp). "
    "Bạn ghi rõ giúp mình, ví dụ “150 người tham gia tọa đàm” hoặc “60 học viên lớp tin học”."
)
FREE_ALREADY_HAS = (
    "“{label}” đã có {value} (“{earlier}”), còn “{phrase}” là số liệu gì? Nếu cần cộng dồn, bạn ghi giúp mình tổng số."
)
FREE_PERCENT = (
    "Mẫu báo cáo ghi số lượng, không ghi tỷ lệ: “{number}%” cho “{label}” là bao nhiêu cụ thể? Bạn gõ con số giúp mình."
)
FREE_UNREADABLE = "Mình chưa hiểu con số “{number}” (dấu chấm/phẩy chưa đúng chỗ). Bạn gõ lại giúp mình."
FREE_UNKNOWN = "Mình chưa biết “{phrase}” là số liệu gì. {question}"
FREE_IS_IT = "Có phải là “{label}” không?"
FREE_ONE_OF = "Có phải là một trong: {labels}?"
FREE_HOW_TO = "Bạn ghi rõ giúp mình, ví dụ “12 băng rôn” hoặc “tờ rơi: 300”."
FREE_NOT_ASKED = (
    "“{phrase}” là số liệu của “{label}”: mẫu báo cáo không hỏi câu này ở đơn vị của bạn, nên mình không ghi."
)


# --- the report flow: pending figures, replacements, completeness ----------------------------------

FREE_STILL_PENDING = (
    "Mình vẫn giữ {count} số liệu đọc được ở tin nhắn trước, chưa ghi vào báo cáo. "
    "Bạn bấm “✅ Đúng” để ghi, hoặc “✖️ Không đúng” để bỏ:"
)
FREE_APPLIED_SAVED = (
    "Đã ghi {count} số liệu vào báo cáo đang lưu nháp (chưa gửi). Khi muốn làm tiếp, bạn gõ /baocao "
    "— mình hỏi tiếp từ câu {i}/{n}."
)
ANSWER_TAKEN = "Đã ghi câu {i}: {value}."
FREE_OFFERED_AGAIN = "Các số liệu đọc được trước đó vẫn chờ bạn bấm “✅ Đúng” hoặc “✖️ Không đúng”; sau đó {then}."
THEN_QUESTION = "mình hỏi tiếp câu {i}/{n}"
THEN_SUMMARY = "mình cho xem bản tóm tắt"
FREE_REPLACES = " (đang là {old})"
REPLACE_ASK = "Câu {i} “{label}” đang là <b>{old}</b>. Thay bằng <b>{new}</b>?"
BUTTON_REPLACE_OK = "✅ Thay bằng {new}"
BUTTON_REPLACE_KEEP = "↩️ Giữ {old}"
SUMMARY_POINTER = "📋 Bản tóm tắt ở trên đang chờ bạn: bấm “✅ Xác nhận gửi” để gửi, hoặc “✏️ Sửa” để sửa câu nào đó."
CANCEL_ASK = "🗑 Xoá bản nháp báo cáo ({count} số liệu chưa gửi)? Các số liệu đã gửi trước đó (nếu có) vẫn giữ nguyên."
BUTTON_CANCEL_OK = "Có, xoá bản nháp"
BUTTON_CANCEL_KEEP = "Không, giữ lại"
CANCEL_KEPT = "Bản nháp vẫn được giữ nguyên."
CANCEL_KEPT_SAVED = " Gõ /baocao khi muốn làm tiếp."
REPLACE_KEPT = "Giữ nguyên {old}."
SUMMARY_UPDATED = "✏️ Đã sửa {what}. Bản tóm tắt ở trên đã cập nhật — bấm “✅ Xác nhận gửi” khi xong."
SUMMARY_UPDATED_WHAT = "câu {i}: {old} → {new}"
SUMMARY_UPDATED_SOME = "{count} số liệu"
INCOMPLETE_ASK = (
    "⚠️ Báo cáo còn <b>{missing}/{total} câu chưa trả lời</b> ({sections}). Gửi khi còn thiếu, hay trả lời tiếp?"
)
INCOMPLETE_SECTION = "phần {number}: {count} câu"
BUTTON_SEND_INCOMPLETE = "📤 Gửi khi còn thiếu"
BUTTON_ANSWER_MISSING = "✏️ Trả lời tiếp"
RECEIPT_COMPLETE = "Đã trả lời đủ {total}/{total} câu."
RECEIPT_INCOMPLETE = "⚠️ Còn thiếu {missing}/{total} câu ({sections}): báo cáo được ghi là <b>chưa đủ</b>."
