from __future__ import annotations

import pytest

from meshdesk.core.errors import DataError
from meshdesk.io.yamlio import parse_yaml


def test_yes_no_stay_text_and_true_false_are_booleans():
    assert parse_yaml("a: yes\nb: no\nc: on\nd: true\ne: False\n", "f") == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": True,
        "e": False,
    }


def test_dates_stay_text_numbers_stay_numbers():
    assert parse_yaml("d: 2026-11-27\nn: 8.5\nv: 2.20\n", "f") == {
        "d": "2026-11-27",
        "n": 8.5,
        "v": 2.2,
    }


def test_python_tags_are_refused():
    with pytest.raises(DataError, match="is not valid YAML"):
        parse_yaml("x: !!python/object/apply:os.system ['echo hi']\n", "evil.yaml")


def test_syntax_error_names_line():
    with pytest.raises(DataError, match=r"bad\.yaml: is not valid YAML \(line 2, column"):
        parse_yaml("a: [1, 2\nb: c: d\n", "bad.yaml")


def alias_bomb(levels: int = 9, fan_out: int = 8) -> str:
    """The 'billion laughs' of YAML: each anchor repeats the previous one `fan_out` times."""
    lines = ["a0: &a0 [l, l, l, l, l, l, l, l]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan_out)}]")
    lines.append(f"organization: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def test_aliases_are_refused_before_anything_expands():
    """A 405-byte file of nested aliases took 30 s and 1.7 GB before it failed."""
    import time

    started = time.perf_counter()
    with pytest.raises(
        DataError,
        match=r"bomb\.yaml: cannot be read \(line 2, column \d+\): "
        r"it uses a YAML alias",
    ):
        parse_yaml(alias_bomb(), "bomb.yaml")
    assert time.perf_counter() - started < 5  # a hang detector, not a performance target
    with pytest.raises(DataError, match="alias"):
        parse_yaml("a: &x 1\nb: *x\n", "one.yaml")


def test_merge_keys_and_deep_nesting_are_one_sentence():
    with pytest.raises(DataError, match=r"line 3, column 3\): merge keys \(<<\) are not supported"):
        parse_yaml("a: {b: 1}\nc:\n  <<: {d: 2}\n", "merge.yaml")
    with pytest.raises(DataError, match=r"nested more than 100 levels deep"):
        parse_yaml("[" * 500 + "]" * 500, "deep.yaml")


def test_a_json_answers_file_nested_100000_deep_is_one_sentence(tmp_path, questionnaire):
    from meshdesk.io.questionnaire import load_answers

    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(DataError, match=r"deep\.json: is nested too deeply"):
        load_answers(path, questionnaire)
