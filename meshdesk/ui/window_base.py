"""What every part of the main window shares: its widgets and document, the status bar,
the current cell, and running a dialog. The parts (file operations, workbook edits, the
questionnaire, exports, window state) are mixins on this base; MainWindow puts them
together."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QSplitter,
)

from meshdesk import APP_NAME
from meshdesk.core.presets import Preset
from meshdesk.core.workbook import Criterion, Tool
from meshdesk.ui.details_pane import DetailsPane
from meshdesk.ui.document import Document
from meshdesk.ui.grid import ScoreGrid
from meshdesk.ui.icons import icon
from meshdesk.ui.model import KIND_SCORE, ScoreTableModel, ToolFilterProxy
from meshdesk.ui.notice_bar import NoticeBar
from meshdesk.ui.recovery import Autosaver
from meshdesk.ui.tasks import BackgroundTasks
from meshdesk.ui.weights_panel import WeightsPanel
from meshdesk.ui.window_actions import ActionSet

if TYPE_CHECKING:  # the questionnaire is loaded on first use, not at start-up
    from meshdesk.core.questionnaire import Questionnaire
    from meshdesk.core.recommendation import Recommendation


class WindowBase(ActionSet, QMainWindow):
    # built by MainWindow.__init__ (the widgets and the document behind them)
    settings: QSettings
    document: Document
    autosaver: Autosaver
    tasks: BackgroundTasks
    presets: list[Preset]
    model: ScoreTableModel
    proxy: ToolFilterProxy
    grid: ScoreGrid
    details: DetailsPane
    weights: WeightsPanel
    notice: NoticeBar
    splitter: QSplitter
    filter_edit: QLineEdit
    lifecycle_box: QComboBox
    hide_inactive: QCheckBox
    weights_dock: QDockWidget
    history_dock: QDockWidget
    _icon_names: dict[QAction, str]
    _shortlist_timer: QTimer
    # sizes the user left are restored; a first start lays the window out once shown
    _docks_restored: bool
    _splitter_restored: bool
    _laid_out: bool

    # the tools the stored answers let one choose (their shortlist), None without answers:
    # what the Analysis panel and the weights' stability bands analyse
    choosable: tuple[str, ...] | None = None

    def choosable_changed(self) -> None:
        """The shortlist of the stored answers changed (the Analysis dock redraws)."""

    # --- status and title ---------------------------------------------------------------------
    def show_problem(self, text: str) -> None:
        self.statusBar().showMessage(text, 12000)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _update_title(self, *_args: object) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)

    # --- the current cell ---------------------------------------------------------------------
    def _current_source(self) -> QModelIndex:
        return self.proxy.mapToSource(self.grid.currentIndex())

    def current_tool(self) -> Tool | None:
        index = self._current_source()
        if not index.isValid():
            return None
        return self.document.workbook.tools[index.row()]

    def current_criterion(self) -> Criterion | None:
        index = self._current_source()
        if not index.isValid() or self.model.column_kind(index.column()) != KIND_SCORE:
            return None
        return self.document.workbook.criteria[index.column() - 1]

    def _select_tool(self, tool_id: str, column: int) -> None:
        row = self.document.workbook.tool_row(tool_id)
        index = self.proxy.mapFromSource(self.model.index(row, max(0, column)))
        if index.isValid():
            self.grid.setCurrentIndex(index)

    # --- dialogs and icons --------------------------------------------------------------------
    def exec_dialog(self, dialog: Any) -> bool:
        """Run a modal dialog (tests replace this to drive dialogs without blocking)."""
        return bool(dialog.exec())

    def _set_icon(self, action: QAction, name: str) -> None:
        action.setIcon(icon(name))
        self._icon_names[action] = name

    def changeEvent(self, event: QEvent) -> None:
        """Light/dark switch: re-tint the icons with the new palette's text colour."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            icon.cache_clear()
            for action, name in self._icon_names.items():
                action.setIcon(icon(name))
        super().changeEvent(event)

    # --- provided by the other parts of the window (see MainWindow) --------------------------
    def maybe_save(self) -> bool:  # FileOperations
        raise NotImplementedError

    def open_path(self, path: Path, ask: bool = True) -> bool:  # FileOperations
        raise NotImplementedError

    def _save_path(
        self, caption: str, file_filter: str, kind: str, suffix: str, name: str = ""
    ) -> Path | None:  # FileOperations
        raise NotImplementedError

    def offer_refresh(self) -> bool:  # WorkbookEdits
        raise NotImplementedError

    def current_recommendation(self) -> Recommendation | None:  # QuestionnaireActions
        raise NotImplementedError

    def questionnaire(self) -> Questionnaire | None:  # QuestionnaireActions
        raise NotImplementedError
