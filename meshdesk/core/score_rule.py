"""The score rule, in one place: a score is a finite number from 0 to 10, and NaN means
"not scored". Every reader of scores (project files, tables, typed and pasted cells) and
every edit applies it through these functions, with the same words for the same problem."""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

from meshdesk.core.errors import InputError

SCORE_MIN: Final = 0.0
SCORE_MAX: Final = 10.0
SCALE: Final = f"{SCORE_MIN:g} to {SCORE_MAX:g}"  # "0 to 10", as messages say it


def in_range(number: float) -> bool:
    """Whether a number is a score (NaN, "not scored", is not in range)."""
    return SCORE_MIN <= number <= SCORE_MAX


def in_range_mask(values: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Which values of an array are scores (NaN and infinities are not)."""
    with np.errstate(invalid="ignore"):
        return np.isfinite(values) & (values >= SCORE_MIN) & (values <= SCORE_MAX)


def outside_range(shown: str) -> str:
    """The problem of a number outside the scale, shown as the user wrote it."""
    return f"{shown} is outside the score range {SCALE}"


def not_a_number(shown: str) -> str:
    """The problem of a value that is not a number at all."""
    return f"{shown} is not a number from {SCALE}"


def number_problem(value: object) -> str | None:
    """Why a value meant as a number is not a score, or None when it is one (NaN included:
    callers that refuse "not scored" cells check for it first)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return not_a_number(repr(value))
    number = float(value)
    if math.isnan(number) or in_range(number):
        return None
    return outside_range(f"{number:g}")


def check_score(value: float, where: str) -> float:
    """A score is a finite number from 0 to 10, or NaN for "not scored"."""
    problem = number_problem(value)
    if problem is not None:
        raise InputError(f"{where}: {problem}.")
    return float(value)
