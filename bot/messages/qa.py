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
CONSOLE_CHOSEN = "Đã chọn: {label}"
CONSOLE_CHOOSE_HINT = "(Gõ số thứ tự để chọn địa phương, hoặc gõ tên địa phương.)"

# --- answers computed from the plans' facts (bot/qa/reason.py) ------------------------------------
COLLECTION_NOUNS: dict[str, str] = {
    "sessions": "chuyên đề",
    "based_on": "văn bản căn cứ",
    "columns": "cột trong bảng kết quả của mẫu báo cáo",
    "rows": "mục kết quả trong mẫu báo cáo",
    "parts": "phần trong mẫu báo cáo",
    "deadlines": "hạn báo cáo",
    "slogans": "khẩu hiệu",
    "recipients": "nơi nhận",
    "objectives": "mục đích (mục tiêu)",
    "requirements": "yêu cầu",
}
COUNT_LINE = "Kế hoạch của {place} có {count} {noun}:"
ITEMS_COUNT_LINE = "Mục “{section}” trong kế hoạch của {place} có {count} {noun}:"
UNITS_COUNT_LINE = "Phần tổ chức thực hiện trong kế hoạch của {place} giao nhiệm vụ cho {count} {noun}:"
UNITS_ITEMS_COUNT_LINE = (
    "Phần tổ chức thực hiện trong kế hoạch của {place} có {items} mục giao nhiệm vụ, cho {count} {noun}:"
)
SECTIONS_COUNT_LINE = "Kế hoạch của {place} gồm {count} {noun}:"
TOTAL_LINE = "Tổng số {kind} tham gia {sessions} chuyên đề{which} ở {place}: {terms} = {total} {kind}."
FIRST_FEW = " đầu tiên"
LAST_FEW = " cuối"
ON_DAYS = " ngày {days}"
MOST_LINE = "Chuyên đề đông người tham gia nhất ở {place}: {fact}"
LEAST_LINE = "Chuyên đề ít người tham gia nhất ở {place}: {fact}"
DURATION_LINE = "Kéo dài {days} ngày, từ {start} đến {end} (tính cả ngày đầu và ngày cuối)."
FOR_PLACES = "{places}: {text}"
DIFFERENCE_LINE = "Hai mốc cách nhau {days} ngày: {earlier} và {later}."
SESSION_GAPS_LINE = "Các chuyên đề ở {place} cách nhau {gap} ngày: {days}."
GAPS_EACH = "lần lượt {gaps}"
DEADLINES_DIFFER = "Kế hoạch của {place} đặt hạn báo cáo khác nhau cho từng đơn vị:"
EACH_DEADLINE_LINE = "– {who}: {line}"
PART_NOT_STATED = "Về “{part}”: kế hoạch không nêu."
NOT_COMPUTED = "Mình chưa tính được con số bạn hỏi từ những gì kế hoạch ghi; điều kế hoạch có ghi:"
PEOPLE_DIFFERENCE_LINE = "Chênh nhau {gap} {kind} ({a} và {b} {kind})."
WEEKDAY_LINE = "Ngày {date} là {weekday}."
TIME_LEAD = "Lúc {time}{day} — {what}."  # "mấy giờ?" after an answer: its hour first
YES_LEAD = "Có."  # a yes/no question whose every word the answering fact states
VERIFY_YES = "Đúng."
VERIFY_NO = "Không đúng. Theo kế hoạch:"
VERIFY_HAS_NO = "Không. Theo kế hoạch:"
# "hôm nay là ngày cuối của tuần lễ phải không": today checked against the week's first or last day
TODAY_IS_YES = "Đúng. Hôm nay ({today}) là {point} của Tuần lễ ở {place}."
TODAY_IS_NO = "Không. Hôm nay là {today}; {point} của Tuần lễ ở {place} là {day}."
# "buổi sáng hay buổi chiều": the part of the day the stated hour falls in
DAY_PART_LINE = "Buổi {part} (lúc {time})."
DAY_PARTS = {"sang": "sáng", "trua": "trưa", "chieu": "chiều", "toi": "tối"}
WEEK_FIRST_DAY = "ngày đầu tiên"
WEEK_LAST_DAY = "ngày cuối cùng"
VERIFY_PART_NO = "Không, theo kế hoạch là {part}: {fact}"
INCLUDED_YES = "Có, ngày {day} nằm trong khoảng từ {start} đến {end}."
INCLUDED_NO = "Không, ngày {day} nằm ngoài khoảng từ {start} đến {end}."
EARLIER_LINE = "{place} sớm hơn {other} {days} ngày."
LATER_LINE = "{place} muộn hơn {other} {days} ngày."
# two plans of different years: which is earlier within its year (the days between the years mean nothing)
EARLIER_IN_YEAR_LINE = "Tính theo ngày trong năm, {place} sớm hơn {other} ({day} so với {other_day})."
LATER_IN_YEAR_LINE = "Tính theo ngày trong năm, {place} muộn hơn {other} ({day} so với {other_day})."
SAME_DAY_IN_YEAR_LINE = "Cả hai cùng ngày {day} (của hai năm khác nhau)."
ENUMERATED_LINE = "Kế hoạch nêu {count} {noun}: {items}."
ENUMERATED_MORE_LINE = "Kế hoạch kể tên {count} {noun}: {items} (và ghi “…”, tức là còn nữa)."
HAS_SESSION_YES = "Có."
HAS_SESSION_NO = "Không. Kế hoạch của {place} có {count} chuyên đề, không có chuyên đề nào về nội dung này:"
SAME_DAY_LINE = "Cả hai cùng ngày {day}."

