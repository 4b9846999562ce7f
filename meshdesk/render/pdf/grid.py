"""A plain-text table drawn straight onto the canvas, for the full-scores appendix.

reportlab's Table measures every cell and keeps a style command list per table: fine for a
page, slow for the 200,000 scores of a 1,000 x 200 workbook. `TextGrid` draws a fixed layout
(one caption line, a header of up to three lines, rows of equal height) with one text object
per page, so the stress workbook's appendix takes a few seconds. Cells are plain text, never
markup; text wider than its column is cut with an ellipsis.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from meshdesk.render.pdf.fonts import BOLD, REGULAR
from meshdesk.render.pdf.markup import ELLIPSIS
from meshdesk.render.pdf.styles import ACCENT, INACTIVE_BG, INK, RULE, ZEBRA

SIZE: Final = 7.0
ROW_HEIGHT: Final = 10.5
CAPTION_HEIGHT: Final = 16.0
PAD: Final = 3.0
HEADER_MAX: Final = 110.0  # tallest rotated column title, in points


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    right: bool = False  # right-aligned (numbers)
    rotated: bool = False  # title written upwards (narrow score columns)


class _Widths:
    """stringWidth with a cache: the appendix repeats the same few hundred number strings."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str, float], float] = {}

    def __call__(self, value: str, font: str = REGULAR, size: float = SIZE) -> float:
        key = (value, font, size)
        found = self.cache.get(key)
        if found is None:
            if len(self.cache) > 100_000:  # a long-lived app writes many memos
                self.cache.clear()
            found = self.cache[key] = float(stringWidth(value, font, size))
        return found

    def fit(self, value: str, room: float, font: str = REGULAR, size: float = SIZE) -> str:
        if self(value, font, size) <= room:
            return value
        low, high = 0, len(value)
        while low < high:
            middle = (low + high + 1) // 2
            if float(stringWidth(value[:middle] + ELLIPSIS, font, size)) <= room:
                low = middle
            else:
                high = middle - 1
        return value[:low].rstrip() + ELLIPSIS


WIDTHS: Final = _Widths()


def header_height(columns: Sequence[Column]) -> float:
    """Room for the titles: rotated ones need their length, clipped to HEADER_MAX."""
    tallest = max(
        (min(WIDTHS(c.title, BOLD), HEADER_MAX) for c in columns if c.rotated), default=0.0
    )
    return max(tallest + 2 * PAD, SIZE + 2 * PAD)


