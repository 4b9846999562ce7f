"""Edit Facts…: a tool the user added gets lifecycle, editions and features through the real
dialog, in one undo step, marked as the user's own; bad input is refused in the dialog."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
)

from meshdesk.core.user_facts import USER_SOURCE_ID
from meshdesk.io.project import load_project
from meshdesk.ui.details_pane import EDIT_FACTS_URL
from meshdesk.ui.facts_dialog import (
    ED_LICENCE,
    ED_NAME,
    FE_NOTE,
    FE_SCOPE,
    FE_VALUE,
    TAB_EDITIONS,
    TAB_FEATURES,
    TAB_LIFECYCLE,
    FactsDialog,
)


def _action(window) -> QAction:  # type: ignore[no-untyped-def]
    return window.findChild(QAction, "act-edit-facts")


def _add_tool(window, recorder, name="Our mesh"):  # type: ignore[no-untyped-def]
    recorder.answers["ask_text"] = [name]
    window.act_add_tool.trigger()
    tool = window.document.workbook.tool_named(name)
    assert tool is not None and tool.facts is None
    assert window.current_tool() == tool
    return tool


def _ok(dialog: FactsDialog) -> bool:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.result() == QDialog.DialogCode.Accepted


def _drive(window, monkeypatch, fill):  # type: ignore[no-untyped-def]
    """Replace the modal run: fill the real dialog, press its OK button."""
    seen: list[FactsDialog] = []

    def run(dialog):  # type: ignore[no-untyped-def]
        seen.append(dialog)
        if fill(dialog) is False:
            return False
        return _ok(dialog)

    monkeypatch.setattr(window, "exec_dialog", run)
    return seen


def _choose(box: QComboBox, data: str) -> None:
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)


def _feature_row(dialog: FactsDialog, feature_id: str) -> int:
    return next(i for i, f in enumerate(dialog.features) if f.id == feature_id)


def _set_feature(dialog: FactsDialog, feature_id: str, value: str, note: str = "") -> None:
    row = _feature_row(dialog, feature_id)
    _choose(dialog.feature_table.cellWidget(row, FE_VALUE), value)
    dialog.feature_table.item(row, FE_NOTE).setText(note)


def _fill_new_tool(dialog: FactsDialog) -> None:
    _choose(dialog.status, "maintenance")
    dialog.since.setText("2026-10")
    dialog.summary.setPlainText("Security fixes only; the team moved to Istio.")
    dialog.advice.setPlainText("Move to Istio's ambient mode.")
    dialog.editions.item(0, ED_LICENCE).setText("Apache-2.0")
    _set_feature(dialog, "mtls_default", "yes", "Checked in our pilot.")


def test_a_new_tool_gets_facts_in_one_undo_step(window, recorder, monkeypatch):
    tool = _add_tool(window, recorder)
    assert "No profile or facts recorded" in window.details.toPlainText()
    assert "Edit facts…" in window.details.toPlainText()
    stack = window.document.undo_stack
    steps = stack.count()
    seen = _drive(window, monkeypatch, _fill_new_tool)

    assert _action(window) in _workbook_menu(window).actions()
    _action(window).trigger()
    assert len(seen) == 1 and seen[0].windowTitle() == "Facts of Our mesh"
    wb = window.document.workbook
    facts = wb.tool(tool.id).facts
    assert stack.count() == steps + 1
    assert "Edit facts" in stack.undoText() and "Our mesh" in stack.undoText()
    assert (facts.lifecycle.status, facts.lifecycle.since) == ("maintenance", "2026-10")
    assert facts.lifecycle.sources == (USER_SOURCE_ID,)
    assert facts.editions[0].license.value == "Apache-2.0"
    assert facts.editions[0].license.sources == (USER_SOURCE_ID,)
    assert facts.feature("mtls_default").sources == (USER_SOURCE_ID,)
    assert wb.catalogue.sources[USER_SOURCE_ID].title == "Entered by the user of this project"
    # the pane says whose facts these are, and still shows the tool
    shown = window.details.toPlainText()
    assert "Our mesh" in shown and "Maintenance only" in shown
    assert "[entered in this project]" in shown and "not taken from MeshDesk's dataset" in shown
    assert window.current_tool().id == tool.id
    assert "Saved the facts of Our mesh" in window.statusBar().currentMessage()

    stack.undo()
    assert wb.tool(tool.id).facts is None
    assert USER_SOURCE_ID not in wb.catalogue.sources
    stack.redo()
    assert wb.tool(tool.id).facts == facts
    assert recorder.calls == [("ask_text", "Name of the new tool:")]  # no message box


def _workbook_menu(window):  # type: ignore[no-untyped-def]
    menus = [a.menu() for a in window.menuBar().actions() if a.menu()]
    return next(m for m in menus if m.title().replace("&", "") == "Workbook")


def test_bad_input_is_refused_in_the_dialog_and_nothing_changes(window, recorder, monkeypatch):
    tool = _add_tool(window, recorder)
    before = window.document.workbook.copy()
    steps = window.document.undo_stack.count()
    problems: list[str] = []

    def fill(dialog):  # type: ignore[no-untyped-def]
        _fill_new_tool(dialog)
        _choose(dialog.status, "archived")
        dialog.advice.setPlainText("")
        assert not _ok(dialog)  # refused: the dialog stays open
        problems.append(dialog.problem.text())
        assert dialog.tabs.currentIndex() == TAB_LIFECYCLE
        dialog.advice.setPlainText("Use Linkerd.")
        dialog.editions.item(0, ED_LICENCE).setText("")
        assert not _ok(dialog)
        problems.append(dialog.problem.text())
        assert dialog.tabs.currentIndex() == TAB_EDITIONS
        # the licence cell the message names is open for typing
        assert (dialog.editions.currentRow(), dialog.editions.currentColumn()) == (0, ED_LICENCE)
        assert dialog.editions.state() == QAbstractItemView.State.EditingState
        dialog.editions.setCurrentCell(0, ED_NAME)  # leaves the open editor unchanged
        _set_feature(dialog, "mtls_default", "yes", "bad \x1b]8;;evil\x07 note")
        assert dialog.problem.text() == ""  # the form changed: the old refusal may not hold
        dialog.editions.item(0, ED_LICENCE).setText("MIT")
        assert not _ok(dialog)
        problems.append(dialog.problem.text())
        assert dialog.tabs.currentIndex() == TAB_FEATURES
        return False  # then Cancel

    _drive(window, monkeypatch, fill)
    _action(window).trigger()
    assert problems == [
        "A tool whose lifecycle is archived needs advice on what to use instead.",
        "Edition 'Our mesh' needs a licence (an SPDX id such as Apache-2.0, or Proprietary).",
        "The note on 'mTLS on by default' contains the control character U+001B at position 5.",
    ]
    assert window.document.undo_stack.count() == steps
    assert window.document.workbook.equals(before)
    assert window.document.workbook.tool(tool.id).facts is None
    assert recorder.calls == [("ask_text", "Name of the new tool:")]  # no message box, ever


def test_the_users_facts_are_saved_and_reload(window, recorder, monkeypatch, tmp_path):
    tool = _add_tool(window, recorder)
    _drive(window, monkeypatch, _fill_new_tool)
    _action(window).trigger()
    facts = window.document.workbook.tool(tool.id).facts
    path = tmp_path / "ours.meshdesk"
    assert window.save_to(path)

    loaded = load_project(path)
    assert loaded.tool(tool.id).facts == facts
    assert loaded.catalogue.sources[USER_SOURCE_ID].title == "Entered by the user of this project"
    assert window.open_path(path, ask=False)
    window._select_tool(tool.id, 1)
    assert "[entered in this project]" in window.details.toPlainText()


def test_a_dataset_tool_says_a_refresh_replaces_the_edit(window, recorder, monkeypatch):
    texts: dict[str, str] = {}

    def read(dialog):  # type: ignore[no-untyped-def]
        texts[dialog.tool_id] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        return False

    monkeypatch.setattr(window, "exec_dialog", read)
    editor = _editor(window)
    editor.edit("istio")
    tool = _add_tool(window, recorder)
    editor.edit(tool.id)
    assert "Refresh Facts from Dataset" in texts["istio"]
    assert "Refresh Facts from Dataset" not in texts[tool.id]


def _editor(window):  # type: ignore[no-untyped-def]
    from meshdesk.ui.facts_editor import FactsEditor

    found = window.findChild(FactsEditor, "facts-editor")
    assert found is not None
    return found


def test_editing_one_dataset_fact_cites_the_user_for_that_one_only(window, monkeypatch):
    wb = window.document.workbook
    old = wb.tool("linkerd").facts
    _drive(window, monkeypatch, lambda d: _set_feature(d, "fault_injection", "partial", "Ours."))
    assert _editor(window).edit("linkerd")
    new = wb.tool("linkerd").facts
    assert new.feature("fault_injection").sources == (USER_SOURCE_ID,)
    assert new.lifecycle == old.lifecycle and new.editions == old.editions
    unchanged = [f for f in old.features if f != "fault_injection"]
    assert all(new.features[f] == old.features[f] for f in unchanged)


def test_a_feature_can_be_scoped_to_an_edition_added_in_the_dialog(window, recorder, monkeypatch):
    tool = _add_tool(window, recorder)

    def fill(dialog):  # type: ignore[no-untyped-def]
        _fill_new_tool(dialog)
        dialog.add_edition_button.click()
        assert dialog.editions.rowCount() == 2
        dialog.editions.item(1, 0).setText("Our mesh Pro")
        dialog.editions.item(1, ED_LICENCE).setText("Proprietary")
        _choose(dialog.editions.cellWidget(1, 2), "proprietary")
        dialog.editions.item(1, 3).setCheckState(dialog.editions.item(1, 3).checkState().Checked)
        row = _feature_row(dialog, "fips")
        _set_feature(dialog, "fips", "yes")
        scope = dialog.feature_table.cellWidget(row, FE_SCOPE)
        assert scope.itemText(2) == "Our mesh Pro only"  # follows the name just typed
        scope.setCurrentIndex(2)

    _drive(window, monkeypatch, fill)
    _action(window).trigger()
    facts = window.document.workbook.tool(tool.id).facts
    assert [(e.name, e.paid) for e in facts.editions] == [
        ("Our mesh", False),
        ("Our mesh Pro", True),
    ]
    assert facts.feature("fips").editions == (facts.editions[1].id,)
    assert "yes, Our mesh Pro only" in window.details.toPlainText()


def test_removing_an_edition_a_feature_holds_in_is_refused(window, monkeypatch):
    problems: list[str] = []

    def fill(dialog):  # type: ignore[no-untyped-def]
        enterprise = next(
            r
            for r in range(dialog.editions.rowCount())
            if "Enterprise" in dialog.editions.item(r, 0).text()
        )
        dialog.editions.setCurrentCell(enterprise, 0)
        dialog.remove_edition_button.click()
        assert not _ok(dialog)
        problems.append(dialog.problem.text())
        assert dialog.tabs.currentIndex() == TAB_FEATURES
        return False

    before = window.document.workbook.copy()
    _drive(window, monkeypatch, fill)
    _editor(window).edit("consul")
    assert len(problems) == 1 and "is no longer listed" in problems[0]
    assert window.document.workbook.equals(before)


def test_the_details_pane_link_opens_the_dialog_for_the_tool_shown(window, monkeypatch):
    window._select_tool("kuma", 1)
    assert "Edit facts…" in window.details.toPlainText()
    seen = _drive(window, monkeypatch, lambda dialog: False)
    window.details.anchorClicked.emit(QUrl(EDIT_FACTS_URL))
    assert [d.tool_id for d in seen] == ["kuma"]
    assert not window.document.is_modified


def test_without_a_tool_the_action_says_what_to_do(window, monkeypatch):
    from PySide6.QtCore import QModelIndex

    seen = _drive(window, monkeypatch, lambda dialog: False)
    window.grid.setCurrentIndex(QModelIndex())
    _action(window).trigger()
    assert seen == []
    assert window.statusBar().currentMessage() == "Select a tool to edit its facts."


def test_a_tool_marked_dead_leaves_the_shortlist_highlight(qtbot, window, monkeypatch):
    assert window.apply_answers(window.questionnaire(), {"organization": "smb"})
    highlighted = window.model.highlighted
    assert highlighted
    first = sorted(highlighted)[0]

    def fill(dialog):  # type: ignore[no-untyped-def]
        _choose(dialog.status, "end-of-support")
        dialog.advice.setPlainText("Our platform team retired it.")

    _drive(window, monkeypatch, fill)
    assert _editor(window).edit(first)
    qtbot.waitUntil(lambda: first not in window.model.highlighted, timeout=3000)
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: window.model.highlighted == highlighted, timeout=3000)
