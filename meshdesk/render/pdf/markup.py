"""Paragraph markup that only code can write.

reportlab's Paragraph parses an XML-like markup whose attributes reach colour parsing, URL
loading and more (CVE-2023-33733 ran code through a `<font color>`). So every piece of text a
user typed (tool and criterion names, notes, sources, answers, titles) enters a paragraph
escaped, and shows literally. `Markup` is a `str` that is known to be safe: `text()` escapes
user text into it, `markup()` fills a code-written template with escaped arguments, and the
paragraph factory in `styles` refuses anything that is not `Markup`.

Links are made only for plain web addresses (`safe_link`): http or https, a host, and no
whitespace, control, bidi or other invisible character, so what a link shows is what it opens
(a U+202E in `https://example.test/\u202efdp.exe` would show a different address from the one
it opens). Any other address is shown as text with its invisible characters written out
(`[U+202E]`). A long address is broken after `/ ? & = # +` or before `. - _ ~` to fit its
column (`address`, `break_lines`), never inside a word when it can be helped; the link still
opens the whole address.

Characters the memo's font lacks (most CJK, for instance) are collected while a memo is
built, so the memo can say which ones show as empty boxes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final
from urllib.parse import urlsplit
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
LINK_COLOUR: Final = "#1f4e79"
# The bidi controls (embeddings, overrides, isolates, marks): they reorder what is shown, so
# an address holding one reads differently from what it opens (all are format characters, Cf)
BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# never in a link: controls, format characters (the bidi controls, zero-width and soft
# hyphen among them), separators (every space), surrogates, private use, unassigned
_NOT_IN_A_LINK: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
_LINK_SHAPE: Final = re.compile(r"https?://[^\s\"'<>\\`{}|^]+", re.IGNORECASE)
# An address breaks after `/ ? & = # +` and before `. - _ ~` (so that no line ends in what
# reads as a hyphenation hyphen or a full stop; Chicago Manual of Style 6.17), never between
# two of them (`//` stays whole). A piece between those still wider than a line breaks where a
# word does inside an address: between a small letter and a capital (`pageId`), or between
# letters and digits (`v1`); only a run without even those is cut where the line ends.
BREAK_AFTER: Final = "/?&=#+"
BREAK_BEFORE: Final = ".-_~"
_MARKS: Final = re.escape(BREAK_AFTER + BREAK_BEFORE)
_URL_BREAK: Final = re.compile(
    rf"(?<=[{re.escape(BREAK_AFTER)}])(?![{_MARKS}])|(?<![{_MARKS}])(?=[{re.escape(BREAK_BEFORE)}])"
)
_WORD_BREAK: Final = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])"
)
WIDTH_SLACK: Final = 0.97  # lines are filled to this share of the room, for rounding


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
    if isinstance(value, float):
        # one rounding rule for every number shown: Python's own formatting rounds the binary
        # value half to even, so 9.25 would show as 9.2 here and 9.3 in the grid
        raise TypeError("format a float with meshdesk.core.numbers.fixed before showing it")
    if isinstance(value, Markup) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return text(value)


def markup(template: str, /, *args: object, **kwargs: object) -> Markup:
    """A code-written template filled with arguments; text arguments are escaped, `Markup`
    and whole numbers go in as they are. A float is refused: shown numbers are formatted by
    `meshdesk.core.numbers.fixed` (the one rounding rule), as strings."""
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
    """`url` if it is a plain web address fit for a link annotation, else None (then it is
    shown as text only): http or https, a host, and not one character that is whitespace, a
    control, a bidi control or another invisible one (see `BIDI_CONTROLS`, `_NOT_IN_A_LINK`),
    nor a quote or bracket that ends an address in text. Whitespace around it is ignored."""
    if not url:
        return None
    candidate = url.strip()
    if not _LINK_SHAPE.fullmatch(candidate):
        return None
    if any(ch in BIDI_CONTROLS or unicodedata.category(ch) in _NOT_IN_A_LINK for ch in candidate):
        return None
    try:
        host = urlsplit(candidate).hostname
    except ValueError:  # a malformed [IPv6] host, for instance
        return None
    return candidate if host else None


def reveal(value: str) -> str:
    """`value` with its invisible characters (bidi controls, zero-width ones, other format
    characters) written out as `[U+202E]`, for text that should read as it is stored."""
    if value.isascii():
        return value
    return "".join(f"[U+{ord(ch):04X}]" if unicodedata.category(ch) == "Cf" else ch for ch in value)


def break_lines(value: str, room: float, font: str, size: float) -> list[str]:
    """`value` (one line of text, no spaces to wrap at) in lines at most `room` points wide,
    broken where an address may break (`BREAK_AFTER`, `BREAK_BEFORE`, then inside a word
    only between a small letter and a capital or letters and digits); a run without any of
    those that is wider than a line is cut where it must. One line when it fits."""
    return _break(value, room, font, size)[0]


def breaks_cleanly(value: str, room: float, font: str, size: float) -> bool:
    """Whether every word of `value` fits lines `room` points wide without being cut inside
    a word (`break_lines` never has to cut where it must)."""
    return all(_break(word, room, font, size)[1] for word in value.split())


def _break(value: str, room: float, font: str, size: float) -> tuple[list[str], bool]:
    """(lines, clean): clean is False when a run had to be cut inside a word."""
    widths, missing, _ = _advances(font)
    scale = size / 1000

    def width(piece: str) -> float:
        return sum(widths.get(ord(ch), missing) for ch in piece) * scale

    room *= WIDTH_SLACK
    if width(value) <= room:
        return [value], True
    lines: list[str] = []
    line, used = "", 0.0
    clean = True

    def put(piece: str, piece_width: float) -> None:
        nonlocal line, used
        if line and used + piece_width > room:
            lines.append(line)
            line, used = "", 0.0
        line, used = line + piece, used + piece_width

    for piece in _URL_BREAK.split(value):
        piece_width = width(piece)
        if piece_width <= room:
            put(piece, piece_width)
            continue
        for part in _WORD_BREAK.split(piece):  # a piece wider than a line: break it as a word
            part_width = width(part)
            if part_width <= room:
                put(part, part_width)
                continue
            clean = False
            for ch in part:  # a run wider than a whole line, with nowhere to break: cut it
                put(ch, widths.get(ord(ch), missing) * scale)
    if line:
        lines.append(line)
    return lines, clean


_fonts: dict[str, tuple[dict[int, float], float, float]] = {}


def _advances(font: str) -> tuple[dict[int, float], float, float]:
    """The font's advance widths by code point, its missing-glyph width and its widest
    advance, in 1/1000 em: what reportlab's stringWidth adds up (without its overhead, which
    counts here: reportlab runs without its C accelerator)."""
    found = _fonts.get(font)
    if found is None:
        from reportlab.pdfbase.pdfmetrics import getFont

        face = getFont(font).face
        widths = {int(k): float(v) for k, v in face.charWidths.items()}
        missing = float(face.defaultWidth)
        found = _fonts[font] = (widths, missing, max([missing, *widths.values()]))
    return found


def widest(font: str) -> float:
    """The widest advance of the font's glyphs (the missing-glyph box included), in ems."""
    return _advances(font)[2] / 1000


