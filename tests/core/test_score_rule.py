"""The one score rule every reader and edit applies (meshdesk.core.score_rule)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from meshdesk.core import score_rule
from meshdesk.core.errors import InputError


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, None),
        (10.0, None),
        (7.5, None),
        (math.nan, None),  # "not scored"
        (10.0001, "10.0001 is outside the score range 0 to 10"),
        (-1, "-1 is outside the score range 0 to 10"),
        (math.inf, "inf is outside the score range 0 to 10"),
        ("7", "'7' is not a number from 0 to 10"),
        (True, "True is not a number from 0 to 10"),
        (None, "None is not a number from 0 to 10"),
    ],
)
def test_number_problem(value: object, problem: str | None) -> None:
    assert score_rule.number_problem(value) == problem


def test_check_score_names_the_place() -> None:
    assert score_rule.check_score(3, "here") == 3.0
    assert math.isnan(score_rule.check_score(math.nan, "here"))
    with pytest.raises(InputError, match=r"^Score of x: 11 is outside the score range 0 to 10\.$"):
        score_rule.check_score(11, "Score of x")


def test_mask_refuses_nan_and_infinities() -> None:
    values = np.array([0.0, 10.0, 10.5, -0.1, np.nan, np.inf])
    assert score_rule.in_range_mask(values).tolist() == [True, True, False, False, False, False]


def test_every_reader_uses_the_rule() -> None:
    """The table reader and the project reader say what the rule says."""
    from meshdesk.io.table import parse_score

    assert parse_score(12) == score_rule.number_problem(12)
    assert parse_score("12") == score_rule.outside_range("12")
    assert parse_score("x") == score_rule.not_a_number('"x"')
