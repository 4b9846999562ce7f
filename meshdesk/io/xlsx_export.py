"""Export a workbook as a live Excel workbook (.xlsx) that round-trips.

Sheets: `Scores` (inputs plus live `Weighted total` and `Rank` formulas), `Weights` (the
editable weights: names in column A, the defined name `CriterionNames`, and weights in
column B, `CriterionWeights`), `Recommendation` (when one is given), `Notes`, `Facts` and
`About`. `meshdesk.io.xlsx_import` reads the inputs back.

How the file is built. openpyxl (write-only mode) writes the frame of every sheet: column
widths, frozen panes, data validation, conditional formats, the chart, print setup, styles
and defined names. The cells themselves are serialized here, straight to SpreadsheetML, and
put into each sheet's empty `<sheetData>` when the archive is assembled. Without lxml,
openpyxl spends about 15 µs per cell in its XML layer, so the stress workbook (1,000 x 200
plus 20,000 notes) would take longer than `pandas.DataFrame.to_excel` of the bare matrix;
this writer takes a fraction of that (see the benchmark script).

Safety: every text is written as an inline string cell (`t="inlineStr"`), so nothing a user
typed can become a formula; text a spreadsheet would take for a formula also gets Excel's
quote-prefix flag, so re-editing the cell keeps it text. The only formulas are the ones
built here (`Formula`).

Totals follow `meshdesk.core.scoring` exactly: a tool missing a score on a criterion with a
weight above 0 gets no total and no rank; totals are rounded to 9 decimals (as the engine
does before ranking) so that equal totals share a rank (RANK.EQ). The formulas match each
criterion column to its weight by name and find the criterion columns by the position of
the `Weighted total` header, never by column letters, so they stay right when a colleague
adds a criterion as the About sheet says (`HOW_TO_RETURN`; see `total_formula`).
"""

from __future__ import annotations

import io
import math
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from openpyxl import Workbook as XlsxBook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from meshdesk import __version__
from meshdesk.core.clock import now, now_iso
from meshdesk.core.errors import InputError
from meshdesk.core.facts import Fact, ToolFacts, edition_summary, edition_wording
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.recommendation import Recommendation
from meshdesk.core.workbook import Tool, Workbook
from meshdesk.io.atomic import atomic_write_bytes
from meshdesk.io.textsafety import escape_for_csv, looks_like_formula, needs_literal_apostrophe

# --- the layout, shared with the import -------------------------------------------------------
SCORES: Final = "Scores"
WEIGHTS: Final = "Weights"
RECOMMENDATION: Final = "Recommendation"
NOTES: Final = "Notes"
FACTS: Final = "Facts"
ABOUT: Final = "About"
TOOL_HEADER: Final = "Tool"
TOTAL_HEADER: Final = "Weighted total"
RANK_HEADER: Final = "Rank"
LIFECYCLE_HEADER: Final = "Lifecycle"
DERIVED_HEADERS: Final = (TOTAL_HEADER, RANK_HEADER, LIFECYCLE_HEADER)
WEIGHTS_HEADERS: Final = ("Criterion", "Weight (%)", "Criterion id", "Share of total", "About")
NOTES_HEADERS: Final = ("Tool", "Criterion", "Note", "Source", "Date")
ABOUT_FIELDS: Final = ("Title", "Author", "Dataset", "Dataset as of")
WEIGHTS_NAME: Final = "CriterionWeights"  # Weights!$B:$B
NAMES_NAME: Final = "CriterionNames"  # Weights!$A:$A
COUNT_NAME: Final = "CriterionCount"  # the number of criterion columns on Scores
COLUMN_WEIGHTS_NAME: Final = "ColumnWeights"  # the weight of each criterion column, by name
TOTALS_NAME: Final = "WeightedTotals"  # the Weighted total column on Scores
TOTAL_DECIMALS: Final = 9  # = meshdesk.core.scoring.TIE_DECIMALS

# --- limits of the format ---------------------------------------------------------------------
EXCEL_MAX_ROWS: Final = 1_048_576
EXCEL_MAX_COLUMNS: Final = 16_384
EXCEL_MAX_TEXT: Final = 32_767
EXCEL_MAX_ROW_HEIGHT: Final = 409.0
CHART_MAX_TOOLS: Final = 100  # beyond this a bar per tool is unreadable; sort the sheet instead
WEIGHT_VALIDATION_SPARE_ROWS: Final = 100  # room to add criteria on the Weights sheet

# --- colours ----------------------------------------------------------------------------------
HEADER_FILL: Final = "1F3864"
INACTIVE_FILL: Final = "F4CCCC"
INACTIVE_TEXT: Final = "9C0006"
MUTED_TEXT: Final = "595959"
FEATURE_COLOURS: Final = {
    "yes": ("C6EFCE", "006100"),
    "no": ("FFC7CE", "9C0006"),
    "partial": ("FFEB9C", "9C5700"),
    "unknown": ("EDEDED", "595959"),
}


# --- cells ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Formula:
    """A formula MeshDesk builds (text without the leading '='); never made from user text."""

    text: str
    array: bool = False


