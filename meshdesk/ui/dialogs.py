"""Small dialogs: the cell note editor."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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
from meshdesk.ui.cell_evidence import evidence_scale, grade_label, half_width_text

NO_GRADE = "None (the default rule)"


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
        self.evidence = evidence_box(note.evidence if note else "")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c0392b;")
        form = QFormLayout()
        form.addRow("&Note:", self.text)
        form.addRow("&Source:", self.source)
        form.addRow("&Date:", self.date)
        form.addRow("&Evidence:", self.evidence)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"Evidence for <b>{escape(where)}</b>. Leave everything empty (and the "
                "grade at None) to remove the note."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.date.textChanged.connect(self._check)
        self.text.textChanged.connect(self._check)
        self.source.setMaxLength(NOTE_SOURCE_MAX)
        self._check()
        self.resize(480, 330)

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

    def grade(self) -> str:
        """The chosen grade's id; "" for none (the default rule)."""
        return str(self.evidence.currentData() or "")

    def note(self) -> CellNote | None:
        text, source = self.text.toPlainText().strip(), self.source.text().strip()
        grade = self.grade()
        if not text and not source and not grade:
            return None
        return CellNote(text, source, self.date.text().strip(), grade)


def rich(text: str) -> str:
    """Text as a tooltip shows it: escaped, and marked as rich text so the escapes show as the
    characters they stand for (Qt guesses plain text for a line without a tag)."""
    return f"<p>{escape(text, quote=False)}</p>"


def evidence_box(current: str) -> QComboBox:
    """The grades of data/evidence.yaml, each with its half-width and description, after
    "None": the default rule (as published, else own judgement). A grade the installed scale
    does not have (a project from another dataset) is kept as it is."""
    box = QComboBox()
    box.setAccessibleName("Evidence grade")
    box.addItem(NO_GRADE, "")
    scale = evidence_scale()
    if scale is not None:
        published, judgement = scale.grade(scale.published), scale.grade(scale.judgement)
        default = (
            f"A score as the score source published it counts as {published.name} "
            f"({half_width_text(published.half_width)}); one set in this project as "
            f"{judgement.name} ({half_width_text(judgement.half_width)})."
        )
        box.setItemData(0, rich(default), Qt.ItemDataRole.ToolTipRole)
        for grade in scale.grades:
            box.addItem(grade_label(grade), grade.id)
            box.setItemData(box.count() - 1, rich(grade.description), Qt.ItemDataRole.ToolTipRole)
    if current and box.findData(current) < 0:
        box.addItem(f"{current} (not in MeshDesk's evidence scale)", current)
    box.setCurrentIndex(max(0, box.findData(current)))
    box.setToolTip(
        "How sure the score is, by the evidence behind it: the robustness analysis varies "
        "the score by this much."
    )
    return box
