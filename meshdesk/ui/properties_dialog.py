"""File > Properties…: the project's title, author and reviewers (the memo's front page and
sign-off), saved in the project file and changed in one undoable step."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from meshdesk.core.commands import SetMetadata
from meshdesk.core.errors import InputError
from meshdesk.core.workbook import REVIEWERS_MAX, TITLE_MAX, Metadata, check_metadata


def metadata_from(previous: Metadata, title: str, author: str, reviewers: str) -> Metadata:
    """The metadata a form gives: trimmed, one reviewer per line (blank lines left out), and
    checked (InputError with one sentence otherwise)."""
    title = title.strip()
    if not title:
        raise InputError("The title cannot be empty.")
    names = tuple(line.strip() for line in reviewers.splitlines() if line.strip())
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise InputError(f"{name[:60]!r} is listed twice among the reviewers.")
        seen.add(name.casefold())
    return check_metadata(replace(previous, title=title, author=author.strip(), reviewers=names))


class PropertiesDialog(QDialog):
    """After accept(), `metadata` holds the checked result."""

    def __init__(self, metadata: Metadata, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Project properties")
        self._previous = metadata
        self.metadata: Metadata | None = None
        self.title = QLineEdit(metadata.title)
        self.title.setAccessibleName("Title")
        self.title.setMaxLength(TITLE_MAX)
        self.author = QLineEdit(metadata.author)
        self.author.setAccessibleName("Author")
        self.author.setPlaceholderText("Who prepared the evaluation")
        self.author.setMaxLength(TITLE_MAX)
        self.reviewers = QPlainTextEdit("\n".join(metadata.reviewers))
        self.reviewers.setAccessibleName("Reviewers")
        self.reviewers.setPlaceholderText("One name per line")
        self.reviewers.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Author:", self.author)
        form.addRow("&Reviewers:", self.reviewers)
        hint = QLabel(
            f"The decision memo shows these on its first page and in its sign-off block. "
            f"Reviewers: one name per line, at most {REVIEWERS_MAX}."
        )
        hint.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # it may quote what was typed
        self.problem.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(480, 320)

    def accept(self) -> None:
        try:
            self.metadata = metadata_from(
                self._previous,
                self.title.text(),
                self.author.text(),
                self.reviewers.toPlainText(),
            )
        except InputError as exc:
            self.problem.setText(str(exc))
            self._field_named(str(exc)).setFocus()
            return
        super().accept()

    def _field_named(self, message: str) -> QWidget:
        """The field a refusal is about (each message names its field)."""
        lowered = message.casefold()
        if "reviewer" in lowered:
            return self.reviewers
        return self.author if "author" in lowered else self.title


class PropertiesEditor(QObject):
    """File > Properties… for the window it is installed in."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("properties-editor")
        self._window = window
        self.action = QAction("&Properties…", window)
        self.action.setObjectName("act-properties")
        tip = "Edit the project's title, author and reviewers (undoable)"
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)
        self.action.triggered.connect(self.edit)

    def edit(self, *_args: object) -> bool:
        window = self._window
        metadata = window.document.workbook.metadata
        dialog = PropertiesDialog(metadata, window)
        if not window.exec_dialog(dialog) or dialog.metadata is None:
            return False
        if dialog.metadata == metadata:
            return False
        if not window.document.push(SetMetadata(dialog.metadata)):
            return False
        window.statusBar().showMessage("Saved the project's properties.", 6000)
        return True


def install(window: Any) -> PropertiesEditor:
    """Add Properties… to the File menu, just above Quit."""
    editor = PropertiesEditor(window)
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is None or menu.title().replace("&", "") != "File":
            continue
        quit_action = getattr(window, "act_quit", None)
        actions = menu.actions()
        if quit_action in actions:  # ... Export, separator, Properties, separator, Quit
            menu.insertAction(quit_action, editor.action)
            menu.insertSeparator(quit_action)
        else:
            menu.addAction(editor.action)
    return editor