@dataclass(frozen=True)
class Style:
    """An xf (cell format) registered with openpyxl, and its quote-prefixed twin for text."""

    id: int
    quoted: int
    wraps: bool = False


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
    return f'<c r="{ref}" s="{style.id}"><v>{value!r}</v></c>'


class _Letters:
    """Column letters by 0-based index, cached (A, B, ... Z, AA, ...)."""

    def __init__(self) -> None:
        self._cache: list[str] = []

    def __getitem__(self, index: int) -> str:
        while len(self._cache) <= index:
            self._cache.append(get_column_letter(len(self._cache) + 1))
        return self._cache[index]


LETTERS = _Letters()


class SheetRows:
    """Builds the <row> elements of one sheet. A row holding wrapped text gets a height that
    shows all of it, estimated from the text length and the column width (spreadsheets do not
    all re-fit row heights when they open a file)."""

    LINE_HEIGHT = 15.0  # points per line of 11 pt text
    CHARS_PER_WIDTH_UNIT = 1.2  # a width unit is one '0'; average text is a little narrower

    def __init__(self, widths: Sequence[float]) -> None:
        self.widths = list(widths)
        self.last_row = self.last_column = 1  # the used range, for the sheet's <dimension>

    def extend(self, r: int, columns: int) -> None:
        self.last_row = max(self.last_row, r)
        self.last_column = max(self.last_column, columns)

    @property
    def dimension(self) -> str:
        return f"A1:{LETTERS[self.last_column - 1]}{self.last_row}"

    def row(self, r: int, cells: Cells, height: float | None = None) -> str:
        self.extend(r, len(cells))
        body = "".join(
            cell_xml(f"{LETTERS[c]}{r}", value, style) for c, (value, style) in enumerate(cells)
        )
        height = height or self._fitted_height(cells)
        attrs = f' ht="{height:g}" customHeight="1"' if height else ""
        return f'<row r="{r}"{attrs}>{body}</row>'

    def _fitted_height(self, cells: Cells) -> float | None:
        lines = 1
        for c, (value, style) in enumerate(cells):
            if style.wraps and isinstance(value, str):
                width = self.widths[c] if c < len(self.widths) else 9.0
                per_line = max(int(width * self.CHARS_PER_WIDTH_UNIT) - 1, 1)
                count = sum(max(1, math.ceil(len(p) / per_line)) for p in value.split("\n"))
                lines = max(lines, count)
        if lines == 1:
            return None
        return min(self.LINE_HEIGHT * lines + 3, EXCEL_MAX_ROW_HEIGHT)


# --- styles -----------------------------------------------------------------------------------
def _font(*, size: float = 11, **style: Any) -> Font:
    """The workbook's font (Calibri 11, as openpyxl's default cell style), named so that no
    application falls back to a serif font; LibreOffice uses metric-compatible Carlito."""
    return Font(name="Calibri", size=size, **style)


class Styles:
    """Every cell format the export uses, registered with openpyxl before any cell is written
    (openpyxl writes styles.xml before the cells are put in)."""

    def __init__(self, book: XlsxBook) -> None:
        self._probe = book.create_sheet("_styles")
        thin = Side(style="thin", color="BFBFBF")
        white_bold = _font(bold=True, color="FFFFFF")
        navy = PatternFill("solid", fgColor=HEADER_FILL)
        top = Alignment(vertical="top")
        wrap_top = Alignment(wrap_text=True, vertical="top")
        pink = PatternFill("solid", fgColor=INACTIVE_FILL)
        dark_red = _font(color=INACTIVE_TEXT)
        dark_red_bold = _font(bold=True, color=INACTIVE_TEXT)
        centred = Alignment(horizontal="center", vertical="top")

        self.header = self._add(
            font=white_bold,
            fill=navy,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
            wraps=True,
        )
        self.header_left = self._add(
            font=white_bold,
            fill=navy,
            alignment=Alignment(wrap_text=True, vertical="center"),
            wraps=True,
        )
        self.header_rotated = self._add(
            font=white_bold,
            fill=navy,
            alignment=Alignment(text_rotation=90, horizontal="center", vertical="bottom"),
        )
        self.title = self._add(font=_font(bold=True, size=14, color=HEADER_FILL))
        self.section = self._add(font=_font(bold=True, size=12, color=HEADER_FILL))
        self.label = self._add(font=_font(bold=True), alignment=wrap_top, wraps=True)
        self.text = self._add(alignment=top)
        self.wrap = self._add(alignment=wrap_top, wraps=True)
        self.muted = self._add(font=_font(color=MUTED_TEXT), alignment=top)
        self.name = self._add(font=_font(bold=True), border=Border(right=thin), alignment=top)
        self.name_inactive = self._add(
            font=dark_red_bold, fill=pink, border=Border(right=thin), alignment=top
        )
        self.score = self._add(number_format="0.0", alignment=Alignment(horizontal="center"))
        self.total = self._add(number_format="0.00", font=_font(bold=True))
        self.total_inactive = self._add(number_format="0.00", font=dark_red_bold, fill=pink)
        self.rank = self._add(number_format="0", alignment=Alignment(horizontal="center"))
        self.rank_inactive = self._add(
            number_format="0", font=dark_red, fill=pink, alignment=Alignment(horizontal="center")
        )
        self.lifecycle = self._add(font=_font(color=MUTED_TEXT), alignment=top)
        self.lifecycle_inactive = self._add(font=dark_red_bold, fill=pink, alignment=top)
        self.weight = self._add(
            number_format="0.0", font=_font(bold=True, color="0000CC"), alignment=top
        )
        self.share = self._add(number_format="0.0%", alignment=top)
        self.number = self._add(number_format="0.00", alignment=centred)
        self.integer = self._add(number_format="0", alignment=centred)
        self.features = {
            value: self._add(
                fill=PatternFill("solid", fgColor=fill), font=_font(color=ink), alignment=centred
            )
            for value, (fill, ink) in FEATURE_COLOURS.items()
        }
        self.features_uncertain = {
            value: self._add(
                fill=PatternFill("solid", fgColor=fill),
                font=_font(color=ink, italic=True),
                alignment=centred,
            )
            for value, (fill, ink) in FEATURE_COLOURS.items()
        }
        book.remove(self._probe)

    def _add(self, *, wraps: bool = False, **formats: Any) -> Style:
        ids = []
        for quoted in (False, True):
            cell = WriteOnlyCell(self._probe)
            for name, value in formats.items():
                setattr(cell, name, value)
            if quoted:
                cell.quotePrefix = True
            ids.append(int(cell.style_id) if formats or quoted else 0)
        return Style(ids[0], ids[1], wraps)


