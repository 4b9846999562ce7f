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
