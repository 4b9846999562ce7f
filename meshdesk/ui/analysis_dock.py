"""The window's Analysis dock: created hidden and empty, filled with the Analysis panel (and
pyqtgraph imported) only when it is first shown, so start-up does not grow; remembered with
the other docks. The panel follows every change of weights and scores while it is visible,
and catches up when it is shown again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel

from meshdesk.core.errors import MeshDeskError
from meshdesk.ui.window_base import WindowBase

if TYPE_CHECKING:
    from meshdesk.ui.analysis_panel import AnalysisPanel


ANALYSIS_MIN_WIDTH = 420
ANALYSIS_SHARE = 0.32  # of the window's width, on the panel's first showing


class AnalysisDock(WindowBase):
    analysis_panel: AnalysisPanel | None = None

    def _build_analysis_dock(self) -> None:
        self.analysis_dock = QDockWidget("Analysis", self)
        self.analysis_dock.setObjectName("analysis-dock")
        self.analysis_dock.setWidget(QLabel("Loading the analysis…"))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.analysis_dock)
        self.analysis_dock.hide()
        self.act_analysis = self.analysis_dock.toggleViewAction()
        self.act_analysis.setText("&Analysis Panel")
        self.act_analysis.setShortcut(QKeySequence("F7"))
        self.act_analysis.setStatusTip(
            "Why the leader leads, how sure that is, and what would change it"
        )
        self.analysis_dock.visibilityChanged.connect(self._analysis_visibility)
        self.document.rankingChanged.connect(self._analysis_inputs_changed)
        self.document.reset.connect(self._analysis_inputs_changed)
        self._analysis_stale = True

    def show_analysis(self, shown: bool = True) -> None:
        self.analysis_dock.setVisible(shown)
        if shown:
            self._ensure_analysis_panel()

    def _analysis_visibility(self, visible: bool) -> None:
        if visible:
            QTimer.singleShot(0, self, self._ensure_analysis_panel)  # after the window paints

    def _ensure_analysis_panel(self) -> None:
        if self.analysis_panel is None:
            from meshdesk.io.evidence import load_evidence
            from meshdesk.ui.analysis_panel import AnalysisPanel

            try:
                scale = load_evidence()
            except MeshDeskError as exc:
                self.analysis_dock.setWidget(QLabel(f"The analysis is unavailable: {exc}"))
                return
            self.analysis_panel = AnalysisPanel(
                lambda: self.document.workbook, scale, self, among=lambda: self.choosable
            )
            self.analysis_dock.setWidget(self.analysis_panel)
            self._analysis_stale = False
            if self.analysis_dock.width() < ANALYSIS_MIN_WIDTH:  # room to read the charts
                width = max(ANALYSIS_MIN_WIDTH, int(self.width() * ANALYSIS_SHARE))
                self.resizeDocks([self.analysis_dock], [width], Qt.Orientation.Horizontal)
        elif self._analysis_stale:
            self._analysis_stale = False
            self.analysis_panel.changed()

    def choosable_changed(self) -> None:
        self.weights.bands.among = self.choosable
        self.weights.bands.schedule()
        self._analysis_inputs_changed()

    def _analysis_inputs_changed(self) -> None:
        if self.analysis_panel is not None and self.analysis_dock.isVisible():
            self.analysis_panel.changed()
        else:
            self._analysis_stale = True

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted() and self.analysis_panel is not None:
            self.analysis_panel.close_tasks()
