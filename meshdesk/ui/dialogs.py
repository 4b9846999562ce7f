"""Small dialogs: the cell note editor."""

from __future__ import annotations

from html import escape

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

from meshdesk.core.clock import today_iso
from meshdesk.core.workbook import NOTE_SOURCE_MAX, NOTE_TEXT_MAX, CellNote
from meshdesk.io.fields import DATE_PATTERN


class NoteDialog(QDialog):
    """Edit the note and evidence of one score cell. An empty note removes it."""

    def __init__(self, where: str, note: CellNote | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Note — {where}")
        self.text = QPlainTextEdit(note.text if note else "")
        self.text.setAccessibleName("Note text")
        self.text.setTabChangesFocus(True)
        self.source = QLineEdit(note.source if note else "")
        self.source.setPlaceholderText("https://… or a document reference")
        self.source.setAccessibleName("Source")
        self.date = QLineEdit(note.date if note else today_iso())
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.date.setAccessibleName("Date")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c0392b;")
        form = QFormLayout()
        form.addRow("&Note:", self.text)
        form.addRow("&Source:", self.source)
        form.addRow("&Date:", self.date)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"Evidence for <b>{escape(where)}</b>. Leave everything empty to remove the note."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.date.textChanged.connect(self._check)
        self.text.textChanged.connect(self._check)
        self.source.setMaxLength(NOTE_SOURCE_MAX)
        self._check()
        self.resize(480, 300)

    def _check(self) -> None:
        date = self.date.text().strip()
        text_length = len(self.text.toPlainText().strip())
        if date and not DATE_PATTERN.match(date):
            problem = "The date must be written YYYY-MM-DD (or YYYY-MM)."
        elif text_length > NOTE_TEXT_MAX:
            problem = (
                f"The note is {text_length:,} characters long; the limit is {NOTE_TEXT_MAX:,}."
            )
        else:
            problem = ""
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def note(self) -> CellNote | None:
        text, source = self.text.toPlainText().strip(), self.source.text().strip()
        if not text and not source:
            return None
        return CellNote(text, source, self.date.text().strip())
