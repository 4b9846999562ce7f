"""The score grid: one QAbstractTableModel over the document's workbook (no copy in Qt items).

Its parts: the roles (meshdesk.ui.roles), its shape and change signals (grid_shape), the
text and tooltips it shows (model_text) and the sorting and filtering proxy (tool_filter).

Columns: tool name, one per criterion, weighted total, rank, lifecycle. DisplayRole is
formatted text; EditRole and SortRole carry raw numbers; custom roles reach the backing ids
through a proxy. Changes arrive from the Document as precise signals and leave as the
narrowest dataChanged / insert / remove / move the view needs.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from meshdesk.core.facts import LIFECYCLE_STATUSES
from meshdesk.core.scoring import DISCREPANCY_TOLERANCE
from meshdesk.ui.document import Document
from meshdesk.ui.grid_shape import GridShape, Index
from meshdesk.ui.model_text import (
    LIFECYCLE_COLORS,
    _score_text,
    criterion_tooltip,
    format_score,
    format_share,
    format_total,
    heat_color,
    lifecycle_tooltip,
    name_tooltip,
    score_tooltip,
    tie_lines,
    tie_twins,
    total_tooltip,
)
from meshdesk.ui.roles import (
    KIND_LIFECYCLE,
    KIND_NAME,
    KIND_RANK,
    KIND_SCORE,
    KIND_TOTAL,
    Role,
)

# the roles under their Qt-style names (the class attributes of ScoreTableModel are these)
SortRole = Role.SORT
ToolIdRole = Role.TOOL_ID
CriterionIdRole = Role.CRITERION_ID
HasNoteRole = Role.HAS_NOTE
ColumnKindRole = Role.COLUMN_KIND
LifecycleRole = Role.LIFECYCLE
DiscrepancyRole = Role.DISCREPANCY
SourceScoreRole = Role.SOURCE_SCORE
CriterionNameRole = Role.CRITERION_NAME
WeightShareRole = Role.WEIGHT_SHARE

UNRANKED_SORT_KEY = 1_000_000_000
# the first header click sorts best first: highest scores and totals, rank 1
ASCENDING, DESCENDING = (
    int(Qt.SortOrder.AscendingOrder.value),
    int(Qt.SortOrder.DescendingOrder.value),
)

# Plain ints for the hot path of data(): a view asks about eight roles per visible cell on
# every paint, so the common ones are answered before any other work is done.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
FONT = int(Qt.ItemDataRole.FontRole)
NEVER_ANSWERED = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.WhatsThisRole,
    )
)
NO_FLAGS = Qt.ItemFlag.NoItemFlags
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE = READ_ONLY | Qt.ItemFlag.ItemIsEditable
ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)


class ScoreTableModel(GridShape):
    # the custom roles as class attributes, the way Vorta's table models offer them
    SortRole = Role.SORT
    ToolIdRole = Role.TOOL_ID
    CriterionIdRole = Role.CRITERION_ID
    HasNoteRole = Role.HAS_NOTE
    ColumnKindRole = Role.COLUMN_KIND
    LifecycleRole = Role.LIFECYCLE
    DiscrepancyRole = Role.DISCREPANCY
    SourceScoreRole = Role.SOURCE_SCORE
    CriterionNameRole = Role.CRITERION_NAME
    WeightShareRole = Role.WEIGHT_SHARE

    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(document, parent)
        self.heat_map = False
        self.highlighted: frozenset[str] = frozenset()
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)

    # --- data ------------------------------------------------------------------------------
    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role in NEVER_ANSWERED:
            return None
        column = index.column()
        if column < 0:
            return None
        kind = self._kinds[column]
        row = index.row()
        if kind is KIND_SCORE:  # the hot path: most visible cells are scores
            if role == DISPLAY:
                value = self.document.workbook.scores.item(row, column - 1)
                return "" if math.isnan(value) else _score_text(value)  # NaN: not scored
            if role == ALIGNMENT:
                return ALIGN_RIGHT
            if role == BACKGROUND:
                if not self.heat_map:
                    return None
            elif role in (FONT, FOREGROUND):
                return None
            elif role == ColumnKindRole:
                return kind
            elif role == ToolIdRole:
                return self.document.workbook.tools[row].id
            return self._score_data(row, column - 1, role)
        if role == ColumnKindRole:
            return kind
        if role == ToolIdRole:
            return self.document.workbook.tools[row].id
        if kind is KIND_NAME:
            return self._name_data(row, role)
        if kind is KIND_LIFECYCLE:
            return self._lifecycle_data(row, role)
        return self._computed_data(row, kind, role)

    def _score_data(self, row: int, col: int, role: int) -> Any:
        wb = self.workbook
        value = float(wb.scores[row, col])
        if role == Qt.ItemDataRole.DisplayRole:
            return format_score(value)
        if role == Qt.ItemDataRole.EditRole:
            return None if math.isnan(value) else value
        if role == SortRole:
            return -1.0 if math.isnan(value) else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CriterionIdRole:
            return wb.criteria[col].id
        if role == HasNoteRole:
            return (wb.tools[row].id, wb.criteria[col].id) in wb.notes
        if role == SourceScoreRole:
            return self.document.source_score(row, col)
        if role == Qt.ItemDataRole.BackgroundRole and self.heat_map and not math.isnan(value):
            return QBrush(heat_color(value))
        if role == Qt.ItemDataRole.ToolTipRole:
            return score_tooltip(self.document, row, col, value)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = format_score(value) or "not scored"
            return f"{wb.tools[row].name}, {wb.criteria[col].name}: {shown}"
        return None

    def has_note(self, row: int, criterion_index: int) -> bool:
        wb = self.document.workbook
        return bool(wb.notes) and (wb.tools[row].id, wb.criteria[criterion_index].id) in wb.notes

    def _name_data(self, row: int, role: int) -> Any:
        tool = self.workbook.tools[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return tool.name
        if role == SortRole:
            return tool.name.casefold()
        if role == LifecycleRole:
            return tool.lifecycle_status
        if role == Qt.ItemDataRole.FontRole and tool.id in self.highlighted:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and tool.id in self.highlighted:
            highlight = QApplication.palette().color(QPalette.ColorRole.Highlight)
            highlight.setAlpha(60)
            return QBrush(highlight)
        if role == Qt.ItemDataRole.ToolTipRole:
            return name_tooltip(tool, tool.id in self.highlighted)
        return None

    def _computed_data(self, row: int, kind: str, role: int) -> Any:
        ranking = self.document.ranking
        if ranking is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return "—"
            if role == Qt.ItemDataRole.ToolTipRole:
                return html.escape(self.document.ranking_error or "")
            if role == SortRole:
                return -1.0 if kind == KIND_TOTAL else UNRANKED_SORT_KEY
            return None
        complete = bool(ranking.complete[row])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if kind == KIND_RANK:
            rank = int(ranking.ranks[row])
            if role == Qt.ItemDataRole.DisplayRole:
                return str(rank) if complete else "—"
            if role == SortRole:
                return rank if complete else UNRANKED_SORT_KEY
            if role == Qt.ItemDataRole.EditRole:
                return rank if complete else None  # a copy must not carry the sort key
            if role == Qt.ItemDataRole.ToolTipRole:
                if not complete:
                    return "Not ranked: a weighted criterion has no score."
                lines = [f"Rank {rank} of {int(ranking.complete.sum())}"]
                return "<br>".join([*lines, *tie_lines(ranking, self.workbook.tools, row)])
            return None
        total = float(ranking.totals[row]) if complete else float(ranking.provisional[row])
        if role == Qt.ItemDataRole.DisplayRole:
            if math.isnan(total):
                return "—"
            return format_total(total) if complete else f"({format_total(total)})"
        if role == SortRole:
            return total if complete else -1.0
        if role == Qt.ItemDataRole.EditRole:
            return total if complete else None  # no total: not the provisional one either
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if not complete else None
        if role == Qt.ItemDataRole.ForegroundRole and not complete:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        if role == DiscrepancyRole:
            return self._discrepancy(row) is not None
        if role == Qt.ItemDataRole.ToolTipRole:
            return total_tooltip(self.document, row, complete, total, self._discrepancy(row))
        return None

    def sort_keys(self, column: int) -> Any:
        """Sort keys for the total and rank columns (incomplete rows last), else None.

        Built once per ranking: a proxy re-sort compares thousands of pairs."""
        kind = self._kinds[column]
        if kind not in (KIND_TOTAL, KIND_RANK):
            return None
        keys = self._sort_keys.get(kind)
        if keys is None:
            ranking = self.document.ranking
            if ranking is None:
                return None
            if kind is KIND_TOTAL:
                keys = np.where(ranking.complete, ranking.totals, -1.0).tolist()
            else:
                keys = np.where(ranking.complete, ranking.ranks, UNRANKED_SORT_KEY).tolist()
            self._sort_keys[kind] = keys
        return keys

    def has_discrepancy(self, row: int) -> bool:
        return self._discrepancy(row) is not None

    def _discrepancy(self, row: int) -> tuple[float, float] | None:
        published = self.workbook.tools[row].published_total
        if published is None:
            return None
        check = self.document.published_total_check(row)
        if check is None or abs(check - published) <= DISCREPANCY_TOLERANCE:
            return None
        return published, check

    def tie_twins(self, row: int) -> tuple[list[int], int]:
        """See meshdesk.ui.model_text.tie_twins."""
        return tie_twins(self.document.ranking, row)

    def _lifecycle_data(self, row: int, role: int) -> Any:
        tool = self.workbook.tools[row]
        facts = tool.facts
        if facts is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role == SortRole:
                return -1
            if role == Qt.ItemDataRole.ToolTipRole:
                return "No lifecycle facts recorded for this tool."
            return None
        life = facts.lifecycle
        if role == Qt.ItemDataRole.DisplayRole:
            return life.label
        if role == SortRole:
            return LIFECYCLE_STATUSES.index(life.status)
        if role == LifecycleRole:
            return life.status
        if role == Qt.ItemDataRole.ToolTipRole:
            return lifecycle_tooltip(life)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if section < 0 or section >= self.columnCount():
            return None
        kind = self.column_kind(section)
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return DESCENDING if kind in (KIND_SCORE, KIND_TOTAL) else ASCENDING
        if kind == KIND_SCORE:
            criterion = self.workbook.criteria[section - 1]
            weight = float(self.workbook.weights[section - 1])
            total = float(self.workbook.weights.sum())
            if role == CriterionNameRole:
                return criterion.name
            if role == WeightShareRole:
                return format_share(weight, total)
            if role == Qt.ItemDataRole.DisplayRole:
                # the grid's header lays out name and share itself (meshdesk.ui.header)
                return f"{criterion.name}\n{format_share(weight, total)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return criterion_tooltip(criterion, weight, total)
            if role == CriterionIdRole:
                return criterion.id
            return None
        labels = {
            KIND_NAME: "Tool",
            KIND_TOTAL: "Weighted\ntotal",
            KIND_RANK: "Rank",
            KIND_LIFECYCLE: "Lifecycle",
        }
        if role == Qt.ItemDataRole.DisplayRole:
            return labels[kind]
        if role == Qt.ItemDataRole.ToolTipRole and kind == KIND_TOTAL:
            return (
                "Scores weighted by the criteria weights, on the 0–10 scale. "
                "(Brackets: provisional.)"
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        column = index.column()
        if column < 0:
            return NO_FLAGS
        return EDITABLE if self._kinds[column] in (KIND_NAME, KIND_SCORE) else READ_ONLY

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        from meshdesk.core.commands import SetScores, UpdateTool

        kind = self.column_kind(index.column())
        wb = self.workbook
        tool = wb.tools[index.row()]
        if kind == KIND_NAME:
            name = str(value or "").strip()
            if not name:
                self.document.problem.emit("A tool name cannot be empty; the name was not changed.")
                return False
            if name == tool.name:
                return True
            from dataclasses import replace

            return self.document.push(UpdateTool(replace(tool, name=name)))
        if kind != KIND_SCORE:
            return False
        criterion = wb.criteria[index.column() - 1]
        number = math.nan if value is None or value == "" else value
        current = float(wb.scores[index.row(), index.column() - 1])
        if isinstance(number, float) and (
            number == current or (math.isnan(number) and math.isnan(current))
        ):
            return True
        return self.document.push(
            SetScores(((tool.id, criterion.id, number),)),
            merge_key=("score", tool.id, criterion.id),
        )

    def set_heat_map(self, enabled: bool) -> None:
        self.heat_map = enabled
        if self.rowCount() and self.workbook.criteria:
            self.dataChanged.emit(
                self.index(0, 1),
                self.index(self.rowCount() - 1, len(self.workbook.criteria)),
                [Qt.ItemDataRole.BackgroundRole],
            )

    def set_highlighted(self, tool_ids: frozenset[str]) -> None:
        self.highlighted = tool_ids
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))


from meshdesk.ui.tool_filter import ToolFilterProxy  # noqa: E402 - the proxy imports the model

__all__ = [
    "KIND_LIFECYCLE",
    "KIND_NAME",
    "KIND_RANK",
    "KIND_SCORE",
    "KIND_TOTAL",
    "LIFECYCLE_COLORS",
    "ColumnKindRole",
    "CriterionIdRole",
    "CriterionNameRole",
    "DiscrepancyRole",
    "HasNoteRole",
    "LifecycleRole",
    "Role",
    "ScoreTableModel",
    "SortRole",
    "SourceScoreRole",
    "ToolFilterProxy",
    "ToolIdRole",
    "WeightShareRole",
    "format_score",
    "format_total",
]
