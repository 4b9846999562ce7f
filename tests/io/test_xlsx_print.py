"""How the export prints, checked in the file (openpyxl): the chart labels every charted
tool in rank order, text wraps in its cell with a row height that shows it, headings stay
on the page of their rows, and the footer has room (tests/io/test_xlsx_libreoffice.py checks
the same on LibreOffice's pages)."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
import pytest

from meshdesk.core.commands import AddTool
from meshdesk.core.recommendation import WeightChange
from meshdesk.core.workbook import Tool
from meshdesk.io.xlsx_cells import RowPlan
from meshdesk.io.xlsx_export import (
    CHART_MAX_TOOLS,
    FACTS,
    RANKING,
    RECOMMENDATION,
    build_xlsx_bytes,
)
from meshdesk.io.xlsx_metrics import line_height, wrapped_lines
from meshdesk.io.xlsx_pages import MARGIN_BOTTOM, MARGIN_FOOTER, page_breaks
from meshdesk.io.xlsx_styles import HEADER_FILL, SECTION_SIZE
from tests.io.test_xlsx_export import make_recommendation


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


# --- the chart ----------------------------------------------------------------------------------
def test_chart_labels_every_tool_of_the_ranking_list_in_its_order(workbook):
    ws = load(build_xlsx_bytes(workbook))[RANKING]
    (chart,) = ws._charts
    m = len(workbook.tools)
    series = chart.series[0]
    # bars and labels are the Ranking list (sorted by live rank), one per listed tool
    assert series.val.numRef.f == f"'{RANKING}'!$C$2:$C${m + 1}"
    assert series.cat.numRef is None
    assert series.cat.strRef.f == f"'{RANKING}'!$F$2:$F${m + 1}"
    assert ws["F2"].value.startswith("=IF(LEN(B2)")  # the label is the listed name
    assert ws["B2"].value.startswith("=INDEX(Scores!$A:$A,$G2)")
    # every label drawn, also from the hidden helper column; best at the top
    assert chart.x_axis.tickLblSkip == 1 and chart.x_axis.tickMarkSkip == 1
    assert chart.visible_cells_only is False
    assert ws.column_dimensions["F"].hidden
    assert chart.x_axis.scaling.orientation == "maxMin"
    assert series.dLbls.showVal and not series.dLbls.showCatName


def test_a_long_list_charts_the_leaders_and_says_so(workbook):
    for i in range(CHART_MAX_TOOLS):
        AddTool(Tool(f"extra-{i}", f"Extra {i}"), scores=()).apply(workbook)
    ws = load(build_xlsx_bytes(workbook))[RANKING]
    (chart,) = ws._charts
    m = len(workbook.tools)
    assert chart.series[0].cat.strRef.f.endswith(f"$F${CHART_MAX_TOOLS + 1}")
    title = "".join(r.t for p in chart.title.tx.rich.p for r in p.r)
    assert title == f"Weighted totals of the {CHART_MAX_TOOLS} highest-ranked of {m} tools"


# --- text in cells ------------------------------------------------------------------------------
def test_facts_text_wraps_in_rows_tall_enough_to_show_it(workbook):
    ws = load(build_xlsx_bytes(workbook))[FACTS]
    tools = [t for t in workbook.tools if t.facts is not None]
    checked = 0
    for row in ws.iter_rows(min_row=2, max_row=len(tools) + 1):
        height = ws.row_dimensions[row[0].row].height
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            assert cell.alignment.wrap_text, cell.coordinate
            width = ws.column_dimensions[cell.column_letter].width
            lines = wrapped_lines(cell.value, width, bold=bool(cell.font.b))
            assert height >= lines * line_height(), (cell.coordinate, cell.value)
            checked += lines > 1
    assert checked > 10  # many facts take more than one line: the check is not idle


# --- headings kept with their rows --------------------------------------------------------------
def headings(ws) -> set[int]:
    """Section headings, and the header row right under each."""
    rows = set()
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if cell.font.sz == SECTION_SIZE and cell.font.b:
            rows.add(cell.row)
            below = ws.cell(cell.row + 1, 1)
            if below.fill.fgColor.rgb and below.fill.fgColor.rgb.endswith(HEADER_FILL):
                rows.add(cell.row + 1)
    return rows


def assert_no_heading_ends_a_page(ws) -> int:
    found = headings(ws)
    assert found
    breaks = [b.id for b in ws.row_breaks.brk]
    for after in breaks:
        assert after not in found, (ws.title, after, ws.cell(after, 1).value)
    return len(breaks)


def long_recommendation(changes: int):
    rec = make_recommendation()
    why = "a reason long enough to take two lines in its cell on the printed page " * 2
    change = WeightChange("security", 10, 18, why, "priorities", "security")
    return dataclasses.replace(rec, weight_changes=(change,) * changes)


@pytest.mark.parametrize("changes", range(1, 40, 3))
def test_recommendation_headings_stay_with_their_rows(workbook, changes):
    rec = long_recommendation(changes)
    ws = load(build_xlsx_bytes(workbook, recommendation=rec))[RECOMMENDATION]
    assert_no_heading_ends_a_page(ws)


@pytest.mark.parametrize("drop", range(8))
def test_facts_headings_stay_with_their_rows(workbook, drop):
    from meshdesk.core.commands import RemoveTool

    for tool in list(workbook.tools)[:drop]:
        RemoveTool(tool.id).apply(workbook)
    ws = load(build_xlsx_bytes(workbook))[FACTS]
    assert_no_heading_ends_a_page(ws)


def test_page_breaks_move_a_heading_at_the_page_foot_to_the_next_page():
    # rows of 15 pt, 100 pt a page: six rows fit; row 6 is a heading, row 7 its header
    plan = RowPlan(heights=dict.fromkeys(range(1, 20), 15.0), keep_with_next={6, 7})
    assert page_breaks(plan, 100.0) == [5, 11, 17]
    plain = RowPlan(heights=dict.fromkeys(range(1, 20), 15.0))
    assert page_breaks(plain, 100.0) == [6, 12, 18]
    # with a repeated header row, each later page holds one row less
    assert page_breaks(plain, 100.0, title_rows=1) == [6, 11, 16]


# --- the footer ---------------------------------------------------------------------------------
def test_every_sheet_has_a_footer_with_room_under_the_rows(workbook):
    book = load(build_xlsx_bytes(workbook, recommendation=make_recommendation()))
    for ws in book.worksheets:
        assert ws.oddFooter.center.text == "&A · page &P of &N", ws.title
        margins = ws.page_margins
        assert margins.bottom == MARGIN_BOTTOM and margins.footer == MARGIN_FOOTER
        # a line of footer text (about 0.2 in) fits between the footer line and the rows
        assert margins.bottom - margins.footer >= 0.45, ws.title
