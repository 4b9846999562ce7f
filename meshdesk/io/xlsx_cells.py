"""Cells and rows of the export, serialized straight to SpreadsheetML.

openpyxl (write-only mode) writes the frame of every sheet; the rows built here are put into
each sheet's empty `<sheetData>` when the archive is assembled (`meshdesk.io.xlsx_export`).
Without lxml, openpyxl spends about 15 µs per cell in its XML layer, so the stress workbook
(1,000 x 200 plus 20,000 notes) would take longer than `pandas.DataFrame.to_excel` of the bare
matrix; this writer takes a fraction of that (see the benchmark script).

Safety: every text is written as an inline string cell (`t="inlineStr"`), so nothing a user
typed can become a formula; text a spreadsheet would take for a formula also gets Excel's
quote-prefix flag, so re-editing the cell keeps it text. The only formulas are the ones
MeshDesk builds (`Formula`, see `meshdesk.io.xlsx_formulas`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from meshdesk.io.textsafety import escape_for_csv, looks_like_formula, needs_literal_apostrophe
from meshdesk.io.xlsx_layout import EXCEL_MAX_ROW_HEIGHT, EXCEL_MAX_TEXT
from meshdesk.io.xlsx_metrics import BASE_FONT_SIZE, line_height, wrapped_lines


@dataclass(frozen=True)
class Formula:
    """A formula MeshDesk builds (text without the leading '='); never made from user text."""

    text: str
    array: bool = False


@dataclass(frozen=True)
class Style:
    """An xf (cell format) registered with openpyxl, its quote-prefixed twin for text, and what
    the row height depends on: whether the text wraps, and its font."""

    id: int
    quoted: int
    wraps: bool = False
    bold: bool = False
    size: float = BASE_FONT_SIZE


Value = str | float | int | Formula | None
Cells = Sequence[tuple[Value, Style]]

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")  # Excel reads _xHHHH_ as a character code


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_xml(text: str) -> str:
    """Text as the content of an inline string, exactly as typed (within what XML can carry:
    control characters other than tab, CR and LF become U+FFFD)."""
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    text = _EXCEL_ESCAPE.sub(r"_x005F\1", _ILLEGAL_XML.sub("\ufffd", text))
    body = _xml_escape(text).replace("\r", "&#13;")
    if text != text.strip() or "\n" in text:
        return f'<t xml:space="preserve">{body}</t>'
    return f"<t>{body}</t>"


def cell_xml(ref: str, value: Value, style: Style) -> str:
    """One <c> element. Text is always an inline string: it can never become a formula."""
    if value is None:
        return f'<c r="{ref}" s="{style.id}"/>' if style.id else ""
    if isinstance(value, str):
        if needs_literal_apostrophe(value):  # `'=x`: the import drops one apostrophe
            value = escape_for_csv(value)
        sid = style.quoted if looks_like_formula(value) else style.id
        return f'<c r="{ref}" s="{sid}" t="inlineStr"><is>{_text_xml(value)}</is></c>'
    if isinstance(value, Formula):
        kind = f' t="array" ref="{ref}"' if value.array else ""
        return f'<c r="{ref}" s="{style.id}"><f{kind}>{_xml_escape(value.text)}</f></c>'
    if isinstance(value, bool) or not math.isfinite(value):
        raise TypeError(f"cannot write {value!r} to {ref}")
    # float(): a numpy number's repr is "np.float64(8.6)", not a number a reader can parse
    return f'<c r="{ref}" s="{style.id}"><v>{float(value)!r}</v></c>'


class _Letters:
    """Column letters by 0-based index, cached (A, B, ... Z, AA, ...)."""

    def __init__(self) -> None:
        self._cache: list[str] = []

    def __getitem__(self, index: int) -> str:
        while len(self._cache) <= index:
            self._cache.append(get_column_letter(len(self._cache) + 1))
        return self._cache[index]


LETTERS = _Letters()


@dataclass
class RowPlan:
    """What the printed page needs to know of the rows written: each row's height in points,
    and the rows that must stay on one page with the row after them (a heading)."""

    heights: dict[int, float] = field(default_factory=dict)
    keep_with_next: set[int] = field(default_factory=set)


class SheetRows:
    """Builds the <row> elements of one sheet.

    A row holding wrapped text gets a height that shows all of it (spreadsheets do not all
    re-fit row heights when they open a file), worked out from the text and the width of its
    cell; a cell can span several columns (`span`), which are merged. With `fixed_heights`
    every row states its height, so that the pages come out as `meshdesk.io.xlsx_pages`
    planned them in every application."""

    def __init__(self, widths: Sequence[float], *, fixed_heights: bool = False) -> None:
        self.widths = list(widths)
        self.fixed_heights = fixed_heights
        self.last_row = self.last_column = 1  # the used range, for the sheet's <dimension>
        self.plan = RowPlan()
        self.merged: list[str] = []

    def extend(self, r: int, columns: int) -> None:
        self.last_row = max(self.last_row, r)
        self.last_column = max(self.last_column, columns)

    @property
    def dimension(self) -> str:
        return f"A1:{LETTERS[self.last_column - 1]}{self.last_row}"

    def width(self, first: int, span: int = 1) -> float:
        """The width of `span` columns from column `first` (0-based), in column units."""
        return sum(
            self.widths[c] if c < len(self.widths) else 9.0 for c in range(first, first + span)
        )

    def row(
        self,
        r: int,
        cells: Cells,
        height: float | None = None,
        *,
        keep_with_next: bool = False,
        spans: Sequence[int] = (),
    ) -> str:
        """Row r. `spans[i]` is how many columns cell i takes (default 1): a cell wider than
        one column is merged with the empty columns after it."""
        columns: list[int] = []
        column = 0
        for i in range(len(cells)):
            columns.append(column)
            column += spans[i] if i < len(spans) else 1
        self.extend(r, column)
        body = "".join(
            cell_xml(f"{LETTERS[c]}{r}", value, style)
            for c, (value, style) in zip(columns, cells, strict=True)
        )
        for i, c in enumerate(columns):
            span = spans[i] if i < len(spans) else 1
            if span > 1:
                self.merged.append(f"{LETTERS[c]}{r}:{LETTERS[c + span - 1]}{r}")
        fitted = self.fitted_height(cells, columns, spans)
        height = height or fitted
        if height is None and self.fixed_heights:
            height = max((line_height(style.size) for _, style in cells), default=line_height())
        if keep_with_next:
            self.plan.keep_with_next.add(r)
        self.plan.heights[r] = height or line_height()
        attrs = f' ht="{height:g}" customHeight="1"' if height else ""
        return f'<row r="{r}"{attrs}>{body}</row>'

    def fitted_height(
        self, cells: Cells, columns: Sequence[int] | None = None, spans: Sequence[int] = ()
    ) -> float | None:
        """The height that shows every line of the row's wrapping cells; None for one line
        of 11 pt text (the default row height)."""
        height = 0.0
        for i, (value, style) in enumerate(cells):
            lines = 1
            if style.wraps and isinstance(value, str):
                first = columns[i] if columns is not None else i
                span = spans[i] if i < len(spans) else 1
                lines = wrapped_lines(
                    value, self.width(first, span), bold=style.bold, size=style.size
                )
            if lines > 1 or style.size != BASE_FONT_SIZE:
                height = max(height, line_height(style.size) * lines + (3 if lines > 1 else 0))
        if height <= line_height():
            return None
        return min(height, EXCEL_MAX_ROW_HEIGHT)
