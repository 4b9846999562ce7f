"""The score grid: one QAbstractTableModel over the document's workbook (no copy in Qt items).

Columns: tool name, one per criterion, weighted total, rank, lifecycle. DisplayRole is
formatted text; EditRole and SortRole carry raw numbers; custom roles reach the backing ids
through a proxy. Changes arrive from the Document as precise signals and leave as the
narrowest dataChanged / insert / remove / move the view needs.
"""

from __future__ import annotations

import html
import math
from functools import lru_cache
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from meshdesk.core.facts import LIFECYCLE_STATUSES
from meshdesk.core.numbers import fixed
from meshdesk.core.scoring import DISCREPANCY_TOLERANCE
from meshdesk.core.workbook import Workbook
from meshdesk.ui.document import Document

Index = QModelIndex | QPersistentModelIndex

SortRole = Qt.ItemDataRole.UserRole
ToolIdRole = Qt.ItemDataRole.UserRole + 1
CriterionIdRole = Qt.ItemDataRole.UserRole + 2
HasNoteRole = Qt.ItemDataRole.UserRole + 3
ColumnKindRole = Qt.ItemDataRole.UserRole + 4
LifecycleRole = Qt.ItemDataRole.UserRole + 5
DiscrepancyRole = Qt.ItemDataRole.UserRole + 6
SourceScoreRole = Qt.ItemDataRole.UserRole + 7  # the published score, when the cell differs
CriterionNameRole = Qt.ItemDataRole.UserRole + 8  # header: a criterion's full name
WeightShareRole = Qt.ItemDataRole.UserRole + 9  # header: its share of the weights, "17%"

KIND_NAME, KIND_SCORE, KIND_TOTAL, KIND_RANK, KIND_LIFECYCLE = (
    "name",
    "score",
    "total",
    "rank",
    "lifecycle",
)
COMPUTED_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    SortRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
    DiscrepancyRole,
]
UNRANKED_SORT_KEY = 1_000_000_000
TOTAL_PLACES = 2
TOOLTIP_PLACES = 4
MAX_PLACES = 12
MAX_TWINS_LISTED = 4
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


@lru_cache(maxsize=4096)  # scores repeat (8.0, 7.5...): the grid asks on every paint
def _score_text(value: float) -> str:
    return fixed(value, 1)


def format_score(value: float) -> str:
    """A score as the grid, the details and the exports show it (one place, half away from
    zero: 9.25 is 9.3 here as in a spreadsheet); "" for not scored."""
    return "" if math.isnan(value) else _score_text(value)


def format_total(value: float) -> str:
    return fixed(value, TOTAL_PLACES)


def format_share(weight: float, total: float) -> str:
    """A weight's share of all weights, as the header shows it: "17%"."""
    return f"{fixed(weight / total * 100 if total > 0 else 0.0, 0)}%"


def heat_color(value: float) -> QColor:
    """Red (0) through amber (5) to green (10), translucent so it works on light and dark."""
    t = max(0.0, min(1.0, value / 10.0))
    hue = 120.0 * t  # 0 = red, 120 = green
    color = QColor.fromHslF(hue / 360.0, 0.75, 0.5)
    color.setAlpha(70)
    return color


LIFECYCLE_COLORS = {
    "maintenance": QColor(230, 160, 30),
    "dormant": QColor(230, 140, 30),
    "archived": QColor(200, 60, 60),
    "end-of-support": QColor(200, 60, 60),
}


