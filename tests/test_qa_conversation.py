"""Conversations: follow-ups answered with the chat's memory, in the engine and in the batch contract."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.qa.conversation import CONVERSATION_TTL, Conversation
from bot.text import fold

ROOT = Path(__file__).resolve().parents[1]
D = dt.date(2025, 10, 2)
NOON = dt.datetime(2025, 10, 2, 12, 0)


def chat(engine, *questions, chosen=None, today=D, now=NOON, state=None):
    """Ask the questions in order as one conversation; returns the answers."""
    answers = []
    for question in questions:
        answer = engine.answer(question, today=today, plan_context=chosen, conversation=state, now=now)
        state = answer.conversation
        answers.append(answer)
        now += dt.timedelta(minutes=1)
    return answers


def has(answer, *phrases):
    return all(fold(p) in fold(answer.text) for p in phrases)


def test_a_short_follow_up_asks_about_what_was_just_answered(engine):
    opening, time, place = chat(engine, "Lễ khai giảng ở Thanh Bình tổ chức ngày nào?", "mấy giờ?", "ở đâu vậy")
    assert opening.status == time.status == place.status == "answered"
    assert has(time, "13h30") and has(place, "Nhà văn hóa")
    assert time.plans == place.plans == ["thanhbinh-2025"]


def test_a_follow_up_naming_only_another_locality_asks_the_same_question_there(engine):
    day = dt.date(2023, 9, 30)
    first, other = chat(engine, "Tuần lễ ở An Lão bắt đầu ngày nào?", "thế còn ở Đức Trọng?", today=day)
    assert has(first, "02/10/2023")
    assert other.status == "answered" and other.plans == ["ductrong-2021"] and has(other, "01/10/2021")


def test_a_comparison_naming_one_locality_compares_it_with_the_previous_answers(engine):
    first, compared = chat(engine, "tuần lễ ở Nam Triệu có chủ đề gì", "thế so với Đăk Plô thì có khác không")
    assert first.plans == ["namtrieu-2025"]
    assert compared.status == "answered" and set(compared.plans) == {"namtrieu-2025", "dakplo-2025"}
    assert has(compared, "phường Nam Triệu phát triển", "đất nước hùng cường")


def test_a_locality_follow_up_the_other_plan_does_not_state_is_unknown(engine):
    first, other = chat(engine, "Đăk Plô mời ai chia sẻ câu chuyện khởi nghiệp?", "còn Nam Triệu thì sao")
    assert first.status == "answered" and has(first, "doanh nhân")
    assert other.status == "unknown"


def test_a_clarification_is_answered_by_the_locality_or_its_number(engine):
    asked, named = chat(engine, "ai ký kế hoạch?", "ở Thanh Bình")
    assert asked.status == "clarify" and asked.options
    assert named.status == "answered" and has(named, "Phạm Thị Thu Hằng")
    asked, picked = chat(engine, "ai ký kế hoạch?", "1")
    first = asked.options[0].plan_id
    assert picked.status == "answered" and picked.plans == [first]


def test_words_that_refer_back_keep_the_plan_of_the_conversation(engine):
    _, library = chat(
        engine,
        "Đức Trọng tuyên truyền trên những mạng xã hội nào?",
        "thư viện ở đó được khuyến khích làm gì",
        today=dt.date(2021, 10, 1),
    )
    assert library.status == "answered" and library.plans == ["ductrong-2021"]


def test_a_fully_specified_new_question_starts_afresh(engine):
    _, fresh = chat(engine, "Lễ khai giảng ở Thanh Bình tổ chức ngày nào?", "An Lão treo băng rôn ở những đâu?")
    assert fresh.plans == ["anlao-2023"] and has(fresh, "công xưởng")


def test_a_new_topic_named_with_its_question_word_replaces_the_previous_topic_and_keeps_the_locality(engine):
    _, theme = chat(engine, "Đăk Plô khai mạc lúc mấy giờ vậy?", "vậy chủ đề năm nay là gì?")
    assert theme.status == "answered" and theme.plans == ["dakplo-2025"] and theme.topic == "theme"
    # only the theme: nothing of the opening (asked before) is added to it
    assert "khai mạc" not in theme.text.lower() and "trường học" not in theme.text.lower(), theme.text
    _, deadline = chat(engine, "Lễ khai mạc ở Nam Triệu tổ chức ngày nào?", "hạn nộp báo cáo của trường là khi nào?")
    assert deadline.plans == ["namtrieu-2025"] and deadline.topic == "reporting" and has(deadline, "15/10/2025")


def test_a_named_locality_overrides_the_chosen_one_and_the_conversation_follows_it(engine):
    other, again = chat(engine, "ở Đức Trọng gửi báo cáo qua email nào", "hạn chót là ngày nào", chosen="namtrieu-2025")
    assert other.plans == ["ductrong-2021"] and again.plans == ["ductrong-2021"] and has(again, "20/10/2021")


def test_the_chosen_locality_answers_this_year_questions(engine):
    (answer,) = chat(engine, "chủ đề tuần lễ năm nay là gì?", chosen="namtrieu-2025")
    assert answer.status == "answered" and answer.plans == ["namtrieu-2025"]
    assert has(answer, "văn minh và hiện đại") and not has(answer, "hùng cường")


def test_a_chosen_plan_of_another_year_is_used_for_this_year_and_said_so(engine):
    (answer,) = chat(engine, "chủ đề năm nay là gì", chosen="anlao-2023")
    assert answer.status == "answered" and has(answer, "năng lực tự học", "năm 2023", "không phải năm nay")


def test_the_memory_expires_after_a_silence(engine):
    (first,) = chat(engine, "Lễ khai giảng ở Thanh Bình tổ chức ngày nào?")
    later = NOON + CONVERSATION_TTL + dt.timedelta(minutes=5)
    follow = engine.answer("mấy giờ?", today=D, conversation=first.conversation, now=later)
    assert follow.status != "answered"


def test_the_state_survives_json_and_bad_values_give_a_fresh_state(engine):
    (first,) = chat(engine, "ai ký kế hoạch?")
    stored = json.loads(json.dumps(first.conversation.to_json()))
    restored = Conversation.from_json(stored)
    answer = engine.answer("Nam Triệu", today=D, conversation=restored, now=NOON + dt.timedelta(minutes=2))
    assert answer.status == "answered" and has(answer, "Nguyễn Đức Dũng")
    for bad in (None, 3, "x", {"v": 99}, {"v": 1, "plans": "oops", "updated_at": "yesterday"}, []):
        assert Conversation.from_json(bad).empty


def run(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "run_bot.py", "ask", "--jsonl"], cwd=ROOT, input=stdin, capture_output=True, text=True
    )


def lines(*items: dict) -> str:
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)


def test_batch_lines_sharing_a_chat_are_one_conversation_and_chosen_plan_is_used():
    out = run(
        lines(
            {"id": "1", "q": "Lễ khai giảng ở Thanh Bình tổ chức ngày nào?", "today": "2025-10-02", "chat": "a"},
            {"id": "2", "q": "mấy giờ?", "today": "2025-10-02", "chat": "a"},
            {"id": "3", "q": "mấy giờ?", "today": "2025-10-02"},
            {"id": "4", "q": "ai ký kế hoạch?", "today": "2025-10-02", "chosen_plan": "namtrieu-2025"},
        )
    )
    assert out.returncode == 0, out.stderr
    got = {a["id"]: a for a in map(json.loads, out.stdout.splitlines())}
    assert got["2"]["status"] == "answered" and "13h30" in got["2"]["answer"]
    assert got["3"]["status"] != "answered"  # no chat: no memory
    assert got["4"]["plans"] == ["namtrieu-2025"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('{"id": "x", "q": "chủ đề", "chosen_plan": "hn-2030"}', "stdin:2: \"chosen_plan\": unknown plan 'hn-2030'"),
        ('{"id": "x", "q": 5}', 'stdin:2: "q" must be a string'),
        ('{"id": "x", "q": "chủ đề", "today": "2025-13-01"}', 'stdin:2: "today"'),
        ("[1, 2]", "stdin:2: not a JSON object"),
    ],
)
def test_a_bad_batch_line_is_named_and_fails_the_batch_after_the_good_lines(bad, message):
    good = lines({"id": "ok", "q": "chủ đề tuần lễ ở nam triệu", "today": "2025-10-01"})
    out = run(good + bad + "\n" + good)
    assert out.returncode == 1
    assert len(out.stdout.splitlines()) == 2  # both good lines answered
    assert out.stderr.strip().startswith(message) and len(out.stderr.strip().splitlines()) == 1


def test_the_console_keeps_the_memory_and_a_typed_number_chooses_an_option():
    out = subprocess.run(
        [sys.executable, "run_bot.py", "console", "--today", "2025-10-02"],
        cwd=ROOT,
        input="ai ký kế hoạch?\n2\nLễ khai giảng ở Thanh Bình tổ chức ngày nào?\nmấy giờ?\n/thoat\n",
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "  2. " in out.stdout and "Gõ số thứ tự" in out.stdout
    assert "Nguyễn Đức Dũng" in out.stdout or "Phạm Thị Thu Hằng" in out.stdout or "Nguyễn Mạnh Thắng" in out.stdout
    assert out.stdout.count("13h30") >= 2  # the follow-up "mấy giờ?" is answered from the memory


def test_a_contrasting_follow_up_asks_for_another_fact_than_the_one_just_given(engine):
    _, other = chat(engine, "hạn nộp báo cáo của các trường ở Nam Triệu", "còn phòng văn hóa xã hội")
    assert other.status == "answered" and has(other, "20/10/2025")


def test_follow_ups_on_a_session_use_the_fact_just_given(engine):
    _, last, people, weekday = chat(
        engine,
        "Thanh Bình có những chuyên đề nào",
        "chuyên đề cuối là gì",
        "nó có bao nhiêu người học",
        "ngày đó là thứ mấy",
    )
    assert has(last, "phòng chống tội phạm") and has(people, "100") and has(weekday, "07/10/2025", "thứ Ba")


def test_a_year_only_follow_up_asks_the_same_question_for_that_year(engine):
    _, other = chat(engine, "An Lão chủ đề năm 2023 là gì", "còn năm 2021 thì sao")
    assert other.plans == ["ductrong-2021"] and has(other, "Chuyển đổi số để xây dựng thành công")


def test_choosing_another_locality_replaces_the_one_the_conversation_was_about(engine):
    (first,) = chat(engine, "An Lão treo băng rôn ở những đâu?", chosen="namtrieu-2025")
    assert first.plans == ["anlao-2023"]
    later = engine.answer(
        "ai ký kế hoạch?", today=D, plan_context="thanhbinh-2025", conversation=first.conversation, now=NOON
    )
    assert later.plans == ["thanhbinh-2025"] and has(later, "Phạm Thị Thu Hằng")


def test_a_clarification_button_answers_the_clarified_question_and_a_stale_one_gives_none(engine):
    (asked,) = chat(engine, "ai ký kế hoạch?")
    plan_id = asked.options[-1].plan_id
    picked = engine.answer_option(plan_id, conversation=asked.conversation, today=D, now=NOON)
    assert picked is not None and picked.status == "answered" and picked.plans == [plan_id]
    assert engine.answer_option(plan_id, conversation=picked.conversation, today=D, now=NOON) is None
    assert engine.answer_option(plan_id, conversation=None, today=D, now=NOON) is None


def test_a_new_topic_asked_of_the_place_just_discussed_replaces_the_topic(engine):
    # "ở đó" points at the locality of the previous answer, not at what it was about
    deadline, theme = chat(engine, "Đăk Plô báo cáo về tỉnh trước ngày nào?", "vậy chủ đề ở đó là gì")
    assert deadline.plans == ["dakplo-2025"]
    assert theme.status == "answered" and theme.plans == ["dakplo-2025"]
    assert "chủ đề" in theme.text.lower() and not has(theme, "báo cáo")


def test_a_follow_up_naming_one_compound_continues_the_answer_just_given(engine):
    # "tham gia" is one thing asked, not two words: the session just named, not the whole list
    answers = chat(engine, "chuyên đề thứ hai ở Thanh Bình học ngày nào", "bao nhiêu người tham gia")
    assert answers[-1].status == "answered" and has(answers[-1], "120")
    assert "150" not in answers[-1].text


def test_a_deadline_asked_of_another_place_that_states_none_is_not_stated(engine):
    answers = chat(engine, "hạn báo cáo ở Nam Triệu", "còn thanh bình thì sao")
    assert answers[-1].status == "unknown" and has(answers[-1], "không nêu hạn")


def test_today_after_a_turn_about_an_old_plan_is_asked_of_the_chosen_locality(engine):
    day = dt.date(2025, 10, 5)
    answers = chat(
        engine, "còn ở Đức Trọng năm 2021 chủ đề là gì", "hôm nay có hoạt động gì", chosen="thanhbinh-2025", today=day
    )
    assert answers[0].plans == ["ductrong-2021"]
    assert answers[-1].plans == ["thanhbinh-2025"] and has(answers[-1], "05/10/2025")


def test_another_place_after_a_question_is_asked_in_the_questions_own_word_order(engine):
    # "ai ký" rebuilt as "ký ai" lost the signer: Đăk Plô was answered with a school task
    answers = chat(engine, "kế hoạch Thanh Bình ai ký", "thế Đăk Plô thì sao")
    assert answers[-1].status == "unknown" and has(answers[-1], "không nêu người ký")
    answers = chat(engine, "kế hoạch Thanh Bình ai ký", "còn An Lão", today=dt.date(2023, 10, 2))
    assert answers[-1].status == "answered" and has(answers[-1], "Nguyễn Mạnh Thắng")


def test_the_first_or_second_of_a_list_just_given_is_that_item(engine):
    answers = chat(engine, "Thanh Bình có mấy chuyên đề", "cái đầu tiên là gì", "hôm đó là thứ mấy")
    assert has(answers[1], "Chuyên đề đầu tiên", "03/10/2025") and "Ưu tiên" not in answers[1].text
    assert has(answers[2], "Ngày 03/10/2025 là thứ Sáu")
    answers = chat(engine, "Thanh Bình có mấy chuyên đề", "còn cái thứ hai")
    assert has(answers[-1], "05/10/2025") and "03/10/2025" not in answers[-1].text


def test_a_yes_no_follow_up_is_checked_on_its_own_words_not_the_previous_questions(engine):
    # the previous question's words ("phát động trên phạm vi") are context, not what the yes asks for
    _, answer = chat(
        engine,
        "Tuần lễ 2021 ở Đức Trọng được phát động trên phạm vi nào?",
        "ở đó có tổ chức lớp học trực tuyến cho người lớn ko",
        today=dt.date(2021, 9, 30),
    )
    assert answer.status == "answered" and answer.text.startswith("Có.")


def test_a_yes_no_about_that_day_is_no_when_the_thing_is_on_another_day(engine):
    _, other_day = chat(engine, "ngay 5/10 o thanh binh co chuyen de gi", "hôm đó có lễ khai giảng ko")
    _, same_day = chat(engine, "ngay 6/10 o thanh binh co gi", "hôm đó có lễ khai giảng ko")
    assert other_day.text.startswith("Không.") and "06/10/2025" in other_day.text
    assert same_day.text.startswith("Có.")


def test_what_time_it_starts_after_an_event_is_that_events_hour(engine):
    # "bắt đầu" cued the week's period, which has no hour: "không nêu giờ"
    _, answer = chat(engine, "cho hỏi lễ khai giảng ở Thanh Bình tổ chức ở đâu", "mấy giờ bắt đầu")
    assert answer.status == "answered" and answer.text.startswith("Lúc 13h30 ngày 06/10/2025")


def test_a_new_question_about_that_plan_is_answered_for_its_locality_not_as_the_previous_topic(engine):
    _, based = chat(engine, "chủ đề ở Nam Triệu là gì", "kế hoạch ấy thực hiện theo văn bản nào nhỉ")
    assert based.status == "answered" and "3929" in based.text
    assert "Học tập để phát triển bản thân" not in based.text


def test_that_reports_deadline_after_a_question_on_the_report_form_is_the_deadline(engine):
    form, deadline, other = chat(
        engine,
        "mẫu báo cáo của An Lão có mục thư viện không",
        "báo cáo đó nộp trước ngày nào",
        "còn ở Nam Triệu thì sao",
    )
    assert "Thư viện" in form.text
    assert "13/10/2023" in deadline.text and "Mẫu báo cáo" not in deadline.text
    assert other.plans == ["namtrieu-2025"] and "20/10/2025" in other.text


def test_whether_sending_today_is_in_time_checks_the_deadline_just_given(engine):
    _, check = chat(
        engine,
        "các trường ở Đăk Plô nộp báo cáo trước ngày nào",
        "mai mới nộp có kịp không",
        today=dt.date(2025, 10, 9),
    )
    assert check.status == "answered" and "11/10/2025" in check.text
    assert "chưa hết hạn" in check.text


def test_what_else_that_day_is_another_fact_of_the_day_just_given(engine):
    _, ceremony, other = chat(
        engine,
        "Tuần lễ ở An Lão diễn ra từ ngày nào",
        "khai mạc hôm nào",
        "ngày đó còn có hoạt động gì nữa",
        today=dt.date(2023, 9, 30),
    )
    assert "02/10/2023" in ceremony.text
    assert other.status == "answered" and "Khuyến học Việt Nam" in other.text
