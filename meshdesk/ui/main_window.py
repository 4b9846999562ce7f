"""The workbook window: grid, weights, details, menus, files, autosave."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolButton,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from meshdesk import APP_NAME, __version__
from meshdesk.core import commands as cmd
from meshdesk.core.clock import now_iso
from meshdesk.core.errors import MeshDeskError
from meshdesk.core.workbook import Criterion, Tool, Workbook, make_id
from meshdesk.io.dataset import load_dataset
from meshdesk.io.presets import Preset, load_presets
from meshdesk.io.project import (
    SUFFIX,
    fingerprint,
    load_project,
    load_project_with_fingerprint,
    save_project,
)
from meshdesk.ui import facts_dialog, help_menu, messages, properties_dialog, settings
from meshdesk.ui.details_pane import DetailsPane
from meshdesk.ui.document import Document
from meshdesk.ui.grid import ScoreGrid
from meshdesk.ui.icons import app_icon, icon
from meshdesk.ui.model import KIND_SCORE, ColumnKindRole, ScoreTableModel, ToolFilterProxy
from meshdesk.ui.notice_bar import NoticeBar
from meshdesk.ui.recovery import Autosaver, Orphan
from meshdesk.ui.tasks import BackgroundTasks
from meshdesk.ui.weights_panel import WeightsPanel

if TYPE_CHECKING:  # the questionnaire is loaded on first use, not at start-up
    from meshdesk.core.questionnaire import Answers, Questionnaire
    from meshdesk.core.recommendation import Recommendation

PROJECT_FILTER = f"MeshDesk projects (*{SUFFIX})"
IMPORT_FILTER = "Score tables (*.csv *.xlsx);;CSV (*.csv);;Excel workbooks (*.xlsx)"
OPEN_FILTER = f"{PROJECT_FILTER};;{IMPORT_FILTER}"
TABLE_SUFFIXES = (".csv", ".xlsx")
SHORTLIST_REFRESH_MS = 150
SMALL_SCREEN_WIDTH = 1500  # below this the window starts as large as the screen allows
WEIGHTS_WIDTH, WEIGHTS_MIN_WIDTH = 320, 260  # the weights dock on a first start
GRID_HEIGHT_SHARE = (0.35, 0.7)  # of the height above the details pane, on a first start


def new_workbook() -> Workbook:
    return load_dataset().new_workbook(created=now_iso())


def default_window_size(available: QSize) -> QSize:
    """A first start's window: the whole screen when it is small (every pixel goes to the
    grid, 1280 x 800 included), else most of it."""
    if available.width() < SMALL_SCREEN_WIDTH:
        return QSize(available)
    return QSize(int(available.width() * 0.92), int(available.height() * 0.9))


class MainWindow(QMainWindow):
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
        self._icon_names: dict[QAction, str] = {}
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self._build_layout()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._connect()
        self._restore_settings()
        self._update_title()
        if self.proxy.rowCount():
            self.grid.setCurrentIndex(self.proxy.index(0, 1))
        self.grid.setFocus()  # as in a spreadsheet: typing goes into the grid at once
        self.statusBar().showMessage(
            "Ready. Type a score to change it; drag a weight to watch the ranking move.", 8000
        )

    # --- construction --------------------------------------------------------------------------
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
        screen = QApplication.primaryScreen()
        if screen is not None:
            self.resize(default_window_size(screen.availableGeometry().size()))

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: Any = None,
        icon_name: str | None = None,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            self._set_icon(action, icon_name)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        return action

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

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        a = self._action
        self.act_new = a(
            "&New",
            self.file_new,
            key.New,
            "document-new",
            "Start a new evaluation from the bundled dataset",
        )
        self.act_open = a(
            "&Open…", self.file_open, key.Open, "document-open", "Open a MeshDesk project"
        )
        self.act_save = a("&Save", self.file_save, key.Save, "document-save", "Save the project")
        self.act_save_as = a("Save &As…", self.file_save_as, key.SaveAs)
        self.act_import = a(
            "&Import Scores…",
            self.file_import,
            None,
            None,
            "Merge scores from a CSV or Excel file into this project: matched rows are "
            "updated, new ones added, nothing deleted (undoable)",
        )
        self.act_quit = a("&Quit", self.close, key.Quit)
        self.act_undo = self.document.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence(key.Undo))
        self._set_icon(self.act_undo, "edit-undo")
        self.act_redo = self.document.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcut(QKeySequence(key.Redo))
        self._set_icon(self.act_redo, "edit-redo")
        self.act_cut = a(
            "Cu&t", lambda: self.grid.copy_selection() and self.grid.clear_selection(), key.Cut
        )
        self.act_copy = a(
            "&Copy", self.grid.copy_selection, key.Copy, "edit-copy", "Copy the selected cells"
        )
        self.act_paste = a(
            "&Paste",
            self._paste_clicked,
            key.Paste,
            "edit-paste",
            "Paste cells copied from MeshDesk, Excel or LibreOffice",
        )
        self.act_clear = a(
            "C&lear Scores",
            self.grid.clear_selection,
            key.Delete,
            None,
            "Clear the selected scores to “not scored”",
        )
        self.act_fill = a(
            "Fill &Down",
            self.grid.fill_down,
            "Ctrl+D",
            None,
            "Copy the top row of the selection down",
        )
        self.act_note = a(
            "Edit &Note…",
            self.edit_note,
            "Shift+F2",
            "note",
            "Add or edit the note and evidence of a score",
        )
        self.act_history = self.history_dock.toggleViewAction()
        self.act_history.setText("Undo &History")
        self._set_icon(self.act_history, "history")
        self.act_add_tool = a(
            "&Add Tool…", self.add_tool, "Ctrl+Shift+T", "row-add", "Add a tool row"
        )
        self.act_rename_tool = a("&Rename Tool…", self.rename_tool, None)
        self.act_delete_tool = a(
            "&Delete Tool…",
            self.delete_tool,
            "Ctrl+Shift+Del",
            "row-delete",
            "Delete the current tool",
        )
        self.act_tool_up = a("Move Tool &Up", lambda: self.move_tool(-1), "Ctrl+Shift+Up")
        self.act_tool_down = a("Move Tool Do&wn", lambda: self.move_tool(1), "Ctrl+Shift+Down")
        self.act_add_criterion = a(
            "Add &Criterion…",
            self.add_criterion,
            "Ctrl+Shift+C",
            "column-add",
            "Add a criterion column",
        )
        self.act_rename_criterion = a("Re&name Criterion…", self.rename_criterion, None)
        self.act_delete_criterion = a("D&elete Criterion…", self.delete_criterion, None)
        self.act_criterion_left = a(
            "Move Criterion &Left", lambda: self.move_criterion(-1), "Ctrl+Shift+Left"
        )
        self.act_criterion_right = a(
            "Move Criterion R&ight", lambda: self.move_criterion(1), "Ctrl+Shift+Right"
        )
        self.act_heat = a(
            "&Heat Map",
            self.toggle_heat_map,
            "Ctrl+H",
            "heatmap",
            "Tint scores from red (0) to green (10)",
            True,
        )
        self.act_details = a(
            "&Details Pane",
            self.toggle_details,
            "F9",
            "details",
            "Show the details of the selected tool",
            True,
        )
        self.act_details.setChecked(True)
        self.act_sort_again = a(
            "Sort &Again",
            self.grid.sort_again,
            "F5",
            None,
            "Sort the rows again by the column the header shows (edits keep rows in place)",
        )
        self.act_weights = self.weights_dock.toggleViewAction()
        self.act_weights.setText("&Weights Panel")
        self.act_weights.setShortcut(QKeySequence("F8"))
        self.act_refresh = a(
            "Refresh &Facts from Dataset",
            self.refresh_facts,
            None,
            None,
            "Replace the tools' facts, lifecycle and editions with the dataset's (undoable)",
        )
        self.act_normalize = a(
            "&Normalize Weights to 100", self.weights.normalize, None, "normalize"
        )
        self.act_about = a("&About MeshDesk", self.about, None)
        self.act_export_xlsx = a(
            "&Excel Workbook…",
            self.export_xlsx,
            None,
            None,
            "A live spreadsheet with formulas that a colleague can edit and send back",
        )
        self.act_export_pdf = a(
            "Decision &Memo (PDF)…",
            self.export_memo,
            "Ctrl+Shift+E",
            None,
            "A memo for a review board: recommendation, ranking, charts, sources, sign-off",
        )
        self.act_export_adr = a(
            "Decision &Record (Markdown)…",
            self.export_adr,
            None,
            None,
            "The decision as a Markdown record (MADR) for the team's repository",
        )
        self.act_wizard = a(
            "&Questionnaire…",
            self.open_wizard,
            "Ctrl+Shift+Q",
            "wizard",
            "Answer a few questions for a segment, a weight profile and a shortlist",
        )

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = QMenu("Open &Recent", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addAction(self.act_import)
        self.export_menu = file_menu.addMenu("&Export")
        self._set_icon(self.export_menu.menuAction(), "export")
        self.export_menu.addActions(
            [self.act_export_xlsx, self.act_export_pdf, self.act_export_adr]
        )
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addActions(
            [self.act_cut, self.act_copy, self.act_paste, self.act_clear, self.act_fill]
        )
        edit.addSeparator()
        edit.addActions([self.act_note, self.act_history])
        tools = bar.addMenu("&Workbook")
        tools.addActions(
            [
                self.act_add_tool,
                self.act_rename_tool,
                self.act_delete_tool,
                self.act_tool_up,
                self.act_tool_down,
            ]
        )
        tools.addSeparator()
        tools.addActions(
            [
                self.act_add_criterion,
                self.act_rename_criterion,
                self.act_delete_criterion,
                self.act_criterion_left,
                self.act_criterion_right,
            ]
        )
        tools.addSeparator()
        self._add_presets_menu(tools.addMenu("Weight &Presets"))
        tools.addAction(self.act_normalize)
        tools.addSeparator()
        tools.addAction(self.act_wizard)
        tools.addAction(self.act_refresh)
        view = bar.addMenu("&View")
        view.addActions([self.act_heat, self.act_details, self.act_weights])
        view.addSeparator()
        view.addAction(self.act_sort_again)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.act_about)
        for extension in (help_menu, facts_dialog, properties_dialog):
            extension.install(self)  # Help entries, Edit Facts…, File > Properties…

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar = toolbar
        toolbar.addActions([self.act_new, self.act_open, self.act_save])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo])
        for action in (self.act_undo, self.act_redo):  # their text names the step: keep it short
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addSeparator()
        toolbar.addActions(
            [
                self.act_wizard,
                self.act_add_tool,
                self.act_add_criterion,
                self.act_note,
                self.act_heat,
            ]
        )
        self._refresh_recent_menu()

    def _add_presets_menu(self, menu: QMenu) -> None:
        for preset in self.presets:
            action = menu.addAction(preset.name)
            action.setStatusTip(preset.description)
            action.triggered.connect(lambda _=False, pid=preset.id: self.weights.apply_preset(pid))

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

    # --- status and title ---------------------------------------------------------------------
    def show_problem(self, text: str) -> None:
        self.statusBar().showMessage(text, 12000)

    def _paste_clicked(self, _checked: bool = False) -> None:
        self.grid.paste()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _lifecycle_filter_changed(self, _index: int) -> None:
        self.proxy.set_lifecycle_filter(self.lifecycle_box.currentData())

    def _ranking_status(self) -> None:
        error = self.document.ranking_error
        if error:
            self.statusBar().showMessage(error, 12000)

    def _update_title(self, *_args: object) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)

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

    # --- files -------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True to go on."""
        if not self.document.is_modified:
            return True
        choice = messages.save_discard_cancel(self, self.document.display_name)
        if choice == messages.Choice.SAVE:
            return self.file_save()
        if choice == messages.Choice.DISCARD:
            self.autosaver.remove()
            self.document.undo_stack.setClean()  # the changes are given up; nothing to ask again
            return True
        return False

    def _ask_open_path(self, caption: str, file_filter: str, kind: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self, caption, settings.last_folder(self.settings, kind), file_filter
        )
        return Path(name) if name else None

    def suggested_path(self, kind: str, suffix: str, name: str = "") -> Path:
        """Where a save or export dialog starts: beside the project, with its name
        (/path/to/acme.meshdesk: /path/to/acme.xlsx); for an untitled project, the last folder
        used, with a file name made from `name` or else the project's title."""
        path = self.document.path
        if path is not None:
            return path.with_suffix(suffix)
        title = name.strip() or self.document.workbook.metadata.title.strip() or "evaluation"
        return Path(settings.last_folder(self.settings, kind)) / (make_id(title) + suffix)

    def _ask_save_path(self, caption: str, file_filter: str, start: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, caption, str(start), file_filter)
        return Path(name) if name else None

    def _save_path(
        self, caption: str, file_filter: str, kind: str, suffix: str, name: str = ""
    ) -> Path | None:
        """Ask where to save; add the suffix the user left out, and if that names another,
        existing file, ask before replacing it (the dialog only asked about the name typed)."""
        path = self._ask_save_path(caption, file_filter, self.suggested_path(kind, suffix, name))
        if path is None:
            return None
        if path.suffix.lower() == suffix:
            return path
        path = path.with_name(path.name + suffix)
        if path.exists() and not messages.confirm(
            self, "Replace file", f"{path.name} already exists. Replace it?", "Replace"
        ):
            return None
        return path

    def file_new(self) -> None:
        if not self.maybe_save():
            return
        self.autosaver.remove()
        self.document.replace(new_workbook(), None)
        self.statusBar().showMessage("New evaluation from the bundled dataset.", 5000)

    def file_open(self) -> None:
        if not self.maybe_save():
            return
        path = self._ask_open_path("Open project", OPEN_FILTER, "projects")
        if path is not None:
            self.open_path(path, ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        if path.suffix.lower() in TABLE_SUFFIXES:
            return self.open_table(path)
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            workbook, digest = load_project_with_fingerprint(path)
        except MeshDeskError as exc:
            messages.error(self, "Cannot open the project", str(exc))
            if str(path) in settings.recent_files(self.settings) and not path.exists():
                settings.remove_recent_file(self.settings, str(path))
                self._refresh_recent_menu()
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.autosaver.remove()
        self.document.replace(workbook, path)
        self.document.disk_fingerprint = digest
        settings.set_last_folder(self.settings, "projects", path)
        settings.add_recent_file(self.settings, path)
        self._refresh_recent_menu()
        self.statusBar().showMessage(f"Opened {path.name}.", 5000)
        self.offer_refresh()
        return True

    # --- facts from a newer dataset ----------------------------------------------------------
    def offer_refresh(self) -> bool:
        """When the project's facts are older than the installed dataset's, say so (without
        blocking anything) and offer to refresh them."""
        from meshdesk.core.refresh import facts_are_older
        from meshdesk.io.dataset import default_dataset

        try:
            dataset = default_dataset()
        except MeshDeskError:
            return False
        meta = self.document.workbook.metadata
        if not facts_are_older(meta, dataset.title, dataset.as_of):
            return False
        self.notice.show_notice(
            f"This project's facts date from {meta.dataset_as_of}; MeshDesk's dataset has facts "
            f"as of {dataset.as_of}. A platform's lifecycle, licence or editions may have "
            "changed since. Refreshing replaces the facts only: your scores, notes, weights and "
            "answers stay as they are (and Undo brings the old facts back).",
            [("Refresh Facts", self.refresh_facts)],
        )
        return True

    def refresh_facts(self, *_args: object) -> bool:
        """Replace the facts of the tools the dataset knows (one undo step)."""
        from meshdesk.core.refresh import plan_refresh
        from meshdesk.io.dataset import default_dataset

        try:
            dataset = default_dataset()
        except MeshDeskError as exc:
            self.show_problem(f"The dataset could not be read: {exc}")
            return False
        plan = plan_refresh(
            self.document.workbook,
            dataset.tools,
            dataset.catalogue,
            dataset_title=dataset.title,
            dataset_as_of=dataset.as_of,
        )
        if not plan.changes_anything:
            self.statusBar().showMessage("The project's facts are already the dataset's.", 8000)
            return False
        if not self.document.push(plan.command):
            return False
        unknown = (
            f" {len(plan.unknown_tools)} tool(s) the dataset does not know were left as they are."
            if plan.unknown_tools
            else ""
        )
        self.statusBar().showMessage(
            f"Refreshed the facts to {plan.to_as_of}: {len(plan.lifecycle)} lifecycle and "
            f"{len(plan.facts)} other fact change(s); scores, notes, weights and answers are "
            f"unchanged.{unknown}",
            15000,
        )
        return True

    def file_save(self) -> bool:
        if self.document.path is None:
            return self.file_save_as()
        return self.save_to(self.document.path)

    def file_save_as(self) -> bool:
        path = self._save_path("Save project as", PROJECT_FILTER, "projects", SUFFIX)
        return self.save_to(path) if path is not None else False

    def _changed_on_disk_since_opened(self, path: Path) -> bool:
        """Whether saving over `path` would throw away changes someone else made to it (a
        second window with the same file, a sync tool, git)."""
        known = self.document.disk_fingerprint
        if known is None or path != self.document.path or not path.exists():
            return False
        return fingerprint(path) != known

    def save_to(self, path: Path) -> bool:
        if self._changed_on_disk_since_opened(path) and not messages.confirm(
            self,
            "File changed on disk",
            f"{path.name} was changed on disk after you opened it (perhaps in another "
            "MeshDesk window). Saving replaces those changes with yours. Replace it, or "
            "cancel and use Save As to keep both?",
            "Replace",
        ):
            self.statusBar().showMessage(
                f"Not saved: {path.name} changed on disk. Use Save As to keep both.", 12000
            )
            return False
        wb = self.document.workbook
        previous = wb.metadata
        wb.metadata = replace(
            previous,
            modified=now_iso(),
            app_version=__version__,
            created=previous.created or now_iso(),
        )
        try:
            digest = save_project(wb, path)
        except MeshDeskError as exc:
            wb.metadata = previous
            messages.error(self, "Cannot save the project", str(exc))
            return False
        self.document.set_path(path)
        self.document.disk_fingerprint = digest
        self.document.undo_stack.setClean()
        self.autosaver.remove()
        settings.set_last_folder(self.settings, "projects", path)
        settings.add_recent_file(self.settings, path)
        self._refresh_recent_menu()
        self.statusBar().showMessage(f"Saved {path.name}.", 5000)
        return True

    def file_import(self) -> None:
        path = self._ask_open_path("Import scores", IMPORT_FILTER, "imports")
        if path is not None:
            self.import_path(path)

    def import_path(self, path: Path) -> None:
        """Read a table off the GUI thread, then merge it into the open project as one
        undoable step (see meshdesk.core.merge: nothing absent from the file is deleted)."""
        from meshdesk.core.merge import merge
        from meshdesk.io.importers import ImportedTable, read_score_table

        base = self.document.workbook.copy()
        self.statusBar().showMessage(f"Importing {path.name}…")
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

        def done(table: ImportedTable) -> None:
            QApplication.restoreOverrideCursor()
            command, summary = merge(
                self.document.workbook,
                table.workbook,
                weights_given=table.weights_given,
                label=f"Import {path.name}",
            )
            settings.set_last_folder(self.settings, "imports", path)
            if summary.changes_anything and not self.document.push(command):
                return
            self.statusBar().showMessage(summary.describe(path.name), 15000)

        def failed(exc: BaseException) -> None:
            QApplication.restoreOverrideCursor()
            if isinstance(exc, MeshDeskError):
                messages.error(self, "Nothing was imported", str(exc))
            else:
                raise exc

        # the open project is the base: rows matched by name keep their facts and profile
        self.tasks.start(lambda _progress: read_score_table(path, base), done, failed)

    def open_table(self, path: Path) -> bool:
        """File > Open of a .csv or .xlsx: a new, untitled project made from the table (rows
        matched by name to the bundled dataset keep their facts)."""
        from meshdesk.io.importers import import_file

        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            workbook = import_file(path, new_workbook())
        except MeshDeskError as exc:
            messages.error(self, "Cannot open the table", str(exc))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.autosaver.remove()
        stamp = now_iso()
        workbook.metadata = workbook.with_metadata(created=stamp, modified=stamp)
        self.document.replace(workbook, None)
        self.document.undo_stack.resetClean()  # not saved anywhere yet
        self._update_title()
        settings.set_last_folder(self.settings, "imports", path)
        self.statusBar().showMessage(
            f"Opened {path.name} as a new project with {len(workbook.tools)} tools: save it "
            "to keep it. (To bring scores into the open project instead, use Import Scores.)",
            12000,
        )
        return True

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files(self.settings)
        for i, name in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{i} {Path(name).name}")
            action.setStatusTip(name)
            action.triggered.connect(lambda _=False, p=name: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(files))

    # --- recovery ----------------------------------------------------------------------------
    def offer_recovery(self, orphans: list[Orphan]) -> bool:
        """Offer each piece of unsaved work a crashed MeshDesk left behind, newest first.

        The first one recovered opens in this window; the ones after it, and any the user
        puts off with Ask Later, are kept (their locks released) for the next start. A
        recovery file is deleted only once its work is safe elsewhere: in this session's own
        recovery copy, a saved file, or given up by the user."""
        pending = sorted(orphans, key=lambda o: o.saved_at, reverse=True)
        while pending:
            orphan = pending.pop(0)
            more = f"\n\n{len(pending)} more recovery file(s) remain." if pending else ""
            text = (
                "MeshDesk did not close properly. Unsaved changes to "
                f"{orphan.describe()} can be recovered.{more}"
            )
            choice = messages.recover(self, text)
            if choice is messages.RecoveryChoice.LATER:
                orphan.release()
                continue
            if choice is messages.RecoveryChoice.DISCARD:
                orphan.discard()
                continue
            try:
                workbook = load_project(orphan.content)
            except MeshDeskError as exc:
                messages.error(
                    self,
                    "Cannot recover",
                    f"The recovery file could not be read: {exc} It is kept in "
                    f"{orphan.content.parent}.",
                )
                orphan.release()
                continue
            self.document.replace(workbook, orphan.original)
            self.document.undo_stack.resetClean()
            self._update_title()
            self.autosaver.adopt(orphan)
            kept = "" if self.autosaver.save_now() else " (its recovery file is kept until then)"
            for other in pending:
                other.release()
            later = f" {len(pending)} more will be offered at the next start." if pending else ""
            self.statusBar().showMessage(
                f"Recovered your unsaved changes. Save them to keep them{kept}.{later}", 12000
            )
            return True
        return False

    # --- tools and criteria ------------------------------------------------------------------
    def add_tool(self) -> None:
        name = messages.ask_text(self, "Add tool", "Name of the new tool:")
        if not name or not name.strip():
            return
        wb = self.document.workbook
        tool = Tool(make_id(name.strip(), wb.tool_ids), name.strip())
        current = self._current_source()
        index = current.row() + 1 if current.isValid() else len(wb.tools)
        if self.document.push(cmd.AddTool(tool, index)):
            self.statusBar().showMessage(f"Added {tool.name}; type its scores in its row.", 6000)
            self._select_tool(tool.id, 1)

    def rename_tool(self) -> None:
        tool = self.current_tool()
        if tool is None:
            self.show_problem("Select a tool to rename.")
            return
        name = messages.ask_text(self, "Rename tool", "New name:", tool.name)
        if name and name.strip() and name.strip() != tool.name:
            self.document.push(cmd.UpdateTool(replace(tool, name=name.strip())))

    def delete_tool(self) -> None:
        tool = self.current_tool()
        if tool is None:
            self.show_problem("Select a tool to delete.")
            return
        if messages.confirm(
            self,
            "Delete tool",
            f"Delete {tool.name} with its scores and notes? You can undo this.",
            "Delete",
        ):
            self.document.push(cmd.RemoveTool(tool.id))

    def move_tool(self, step: int) -> None:
        tool = self.current_tool()
        if tool is None:
            return
        target = self.document.workbook.tool_row(tool.id) + step
        if 0 <= target < len(self.document.workbook.tools) and self.document.push(
            cmd.MoveTool(tool.id, target)
        ):
            self._select_tool(tool.id, self.grid.currentIndex().column())

    def add_criterion(self) -> None:
        name = messages.ask_text(
            self, "Add criterion", "Name of the new criterion (its weight starts at 0):"
        )
        if not name or not name.strip():
            return
        wb = self.document.workbook
        criterion = Criterion(make_id(name.strip(), wb.criterion_ids), name.strip())
        current = self.current_criterion()
        index = wb.criterion_col(current.id) + 1 if current else len(wb.criteria)
        if self.document.push(cmd.AddCriterion(criterion, 0.0, index)):
            self.statusBar().showMessage(
                f"Added {criterion.name} with weight 0: "
                "totals are unchanged until you give it a weight.",
                8000,
            )

    def rename_criterion(self) -> None:
        criterion = self.current_criterion()
        if criterion is None:
            self.show_problem("Select a score cell of the criterion to rename.")
            return
        name = messages.ask_text(self, "Rename criterion", "New name:", criterion.name)
        if name and name.strip() and name.strip() != criterion.name:
            self.document.push(cmd.UpdateCriterion(replace(criterion, name=name.strip())))

    def delete_criterion(self) -> None:
        criterion = self.current_criterion()
        if criterion is None:
            self.show_problem("Select a score cell of the criterion to delete.")
            return
        if len(self.document.workbook.criteria) == 1:
            self.show_problem("A workbook needs at least one criterion.")
            return
        if messages.confirm(
            self,
            "Delete criterion",
            f"Delete the criterion {criterion.name} with all its "
            "scores and notes? You can undo this.",
            "Delete",
        ):
            self.document.push(cmd.RemoveCriterion(criterion.id))

    def move_criterion(self, step: int) -> None:
        criterion = self.current_criterion()
        if criterion is None:
            return
        wb = self.document.workbook
        target = wb.criterion_col(criterion.id) + step
        if 0 <= target < len(wb.criteria):
            self.document.push(cmd.MoveCriterion(criterion.id, target))

    def _select_tool(self, tool_id: str, column: int) -> None:
        row = self.document.workbook.tool_row(tool_id)
        index = self.proxy.mapFromSource(self.model.index(row, max(0, column)))
        if index.isValid():
            self.grid.setCurrentIndex(index)

    # --- questionnaire ---------------------------------------------------------------------
    def questionnaire(self) -> Questionnaire | None:
        from meshdesk.io.questionnaire import default_questionnaire

        try:
            return default_questionnaire()
        except MeshDeskError as exc:
            messages.error(self, "Questionnaire unavailable", str(exc))
            return None

    def open_wizard(self, *_args: object) -> bool:
        """Run the questionnaire; Apply stores the answers and sets the weights (one step)."""
        from meshdesk.ui.wizard import QuestionnaireWizard

        questionnaire = self.questionnaire()
        if questionnaire is None:
            return False
        wb = self.document.workbook
        wizard = QuestionnaireWizard(questionnaire, wb.copy(), dict(wb.answers), self)
        if not self.exec_dialog(wizard) or wizard.recommendation is None:
            return False
        return self.apply_answers(questionnaire, wizard.answers())

    def apply_answers(self, questionnaire: Questionnaire, answers: Answers) -> bool:
        from meshdesk.core.recommendation import apply_answers

        try:
            command = apply_answers(self.document.workbook, questionnaire, answers)
        except MeshDeskError as exc:
            self.show_problem(str(exc))
            return False
        if not self.document.push(command):
            return False
        result = self.current_recommendation()
        if result is not None:
            names = ", ".join(p.name for p in result.shortlist) or "none"
            self.statusBar().showMessage(
                f"{result.segment_label or result.segment}: weights set; "
                f"shortlist highlighted ({names}).",
                12000,
            )
        return True

    def current_recommendation(self) -> Recommendation | None:
        """The recommendation for the stored answers, or None when none are stored."""
        from meshdesk.core.recommendation import recommend

        answers = self.document.workbook.answers
        if not answers:
            return None
        questionnaire = self.questionnaire()
        if questionnaire is None:
            return None
        try:
            return recommend(self.document.workbook, questionnaire, answers)
        except MeshDeskError as exc:
            self.show_problem(f"The stored questionnaire answers could not be evaluated: {exc}")
            return None

    # --- exports -------------------------------------------------------------------------------
    def export_xlsx(self, *_args: object) -> None:
        path = self._save_path(
            "Export Excel workbook", "Excel workbooks (*.xlsx)", "exports", ".xlsx"
        )
        if path is not None:
            self.export_xlsx_to(path)

    def export_xlsx_to(self, path: Path) -> None:
        """Write the workbook off the GUI thread from a snapshot; report in the status bar."""
        from meshdesk.io.xlsx_export import export_xlsx

        def write(snapshot: Workbook, result: Recommendation | None, questionnaire: Any) -> None:
            export_xlsx(snapshot, path, recommendation=result, questionnaire=questionnaire)

        self._export_in_background(path, write, f"Exported {path.name}.", "workbook")

    def _export_in_background(
        self,
        path: Path,
        write: Callable[[Workbook, Recommendation | None, Any], None],
        done_text: str,
        what: str,
    ) -> None:
        """Run `write(snapshot, recommendation, questionnaire)` on a worker thread for the
        workbook as it is now; say so in the status bar, or show why it failed."""
        snapshot, result = self.document.workbook.copy(), self.current_recommendation()
        questionnaire = self.questionnaire() if result is not None else None
        self.statusBar().showMessage(f"Exporting {path.name}…")

        def done(_result: object) -> None:
            settings.set_last_folder(self.settings, "exports", path)
            self.statusBar().showMessage(done_text, 8000)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, MeshDeskError | OSError):
                raise exc
            messages.error(self, f"The {what} could not be exported", str(exc))

        self.tasks.start(lambda _progress: write(snapshot, result, questionnaire), done, failed)

    def export_adr(self, *_args: object) -> None:
        path = self._save_path(
            "Export decision record", "Markdown documents (*.md)", "exports", ".md"
        )
        if path is not None:
            self.export_adr_to(path)

    def export_adr_to(self, path: Path) -> None:
        """Write the decision record (status "proposed"; the command line sets others) for the
        workbook as it is."""
        from meshdesk import __version__
        from meshdesk.core.clock import now
        from meshdesk.io.atomic import atomic_write_text
        from meshdesk.render.adr import render_adr
        from meshdesk.report import build_report

        def write(snapshot: Workbook, result: Recommendation | None, questionnaire: Any) -> None:
            report = build_report(
                snapshot, result, questionnaire, day=now().date(), version=__version__
            )
            atomic_write_text(path, render_adr(report))

        done_text = f"Exported the decision record {path.name}."
        self._export_in_background(path, write, done_text, "decision record")

    def export_memo(self, *_args: object) -> None:
        from meshdesk.ui.memo_dialog import MemoDialog

        def ask(name: str) -> Path | None:
            # a saved project's memo is named after its file; an untitled one's after the title
            path = self._save_path(
                "Save decision memo", "PDF documents (*.pdf)", "exports", ".pdf", name
            )
            if path is not None:
                settings.set_last_folder(self.settings, "exports", path)
            return path

        result = self.current_recommendation()
        questionnaire = self.questionnaire() if result is not None else None
        dialog = MemoDialog(self.document.workbook, result, ask, self, questionnaire)
        if self.exec_dialog(dialog) and dialog.saved_to is not None:
            self.statusBar().showMessage(f"Saved the memo as {dialog.saved_to.name}.", 8000)

    def first_start(self) -> None:
        """On the very first start, offer the questionnaire (once)."""
        if not self.isVisible() or settings.flag(self.settings, "wizard/offered"):
            return
        self.settings.setValue("wizard/offered", True)
        self.open_wizard()

    def _refresh_shortlist(self) -> None:
        """Highlight the shortlist of the stored answers under the current scores and weights
        (after Apply, an edit, undo, or opening a file), as the exports would state it."""
        result = None
        if self.document.workbook.answers and self.document.ranking is not None:
            result = self.current_recommendation()
        highlighted = frozenset(p.tool_id for p in result.shortlist) if result else frozenset()
        if highlighted != self.model.highlighted:
            self.model.set_highlighted(highlighted)

    def edit_note(self) -> None:
        index = self.grid.currentIndex()
        if not index.isValid() or index.data(ColumnKindRole) != KIND_SCORE:
            self.show_problem("Select a score cell to attach a note to.")
            return
        from meshdesk.ui.dialogs import NoteDialog

        tool, criterion = self.current_tool(), self.current_criterion()
        assert tool is not None
        assert criterion is not None
        dialog = NoteDialog(
            f"{tool.name} / {criterion.name}",
            self.document.workbook.note(tool.id, criterion.id),
            self,
        )
        if self.exec_dialog(dialog):
            self.document.push(cmd.SetNote(tool.id, criterion.id, dialog.note()))

    def exec_dialog(self, dialog: Any) -> bool:
        """Run a modal dialog (tests replace this to drive dialogs without blocking)."""
        return bool(dialog.exec())

    def about(self) -> None:
        wb = self.document.workbook
        messages.info(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nAn offline workbook for choosing a service mesh.\n"
            f"Dataset: {wb.metadata.dataset_title or 'none'} "
            f"(as of {wb.metadata.dataset_as_of or 'unknown'}).",
        )

    # --- window events -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tasks.busy:
            self.tasks.wait()
        if not self.maybe_save():
            event.ignore()
            return
        self._save_settings()
        self.autosaver.close()
        self._shortlist_timer.stop()  # a closed window refreshes nothing
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and urls[0].toLocalFile().endswith(SUFFIX):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_path(Path(urls[0].toLocalFile()))

    # --- layout ------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._laid_out:
            self._laid_out = True
            self.apply_default_layout()

    def apply_default_layout(self) -> None:
        """A first start's sizes (later starts restore the user's): the weights dock as wide
        as it can be while the grid shows every column (not below WEIGHTS_MIN_WIDTH), and the
        grid as tall as its rows, so the details pane below it gets the height left."""
        if not self._docks_restored:
            room = self.width() - self.grid.natural_width() - 16  # the dock's frame and handle
            width = max(WEIGHTS_MIN_WIDTH, min(WEIGHTS_WIDTH, room))
            self.resizeDocks([self.weights_dock], [width], Qt.Orientation.Horizontal)
        if "name" not in settings.column_widths(self.settings):
            QTimer.singleShot(0, self.grid, self.grid.widen_names)  # once the docks are sized
        if not self._splitter_restored and self.details.isVisibleTo(self):
            total = self.splitter.height() - self.splitter.handleWidth()
            top = self.splitter.widget(0)
            assert top is not None  # the grid's column, added in __init__
            above_grid = top.height() - self.grid.height()
            low, high = (int(total * share) for share in GRID_HEIGHT_SHARE)
            wanted = max(low, min(high, above_grid + self.grid.content_height()))
            self.splitter.setSizes([wanted, total - wanted])

    # --- settings ----------------------------------------------------------------------------
    def _remember_column_widths(self) -> None:
        settings.set_column_widths(self.settings, self.grid.column_widths())

    def _restore_column_widths(self) -> None:
        self.grid.restore_column_widths(settings.column_widths(self.settings))

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self._docks_restored = self.restoreState(state)
        # not "window/splitter": that was a side-by-side splitter, and a splitter's state
        # carries its orientation
        splitter = s.value("window/details-splitter")
        if isinstance(splitter, QByteArray):
            self._splitter_restored = self.splitter.restoreState(splitter)
        self.grid.restore_column_widths(settings.column_widths(s))
        heat = settings.flag(s, "view/heat-map")
        self.act_heat.setChecked(heat)
        self.model.set_heat_map(heat)
        self.hide_inactive.setChecked(settings.flag(s, "view/hide-inactive"))
        lifecycle = self.lifecycle_box.findData(s.value("view/lifecycle-filter"))
        if lifecycle >= 0:
            self.lifecycle_box.setCurrentIndex(lifecycle)
        details = settings.flag(s, "view/details", True)
        self.act_details.setChecked(details)
        self.details.setVisible(details)

    def _save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/details-splitter", self.splitter.saveState())
        settings.set_column_widths(s, self.grid.column_widths())
        s.setValue("view/heat-map", self.act_heat.isChecked())
        s.setValue("view/hide-inactive", self.hide_inactive.isChecked())
        s.setValue("view/lifecycle-filter", self.lifecycle_box.currentData())
        s.setValue("view/details", self.act_details.isChecked())
        s.sync()
