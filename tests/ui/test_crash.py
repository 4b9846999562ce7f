"""The exception hook never loops: an error raised while showing an error is logged once and
the app keeps running; errors from worker threads are shown by the GUI thread."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from meshdesk.ui import crash, messages


@pytest.fixture(autouse=True)
def fresh_hook_state(monkeypatch):
    monkeypatch.setattr(crash, "state", crash._HookState())


def raise_and_report(text: str) -> None:
    try:
        raise ValueError(text)
    except ValueError:
        crash.report(*sys.exc_info())


class FailingBackend:
    def __init__(self) -> None:
        self.calls = 0

    def error(self, parent, title, text, details):
        self.calls += 1
        raise RuntimeError("the dialog itself is broken")


def test_an_error_while_showing_an_error_is_logged_once(qtbot, caplog):
    failing = FailingBackend()
    previous = messages.install(failing)
    try:
        with caplog.at_level(logging.WARNING, logger="meshdesk"):
            raise_and_report("first")
            qtbot.waitUntil(lambda: failing.calls == 1)
            for n in range(5):
                raise_and_report(f"later {n}")
            qtbot.wait(50)
    finally:
        messages.install(previous)
    assert failing.calls == 1  # never tried again, so it cannot loop
    assert caplog.text.count("the error dialog could not be shown") == 1
    assert "later 4" in caplog.text  # later errors are still logged


class ReentrantBackend:
    """An error dialog during which another error happens (e.g. in a queued slot)."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def error(self, parent, title, text, details):
        self.shown.append(text)
        if len(self.shown) == 1:
            raise_and_report("while the first dialog is open")
            from PySide6.QtWidgets import QApplication

            QApplication.processEvents()  # as the dialog's own event loop would


def test_an_error_while_the_dialog_is_open_is_not_stacked_on_top(qtbot, caplog):
    backend = ReentrantBackend()
    previous = messages.install(backend)
    try:
        with caplog.at_level(logging.WARNING, logger="meshdesk"):
            raise_and_report("first")
            qtbot.waitUntil(lambda: bool(backend.shown))
            qtbot.wait(50)
    finally:
        messages.install(previous)
    assert len(backend.shown) == 1
    assert "while the first dialog is open" in caplog.text
    assert "an error dialog is already open" in caplog.text


def test_an_error_on_a_worker_thread_is_shown_by_the_gui_thread(qtbot, recorder):
    from meshdesk.ui import tasks

    tasks.run_on_main(lambda: None)  # the dispatcher exists, as after install()
    shown_on: list[bool] = []
    original = recorder.error

    def record(parent, title, text, details):
        shown_on.append(threading.current_thread() is threading.main_thread())
        original(parent, title, text, details)

    recorder.error = record
    worker = threading.Thread(target=lambda: raise_and_report("from a worker"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(recorder.texts("error")))
    assert "from a worker" in recorder.texts("error")[0]
    assert shown_on == [True]
