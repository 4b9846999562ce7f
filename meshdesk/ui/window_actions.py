"""The main window's actions, menus and toolbar: every command the window offers, with its
shortcut, icon and status tip, in one place."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from meshdesk.ui import facts_editor, help_menu, properties_dialog

if TYPE_CHECKING:
    from meshdesk.ui.main_window import MainWindow
    from meshdesk.ui.window_base import WindowBase


class ActionSet:
    """The actions and menus `build_actions` and `build_menus_and_toolbar` give a window."""

    act_about: QAction
    act_analysis: QAction
    act_add_criterion: QAction
    act_add_tool: QAction
    act_clear: QAction
    act_copy: QAction
    act_criterion_left: QAction
    act_criterion_right: QAction
    act_cut: QAction
    act_delete_criterion: QAction
    act_delete_tool: QAction
    act_details: QAction
    act_export_adr: QAction
    act_export_pdf: QAction
    act_export_xlsx: QAction
    act_fill: QAction
    act_heat: QAction
    act_history: QAction
    act_import: QAction
    act_new: QAction
    act_normalize: QAction
    act_note: QAction
    act_open: QAction
    act_paste: QAction
    act_quit: QAction
    act_redo: QAction
    act_refresh: QAction
    act_rename_criterion: QAction
    act_rename_tool: QAction
    act_save: QAction
    act_save_as: QAction
    act_sort_again: QAction
    act_tool_down: QAction
    act_tool_up: QAction
    act_undo: QAction
    act_weights: QAction
    act_wizard: QAction
    recent_menu: QMenu
    export_menu: QMenu
    help_menu: QMenu
    toolbar: QToolBar


def make_action(
    window: WindowBase,
    text: str,
    slot: Any,
    shortcut: Any = None,
    icon_name: str | None = None,
    tip: str = "",
    checkable: bool = False,
) -> QAction:
    """An action of the window, its icon re-tinted when the palette changes."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if icon_name:
        window._set_icon(action, icon_name)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.setCheckable(checkable)
    action.triggered.connect(slot)
    return action


def build_actions(window: MainWindow) -> None:
    key = QKeySequence.StandardKey
    a = partial(make_action, window)
    window.act_new = a(
        "&New",
        window.file_new,
        key.New,
        "document-new",
        "Start a new evaluation from the bundled dataset",
    )
    window.act_open = a(
        "&Open…", window.file_open, key.Open, "document-open", "Open a MeshDesk project"
    )
    window.act_save = a("&Save", window.file_save, key.Save, "document-save", "Save the project")
    window.act_save_as = a("Save &As…", window.file_save_as, key.SaveAs)
    window.act_import = a(
        "&Import Scores…",
        window.file_import,
        None,
        None,
        "Merge scores from a CSV or Excel file into this project: matched rows are "
        "updated, new ones added, nothing deleted (undoable)",
    )
    window.act_quit = a("&Quit", window.close, key.Quit)
    window.act_undo = window.document.undo_stack.createUndoAction(window, "&Undo")
    window.act_undo.setShortcut(QKeySequence(key.Undo))
    window._set_icon(window.act_undo, "edit-undo")
    window.act_redo = window.document.undo_stack.createRedoAction(window, "&Redo")
    window.act_redo.setShortcut(QKeySequence(key.Redo))
    window._set_icon(window.act_redo, "edit-redo")
    window.act_cut = a(
        "Cu&t", lambda: window.grid.copy_selection() and window.grid.clear_selection(), key.Cut
    )
    window.act_copy = a(
        "&Copy", window.grid.copy_selection, key.Copy, "edit-copy", "Copy the selected cells"
    )
    window.act_paste = a(
        "&Paste",
        window._paste_clicked,
        key.Paste,
        "edit-paste",
        "Paste cells copied from MeshDesk, Excel or LibreOffice",
    )
    window.act_clear = a(
        "C&lear Scores",
        window.grid.clear_selection,
        key.Delete,
        None,
        "Clear the selected scores to “not scored”",
    )
    window.act_fill = a(
        "Fill &Down",
        window.grid.fill_down,
        "Ctrl+D",
        None,
        "Copy the top row of the selection down",
    )
    window.act_note = a(
        "Edit &Note…",
        window.edit_note,
        "Shift+F2",
        "note",
        "Add or edit the note and evidence of a score",
    )
    window.act_history = window.history_dock.toggleViewAction()
    window.act_history.setText("Undo &History")
    window._set_icon(window.act_history, "history")
    window.act_add_tool = a(
        "&Add Tool…", window.add_tool, "Ctrl+Shift+T", "row-add", "Add a tool row"
    )
    window.act_rename_tool = a("&Rename Tool…", window.rename_tool, None)
    window.act_delete_tool = a(
        "&Delete Tool…",
        window.delete_tool,
        "Ctrl+Shift+Del",
        "row-delete",
        "Delete the current tool",
    )
    window.act_tool_up = a("Move Tool &Up", lambda: window.move_tool(-1), "Ctrl+Shift+Up")
    window.act_tool_down = a("Move Tool Do&wn", lambda: window.move_tool(1), "Ctrl+Shift+Down")
    window.act_add_criterion = a(
        "Add &Criterion…",
        window.add_criterion,
        "Ctrl+Shift+C",
        "column-add",
        "Add a criterion column",
    )
    window.act_rename_criterion = a("Re&name Criterion…", window.rename_criterion, None)
    window.act_delete_criterion = a("D&elete Criterion…", window.delete_criterion, None)
    window.act_criterion_left = a(
        "Move Criterion &Left", lambda: window.move_criterion(-1), "Ctrl+Shift+Left"
    )
    window.act_criterion_right = a(
        "Move Criterion R&ight", lambda: window.move_criterion(1), "Ctrl+Shift+Right"
    )
    window.act_heat = a(
        "&Heat Map",
        window.toggle_heat_map,
        "Ctrl+H",
        "heatmap",
        "Tint scores from red (0) to green (10)",
        True,
    )
    window.act_details = a(
        "&Details Pane",
        window.toggle_details,
        "F9",
        "details",
        "Show the details of the selected tool",
        True,
    )
    window.act_details.setChecked(True)
    window.act_sort_again = a(
        "Sort &Again",
        window.grid.sort_again,
        "F5",
        None,
        "Sort the rows again by the column the header shows (edits keep rows in place)",
    )
    window.act_weights = window.weights_dock.toggleViewAction()
    window.act_weights.setText("&Weights Panel")
    window.act_weights.setShortcut(QKeySequence("F8"))
    window.act_refresh = a(
        "Refresh &Facts from Dataset",
        window.refresh_facts,
        None,
        None,
        "Replace the tools' facts, lifecycle and editions with the dataset's (undoable)",
    )
    window.act_normalize = a(
        "&Normalize Weights to 100", window.weights.normalize, None, "normalize"
    )
    window.act_about = a("&About MeshDesk", window.about, None)
    window.act_export_xlsx = a(
        "&Excel Workbook…",
        window.export_xlsx,
        None,
        None,
        "A live spreadsheet with formulas that a colleague can edit and send back",
    )
    window.act_export_pdf = a(
        "Decision &Memo (PDF)…",
        window.export_memo,
        "Ctrl+Shift+E",
        None,
        "A memo for a review board: recommendation, ranking, charts, sources, sign-off",
    )
    window.act_export_adr = a(
        "Decision &Record (Markdown)…",
        window.export_adr,
        None,
        None,
        "The decision as a Markdown record (MADR) for the team's repository",
    )
    window.act_wizard = a(
        "&Questionnaire…",
        window.open_wizard,
        "Ctrl+Shift+Q",
        "wizard",
        "Answer a few questions for a segment, a weight profile and a shortlist",
    )


