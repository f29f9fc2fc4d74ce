"""The knowledge base loads, and every kind of breakage is reported as file:line: field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.kb.loader import DEFAULT_PLANS_DIR, KnowledgeBaseError, load_plans

ROOT = Path(__file__).resolve().parents[1]
PLAN_IDS = {"dakplo-2025", "anlao-2023", "namtrieu-2025", "thanhbinh-2025", "ductrong-2021"}


def test_the_five_plans_load_and_validate():
    plans = load_plans(DEFAULT_PLANS_DIR)
    assert {p.id for p in plans} == PLAN_IDS


def test_check_kb_prints_one_line_per_plan_and_exits_zero():
    out = subprocess.run(
        [sys.executable, "run_bot.py", "check-kb"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.startswith("ok ")]
    assert len(lines) == 5
    assert all(any(pid in line for line in lines) for pid in PLAN_IDS)


def _copy_plan(tmp_path: Path, plan_id: str = "namtrieu-2025") -> Path:
    target = tmp_path / f"{plan_id}.yaml"
    shutil.copy(DEFAULT_PLANS_DIR / f"{plan_id}.yaml", target)
    return target


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"sample text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def _problems(directory: Path) -> str:
    with pytest.raises(KnowledgeBaseError) as info:
        load_plans(directory)
    return str(info.value)


def test_bad_yaml_is_reported_with_file_and_line(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "  start: 2025-10-01", "  start: [2025-10-01")
    message = _problems(tmp_path)
    assert f"{path}:" in message and "invalid YAML" in message


def test_missing_field_names_the_field(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "year: 2025\n", "")
    message = _problems(tmp_path)
    assert f"{path}:" in message and "year: Field required" in message


def test_impossible_date_names_file_line_and_field(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "  start: 2025-10-01", "  start: 2025-02-30")
    line = _line_of(path, "start: 2025-02-30")
    message = _problems(tmp_path)
    assert f"{path}:{line}: period.start:" in message


def test_end_before_start_is_rejected(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "  end: 2025-10-07", "  end: 2025-09-07")
    message = _problems(tmp_path)
    assert "period" in message and "before start" in message


def test_duplicate_unit_id_is_rejected(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "  - id: phong-vhxh", "  - id: ubnd-phuong")
    assert "duplicate id 'ubnd-phuong'" in _problems(tmp_path)


def test_duplicate_yaml_key_is_rejected_with_its_line(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "year: 2025\n", "year: 2025\nyear: 2024\n")
    line = _line_of(path, "year: 2024")
    assert f"{path}:{line}: year: duplicate key" in _problems(tmp_path)


def test_unknown_unit_reference_is_rejected(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "issuer: ubnd-phuong", "issuer: ubnd-khong-co")
    assert "unknown unit 'ubnd-khong-co'" in _problems(tmp_path)


def test_unknown_field_is_rejected(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "year: 2025\n", "year: 2025\nthem: typo\n")
    line = _line_of(path, "them: typo")
    assert f"{path}:{line}: them: Extra inputs are not permitted" in _problems(tmp_path)


def test_plan_id_must_match_file_name(tmp_path):
    path = _copy_plan(tmp_path)
    path.rename(tmp_path / "other-2025.yaml")
    assert "does not match the file name" in _problems(tmp_path)


def test_check_kb_on_a_broken_file_exits_non_zero_without_traceback(tmp_path):
    path = _copy_plan(tmp_path)
    _break(path, "  start: 2025-10-01", "  start: 2025-13-01")
    out = subprocess.run(
        [sys.executable, "run_bot.py", "check-kb", "--plans-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert f"{path}:" in out.stderr and "period.start" in out.stderr


def test_a_sixth_plan_is_just_one_more_file(tmp_path):
    for plan_id in PLAN_IDS:
        _copy_plan(tmp_path, plan_id)
    sixth = tmp_path / "namtrieu-2026.yaml"
    text = (DEFAULT_PLANS_DIR / "namtrieu-2025.yaml").read_text(encoding="utf-8")
    sixth.write_text(
        text.replace("id: namtrieu-2025", "id: namtrieu-2026")
        .replace("year: 2025", "year: 2026")
        .replace("2025-10-0", "2026-10-0")
        .replace("2025-10-", "2026-10-"),
        encoding="utf-8",
    )
    plans = load_plans(tmp_path)
    assert "namtrieu-2026" in {p.id for p in plans}


# (document, whether the plain reader handles it itself)
_YAML_SHAPES = [
    ("", True),
    ("# only a comment\n", True),
    ("~\n", True),
    ("a: 1\nb: [x, 'y', \"z\"]\nc:\n  - d: null\n    e: yes\n  - 2.5\n", True),
    ("year: 2025\ntime: 8:00\nempty:\nflag: off\nhex: 0x1f\nquoted: '2025'\nday: 2025-10-01\n", True),
    ("text with & ampersand: Q&A\nx: y\n", True),
    ("tagged: !!str 12\nbinary: !!binary aGVsbG8=\n", True),  # tagged scalars are made by PyYAML
    ("- a\n- b: [c, {d: e}]\n", True),
    ("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n", False),  # anchor, alias and merge key
    ("same: &s [1, 2]\nagain: *s\n", False),
    ("a: 1\nb: 2\na: 3\n", False),  # a duplicate key, reported with its line by PyYAML's reading
    ("outer:\n  k: 1\nlist:\n  - {x: 1, x: 2}\n", False),
    ("1: number key\ntrue: bool key\n", False),
    ("set: !!set {a, b}\n", False),
    ("? [complex, key]\n: value\n", False),
    ("weird: !custom thing\n", False),
    ("a: b: c\n", False),  # invalid YAML
]


@pytest.mark.parametrize(("text", "plain"), _YAML_SHAPES)
def test_the_plain_yaml_reader_gives_what_pyyaml_builds(text, plain):
    """Plan files are read by a faster walk over the parsed nodes; whatever a file holds, it gives the
    data of PyYAML's own construction, or leaves the file to it; the lines are PyYAML's."""
    import yaml

    from bot.kb.loader import _NotPlain, _parse_general, _parse_plain

    if not plain:
        with pytest.raises((yaml.YAMLError, _NotPlain)):
            _parse_plain(text)
        return
    found = _parse_plain(text)
    expected, _, duplicates = _parse_general(text)
    assert found == expected and not duplicates
    assert [type(v) for v in _walk(found)] == [type(v) for v in _walk(expected)]


def _walk(data):
    yield data
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _walk(value)
    elif isinstance(data, list):
        for item in data:
            yield from _walk(item)


def test_the_plan_files_are_read_by_the_plain_reader_identically():
    from bot.kb.loader import _parse_general, _parse_plain

    for path in sorted(DEFAULT_PLANS_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _parse_plain(text) == _parse_general(text)[0], path.name


def test_a_file_the_plain_reader_leaves_to_pyyaml_still_loads(tmp_path):
    path = _copy_plan(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source_file:", "x-template: &t {}\nsource_file:", 1), encoding="utf-8")
    assert "x-template" in _problems(tmp_path)  # an unknown field, found through PyYAML's reading
