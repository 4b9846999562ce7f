"""Edits of the workbook's structure from the Workbook and Edit menus: add, rename, delete
and move tools and criteria, a cell's note, and the facts refreshed from the dataset."""

from __future__ import annotations

from dataclasses import replace

from meshdesk.core import commands as cmd
from meshdesk.core.errors import MeshDeskError
from meshdesk.core.workbook import Criterion, Tool, make_id
from meshdesk.ui import messages
from meshdesk.ui.model import KIND_SCORE, ColumnKindRole
from meshdesk.ui.window_base import WindowBase


class WorkbookEdits(WindowBase):
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
