"""A sentence: our words with the user's values kept apart.

A renderer escapes the values for its format (PDF paragraph markup, Markdown, a terminal) and
may emphasise the ones marked strong, but it never rewords. Numbers are formatted by the one
rounding rule (meshdesk.core.numbers), so every rendering shows the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from meshdesk.core.numbers import fixed

WEIGHT_PLACES: Final = 1


@dataclass(frozen=True)
class Value:
    """A value from the user's data inside a sentence: escaped by every renderer."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Sentence:
    """Our words with the user's values apart: parts are either template text (ours, safe
    as written) or `Value`s."""

    parts: tuple[str | Value, ...]

    def render(self, escape: Callable[[str], str], strong: Callable[[str], str]) -> str:
        out = []
        for part in self.parts:
            if isinstance(part, Value):
                value = escape(part.text)
                out.append(strong(value) if part.strong else value)
            else:
                out.append(part)
        return "".join(out)

    def __str__(self) -> str:
        return "".join(p.text if isinstance(p, Value) else p for p in self.parts)


def say(template: str, *values: str | Value) -> Sentence:
    """A sentence from a template whose `{}` take the values (plain str: a plain value)."""
    pieces = template.split("{}")
    if len(pieces) != len(values) + 1:
        raise ValueError(f"{template!r} takes {len(pieces) - 1} values, not {len(values)}")
    parts: list[str | Value] = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        parts.append(value if isinstance(value, Value) else Value(value))
        parts.append(piece)
    return Sentence(tuple(p for p in parts if p != ""))


def strong(text: str) -> Value:
    return Value(text, strong=True)


def names(items: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    listed = list(items)
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} and {listed[-1]}"


def percent(value: float) -> str:
    return f"{fixed(value, WEIGHT_PLACES)}%"


def some_names(items: Sequence[str], limit: int = 6) -> str:
    """names(), but at most `limit` of them: 'A, B, C and 12 more'."""
    if len(items) <= limit:
        return names(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


def short_number(value: float) -> str:
    """A score or a weight in a sentence: one decimal at most (9, 8.5, 17.4)."""
    shown = fixed(value, 1)
    return shown[:-2] if shown.endswith(".0") else shown


def finished(text: str) -> str:
    """A sentence as it is given: stripped, ending in a full stop."""
    body = text.strip()
    return body if body.endswith((".", "!", "?")) else body + "."


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sources(ids: Sequence[str]) -> str:
    """` [K1, K2]`: the source ids behind a fact, as every reason cites them."""
    return f" [{', '.join(ids)}]" if ids else ""
