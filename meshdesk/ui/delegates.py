"""Score entry and the grid's markers.

- `GridDelegate` edits scores like a spreadsheet: a plain line edit, digits only, and an
  out-of-range value refused with a message (never clamped). A refused value keeps the
  editor open on its cell (Enter and Tab do not move on), with the reason beside it and in
  the status bar; Escape gives up.
- `paint_markers` draws note corners, published-total markers, lifecycle badges and the
  uncertainty whisker of scores less sure than +-0.5 (meshdesk.ui.cell_evidence) over a
  view after Qt has painted it: one Python pass over the visible cells per paint, instead of
  a Python `paint()` call per cell (which costs more than the rest of the paint together).
"""

from __future__ import annotations

import math
import re
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from meshdesk.core.errors import InputError
from meshdesk.core.score_rule import SCALE
from meshdesk.core.workbook import NAME_MAX, check_text
from meshdesk.io.table import parse_score
from meshdesk.io.tsv import positional
from meshdesk.ui.cell_evidence import CellGrades, evidence_scale
from meshdesk.ui.model import (
    KIND_LIFECYCLE,
    KIND_NAME,
    KIND_SCORE,
    KIND_TOTAL,
    LIFECYCLE_COLORS,
    ColumnKindRole,
    CriterionIdRole,
    ScoreTableModel,
    ToolIdRole,
)

Index = QModelIndex | QPersistentModelIndex
# Digits with at most one decimal separator (point or comma); range is checked on commit so
# that "11" can be refused with a message rather than silently blocked or clamped.
SCORE_TEXT = re.compile(r"^\s*\d{0,2}([.,]\d*)?\s*$")
NOTE_MARK = QColor(235, 150, 20)
PUBLISHED_MARK = QColor(60, 120, 220)
CHANGED_MARK = QColor(150, 80, 200)  # a score the user changed from the publication's
# the whisker under an uncertain score: this many pixels per point of half-width, at most
WHISKER_PER_POINT = 6.0
WHISKER_MAX = 18.0
BADGE_PADDING = 26  # a lifecycle badge's margins around its text, and the cell's around it
COMMIT_KEYS = frozenset((Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab))


def parse_score_text(text: str) -> float | str:
    """A score from typed text: a number, NaN for empty (clear), or why it is refused.

    The rule is the one for every score written as text (meshdesk.io.table.parse_score):
    digits 0-9 with at most one decimal separator. Both the point and the comma are decimal
    separators here, whatever the locale, so "6,5" typed in a German locale is 6.5, as it is
    when pasted; the editor's validator admits nothing else (no group separators)."""
    return parse_score(text, decimal_comma=True)


class CellEditor(QLineEdit):
    """The editor of one cell; it knows the cell, so a refusal can name it and stay open."""

    def __init__(self, parent: QWidget, index: Index) -> None:
        super().__init__(parent)
        self.cell = QPersistentModelIndex(index)
        self.setFrame(False)