# --- texts for the reader of the file ------------------------------------------------------
HOW_TO_RETURN: Final = (
    "Edit scores on the Scores sheet and weights on the Weights sheet; keep the sheet names, "
    "the header rows, and 'Weighted total', 'Rank' and 'Lifecycle' as the last three columns "
    "of Scores. To add a tool, add a row with its name in column A and its scores; to see "
    "its total and rank, copy the 'Weighted total' and 'Rank' cells of another tool into its "
    "row. To add a criterion, insert a column anywhere between 'Tool' and 'Weighted total' "
    "(right before 'Weighted total' is fine), type its name in row 1 and each tool's score "
    "under it, and add a row with the same name and its weight anywhere in the list on the "
    "Weights sheet (under the last criterion is fine). Weights are matched to the criterion "
    "columns by name, ignoring case, so the totals count the new criterion at once; a "
    "criterion without a weight row gets weight 0. Add, edit or delete rows on the Notes "
    "sheet. Then use File > Import in MeshDesk, or run: meshdesk import FILE.xlsx -o "
    "PROJECT.meshdesk. Only typed values are read: totals, ranks, lifecycle, facts and this "
    "sheet are rebuilt, and a formula typed into a score, weight or note cell is refused "
    "(paste values instead). Tools are matched by name; a renamed tool is a new tool."
)
HOW_TOTALS_WORK: Final = (
    "Weighted total = sum of score x weight over the criterion columns, divided by the sum "
    "of their weights, rounded to 9 decimals; the weight of a column is the one in the row "
    "with its name on the Weights sheet (0 when there is none). A tool without a score on a "
    "criterion whose weight is above 0 gets no total and no rank (a missing score is never "
    "counted as 0). Equal totals share a rank (1, 2, 2, 4). Tools shown in red are no longer "
    "active."
)
FACTS_LEGEND: Final = (
    "Values marked * are unverified or come from third parties only. The sources each tool's "
    "facts cite are listed by id beside it, with their titles and addresses below."
)


# --- sheets -----------------------------------------------------------------------------------
RowSource = Callable[[], Iterator[str]]


@dataclass
class _Sheet:
    frame: Any  # an openpyxl WriteOnlyWorksheet: the frame the rows are put into
    rows: RowSource
    writer: SheetRows  # knows the used range once the rows are written


def _setup_sheet(
    book: XlsxBook,
    title: str,
    widths: Sequence[float],
    *,
    freeze: str | None = "A2",
    header_row: bool = True,
    pages_wide: int = 1,
) -> Any:
    """A sheet with its columns, frozen panes and print setup (all before any row)."""
    ws = book.create_sheet(title)
    for index, width in enumerate(widths):
        ws.column_dimensions[LETTERS[index]].width = round(width, 1)
    if freeze:
        ws.freeze_panes = freeze
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "&A · page &P of &N"
    if header_row:
        ws.print_title_rows = "1:1"
    return ws


def _width(texts: Iterable[str], lo: float, hi: float, pad: float = 2.0) -> float:
    """A column width (in characters) from the longest text, within [lo, hi]."""
    longest = max((len(t) for t in texts), default=0)
    return max(lo, min(hi, longest + pad))


def lifecycle_text(tool: Tool) -> str:
    if tool.facts is None:
        return ""
    life = tool.facts.lifecycle
    return f"{life.label} since {life.since}" if life.since else life.label


