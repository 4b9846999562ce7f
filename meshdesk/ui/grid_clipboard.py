"""The grid's selection, clipboard and block edits: copy (TSV + HTML), paste a TSV block
checked as a whole (one undo step), clear and fill down. ScoreGrid (meshdesk.ui.grid) is
this view with the spreadsheet's layout and keys."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QTableView,
)

from meshdesk.core.commands import Batch, SetScores, UpdateTool
from meshdesk.io.table import parse_score
from meshdesk.io.tsv import format_html, format_tsv, parse_tsv
from meshdesk.ui.model import (
    KIND_LIFECYCLE,
    KIND_NAME,
    KIND_SCORE,
    ColumnKindRole,
    ScoreTableModel,
    ToolFilterProxy,
)

MAX_LISTED = 8
COPY_MARKER = "application/x-meshdesk-cells"


@dataclass
class PastePlan:
    """The edits a paste would make, or the cells that make it invalid."""

    scores: list[tuple[str, str, float]] = field(default_factory=list)
    renames: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped_computed: int = 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class GridClipboard(QTableView):
    """`message` carries status-bar text (refused entries, paste results)."""

    message = Signal(str)
    score_model: ScoreTableModel
    proxy: ToolFilterProxy

    # --- selection helpers ---------------------------------------------------------------------
    def selected_block(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) of the one rectangular selection: rows as shown, columns
        in visual order."""
        header = self.horizontalHeader()
        ranges = self.selectionModel().selection().toList()
        if not ranges:
            current = self.currentIndex()
            if not current.isValid():
                return None
            column = header.visualIndex(current.column())
            return current.row(), column, current.row(), column
        top = min(r.top() for r in ranges)
        bottom = max(r.bottom() for r in ranges)
        visual = [header.visualIndex(c) for r in ranges for c in range(r.left(), r.right() + 1)]
        left, right = min(visual), max(visual)
        area = sum(r.height() * r.width() for r in ranges)
        if area != (bottom - top + 1) * (right - left + 1):
            self.message.emit("Select one rectangular block of cells.")
            return None
        return top, left, bottom, right

    def cell(self, view_row: int, visual_col: int) -> QModelIndex:
        """The proxy index at a visual position (columns can be shown in another order)."""
        return self.proxy.index(view_row, self.horizontalHeader().logicalIndex(visual_col))

    def _source(self, view_row: int, visual_col: int) -> QModelIndex:
        return self.proxy.mapToSource(self.cell(view_row, visual_col))

    # --- copy ----------------------------------------------------------------------------------
    def copy_selection(self) -> bool:
        block = self.selected_block()
        if block is None:
            return False
        top, left, bottom, right = block
        rows: list[list[Any]] = []
        for r in range(top, bottom + 1):
            row: list[Any] = []
            for c in range(left, right + 1):
                index = self.cell(r, c)
                value = index.data(Qt.ItemDataRole.EditRole)
                if value is None and index.data(ColumnKindRole) in (KIND_NAME, KIND_LIFECYCLE):
                    value = index.data(Qt.ItemDataRole.DisplayRole) or None
                # a number, a name, or nothing: never "—" or "(8.12)", which a spreadsheet
                # would read as text or as a negative number
                row.append(value)
            rows.append(row)
        mime = QMimeData()
        mime.setText(format_tsv(rows))
        mime.setHtml(format_html(rows))
        mime.setData(COPY_MARKER, b"1")  # tells release_clipboard (meshdesk.ui.app) it is ours
        QGuiApplication.clipboard().setMimeData(mime)
        count = (bottom - top + 1) * (right - left + 1)
        self.message.emit(f"Copied {count} cell{'s' if count != 1 else ''}.")
        return True

    # --- paste ---------------------------------------------------------------------------------
    def paste(self, text: str | None = None) -> bool:
        if text is None:
            text = QGuiApplication.clipboard().text()
        block = parse_tsv(text)
        if not block:
            self.message.emit("The clipboard holds no cells to paste.")
            return False
        selection = self.selected_block()
        if selection is None:
            return False
        top, left, bottom, right = selection
        if len(block) == 1 and len(block[0]) == 1 and (bottom > top or right > left):
            block = [
                [block[0][0]] * (right - left + 1) for _ in range(bottom - top + 1)
            ]  # fill selection
        plan = self.plan_paste(block, top, left)
        return self._apply_plan(plan, "Paste")

    def plan_paste(self, block: list[list[str]], top: int, left: int) -> PastePlan:
        plan = PastePlan()
        model = self.score_model
        wb = model.workbook
        rows, cols = self.proxy.rowCount(), self.proxy.columnCount()
        if top + len(block) > rows or left + len(block[0]) > cols:
            plan.problems.append(
                f"the block is {len(block)} x {len(block[0])} cells and reaches past the "
                f"{'last row' if top + len(block) > rows else 'last column'} of the grid"
            )
            return plan
        for i, values in enumerate(block):
            for j, text in enumerate(values):
                source = self._source(top + i, left + j)
                row, column = source.row(), source.column()
                kind = model.column_kind(column)
                tool = wb.tools[row]
                # cells are named by tool and criterion: the grid shows no column letters
                if kind == KIND_SCORE:
                    criterion = wb.criteria[column - 1]
                    parsed = parse_score(text, decimal_comma=True)  # TSV never splits on commas
                    if isinstance(parsed, str):
                        plan.problems.append(f"{tool.name}, {criterion.name}: {parsed}")
                    else:
                        plan.scores.append((tool.id, criterion.id, parsed))
                elif kind == KIND_NAME:
                    name = text.strip()
                    if not name:
                        plan.problems.append(f"{tool.name}, name: a tool name cannot be empty")
                    elif name != tool.name:
                        plan.renames.append((tool.id, name))
                else:
                    plan.skipped_computed += 1
        return plan

    def _apply_plan(self, plan: PastePlan, label: str) -> bool:
        if plan.problems:
            listed = "; ".join(plan.problems[:MAX_LISTED])
            more = (
                f"; and {len(plan.problems) - MAX_LISTED} more"
                if len(plan.problems) > MAX_LISTED
                else ""
            )
            count = len(plan.problems)
            self.message.emit(
                f"Nothing was pasted: {count} cell{'s are' if count != 1 else ' is'} "
                f"not valid: {listed}{more}."
            )
            return False
        wb = self.score_model.workbook
        commands: list[Any] = []
        # the undo history says how much changed ("Paste 12 scores"; one cell: old -> new)
        counted = [_plural(len(plan.scores), "score")] if plan.scores else []
        counted += [_plural(len(plan.renames), "name")] if plan.renames else []
        text = f"{label} {' and '.join(counted)}"
        if plan.scores:
            commands.append(SetScores(tuple(plan.scores), text))
        for tool_id, name in plan.renames:
            commands.append(UpdateTool(replace(wb.tool(tool_id), name=name), text))
        if not commands:
            self.message.emit("Nothing to paste into: computed columns are filled in by MeshDesk.")
            return False
        ok = self.score_model.document.push(Batch(tuple(commands), text))
        if ok:
            count = len(plan.scores) + len(plan.renames)
            note = (
                f" ({plan.skipped_computed} computed cells skipped)"
                if plan.skipped_computed
                else ""
            )
            self.message.emit(f"{label}: {count} cell{'s' if count != 1 else ''} changed{note}.")
        return ok

    # --- clear and fill ------------------------------------------------------------------------
    def clear_selection(self) -> bool:
        block = self.selected_block()
        if block is None:
            return False
        top, left, bottom, right = block
        changes = []
        model = self.score_model
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                source = self._source(r, c)
                if model.column_kind(source.column()) != KIND_SCORE:
                    continue
                tool = model.workbook.tools[source.row()]
                criterion = model.workbook.criteria[source.column() - 1]
                if not math.isnan(model.workbook.scores[source.row(), source.column() - 1]):
                    changes.append((tool.id, criterion.id, math.nan))
        if not changes:
            return False
        ok = model.document.push(
            SetScores(tuple(changes), f"Clear {_plural(len(changes), 'score')}")
        )
        if ok:
            self.message.emit(
                f"Cleared {len(changes)} score{'s' if len(changes) != 1 else ''} (now not scored)."
            )
        return ok

    def fill_down(self) -> bool:
        block = self.selected_block()
        if block is None:
            return False
        top, left, bottom, right = block
        if bottom == top:
            self.message.emit("Fill down needs a selection of two or more rows.")
            return False
        kinds = [self.cell(top, c).data(ColumnKindRole) for c in range(left, right + 1)]
        values = [self.cell(top, c).data(Qt.ItemDataRole.EditRole) for c in range(left, right + 1)]
        block_values: list[list[str]] = []
        for r in range(top + 1, bottom + 1):
            row: list[str] = []
            for j, (kind, value) in enumerate(zip(kinds, values, strict=True)):
                if kind == KIND_NAME:  # names are not filled down: they stay as they are
                    row.append(str(self.cell(r, left + j).data()))
                elif kind == KIND_SCORE:
                    row.append("" if value is None else repr(float(value)))
                else:
                    row.append("")  # computed columns are skipped by the plan
            block_values.append(row)
        plan = self.plan_paste(block_values, top + 1, left)
        return self._apply_plan(plan, "Fill down")

    def select_block(self, top: int, left: int, bottom: int, right: int) -> None:
        """Select a block given in visual coordinates (one range per shown column)."""
        selection = QItemSelection()
        for visual in range(left, right + 1):
            selection.select(self.cell(top, visual), self.cell(bottom, visual))
        model = self.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        model.setCurrentIndex(self.cell(top, left), QItemSelectionModel.SelectionFlag.NoUpdate)

    def select_cell(self, view_row: int, visual_col: int) -> None:
        index = self.cell(view_row, visual_col)
        self.setCurrentIndex(index)
        self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
