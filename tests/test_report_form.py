"""The report form as data: the real file, its helpers, and how broken files are reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.kb.loader import KnowledgeBaseError
from bot.reports.categories import categories_of_name, unit_categories
from bot.reports.form import DEFAULT_FORM_PATH, Form, FormError, load_form

EXPECTED_KEYS = [
    "plan_issued",
    "press_articles", "tv_reports", "radio_items", "wall_newspapers",
    "leaflets", "books_documents", "banners",
    "workshops", "workshop_participants", "exhibition_visitors", "art_performances",
    "staff_dx_classes", "staff_dx_participants",
    "language_it_classes", "language_it_participants",
    "vocational_classes", "vocational_participants",
    "life_skills_classes", "life_skills_participants",
    "learner_needs_classes", "learner_needs_participants",
    "libraries", "digital_resources", "library_activities", "online_readers",
    "clc_facilities", "clc_organisation", "clc_records", "clc_finance", "clc_activities",
    "awarded_units", "awarded_individuals", "award_budget",
]  # fmt: skip


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form(DEFAULT_FORM_PATH)


# -- the real form -------------------------------------------------------------------------------------


def test_default_form_file_loads_as_the_default_anlao_template(form: Form) -> None:
    assert form.id == "anlao-2023-mau"
    assert form.default is True
    assert form.source_file == "anlao-2023.txt"
    assert "học tập suốt đời" in form.title


def test_sections_follow_the_template_order(form: Form) -> None:
    titles = [s.title for s in form.sections]
    assert len(titles) == 8
    expected_starts = [
        "Kế hoạch tổ chức Tuần lễ",
        "Các phương tiện thông tin",
        "Các hoạt động tuyên truyền",
        "Hội thảo, tọa đàm, triển lãm",
        "Các lớp bồi dưỡng",
        "Thư viện",
        "Số Trung tâm HTCĐ",
        "Tổng kết, khen thưởng",
    ]
    for title, start in zip(titles, expected_starts, strict=True):
        assert title.startswith(start)


def test_indicator_keys_are_stable_and_in_form_order(form: Form) -> None:
    assert [i.key for i in form.indicators] == EXPECTED_KEYS


def test_indicator_keys_are_snake_case_ascii(form: Form) -> None:
    for indicator in form.indicators:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", indicator.key)


def test_plan_section_is_a_single_yes_no_question(form: Form) -> None:
    plan = form.sections[0]
    assert [i.kind for i in plan.indicators] == ["yesno"]
    assert plan.indicators[0].label == "Kế hoạch tổ chức Tuần lễ HTSĐ"


def test_each_kind_of_class_asks_classes_and_participants_separately(form: Form) -> None:
    classes = form.section("classes").indicators
    assert [i.kind for i in classes] == ["count", "people"] * 5
    assert all(i.unit == "lớp" for i in classes[::2])
    assert all(i.unit == "lượt" for i in classes[1::2])


def test_repeated_vocational_row_of_the_template_is_asked_once(form: Form) -> None:
    labels = [i.label for i in form.indicators]
    assert labels.count("Số lớp dạy nghề cho lao động nông thôn") == 1


def test_labels_repair_the_damaged_abbreviations(form: Form) -> None:
    text = " ".join([s.title for s in form.sections] + [i.label for i in form.indicators])
    assert not re.search(r"\bHTSD\b|\bHTCD\b", text)
    assert "HTSĐ" in text and "HTCĐ" in text


def test_every_figure_has_a_unit_and_a_sane_bound(form: Form) -> None:
    for indicator in form.indicators:
        if indicator.kind == "yesno":
            assert indicator.bound == 1
            continue
        assert indicator.unit, indicator.key
        assert indicator.max is not None and indicator.max > 0
    assert form.indicator("banners").max == 1000
    assert form.indicator("workshop_participants").max == 100_000
    assert form.indicator("award_budget").kind == "money"
    assert form.indicator("award_budget").max == 10_000_000_000


def test_aliases_cover_typing_with_and_without_diacritics(form: Form) -> None:
    banners = form.indicator("banners").aliases
    for word in ("băng rôn", "bang ron", "băng-rôn", "pa nô", "panô", "pano", "khẩu hiệu", "khau hieu"):
        assert word in banners
    assert {"tờ rơi", "to roi"} <= set(form.indicator("leaflets").aliases)
    assert {"hội thảo", "tọa đàm", "toạ đàm", "buổi tọa đàm"} <= set(form.indicator("workshops").aliases)
    assert {"người tham gia", "người", "lượt người"} <= set(form.indicator("workshop_participants").aliases)


def test_position_label_reads_cau_i_of_n(form: Form) -> None:
    total = len(EXPECTED_KEYS)
    assert form.position("plan_issued") == (1, total)
    assert form.position_label("banners") == f"câu 8/{total}"
    assert form.position_label("award_budget") == f"câu {total}/{total}"


def test_section_of_an_indicator_and_its_template_number(form: Form) -> None:
    assert form.section_of("workshop_participants").key == "events"
    assert form.section_number("workshop_participants") == 4
    assert form.section_number("award_budget") == 8


def test_unknown_indicator_key_names_the_form(form: Form) -> None:
    with pytest.raises(KeyError, match=r"anlao-2023-mau.*no_such"):
        form.indicator("no_such")


# -- broken files --------------------------------------------------------------------------------------

INDICATOR = """\
      - key: {key}
        label: {label}
        kind: {kind}
        unit: cái
        max: {max}
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "form.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def _form(*indicators: str, section_key: str = "a") -> str:
    head = f"id: thu-nghiem\ntitle: Thử nghiệm\nsections:\n  - key: {section_key}\n    title: Mục A\n    indicators:\n"
    return head + "".join(indicators)


