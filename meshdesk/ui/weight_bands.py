"""The stability range drawn on each weight's slider: the weights over which the current
leader stays first, the others as they are (meshdesk.core.robustness). Redrawn after every
change of weights or scores: at once for a workbook of ordinary size, after a short pause
for a very big one, so a drag stays smooth."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer

from meshdesk.core.errors import ScoringError
from meshdesk.core.numbers import fixed
from meshdesk.core.robustness import candidates, leader_of, stability, totals

if TYPE_CHECKING:
    from meshdesk.ui.weights_panel import WeightsPanel

IMMEDIATE_CELLS: Final = 20_000  # tools x criteria computed on every change (about 2 ms)
PAUSE_MS: Final = 150


class StabilityBands(QObject):
    def __init__(self, panel: WeightsPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.leader: str | None = None
        self.among: tuple[str, ...] | None = None  # the shortlist of the stored answers
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.update)
        document = panel.document
        document.rankingChanged.connect(self.schedule)
        document.reset.connect(self.schedule)

    def schedule(self, *_args: object) -> None:
        wb = self.panel.document.workbook
        if len(wb.tools) * len(wb.criteria) <= IMMEDIATE_CELLS:
            self.update()
        else:
            self._timer.start()

    def update(self) -> None:
        wb = self.panel.document.workbook
        try:
            c = candidates(wb, self.among)
            ranges, _flips = stability(c)
        except ScoringError:
            self.leader = None
            for each in self.panel.rows.values():
                each.slider.set_band(None)
            return
        self.leader = wb.tool(c.ids[leader_of(totals(c.scores, c.weights))]).name
        for found in ranges:
            row = self.panel.rows.get(c.criteria[found.criterion])
            if row is None:
                continue
            row.slider.set_band((found.low, found.high))
            reach = "upwards" if found.high is None else f"to {fixed(found.high, 1)}"
            row.slider.setToolTip(
                f"{row.slider_help}\nGreen band: {self.leader} stays first from "
                f"{fixed(found.low, 1)} {reach}, the other weights as they are."
            )
