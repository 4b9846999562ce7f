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


def test_import_merges_into_the_open_project(qtbot, window, tmp_path, recorder):
    """A 4-row CSV once deleted 7 tools, a criterion, notes, weights and the shortlist."""
    from meshdesk.core.commands import SetNote
    from meshdesk.core.workbook import CellNote

    window.document.push(SetNote("kuma", "core", CellNote("keep me")))
    table = tmp_path / "scores.csv"
    table.write_text(
        "Tool,Core features,Ease of use,GitOps fit\n"
        "istio,7,,9\nLinkerd,8,9.5,8\nKuma,8,8,7\nNewMesh,6,6,6\n",
        encoding="utf-8",
    )
    before = window.document.workbook.copy()
    steps = window.document.undo_stack.count()
    window.import_path(table)
    qtbot.waitUntil(lambda: window.document.undo_stack.count() == steps + 1, timeout=5000)
    wb = window.document.workbook
    assert wb.tool_ids == [*before.tool_ids, "newmesh"]  # nothing deleted, one added
    assert wb.criterion_ids == [*before.criterion_ids, "gitops-fit"]
    assert wb.weight("gitops-fit") == 0.0  # a CSV states no weights: totals do not move
    assert wb.weights_by_id() | {"gitops-fit": 0.0} == before.weights_by_id() | {"gitops-fit": 0.0}
    assert wb.score("istio", "core") == 7.0
    assert wb.score("istio", "ease") == before.score("istio", "ease")  # empty cell: kept
    assert wb.score("linkerd", "ease") == 9.5
    assert wb.note("kuma", "core").text == "keep me"
    assert wb.tool("kuma").facts == before.tool("kuma").facts
    message = window.statusBar().currentMessage()
    assert "Imported scores.csv" in message and "1 tool added (NewMesh)" in message
    assert "1 criterion added (GitOps fit)" in message and "Nothing was deleted" in message
    assert window.document.undo_stack.undoText() == "Import scores.csv"
    window.document.undo_stack.undo()
    assert window.document.workbook.equals(before)


def test_opening_a_table_makes_a_new_project(qtbot, window, tmp_path, recorder):
    """Replacing the project with a table stays available, as File > Open of the table."""
    table = tmp_path / "scores.csv"
    table.write_text("Tool,Speed,Cost\nAlpha,9,3\nIstio,5,7\n", encoding="utf-8")
    assert window.open_path(table, ask=False)
    wb = window.document.workbook
    assert wb.tool_ids == ["alpha", "istio"]
    assert wb.tool("istio").facts is not None  # matched by name to the bundled dataset
    assert window.document.path is None and window.isWindowModified()


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
    steps = window.document.undo_stack.count()
    window.import_path(written)
    qtbot.waitUntil(lambda: "changes nothing" in window.statusBar().currentMessage(), timeout=20000)
    assert window.document.undo_stack.count() == steps  # an unchanged round trip: no step
    after = window.document.workbook
    assert after.equals(before)
    assert after.note("kuma", "core").text == "multi-zone tested"


def criteria_in_view_order(window) -> list[str]:
    header = window.grid.horizontalHeader()
    model = window.model
    columns = [model.criterion_column(j) for j in range(len(window.document.workbook.criteria))]
    return [
        window.document.workbook.criteria[c - 1].id for c in sorted(columns, key=header.visualIndex)
    ]


def test_reopening_never_scrambles_the_criteria(qtbot, recorder, tmp_path, workbook):
    """A header state saved for one project once reordered another's criteria. Only widths
    are remembered, by criterion id; the order is always the project's."""
    from meshdesk.core.commands import MoveCriterion

    first = MainWindow()
    qtbot.addWidget(first)
    first.document.push(MoveCriterion("core", 6))
    first.grid.setColumnWidth(first.model.criterion_column(0), 222)  # "ease", now first
    assert criteria_in_view_order(first)[-1] == "core"
    first.document.undo_stack.setClean()
    first.close()
    # another project, same number of columns, criteria in yet another order
    MoveCriterion("value", 0).apply(workbook)
    path = tmp_path / "other.meshdesk"
    save_project(workbook, path)
    second = MainWindow()
    qtbot.addWidget(second)
    assert criteria_in_view_order(second) == second.document.workbook.criterion_ids
    assert second.open_path(path, ask=False)
    assert criteria_in_view_order(second) == workbook.criterion_ids
    ease = second.model.criterion_column(workbook.criterion_col("ease"))
    assert second.grid.columnWidth(ease) == 222
    second.close()