def build_menus_and_toolbar(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([window.act_new, window.act_open])
    window.recent_menu = QMenu("Open &Recent", window)
    file_menu.addMenu(window.recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([window.act_save, window.act_save_as])
    file_menu.addSeparator()
    file_menu.addAction(window.act_import)
    window.export_menu = file_menu.addMenu("&Export")
    window._set_icon(window.export_menu.menuAction(), "export")
    window.export_menu.addActions(
        [window.act_export_xlsx, window.act_export_pdf, window.act_export_adr]
    )
    file_menu.addSeparator()
    file_menu.addAction(window.act_quit)
    edit = bar.addMenu("&Edit")
    edit.addActions([window.act_undo, window.act_redo])
    edit.addSeparator()
    edit.addActions(
        [window.act_cut, window.act_copy, window.act_paste, window.act_clear, window.act_fill]
    )
    edit.addSeparator()
    edit.addActions([window.act_note, window.act_history])
    tools = bar.addMenu("&Workbook")
    tools.addActions(
        [
            window.act_add_tool,
            window.act_rename_tool,
            window.act_delete_tool,
            window.act_tool_up,
            window.act_tool_down,
        ]
    )
    tools.addSeparator()
    tools.addActions(
        [
            window.act_add_criterion,
            window.act_rename_criterion,
            window.act_delete_criterion,
            window.act_criterion_left,
            window.act_criterion_right,
        ]
    )
    tools.addSeparator()
    add_presets_menu(window, tools.addMenu("Weight &Presets"))
    tools.addAction(window.act_normalize)
    tools.addSeparator()
    tools.addAction(window.act_wizard)
    tools.addAction(window.act_refresh)
    view = bar.addMenu("&View")
    view.addActions([window.act_heat, window.act_details, window.act_weights, window.act_analysis])
    view.addSeparator()
    view.addAction(window.act_sort_again)
    window.help_menu = bar.addMenu("&Help")
    window.help_menu.addAction(window.act_about)
    for extension in (help_menu, facts_editor, properties_dialog):
        extension.install(window)  # Help entries, Edit Facts…, File > Properties…

    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.toolbar = toolbar
    toolbar.addActions([window.act_new, window.act_open, window.act_save])
    toolbar.addSeparator()
    toolbar.addActions([window.act_undo, window.act_redo])
    for action in (window.act_undo, window.act_redo):  # their text names the step: keep it short
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    toolbar.addSeparator()
    toolbar.addActions(
        [
            window.act_wizard,
            window.act_add_tool,
            window.act_add_criterion,
            window.act_note,
            window.act_heat,
        ]
    )
    window._refresh_recent_menu()


def add_presets_menu(window: MainWindow, menu: QMenu) -> None:
    for preset in window.presets:
        action = menu.addAction(preset.name)
        action.setStatusTip(preset.description)
        action.triggered.connect(lambda _=False, pid=preset.id: window.weights.apply_preset(pid))