def criterion_count_formula(names: Sequence[str]) -> str:
    """The number of criterion columns on Scores: those between `Tool` (column A) and
    `Weighted total`, found by its header so that it holds wherever columns were inserted.
    MATCH finds the first `Weighted total`; when a criterion has that name too, LOOKUP finds
    the last one (slower: it reads the whole header row)."""
    if any(name.strip().casefold() == TOTAL_HEADER.casefold() for name in names):
        return f'LOOKUP(2,1/({SCORES}!$1:$1="{TOTAL_HEADER}"),COLUMN({SCORES}!$1:$1))-2'
    return f'MATCH("{TOTAL_HEADER}",{SCORES}!$1:$1,0)-2'


def _row_span(row: str, first: str, last: str) -> str:
    """The cells of a row from position `first` to `last` (formulas; 1 = column A), found
    with INDEX over the whole row: no column letter that inserting a column could leave
    behind, and unlike OFFSET not volatile (Microsoft KB Q73586 recommends the form)."""
    return f"INDEX({row},{first}):INDEX({row},{last})"


def _define_names(book: XlsxBook, names: Sequence[str]) -> None:
    """The defined names the live formulas use; see `total_formula`."""
    headers = _row_span(f"{SCORES}!$1:$1", "2", f"{COUNT_NAME}+1")
    for char in "~*?":  # SUMIF criteria are patterns: ~ escapes the wildcards and itself
        headers = f'SUBSTITUTE({headers},"{char}","~{char}")'
    defined = {
        NAMES_NAME: f"{WEIGHTS}!$A:$A",
        WEIGHTS_NAME: f"{WEIGHTS}!$B:$B",
        COUNT_NAME: criterion_count_formula(names),
        COLUMN_WEIGHTS_NAME: f'SUMIF({NAMES_NAME},"="&{headers},{WEIGHTS_NAME})',
        TOTALS_NAME: f"INDEX({SCORES}!$A:$XFD,0,{COUNT_NAME}+2)",
    }
    for name, text in defined.items():
        book.defined_names[name] = DefinedName(name, attr_text=text)


def total_formula(r: int) -> Formula:
    """The live `Weighted total` of sheet row r.

    The row's scores are its cells from column B to the last criterion column (the count of
    criterion columns comes from the position of the `Weighted total` header), and the
    weight of each is the weight on the Weights sheet of the criterion named in its header
    (`ColumnWeights`, a SUMIF over the whole Weights columns A and B). Nothing refers to a
    criterion column by its letter, so the formula holds unchanged when a colleague inserts
    a criterion column anywhere before `Weighted total` (whether or not the program adjusts
    formulas) or adds a weight row anywhere on the Weights sheet.

    Empty when a criterion with a weight above 0 has no score; otherwise the sum of score x
    weight divided by the sum of the weights of the criteria on the sheet, rounded as the
    engine rounds before ranking. A blank score counts as 0 only where its weight is 0, where
    it changes nothing.
    """
    scores = _row_span(f"{r}:{r}", "2", f"{COUNT_NAME}+1")
    w = COLUMN_WEIGHTS_NAME
    return Formula(
        f'IF(SUMPRODUCT(({scores}="")*({w}>0)),"",'
        f"ROUND(SUMPRODUCT({scores}*{w})/SUMPRODUCT({w}),{TOTAL_DECIMALS}))"
    )


def rank_formula(r: int) -> Formula:
    """Competition rank of row r's total among the totals of its column (ties share); the
    total is found as the scores are: by the criterion count, not by a column letter."""
    total = f"INDEX({r}:{r},{COUNT_NAME}+2)"
    return Formula(f'IF({total}="","",_xlfn.RANK.EQ({total},{TOTALS_NAME}))')


def _between(high: int, title: str, error: str) -> DataValidation:
    """A cell check that accepts an empty cell or a number from 0 to `high`."""
    return DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2=str(high),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )


def _score_checks(ws: Any, scores_ref: str) -> None:
    """Data validation (0 to 10, empty allowed) and a red-amber-green scale on the scores."""
    validation = _between(
        10, "Score", "A score is a number from 0 to 10; leave the cell empty for 'not scored'."
    )
    validation.add(scores_ref)
    ws.data_validations.append(validation)
    ws.conditional_formatting.add(
        scores_ref,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color="F8696B",
            mid_type="num",
            mid_value=5,
            mid_color="FFEB84",
            end_type="num",
            end_value=10,
            end_color="63BE7B",
        ),
    )


