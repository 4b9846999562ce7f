"""Every kind of change is one undoable step; undo and redo restore the grid exactly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from meshdesk.core import commands as cmd
from meshdesk.core.workbook import CellNote, Criterion, Metadata, Tool, Workbook


def check_undo_redo(window, command, expect):
    doc = window.document
    before = doc.workbook.copy()
    assert doc.push(command)
    after = doc.workbook.copy()
    expect(doc.workbook)
    doc.undo_stack.undo()
    assert doc.workbook.equals(before)
    assert window.model.rowCount() == len(before.tools)
    assert window.model.columnCount() == len(before.criteria) + 4
    doc.undo_stack.redo()
    assert doc.workbook.equals(after)
    expect(doc.workbook)


@pytest.mark.parametrize(
    ("command", "expect"),
    [
        (cmd.SetScores((("istio", "ease", 9.0),)), lambda wb: wb.score("istio", "ease") == 9.0),
        (cmd.SetWeights((("core", 50.0),)), lambda wb: wb.weight("core") == 50.0),
        (
            cmd.SetNote("istio", "core", CellNote("n")),
            lambda wb: wb.note("istio", "core") == CellNote("n"),
        ),
        (cmd.AddTool(Tool("x", "X"), 2), lambda wb: wb.tool_ids[2] == "x"),
        (cmd.RemoveTool("kuma"), lambda wb: not wb.has_tool("kuma")),
        (cmd.UpdateTool(Tool("kuma", "Kong Kuma")), lambda wb: wb.tool("kuma").name == "Kong Kuma"),
        (cmd.MoveTool("kuma", 0), lambda wb: wb.tool_ids[0] == "kuma"),
        (cmd.MoveTool("istio", 9), lambda wb: wb.tool_ids[9] == "istio"),
        (
            cmd.AddCriterion(Criterion("gitops", "GitOps"), 5.0, 1),
            lambda wb: wb.criterion_ids[1] == "gitops",
        ),
        (cmd.RemoveCriterion("ease"), lambda wb: "ease" not in wb.criterion_ids),
        (
            cmd.UpdateCriterion(Criterion("ease", "Ease")),
            lambda wb: wb.criterion("ease").name == "Ease",
        ),
        (cmd.MoveCriterion("value", 0), lambda wb: wb.criterion_ids[0] == "value"),
        (cmd.MoveCriterion("core", 6), lambda wb: wb.criterion_ids[6] == "core"),
        (cmd.SetAnswers({"organization": "smb"}), lambda wb: wb.answers == {"organization": "smb"}),
        (cmd.SetMetadata(Metadata(title="Renamed")), lambda wb: wb.metadata.title == "Renamed"),
    ],
)
def test_each_command_type_undoes_and_redoes(window, command, expect):
    check_undo_redo(window, command, expect)


def test_replace_content_is_one_step(window):
    other = Workbook([Tool("a", "A")], [Criterion("c", "C")], [1.0])
    check_undo_redo(window, cmd.ReplaceContent(other), lambda wb: wb.tool_ids == ["a"])
    assert window.model.index(0, 0).data() == "A"
    window.document.undo_stack.undo()
    assert window.model.index(0, 0).data() == "Istio"


def test_grid_shows_the_moved_rows_and_columns(window):
    doc = window.document
    doc.push(cmd.MoveTool("traefik-mesh", 0))
    assert window.model.index(0, 0).data() == "Traefik Mesh"
    assert window.model.index(0, window.model.col_lifecycle).data() == "Dormant"
    doc.push(cmd.MoveCriterion("value", 0))
    assert (
        window.model.headerData(1, Qt.Orientation.Horizontal)
        .replace("\n", " ")
        .startswith("Value for money")
    )
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert window.model.index(0, 0).data() == "Istio"


def test_repeated_edits_of_one_cell_merge(window):
    doc = window.document
    for value in (1.0, 2.0, 3.0):
        window.model.setData(window.model.index(0, 2), value)
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.workbook.score("istio", "ease") == 6.0
    window.model.setData(window.model.index(0, 2), 4.0)
    window.model.setData(window.model.index(1, 2), 4.0)  # another cell: a new step
    assert doc.undo_stack.count() == 2


def test_refused_edit_leaves_no_step(window):
    assert not window.document.push(cmd.SetScores((("istio", "ease", 20.0),)))
    assert window.document.undo_stack.count() == 0
    assert not window.isWindowModified()


def history(window) -> list[str]:
    view_model = window.history_view.model()
    return [view_model.index(i, 0).data() for i in range(view_model.rowCount())]


def test_undo_history_view_lists_steps(window):
    window.document.push(cmd.SetScores((("istio", "ease", 9.0),), "Edit score"))
    window.document.push(cmd.AddTool(Tool("x", "X")))
    assert history(window) == ["Opened", "Istio, Ease of use: 6 -> 9", "Add tool X"]


def test_edit_menu_undo_redo_actions(window):
    window.document.push(cmd.SetScores((("istio", "ease", 9.0),)))
    assert window.act_undo.isEnabled()
    from PySide6.QtGui import QKeySequence

    assert window.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert window.act_redo.shortcut() == QKeySequence(QKeySequence.StandardKey.Redo)
    window.act_undo.trigger()
    assert window.document.workbook.score("istio", "ease") == 6.0
    window.act_redo.trigger()
    assert window.document.workbook.score("istio", "ease") == 9.0


def test_refused_edit_keeps_redo_history_and_clean_state(window):
    doc = window.document
    doc.push(cmd.SetScores((("istio", "ease", 9.0),)))
    doc.undo_stack.setClean()
    doc.undo_stack.undo()
    assert doc.undo_stack.canRedo()
    assert not doc.push(cmd.SetScores((("istio", "ease", 99.0),)))
    assert doc.undo_stack.canRedo()
    doc.undo_stack.redo()
    assert doc.undo_stack.isClean() and not window.isWindowModified()


def test_history_names_each_change(window, qtbot):
    """Undo History once read "Edit score" eight times; each step now says what it changed."""
    doc, grid, model = window.document, window.grid, window.model
    ease = model.criterion_column(doc.workbook.criterion_col("ease"))
    for value in (8.0, 9.0):  # repeated edits of one cell: one step, from the first value
        model.setData(model.index(0, ease), value)
    grid.select_cell(0, grid.horizontalHeader().visualIndex(ease))
    assert grid.paste("7\n")  # one cell: old -> new
    grid.select_block(0, 4, 1, 5)  # Istio and Linkerd, core and ease
    assert grid.paste("1\t2\n3\t4\n")
    assert grid.clear_selection()
    grid.select_block(0, 6, 3, 6)
    assert grid.fill_down()
    window.weights.set_weight("core", 40.0, None)
    doc.push(cmd.SetNote("istio", "core", CellNote("checked with the vendor")))
    doc.push(cmd.UpdateTool(Tool("kuma", "Kong Kuma")))
    doc.push(cmd.MoveTool("kuma", 0))
    doc.push(cmd.RemoveTool("kuma"))
    assert history(window)[1:] == [
        "Istio, Ease of use: 6 -> 9",
        "Istio, Ease of use: 9 -> 7",
        "Paste 4 scores",
        "Clear 4 scores",
        "Fill down 3 scores",
        "Weight of Core features: 25 -> 40",
        "Add the note on Istio, Core features",
        "Rename tool Kuma -> Kong Kuma",
        "Move tool Kong Kuma up (to row 1)",
        "Delete tool Kong Kuma",
    ]
    assert window.act_undo.text() == "&Undo Delete tool Kong Kuma"


def test_a_merged_drag_is_described_from_its_start(window):
    for value in (30.0, 35.0, 50.0):
        window.weights.set_weight("security", value, ("weight-drag", "security", 1))
    assert history(window)[1:] == ["Weight of Security & compliance: 10 -> 50"]


def test_an_ampersand_reads_as_itself_in_history_and_menus(window):
    window.document.push(cmd.SetScores((("istio", "security", 7.0),)))
    assert history(window)[-1] == "Istio, Security & compliance: 9 -> 7"
    assert window.act_undo.text() == "&Undo Istio, Security && compliance: 9 -> 7"
