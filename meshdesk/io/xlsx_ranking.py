"""The Ranking sheet: the tools of Scores in the order of their live ranks (formulas, see
`meshdesk.io.xlsx_formulas.ranking_formulas`), and a bar chart of that list with every bar
labelled, best at the top."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from openpyxl import Workbook as XlsxBook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RichTextProperties,
)
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string

from meshdesk.core.workbook import Workbook
from meshdesk.io.xlsx_cells import SheetRows, Style, Value
from meshdesk.io.xlsx_formulas import (
    HELPER_HEADERS,
    LABEL_COLUMN,
    TOTAL_COLUMN,
    inactive_rule,
    ranking_formulas,
)
from meshdesk.io.xlsx_layout import (
    CHART_MAX_TOOLS,
    LIFECYCLE_HEADER,
    RANK_HEADER,
    RANKING,
    RANKING_HEADERS,
    RANKING_MAX_TOOLS,
    TOOL_HEADER,
)
from meshdesk.io.xlsx_pages import CM, Block, fixed_scale, page_capacity
from meshdesk.io.xlsx_sheets import (
    BuiltSheet,
    Paging,
    column_width,
    lifecycle_text,
    merge_cells,
    setup_sheet,
)
from meshdesk.io.xlsx_styles import INACTIVE_FILL, INACTIVE_TEXT, Styles
from meshdesk.io.xlsx_texts import RANKING_NOTE, chart_title

CHART_WIDTH_CM: Final = 22.0
CHART_FIXED_CM: Final = 3.5  # title, axis and its title
CHART_BAR_CM: Final = 0.7  # per bar: LibreOffice drops every other 9 pt label below about 0.6
CHART_LABEL_SIZE: Final = 9


def _axis_text(size: float) -> RichText:
    props = CharacterProperties(sz=int(size * 100))
    return RichText(
        bodyPr=RichTextProperties(),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)],
    )


def ranking_chart(ws: Any, charted: int, tools: int) -> BarChart:
    """A horizontal bar per place of the Ranking list, best at the top, every bar labelled
    with its tool's name: the chart draws the live list, so it follows the ranking."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = chart_title(charted, tools)
    chart.y_axis.title = "Weighted total (0-10)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 10
    chart.y_axis.number_format = "0"
    chart.y_axis.majorUnit = 1
    chart.x_axis.scaling.orientation = "maxMin"  # the first place at the top, as in the list
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblSkip = 1  # every label (Excel skips some when it thinks them crowded)
    chart.x_axis.tickMarkSkip = 1
    chart.x_axis.txPr = _axis_text(CHART_LABEL_SIZE)
    chart.legend = None
    # the labels are in a hidden helper column: charts plot only visible cells by default,
    # and LibreOffice then draws no bar and no label at all
    chart.visible_cells_only = False
    last = charted + 1
    total_col = column_index_from_string(TOTAL_COLUMN)
    label_col = column_index_from_string(LABEL_COLUMN)
    chart.add_data(Reference(ws, min_col=total_col, min_row=1, max_row=last), titles_from_data=True)
    # the labels are text: a string reference (openpyxl's set_categories makes a number one)
    names = Reference(ws, min_col=label_col, min_row=2, max_row=last)
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(names)))
    labels = DataLabelList()
    labels.showVal = True
    labels.showSerName = labels.showCatName = labels.showLegendKey = labels.showPercent = False
    labels.numFmt = "0.00"
    labels.txPr = _axis_text(CHART_LABEL_SIZE)
    chart.series[0].dLbls = labels
    chart.width = CHART_WIDTH_CM
    chart.height = chart_height(charted)
    return chart


def chart_height(charted: int) -> float:
    """The chart's height in cm: a fixed part and a line per bar (at most one printed page)."""
    return CHART_FIXED_CM + CHART_BAR_CM * charted


def ranking_sheet(book: XlsxBook, st: Styles, wb: Workbook) -> BuiltSheet:
    """The tools in the order of their live ranks, and a bar chart of that order."""
    n, m = len(wb.criteria), len(wb.tools)
    listed = m if n and 0 < m <= RANKING_MAX_TOOLS else 0
    lifecycles = [lifecycle_text(t) for t in wb.tools]
    widths = [
        7,
        column_width([t.name for t in wb.tools] + [TOOL_HEADER], 14, 40, bold=True),
        14,
        column_width([*lifecycles, LIFECYCLE_HEADER], 14, 34),
        3,
        column_width([t.name[:40] for t in wb.tools] + [HELPER_HEADERS[0]], 14, 42),
        12,
        12,
        12,
    ]
    charted = min(listed, CHART_MAX_TOOLS)
    chart_points = chart_height(charted) * CM if charted else 0.0
    scale = fixed_scale(widths[:4], extra_points=CHART_WIDTH_CM * CM if charted else 0.0)
    freeze = "A2" if listed else None
    ws = setup_sheet(book, RANKING, widths, freeze=freeze, title_rows=0, scale=scale)
    for letter in "FGHI":
        ws.column_dimensions[letter].hidden = True
    sheet = SheetRows(widths, fixed_heights=True)
    note_row = listed + 3
    chart_row = note_row + 2
    blocks: tuple[Block, ...] = ()
    if listed:
        ws.conditional_formatting.add(
            f"A2:D{listed + 1}",
            FormulaRule(
                formula=[inactive_rule(2)],
                font=Font(color=INACTIVE_TEXT, bold=True),
                fill=PatternFill("solid", fgColor=INACTIVE_FILL, bgColor=INACTIVE_FILL),
            ),
        )
        if charted:
            ws.add_chart(ranking_chart(ws, charted, m), f"A{chart_row}")
            blocks = (Block(after=chart_row - 1, height=chart_points),)

    def rows() -> Iterator[str]:
        if not listed:
            if not n or not m:
                why = "there are no criteria" if not n else "there are no tools"
                text = f"Nothing to rank: {why}."
            else:
                text = (
                    f"The workbook has {m:,} tools, too many to sort here with live formulas; "
                    f"sort the Scores sheet by its {RANK_HEADER} column instead."
                )
            yield sheet.row(1, [(text, st.muted)])
            return
        header: list[tuple[Value, Style]] = [(h, st.header) for h in RANKING_HEADERS]
        header += [(None, st.text), *((h, st.helper) for h in HELPER_HEADERS)]
        yield sheet.row(1, header)
        for r in range(2, listed + 2):
            f = ranking_formulas(r, listed)
            yield sheet.row(
                r,
                [
                    (f.rank, st.ranked_rank),
                    (f.name, st.ranked_name),
                    (f.total, st.ranked_total),
                    (f.lifecycle, st.ranked_lifecycle),
                    (None, st.text),
                    (f.label, st.helper),
                    (f.row, st.helper),
                    (f.place, st.helper),
                    (f.row_rank, st.helper),
                ],
            )
        yield sheet.row(note_row, [(RANKING_NOTE, st.muted_wrap)], spans=(4,))

    def finish() -> None:
        # the header repeats only when the list itself takes more than a page: above the
        # chart on a page of its own it would head nothing
        heights = sheet.plan.heights
        list_height = sum(heights.get(r, 0.0) for r in range(1, listed + 2))
        title_rows = 1 if listed and list_height > page_capacity(scale) else 0
        if title_rows:
            ws.print_title_rows = "1:1"
        Paging(scale, title_rows=title_rows, blocks=blocks).apply(ws, sheet)
        merge_cells(ws, sheet)

    return BuiltSheet(ws, rows, sheet, finish)