def _totals_chart(ws: Any, total_col: int, tools: int) -> None:
    """A horizontal bar per tool, in table order, under the table."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = "Weighted totals (incomplete tools have none)"
    chart.y_axis.title = "Weighted total (0-10)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 10
    chart.y_axis.number_format = "0"
    chart.y_axis.majorUnit = 1
    chart.x_axis.scaling.orientation = "maxMin"  # first tool at the top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    last_row = tools + 1
    data = Reference(ws, min_col=total_col, min_row=1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last_row))
    chart.width = 24
    chart.height = min(max(7.5, 0.7 * tools + 3), 40)
    ws.add_chart(chart, f"A{last_row + 3}")


def _scores_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> _Sheet:
    n, m = len(wb.criteria), len(wb.tools)
    names = [c.name for c in wb.criteria]
    widths = [
        _width([t.name for t in wb.tools] + [TOOL_HEADER], 12, 40),
        *(_width([name], 8, 16) for name in names),
        14,
        7,
        _width([lifecycle_text(t) for t in wb.tools] + [LIFECYCLE_HEADER], 12, 34),
    ]
    ws = _setup_sheet(book, SCORES, widths, freeze="B2")
    ws.auto_filter.ref = f"A1:{LETTERS[n + 3]}{m + 1}"
    if n and m:
        _score_checks(ws, f"B2:{LETTERS[n]}{m + 1}")
    if n and 0 < m <= CHART_MAX_TOOLS:
        _totals_chart(ws, n + 2, m)
    sheet = SheetRows(widths)

    def rows() -> Iterator[str]:
        header = [TOOL_HEADER, *names, TOTAL_HEADER, RANK_HEADER, LIFECYCLE_HEADER]
        yield sheet.row(1, [(h, st.header) for h in header])
        sid = st.score.id
        letters = [LETTERS[j + 1] for j in range(n)]
        total_col, rank_col, life_col = LETTERS[n + 1], LETTERS[n + 2], LETTERS[n + 3]
        isnan = math.isnan
        for i, (tool, scores) in enumerate(zip(wb.tools, wb.scores.tolist(), strict=True)):
            r = i + 2
            sheet.extend(r, n + 4)
            active = tool.is_active
            parts = [
                f'<row r="{r}">',
                cell_xml(f"A{r}", tool.name, st.name if active else st.name_inactive),
            ]
            # the hot loop of a big export: one f-string per score cell, NaN = not scored
            parts += [
                f'<c r="{col}{r}" s="{sid}"/>'
                if isnan(v)
                else f'<c r="{col}{r}" s="{sid}"><v>{v!r}</v></c>'
                for col, v in zip(letters, scores, strict=True)
            ]
            parts += [
                cell_xml(
                    f"{total_col}{r}",
                    total_formula(r) if n else None,
                    st.total if active else st.total_inactive,
                ),
                cell_xml(
                    f"{rank_col}{r}",
                    rank_formula(r) if n else None,
                    st.rank if active else st.rank_inactive,
                ),
                cell_xml(
                    f"{life_col}{r}",
                    lifecycle_text(tool) or None,
                    st.lifecycle if active else st.lifecycle_inactive,
                ),
                "</row>",
            ]
            yield "".join(parts)

    return _Sheet(ws, rows, sheet)


def _weights_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> _Sheet:
    n = len(wb.criteria)
    widths = [
        _width([c.name for c in wb.criteria] + [WEIGHTS_HEADERS[0]], 14, 40),
        12,
        _width([c.id for c in wb.criteria] + [WEIGHTS_HEADERS[2]], 14, 30),
        12,
        _width([c.description for c in wb.criteria], 20, 80),
    ]
    ws = _setup_sheet(book, WEIGHTS, widths)
    if n:
        _define_names(book, [c.name for c in wb.criteria])
    validation = _between(
        100, "Weight", "A weight is a percentage from 0 to 100 (0 leaves the criterion out)."
    )
    validation.add(f"B2:B{n + 1 + WEIGHT_VALIDATION_SPARE_ROWS}")
    ws.data_validations.append(validation)
    sheet = SheetRows(widths)

    def rows() -> Iterator[str]:
        yield sheet.row(1, [(h, st.header) for h in WEIGHTS_HEADERS])
        weights = wb.weights.tolist()
        w = COLUMN_WEIGHTS_NAME  # the share of the weights of the criteria on Scores
        for i, (criterion, weight) in enumerate(zip(wb.criteria, weights, strict=True)):
            r = i + 2
            share = Formula(f'IF(SUMPRODUCT({w})=0,"",B{r}/SUMPRODUCT({w}))')
            yield sheet.row(
                r,
                [
                    (criterion.name, st.name),
                    (weight, st.weight),
                    (criterion.id, st.muted),
                    (share, st.share),
                    (criterion.description or None, st.wrap),
                ],
            )

    return _Sheet(ws, rows, sheet)


def _notes_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> _Sheet:
    widths = [24, 24, 70, 40, 12]
    ws = _setup_sheet(book, NOTES, widths)
    notes = wb.sorted_notes()
    ws.auto_filter.ref = f"A1:E{len(notes) + 1}"
    tool_names = {t.id: t.name for t in wb.tools}
    criterion_names = {c.id: c.name for c in wb.criteria}
    sheet = SheetRows(widths)

    def rows() -> Iterator[str]:
        yield sheet.row(1, [(h, st.header) for h in NOTES_HEADERS])
        for i, (tool_id, criterion_id, note) in enumerate(notes):
            yield sheet.row(
                i + 2,
                [
                    (tool_names[tool_id], st.text),
                    (criterion_names[criterion_id], st.text),
                    (note.text or None, st.wrap),
                    (note.source or None, st.wrap),
                    (note.date or None, st.text),
                ],
            )

    return _Sheet(ws, rows, sheet)


def natural_key(text: str) -> list[int | str]:
    """Sort key that puts L2 before L10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _cited(facts: ToolFacts) -> list[str]:
    """The ids of every source a tool's facts cite, each once, in order of first citation."""
    cited = list(facts.lifecycle.sources)
    for edition in facts.editions:
        cited += edition.license.sources
    for _, fact in facts.named_facts():
        cited += fact.sources
    for fact in facts.features.values():
        cited += fact.sources
    return list(dict.fromkeys(cited))


