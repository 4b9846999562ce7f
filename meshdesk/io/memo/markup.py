"""Paragraph markup that only code can write.

reportlab's Paragraph parses an XML-like markup whose attributes reach colour parsing, URL
loading and more (CVE-2023-33733 ran code through a `<font color>`). So every piece of text a
user typed (tool and criterion names, notes, sources, answers, titles) enters a paragraph
escaped, and shows literally. `Markup` is a `str` that is known to be safe: `text()` escapes
user text into it, `markup()` fills a code-written template with escaped arguments, and the
paragraph factory in `styles` refuses anything that is not `Markup`.

Characters the memo's font lacks (most CJK, for instance) are collected while a memo is
built, so the memo can say which ones show as empty boxes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final
from xml.sax.saxutils import escape

# C0 and C1 controls except tab and newline, and lone surrogates (JSON can carry them): none of
# them can be drawn, and some break the PDF's text encoding.
_UNDRAWABLE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ATTRIBUTE_QUOTES: Final = {'"': "&quot;", "'": "&#39;"}
ELLIPSIS: Final = "…"
# Longest text shown, in characters: generous, but a 100 KB name cannot make a table row
# taller than a page (which reportlab cannot lay out).
NAME_LIMIT: Final = 1_000
SOURCE_LIMIT: Final = 2_000


class Markup(str):
    """Text that is safe to hand to a Paragraph: code-written markup plus escaped user text."""

    __slots__ = ()


_covered: ContextVar[frozenset[int] | None] = ContextVar("memo_covered", default=None)
_missing: ContextVar[set[str] | None] = ContextVar("memo_missing", default=None)


@contextmanager
def tracking_coverage(covered: frozenset[int]) -> Iterator[set[str]]:
    """Within the block, characters of user text outside `covered` are added to the set."""
    missing: set[str] = set()
    covered_token = _covered.set(covered)
    missing_token = _missing.set(missing)
    try:
        yield missing
    finally:
        _covered.reset(covered_token)
        _missing.reset(missing_token)


def note_coverage(value: str) -> None:
    covered, missing = _covered.get(), _missing.get()
    if covered is None or missing is None or value.isascii():
        return
    missing.update(ch for ch in set(value) if ord(ch) not in covered and not ch.isspace())


def plain(value: object, limit: int | None = None) -> str:
    """User text made drawable (controls removed, newlines normalized) and clipped to `limit`
    characters. For places that draw text directly (charts, headers, the outline), never for
    a Paragraph."""
    result = _UNDRAWABLE.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    if limit is not None and len(result) > limit:
        result = result[: limit - 1].rstrip() + ELLIPSIS
    note_coverage(result)
    return result


def text(value: object, limit: int | None = None, *, line_breaks: bool = False) -> Markup:
    """User text as markup that shows it literally; `line_breaks` keeps its newlines."""
    escaped = escape(plain(value, limit))
    if line_breaks:
        escaped = escaped.replace("\n", "<br/>")
    return Markup(escaped)


def attribute(value: str) -> str:
    """User text for a markup attribute value written in double quotes."""
    return escape(plain(value), _ATTRIBUTE_QUOTES)


def _argument(value: object) -> object:
    if isinstance(value, Markup) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        return value
    return text(value)


def markup(template: str, /, *args: object, **kwargs: object) -> Markup:
    """A code-written template filled with arguments; text arguments are escaped, `Markup`
    and numbers go in as they are (so `{:.2f}` works)."""
    return Markup(
        template.format(
            *(_argument(a) for a in args), **{k: _argument(v) for k, v in kwargs.items()}
        )
    )


def join(separator: str, parts: Iterable[Markup]) -> Markup:
    """Markup parts joined by a code-written separator."""
    return Markup(separator.join(parts))


def names(items: Iterable[Markup]) -> Markup:
    """'A', 'A and B', 'A, B and C'."""
    listed = list(items)
    if len(listed) <= 1:
        return join("", listed)
    return Markup(f"{', '.join(listed[:-1])} and {listed[-1]}")


def safe_link(url: str | None) -> str | None:
    """An http(s) address fit for a link annotation, or None (then it is shown as text only)."""
    if not url:
        return None
    candidate = url.strip()
    if not re.fullmatch(r"https?://[^\s\"'<>\\]+", candidate, flags=re.IGNORECASE):
        return None
    return candidate
