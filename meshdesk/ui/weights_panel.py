"""The weights panel: per criterion its name, the weight as entered, its share of the sum
("20 → 17.4%") and a full-width slider; the running sum, Normalize, and presets from
data/presets.yaml. It fits a narrow dock (about 300 px): the name is elided (whole in its
tooltip) and the slider has a line of its own.

Every change is an undoable SetWeights. A slider drag is one undo step, and so is a typed
value; steps (arrow keys, Page Up/Down, the wheel, clicks on the groove or the arrow buttons)
merge into one step while their control keeps focus. The controls: weights_controls.py."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from meshdesk.core.commands import SetWeights
from meshdesk.core.errors import InputError
from meshdesk.core.presets import Preset, apply_preset
from meshdesk.core.weight_rules import normalize_weights
from meshdesk.ui.document import Document
from meshdesk.ui.weights_controls import (
    TICKS,
    TYPED_MAX,
    ElidedLabel,
    ShareLabel,
    WeightSlider,
    WeightSpinBox,
    share_text,
    weight_text,
)

SUM_WARNING = "color: #d35400; font-weight: bold;"
SUM_ERROR = "color: #c0392b; font-weight: bold;"
PREFERRED_WIDTH = 320  # the dock's width on a first start; usable down to about 260
SLIDER_HELP = (
    "Drag: whole units; hold Shift for tenths at a tenth of the speed.\n"
    "Arrow keys: 1; Shift+arrow: 0.1; Page Up/Down: 10.\n"
    "The wheel steps 1 (Shift: 0.1) once the slider has focus."
)
SPIN_HELP = (
    "Type a weight from 0 to 100 (one decimal) and press Enter.\n"
    "Arrow keys and the wheel: 0.1; Page Up/Down or Ctrl+wheel: 1."
)


class WeightRow:
    """The controls of one criterion's weight."""

    def __init__(self, panel: WeightsPanel, criterion_id: str, name: str, about: str) -> None:
        self.panel = panel
        self.criterion_id = criterion_id
        self.name = name
        self.label = ElidedLabel(name)
        self.label.setToolTip(f"{name}\n{about}" if about else name)
        self.spin = WeightSpinBox()
        self.spin.setAccessibleName(f"Weight of {name}")
        self.spin.setToolTip(SPIN_HELP)
        self.label.setBuddy(self.spin)
        self.share = ShareLabel()
        self.share.setToolTip(
            f"What {name} counts for in each total: its weight ÷ the sum of the weights."
        )
        self.slider = WeightSlider()
        self.slider.setAccessibleName(f"Weight of {name} (slider)")
        self.slider.setAccessibleDescription(SLIDER_HELP.replace("\n", " "))
        self.slider.setToolTip(SLIDER_HELP)
        self.slider_help = SLIDER_HELP
        self.shown: float | None = None
        self.slider.valueChanged.connect(self._slider_moved)
        self.spin.valueChanged.connect(self._spin_changed)
        self.spin.refused.connect(self._refused)

    def _slider_moved(self, ticks: int) -> None:
        if self.slider.isSliderDown():
            key: Any = ("weight-drag", self.criterion_id, self.slider.drag_run)
        else:
            key = ("weight-step", self.criterion_id, "slider", self.slider.step_run)
        self.panel.set_weight(self.criterion_id, ticks / TICKS, key)

    def _spin_changed(self, value: float) -> None:
        key = ("weight-step", self.criterion_id, "spin", self.spin.step_run)
        # a typed value is its own undo step (merge key None)
        self.panel.set_weight(self.criterion_id, value, key if self.spin.stepping else None)

    def _refused(self, reason: str) -> None:
        self.panel.document.problem.emit(
            f"Weight of {self.name}: {reason}; the weight stays "
            f"{weight_text(self.panel.document.workbook.weight(self.criterion_id))}."
        )

    def show_value(self, value: float, total: float) -> None:
        share = share_text(value, total)
        if share != self.share.text():
            self.share.setText(share)
            # named with its value: a label with a name of its own hides its text from
            # screen readers
            self.share.setAccessibleName(f"Share of {self.name} in the total: {share[2:]}")
        if value == self.shown:
            return  # 200 criteria: touch only the controls whose weight changed
        self.shown = value
        for widget in (self.slider, self.spin):
            widget.blockSignals(True)
        self.spin.setMaximum(max(TYPED_MAX, value))  # an imported 150 shows as 150
        self.spin.setValue(value)
        self.slider.setValue(min(WeightSlider.ticks_of(value), self.slider.maximum()))
        for widget in (self.slider, self.spin):
            widget.blockSignals(False)


