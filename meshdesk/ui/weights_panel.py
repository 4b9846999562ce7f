"""The weights panel: a slider and a spin box per criterion, the running sum, Normalize,
and presets from data/presets.yaml. Every change is an undoable SetWeights; a slider drag
(or repeated changes of one weight) merges into one undo step."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from meshdesk.core.commands import SetWeights
from meshdesk.io.presets import Preset
from meshdesk.ui.document import Document

_drag_sessions = itertools.count(1)
SUM_WARNING = "color: #d35400; font-weight: bold;"
SUM_ERROR = "color: #c0392b; font-weight: bold;"


class WeightRow:
    def __init__(self, panel: WeightsPanel, criterion_id: str, name: str) -> None:
        self.panel = panel
        self.criterion_id = criterion_id
        self.label = QLabel(name.replace("&", "&&"))
        self.label.setToolTip(name)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setPageStep(5)
        self.slider.setAccessibleName(f"Weight of {name} (slider)")
        self.spin = QDoubleSpinBox()
        self.spin.setRange(0.0, 100.0)
        self.spin.setDecimals(1)
        self.spin.setSuffix(" %")
        self.spin.setKeyboardTracking(False)
        self.spin.setAccessibleName(f"Weight of {name}")
        self.label.setBuddy(self.spin)
        self.session = 0
        self.shown: float | None = None
        self.slider.sliderPressed.connect(self._start_drag)
        self.slider.valueChanged.connect(self._slider_moved)
        self.spin.valueChanged.connect(self._spin_changed)

    def _start_drag(self) -> None:
        self.session = next(_drag_sessions)

    def _slider_moved(self, value: int) -> None:
        self.panel.set_weight(
            self.criterion_id, float(value), ("weight-drag", self.criterion_id, self.session)
        )

    def _spin_changed(self, value: float) -> None:
        self.panel.set_weight(self.criterion_id, value, ("weight", self.criterion_id))

    def show_value(self, value: float) -> None:
        if value == self.shown:
            return  # 200 criteria: touch only the rows whose weight changed
        self.shown = value
        for widget in (self.slider, self.spin):
            widget.blockSignals(True)
        self.spin.setMaximum(max(100.0, value))
        self.spin.setValue(value)
        self.slider.setValue(round(min(value, 100.0)))
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
        preset_line = QHBoxLayout()
        self.preset_box = QComboBox()
        self.preset_box.setAccessibleName("Weight preset")
        self.preset_box.addItem("Apply a preset…", None)
        for preset in presets:
            self.preset_box.addItem(preset.name, preset.id)
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        self.preset_box.activated.connect(self._preset_chosen)
        preset_line.addWidget(self.preset_box, 1)
        layout.addLayout(preset_line)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(self.scroll_area, 1)

        bottom = QHBoxLayout()
        self.sum_label = QLabel()
        self.sum_label.setAccessibleName("Sum of weights")
        self.sum_label.setWordWrap(True)
        # a fixed height: the text changes on every slider step, and a label that resized
        # itself would re-lay out (and repaint) the whole window each time
        self.sum_label.setFixedHeight(self.sum_label.fontMetrics().lineSpacing() * 2 + 4)
        self.sum_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.normalize_button = QPushButton("&Normalize to 100")
        self.normalize_button.setToolTip("Scale every weight so that they add up to 100 %.")
        self.normalize_button.clicked.connect(self.normalize)
        bottom.addWidget(self.sum_label, 1)
        bottom.addWidget(self.normalize_button)
        layout.addLayout(bottom)

        document.weightsChanged.connect(self.refresh)
        document.reset.connect(self.rebuild)
        document.columnsInserted.connect(self.rebuild)
        document.columnsRemoved.connect(self.rebuild)
        document.columnMoved.connect(self.rebuild)
        document.criterionChanged.connect(self.rebuild)
        self.rebuild()

    def rebuild(self, *_args: object) -> None:
        container = QWidget()
        grid = QGridLayout(container)
        grid.setColumnStretch(1, 1)
        self.rows.clear()
        for i, criterion in enumerate(self.document.workbook.criteria):
            row = WeightRow(self, criterion.id, criterion.name)
            grid.addWidget(row.label, i, 0)
            grid.addWidget(row.slider, i, 1)
            grid.addWidget(row.spin, i, 2)
            self.rows[criterion.id] = row
        grid.setRowStretch(len(self.rows), 1)
        self.scroll_area.setWidget(container)
        self.refresh()

    def refresh(self) -> None:
        weights = self.document.workbook.weights_by_id()
        if set(weights) != set(self.rows):
            self.rebuild()
            return
        for cid, value in weights.items():
            self.rows[cid].show_value(value)
        total = sum(weights.values())
        if abs(total - 100.0) < 1e-9:
            text, style = "Sum: 100 %", ""
        elif total <= 0:
            text, style = "Sum: 0 % — give at least one criterion a weight.", SUM_ERROR
        else:
            text, style = f"Sum: {total:.1f} % — totals use each weight ÷ {total:.1f}.", SUM_WARNING
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
        weights = self.document.workbook.weights_by_id()
        total = sum(weights.values())
        if total <= 0:
            return
        scaled = {cid: w * 100.0 / total for cid, w in weights.items()}
        self.document.push(SetWeights.from_mapping(scaled, "Normalize weights to 100"))

    def _preset_chosen(self, index: int) -> None:
        preset_id = self.preset_box.itemData(index)
        self.preset_box.setCurrentIndex(0)
        if preset_id is not None:
            self.apply_preset(preset_id)

    def apply_preset(self, preset_id: str) -> bool:
        preset = next(p for p in self.presets if p.id == preset_id)
        weights = preset.weights_for(self.document.workbook.criterion_ids)
        if not weights:
            self.document.problem.emit(
                f"The preset “{preset.name}” names none of this workbook's criteria."
            )
            return False
        return self.document.push(SetWeights.from_mapping(weights, f"Preset: {preset.name}"))