def _problems(path: Path) -> list[str]:
    with pytest.raises(FormError) as caught:
        load_form(path)
    return caught.value.problems


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "id: x\ntitle: T\nsections:\n  - key: a\n    title: [chưa đóng\n")
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:6: invalid YAML")


def test_duplicate_indicator_key_points_at_the_second_key(tmp_path: Path) -> None:
    body = _form(
        INDICATOR.format(key="banners", label="B", kind="count", max=10),
        INDICATOR.format(key="banners", label="C", kind="count", max=10),
    )
    (problem,) = _problems(_write(tmp_path, body))
    assert problem.endswith(
        "form.yaml:12: sections[0](a).indicators[1](banners).key: duplicate indicator key 'banners' "
        "(already used at sections[0].indicators[0])"
    )


def test_duplicate_indicator_key_across_sections_is_refused(tmp_path: Path) -> None:
    body = _form(INDICATOR.format(key="banners", label="B", kind="count", max=10)) + (
        "  - key: b\n    title: Mục B\n    indicators:\n"
        + INDICATOR.format(key="banners", label="C", kind="count", max=10)
    )
    (problem,) = _problems(_write(tmp_path, body))
    assert ":15: sections[1](b).indicators[0](banners).key: duplicate indicator key 'banners'" in problem


def test_duplicate_section_key_is_refused(tmp_path: Path) -> None:
    body = _form(INDICATOR.format(key="x1", label="B", kind="count", max=10)) + (
        "  - key: a\n    title: Mục B\n    indicators:\n" + INDICATOR.format(key="x2", label="C", kind="count", max=10)
    )
    (problem,) = _problems(_write(tmp_path, body))
    assert ":12: sections[1](a).key: duplicate section key 'a'" in problem


def test_unknown_kind_names_line_field_and_allowed_kinds(tmp_path: Path) -> None:
    body = _form(INDICATOR.format(key="banners", label="B", kind="number", max=10))
    (problem,) = _problems(_write(tmp_path, body))
    assert problem.endswith(
        ":9: sections[0](a).indicators[0](banners).kind: unknown value 'number' "
        "(expected one of: count, people, money, yesno)"
    )


def test_missing_field_points_at_its_indicator(tmp_path: Path) -> None:
    body = _form("      - key: banners\n        kind: count\n        unit: cái\n        max: 10\n")
    (problem,) = _problems(_write(tmp_path, body))
    assert problem.endswith(":7: sections[0](a).indicators[0](banners).label: required field is missing")


def test_bound_must_be_positive(tmp_path: Path) -> None:
    body = _form(INDICATOR.format(key="banners", label="B", kind="count", max=0))
    (problem,) = _problems(_write(tmp_path, body))
    assert problem.endswith(":11: sections[0](a).indicators[0](banners).max: must be greater than 0 (got 0)")


def test_count_without_bound_is_refused(tmp_path: Path) -> None:
    body = _form("      - key: banners\n        label: B\n        kind: count\n        unit: cái\n")
    (problem,) = _problems(_write(tmp_path, body))
    assert problem.endswith(":7: sections[0](a).indicators[0](banners).max: max is required for a 'count' indicator")