class TextGrid(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Rows of plain text under a caption and a header; splits across pages by whole rows,
    repeating caption and header."""

    def __init__(
        self,
        caption: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        shaded: Sequence[bool] = (),
    ) -> None:
        super().__init__()
        self.caption = caption
        self.columns = list(columns)
        self.rows = list(rows)
        self.shaded = list(shaded) or [False] * len(self.rows)
        self.width = sum(c.width for c in self.columns)
        self.header = header_height(self.columns)
        self.height = CAPTION_HEIGHT + self.header + ROW_HEIGHT * len(self.rows)

    def rows_that_fit(self, height: float) -> int:
        return max(0, int((height - CAPTION_HEIGHT - self.header) // ROW_HEIGHT))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Any]:
        count = self.rows_that_fit(available_height)
        if count < 1 or count >= len(self.rows):
            return []
        return [
            TextGrid(self.caption, self.columns, self.rows[:count], self.shaded[:count]),
            TextGrid(
                f"{self.caption} (continued)",
                self.columns,
                self.rows[count:],
                self.shaded[count:],
            ),
        ]

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        canvas.setFont(BOLD, SIZE + 1)
        canvas.setFillColor(INK)
        canvas.drawString(0, top - CAPTION_HEIGHT + 5, WIDTHS.fit(self.caption, self.width, BOLD))
        header_top = top - CAPTION_HEIGHT
        canvas.setFillColor(ACCENT)
        canvas.rect(0, header_top - self.header, self.width, self.header, stroke=0, fill=1)
        body_top = header_top - self.header
        for index, shaded in enumerate(self.shaded):
            if shaded or index % 2:
                canvas.setFillColor(INACTIVE_BG if shaded else ZEBRA)
                y = body_top - (index + 1) * ROW_HEIGHT
                canvas.rect(0, y, self.width, ROW_HEIGHT, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        bottom = body_top - ROW_HEIGHT * len(self.rows)
        canvas.line(0, bottom, self.width, bottom)
        self._draw_header(header_top)
        self._draw_rows(body_top)

    def _draw_header(self, header_top: float) -> None:
        canvas = self.canv
        canvas.setFont(BOLD, SIZE)
        canvas.setFillColor(colors.white)
        bottom = header_top - self.header + PAD
        x = 0.0
        for column in self.columns:
            if column.rotated:  # upwards from the bottom of the header, centred in the column
                canvas.saveState()
                canvas.translate(x + column.width / 2 + SIZE * 0.35, bottom)
                canvas.rotate(90)
                canvas.drawString(0, 0, WIDTHS.fit(column.title, HEADER_MAX, BOLD))
                canvas.restoreState()
            else:
                title = WIDTHS.fit(column.title, column.width - 2 * PAD, BOLD)
                left = x + column.width - PAD - WIDTHS(title, BOLD) if column.right else x + PAD
                canvas.drawString(left, bottom, title)
            x += column.width

    def _draw_rows(self, body_top: float) -> None:
        run = _TextRun(self.canv, REGULAR, SIZE)
        self.canv.setFillColor(INK)
        lefts = []
        x = 0.0
        for column in self.columns:
            lefts.append(x)
            x += column.width
        for index, row in enumerate(self.rows):
            y = body_top - (index + 1) * ROW_HEIGHT + 3
            for column, left, value in zip(self.columns, lefts, row, strict=True):
                if not value:
                    continue
                room = column.width - 2 * PAD
                shown = WIDTHS.fit(value, room)
                start = left + column.width - PAD - WIDTHS(shown) if column.right else left + PAD
                run.put(start, y, shown)
        run.draw()


_MISSING: Final = ("", "")
_ENCODED: weakref.WeakKeyDictionary[Any, dict[tuple[str, float], dict[str, tuple[str, str] | None]]]
_ENCODED = weakref.WeakKeyDictionary()


class _TextRun:
    """One text object for many short strings, each placed on its own.

    reportlab's `textOut` measures a string, encodes it for the font's subset and formats its
    position every time: about 40 µs a cell, seconds for the 200,000 cells of the stress
    appendix. A grid repeats a few hundred strings, so each is encoded once (by reportlab's
    own encoder) and its operators are replayed. A string whose glyphs span two subsets of the
    font is rare (names in several scripts) and goes through reportlab as usual.
    `tests/io/test_memo.py` checks that the text comes out of the PDF as it went in.
    """

    def __init__(self, canvas: Any, font: str, size: float) -> None:
        self.canvas = canvas
        self.text = canvas.beginText()
        self.text.setFont(font, size)
        self.code: list[str] = self.text._code
        # encodings hold the document's subset names: shared by the pages of one document
        self.encoded = _ENCODED.setdefault(canvas, {}).setdefault((font, size), {})
        self.selected = ""  # the font-subset selection in force

    def _encode(self, value: str) -> tuple[str, str] | None:
        """(subset selection, show-text operator), or None for a string across subsets."""
        self.text._curSubset = -1  # so that the selection is part of the output
        operators = self.text._formatText(value)
        selection, separator, show = operators.partition(" TL ")
        if not separator or " Tf " in show:
            return None
        return f"{selection} TL", show

    def put(self, x: float, y: float, value: str) -> None:
        entry = self.encoded.get(value, _MISSING)
        if entry is _MISSING:
            entry = self.encoded[value] = self._encode(value)
        self.code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        if entry is None:
            self.text._curSubset = -1
            self.code.append(self.text._formatText(value))
            self.selected = ""
            return
        selection, show = entry
        if selection != self.selected:
            self.code.append(selection)
            self.selected = selection
        self.code.append(show)

    def draw(self) -> None:
        self.canvas.drawText(self.text)


class RotatedLabel(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A column title written upwards, for a table header over narrow score columns."""

    def __init__(self, title: str, size: float = 7.5, colour: Any = colors.white) -> None:
        super().__init__()
        self.size = size
        self.colour = colour
        self.title = WIDTHS.fit(title, HEADER_MAX, BOLD, size)
        self.available = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.available = available_width
        return available_width, float(stringWidth(self.title, BOLD, self.size))

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(BOLD, self.size)
        canvas.setFillColor(self.colour)
        canvas.translate(self.available / 2 + self.size * 0.35, 0)
        canvas.rotate(90)
        canvas.drawString(0, 0, self.title)
        canvas.restoreState()


# --- page-aligned blocks of a wide table ---------------------------------------------------------

BLOCK_START_SHARE: Final = 0.6  # a block of a table in several parts starts where this much fits
TAIL_SHARE: Final = 0.5  # the last block holds at least this much of a page, when it can


@dataclass(frozen=True)
class Part:
    """One part of a wide table: its columns and, for every row, its cells (plain text)."""

    label: str  # "criteria 1–8 of 20", for the caption
    columns: tuple[Column, ...]
    cells: tuple[tuple[str, ...], ...]


class Blocks(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Rows too many for a page and columns too many for its width, as page-aligned blocks:
    the rows that fit, in every part one page after another, then the next rows. So one row's
    cells sit on consecutive pages, each page showing the same rows.

    Laid out as it goes: the first block fills the room left on the page it starts on (if
    that is a fair share of a page; a table of one part uses any room); the last block is
    evened out with the one before it, so that it is not a line or two on every part's page."""

    def __init__(
        self,
        caption: str,
        parts: Sequence[Part],
        shaded: Sequence[bool],
        page_height: float,
        start: int = 0,
    ) -> None:
        super().__init__()
        self.caption = caption
        self.parts = list(parts)
        self.shaded = list(shaded)
        self.page_height = page_height
        self.start = start
        self.total = len(self.shaded)
        self.probe = TextGrid("", [c for p in self.parts for c in p.columns], [])

    def pages(self) -> int:
        """About how many pages the blocks take (for progress reports)."""
        full = max(1, self.probe.rows_that_fit(self.page_height))
        return -(-(self.total - self.start) // full) * len(self.parts)

    def _grid(self, part: Part, start: int, stop: int) -> TextGrid:
        caption = f"{self.caption} {start + 1:,}–{stop:,} of {self.total:,}"
        if len(self.parts) > 1:
            caption += f" · {part.label}"
        return TextGrid(caption, part.columns, part.cells[start:stop], self.shaded[start:stop])

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width = max(sum(c.width for c in p.columns) for p in self.parts)
        if len(self.parts) == 1:
            return width, self._grid(self.parts[0], self.start, self.total).height
        return width, 0xFFFFFF  # always split: a block per part, a page each

    def _rows(self, here: int) -> int:
        """How many rows the block starting here takes."""
        remaining = self.total - self.start
        full = max(1, self.probe.rows_that_fit(self.page_height))
        rows = min(here, remaining)
        tail = remaining - rows
        least = max(1, int(full * TAIL_SHARE))
        if 0 < tail < least:  # even out with the last block
            rows = max(1, remaining - least) if remaining - least <= here else rows
        return rows

    def split(self, available_width: float, available_height: float) -> list[Any]:
        from reportlab.platypus import PageBreak

        here = self.probe.rows_that_fit(available_height)
        full = max(1, self.probe.rows_that_fit(self.page_height))
        remaining = self.total - self.start
        several = len(self.parts) > 1
        if here < 1 or (several and here < min(remaining, int(full * BLOCK_START_SHARE))):
            return []  # the next page
        rows = self._rows(here)
        stop = self.start + rows
        out: list[Any] = []
        for index, part in enumerate(self.parts):
            if index:
                out.append(PageBreak())
            out.append(self._grid(part, self.start, stop))
        if stop < self.total:
            if several:
                out.append(PageBreak())
            out.append(Blocks(self.caption, self.parts, self.shaded, self.page_height, stop))
        return out

    def draw(self) -> None:  # laid out whole only with one part that fits: that grid
        grid = self._grid(self.parts[0], self.start, self.total)
        grid.canv = self.canv
        grid.draw()
