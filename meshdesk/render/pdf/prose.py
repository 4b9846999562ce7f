"""Numbers and dates in the memo's words (the sentences about the decision are the report's,
meshdesk.report.text)."""

from __future__ import annotations

from datetime import date
from typing import Final

from meshdesk.core.numbers import fixed

MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """27 November 2026: the same in every locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def points(value: float) -> str:
    """A weight for a sentence: one decimal at most (17.4, 10, 0.5), rounded by the one rule
    (`meshdesk.core.numbers.fixed`)."""
    shown = fixed(value, 1)
    return shown[:-2] if shown.endswith(".0") else shown


def column_places(values: list[float]) -> int:
    """Decimals for a column of weights: none when every one is whole to one decimal (so the
    column reads 25, 15, 10), else one."""
    return 0 if all(fixed(v, 1).endswith(".0") for v in values) else 1


def signed(value: float, digits: int = 1) -> str:
    """+1.5, −0.2, 0.0: a change, with its sign (a true minus sign)."""
    shown = fixed(abs(value), digits)
    if float(shown) == 0:
        return fixed(0.0, digits)
    return f"+{shown}" if value > 0 else f"−{shown}"


def count(number: int, singular: str, plural: str | None = None) -> str:
    """'1 tool', '1,000 tools'."""
    word = singular if number == 1 else (plural or singular + "s")
    return f"{number:,} {word}"