def _fact_text(fact: Fact) -> str:
    text = f"{fact.value} ({fact.date})" if fact.date else fact.value
    return text if fact.certain else text + "*"


EDITION_MARK: Final = " ‡"  # a feature that holds only in some editions (listed below)
FACT_COLUMNS: Final = (
    ("Tool", 24.0),
    ("Lifecycle", 15.0),
    ("Since", 11.0),
    ("Editions and licences", 30.0),
    ("CNCF status", 12.0),
    ("Data plane", 26.0),
    ("Latest release", 13.0),
)
SOURCES_COLUMN_WIDTH: Final = 22.0


def _facts_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> _Sheet:
    """The feature matrix: a row per tool with facts, a rotated column per feature, the ids
    of the sources each tool's facts cite, and under the matrix those sources with their
    titles and URLs."""
    tools = [t for t in wb.tools if t.facts is not None]
    features = wb.catalogue.features
    widths = [width for _, width in FACT_COLUMNS] + [7.0] * len(features)
    widths[0] = _width([t.name for t in tools], widths[0], 36)
    widths.append(SOURCES_COLUMN_WIDTH)
    ws = _setup_sheet(book, FACTS, widths, freeze="B2")
    sheet = SheetRows(widths)
    header = [name for name, _ in FACT_COLUMNS] + [f.name for f in features] + ["Sources"]
    longest_feature = max((len(f.name) for f in features), default=0)
    header_height = min(max(60.0, 6.5 * longest_feature + 10), 250.0)

    def tool_row(r: int, tool: Tool, facts: ToolFacts) -> str:
        life = facts.lifecycle
        active = life.is_active
        uncertain = life.unverified or life.third_party
        cells: list[tuple[Value, Style]] = [
            (tool.name, st.name if active else st.name_inactive),
            (life.label + ("*" if uncertain else ""), st.text if active else st.lifecycle_inactive),
            (life.since, st.text),
            ("; ".join(edition_summary(e) for e in facts.editions), st.wrap),
            (_fact_text(facts.cncf), st.wrap),
            (_fact_text(facts.data_plane), st.wrap),
            (_fact_text(facts.latest_release), st.wrap),
        ]
        for feature in features:
            fact = facts.feature(feature.id)
            palette = st.features if fact.certain else st.features_uncertain
            value = fact.value + (EDITION_MARK if fact.editions else "")
            value = value if fact.certain else value + "*"
            cells.append((value, palette.get(fact.value, st.text)))
        cells.append((", ".join(_cited(facts)) or None, st.wrap))
        return sheet.row(r, cells)

    def rows() -> Iterator[str]:
        if not tools:
            yield sheet.row(1, [("No facts are recorded for these tools.", st.muted)])
            return
        styles = [st.header] * len(FACT_COLUMNS) + [st.header_rotated] * len(features)
        styles.append(st.header_left)
        yield sheet.row(1, list(zip(header, styles, strict=True)), header_height)
        cited: list[str] = []
        for i, tool in enumerate(tools):
            assert tool.facts is not None
            yield tool_row(i + 2, tool, tool.facts)
            cited += _cited(tool.facts)
        r = len(tools) + 3
        yield sheet.row(r, [(FACTS_LEGEND, st.muted)])
        by_edition = [
            (tool, feature, tool.facts.feature(feature.id))
            for tool in tools
            if tool.facts is not None
            for feature in features
            if tool.facts.feature(feature.id).editions
        ]
        if by_edition:
            r += 2
            yield sheet.row(r, [(f"{EDITION_MARK} Depends on the edition", st.header_left)])
            for tool, feature, fact in by_edition:
                assert tool.facts is not None
                r += 1
                wording = edition_wording(fact, tool.facts.editions)
                yield sheet.row(r, [(f"{tool.name}: {feature.name}", st.text), (wording, st.text)])
            r += 1
        yield sheet.row(r + 1, [("Source", st.header_left), ("Title and address", st.header_left)])
        # one line per source: the text runs on over the empty cells to its right
        for offset, source_id in enumerate(sorted(set(cited), key=natural_key), start=2):
            source = wb.catalogue.sources.get(source_id)
            where = " — ".join(x for x in (source.title, source.url or "") if x) if source else ""
            yield sheet.row(r + offset, [(source_id, st.text), (where or None, st.text)])

    return _Sheet(ws, rows, sheet)


def _number_style(st: Styles, value: Value) -> Style:
    if isinstance(value, float):
        return st.number
    return st.integer if isinstance(value, int) else st.text


def _answer_texts(
    rec: Recommendation, questionnaire: Questionnaire | None
) -> list[tuple[str, str]]:
    """(question, answer) in words when the questionnaire is known, else by id."""
    texts = []
    for question_id, value in rec.answers.items():
        ids = (value,) if isinstance(value, str) else tuple(value)
        question, answer = question_id, ", ".join(ids) or "none"
        if questionnaire is not None and questionnaire.has_question(question_id):
            asked = questionnaire.question(question_id)
            known = set(asked.option_ids)
            question = asked.title or asked.text
            if all(i in known for i in ids):
                answer = asked.describe(value)
        if question_id in rec.defaulted:
            answer += " (not answered: the default)"
        texts.append((question, answer))
    return texts


