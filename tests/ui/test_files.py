from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from meshdesk.core.commands import SetScores
from meshdesk.io.project import load_project, save_project
from meshdesk.ui import messages
from meshdesk.ui.main_window import MainWindow


def edit(window) -> None:
    window.document.push(SetScores((("istio", "ease", 9.0),)))


def test_title_shows_name_and_modified_marker(window):
    assert window.windowTitle() == "Untitled[*] — MeshDesk"
    assert not window.isWindowModified()
    edit(window)
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert not window.isWindowModified()


def test_save_as_then_save(window, tmp_path, monkeypatch):
    target = tmp_path / "choice"
    monkeypatch.setattr(window, "_ask_save_path", lambda *a: target)
    edit(window)
    assert window.file_save()  # untitled: asks for a name
    saved = tmp_path / "choice.meshdesk"
    assert window.document.path == saved
    assert window.windowTitle() == "choice.meshdesk[*] — MeshDesk"
    assert not window.isWindowModified()
    assert load_project(saved).score("istio", "ease") == 9.0
    assert load_project(saved).metadata.modified
    window.document.push(SetScores((("istio", "ease", 2.0),)))
    assert window.file_save()
    assert load_project(saved).score("istio", "ease") == 2.0
    assert str(saved.resolve()) in [a.statusTip() for a in window.recent_menu.actions()]


def test_open_replaces_document_and_history(window, recorder, workbook, tmp_path, monkeypatch):
    path = tmp_path / "other.meshdesk"
    workbook.metadata = workbook.with_metadata(title="Other")
    save_project(workbook, path)
    edit(window)
    monkeypatch.setattr(window, "_ask_open_path", lambda *a: path)
    recorder.answers["save_discard_cancel"] = [messages.Choice.DISCARD]
    window.file_open()
    assert window.document.path == path
    assert window.document.workbook.metadata.title == "Other"
    assert window.document.undo_stack.count() == 0
    assert window.document.workbook.score("istio", "ease") == 6.0


def test_unsaved_changes_cancel_keeps_window_open(window, recorder):
    edit(window)
    recorder.answers["save_discard_cancel"] = [messages.Choice.CANCEL]
    assert not window.close()
    assert window.isVisible()
    assert window.document.workbook.score("istio", "ease") == 9.0
    assert recorder.texts("save_discard_cancel") == ["Untitled"]


def test_unsaved_changes_save_writes_file(window, recorder, tmp_path, monkeypatch):
    edit(window)
    monkeypatch.setattr(window, "_ask_save_path", lambda *a: tmp_path / "kept.meshdesk")
    recorder.answers["save_discard_cancel"] = [messages.Choice.SAVE]
    assert window.close()
    assert load_project(tmp_path / "kept.meshdesk").score("istio", "ease") == 9.0


def test_unsaved_changes_save_cancelled_keeps_window_open(window, recorder, monkeypatch):
    edit(window)
    monkeypatch.setattr(window, "_ask_save_path", lambda *a: None)  # user cancels the file dialog
    recorder.answers["save_discard_cancel"] = [messages.Choice.SAVE]
    assert not window.close()


def test_new_asks_first_when_modified(window, recorder):
    edit(window)
    recorder.answers["save_discard_cancel"] = [messages.Choice.CANCEL]
    window.file_new()
    assert window.document.workbook.score("istio", "ease") == 9.0
    recorder.answers["save_discard_cancel"] = [messages.Choice.DISCARD]
    window.file_new()
    assert window.document.workbook.score("istio", "ease") == 6.0
    assert not window.isWindowModified()


def test_bad_file_shows_one_message_and_changes_nothing(window, recorder, tmp_path):
    bad = tmp_path / "bad.meshdesk"
    bad.write_text('{"format": "meshdesk-project", "schema_version": 99}', encoding="utf-8")
    before = window.document.workbook.copy()
    assert not window.open_path(bad)
    assert window.document.workbook.equals(before)
    errors = recorder.texts("error")
    assert len(errors) == 1
    assert "newer MeshDesk" in errors[0]