def test_yes_no_indicator_needs_no_unit_nor_bound(tmp_path: Path) -> None:
    body = _form("      - key: plan_issued\n        label: Kế hoạch\n        kind: yesno\n")
    form = load_form(_write(tmp_path, body))
    assert form.indicator("plan_issued").bound == 1


def test_yes_no_indicator_with_another_bound_is_refused(tmp_path: Path) -> None:
    body = _form("      - key: plan_issued\n        label: Kế hoạch\n        kind: yesno\n        max: 5\n")
    (problem,) = _problems(_write(tmp_path, body))
    assert "indicators[0](plan_issued).max: a yesno indicator has max 1" in problem


def test_empty_alias_list_is_accepted_but_a_blank_alias_is_not(tmp_path: Path) -> None:
    ok = _form(INDICATOR.format(key="banners", label="B", kind="count", max=10) + "        aliases: []\n")
    assert load_form(_write(tmp_path, ok)).indicator("banners").aliases == ()
    bad = _form(INDICATOR.format(key="banners", label="B", kind="count", max=10) + '        aliases: [pano, " "]\n')
    (problem,) = _problems(_write(tmp_path, bad))
    assert ":12: sections[0](a).indicators[0](banners).aliases: an alias cannot be blank" in problem


def test_misspelt_field_is_reported_as_unknown(tmp_path: Path) -> None:
    body = _form(INDICATOR.format(key="banners", label="B", kind="count", max=10) + "        alias: [pano]\n")
    (problem,) = _problems(_write(tmp_path, body))
    assert problem.endswith(":12: sections[0](a).indicators[0](banners).alias: unknown field (check the spelling)")


def test_key_that_is_not_snake_case_is_refused(tmp_path: Path) -> None:
    body = _form(INDICATOR.format(key="Băng-rôn", label="B", kind="count", max=10))
    (problem,) = _problems(_write(tmp_path, body))
    assert ":7: sections[0](a).indicators[0](Băng-rôn).key: 'Băng-rôn' is not a valid id" in problem


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    body = _form(
        INDICATOR.format(key="banners", label="B", kind="number", max=10),
        INDICATOR.format(key="leaflets", label="L", kind="count", max=-1),
    )
    problems = _problems(_write(tmp_path, body))
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in problems] == ["9", "16"]


def test_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    (problem,) = _problems(_write(tmp_path, "- just\n- a list\n"))
    assert problem.endswith(":1: (form): the file must hold a mapping with id, title and sections")


def test_missing_file_is_a_form_error(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path / "none.yaml")
    assert "none.yaml: cannot read the file: No such file or directory" in problem  # bot.kb.loader's wording


def test_form_errors_are_knowledge_base_errors_ready_to_print(tmp_path: Path) -> None:
    body = _form(INDICATOR.format(key="banners", label="B", kind="number", max=10))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_form(_write(tmp_path, body))
    assert str(caught.value) == "\n".join(caught.value.problems)


# -- a form that fits the unit ---------------------------------------------------------------------------

#: The decision for each question (knowledge/report_form.yaml `applies_to`): who is NOT asked it.
#: Everything else is asked of every unit (its plan, press and radio items, leaflets, books, banners,
#: workshops, exhibitions, performances, classes for its staff, language/IT and life-skills classes,
#: library resources and activities, awards).
NOT_ASKED: dict[str, set[str]] = {
    "school": {
        "vocational_classes", "vocational_participants", "learner_needs_classes", "learner_needs_participants",
        "libraries", "clc_facilities", "clc_organisation", "clc_records", "clc_finance", "clc_activities",
    },
    "learning_centre": {"wall_newspapers", "libraries", "online_readers"},
    "training_centre": {
        "libraries", "clc_facilities", "clc_organisation", "clc_records", "clc_finance", "clc_activities",
    },
    "commune": {"wall_newspapers", "online_readers"},
    "agency": {
        "wall_newspapers", "libraries", "online_readers",
        "clc_facilities", "clc_organisation", "clc_records", "clc_finance", "clc_activities",
    },
}  # fmt: skip