def _recommendation_lines(
    st: Styles, wb: Workbook, rec: Recommendation, questionnaire: Questionnaire | None
) -> list[list[tuple[Value, Style]]]:
    """The Recommendation sheet as rows of four columns: label, two numbers, text."""
    crit = {c.id: c.name for c in wb.criteria}
    tool_names = {t.id: t.name for t in wb.tools}
    out: list[list[tuple[Value, Style]]] = [[("Recommendation", st.title)]]

    def line(
        a: Value, b: Value = None, c: Value = None, d: Value = None, *, bold: bool = False
    ) -> None:
        first = st.label if bold else st.text
        out.append([(a, first), (b, _number_style(st, b)), (c, _number_style(st, c)), (d, st.wrap)])

    def section(title: str, *headers: str) -> None:
        out.extend([[], [(title, st.section)], [(h or None, st.header_left) for h in headers]])

    if rec.needs_mesh:
        verdict = "A service mesh fits these answers."
    else:
        verdict = f"No service mesh is needed: {rec.alternative or 'see the explanation'}."
        verdict += f" {rec.alternative_reason}" if rec.alternative_reason else ""
    line("Verdict", d=verdict, bold=True)
    line("Segment", d=f"{rec.segment_label or rec.segment}: {rec.segment_reason}", bold=True)
    line("Explanation", d=rec.explanation or None, bold=True)
    section("Answers", "Question", "", "", "Answer")
    for question, answer in _answer_texts(rec, questionnaire):
        line(question, d=answer)
    section("Weights used", "Criterion", "Used (%)", "Profile (%)", "")
    if rec.weights_differ:
        line(
            "Note",
            d="The workbook's current weights differ from the weight profile of the answers; "
            "the totals, ranks and shortlist here use the current weights, as the Scores sheet "
            "does.",
        )
    for criterion_id, share in rec.ranked_weights.items():
        profile = rec.weights.get(criterion_id)
        line(crit.get(criterion_id, criterion_id), float(share), profile)
    if rec.weight_changes:
        section("Weight changes", "Criterion", "Before (%)", "After (%)", "Why")
        for change in rec.weight_changes:
            why = f"{change.reason}. {change.why}" if change.why else change.reason
            name = crit.get(change.criterion_id, change.criterion_id)
            line(name, float(change.before), float(change.after), why)
    if rec.must_haves:
        section("Must-haves", "Requirement", "", "", "Why")
        for must in rec.must_haves:
            line(must.label, d=must.reason)
    if rec.needs_mesh:
        section("Shortlist", "Tool", "Total", "Rank", "Reasons")
        for pick in rec.shortlist:
            total = float(pick.total) if math.isfinite(pick.total) else None
            line(pick.name, total, int(pick.rank), "\n".join(pick.reasons) or None, bold=True)
    if rec.excluded:
        section("Excluded", "Tool", "Lifecycle", "Since", "Reasons")
        for gone in rec.excluded:
            reasons = "\n".join([*gone.reasons, *([gone.advice] if gone.advice else [])])
            line(gone.name, gone.lifecycle_status, gone.lifecycle_since, reasons or None)
    if rec.what_if:
        section("If one requirement were relaxed", "Relaxed", "", "", "Would return")
        for what in rec.what_if:
            back = ", ".join(tool_names.get(t, t) for t in what.returns) or "nothing"
            line(rec.relaxation(what), d=back)
    return out


def _recommendation_sheet(
    book: XlsxBook,
    st: Styles,
    wb: Workbook,
    rec: Recommendation,
    questionnaire: Questionnaire | None,
) -> _Sheet:
    widths = [30, 14, 14, 90]
    ws = _setup_sheet(book, RECOMMENDATION, widths, freeze=None, header_row=False)
    sheet = SheetRows(widths)
    lines = _recommendation_lines(st, wb, rec, questionnaire)

    def rows() -> Iterator[str]:
        for r, cells in enumerate(lines, start=1):
            yield sheet.row(r, cells)

    return _Sheet(ws, rows, sheet)


def _about_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> _Sheet:
    widths = [24, 70, 50, 50]
    ws = _setup_sheet(book, ABOUT, widths, freeze=None, header_row=False)
    sheet = SheetRows(widths)
    m = wb.metadata
    score_source = wb.catalogue.sources.get(wb.catalogue.score_source or "")
    fields = dict(
        zip(ABOUT_FIELDS, (m.title, m.author, m.dataset_title, m.dataset_as_of), strict=True)
    )
    fields |= {
        "Scores from": score_source.title if score_source else "",
        "Exported by": f"MeshDesk {__version__}",
        "Generated": now_iso(),
        "How totals work": HOW_TOTALS_WORK,
        "How to bring it back": HOW_TO_RETURN,
        "Facts sheet": FACTS_LEGEND,
    }

    def rows() -> Iterator[str]:
        out: list[Cells] = [[("MeshDesk evaluation workbook", st.title)], []]
        out += [[(label, st.label), (value or None, st.wrap)] for label, value in fields.items()]
        sources = sorted(wb.catalogue.sources.values(), key=lambda s: natural_key(s.id))
        if sources:
            out += [[], [("Sources", st.section)]]
            out.append([(h, st.header_left) for h in ("Id", "Title", "URL", "Note")])
            out += [
                [(s.id, st.text), (s.title, st.wrap), (s.url, st.wrap), (s.note or None, st.wrap)]
                for s in sources
            ]
        for r, cells in enumerate(out, start=1):
            yield sheet.row(r, cells)

    return _Sheet(ws, rows, sheet)