class WeightsPanel(QWidget):
    def __init__(
        self, document: Document, presets: list[Preset], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.presets = presets
        self.rows: dict[str, WeightRow] = {}
        self.setAccessibleName("Criteria weights")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.preset_box = QComboBox()
        self.preset_box.setAccessibleName("Weight preset")
        self.preset_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.preset_box.setMinimumContentsLength(12)
        self.preset_box.addItem("Apply a preset…", None)
        for preset in presets:
            self.preset_box.addItem(preset.name, preset.id)
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        self.preset_box.activated.connect(self._preset_chosen)
        layout.addWidget(self.preset_box)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        # rows take the dock's width: a sideways scroll bar would hide the shares
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll_area, 1)

        # the sum on a line of its own (two lines in a narrow dock), Normalize beneath it
        self.sum_label = QLabel()
        # no accessible name: a QLabel's name is its text unless it has one of its own
        self.sum_label.setWordWrap(True)
        # a fixed height: the text changes on every slider step, and a label that resized
        # itself would re-lay out (and repaint) the whole window each time
        self.sum_label.setFixedHeight(self.sum_label.fontMetrics().lineSpacing() * 2 + 4)
        self.sum_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.sum_label.setMinimumWidth(
            self.sum_label.fontMetrics().horizontalAdvance("Sum: 1000.5 — shares are")
        )
        layout.addWidget(self.sum_label)
        self.normalize_button = QPushButton("&Normalize to 100")
        self.normalize_button.setToolTip("Scale every weight so that they add up to 100.")
        self.normalize_button.clicked.connect(self.normalize)
        layout.addWidget(self.normalize_button, 0, Qt.AlignmentFlag.AlignRight)

        document.weightsChanged.connect(self.refresh)
        document.reset.connect(self.rebuild)
        document.columnsInserted.connect(self.rebuild)
        document.columnsRemoved.connect(self.rebuild)
        document.columnMoved.connect(self.rebuild)
        document.criterionChanged.connect(self.rebuild)
        self.rebuild()
        from meshdesk.ui.weight_bands import StabilityBands

        self.bands = StabilityBands(self)
        self.bands.update()

    def sizeHint(self) -> QSize:
        return QSize(PREFERRED_WIDTH, super().sizeHint().height())

    def rebuild(self, *_args: object) -> None:
        container = QWidget()
        grid = QGridLayout(container)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        grid.setColumnStretch(0, 1)
        self.rows.clear()
        gap = self.fontMetrics().height() // 2
        for i, criterion in enumerate(self.document.workbook.criteria):
            row = WeightRow(self, criterion.id, criterion.name, criterion.description)
            line = 3 * i
            grid.addWidget(row.label, line, 0)
            grid.addWidget(row.spin, line, 1)
            grid.addWidget(row.share, line, 2)
            grid.addWidget(row.slider, line + 1, 0, 1, 3)  # the slider gets the full width
            grid.setRowMinimumHeight(line + 2, gap)
            self.rows[criterion.id] = row
        if hasattr(self, "bands"):
            QTimer.singleShot(0, self, self.bands.update)  # new sliders: draw their bands
        grid.setRowStretch(3 * len(self.rows), 1)
        self.scroll_area.setWidget(container)
        # a scroll area does not pass its content's minimum width on, and without a sideways
        # scroll bar a narrower dock would cut the shares off: ask for room for the rows
        self.scroll_area.setMinimumWidth(
            container.minimumSizeHint().width()
            + self.scroll_area.verticalScrollBar().sizeHint().width()
            + 2 * self.scroll_area.frameWidth()
        )
        self.refresh()

    def refresh(self) -> None:
        weights = self.document.workbook.weights_by_id()
        if set(weights) != set(self.rows):
            self.rebuild()
            return
        total = sum(weights.values())
        for cid, value in weights.items():
            self.rows[cid].show_value(value, total)
        if abs(total - 100.0) < 1e-9:
            text, style = "Sum: 100 — shares equal the weights.", ""
        elif total <= 0:
            text, style = "Sum: 0 — give at least one criterion a weight.", SUM_ERROR
        else:
            shown = weight_text(total)
            text, style = f"Sum: {shown} — shares are weight ÷ {shown}.", SUM_WARNING
        if text != self.sum_label.text():
            self.sum_label.setText(text)
            self.sum_label.setStyleSheet(style)
        self.normalize_button.setEnabled(total > 0 and abs(total - 100.0) >= 1e-9)

    def set_weight(self, criterion_id: str, value: float, merge_key: Any) -> None:
        if abs(self.document.workbook.weight(criterion_id) - value) < 1e-12:
            return
        name = self.document.workbook.criterion(criterion_id).name
        self.document.push(
            SetWeights(((criterion_id, value),), f"Weight of {name}"), merge_key=merge_key
        )

    def normalize(self) -> None:
        command = normalize_weights(self.document.workbook)
        if command is not None:  # weights that add up to 0 have no proportions to keep
            self.document.push(command)

    def _preset_chosen(self, index: int) -> None:
        preset_id = self.preset_box.itemData(index)
        self.preset_box.setCurrentIndex(0)
        if preset_id is not None:
            self.apply_preset(preset_id)

    def apply_preset(self, preset_id: str) -> bool:
        preset = next(p for p in self.presets if p.id == preset_id)
        try:
            command = apply_preset(self.document.workbook, preset)
        except InputError as exc:
            self.document.problem.emit(str(exc))
            return False
        return self.document.push(command)
