"""The one rule for a score written as text (meshdesk.io.table.parse_score).

A score is ASCII digits with at most one decimal separator (the point; the comma too where
the source uses it), plain spaces around it allowed, nothing else. Python's float() reads far
more ("0_5", Arabic-Indic and full-width digits, "1e-400" as 0, "nan", odd Unicode spaces),
and each of those must be refused with a reason, never read as some number.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meshdesk.io.table import Problems, parse_score, parse_table

# the rule, stated independently of the code under test
RULE = re.compile(r" *([0-9]+([.,][0-9]*)?|[.,][0-9]+) *", re.ASCII)


def rule_value(text: str, decimal_comma: bool) -> float | None:
    """The score the rule reads from text, or None if the rule refuses it (NaN: empty)."""
    if text.strip(" ") == "":
        return math.nan
    match = RULE.fullmatch(text)
    if match is None or ("," in match[1] and not decimal_comma):
        return None
    value = float(Decimal(match[1].replace(",", ".")))
    return value if value <= 10 else None


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("5", False, 5.0),
        ("  6.5 ", False, 6.5),
        ("0", False, 0.0),
        ("10", False, 10.0),
        ("10.000", False, 10.0),
        ("007", False, 7.0),
        (".5", False, 0.5),
        ("5.", False, 5.0),
        ("6,5", True, 6.5),
        ("6.5", True, 6.5),  # the point is a decimal separator everywhere
        (",25", True, 0.25),
        ("", False, math.nan),
        ("   ", False, math.nan),
        ("0." + "0" * 400 + "1", False, 0.0),  # plain digits: only rounding, no misreading
    ],
)
def test_scores_the_rule_accepts(text, decimal_comma, expected):
    result = parse_score(text, decimal_comma)
    assert isinstance(result, float)
    assert result == expected or (math.isnan(expected) and math.isnan(result))


@pytest.mark.parametrize(
    ("text", "decimal_comma", "message"),
    [
        # float() accepts all of these
        ("0_5", False, '"0_5" is not a number from 0 to 10'),
        (
            "\u0665",
            False,
            '"\u0665" has the digit \u0665 (U+0665 ARABIC-INDIC DIGIT FIVE); '
            "write scores with the digits 0 to 9",
        ),
        ("\uff15", False, "(U+FF15 FULLWIDTH DIGIT FIVE); write scores with the digits 0 to 9"),
        ("\u0661\u066b\u0665", True, "has the digit \u0661 (U+0661 ARABIC-INDIC DIGIT ONE)"),
        (
            "1e-400",
            False,
            '"1e-400" is in exponent notation; write the score as plain digits, such as 7.5',
        ),
        ("5E0", False, '"5E0" is in exponent notation'),
        ("inf", False, '"inf" is not a finite number'),
        ("-Infinity", False, '"-Infinity" is not a finite number'),
        ("nan", False, '"nan" is not a score; leave the cell empty for "not scored"'),
        ("NaN", True, '"NaN" is not a score'),
        (
            "\u00a05",
            False,
            '"\\xa05" contains U+00A0 NO-BREAK SPACE; a score is the digits 0 to 9 with at '
            "most one decimal point, and only plain spaces around it",
        ),
        ("5\u2003", False, '"5\\u2003" contains U+2003 EM SPACE'),
        (
            "\u00a0",
            False,
            '"\\xa0" holds only U+00A0 NO-BREAK SPACE and the like; empty the cell for '
            '"not scored"',
        ),
        ("\t \t", True, '"\\t \\t" holds only a tab (U+0009)'),
        ("5\t", False, '"5\\t" contains a tab (U+0009)'),
        ("\n5", False, '"\\n5" contains a line break (U+000A)'),
        ("5\x00", False, '"5\\x00" contains a NUL (U+0000)'),
        ("5\x1b[2J", False, '"5\\x1b[2J" contains the control character U+001B'),
        ("\u202e5", False, '"\\u202e5" contains U+202E RIGHT-TO-LEFT OVERRIDE'),
        ("+5", False, '"+5" has a sign; write the score as plain digits from 0 to 10'),
        ("-0", False, '"-0" has a sign'),
        # the separators
        ("5\u066b5", True, '"5\u066b5" contains U+066B ARABIC DECIMAL SEPARATOR'),
        ("6,5", False, '"6,5" has a decimal comma, which this table does not use; write 6.5'),
        ("1,000", False, "has a decimal comma"),
        ("1.2.3", False, '"1.2.3" is not a number from 0 to 10'),
        ("6,5.1", True, '"6,5.1" is not a number from 0 to 10'),
        (".", False, '"." is not a number from 0 to 10'),
        ("5 5", False, '"5 5" is not a number from 0 to 10'),
        # the range
        ("11", False, "11 is outside the score range 0 to 10"),
        ("10.0001", False, "10.0001 is outside the score range 0 to 10"),
        ("-1", False, "-1 is outside the score range 0 to 10"),
        ("9" * 400, False, f"{'9' * 37}... is outside the score range 0 to 10"),
        ("high", False, '"high" is not a number from 0 to 10'),
        ("½", False, '"½" is not a number from 0 to 10'),
    ],
)
def test_scores_the_rule_refuses_and_why(text, decimal_comma, message):
    result = parse_score(text, decimal_comma)
    assert isinstance(result, str), f"{text!r} was read as {result!r}"
    assert message in result


@pytest.mark.parametrize(
    "text",
    ["0_5", "\u0665", "\uff15", "1e-400", "inf", "nan", "infinity", "\u00a05\u2003", " 5\t", "-0"],
)
def test_what_float_reads_but_the_rule_refuses(text):
    """The misreads the rule exists for: float() takes each of these for a number."""
    assert not math.isnan(float(text)) or text == "nan"
    assert isinstance(parse_score(text), str)
    assert isinstance(parse_score(text, decimal_comma=True), str)


def test_numbers_of_a_spreadsheet_are_taken_as_they_are():
    assert parse_score(7) == 7.0
    assert parse_score(1e-300) == 1e-300
    assert parse_score(None) != parse_score(None)  # NaN
    assert parse_score(True) == "True is not a number from 0 to 10"
    assert parse_score(float("inf")) == "inf is not a finite number"
    assert parse_score(10.5) == "10.5 is outside the score range 0 to 10"


# Text made of the pieces float() and people use in numbers, so that examples that float()
# reads are frequent: ASCII and other decimal digits, separators, signs, exponents, the words
# float() knows, spaces of every kind, controls and bidi marks.
PIECES = [
    *"0123456789",
    *"0123456789",
    ".",
    ",",
    ".",
    "_",
    "e",
    "E",
    "+",
    "-",
    " ",
    " ",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\u00a0",
    "\u1680",
    "\u2000",
    "\u2007",
    "\u2009",
    "\u200b",
    "\u202f",
    "\u205f",
    "\u3000",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\u066b",
    "\u066c",
    "\u2212",
    "\u0660",
    "\u0665",
    "\u06f5",
    "\u0967",
    "\uff10",
    "\uff15",
    "\U0001d7d3",
    "\u00b2",
    "\u00bd",
    "inf",
    "infinity",
    "nan",
    "x",
]
score_like = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
any_text = st.one_of(score_like, st.text(max_size=12))


@settings(max_examples=1500, deadline=None)
@given(any_text, st.booleans())
def test_only_the_rule_gives_a_number(text, decimal_comma):
    """Whatever the text, parse_score reads exactly what the rule reads, or refuses it with
    one printable line (no control character, bidi mark or odd space reaches a terminal)."""
    expected = rule_value(text, decimal_comma)
    result = parse_score(text, decimal_comma)
    if expected is None:
        assert isinstance(result, str), f"{text!r} was read as {result!r}"
        assert result.isprintable(), result  # one line; nothing that acts on a terminal
        assert len(result) < 300
    elif math.isnan(expected):
        assert isinstance(result, float) and math.isnan(result)
    else:
        assert result == expected


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 8).flatmap(lambda places: st.decimals(0, 10, places=places)),
    st.sampled_from([".", ","]),
    st.text(" ", max_size=2),
    st.text(" ", max_size=2),
)
def test_every_score_written_by_the_rule_is_read_back(number, point, before, after):
    written = before + format(number, "f").replace(".", point) + after
    assert parse_score(written, decimal_comma=True) == float(number)


@settings(max_examples=300, deadline=None)
@given(score_like)
def test_typed_and_pasted_scores_follow_the_same_rule(text):
    """The window reads typed cells (delegates) and pasted cells (grid) by this rule."""
    delegates = pytest.importorskip("meshdesk.ui.delegates")
    typed, pasted = delegates.parse_score_text(text), parse_score(text, decimal_comma=True)
    assert typed == pasted or (
        isinstance(typed, float) and isinstance(pasted, float) and math.isnan(typed + pasted)
    )


def test_a_comma_typed_in_a_german_locale_is_a_decimal_separator():
    delegates = pytest.importorskip("meshdesk.ui.delegates")
    from PySide6.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        assert delegates.parse_score_text("6,5") == 6.5
        assert delegates.parse_score_text("6.5") == 6.5
        # before, float() was the fallback: an Arabic-Indic six typed or pasted was 6
        assert isinstance(delegates.parse_score_text("\u0666"), str)
        assert isinstance(delegates.parse_score_text("1e-400"), str)
        assert delegates.parse_score_text("11") == "11 is outside the score range 0 to 10"
    finally:
        QLocale.setDefault(previous)


def test_every_bad_cell_of_a_table_is_reported_with_its_address():
    problems = Problems("scores.csv")
    rows = [
        ["Istio", "0_5"],
        ["Linkerd", "\u0665"],
        ["Kuma", "1e-400"],
        ["Cilium", "nan"],
        ["Consul", "\u00a05"],
        ["Envoy", "\uff15"],
        ["Traefik", "5\x00"],
    ]
    parse_table(["Tool", "Core"], rows, problems=problems, sheet="scores.csv")
    assert len(problems.items) == 7
    assert [item.split(":")[0] for item in problems.items] == [
        f"scores.csv!B{r}" for r in range(2, 9)
    ]
    assert problems.items[5].startswith('scores.csv!B7: "\uff15" has the digit')


def test_names_with_control_characters_are_refused_with_their_address():
    problems = Problems("t")
    table = parse_table(
        ["Tool", "Co\x1bre"], [["Is\u0085tio", "5"], ["Kuma", "6"]], problems=problems, sheet="S"
    )
    assert problems.items == [
        "S!B1: the criterion name contains the control character U+001B at position 3",
        "S!A2: the tool name contains the control character U+0085 at position 3",
    ]
    assert [t.name for t in table.tools] == ["Kuma"]
