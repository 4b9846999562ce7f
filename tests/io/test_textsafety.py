from __future__ import annotations

import pytest

from meshdesk.io.textsafety import escape_for_csv, looks_like_formula, unescape_from_csv


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-2",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "\nx",
        "\uff1d1+1",
        "\uff0b1",
        "\uff0d1",
        "\uff20x",
    ],
)
def test_formula_triggers_are_escaped_and_restored(text):
    assert looks_like_formula(text)
    escaped = escape_for_csv(text)
    assert escaped == "'" + text
    assert unescape_from_csv(escaped) == text


@pytest.mark.parametrize("text", ["Istio", "", "'quoted", "a=b", " =x"])
def test_plain_text_is_untouched(text):
    assert escape_for_csv(text) == text
    assert unescape_from_csv(text) == text


@pytest.mark.parametrize("text", ["'=x", "''=x", "'+1", "'", "''", "'quoted", "''quoted"])
def test_text_with_its_own_apostrophes_comes_back_as_typed(text):
    escaped = escape_for_csv(text)
    assert unescape_from_csv(escaped) == text
    # A spreadsheet that drops the escape apostrophe never sees a formula.
    assert not looks_like_formula(escaped)
