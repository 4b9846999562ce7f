"""Column headers that fit their sections.

A criterion's header is its name on up to two lines, each elided to the section's width (the
tooltip has the full name), with its weight share on a line of its own below ("17%"), so a
narrow column still says what it weighs. Other headers ("Weighted total") elide line by line.
Qt's own eliding treats a multi-line label as one line and cuts it after the first word.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from meshdesk.ui.model import CriterionNameRole, WeightShareRole

NAME_LINES = 2
LINES = NAME_LINES + 1
PADDING = 16  # both margins, and the sort arrow beside a centred label


def fit_name(name: str, width: int, metrics: QFontMetrics, lines: int = NAME_LINES) -> list[str]:
    """`name` wrapped at spaces into at most `lines` lines of `width` pixels; a word or the
    last line that does not fit is elided."""
    out: list[str] = []
    words = name.split(" ")
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        out.append(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
    if words:
        rest = " ".join(words)
        out.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return out


def natural_width(name: str, metrics: QFontMetrics, lines: int = NAME_LINES) -> int:
    """The narrowest width that shows `name` whole on `lines` lines (split at a space)."""
    words = name.split(" ")
    best = metrics.horizontalAdvance(name)
    if lines >= 2:
        for cut in range(1, len(words)):
            first, second = " ".join(words[:cut]), " ".join(words[cut:])
            best = min(
                best, max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(second))
            )
    return best


class GridHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        # the lines are elided here, each on its own; the style must not elide them again
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        self.setSectionsClickable(True)  # as QTableView sets up its own header
        self.setHighlightSections(True)
        # The height fits LINES lines of text whatever the labels say, so it is measured once
        # (and again when the font or the columns change), not on every weight change: Qt
        # would otherwise size the text of every section each time the shares are rewritten
        # (20 ms a weight step at 200 criteria).
        self._height: int | None = None
        self.sectionCountChanged.connect(self._forget_height)

    def _forget_height(self, *_args: object) -> None:
        self._height = None

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._height = None
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        if self._height is None:
            self._height = super().sizeHint().height()
        return QSize(self.length(), self._height)

    def bold_metrics(self) -> QFontMetrics:
        """The current column's label is drawn bold (a highlighted section)."""
        font = QFont(self.font())
        font.setBold(True)
        return QFontMetrics(font)

    def label_width(self, logical: int, option: QStyleOptionHeader) -> int:
        probe = QStyleOptionHeader(option)
        probe.rect = QRect(0, 0, self.sectionSize(logical), max(1, self.height()))
        return self.style().subElementRect(QStyle.SubElement.SE_HeaderLabel, probe, self).width()

    def lines(self, logical: int, width: int, metrics: QFontMetrics) -> list[str]:
        """The label of a section as drawn in `width` pixels."""
        model = self.model()
        if model is None:
            return []
        orientation = Qt.Orientation.Horizontal
        name = model.headerData(logical, orientation, CriterionNameRole)
        if isinstance(name, str):
            share = str(model.headerData(logical, orientation, WeightShareRole) or "")
            return [*fit_name(name, width, metrics), share]
        text = str(model.headerData(logical, orientation) or "")
        return [
            metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
            for line in text.split("\n")
        ]

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical: int) -> None:
        super().initStyleOptionForIndex(option, logical)
        width = self.label_width(logical, option)
        lines = self.lines(logical, width, self.fontMetrics())
        if option.state & QStyle.StateFlag.State_On:
            bold = self.lines(logical, width, self.bold_metrics())
            if any(b != plain for b, plain in zip(bold, lines, strict=True)):
                # bold would cut the name short: the current column stays in plain text
                option.state &= ~QStyle.StateFlag.State_On
            else:
                lines = bold
        option.text = "\n".join(lines)

    def sectionSizeFromContents(self, logical: int) -> QSize:
        size = super().sectionSizeFromContents(logical)
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)
        height = LINES * self.fontMetrics().lineSpacing() + 2 * margin + 4
        return QSize(size.width(), max(size.height(), height))

    def fitting_width(self, logical: int) -> int | None:
        """The width that shows a criterion's name whole on two lines, with its share; None
        for other columns."""
        model = self.model()
        name = model.headerData(logical, Qt.Orientation.Horizontal, CriterionNameRole)
        if not isinstance(name, str):
            return None
        metrics = self.fontMetrics()
        widest_share = metrics.horizontalAdvance("100%")
        return max(natural_width(name, metrics), widest_share) + PADDING
