"""Start the desktop application."""

from __future__ import annotations

import sys


def run(files: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from meshdesk import APP_NAME, __version__

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    label = QLabel(f"{APP_NAME} {__version__}: the workbook window arrives with the GUI issue.")
    label.setWindowTitle(APP_NAME)
    label.resize(640, 200)
    label.show()
    return app.exec()
