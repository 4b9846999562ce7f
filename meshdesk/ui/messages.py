"""Every message box and simple question MeshDesk shows goes through this module.

The functions delegate to a backend; the default backend shows parented Qt dialogs. Tests
install a recording backend (tests/ui/conftest.py) so that no modal dialog is ever left open
and every message can be asserted.
"""

from __future__ import annotations

import enum
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton, QWidget


def _box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    parent: QWidget | None,
) -> QMessageBox:
    """A message box whose text is shown as it is: it often quotes names or file contents,
    which must never be read as rich text."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


class Choice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class RecoveryChoice(enum.Enum):
    RECOVER = "recover"
    DISCARD = "discard"
    LATER = "later"  # keep the recovery file and ask again at the next start


class Backend(Protocol):
    def error(self, parent: QWidget | None, title: str, text: str, details: str | None) -> None: ...
    def info(self, parent: QWidget | None, title: str, text: str) -> None: ...
    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool: ...
    def save_discard_cancel(self, parent: QWidget | None, name: str) -> Choice: ...
    def recover(self, parent: QWidget | None, text: str) -> RecoveryChoice: ...
    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str) -> str | None: ...


class QtBackend:
    def error(self, parent: QWidget | None, title: str, text: str, details: str | None) -> None:
        box = _box(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, parent)
        if details:
            box.setDetailedText(details)  # selectable, so the details can be copied
        box.exec()

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        _box(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
        ).exec()

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        box = _box(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent
        )
        ok: QPushButton = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(ok)
        box.exec()
        return box.clickedButton() is ok

    def save_discard_cancel(self, parent: QWidget | None, name: str) -> Choice:
        box = _box(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            f"Save the changes to “{name}” before closing it?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            parent,
        )
        box.setInformativeText("If you don't save, your changes since the last save are lost.")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return Choice.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return Choice.DISCARD
        return Choice.CANCEL

    def recover(self, parent: QWidget | None, text: str) -> RecoveryChoice:
        box = _box(
            QMessageBox.Icon.Question,
            "Recover unsaved work",
            text,
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        recover = box.addButton("&Recover", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        later = box.addButton("Ask &Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(recover)
        box.setEscapeButton(later)  # closing the box must never throw the work away
        box.setInformativeText("Ask Later keeps the unsaved work for the next start.")
        box.exec()
        clicked = box.clickedButton()
        if clicked is recover:
            return RecoveryChoice.RECOVER
        if clicked is discard:
            return RecoveryChoice.DISCARD
        return RecoveryChoice.LATER

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str) -> str | None:
        value, ok = QInputDialog.getText(parent, title, label, text=text)
        return value if ok else None


backend: Backend = QtBackend()


def error(parent: QWidget | None, title: str, text: str, details: str | None = None) -> None:
    backend.error(parent, title, text, details)


def info(parent: QWidget | None, title: str, text: str) -> None:
    backend.info(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, action: str = "OK") -> bool:
    return backend.confirm(parent, title, text, action)


def save_discard_cancel(parent: QWidget | None, name: str) -> Choice:
    return backend.save_discard_cancel(parent, name)


def recover(parent: QWidget | None, text: str) -> RecoveryChoice:
    return backend.recover(parent, text)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    return backend.ask_text(parent, title, label, text)


def install(new_backend: Any) -> Backend:
    """Swap the backend (tests); returns the previous one."""
    global backend
    previous, backend = backend, new_backend
    return previous