@pytest.mark.parametrize("category", sorted(NOT_ASKED))
def test_each_category_of_unit_is_asked_the_questions_that_apply_to_it(form: Form, category: str) -> None:
    restricted = form.restricted_to(frozenset({category}))  # type: ignore[arg-type]
    asked = [i.key for i in restricted.indicators]
    assert asked == [k for k in EXPECTED_KEYS if k not in NOT_ASKED[category]]
    assert restricted.question_count == 34 - len(NOT_ASKED[category])
    assert restricted.position(asked[-1]) == (len(asked), len(asked))  # "câu i/N" counts what is asked
    assert restricted.whole is form and restricted.id == form.id


def test_a_school_is_asked_24_questions_and_a_commune_32(form: Form) -> None:
    assert form.restricted_to(frozenset({"school"})).question_count == 24
    assert form.restricted_to(frozenset({"commune"})).question_count == 32
    school = form.restricted_to(frozenset({"school"}))
    assert [s.key for s in school.sections] == [
        "plan", "media", "propaganda", "events", "classes", "library", "awards",
    ]  # fmt: skip  # the Trung tâm HTCĐ section is gone, the numbering of sections follows
    assert school.section_number("award_budget") == 7


def test_a_unit_of_several_categories_is_asked_what_applies_to_any_of_them(form: Form) -> None:
    both = form.restricted_to(frozenset({"school", "learning_centre"}))
    asked = {i.key for i in both.indicators}
    assert "wall_newspapers" in asked and "clc_facilities" in asked and "libraries" not in asked


def test_a_unit_of_no_known_category_is_asked_everything(form: Form) -> None:
    assert form.restricted_to(frozenset()) is form


def test_an_indicator_list_replaces_its_sections(tmp_path: Path) -> None:
    body = _form(
        INDICATOR.format(key="a1", label="A1", kind="count", max=10),
        INDICATOR.format(key="a2", label="A2", kind="count", max=10) + "        applies_to: [school]\n",
    ).replace("    title: Mục A\n", "    title: Mục A\n    applies_to: [commune]\n")
    form = load_form(_write(tmp_path, body))
    assert [i.key for i in form.restricted_to(frozenset({"commune"})).indicators] == ["a1"]
    assert [i.key for i in form.restricted_to(frozenset({"school"})).indicators] == ["a2"]


def test_an_unknown_category_names_line_field_and_the_known_ones(tmp_path: Path) -> None:
    body = _form(INDICATOR.format(key="a1", label="A1", kind="count", max=10) + "        applies_to: [truong]\n")
    (problem,) = _problems(_write(tmp_path, body))
    assert problem.endswith(
        ":12: sections[0](a).indicators[0](a1).applies_to[0]: unknown value 'truong' "
        "(expected one of: school, learning_centre, training_centre, commune, agency)"
    )


def test_a_category_listed_twice_is_refused(tmp_path: Path) -> None:
    body = _form(
        INDICATOR.format(key="a1", label="A1", kind="count", max=10) + "        applies_to: [school, school]\n"
    )
    (problem,) = _problems(_write(tmp_path, body))
    assert ":12: sections[0](a).indicators[0](a1).applies_to: a category is listed twice" in problem


# -- dates and years come from the plan ------------------------------------------------------------------


def _plan(plans, plan_id: str):
    return next(p for p in plans if p.id == plan_id)


def test_no_year_of_the_2023_template_is_shown_for_a_2025_plan(form: Form, plans) -> None:
    rendered = form.rendered(_plan(plans, "namtrieu-2025"))
    texts = [rendered.title] + [s.title for s in rendered.sections]
    texts += [t for i in rendered.indicators for t in (i.label, i.help or "")]
    assert not any("2023" in t or "{" in t or "[" in t for t in texts)
    assert rendered.title.endswith("học tập suốt đời năm 2025")
    assert rendered.indicator("libraries").label.endswith("có thư viện (năm học 2025-2026)")


def test_the_template_plan_gets_its_own_year(form: Form, plans) -> None:
    rendered = form.rendered(_plan(plans, "anlao-2023"))
    assert rendered.title.endswith("năm 2023")
    assert rendered.indicator("libraries").label.endswith("(năm học 2023-2024)")


def test_a_plan_without_a_period_drops_the_dated_part(form: Form, plans) -> None:
    plan = _plan(plans, "dakplo-2025").model_copy(update={"period": None})
    label = form.rendered(plan).indicator("libraries").label
    assert label.endswith("Trung tâm HTCĐ) có thư viện") and "năm học" not in label


