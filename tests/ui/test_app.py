from __future__ import annotations

import logging
import sys
from dataclasses import replace

from PySide6.QtWidgets import QApplication

from meshdesk.cli.main import main
from meshdesk.io.dataset import load_dataset
from meshdesk.io.project import save_project
from meshdesk.ui import crash
from meshdesk.ui.details_pane import tool_html
from meshdesk.ui.main_window import MainWindow


def fake_exec(seen):
    def run(*_args):
        QApplication.processEvents()
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        seen.extend(windows)
        for w in windows:
            w.document.undo_stack.setClean()
            w.close()
        return 0

    return run


def test_meshdesk_without_arguments_opens_the_window(qtbot, monkeypatch):
    seen: list[MainWindow] = []
    monkeypatch.setattr(QApplication, "exec", fake_exec(seen))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    assert main([]) == 0
    assert len(seen) == 1
    assert seen[0].windowTitle() == "Untitled[*] — MeshDesk"
    assert seen[0].model.rowCount() == 10


def test_meshdesk_with_a_project_opens_it(qtbot, monkeypatch, tmp_path, workbook):
    path = tmp_path / "team.meshdesk"
    save_project(workbook, path)
    seen: list[MainWindow] = []
    monkeypatch.setattr(QApplication, "exec", fake_exec(seen))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert main([str(path)]) == 0
    assert seen[0].document.path == path


def test_exception_hook_logs_shows_details_and_keeps_running(qtbot, recorder, caplog):
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        exc_type, exc, tb = sys.exc_info()
    with caplog.at_level(logging.ERROR, logger="meshdesk"):
        crash.report(exc_type, exc, tb)
    qtbot.waitUntil(lambda: bool(recorder.texts("error")))
    text = recorder.texts("error")[0]
    assert "Unexpected error" in text and "ValueError: boom in a slot" in text
    assert "boom in a slot" in caplog.text and "Traceback" in caplog.text
    assert QApplication.instance() is not None


def test_details_html_escapes_and_cites_sources(workbook):
    from dataclasses import replace

    dataset = load_dataset()
    traefik = next(t for t in dataset.tools if t.id == "traefik-mesh")
    html = tool_html(traefik, dataset.catalogue)
    assert "Dormant" in html and "2026-02-24" in html
    assert 'href="https://github.com/traefik/mesh' in html
    assert "mTLS on by default" in html
    evil = replace(traefik, name="<img src=x onerror=alert(1)>")
    assert "<img" not in tool_html(evil, dataset.catalogue)
    assert "&lt;img src=x" in tool_html(evil, dataset.catalogue)


def test_details_pane_follows_selection(window):
    from meshdesk.core.commands import UpdateTool

    window.grid.setCurrentIndex(window.proxy.index(4, 1))
    assert "AWS App Mesh" in window.details.toPlainText()
    assert "End of support" in window.details.toPlainText()
    # an edit of the tool shown re-renders the pane: the new name replaces the old
    app_mesh = window.document.workbook.tool("aws-app-mesh")
    window.document.push(UpdateTool(replace(app_mesh, name="App Mesh (legacy)")))
    assert window.details.toPlainText().splitlines()[0] == "App Mesh (legacy)"  # the heading
    # another row shows another tool
    window.grid.setCurrentIndex(window.proxy.index(0, 1))
    assert window.details.toPlainText().splitlines()[0] == "Istio"


def test_icons_follow_a_dark_palette(window):
    from PySide6.QtGui import QColor, QPalette

    def ink(action) -> set[str]:
        image = action.icon().pixmap(24).toImage()
        return {
            image.pixelColor(x, y).name()
            for x in range(24)
            for y in range(24)
            if image.pixelColor(x, y).alpha() > 200
        }

    before = ink(window.act_new)
    dark = QPalette(QApplication.palette())
    dark.setColor(QPalette.ColorRole.WindowText, QColor("white"))
    dark.setColor(QPalette.ColorRole.Window, QColor(30, 30, 30))
    original = QApplication.palette()
    QApplication.setPalette(dark)
    try:
        QApplication.processEvents()
        assert ink(window.act_new) == {"#ffffff"}
        assert before != {"#ffffff"}
    finally:
        QApplication.setPalette(original)


def test_controls_have_accessible_names_and_shortcuts(window):
    named = [
        window.grid,
        window.filter_edit,
        window.lifecycle_box,
        window.details,
        window.weights,
        window.weights.preset_box,
        window.history_view,
    ]
    assert all(w.accessibleName() for w in named)
    assert all(
        row.spin.accessibleName().startswith("Weight of") for row in window.weights.rows.values()
    )
    for action in (
        window.act_new,
        window.act_open,
        window.act_save,
        window.act_undo,
        window.act_redo,
        window.act_copy,
        window.act_paste,
        window.act_fill,
        window.act_add_tool,
    ):
        assert not action.shortcut().isEmpty(), action.text()


QUIT_AFTER_COPY = """
import sys
from PySide6.QtCore import QTimer
from meshdesk.ui.app import create_application, create_main_window
app = create_application()
window = create_main_window([])
window.show()

def copy_and_quit():
    window.grid.select_cell(0, 0)
    assert window.grid.copy_selection()
    window.close()
    app.quit()

QTimer.singleShot(50, copy_and_quit)
sys.exit(app.exec())
"""


def test_quitting_after_a_copy_exits_cleanly(tmp_path):
    import os
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MESHDESK_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", QUIT_AFTER_COPY],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-1000:]


def test_details_show_editions_and_what_depends_on_them():
    dataset = load_dataset()
    consul = next(t for t in dataset.tools if t.id == "consul")
    html = tool_html(consul, dataset.catalogue)
    assert "<h3>Editions</h3>" in html
    for edition in consul.facts.editions:
        assert edition.name in html and edition.license.value in html
    assert "BUSL-1.1 (source-available), free" in html
    assert "Consul Enterprise</th><td>Proprietary, paid" in html
    assert "yes, Consul Enterprise only" in html  # FIPS builds
    assert "yes in Consul Enterprise; partial in the other editions" in html  # rate limiting
