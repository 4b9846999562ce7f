"""The workbook window: grid, weights, details, menus, files, autosave.

The window is put together from parts, each in a module of its own: the actions and menus
(window_actions), file operations (file_operations), structure edits (workbook_edits), the
questionnaire (questionnaire_actions), exports (exports) and the window's state between
starts (window_state). What they share is in window_base."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from meshdesk import APP_NAME, __version__
from meshdesk.core.errors import MeshDeskError
from meshdesk.core.presets import Preset
from meshdesk.core.workbook import Workbook
from meshdesk.io.presets import load_presets
from meshdesk.ui import messages, settings
from meshdesk.ui.analysis_dock import AnalysisDock
from meshdesk.ui.details_pane import DetailsPane
from meshdesk.ui.document import Document
from meshdesk.ui.exports import Exports
from meshdesk.ui.file_operations import (
    IMPORT_FILTER,
    OPEN_FILTER,
    PROJECT_FILTER,
    TABLE_SUFFIXES,
    FileOperations,
    new_workbook,
)
from meshdesk.ui.grid import ScoreGrid
from meshdesk.ui.icons import app_icon
from meshdesk.ui.model import ScoreTableModel, ToolFilterProxy
from meshdesk.ui.notice_bar import NoticeBar
from meshdesk.ui.questionnaire_actions import QuestionnaireActions
from meshdesk.ui.recovery import Autosaver
from meshdesk.ui.tasks import BackgroundTasks
from meshdesk.ui.weights_panel import WeightsPanel
from meshdesk.ui.window_actions import build_actions, build_menus_and_toolbar
from meshdesk.ui.window_state import WindowState
from meshdesk.ui.workbook_edits import WorkbookEdits

__all__ = [
    "IMPORT_FILTER",
    "OPEN_FILTER",
    "PROJECT_FILTER",
    "TABLE_SUFFIXES",
    "MainWindow",
    "default_window_size",
    "new_workbook",
]

SHORTLIST_REFRESH_MS = 150
SMALL_SCREEN_WIDTH = 1500  # below this the window starts as large as the screen allows


def default_window_size(available: QSize) -> QSize:
    """A first start's window: the whole screen when it is small (every pixel goes to the
    grid, 1280 x 800 included), else most of it."""
    if available.width() < SMALL_SCREEN_WIDTH:
        return QSize(available)
    return QSize(int(available.width() * 0.92), int(available.height() * 0.9))


class MainWindow(
    FileOperations, WorkbookEdits, QuestionnaireActions, Exports, AnalysisDock, WindowState
):
    def __init__(self, workbook: Workbook | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.settings = settings.open_settings()
        self.document = Document(workbook or new_workbook(), path, self)
        self.autosaver = Autosaver(self.document)
        self.tasks = BackgroundTasks(self)
        self.presets = self._load_presets()
        self.model = ScoreTableModel(self.document, self)
        self.proxy = ToolFilterProxy(self)
        self.grid = ScoreGrid(self.model, self.proxy)
        self.details = DetailsPane()
        self.weights = WeightsPanel(self.document, self.presets)
        self._icon_names = {}
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self._build_layout()
        build_actions(self)
        build_menus_and_toolbar(self)
        self._connect()
        self._restore_settings()
        self._update_title()
        if self.proxy.rowCount():
            self.grid.setCurrentIndex(self.proxy.index(0, 1))
        self.grid.setFocus()  # as in a spreadsheet: typing goes into the grid at once
        self.statusBar().showMessage(
            "Ready. Type a score to change it; drag a weight to watch the ranking move.", 8000
        )

    def _load_presets(self) -> list[Preset]:
        try:
            return load_presets(criterion_ids=None)
        except MeshDeskError as exc:
            text = f"Weight presets unavailable: {exc}"
            QTimer.singleShot(0, lambda: self.statusBar().showMessage(text))
            return []

    def _build_layout(self) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter tools by name…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter tools by name")
        self.lifecycle_box = QComboBox()
        self.lifecycle_box.setAccessibleName("Filter by lifecycle")
        for label, mode in (
            ("All lifecycles", ToolFilterProxy.LIFECYCLE_ANY),
            ("Active only", ToolFilterProxy.LIFECYCLE_ACTIVE),
            ("Not active only", ToolFilterProxy.LIFECYCLE_INACTIVE),
        ):
            self.lifecycle_box.addItem(label, mode)
        self.hide_inactive = QCheckBox("&Hide inactive tools")
        self.hide_inactive.setToolTip(
            "Hide tools that reached end of support, were archived or are dormant."
        )
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter_edit)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.lifecycle_box)
        bar.addWidget(self.hide_inactive)
        bar.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(4, 4, 0, 0)
        column.addLayout(bar)
        self.notice = NoticeBar()
        column.addWidget(self.notice)
        column.addWidget(self.grid, 1)
        # the grid takes the width between the weights and the window's edge; the details of
        # the selected tool sit below it, in the height a short list of tools leaves free
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("details-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        # sizes the user left are restored; a first start lays the window out once shown
        self._docks_restored = self._splitter_restored = self._laid_out = False

        self.weights_dock = QDockWidget("Weights", self)
        self.weights_dock.setObjectName("weights-dock")
        self.weights_dock.setWidget(self.weights)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.weights_dock)
        self.history_dock = QDockWidget("Undo history", self)
        self.history_dock.setObjectName("history-dock")
        self.history_view = QUndoView(self.document.undo_stack)
        self.history_view.setEmptyLabel("Opened")
        self.history_view.setAccessibleName("Undo history")
        self.history_dock.setWidget(self.history_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        self._build_analysis_dock()
        screen = QApplication.primaryScreen()
        if screen is not None:
            self.resize(default_window_size(screen.availableGeometry().size()))

    def _connect(self) -> None:
        d = self.document
        # bound methods, not lambdas: Qt drops these connections when the window goes away
        d.undo_stack.cleanChanged.connect(self._update_title)
        d.pathChanged.connect(self._update_title)
        d.metadataChanged.connect(self._update_title)
        d.problem.connect(self.show_problem)
        d.rankingChanged.connect(self._ranking_status)
        d.reset.connect(self._show_current_details)
        # widths are remembered per column identity: keep the old project's, apply the new one's
        d.aboutToReset.connect(self._remember_column_widths)
        d.reset.connect(self._restore_column_widths)
        d.cellsChanged.connect(self._show_current_details)
        self.grid.message.connect(self.show_message)
        self.grid.selectionModel().currentChanged.connect(self._show_current_details)
        self.filter_edit.textChanged.connect(self.proxy.set_name_filter)
        self.lifecycle_box.currentIndexChanged.connect(self._lifecycle_filter_changed)
        self.hide_inactive.toggled.connect(self._set_hide_inactive)
        d.answersChanged.connect(self._refresh_shortlist)
        # scores and weights move the ranking, so the shortlist too: recompute it once the
        # edits pause (a slider drag emits dozens of changes a second)
        self._shortlist_timer = QTimer(self)
        self._shortlist_timer.setSingleShot(True)
        self._shortlist_timer.setInterval(SHORTLIST_REFRESH_MS)
        self._shortlist_timer.timeout.connect(self._refresh_shortlist)
        d.rankingChanged.connect(self._shortlist_timer.start)
        self.autosaver.failed.connect(self.show_problem)

    def _paste_clicked(self, _checked: bool = False) -> None:
        self.grid.paste()

    def _lifecycle_filter_changed(self, _index: int) -> None:
        self.proxy.set_lifecycle_filter(self.lifecycle_box.currentData())

    def _ranking_status(self) -> None:
        error = self.document.ranking_error
        if error:
            self.statusBar().showMessage(error, 12000)

    def _show_current_details(self, *_args: object) -> None:
        if not self.act_details.isChecked():
            return
        self.details.show_tool(self.current_tool(), self.document.workbook.catalogue)

    def toggle_details(self, checked: bool) -> None:
        self.details.setVisible(checked)
        if checked:
            self._show_current_details()

    def toggle_heat_map(self, checked: bool) -> None:
        self.model.set_heat_map(checked)

    def _set_hide_inactive(self, hide: bool) -> None:
        self.proxy.set_hide_inactive(hide)
        count = len(self.document.workbook.tools) - self.proxy.rowCount()
        if hide:
            self.statusBar().showMessage(
                f"{count} inactive tool{'s' if count != 1 else ''} hidden.", 6000
            )

    def about(self) -> None:
        wb = self.document.workbook
        messages.info(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nAn offline workbook for choosing a service mesh.\n"
            f"Dataset: {wb.metadata.dataset_title or 'none'} "
            f"(as of {wb.metadata.dataset_as_of or 'unknown'}).",
        )
