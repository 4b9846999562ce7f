from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from meshdesk.io.tsv import parse_tsv
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
    # Qt commits on Enter/Tab through a queued call: let the event loop deliver it
    qtbot.waitUntil(
        lambda: grid.state() != grid.State.EditingState or key == Qt.Key.Key_Tab, timeout=2000
    )
    qtbot.wait(10)


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


def test_invalid_entry_is_refused_with_status_message(qtbot, window):
    wb = window.document.workbook
    type_into(qtbot, window, view_cell(window, "kuma", "ease"), "11")
    assert wb.score("kuma", "ease") == 8.0
    assert (
        "Kuma / Ease of use: 11 is outside the score range 0 to 10"
        in window.statusBar().currentMessage()
    )
    assert window.document.undo_stack.count() == 0


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
    assert '"high" is not a number from 0 to 10' in message
    assert "12 is outside the score range" in message
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
