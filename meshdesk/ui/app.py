"""Start the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from meshdesk import APP_ID, APP_NAME, __version__
from meshdesk.ui.grid_clipboard import COPY_MARKER
from meshdesk.ui.main_window import MainWindow


def create_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # fractional scaling as the desktop asks (Qt's default rounds 150 % up to 200 %)
        policy = Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(policy)
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.aboutToQuit.connect(release_clipboard)
    return app


def release_clipboard() -> None:
    """Leave copied cells on the clipboard as plain text when MeshDesk quits.

    A copy puts a QMimeData (text and HTML) on the clipboard; the headless "offscreen" Qt
    platform crashes at exit while such data is still owned, and desktop clipboard managers
    take plain text at exit anyway."""
    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData() if clipboard is not None else None
    if data is not None and data.hasFormat(COPY_MARKER):
        clipboard.setText(data.text())


def create_main_window(files: list[str]) -> MainWindow:
    """The window as the app starts it: the given project, else a new one."""
    window = MainWindow()
    if files:
        window.open_path(Path(files[0]), ask=False)
    return window


def greet(window: MainWindow, opened_a_file: bool) -> None:
    """Once the window is on screen: offer crashed sessions' work for recovery (each prompt
    parented to the visible window), then, on the very first start, the questionnaire."""
    from meshdesk.ui import recovery

    recovered = window.offer_recovery(recovery.find_orphans())
    if not recovered and not opened_a_file:
        window.first_start()


def run(files: list[str]) -> int:
    app = create_application()
    from meshdesk.ui import crash

    crash.setup_logging()
    crash.install()
    window = create_main_window(files)
    window.show()
    QTimer.singleShot(0, window, lambda: greet(window, bool(files)))
    return int(app.exec())