class GridDelegate(QStyledItemDelegate):
    refused = Signal(str)

    def __init__(self, source: ScoreTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source

    def _is_score(self, index: Index) -> bool:
        return self.source.column_kind(index.column()) is KIND_SCORE  # columns are never filtered

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = CellEditor(parent, index)
        if not self._is_score(index):
            editor.setMaxLength(NAME_MAX)  # a name that long would not load again
            editor.setAccessibleName("Tool name")
            return editor
        # a plain line edit, not Qt's default spin box for numbers: typing replaces the value,
        # as in a spreadsheet, and an out-of-range value is reported rather than clamped
        editor.setValidator(QRegularExpressionValidator(SCORE_TEXT.pattern, editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setAccessibleName(f"Score from {SCALE}")
        return editor

    def refusal(self, editor: CellEditor) -> str | None:
        """Why the editor's text cannot be committed (one sentence naming the cell), or None."""
        index, text = editor.cell, editor.text()
        wb = self.source.workbook
        tool_id, kind = index.data(ToolIdRole), index.data(ColumnKindRole)
        if not index.isValid() or not wb.has_tool(tool_id):
            return None
        tool = wb.tool(tool_id)
        if kind == KIND_SCORE:
            parsed = parse_score_text(text)
            if not isinstance(parsed, str):
                return None
            criterion = wb.criterion(index.data(CriterionIdRole))
            return f"{tool.name}, {criterion.name}: {parsed}; the score was not changed."
        if kind == KIND_NAME:
            name = text.strip()
            try:
                check_text(name, NAME_MAX, "A tool name", required=True, single_line=True)
            except InputError as exc:
                return f"{tool.name}: {exc}"
            other = wb.tool_named(name)
            if other is not None and other.id != tool.id:
                return f"{tool.name}: there is already a tool named {other.name!r}."
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter or Tab on a value that would be refused: say why, and stay in the cell."""
        if (
            isinstance(watched, CellEditor)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in COMMIT_KEYS
        ):
            problem = self.refusal(watched)
            if problem is not None:
                self._refuse(watched, problem)
                return True
        return super().eventFilter(watched, event)

    def _refuse(self, editor: CellEditor, problem: str) -> None:
        self.refused.emit(problem)  # the status bar
        editor.setToolTip(problem)
        QToolTip.showText(editor.mapToGlobal(QPoint(0, editor.height())), problem, editor)
        editor.selectAll()  # typing again replaces the refused value

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if self._is_score(index) and isinstance(editor, QLineEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setText("" if value is None else positional(float(value)))
            editor.selectAll()
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if self._is_score(index) and isinstance(editor, QLineEdit):
            parsed = parse_score_text(editor.text())
            if isinstance(parsed, str):  # the editor lost the focus on a refused value
                problem = self.refusal(editor) if isinstance(editor, CellEditor) else parsed
                self.refused.emit(problem or parsed)
                return
            model.setData(index, None if math.isnan(parsed) else parsed, Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


def _corner(
    painter: QPainter, rect: QRect, color: QColor, left: bool, bottom: bool = False
) -> None:
    size = max(6.0, rect.height() * 0.3)
    x = float(rect.left()) if left else float(rect.right() + 1)
    y = float(rect.bottom() + 1) if bottom else float(rect.top())
    step = size if left else -size
    rise = -size if bottom else size
    path = QPainterPath(QPointF(x, y))
    path.lineTo(QPointF(x + step, y))
    path.lineTo(QPointF(x, y + rise))
    path.closeSubpath()
    painter.fillPath(path, color)


def _badge(
    painter: QPainter, view: QTableView, index: QModelIndex, rect: QRect, status: str
) -> None:
    palette = view.palette()
    selected = view.selectionModel().isSelected(index)
    if selected:
        background = palette.color(QPalette.ColorRole.Highlight)
    elif view.alternatingRowColors() and index.row() % 2:
        background = palette.color(QPalette.ColorRole.AlternateBase)
    else:
        background = palette.color(QPalette.ColorRole.Base)
    painter.fillRect(rect.adjusted(0, 0, -1, -1), background)  # covers Qt's plain text
    text = str(index.data())
    metrics = view.fontMetrics()
    area = QRectF(rect).adjusted(4, 3, -4, -3)
    width = min(area.width(), metrics.horizontalAdvance(text) + 14.0)
    pill = QRectF(area.center().x() - width / 2, area.top(), width, area.height())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(LIFECYCLE_COLORS[status])
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    painter.setPen(QColor("white"))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)


def _whisker(path: QPainterPath, rect: QRect, half_width: float) -> None:
    """An error bar along the bottom right of a score cell, as wide as the score is unsure."""
    length = min(WHISKER_MAX, WHISKER_PER_POINT * half_width, rect.width() / 2.0)
    right, y = float(rect.right()) - 3.0, float(rect.bottom()) - 2.5
    left = right - 2.0 * length
    path.moveTo(left, y)
    path.lineTo(right, y)
    for x in (left, right):
        path.moveTo(x, y - 2.0)
        path.lineTo(x, y)


def whisker_color(view: QTableView) -> QColor:
    color = view.palette().color(QPalette.ColorRole.Text)  # readable on light and dark
    color.setAlpha(120)
    return color


def paint_markers(view: QTableView, source: ScoreTableModel, proxy: Any) -> None:
    """Draw note corners, published-total markers, lifecycle badges and uncertainty
    whiskers on the visible cells."""
    viewport = view.viewport()
    rows, columns = proxy.rowCount(), proxy.columnCount()
    if not rows or not columns:
        return
    first_row = max(0, view.rowAt(0))
    last_row = view.rowAt(viewport.height() - 1)
    last_row = rows - 1 if last_row < 0 else last_row
    header = view.horizontalHeader()
    first_visual = max(0, header.visualIndexAt(0))
    last_visual = header.visualIndexAt(viewport.width() - 1)
    last_visual = columns - 1 if last_visual < 0 else last_visual
    document = source.document
    wb = document.workbook
    notes = wb.notes
    published = wb.publication is not None
    visible = [
        (logical, source.column_kind(logical))
        for logical in (header.logicalIndex(v) for v in range(first_visual, last_visual + 1))
        if not header.isSectionHidden(logical)
    ]
    scale = evidence_scale()
    grades = None if scale is None else CellGrades(wb, scale)
    wanted = [
        (c, k)
        for c, k in visible
        if (k is KIND_SCORE and (notes or published or grades)) or k in (KIND_TOTAL, KIND_LIFECYCLE)
    ]
    if not wanted:
        return
    whiskers = QPainterPath()
    painter = QPainter(viewport)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for view_row in range(first_row, last_row + 1):
        row = proxy.mapToSource(proxy.index(view_row, 0)).row()
        tool = wb.tools[row]
        for column, kind in wanted:
            if kind is KIND_SCORE:
                evidence = None if grades is None else grades.of(row, column - 1)
                if evidence is not None and evidence.uncertain:
                    _whisker(
                        whiskers,
                        view.visualRect(proxy.index(view_row, column)),
                        evidence.half_width,
                    )
                if (tool.id, wb.criteria[column - 1].id) in notes:
                    _corner(
                        painter,
                        view.visualRect(proxy.index(view_row, column)),
                        NOTE_MARK,
                        left=False,
                    )
                if published and document.source_score(row, column - 1) is not None:
                    _corner(
                        painter,
                        view.visualRect(proxy.index(view_row, column)),
                        CHANGED_MARK,
                        left=True,
                        bottom=True,
                    )
            elif kind is KIND_TOTAL:
                if source.has_discrepancy(row):
                    _corner(
                        painter,
                        view.visualRect(proxy.index(view_row, column)),
                        PUBLISHED_MARK,
                        left=True,
                    )
            elif tool.facts is not None and tool.facts.lifecycle.status in LIFECYCLE_COLORS:
                index = proxy.index(view_row, column)
                _badge(painter, view, index, view.visualRect(index), tool.facts.lifecycle.status)
    if not whiskers.isEmpty():
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(whisker_color(view))
        painter.drawPath(whiskers)
    painter.end()