def test_drop_a_project_file_opens_it(window, workbook, tmp_path):
    path = tmp_path / "dropped.meshdesk"
    workbook.metadata = workbook.with_metadata(title="Dropped")
    save_project(workbook, path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.document.path == path
    assert window.document.workbook.metadata.title == "Dropped"


def test_settings_persist_between_windows(qtbot, window, tmp_path):
    window.act_heat.setChecked(True)
    window.model.set_heat_map(True)
    window.hide_inactive.setChecked(True)
    window.resize(700, 500)
    expected_size = window.size()  # the window may not shrink below its minimum size
    path = tmp_path / "recent.meshdesk"
    save_project(window.document.workbook, path)
    window.open_path(path)
    window.close()
    second = MainWindow()
    try:
        assert second.act_heat.isChecked()
        assert second.model.heat_map
        assert second.hide_inactive.isChecked()
        assert second.proxy.rowCount() == 7
        assert second.size() == expected_size
        assert str(path.resolve()) in [a.statusTip() for a in second.recent_menu.actions()]
        settings_file = Path(second.settings.fileName())
        assert settings_file.is_file() and "meshdesk-home" in str(settings_file)
    finally:
        second.close()
        second.deleteLater()


def test_add_rename_delete_tool_through_menus(window, recorder):
    recorder.answers["ask_text"] = ["Kong Mesh", "Kong Mesh Enterprise"]
    window.grid.setCurrentIndex(window.proxy.index(3, 0))
    window.act_add_tool.trigger()
    wb = window.document.workbook
    assert wb.tool_ids[4] == "kong-mesh"
    window.act_rename_tool.trigger()
    assert wb.tool("kong-mesh").name == "Kong Mesh Enterprise"
    recorder.answers["confirm"] = [False, True]
    window.act_delete_tool.trigger()
    assert wb.has_tool("kong-mesh")  # declined
    window.act_delete_tool.trigger()
    assert not wb.has_tool("kong-mesh")
    assert window.document.undo_stack.count() == 3


def test_add_and_delete_criterion_through_menus(window, recorder):
    recorder.answers["ask_text"] = ["GitOps fit"]
    window.grid.setCurrentIndex(window.proxy.index(0, 1))
    window.act_add_criterion.trigger()
    wb = window.document.workbook
    assert "gitops-fit" in wb.criterion_ids and wb.weight("gitops-fit") == 0
    assert window.document.ranking.complete.all()  # weight 0: nobody becomes incomplete
    recorder.answers["confirm"] = [True]
    col = wb.criterion_col("gitops-fit") + 1
    window.grid.setCurrentIndex(window.proxy.mapFromSource(window.model.index(0, col)))
    window.act_delete_criterion.trigger()
    assert "gitops-fit" not in wb.criterion_ids


def test_edit_note_dialog(window, monkeypatch):
    index = window.proxy.mapFromSource(window.model.index(0, 2))
    window.grid.setCurrentIndex(index)

    def fill(dialog):
        dialog.text.setPlainText("Learning curve measured in the pilot")
        dialog.source.setText("https://wiki.example/pilot")
        dialog.date.setText("2026-13-01")
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        assert "YYYY-MM-DD" in dialog.problem.text()
        dialog.date.setText("2026-11-20")
        return True

    monkeypatch.setattr(window, "exec_dialog", fill)
    window.act_note.trigger()
    note = window.document.workbook.note("istio", "ease")
    assert note.text == "Learning curve measured in the pilot" and note.date == "2026-11-20"
    from meshdesk.ui.model import HasNoteRole

    assert window.proxy.mapToSource(index).data(HasNoteRole) is True


def test_import_a_table_is_one_undoable_step(qtbot, window, tmp_path, recorder):
    table = tmp_path / "scores.csv"
    table.write_text("Tool,Speed,Cost\nAlpha,9,3\nBeta,5,7\n", encoding="utf-8")
    before = window.document.workbook.copy()
    window.import_path(table)
    qtbot.waitUntil(lambda: window.document.workbook.tool_ids == ["alpha", "beta"], timeout=5000)
    assert window.model.rowCount() == 2
    assert window.isWindowModified()
    assert window.document.undo_stack.undoText() == "Import scores.csv"
    window.document.undo_stack.undo()
    assert window.document.workbook.equals(before)


def test_bad_import_changes_nothing_and_lists_problems(qtbot, window, tmp_path, recorder):
    table = tmp_path / "bad.csv"
    table.write_text("Tool,Speed\nAlpha,fast\nBeta,11\n", encoding="utf-8")
    before = window.document.workbook.copy()
    window.import_path(table)
    qtbot.waitUntil(lambda: bool(recorder.texts("error")), timeout=5000)
    error = recorder.texts("error")[0]
    assert "Nothing was imported" in error
    assert 'bad.csv!B2: "fast" is not a number from 0 to 10' in error
    assert "bad.csv!B3: 11 is outside the score range 0 to 10" in error
    assert window.document.workbook.equals(before)
    assert window.document.undo_stack.count() == 0


def test_excel_export_and_reimport_from_the_window(qtbot, window, tmp_path, monkeypatch):
    from meshdesk.core.commands import SetNote
    from meshdesk.core.workbook import CellNote

    window.document.push(
        SetNote("kuma", "core", CellNote("multi-zone tested", "https://kuma.io", "2026-11-01"))
    )
    target = tmp_path / "shared"
    monkeypatch.setattr(window, "_ask_save_path", lambda *a: target)
    window.act_export_xlsx.trigger()
    written = tmp_path / "shared.xlsx"
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Exported shared.xlsx.", timeout=20000
    )
    assert written.is_file()
    before = window.document.workbook.copy()
    window.import_path(written)
    qtbot.waitUntil(
        lambda: window.document.undo_stack.undoText() == "Import shared.xlsx", timeout=20000
    )
    after = window.document.workbook
    assert after.tool_ids == before.tool_ids
    assert (after.scores == before.scores).all()
    assert after.tool("kuma").facts == before.tool("kuma").facts  # facts kept through the base
    assert after.note("kuma", "core").text == "multi-zone tested"
