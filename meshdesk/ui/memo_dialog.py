"""File > Export > Decision memo: options, a live preview (QtPdf), then Save.

Title, author and reviewers start as the project's metadata (File > Properties); what is typed
here changes this memo only.

The memo is built off the GUI thread from a snapshot of the workbook; progress shows in the
dialog, and the preview appears when it is ready. Saving writes the previewed bytes
atomically, so what the architect saw is exactly what is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from meshdesk.core.errors import MeshDeskError
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.recommendation import Recommendation
from meshdesk.core.workbook import Workbook
from meshdesk.io.atomic import atomic_write_bytes
from meshdesk.ui import messages
from meshdesk.ui.tasks import BackgroundTasks, Progress

PDF_FILTER = "PDF documents (*.pdf)"
REVIEWER_LINES_SHOWN = 4  # more reviewers scroll


class MemoDialog(QDialog):
    def __init__(
        self,
        workbook: Workbook,
        recommendation: Recommendation | None,
        ask_save_path: Callable[[str], Path | None],
        parent: QWidget | None = None,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        super().__init__(parent)
        self.snapshot = workbook.copy()
        self.recommendation = recommendation
        self.questionnaire = questionnaire
        self.ask_save_path = ask_save_path
        self.tasks = BackgroundTasks(self)
        self.pdf: bytes | None = None
        self.saved_to: Path | None = None
        self._buffer: QBuffer | None = None
        self.setWindowTitle("Decision memo")

        options = self._build_options(workbook)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Memo preview")
        self.status = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Memo progress")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.resize(900, 1000)
        self.generate()

    def _build_options(self, workbook: Workbook) -> QHBoxLayout:
        self.title = QLineEdit(workbook.metadata.title)
        self.title.setAccessibleName("Memo title")
        self.author = QLineEdit(workbook.metadata.author)
        self.author.setAccessibleName("Prepared by")
        self.reviewers = QPlainTextEdit("\n".join(workbook.metadata.reviewers))
        self.reviewers.setAccessibleName("Reviewed by")
        self.reviewers.setPlaceholderText("One name per line")
        self.reviewers.setTabChangesFocus(True)
        lines = max(2, min(len(workbook.metadata.reviewers), REVIEWER_LINES_SHOWN))
        self.reviewers.setFixedHeight(
            self.reviewers.fontMetrics().lineSpacing() * lines
            + 2 * int(self.reviewers.document().documentMargin())
            + 2 * self.reviewers.frameWidth()
        )
        self.page_size = QComboBox()
        self.page_size.addItem("A4", "A4")
        self.page_size.addItem("US Letter", "Letter")
        self.page_size.setAccessibleName("Page size")
        self.refresh_button = QPushButton("&Update preview")
        self.refresh_button.clicked.connect(self.generate)
        # Save writes exactly what the preview shows: changed options need a new preview
        self.title.textEdited.connect(self._options_changed)
        self.author.textEdited.connect(self._options_changed)
        self.reviewers.textChanged.connect(self._options_changed)
        self.page_size.currentIndexChanged.connect(self._options_changed)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Prepared by:", self.author)
        form.addRow("&Reviewed by:", self.reviewers)
        form.addRow("Page &size:", self.page_size)
        options = QHBoxLayout()
        options.addLayout(form, 1)
        options.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)
        return options

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    # --- building ----------------------------------------------------------------------------
    def generate(self, *_args: object) -> None:
        from meshdesk.render.pdf import build_memo

        snapshot, result, questionnaire = self.snapshot, self.recommendation, self.questionnaire
        title, author = self.title.text().strip(), self.author.text().strip()
        reviewers = self.reviewer_names()
        page_size = str(self.page_size.currentData())
        self.save_button.setEnabled(False)
        self.refresh_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText("Writing the memo…")

        def work(progress: Progress) -> bytes:
            from meshdesk.io.robustness import analyse_if_possible

            progress(0.0, "Testing how robust the lead is")
            # the Monte Carlo too, off the GUI thread, among the shortlist of the answers
            analysis = analyse_if_possible(snapshot, recommendation=result)
            return build_memo(
                snapshot,
                result,
                questionnaire=questionnaire,
                page_size=page_size,
                title=title or None,
                author=author or None,
                reviewers=reviewers,
                progress=progress,
                analysis=analysis,
            )

        self.tasks.start(work, self._ready, self._failed, self._progress)

    def reviewer_names(self) -> tuple[str, ...]:
        """The reviewers typed, one per line, blank lines left out."""
        lines = self.reviewers.toPlainText().splitlines()
        return tuple(line.strip() for line in lines if line.strip())

    def _options_changed(self, *_args: object) -> None:
        if self.pdf is not None and not self.tasks.busy:
            self.save_button.setEnabled(False)
            self.status.setText("The options changed: update the preview to save them.")

    def _progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.status.setText(text)

    def _ready(self, pdf: Any) -> None:
        self.pdf = bytes(pdf)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        pages = self.document.pageCount()
        self.status.setText(
            f"{pages} page{'s' if pages != 1 else ''}, {len(self.pdf) / 1024:.0f} KiB."
        )
        self.progress.hide()
        self.save_button.setEnabled(True)
        self.refresh_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        self.refresh_button.setEnabled(True)
        if isinstance(exc, MeshDeskError):
            self.status.setText(str(exc))
            messages.error(self, "The memo could not be written", str(exc))
        else:
            raise exc

    # --- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        if self.pdf is None:
            return
        path = self.ask_save_path(self.title.text().strip() or "decision-memo")
        if path is None:
            return
        try:
            atomic_write_bytes(path, self.pdf)
        except MeshDeskError as exc:
            messages.error(self, "The memo could not be saved", str(exc))
            return
        self.saved_to = path
        self.accept()

    def wait(self) -> None:
        """For tests: block until background work is done."""
        self.tasks.wait()

    def done(self, result: int) -> None:
        self.tasks.close()  # a memo still being written is cancelled and never delivered
        self.document.close()
        super().done(result)
