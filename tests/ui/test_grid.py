from __future__ import annotations

import math
import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from shiboken6 import isValid

from meshdesk.io.tsv import parse_tsv
from meshdesk.ui.model import SortRole
from tests.ui.conftest import view_cell


def type_into(qtbot, window, index, text: str, key=Qt.Key.Key_Return) -> None:
    grid = window.grid
    grid.setFocus()
    grid.setCurrentIndex(index)
    qtbot.keyClick(grid, text[0])
    editors = [w for w in grid.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, "typing did not open one editor"
    editor = editors[0]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)
    # Qt commits on Enter/Tab through a queued call: wait until this editor has closed (Tab
    # may open the next cell's editor at once, so the grid's state says nothing)
    qtbot.waitUntil(lambda: not isValid(editor) or not editor.isVisible(), timeout=2000)


def visual(window, index):
    return index.row(), window.grid.horizontalHeader().visualIndex(index.column())


def select(window, first, last) -> None:
    """Select the block between two cells as the user sees them (visual columns)."""
    (top, left), (bottom, right) = visual(window, first), visual(window, last)
    window.grid.select_block(top, left, bottom, right)


def select_one(window, index) -> None:
    window.grid.select_cell(*visual(window, index))


def test_typing_a_score_and_enter_moves_down(qtbot, window):
    wb = window.document.workbook
    type_into(qtbot, window, view_cell(window, "kuma", "ease"), "6.5")
    assert wb.score("kuma", "ease") == 6.5
    assert window.grid.currentIndex() == view_cell(window, "aws-app-mesh", "ease")
    assert window.isWindowModified()


def test_tab_commits_and_moves_right(qtbot, window):
    type_into(qtbot, window, view_cell(window, "kuma", "ease"), "7", key=Qt.Key.Key_Tab)
    assert window.document.workbook.score("kuma", "ease") == 7.0
    assert window.grid.currentIndex().column() == view_cell(window, "kuma", "integrations").column()


def open_editor(qtbot, window, index, text: str) -> QLineEdit:
    """Type into a cell as a user does; return the editor that opened (still open)."""
    grid = window.grid
    grid.setFocus()
    grid.setCurrentIndex(index)
    qtbot.keyClick(grid, text[0])
    editors = [w for w in grid.viewport().findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, "typing did not open one editor"
    qtbot.keyClicks(editors[0], text[1:])
    return editors[0]


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_a_refused_entry_keeps_the_editor_open_on_its_cell(qtbot, window, key):
    """Enter on 11 used to move the cursor down as if the value had been taken."""
    wb, grid = window.document.workbook, window.grid
    cell = view_cell(window, "kuma", "ease")
    editor = open_editor(qtbot, window, cell, "11")
    qtbot.keyClick(editor, key)
    qtbot.wait(20)  # a commit would arrive through a queued call
    assert grid.state() == grid.State.EditingState and editor.isVisible()
    assert grid.currentIndex() == cell
    assert wb.score("kuma", "ease") == 8.0
    reason = "Kuma, Ease of use: 11 is outside the score range 0 to 10"
    assert reason in window.statusBar().currentMessage()
    assert reason in editor.toolTip()  # said beside the cell too, not in a dialog box
    assert editor.selectedText() == "11"  # typing again replaces it
    assert window.document.undo_stack.count() == 0
    # a valid value then commits and moves on as usual
    qtbot.keyClicks(editor, "9")
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: wb.score("kuma", "ease") == 9.0, timeout=2000)
    qtbot.waitUntil(lambda: grid.currentIndex() != cell, timeout=2000)


def test_escape_gives_up_a_refused_entry(qtbot, window):
    grid = window.grid
    editor = open_editor(qtbot, window, view_cell(window, "kuma", "ease"), "11")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: grid.state() != grid.State.EditingState, timeout=2000)
    assert window.document.workbook.score("kuma", "ease") == 8.0


def test_a_refused_name_keeps_its_editor_open(qtbot, window):
    grid = window.grid
    cell = view_cell(window, "kuma", column=0)
    grid.setCurrentIndex(cell)
    grid._frozen.edit(cell)  # the names are shown (and edited) in the frozen view on top
    editor = next(w for w in grid._frozen.viewport().findChildren(QLineEdit) if w.isVisible())
    editor.setText("Istio")  # another tool's name
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert editor.isVisible()
    assert "there is already a tool named 'Istio'" in window.statusBar().currentMessage()
    assert window.document.workbook.tool("kuma").name == "Kuma"


def test_letters_cannot_be_typed_into_a_score(qtbot, window):
    type_into(qtbot, window, view_cell(window, "kuma", "ease"), "5x")
    assert window.document.workbook.score("kuma", "ease") == 5.0