# --- answers that agree across plans, given once -----------------------------------------------------
AGREED = "theo kế hoạch của {places} (các kế hoạch này giống nhau ở điểm này)."
AND = "và"
OTHERS_NOT_STATED = "Kế hoạch của {places} không nêu {missing} cho nội dung này."
FIRST_LINE = "Chuyên đề đầu tiên ở {place}: {fact}"
LAST_LINE = "Chuyên đề cuối cùng ở {place}: {fact}"
NTH_LINE = "Chuyên đề thứ {number} (theo ngày) ở {place}: {fact}"

# --- dates relative to today, without repeating today's date (a date that is not the answer confuses)
DAYS_LINE = "{text}\nTính từ hôm nay đến ngày {target}: {span}."
TODAY_LINE = "{text}\nĐến hôm nay: {state} ({span})."
TODAY_NOTE = " (Tính đến hôm nay: {state}.)"

# --- honest near misses -----------------------------------------------------------------------------
DATE_NOT_STATED = "Kế hoạch của {place} (năm {year}) không ghi đủ ngày ban hành. Điều kế hoạch có ghi: {fact}"
NUMBER_NOT_STATED = (
    "Kế hoạch của {place} (năm {year}) không ghi số văn bản (dòng số để trống). Điều kế hoạch có ghi: {fact}"
)
# "làm sao để …": what a plan never states (it says what will be organised, not how one does it)
METHOD_LABEL = "cách thực hiện"
# "A diễn ra trước hay sau B": A's day against B's
BEFORE_AFTER_LINE = (
    "Việc hỏi trước (ngày {day_a}) diễn ra {relation} việc hỏi sau (ngày {day_b}), cách nhau {days} ngày:"
)
SAME_DAY_BOTH = "Hai việc diễn ra cùng ngày {day_a}:"
BEFORE = "trước"
AFTER = "sau"
# an answer that gives the value asked but not another attribute asked beside it
PARTIAL_NOTE = "Kế hoạch không nêu {missing}."
# "trung tâm HTCĐ có mấy nhiệm vụ": the tasks the plan gives a unit, counted
UNIT_TASKS_COUNT = "Kế hoạch giao {unit} {count} nhiệm vụ:"
# "tuần lễ ở A và B có trùng ngày không": the two plans' weeks compared
SAME_WEEK_YES = "Có. Tuần lễ ở {places} cùng diễn ra từ {start} đến {end}."
SAME_WEEK_NO = "Không. Tuần lễ ở hai nơi diễn ra vào những ngày khác nhau:"
# "tuần lễ có tổ chức vào tháng 11 không": the month of the week checked
IN_MONTH_YES = "Có. Tuần lễ ở {place} diễn ra trong tháng {month}: từ {start} đến {end}."
IN_MONTH_NO = "Không. Tuần lễ ở {place} diễn ra từ {start} đến {end} (tháng {actual})."
