"""Turning the engine's reasons into sentences, and numbers and dates into words.

The recommendation engine gives its reasons as clauses ("candidate because ...", "weighted
total 9.04, rank 1 of 10 ...", "meets must-have ..."). The memo reads better in sentences
with a subject, so each clause the engine is known to write gets one; any other clause is kept
as it is, capitalized. Every clause passes through `markup.text()`: reasons quote facts and
names a user may have typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from meshdesk.core.numbers import fixed
from meshdesk.io.memo.markup import Markup, join, markup, text

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

# (pattern, template): {s} is the subject ("Istio" or "It"), {p} its possessive.
_CLAUSES: Final = (
    (re.compile(r"candidate because (?P<rest>.+)", re.S), "{s} is a candidate because {rest}"),
    (
        re.compile(r"also a candidate because (?P<rest>.+)", re.S),
        "{s} is also a candidate because {rest}",
    ),
    (re.compile(r"not among (?P<rest>.+)", re.S), "{s} was not among {rest}"),
    (
        re.compile(r"weighted total (?P<total>\d+(?:\.\d+)?), (?P<rest>.+)", re.S),
        "{p} weighted total is {total}, {rest}",
    ),
    (re.compile(r"(?P<verb>scores|meets|fails) (?P<rest>.+)", re.S), "{s} {verb} {rest}"),
    # a caution: "licence X [S] is source-available rather than ..." (" is " before any colon)
    (re.compile(r"licence (?P<rest>[^:]+? is .+)", re.S), "{p} licence {rest}"),
    (re.compile(r"licence (?P<rest>.+)", re.S), "{p} licence is {rest}"),
    (re.compile(r"not part of (?P<rest>.+)", re.S), "{s} is not part of {rest}"),
    (
        re.compile(r"(?P<what>[A-Za-z][\w ]*?) status: (?P<rest>.+)", re.S),
        "{p} {what} status is {rest}",
    ),
)


def _finish(sentence: Markup, *, capitalize: bool) -> Markup:
    body = sentence.rstrip()
    if not body:
        return Markup("")
    if capitalize:
        body = body[0].upper() + body[1:]
    return Markup(body if body.endswith((".", "!", "?")) else body + ".")


def sentence(reason: str, subject: Markup, possessive: Markup) -> Markup:
    """One of the engine's clauses as a sentence about `subject`."""
    clause = reason.strip()
    for pattern, template in _CLAUSES:
        found = pattern.fullmatch(clause)
        if found:
            parts = {k: text(v) for k, v in found.groupdict().items()}
            return _finish(
                Markup(template.format(s=subject, p=possessive, **parts)), capitalize=False
            )
    return _finish(text(clause), capitalize=True)


def sentences(reasons: Sequence[str], name: str | None = None, *, also: bool = False) -> Markup:
    """The reasons as one paragraph; the first sentence names the tool when `name` is given.
    `also`: its candidacy was stated already (a later one is "also a candidate")."""
    out = []
    candidate = also
    for index, reason in enumerate(reasons):
        if index == 0 and name is not None:
            subject, possessive = markup("{}", name), markup("{}’s", name)
        else:
            subject, possessive = Markup("It"), Markup("Its")
        is_candidacy = reason.startswith("candidate because ")
        clause = f"also a {reason}" if is_candidacy and candidate else reason
        candidate = candidate or is_candidacy
        out.append(sentence(clause, subject, possessive))
    return join(" ", out)


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