def test_delete_clears_selected_scores_to_not_scored(qtbot, window):
    select(window, view_cell(window, "istio", "core"), view_cell(window, "linkerd", "ease"))
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    wb = window.document.workbook
    assert all(math.isnan(wb.score(t, c)) for t in ("istio", "linkerd") for c in ("core", "ease"))
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert wb.score("istio", "core") == 10.0


def test_copy_puts_tsv_and_html_on_clipboard(qtbot, window):
    select(window, view_cell(window, "istio", column=0), view_cell(window, "linkerd", "ease"))
    # visual order: name, total, rank, lifecycle, core, ease
    assert window.grid.copy_selection()
    mime = QApplication.clipboard().mimeData()
    rows = parse_tsv(mime.text())
    assert rows[0][0] == "Istio" and rows[1][0] == "Linkerd"
    assert float(rows[0][1]) == window.document.ranking.totals[0]
    assert rows[0][2] == "1" and rows[0][3] == "Active"
    assert rows[0][4:] == ["10", "6"]
    assert "<table>" in mime.html() and "<td" in mime.html()


def test_paste_block_from_spreadsheet_is_one_undo_step(qtbot, window):
    wb = window.document.workbook
    select_one(window, view_cell(window, "kuma", "core"))
    text = "7,5\t6\r\n9\t\r\n"  # Excel: CRLF, decimal comma, an empty cell
    assert window.grid.paste(text)
    assert wb.score("kuma", "core") == 7.5
    assert wb.score("kuma", "ease") == 6.0
    assert wb.score("aws-app-mesh", "core") == 9.0
    assert math.isnan(wb.score("aws-app-mesh", "ease"))
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert wb.score("kuma", "core") == 8.0 and wb.score("aws-app-mesh", "ease") == 8.0


def test_invalid_paste_changes_nothing_and_lists_bad_cells(qtbot, window):
    wb = window.document.workbook
    before = wb.copy()
    select_one(window, view_cell(window, "kuma", "core"))
    assert not window.grid.paste("5\thigh\n12\t3\n")
    assert wb.equals(before)
    message = window.statusBar().currentMessage()
    assert "Nothing was pasted: 2 cells are not valid" in message
    # cells named by tool and criterion: the grid has no column letters to go by
    assert 'Kuma, Ease of use: "high" is not a number from 0 to 10' in message
    assert "AWS App Mesh, Core features: 12 is outside the score range" in message
    assert not re.search(r"\b[A-Z]{1,2}[0-9]+\b", message), message
    assert window.document.undo_stack.count() == 0


def test_paste_past_the_edge_is_refused(qtbot, window):
    select_one(window, view_cell(window, "tetrate-service-bridge", "core"))
    assert not window.grid.paste("1\n2\n")
    assert "reaches past the last row" in window.statusBar().currentMessage()


def test_single_value_fills_the_selection(qtbot, window):
    select(window, view_cell(window, "istio", "core"), view_cell(window, "consul", "ease"))
    assert window.grid.paste("4\n")
    wb = window.document.workbook
    assert {wb.score(t, c) for t in ("istio", "linkerd", "consul") for c in ("core", "ease")} == {
        4.0
    }


def test_paste_into_names_renames_and_computed_columns_are_skipped(qtbot, window):
    select_one(window, view_cell(window, "kuma", column=0))
    assert window.grid.paste("Kuma (Kong)\t9.99\t1\n")
    assert window.document.workbook.tool("kuma").name == "Kuma (Kong)"
    assert "2 computed cells skipped" in window.statusBar().currentMessage()


def test_copy_paste_round_trip_between_rows(qtbot, window):
    wb = window.document.workbook
    select(window, view_cell(window, "istio", "core"), view_cell(window, "istio", "value"))
    window.grid.copy_selection()
    select_one(window, view_cell(window, "kuma", "core"))
    assert window.grid.paste()
    assert wb.scores[wb.tool_row("kuma")].tolist() == wb.scores[wb.tool_row("istio")].tolist()


