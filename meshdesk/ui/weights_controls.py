"""The controls of one weight in the weights panel: a slider with a fine mode, a spin box that
takes what is typed as typed, a label that elides a long criterion name, and the share label.

Steps: the slider moves 1 per arrow key or wheel notch, 0.1 with Shift, 10 per Page Up/Down;
a drag moves in whole units, 0.1 and ten times slower with Shift held. The spin box moves 0.1
per arrow key or wheel notch and 1 per Page Up/Down (or Ctrl with the wheel). The wheel changes
a weight only once its control has focus: over an unfocused control it scrolls the panel, so
scrolling through 200 criteria never changes a weight by accident.
"""

from __future__ import annotations

import itertools
import re
from typing import ClassVar, Final

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QValidator,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QStyleOptionSpinBox,
    QWidget,
)

from meshdesk.core.numbers import fixed, rounded

BAND_COLOUR: Final = QColor(43, 147, 72, 90)  # translucent green: the handle shows through
TYPED_MAX: Final = 100.0  # what the panel offers; imported weights up to WEIGHT_MAX still show
TICKS: Final = 10  # slider positions per unit of weight: the slider holds tenths
FINE: Final = 10  # Shift slows a drag down this many times
WHEEL_NOTCH: Final = 120  # angleDelta of one notch of a standard mouse wheel
# what may be typed: digits with at most one decimal separator (point or comma, as in the
# grid); range and the one decimal are checked on Enter, so a refusal can say why
WEIGHT_TEXT: Final = re.compile(r"\d{0,7}(?:[.,]\d*)?")
FINE_MODIFIER: Final = Qt.KeyboardModifier.ShiftModifier
_runs = itertools.count(1)


def weight_text(value: float) -> str:
    """A weight as the panel shows it: one decimal, none for a whole number ("20", "17.5")."""
    text = fixed(value, 1)
    return text.removesuffix(".0")


def share_text(weight: float, total: float) -> str:
    """What a weight counts for: its share of the sum, "→ 17.4%" ("→ —" when the sum is 0)."""
    if total <= 0:
        return "→ —"
    return f"→ {fixed(weight * 100.0 / total, 1)}%"  # 4900 / 400 is exactly 12.25


def parse_weight_text(text: str) -> float | str:
    """A typed weight, or the reason it is refused (one sentence fragment)."""
    stripped = text.strip()
    if not WEIGHT_TEXT.fullmatch(stripped) or stripped.strip(".,") == "":
        return "type a number such as 20 or 17.5"
    whole, _, decimals = stripped.replace(",", ".").partition(".")
    if len(decimals) > 1:
        return f"{stripped} has more than one decimal"
    value = float(f"{whole or '0'}.{decimals or '0'}")
    if value > TYPED_MAX:
        return f"{stripped} is more than {weight_text(TYPED_MAX)}"
    return value


class ElidedLabel(QLabel):
    """A criterion name that fits any width: elided with "…", the full name in the tooltip and
    for screen readers (QLabel's accessible text is text(), which stays whole)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # shrinks to a few letters (never to nothing), grows to the whole name
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def shown_text(self) -> str:
        return self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("Wwww…"), super().minimumSizeHint().height()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )


class ShareLabel(QLabel):
    """The share of one weight in the sum. A fixed size: every weight change rewrites every
    share, and a label of fixed size does not make its layout (200 rows) recompute."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.fontMetrics()
        self.setFixedSize(
            metrics.horizontalAdvance(share_text(1.0, 1.0)) + metrics.averageCharWidth(),
            metrics.height() + 4,
        )


class WeightSpinBox(QDoubleSpinBox):
    """Shows a weight by MeshDesk's rounding rule and takes it as typed (one decimal, 0 to 100,
    refused with a reason on Enter, never clamped). `stepping` is true while a step (arrow,
    Page Up/Down, wheel, arrow button) changes the value, so the panel can tell a step from a
    typed value."""

    refused = Signal(str)  # typed text that is not a weight, with the reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the spin box keeps (almost) the exact weight, so the text is rounded once, by fixed()
        # (Qt's own rounding to 1 decimal rounds 0.15 down, fixed() rounds it up)
        self.setDecimals(6)
        self.setRange(0.0, TYPED_MAX)
        self.setSingleStep(0.1)
        self.setKeyboardTracking(False)  # a typed value counts on Enter, not per keystroke
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel over it must not take focus
        self.stepping = False
        self.step_run = 0  # steps while focus stays are one run (the panel merges them)
        self._reported = ""
        self.lineEdit().textEdited.connect(self._edited)
        self.setFixedWidth(self._width())

    _widths: ClassVar[dict[tuple[str, str], int]] = {}  # by font and style: 200 boxes, one sum

    def _width(self) -> int:
        # wide enough for "1000.0" whatever the weight: a box that resized with its value
        # would re-lay out every row
        key = (self.font().key(), self.style().name())
        if key not in self._widths:
            option = QStyleOptionSpinBox()
            self.initStyleOption(option)
            text = QSize(
                self.fontMetrics().horizontalAdvance("1000.0") + 2,
                self.lineEdit().sizeHint().height(),
            )
            size = self.style().sizeFromContents(QStyle.ContentsType.CT_SpinBox, option, text, self)
            self._widths[key] = size.width()
        return self._widths[key]

    def textFromValue(self, val: float) -> str:
        return weight_text(val)

    def valueFromText(self, text: str) -> float:
        if text == self.textFromValue(self.value()):
            return self.value()  # Enter on "16.7" keeps 16.6667: only a typed value changes
        parsed = parse_weight_text(text)
        return self.value() if isinstance(parsed, str) else parsed

    def validate(self, input: str, pos: int) -> tuple[QValidator.State, str, int]:
        if input == self.textFromValue(self.value()):
            return QValidator.State.Acceptable, input, pos  # what is shown (even 150 imported)
        if not WEIGHT_TEXT.fullmatch(input.strip()):
            return QValidator.State.Invalid, input, pos  # letters, signs: refused as typed
        if isinstance(parse_weight_text(input), str):
            return QValidator.State.Intermediate, input, pos  # explained on Enter (fixup)
        return QValidator.State.Acceptable, input, pos

    def fixup(self, str: str) -> str:
        # Qt calls this when Enter or focus-out finds text that is not a weight (more than once
        # for one commit); report it once, then Qt shows the previous value again
        reason = parse_weight_text(str)
        if isinstance(reason, float):
            return str
        if str != self._reported:
            self._reported = str
            self.refused.emit(reason)
        return str

    def _edited(self, _text: str) -> None:
        self._reported = ""  # new text: a new refusal may be reported

    def stepBy(self, steps: int) -> None:
        self.interpretText()  # text typed but not yet entered counts first, as its own step
        # from the weight as shown: 16.6667 shows "16.7", and one step up is 16.8
        start = float(rounded(self.value(), 1))
        target = min(max(start + steps * self.singleStep(), self.minimum()), self.maximum())
        self.stepping = True
        try:
            self.setValue(float(rounded(target, 1)))
        finally:
            self.stepping = False
        self.selectAll()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()  # scroll the panel instead
            return
        super().wheelEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.step_run = next(_runs)
        super().focusInEvent(event)