def test_every_placeholder_is_filled_from_the_plan(tmp_path: Path, plans) -> None:
    body = _form(
        INDICATOR.format(
            key="a1",
            label="Lớp học ở {locality} năm {year}[ (từ {period_start} đến {period_end})]",
            kind="count",
            max=9,
        )
    )
    form = load_form(_write(tmp_path, body))
    label = form.rendered(_plan(plans, "dakplo-2025")).indicator("a1").label
    assert label == "Lớp học ở xã Đăk Plô năm 2025 (từ 01/10/2025 đến 07/10/2025)"


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Số lớp {nam}", "unknown placeholder '{nam}' (known: year, locality, school_year, period_start, period_end)"),
        ("Số lớp năm học {school_year}", "'{school_year}' may be missing from a plan: put it inside '[ ... ]'"),
        ("Số lớp [năm {year}", "unbalanced '[' / ']'"),
        ("Số lớp năm {year", "unbalanced '{' / '}'"),
    ],
)
def test_a_broken_placeholder_names_line_and_field(tmp_path: Path, label: str, message: str) -> None:
    body = _form(INDICATOR.format(key="a1", label=f'"{label}"', kind="count", max=10))
    (problem,) = _problems(_write(tmp_path, body))
    assert ":8: sections[0](a).indicators[0](a1).label: " in problem and message in problem


# -- which category a unit is ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan_id", "kind", "name", "expected"),
    [
        ("dakplo-2025", "cac-truong", "Trường Tiểu học xã Đăk Plô (ví dụ)", {"school"}),
        ("dakplo-2025", "cac-truong", "Trường PTDTBT TH&THCS xã Đăk Plô", {"school"}),
        ("anlao-2023", "ubnd-cac-xa", "UBND xã A, huyện An Lão", {"commune"}),
        ("thanhbinh-2025", "tthtcd", "Trung tâm học tập cộng đồng xã Thanh Bình", {"learning_centre"}),
        ("ductrong-2021", "trung-tam-gdnn-gdtx", "Trung tâm GDNN-GDTX huyện Đức Trọng", {"training_centre"}),
        ("anlao-2023", "hoi-khuyen-hoc-huyen", "Hội Khuyến học huyện An Lão", {"agency"}),
        # a group of several kinds: the unit's own name says which one it is
        ("anlao-2023", "cac-co-so-giao-duc", "Trường THCS huyện An Lão", {"school"}),
        ("anlao-2023", "cac-co-so-giao-duc", "Trung tâm GDNN-GDTX huyện An Lão", {"training_centre"}),
        ("ductrong-2021", "cac-co-so-giao-duc", "Trung tâm HTCĐ xã Hiệp An", {"learning_centre"}),
        ("ductrong-2021", "cac-co-so-giao-duc", "Điểm trường thôn 3", {"school", "learning_centre"}),
        # the plan's explicit category wins over the name ("Phòng ..." reads as an agency)
        ("namtrieu-2025", "phong-vhxh", "Phòng Văn hóa - Xã hội phường Nam Triệu", {"commune"}),
        # a kind the plan does not have: the unit's name alone; nothing readable: every question
        ("namtrieu-2025", "khong-co", "Trường Mầm non Hoa Sen", {"school"}),
        ("namtrieu-2025", "khong-co", "Tổ công tác số 2", set()),
    ],
)
def test_the_category_of_a_unit_comes_from_its_group_and_its_name(plans, plan_id, kind, name, expected) -> None:
    assert unit_categories(_plan(plans, plan_id), kind, name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Các đơn vị trường học trên địa bàn xã", {"school"}),
        ("Ủy ban nhân dân các xã, thị trấn huyện An Lão", {"commune"}),
        ("UBND phường Nam Triệu", {"commune"}),
        ("Ủy ban nhân dân huyện Đức Trọng", {"agency"}),  # a district body reports what it did itself
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã Thanh Bình", {"agency"}),
        ("Trung tâm VH-TT-TT huyện Đức Trọng", {"agency"}),
        ("Phòng Tài nguyên và Môi trường", {"agency"}),  # "môi trường" is no school
        ("Các cơ sở giáo dục, trung tâm HTCĐ trên địa bàn huyện", {"school", "learning_centre"}),
        ("TTHTCĐ xã Thanh Bình", {"learning_centre"}),
    ],
)
def test_the_rule_reads_categories_from_a_name(name: str, expected: set[str]) -> None:
    assert categories_of_name(name) == expected
