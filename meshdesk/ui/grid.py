"""The score grid view: a QTableView that behaves like a spreadsheet.

- The tool-name column stays visible while scrolling sideways (Qt's "frozen column" pattern:
  a second view over the same model shows only column 0 on top of the main one).
- Headers show each criterion's weight share and elide long names (meshdesk.ui.header);
  the first click on a header sorts best first (highest score or total, rank 1).
- Rows grow a little taller when there are few of them, so a short list fills the grid.
- Type a number and press Enter (moves down) or Tab (moves right); Delete clears scores.
- Copy (TSV + HTML), paste a TSV block checked as a whole (one undo step), fill down: in
  meshdesk.ui.grid_clipboard.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from meshdesk.ui.delegates import BADGE_PADDING, GridDelegate, paint_markers
from meshdesk.ui.grid_clipboard import GridClipboard
from meshdesk.ui.header import PADDING, GridHeader
from meshdesk.ui.model import (
    KIND_SCORE,
    ScoreTableModel,
    ToolFilterProxy,
)

NAME_WIDTH = 180  # most names whole; a longer one is elided, its tooltip has it all
MAX_NAME_WIDTH = 320
SCORE_WIDTH = 90
MIN_COLUMN_WIDTH = 44  # "Rank", and a total such as "(10.00)"
MAX_SCORE_WIDTH = 150
MAX_ROW_GROWTH = 1.5  # few rows grow up to this much taller to fill the grid's height
WIDE_ENOUGH_TO_FREEZE_TOTALS = 700  # px of grid: room for the frozen columns and some scores


class FrozenView(QTableView):
    """The columns kept visible on the left (name, total, rank), over the main grid."""

    def __init__(self, grid: ScoreGrid) -> None:
        super().__init__(grid)
        self.grid = grid

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        paint_markers(self, self.grid.score_model, self.grid.proxy)

    def dataChanged(self, top_left: Any, bottom_right: Any, roles: Any = ()) -> None:
        """Repaint only the changed columns that this view shows.

        Qt repaints the whole viewport for any change of more than one cell; after a weight
        change that would repaint the names too, on every step of a slider drag."""
        columns = [
            c
            for c in range(top_left.column(), bottom_right.column() + 1)
            if not self.isColumnHidden(c)
        ]
        if not columns:
            return
        if (
            top_left.row() == 0
            and bottom_right.row() == self.model().rowCount() - 1
            and 0 not in columns
        ):
            area = self.viewport().rect()
            for column in columns:
                x = self.columnViewportPosition(column)
                self.viewport().update(x, 0, self.columnWidth(column), area.height())
            return
        super().dataChanged(top_left, bottom_right, roles)


class ScoreGrid(GridClipboard):
    """The main grid. `message` carries status-bar text (refused entries, paste results)."""

    def __init__(
        self, model: ScoreTableModel, proxy: ToolFilterProxy, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(GridHeader(self))  # before sorting is enabled: it clicks it
        self.score_model = model
        self.proxy = proxy
        self._freeze_totals = True
        proxy.setSourceModel(model)
        self.setModel(proxy)
        self.delegate = GridDelegate(model, self)
        self.delegate.refused.connect(self.message)
        self.setItemDelegate(self.delegate)
        self.setAccessibleName("Score grid")
        self.setSortingEnabled(True)
        self.sortByColumn(
            -1, Qt.SortOrder.AscendingOrder
        )  # workbook order until a header is clicked
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(SCORE_WIDTH)
        header.setHighlightSections(True)
        header.setSectionsMovable(False)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.base_row_height = max(24, self.fontMetrics().height() + 10)
        vertical.setDefaultSectionSize(self.base_row_height)
        self.setColumnWidth(0, NAME_WIDTH)
        self._frozen = self._make_frozen_view()
        self.fit_columns()
        self._sync_frozen_columns()
        model.modelReset.connect(self._after_reset)
        self._order_stale = False  # edits since the last sort may have changed the order
        document = model.document
        document.weightsChanged.connect(self.sort_again)
        document.cellsChanged.connect(self._cells_edited)
        document.cellsChanged.connect(self._tools_changed)
        self.horizontalHeader().sortIndicatorChanged.connect(self._sorted)
        # new columns get a width from their header; widths the user set are kept
        model.columnsInserted.connect(self._columns_inserted)
        model.columnsRemoved.connect(self._sync_frozen_columns)
        model.columnsMoved.connect(self._sync_frozen_columns)
        for signal in (
            proxy.rowsInserted,
            proxy.rowsRemoved,
            proxy.layoutChanged,
            proxy.modelReset,
        ):
            signal.connect(self.fit_rows)

    # --- frozen name column --------------------------------------------------------------------
    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        paint_markers(self, self.score_model, self.proxy)

    def dataChanged(self, top_left: Any, bottom_right: Any, roles: Any = ()) -> None:
        """Changes only in the frozen columns (totals and ranks after a weight change) are
        shown by the frozen view on top; repainting them underneath too would double the
        cost of every slider step."""
        if hasattr(self, "_frozen"):
            frozen = self.frozen_columns()
            if all(c in frozen for c in range(top_left.column(), bottom_right.column() + 1)):
                return
        super().dataChanged(top_left, bottom_right, roles)

    def _make_frozen_view(self) -> QTableView:
        frozen = FrozenView(self)
        frozen.setHorizontalHeader(GridHeader(frozen))
        frozen.setModel(self.model())
        # a delegate of its own: a shared one would send each editor's commit to both views
        self.frozen_delegate = GridDelegate(self.score_model, frozen)
        self.frozen_delegate.refused.connect(self.message)
        frozen.setItemDelegate(self.frozen_delegate)
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.verticalHeader().hide()
        frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.setSelectionModel(self.selectionModel())
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        frozen.setEditTriggers(self.editTriggers())
        frozen.setAlternatingRowColors(True)
        frozen.horizontalHeader().setSortIndicatorShown(True)
        frozen.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        frozen.horizontalHeader().setSectionsClickable(True)
        frozen.horizontalHeader().sectionClicked.connect(self._sort_by_frozen_header)
        frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        frozen.setStyleSheet("QTableView { border: none; }")
        # opaque: when it repaints, Qt need not repaint the main grid underneath it too
        frozen.setAutoFillBackground(True)
        frozen.setAccessibleName("Tool names")
        self.viewport().stackUnder(frozen)
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        # rows added: the main view may scroll before the frozen one's range has grown, which
        # clamps the value; catch up once it has, or names sit beside another tool's scores
        frozen.verticalScrollBar().rangeChanged.connect(
            lambda *_: frozen.verticalScrollBar().setValue(self.verticalScrollBar().value())
        )
        self.horizontalHeader().sectionResized.connect(self._on_section_resized)
        self.horizontalHeader().sortIndicatorChanged.connect(
            lambda column, order: frozen.horizontalHeader().setSortIndicator(column, order)
        )
        frozen.show()
        return frozen

    def frozen_columns(self) -> list[int]:
        """Logical columns kept visible while scrolling sideways, in visual order: the name,
        total and rank; only the name when the grid is too narrow to show scores beside them."""
        model = self.score_model
        if not self._freeze_totals:
            return [0]
        return [0, model.col_total, model.col_rank]

    def arrange_columns(self) -> None:
        """Show name, total, rank, lifecycle first (then the criteria), in both views.

        The model keeps the documented column order; only the view shows the columns an
        architect watches while tuning weights next to the names."""
        model = self.score_model
        order = [0, model.col_total, model.col_rank, model.col_lifecycle]
        for view in (self, self._frozen):
            header = view.horizontalHeader()
            for target, logical in enumerate(order):
                current = header.visualIndex(logical)
                if current != target:
                    header.moveSection(current, target)

    def frozen_width(self) -> int:
        return sum(self.columnWidth(c) for c in self.frozen_columns())

    def _sync_frozen_columns(self, *_args: object) -> None:
        self.arrange_columns()
        frozen = set(self.frozen_columns())
        for column in range(self.model().columnCount()):
            self._frozen.setColumnHidden(column, column not in frozen)
            if column in frozen:
                self._frozen.setColumnWidth(column, self.columnWidth(column))
        self._update_frozen_geometry()

    def _sort_by_frozen_header(self, column: int) -> None:
        """As a click on the main header: a new column sorts in its initial order (best
        first), the same column again flips it."""
        header = self.horizontalHeader()
        if header.sortIndicatorSection() == column:
            flipped = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            order = Qt.SortOrder.DescendingOrder if flipped else Qt.SortOrder.AscendingOrder
        else:
            initial = self.model().headerData(
                column, Qt.Orientation.Horizontal, Qt.ItemDataRole.InitialSortOrderRole
            )
            order = Qt.SortOrder(initial) if initial is not None else Qt.SortOrder.AscendingOrder
        self.sortByColumn(column, order)

    def _after_reset(self, *_args: object) -> None:
        self.fit_columns()
        self._sync_frozen_columns()
        self.sort_again()

    # --- sorting: on request and on weight changes, never while typing -------------------------
    def sort_again(self, *_args: object) -> None:
        """Apply the sort the header shows (after a weight change, a reset, or on request)."""
        header = self.horizontalHeader()
        column = header.sortIndicatorSection()
        self._order_stale = False
        if 0 <= column < self.proxy.columnCount():
            self.proxy.sort(column, header.sortIndicatorOrder())

    def _sorted(self, *_args: object) -> None:
        self._order_stale = False

    def _cells_edited(self, *_args: object) -> None:
        if self._order_stale or self.horizontalHeader().sortIndicatorSection() < 0:
            return
        self._order_stale = True
        self.message.emit(
            "Rows keep their places while you edit; click a column header (or press F5) to "
            "sort again."
        )

    def _columns_inserted(self, _parent: object, first: int, last: int) -> None:
        self.fit_columns(range(first, last + 1))
        self._sync_frozen_columns()

    def fit_columns(self, columns: range | None = None) -> None:
        """Widths from the header texts only: never scans the data (fast on any size). A
        criterion gets the width that shows its name on two lines, so the seven criteria of
        the dataset, the total and the rank fit beside the names on a 1280 px screen."""
        model = self.score_model
        header = self.horizontalHeader()
        assert isinstance(header, GridHeader)
        metrics = header.fontMetrics()
        for column in columns if columns is not None else range(1, model.columnCount()):
            if column == 0:
                continue
            width = header.fitting_width(column)
            if width is None:
                text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                lines = text.split("\n")
                width = max((metrics.horizontalAdvance(line) for line in lines), default=0)
                width += PADDING
            self.setColumnWidth(column, max(MIN_COLUMN_WIDTH, min(MAX_SCORE_WIDTH, width)))
        if model.columnCount() and (columns is None or model.col_lifecycle in columns):
            self.setColumnWidth(model.col_lifecycle, self.lifecycle_width())

    def lifecycle_width(self) -> int:
        """Room for the widest lifecycle badge of the workbook's tools (one pass over the
        tools, not the cells) and for the column's own label."""
        labels = {t.facts.lifecycle.label for t in self.score_model.workbook.tools if t.facts}
        metrics = self.fontMetrics()
        badge = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        title = self.horizontalHeader().fontMetrics().horizontalAdvance("Lifecycle") + PADDING
        return max(title, badge + BADGE_PADDING)

    def _tools_changed(self, cells: tuple[tuple[int, int], ...]) -> None:
        """A tool's record changed (its facts refreshed, say): widen the lifecycle column if
        its badge no longer fits; never narrow what the user set."""
        if any(column == -1 for _row, column in cells):
            column = self.score_model.col_lifecycle
            if self.columnWidth(column) < self.lifecycle_width():
                self.setColumnWidth(column, self.lifecycle_width())

    def natural_width(self) -> int:
        """The width the grid needs to show every column without scrolling sideways."""
        columns = sum(
            self.columnWidth(c)
            for c in range(self.model().columnCount())
            if not self.isColumnHidden(c)
        )
        row_numbers = max(self.verticalHeader().width(), self.verticalHeader().sizeHint().width())
        return row_numbers + columns + 2 * self.frameWidth()

    def widen_names(self) -> None:
        """Give the name column the width the other columns leave, up to the longest name, so
        that a wide window shows "Gloo Mesh (Solo Enterprise for Istio)" whole."""
        used = sum(self.columnWidth(c) for c in range(self.model().columnCount()) if c != 0)
        spare = self.viewport().width() - used
        names = (t.name for t in self.score_model.workbook.tools)
        longest = max((self.fontMetrics().horizontalAdvance(n) for n in names), default=0)
        wanted = min(MAX_NAME_WIDTH, spare, longest + PADDING)
        if wanted > self.columnWidth(0):
            self.setColumnWidth(0, wanted)

    def content_height(self) -> int:
        """The height that shows the header and every row at the base height."""
        header = self.horizontalHeader().sizeHint().height()
        rows = self.proxy.rowCount() * self.base_row_height
        sideways = self.horizontalScrollBar().sizeHint().height()
        scroll_bar = sideways if self.natural_width() > self.width() else 0
        return header + rows + 2 * self.frameWidth() + scroll_bar

    def fit_rows(self, *_args: object) -> None:
        """Few rows grow taller (up to MAX_ROW_GROWTH) to use the grid's height; many rows keep
        the base height. Never so tall that a row would scroll out of view."""
        if not hasattr(self, "_frozen"):
            return  # called by Qt while the view is still being built
        rows = self.proxy.rowCount()
        base = self.base_row_height
        height = base
        if rows:
            fill = self.viewport().height() // rows
            height = max(base, min(int(base * MAX_ROW_GROWTH), fill))
        for view in (self, self._frozen):
            if view.verticalHeader().defaultSectionSize() != height:
                view.verticalHeader().setDefaultSectionSize(height)

    def column_key(self, column: int) -> str:
        """A column's identity across projects and sessions: its kind, or its criterion id."""
        model = self.score_model
        kind = model.column_kind(column)
        if kind == KIND_SCORE:
            return f"criterion:{model.workbook.criteria[column - 1].id}"
        return kind

    def column_widths(self) -> dict[str, int]:
        return {
            self.column_key(c): self.columnWidth(c) for c in range(self.score_model.columnCount())
        }

    def restore_column_widths(self, widths: dict[str, int]) -> None:
        for column in range(self.score_model.columnCount()):
            width = widths.get(self.column_key(column))
            if width is not None:
                self.setColumnWidth(column, width)
        self._sync_frozen_columns()

    def _on_section_resized(self, column: int, _old: int, new: int) -> None:
        if column in self.frozen_columns():
            self._frozen.setColumnWidth(column, new)
            self._update_frozen_geometry()

    def _update_frozen_geometry(self) -> None:
        if not hasattr(self, "_frozen"):
            return  # called by Qt while the view is still being built
        frame = self.frameWidth()
        self._frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self._frozen.setGeometry(
            self.verticalHeader().width() + frame,
            frame,
            self.frozen_width(),
            self.viewport().height() + self.horizontalHeader().height(),
        )

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        wide = self.viewport().width() >= WIDE_ENOUGH_TO_FREEZE_TOTALS
        if wide != self._freeze_totals:
            self._freeze_totals = wide
            self._sync_frozen_columns()
        self.fit_rows()
        self._update_frozen_geometry()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._update_frozen_geometry()

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = super().moveCursor(action, modifiers)
        # keep the cell the cursor moves to from hiding under the frozen column
        if (
            action == QAbstractItemView.CursorAction.MoveLeft
            and current.column() not in self.frozen_columns()
            and hasattr(self, "_frozen")
            and self.visualRect(current).topLeft().x() < self.frozen_width()
        ):
            new_value = (
                self.horizontalScrollBar().value()
                + self.visualRect(current).topLeft().x()
                - self.frozen_width()
            )
            self.horizontalScrollBar().setValue(new_value)
        return current

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if index.column() not in self.frozen_columns():
            super().scrollTo(index, hint)

    # --- keyboard ----------------------------------------------------------------------------
    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter commits and moves down, as in a spreadsheet; Tab keeps Qt's move right."""
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            current = self.currentIndex()
            below = current.sibling(current.row() + 1, current.column())
            if below.isValid():
                self.setCurrentIndex(below)
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Cut):
            self.copy_selection()
            self.clear_selection()
        elif (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.clear_selection()
        elif (
            event.key() == Qt.Key.Key_D and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            self.fill_down()
        elif (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            current = self.currentIndex()
            below = current.sibling(current.row() + 1, current.column())
            if below.isValid():
                self.setCurrentIndex(below)
        else:
            super().keyPressEvent(event)
