"""The one rounding rule (meshdesk.core.numbers): what a spreadsheet shows for the same number."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meshdesk.core.numbers import fixed, rounded, significant


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (9.25, 1, "9.3"),  # Python's f"{9.25:.1f}" says 9.2
        (9.35, 1, "9.4"),
        (8.745, 2, "8.75"),  # the binary value is just below 8.745
        (8.739999999999998, 2, "8.74"),
        (0.05, 1, "0.1"),
        (10.0, 1, "10.0"),
        (7.0, 0, "7"),
        (-0.04, 1, "0.0"),  # never "-0.0"
        (2.5, 0, "3"),
    ],
)
def test_half_away_from_zero_on_the_written_value(value, places, shown):
    assert fixed(value, places) == shown


def test_nan_shows_nothing_and_infinity_a_sign():
    assert fixed(math.nan, 2) == ""
    assert fixed(math.inf, 1) == "∞"


@given(st.floats(min_value=0, max_value=10, allow_nan=False), st.integers(0, 4))
def test_rounding_moves_a_value_by_at_most_half_a_step(value, places):
    assert abs(float(rounded(value, places)) - value) <= 0.5 * 10**-places + 1e-12


def test_significant_digits_for_csv():
    assert significant(8.739999999999998) == 8.74
    assert significant(1 / 3) == 0.3333333333
    assert significant(0.0) == 0.0
