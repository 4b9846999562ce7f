"""Opening a project whose facts are older than the dataset's: the window says so without
blocking, offers a refresh, and the refresh is one undo step."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from meshdesk.core.commands import SetMetadata, SetScores, UpdateTool
from meshdesk.core.facts import Lifecycle
from meshdesk.io.project import save_project


def _stale_project(window, tmp_path):  # type: ignore[no-untyped-def]
    """The window's own workbook saved as if made before App Mesh reached end of support."""
    workbook = window.document.workbook.copy()
    SetMetadata(replace(workbook.metadata, dataset_as_of="2025-01-01")).apply(workbook)
    mesh = workbook.tool("aws-app-mesh")
    alive = Lifecycle("active", sources=mesh.facts.lifecycle.sources)
    UpdateTool(replace(mesh, facts=replace(mesh.facts, lifecycle=alive))).apply(workbook)
    SetScores((("istio", "core", 3.0),)).apply(workbook)
    path = tmp_path / "old.meshdesk"
    save_project(workbook, path)
    return path


def _button(window, text: str):  # type: ignore[no-untyped-def]
    return next(b for b in window.notice.buttons if b.text() == text)


def test_an_old_project_gets_a_notice_and_a_one_step_refresh(qtbot, window, tmp_path, recorder):
    path = _stale_project(window, tmp_path)
    assert window.open_path(path, ask=False)
    assert window.notice.isVisible()
    text = window.notice.label.text()
    assert "2025-01-01" in text and window.document.workbook.metadata.dataset_as_of in text
    assert recorder.calls == []  # a notice, not a dialog
    steps = window.document.undo_stack.count()

    qtbot.mouseClick(_button(window, "Refresh Facts"), Qt.MouseButton.LeftButton)
    wb = window.document.workbook
    assert not window.notice.isVisible()
    assert wb.tool("aws-app-mesh").facts.lifecycle.status == "end-of-support"
    assert wb.metadata.dataset_as_of != "2025-01-01"
    assert wb.scores[wb.tool_row("istio"), wb.criterion_col("core")] == 3.0  # the user's score
    assert window.document.undo_stack.count() == steps + 1
    assert "Refreshed the facts" in window.statusBar().currentMessage()

    window.document.undo_stack.undo()
    assert wb.tool("aws-app-mesh").facts.lifecycle.status == "active"
    assert wb.metadata.dataset_as_of == "2025-01-01"


def test_dismissing_the_notice_changes_nothing(qtbot, window, tmp_path):
    path = _stale_project(window, tmp_path)
    assert window.open_path(path, ask=False)
    qtbot.mouseClick(_button(window, "Dismiss"), Qt.MouseButton.LeftButton)
    assert not window.notice.isVisible()
    assert window.document.workbook.tool("aws-app-mesh").facts.lifecycle.status == "active"
    assert not window.document.is_modified


def test_a_current_project_gets_no_notice(window, tmp_path):
    path = tmp_path / "current.meshdesk"
    save_project(window.document.workbook, path)
    assert window.open_path(path, ask=False)
    assert not window.notice.isVisible()


def test_the_menu_action_refreshes_too(window, tmp_path):
    path = _stale_project(window, tmp_path)
    assert window.open_path(path, ask=False)
    menus = [a.menu() for a in window.menuBar().actions() if a.menu()]
    workbook_menu = next(m for m in menus if m.title().replace("&", "") == "Workbook")
    assert window.act_refresh in workbook_menu.actions()
    action = window.act_refresh
    action.trigger()
    assert window.document.workbook.tool("aws-app-mesh").facts.lifecycle.status == "end-of-support"