# --- assembly ---------------------------------------------------------------------------------
_EMPTY_SHEET_DATA = b"<sheetData></sheetData>"
_ROWS_PER_CHUNK = 500
ZipTime = tuple[int, int, int, int, int, int]


def _check_shape(wb: Workbook) -> None:
    if len(wb.tools) + 1 > EXCEL_MAX_ROWS or len(wb.notes) + 1 > EXCEL_MAX_ROWS:
        raise InputError(
            f"The workbook has {len(wb.tools):,} tools and {len(wb.notes):,} notes; a "
            f"spreadsheet holds at most {EXCEL_MAX_ROWS - 1:,} rows below its header."
        )
    if len(wb.criteria) + 4 > EXCEL_MAX_COLUMNS:
        raise InputError(
            f"The workbook has {len(wb.criteria):,} criteria, more than a spreadsheet has columns."
        )


def build_xlsx_bytes(
    workbook: Workbook,
    *,
    recommendation: Recommendation | None = None,
    questionnaire: Questionnaire | None = None,
) -> bytes:
    """The .xlsx file as bytes. Pure: reads the workbook (a snapshot), writes nothing.

    With a recommendation there is a Recommendation sheet; the questionnaire, when given,
    lets it show questions and answers in words instead of by id."""
    _check_shape(workbook)
    book = XlsxBook(write_only=True)
    styles = Styles(book)
    sheets = [_scores_sheet(book, styles, workbook), _weights_sheet(book, styles, workbook)]
    if recommendation is not None:
        sheets.append(_recommendation_sheet(book, styles, workbook, recommendation, questionnaire))
    sheets += [
        _notes_sheet(book, styles, workbook),
        _facts_sheet(book, styles, workbook),
        _about_sheet(book, styles, workbook),
    ]
    stamp = now().astimezone(UTC).replace(tzinfo=None, microsecond=0)
    book.properties.creator = "MeshDesk"
    book.properties.title = workbook.metadata.title[:255]
    book.properties.created = book.properties.modified = stamp
    frame = io.BytesIO()
    # ExcelWriter rather than book.save(): save() stamps the current time into the file, and
    # exports made under SOURCE_DATE_EPOCH must be identical byte for byte.
    ExcelWriter(book, zipfile.ZipFile(frame, "w", zipfile.ZIP_STORED)).save()
    by_member = {sheet.frame.path.lstrip("/"): sheet for sheet in sheets}
    return _assemble(frame, by_member, _zip_time(stamp))


def _zip_time(stamp: datetime) -> ZipTime:
    if stamp.year < 1980:  # the earliest time a zip archive can record
        return (1980, 1, 1, 0, 0, 0)
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def _assemble(frame: io.BytesIO, sheets: dict[str, _Sheet], date_time: ZipTime) -> bytes:
    """Copy openpyxl's archive, putting each sheet's rows into its empty <sheetData> and its
    used range into a <dimension> (without one, readers scan a whole sheet to size it)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(frame) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            data = source.read(info.filename)
            sheet = sheets.get(info.filename)
            if sheet is None:
                target.writestr(member, data)
                continue
            chunks = _encoded_rows(sheet.rows())
            head, found, tail = data.partition(_EMPTY_SHEET_DATA)
            before, views, after = head.partition(b"<sheetViews>")
            if not (found and views):
                raise RuntimeError(f"openpyxl wrote an unexpected frame for {info.filename}")
            dimension = f'<dimension ref="{sheet.writer.dimension}"/>'.encode()
            with target.open(member, "w", force_zip64=True) as handle:
                handle.write(before + dimension + views + after + b"<sheetData>")
                for chunk in chunks:
                    handle.write(chunk)
                handle.write(b"</sheetData>" + tail)
    return out.getvalue()


def _encoded_rows(rows: Iterator[str]) -> list[bytes]:
    """All rows of a sheet as UTF-8, a few hundred rows per chunk."""
    chunks: list[bytes] = []
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _ROWS_PER_CHUNK:
            chunks.append("".join(batch).encode("utf-8"))
            batch.clear()
    chunks.append("".join(batch).encode("utf-8"))
    return chunks


def export_xlsx(
    workbook: Workbook,
    path: str | os.PathLike[str],
    *,
    recommendation: Recommendation | None = None,
    questionnaire: Questionnaire | None = None,
) -> None:
    """Write the workbook as .xlsx atomically: the old file or the new one, never a torn one."""
    data = build_xlsx_bytes(workbook, recommendation=recommendation, questionnaire=questionnaire)
    atomic_write_bytes(path, data)