def test_two_windows_with_one_file_never_lose_an_edit_silently(qtbot, recorder, tmp_path, workbook):
    """The second window's save used to discard the first's edit without a word."""
    path = tmp_path / "shared.meshdesk"
    save_project(workbook, path)
    first, second = MainWindow(), MainWindow()
    for window in (first, second):
        qtbot.addWidget(window)
        assert window.open_path(path, ask=False)
    first.document.push(SetScores((("istio", "ease", 1.0),)))
    assert first.file_save()
    second.document.push(SetScores((("kuma", "ease", 2.0),)))
    recorder.answers["confirm"] = [False]
    assert not second.file_save()
    assert "changed on disk" in recorder.texts("confirm")[0]
    assert load_project(path).score("istio", "ease") == 1.0  # the first window's edit stays
    assert second.document.is_modified
    recorder.answers["confirm"] = [True]  # the user chooses to replace it
    assert second.file_save()
    assert load_project(path).score("kuma", "ease") == 2.0
    # saving again from the window that wrote last asks nothing
    second.document.push(SetScores((("kuma", "ease", 3.0),)))
    assert second.file_save()
    assert len(recorder.texts("confirm")) == 2
    for window in (first, second):
        window.document.undo_stack.setClean()
        window.close()


def test_save_and_export_dialogs_start_beside_the_project_with_its_name(
    window, tmp_path, monkeypatch
):
    """They once started in the home folder as service-mesh-evaluation.*, whatever was open."""
    from PySide6.QtWidgets import QFileDialog

    starts: list[str] = []

    def dialog(parent, caption, start, file_filter):
        starts.append(start)
        return "", ""  # cancelled

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    window.file_save_as()
    assert starts[-1] == str(Path.home() / "service-mesh-evaluation.meshdesk")
    folder = tmp_path / "platform team"
    folder.mkdir()
    path = folder / "acme-mesh.meshdesk"
    save_project(window.document.workbook, path)
    window.open_path(path)
    window.file_save_as()
    window.export_xlsx()
    assert starts[-2:] == [str(path), str(folder / "acme-mesh.xlsx")]
    assert window.suggested_path("exports", ".pdf", "Memo title") == folder / "acme-mesh.pdf"
    # an untitled project starts where the last file was saved, named after its title
    window.file_new()
    assert window.document.path is None
    window.export_xlsx()
    assert starts[-1] == str(folder / "service-mesh-evaluation.xlsx")
    assert window.suggested_path("exports", ".pdf", "Q3 review") == folder / "q3-review.pdf"


def test_the_window_layout_is_remembered(qtbot, window):
    """The weights dock's width and the grid/details split the user chose come back."""
    window.resize(780, 560)  # within the offscreen screen: its geometry is restored as is
    qtbot.wait(20)
    window.resizeDocks([window.weights_dock], [270], Qt.Orientation.Horizontal)
    total = sum(window.splitter.sizes())
    window.splitter.setSizes([total - 150, 150])
    qtbot.wait(20)
    dock, split = window.weights_dock.width(), window.splitter.sizes()
    window.close()
    second = MainWindow()
    try:
        second.show()
        qtbot.waitExposed(second)
        qtbot.wait(20)
        assert second.size() == window.size()
        assert second.weights_dock.width() == dock
        assert second.splitter.sizes() == split
        assert split[1] == 150 and dock == 270  # not the first start's layout
    finally:
        second.close()
        second.deleteLater()


def test_decision_record_export_from_the_window(qtbot, window, tmp_path, monkeypatch):
    """File > Export > Decision Record writes the record of the workbook as it is: after Apply
    and a later weight change, it chooses what the grid's shortlist puts first."""
    from meshdesk.core.commands import SetWeights
    from meshdesk.core.recommendation import apply_answers
    from meshdesk.io.questionnaire import load_answers

    questionnaire = window.questionnaire()
    answers = load_answers(
        Path(__file__).resolve().parents[2] / "data" / "examples" / "mid-market.yaml", questionnaire
    )
    window.document.push(apply_answers(window.document.workbook, questionnaire, answers))
    window.document.push(SetWeights((("ease", 60.0),)))  # Linkerd overtakes Istio
    first = window.current_recommendation().shortlist[0].name
    target = tmp_path / "0001-mesh"
    monkeypatch.setattr(window, "_ask_save_path", lambda *a: target)
    window.act_export_adr.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Exported the decision record 0001-mesh.md.",
        timeout=20000,
    )
    text = (tmp_path / "0001-mesh.md").read_text(encoding="utf-8")
    assert text.startswith('---\nstatus: "proposed"\n')
    assert f'Chosen option: "{first}", because' in text
    assert first == "Linkerd"