class ScoreTableModel(QAbstractTableModel):
    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.heat_map = False
        self.highlighted: frozenset[str] = frozenset()
        self._kinds: list[str] = []
        self._sort_keys: dict[str, list[float]] = {}
        self._rows = 0
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        self._connect()
        self._refresh_layout()

    def _refresh_layout(self, *_args: object) -> None:
        """Cache the row count and each column's kind (read on every data() call)."""
        self._sort_keys.clear()
        n = len(self.document.workbook.criteria)
        self._kinds = [KIND_NAME] + [KIND_SCORE] * n + [KIND_TOTAL, KIND_RANK, KIND_LIFECYCLE]
        self._rows = len(self.document.workbook.tools)

    def _connect(self) -> None:
        d = self.document
        # The cached layout must be current before the views hear about a change: slots run
        # in connection order, so these come before the end* calls below.
        for signal in (
            d.rowsInserted,
            d.rowsRemoved,
            d.columnsInserted,
            d.columnsRemoved,
            d.columnMoved,
            d.reset,
        ):
            signal.connect(self._refresh_layout)
        d.cellsChanged.connect(self._on_cells)
        d.rankingChanged.connect(self._on_ranking)
        d.weightsChanged.connect(self._on_weights)
        d.criterionChanged.connect(
            lambda j: self.headerDataChanged.emit(Qt.Orientation.Horizontal, j + 1, j + 1)
        )
        d.rowsAboutToBeInserted.connect(lambda r: self.beginInsertRows(QModelIndex(), r, r))
        d.rowsInserted.connect(self.endInsertRows)
        d.rowsAboutToBeRemoved.connect(lambda r: self.beginRemoveRows(QModelIndex(), r, r))
        d.rowsRemoved.connect(self.endRemoveRows)
        d.rowAboutToBeMoved.connect(self._begin_move_row)
        d.rowMoved.connect(self.endMoveRows)
        d.columnsAboutToBeInserted.connect(
            lambda j: self.beginInsertColumns(QModelIndex(), j + 1, j + 1)
        )
        d.columnsInserted.connect(self.endInsertColumns)
        d.columnsAboutToBeRemoved.connect(
            lambda j: self.beginRemoveColumns(QModelIndex(), j + 1, j + 1)
        )
        d.columnsRemoved.connect(self.endRemoveColumns)
        d.columnAboutToBeMoved.connect(self._begin_move_column)
        d.columnMoved.connect(self.endMoveColumns)
        d.aboutToReset.connect(self.beginResetModel)
        d.reset.connect(self.endResetModel)

    # Qt's move API wants the destination *before* which the item lands, in old indices.
    def _begin_move_row(self, source: int, target: int) -> None:
        destination = target + 1 if target > source else target
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)

    def _begin_move_column(self, source: int, target: int) -> None:
        destination = target + 1 if target > source else target
        self.beginMoveColumns(QModelIndex(), source + 1, source + 1, QModelIndex(), destination + 1)

    # --- layout ----------------------------------------------------------------------------
    @property
    def workbook(self) -> Workbook:
        return self.document.workbook

    @property
    def col_total(self) -> int:
        return len(self.workbook.criteria) + 1

    @property
    def col_rank(self) -> int:
        return self.col_total + 1

    @property
    def col_lifecycle(self) -> int:
        return self.col_total + 2

    def column_kind(self, column: int) -> str:
        return self._kinds[column]

    def criterion_column(self, criterion_index: int) -> int:
        return criterion_index + 1

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Qt's own index() asks rowCount() and columnCount() through Python on every call;
        # views create thousands of indexes per paint, so check the cached sizes directly
        if 0 <= row < self._rows and 0 <= column < len(self._kinds) and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._kinds)

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
            return self._score_tooltip(row, col, value)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = format_score(value) or "not scored"
            return f"{wb.tools[row].name}, {wb.criteria[col].name}: {shown}"
        return None

    def has_note(self, row: int, criterion_index: int) -> bool:
        wb = self.document.workbook
        return bool(wb.notes) and (wb.tools[row].id, wb.criteria[criterion_index].id) in wb.notes

    def _score_tooltip(self, row: int, col: int, value: float) -> str:
        wb = self.workbook
        tool, criterion = wb.tools[row], wb.criteria[col]
        head = f"<b>{html.escape(tool.name)}</b> — {html.escape(criterion.name)}: "
        head += format_score(value) if not math.isnan(value) else "<i>not scored</i>"
        source = self.document.source_score(row, col)
        if source is not None:
            head += (
                f"<br><i>Changed from the published score {format_score(source)}</i> "
                f"({html.escape(wb.catalogue.score_source_title)})"
            )
        note = wb.notes.get((tool.id, criterion.id))
        if note is None:
            return head
        parts = [head, html.escape(note.text).replace("\n", "<br>")]
        if note.source:
            parts.append(f"Source: {html.escape(note.source)}")
        if note.date:
            parts.append(f"Date: {html.escape(note.date)}")
        return "<br>".join(parts)

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
            text = f"<b>{html.escape(tool.name)}</b>"
            if tool.profile.description:
                text += f"<br>{html.escape(tool.profile.description)}"
            if tool.id in self.highlighted:
                text += "<br><i>On the questionnaire's shortlist.</i>"
            return text
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
                return "<br>".join([*lines, *self._tie_lines(row)])
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
            return self._total_tooltip(row, complete, total)
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
        """The other ranked rows whose total shows the same as this one's but rank otherwise,
        and the decimal places that tell all of them apart (ranks compare unrounded totals)."""
        ranking = self.document.ranking
        if ranking is None or not ranking.complete[row]:
            return [], TOTAL_PLACES
        totals, ranks = ranking.totals, ranking.ranks
        total, shown = float(totals[row]), format_total(float(totals[row]))
        near = np.flatnonzero(ranking.complete & (np.abs(totals - total) < 0.01))
        twins = [
            int(r)
            for r in near
            if r != row and ranks[r] != ranks[row] and format_total(float(totals[r])) == shown
        ]
        places = TOOLTIP_PLACES
        while places < MAX_PLACES and any(
            fixed(float(totals[r]), places) == fixed(total, places) for r in twins
        ):
            places += 1
        return twins, places

    def _tie_lines(self, row: int) -> list[str]:
        twins, places = self.tie_twins(row)
        if not twins:
            return []
        ranking = self.document.ranking
        assert ranking is not None
        tools = self.workbook.tools
        listed = sorted([row, *twins], key=lambda r: int(ranking.ranks[r]))[: MAX_TWINS_LISTED + 1]
        values = ", ".join(
            f"{html.escape(tools[r].name)} {fixed(float(ranking.totals[r]), places)} "
            f"(rank {int(ranking.ranks[r])})"
            for r in listed
        )
        shown = format_total(float(ranking.totals[row]))
        return [
            f"<i>Shown as {shown} like {len(twins)} other total{'s' if len(twins) > 1 else ''}, "
            f"but ranked apart:</i> the unrounded totals differ ({values}). Ranks compare "
            "the unrounded totals; only equal totals share a rank."
        ]

    def _total_tooltip(self, row: int, complete: bool, total: float) -> str:
        lines = []
        if complete:
            _twins, places = self.tie_twins(row)
            lines.append(f"Weighted total: {fixed(total, places)}")
            lines.extend(self._tie_lines(row))
        else:
            ranking = self.document.ranking
            assert ranking is not None
            weighted = ranking.normalized > 0
            scored = ~self._missing_row(row)
            lines.append(
                f"Provisional: scored on {int((scored & weighted).sum())} of {int(weighted.sum())} "
                "weighted criteria, so not ranked."
            )
        discrepancy = self._discrepancy(row)
        if discrepancy is not None:
            published, check = discrepancy
            lines.append(
                f"<b>Published total {format_total(published)}</b> differs from "
                f"{format_total(check)}, the "
                "total the publication's own scores give under its own weights (your edits "
                "do not count here)."
            )
        return "<br>".join(lines)

    def _missing_row(self, row: int) -> Any:
        return np.isnan(self.workbook.scores[row])

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
            text = f"<b>{html.escape(life.label)}</b>"
            if life.since:
                text += f" since {html.escape(life.since)}"
            if life.summary:
                text += f"<br>{html.escape(life.summary)}"
            if life.advice:
                text += f"<br><b>Instead:</b> {html.escape(life.advice)}"
            return text
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
                share = fixed(weight / total * 100 if total > 0 else 0.0, 1)
                text = (
                    f"<b>{html.escape(criterion.name)}</b> — weight {fixed(weight, 1)} "
                    f"({share}% of the total)"
                )
                if criterion.description:
                    text += f"<br>{html.escape(criterion.description)}"
                return text
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

    # --- change notifications ------------------------------------------------------------------
    def _on_cells(self, cells: tuple[tuple[int, int], ...]) -> None:
        if not cells:
            return
        rows = [r for r, _ in cells]
        cols = [c + 1 for _, c in cells]  # -1 (the tool record) maps to the name column
        top, bottom = min(rows), max(rows)
        if any(c == 0 for c in cols):
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, 0))
            self.dataChanged.emit(
                self.index(top, self.col_lifecycle), self.index(bottom, self.col_lifecycle)
            )
        score_cols = [c for c in cols if c > 0]
        if score_cols:
            self.dataChanged.emit(
                self.index(top, min(score_cols)), self.index(bottom, max(score_cols))
            )

    def _on_ranking(self) -> None:
        self._sort_keys.clear()  # before dataChanged: a sorted proxy re-sorts right away
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, self.col_total),
                self.index(self.rowCount() - 1, self.col_rank),
                COMPUTED_ROLES,
            )

    def _on_weights(self) -> None:
        """Each header shows its weight's share: all of them move with any weight."""
        if self.workbook.criteria:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, len(self.workbook.criteria))

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