class WeightSlider(QSlider):
    """A horizontal slider over 0–100 in tenths (see the module docstring for its steps).
    `drag_run` numbers each drag and `step_run` each stay of focus, so the panel can merge
    the moves of one drag, and the steps of one stay, into one undo step each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setRange(0, round(TYPED_MAX) * TICKS)
        self.setSingleStep(TICKS)
        self.setPageStep(10 * TICKS)
        self.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.setTickInterval(10 * TICKS)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.drag_run = 0
        self.step_run = 0
        self.sliderPressed.connect(self._new_drag)
        self._wheel = 0  # angle delta not yet turned into steps (high-resolution wheels)
        self._anchor: tuple[float, int, bool] | None = None  # drag: x, position, fine
        # the weights over which the leader stays first (meshdesk.core.robustness), drawn
        # over the groove: dragging shows how close the decision is to flipping
        self.band: tuple[float, float | None] | None = None

    def _new_drag(self) -> None:
        self.drag_run = next(_runs)

    @staticmethod
    def ticks_of(weight: float) -> int:
        return int(rounded(weight, 1) * TICKS)

    def set_band(self, band: tuple[float, float | None] | None) -> None:
        if band != self.band:
            self.band = band
            self.update()

    def _groove(self) -> tuple[float, float]:
        """x of weight 0 and pixels per weight unit, as the style places the handle."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        )
        span = max(1, groove.width() - handle.width())
        return groove.left() + handle.width() / 2, span / (
            (self.maximum() - self.minimum()) / TICKS
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.band is None:
            return
        low, high = self.band
        top = self.maximum() / TICKS
        left, per_unit = self._groove()
        x0 = left + min(low, top) * per_unit
        x1 = left + min(top if high is None else high, top) * per_unit
        painter = QPainter(self)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAND_COLOUR)
        mid = self.height() / 2
        painter.drawRoundedRect(QRectF(x0, mid - 4, max(2.0, x1 - x0), 8), 3, 3)
        painter.end()

    def units_per_pixel(self) -> float:
        """Weight units one pixel of a drag moves (without Shift)."""
        return 1.0 / self._groove()[1]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        direction = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Down: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: 1,
        }.get(Qt.Key(event.key()))
        if direction is not None and event.modifiers() & FINE_MODIFIER:
            self.setValue(self.value() + direction)  # one tick: 0.1
            event.accept()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()  # scroll the panel instead
            return
        delta = event.angleDelta().y() or event.angleDelta().x()
        if event.inverted():
            delta = -delta
        self._wheel += delta
        notches = int(self._wheel / WHEEL_NOTCH)  # towards zero: a partial notch waits
        self._wheel -= notches * WHEEL_NOTCH
        step = 1 if event.modifiers() & FINE_MODIFIER else TICKS
        if notches:
            self.setValue(self.value() + notches * step)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._anchor = None
        if self.isSliderDown():
            self._anchor = self._anchor_at(event.position(), event.modifiers())

    def _anchor_at(self, pos: QPointF, modifiers: Qt.KeyboardModifier) -> tuple[float, int, bool]:
        return pos.x(), self.sliderPosition(), bool(modifiers & FINE_MODIFIER)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.isSliderDown() or self._anchor is None:
            super().mouseMoveEvent(event)
            return
        # the handle moves by the distance dragged, from where the drag (or the last change
        # of Shift) began: whole units, or tenths at a tenth of the speed with Shift
        fine = bool(event.modifiers() & FINE_MODIFIER)
        if fine != self._anchor[2]:
            self._anchor = self._anchor_at(event.position(), event.modifiers())
        x0, start, _ = self._anchor
        units = (event.position().x() - x0) * self.units_per_pixel()
        if fine:
            target = start + round(units / FINE * TICKS)
        else:
            target = round((start + units * TICKS) / TICKS) * TICKS
        self.setSliderPosition(min(max(target, self.minimum()), self.maximum()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._anchor = None
        super().mouseReleaseEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.step_run = next(_runs)
        super().focusInEvent(event)
