"""The window's side of editing facts: `install(window)` adds Workbook > Edit Facts… and the
details pane's "Edit facts…" link, which open the dialog (meshdesk.ui.facts_dialog) and push
its one undoable step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from meshdesk.core.errors import MeshDeskError
from meshdesk.ui.facts_dialog import FactsDialog


def _dataset_tool_ids() -> frozenset[str]:
    from meshdesk.io.dataset import default_dataset

    try:
        return frozenset(t.id for t in default_dataset().tools)
    except MeshDeskError:
        return frozenset()


class FactsEditor(QObject):
    """Workbook > Edit Facts… and the details pane's link, for the window it is installed in."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("facts-editor")
        self._window = window
        self.action = QAction("Edit Fac&ts…", window)
        self.action.setObjectName("act-edit-facts")
        tip = "Set the lifecycle, editions and feature values of the current tool (undoable)"
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)
        self.action.triggered.connect(self.edit_current)
        window.details.editFactsRequested.connect(self.edit)
        window.details.set_editable(True)

    def edit_current(self, *_args: object) -> bool:
        tool = self._window.current_tool()
        if tool is None:
            self._window.show_problem("Select a tool to edit its facts.")
            return False
        return self.edit(tool.id)

    def edit(self, tool_id: str) -> bool:
        """Open the dialog for a tool; saving pushes one undo step."""
        window = self._window
        document = window.document
        if not document.workbook.has_tool(tool_id):
            return False
        dialog = FactsDialog(
            document.workbook,
            tool_id,
            dataset_knows=tool_id in _dataset_tool_ids(),
            parent=window,
        )
        if not window.exec_dialog(dialog) or dialog.command is None:
            return False
        column = max(1, window.grid.currentIndex().column())
        if not document.push(dialog.command):
            return False
        # the first facts a project gets from its user add the user source: the grid is reset
        row = document.workbook.tool_row(tool_id)
        index = window.proxy.mapFromSource(window.model.index(row, column))
        if index.isValid() and window.grid.currentIndex() != index:
            window.grid.setCurrentIndex(index)
        name = document.workbook.tool(tool_id).name
        window.statusBar().showMessage(
            f"Saved the facts of {name}; what you changed is marked as entered by you.", 10000
        )
        return True


def _menu(window: Any, title: str) -> Any:
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and menu.title().replace("&", "") == title:
            return menu
    return None


def install(window: Any) -> FactsEditor:
    """Add Edit Facts… to the Workbook menu (after Rename Tool) and the details pane."""
    editor = FactsEditor(window)
    menu = _menu(window, "Workbook")
    if menu is not None:
        rename = getattr(window, "act_rename_tool", None)
        actions = menu.actions()
        after = actions.index(rename) + 1 if rename in actions else len(actions)
        if after < len(actions):
            menu.insertAction(actions[after], editor.action)
        else:
            menu.addAction(editor.action)
    return editor