class ToolFilterProxy(QSortFilterProxyModel):
    """Sorting by raw numbers and filtering by name text and lifecycle."""

    LIFECYCLE_ANY, LIFECYCLE_ACTIVE, LIFECYCLE_INACTIVE = "any", "active", "inactive"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        # Rows are sorted when the user asks (a header click) and when the weights change
        # (the ranking is what they watch), never behind the back of someone typing: with a
        # dynamic sort, each Enter re-sorted the rows and the next value landed on another tool.
        self.setDynamicSortFilter(False)
        self._name_filter = ""
        self._lifecycle = self.LIFECYCLE_ANY
        self._hide_inactive = False

    def _change_filter(self, name: str, value: object) -> None:
        """Set a filter attribute and refilter rows (beginFilterChange exists from Qt 6.9)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            setattr(self, name, value)
            self.invalidateRowsFilter()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Row numbers count the rows as shown (1, 2, 3 in a sorted or filtered view), not the
        workbook's order."""
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    def lessThan(self, left: Index, right: Index) -> bool:
        """Compare computed columns through one cached numpy key per row: a re-sort after a
        weight change then costs one Python call per comparison instead of two data() calls."""
        source = self.sourceModel()
        if isinstance(source, ScoreTableModel):
            keys = source.sort_keys(left.column())
            if keys is not None:
                return bool(keys[left.row()] < keys[right.row()])
        return super().lessThan(left, right)

    def set_name_filter(self, text: str) -> None:
        self._change_filter("_name_filter", text.strip().casefold())

    def set_lifecycle_filter(self, mode: str) -> None:
        self._change_filter("_lifecycle", mode)

    def set_hide_inactive(self, hide: bool) -> None:
        self._change_filter("_hide_inactive", hide)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if (
            not self._name_filter
            and not self._hide_inactive
            and self._lifecycle == self.LIFECYCLE_ANY
        ):
            return True  # no filter: answer at once (asked for every changed row)
        source = self.sourceModel()
        if not isinstance(source, ScoreTableModel):
            return True
        tool = source.workbook.tools[source_row]
        active = tool.is_active
        if (self._hide_inactive or self._lifecycle == self.LIFECYCLE_ACTIVE) and not active:
            return False
        if self._lifecycle == self.LIFECYCLE_INACTIVE and active:
            return False
        return not self._name_filter or self._name_filter in tool.name.casefold()