def test_fill_down(qtbot, window):
    select(window, view_cell(window, "istio", "security"), view_cell(window, "kuma", "security"))
    qtbot.keyClick(window.grid, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    wb = window.document.workbook
    assert [wb.score(t, "security") for t in ("istio", "linkerd", "consul", "kuma")] == [9.0] * 4
    assert window.document.undo_stack.count() == 1


def test_formula_like_names_are_escaped_when_copied(qtbot, window):
    select_one(window, view_cell(window, "kuma", column=0))
    window.grid.paste('=HYPERLINK("http://x")\n')
    select_one(window, view_cell(window, "kuma", column=0))
    window.grid.copy_selection()
    text = QApplication.clipboard().text()
    assert text.startswith(("\"'=HYPERLINK", "'=HYPERLINK"))
    assert parse_tsv(text)[0][0] == '=HYPERLINK("http://x")'


def test_sorted_view_edits_the_right_tool(qtbot, window):
    window.grid.sortByColumn(window.model.col_total, Qt.SortOrder.AscendingOrder)
    assert window.proxy.index(0, 0).data() == "Traefik Mesh"
    type_into(qtbot, window, view_cell(window, "traefik-mesh", "security"), "2")
    assert window.document.workbook.score("traefik-mesh", "security") == 2.0


def test_totals_stay_frozen_beside_names_when_there_is_room(qtbot, window):
    grid = window.grid
    model = window.model
    grid.resize(1200, 500)
    assert grid.frozen_columns() == [0, model.col_total, model.col_rank]
    header = grid.horizontalHeader()
    assert [header.logicalIndex(v) for v in range(4)] == [
        0,
        model.col_total,
        model.col_rank,
        model.col_lifecycle,
    ]
    assert not grid._frozen.isColumnHidden(model.col_total)
    grid.resize(500, 500)  # too narrow: only the names stay, so scores remain visible
    assert grid.frozen_columns() == [0]
    assert grid._frozen.isColumnHidden(model.col_total)
    assert grid._frozen.width() == grid.columnWidth(0)


def test_copying_an_incomplete_row_leaves_computed_cells_empty(qtbot, window):
    import math

    from meshdesk.core.commands import SetScores

    window.document.push(SetScores((("istio", "ease", math.nan),)))
    select(window, view_cell(window, "istio", column=0), view_cell(window, "istio", "core"))
    assert window.grid.copy_selection()
    rows = parse_tsv(QApplication.clipboard().text())
    # name, total (none: incomplete), rank (none), lifecycle, core score
    assert rows == [["Istio", "", "", "Active", "10"]]


def test_widths_the_user_set_survive_adding_a_criterion(qtbot, window):
    from meshdesk.core.commands import AddCriterion
    from meshdesk.core.workbook import Criterion

    core = view_cell(window, "istio", "core").column()
    window.grid.setColumnWidth(core, 222)
    window.document.push(AddCriterion(Criterion("gitops", "GitOps"), 5.0))
    assert window.grid.columnWidth(view_cell(window, "istio", "core").column()) == 222
    assert window.grid.columnWidth(view_cell(window, "istio", "gitops").column()) > 0


def test_typing_down_a_sorted_column_follows_the_tools(qtbot, window):
    """Sorted by weighted total, each Enter used to re-sort the rows, so the next value landed
    on another tool. The order now holds while editing; the cursor walks down the view as it
    was when editing began."""
    grid, wb = window.grid, window.document.workbook
    grid.sortByColumn(window.model.col_total, Qt.SortOrder.DescendingOrder)
    order = [window.proxy.mapToSource(window.proxy.index(r, 0)).row() for r in range(10)]
    expected = [wb.tools[row].id for row in order[:4]]
    column = view_cell(window, expected[0], "ease").column()
    grid.setCurrentIndex(window.proxy.index(0, column))
    for value in ("1", "2", "3", "4"):  # low scores: each would sink its row if re-sorted
        type_into(qtbot, window, grid.currentIndex(), value)
    assert [wb.score(t, "ease") for t in expected] == [1.0, 2.0, 3.0, 4.0]
    after = [window.proxy.mapToSource(window.proxy.index(r, 0)).row() for r in range(10)]
    assert after == order  # nobody moved while typing
    assert "to sort again" in window.statusBar().currentMessage()
    # a weight change re-sorts: the ranking is what the user watches move
    window.weights.set_weight("ease", 40.0, None)
    resorted = [window.proxy.mapToSource(window.proxy.index(r, 0)).row() for r in range(10)]
    totals = window.document.ranking.totals
    assert [totals[r] for r in resorted] == sorted(totals, reverse=True)


def shown_order(window) -> list[str]:
    return [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]


def click_header(qtbot, header, column: int) -> None:
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.wait(10)


@pytest.mark.parametrize("frozen", [True, False], ids=["frozen header", "main header"])
def test_the_first_click_on_total_or_rank_sorts_best_first(qtbot, window, frozen):
    grid, model = window.grid, window.model
    window.resize(1280, 800)
    header = grid._frozen.horizontalHeader() if frozen else grid.horizontalHeader()
    totals = window.document.ranking.totals
    click_header(qtbot, header, model.col_total)
    shown = [window.proxy.index(r, model.col_total).data(SortRole) for r in range(10)]
    assert shown == sorted(totals, reverse=True)  # highest first
    assert window.proxy.index(0, 0).data() == "Istio"
    click_header(qtbot, header, model.col_total)  # the same column again: worst first
    assert window.proxy.index(0, 0).data() == "Traefik Mesh"
    click_header(qtbot, header, model.col_rank)
    ranks = [int(window.proxy.index(r, model.col_rank).data()) for r in range(10)]
    assert ranks == list(range(1, 11))  # rank 1 first


def test_the_first_click_on_a_score_sorts_the_best_first_and_names_a_to_z(qtbot, window):
    grid = window.grid
    security = view_cell(window, "istio", "security").column()
    click_header(qtbot, grid.horizontalHeader(), security)
    shown = [float(window.proxy.index(r, security).data()) for r in range(10)]
    assert shown == sorted(shown, reverse=True)
    click_header(qtbot, grid._frozen.horizontalHeader(), 0)
    assert shown_order(window) == sorted(shown_order(window), key=str.casefold)


def test_row_numbers_count_the_rows_as_shown(qtbot, window):
    """Sorted by total, the row numbers read 1, 2, 3, not the workbook's 1, 10, 2..."""
    grid = window.grid
    grid.sortByColumn(window.model.col_total, Qt.SortOrder.DescendingOrder)
    assert shown_order(window)[:3] == ["Istio", "Linkerd", "Tetrate Service Bridge"]
    numbers = [
        grid.model().headerData(r, Qt.Orientation.Vertical) for r in range(grid.model().rowCount())
    ]
    assert numbers == [str(n) for n in range(1, 11)]
    window.filter_edit.setText("mesh")
    assert grid.model().headerData(0, Qt.Orientation.Vertical) == "1"


def test_all_seven_criteria_fit_beside_the_names_at_1280_by_800(qtbot, window):
    """At 1280 px the grid once showed one criterion; now every column fits without scrolling
    sideways, each header naming its criterion whole with its weight share."""
    window.resize(1280, 800)
    qtbot.wait(20)
    window.apply_default_layout()
    qtbot.wait(20)
    grid, model = window.grid, window.model
    header = grid.horizontalHeader()
    assert grid.horizontalScrollBar().maximum() == 0
    right = max(
        header.sectionViewportPosition(c) + header.sectionSize(c)
        for c in range(model.columnCount())
    )
    assert right <= grid.viewport().width()
    for j, criterion in enumerate(window.document.workbook.criteria):
        column = model.criterion_column(j)
        lines = header.lines(column, header.sectionSize(column) - 8, header.fontMetrics())
        assert " ".join(lines[:-1]) == criterion.name  # whole, on up to two lines
        assert re.fullmatch(r"\d+%", lines[-1])
    assert header.lines(model.criterion_column(0), 200, header.fontMetrics())[-1] == "25%"
    # the details pane below the grid leaves it every row
    assert grid.content_height() <= grid.height()


def test_a_long_criterion_name_is_elided_and_its_tooltip_has_it_whole(qtbot, window):
    from dataclasses import replace

    from meshdesk.core.commands import UpdateCriterion

    wb = window.document.workbook
    long_name = "Operational maturity and day-two tooling of the control plane"
    window.document.push(UpdateCriterion(replace(wb.criterion("ease"), name=long_name)))
    column = window.model.criterion_column(wb.criterion_col("ease"))
    header = window.grid.horizontalHeader()
    header.resizeSection(column, 100)
    lines = header.lines(column, 90, header.fontMetrics())
    assert len(lines) == 3 and lines[1].endswith("…") and lines[2] == "15%"
    assert all(header.fontMetrics().horizontalAdvance(line) <= 90 for line in lines)
    tip = window.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert long_name in tip


def test_headers_follow_the_weights(qtbot, window):
    from meshdesk.core.commands import SetWeights

    window.document.push(SetWeights((("core", 75.0),)))  # 75 of 150
    header = window.grid.horizontalHeader()
    assert header.lines(1, 200, header.fontMetrics())[-1] == "50%"
    assert header.lines(2, 200, header.fontMetrics())[-1] == "10%"  # ease: 15 of 150


def test_frozen_names_scroll_with_the_scores_when_tools_are_added(qtbot, window):
    """Adding a tool at the bottom and selecting it scrolls the grid; the frozen name column
    must scroll the same distance, or each name sits beside another tool's scores."""
    from meshdesk.core.commands import AddTool
    from meshdesk.core.workbook import Tool

    grid = window.grid
    for n in range(25):
        window.document.push(AddTool(Tool(f"extra-{n}", f"Extra {n}")))
        last = window.proxy.index(window.proxy.rowCount() - 1, 1)
        grid.setCurrentIndex(last)
        grid.scrollTo(last)
    frozen = grid._frozen.verticalScrollBar()
    qtbot.waitUntil(lambda: grid.verticalScrollBar().value() > 0)
    qtbot.waitUntil(lambda: frozen.value() == grid.verticalScrollBar().value())
    bottom = grid.viewport().height() - 2
    assert grid.indexAt(QPoint(5, bottom)).row() == grid._frozen.indexAt(QPoint(5, bottom)).row()
