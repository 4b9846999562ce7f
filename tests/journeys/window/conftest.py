"""In-window journeys: the real MainWindow on the xcb platform of a real X server, with the
real Qt message backend and real dialogs answered by tests.helpers.dialogs. Run by
tests/journeys/test_in_window.py in a child pytest (a QApplication has one platform)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication


@pytest.fixture(autouse=True, scope="session")
def on_a_real_x_server(qapp) -> None:
    platform = QGuiApplication.platformName()
    assert platform == "xcb", f"the in-window journeys run on xcb, not {platform!r}"


@pytest.fixture
def window(qtbot) -> Iterator[object]:
    from meshdesk.ui import messages
    from meshdesk.ui.main_window import MainWindow

    assert isinstance(messages.backend, messages.QtBackend), "the real backend, not a mock"
    win = MainWindow()
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()  # no window manager on the virtual screen: ask for the keyboard
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    yield win
    win.document.undo_stack.setClean()  # the journeys decide about unsaved work themselves
    win.close()
    win.deleteLater()
    qtbot.wait(10)
