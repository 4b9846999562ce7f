"""The grid model's shape: its rows and columns over the document's workbook, and how it
follows the document's precise change signals with the narrowest dataChanged, insert,
remove or move the views need. ScoreTableModel (meshdesk.ui.model) adds the cells' data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from meshdesk.core.workbook import Workbook
from meshdesk.ui.document import Document
from meshdesk.ui.roles import KIND_LIFECYCLE, KIND_NAME, KIND_RANK, KIND_SCORE, KIND_TOTAL, Role

Index = QModelIndex | QPersistentModelIndex

COMPUTED_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Role.SORT,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
    Role.DISCREPANCY,
]


class GridShape(QAbstractTableModel):
    def __init__(self, document: Document, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self._kinds: list[str] = []
        self._sort_keys: dict[str, list[float]] = {}  # by column kind, built once per ranking
        self._rows = 0
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