def breakable(
    value: str, room: float, font: str, size: float, *, line_breaks: bool = False
) -> Markup:
    """`value` escaped, its words wider than `room` points broken into lines (`break_lines`);
    words that fit are left for the paragraph to wrap at their spaces. `line_breaks` keeps
    its own line breaks."""
    # no word of this many characters can be wider than the room: only longer ones are measured
    short = int(room * WIDTH_SLACK / (widest(font) * size))
    out: list[str] = []
    done = 0
    for found in re.finditer(rf"\S{{{short + 1},}}", value):
        out.append(escape(value[done : found.start()]))
        out.append("<br/>".join(escape(line) for line in break_lines(found[0], room, font, size)))
        done = found.end()
    out.append(escape(value[done:]))
    shown = "".join(out)
    return Markup(shown.replace("\n", "<br/>") if line_breaks else shown)


def address(value: str | None, room: float, font: str, size: float) -> Markup:
    """A web address or other source for a paragraph whose lines are `room` points wide: a
    link when `safe_link` allows one (showing exactly the address it opens), else escaped
    text with its invisible characters written out. An address wider than a line breaks at
    `/`, `?`, `&`, `.`, `-` (`break_lines`); the link opens the whole address."""
    link = safe_link(value)
    shown = plain(link if link is not None else reveal(value or ""), SOURCE_LIMIT)
    body = breakable(shown, room, font, size)
    if link is None or shown != link:  # clipped at SOURCE_LIMIT: not the address any more
        return body
    return markup('<a href="{}" color="{}">{}</a>', Markup(attribute(link)), LINK_COLOUR, body)
