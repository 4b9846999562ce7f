"""Answer real modal dialogs the way a user would: wait until one is open, then click a button
or type into it. Used by the tests of the real Qt message backend and by the journeys on a
real X server."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

POLL_MS = 20


@dataclass
class DialogAnswer:
    """What was seen when the dialog was answered (for asserts after `exec` returns)."""

    title: str = ""
    text: str = ""
    buttons: list[str] = field(default_factory=list)
    answered: bool = False
    error: str = ""


def _visible_buttons(dialog: QWidget) -> list[QAbstractButton]:
    return [b for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.text()]


def _plain(label: str) -> str:
    return label.replace("&", "")


def _close_every_modal() -> None:
    """Never leave a test blocked on an open dialog."""
    for _ in range(10):
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        dialog.close()
        QApplication.processEvents()
        if QApplication.activeModalWidget() is dialog:
            dialog.hide()


def answer_next_dialog(
    act: Callable[[QWidget], None] | str,
    *,
    kind: type[QWidget] = QWidget,
    timeout_ms: int = 15_000,
) -> DialogAnswer:
    """Arm a timer that answers the next modal dialog of type `kind`: `act` is the text of the
    button to click ("Save", "&Discard" or "Discard"), or a function given the dialog.

    Returns at once; the answer is filled in when the dialog has been handled. If no such
    dialog appears in time, or answering it fails, every open modal dialog is closed and
    `error` says why, so a test fails instead of hanging."""
    seen = DialogAnswer()
    waited = [0]

    def answer(dialog: QWidget) -> None:
        seen.title = dialog.windowTitle()
        text = getattr(dialog, "text", None)
        seen.text = text() if callable(text) else ""
        buttons = _visible_buttons(dialog)
        seen.buttons = [_plain(b.text()) for b in buttons]
        if callable(act):
            act(dialog)
            seen.answered = True
            return
        wanted = _plain(act)
        for button in buttons:
            if _plain(button.text()) == wanted:
                button.click()
                seen.answered = True
                return
        seen.error = f"no button {wanted!r} among {seen.buttons}"

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not isinstance(dialog, kind) or not dialog.isVisible():
            waited[0] += POLL_MS
            if waited[0] < timeout_ms:
                QTimer.singleShot(POLL_MS, poll)
            else:
                seen.error = f"no {kind.__name__} appeared within {timeout_ms} ms"
                _close_every_modal()
            return
        try:
            answer(dialog)
        except BaseException as exc:  # an assert inside `act`: report it, do not hang
            seen.error = f"answering {seen.title!r} failed: {exc!r}"
        if not seen.answered:
            _close_every_modal()

    QTimer.singleShot(POLL_MS, poll)
    return seen
