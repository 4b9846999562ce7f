"""GUI test fixtures: a recording message backend (no modal dialog is ever left open) and a
main window on the bundled dataset."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from meshdesk.ui import messages


@dataclass
class Recorder:
    """Records every message; questions are answered from `answers` (by kind), in order.
    An unexpected question fails the test instead of blocking it."""

    calls: list[tuple[str, str]] = field(default_factory=list)
    answers: dict[str, list[Any]] = field(default_factory=dict)

    def _answer(self, kind: str, text: str) -> Any:
        self.calls.append((kind, text))
        queue = self.answers.get(kind)
        if not queue:
            raise AssertionError(f"unexpected {kind} dialog: {text}")
        return queue.pop(0)

    def error(self, parent, title, text, details):
        self.calls.append(("error", f"{title}: {text}"))

    def info(self, parent, title, text):
        self.calls.append(("info", f"{title}: {text}"))

    def confirm(self, parent, title, text, action):
        return self._answer("confirm", text)

    def save_discard_cancel(self, parent, name):
        return self._answer("save_discard_cancel", name)

    def recover(self, parent, text):
        return self._answer("recover", text)

    def ask_text(self, parent, title, label, text):
        return self._answer("ask_text", label)

    def texts(self, kind: str) -> list[str]:
        return [t for k, t in self.calls if k == kind]


@pytest.fixture(autouse=True, scope="session")
def clipboard_released_at_exit() -> Iterator[None]:
    """The app releases its clipboard data when it quits (meshdesk.ui.app.release_clipboard);
    the test session never quits the QApplication, so do the same at its end."""
    yield
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        from meshdesk.ui.app import release_clipboard

        release_clipboard()


@pytest.fixture(autouse=True)
def no_modal_dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real modal dialog would block the suite forever: fail the test instead (except in
    tests marked `real_dialogs`, which answer them with tests.helpers.dialogs)."""
    if request.node.get_closest_marker("real_dialogs"):
        return
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    def refuse(*args, **kwargs):
        raise AssertionError(f"a modal dialog was opened in a test: {args[:2]}")

    for cls in (QDialog, QMessageBox, QFileDialog, QInputDialog):
        monkeypatch.setattr(cls, "exec", refuse)
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(refuse))
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))


@pytest.fixture(autouse=True)
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    previous = messages.install(rec)
    yield rec
    messages.install(previous)


@pytest.fixture
def window(qtbot, recorder):
    from meshdesk.ui.main_window import MainWindow

    win = MainWindow()
    # not qtbot.addWidget: pytest-qt closes those before fixtures tear down, and this window
    # must be closed with its unsaved-changes question answered
    win.show()
    qtbot.waitExposed(win)
    yield win
    recorder.answers["save_discard_cancel"] = [messages.Choice.DISCARD]
    win.close()
    win.deleteLater()
    qtbot.wait(1)


def view_cell(window, tool_id: str, criterion_id: str | None = None, column: int | None = None):
    """The proxy index shown for a tool and a criterion (or a logical column)."""
    wb = window.document.workbook
    row = wb.tool_row(tool_id)
    col = wb.criterion_col(criterion_id) + 1 if criterion_id else column
    return window.proxy.mapFromSource(window.model.index(row, col))
