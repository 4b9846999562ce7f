"""The Analysis panel: why the leader leads, how sure that is, and what would change it.

One plain sentence on top (meshdesk.report.robustness), then four charts: the contribution of
each criterion to each candidate's total, the head-to-head of the first two, the tornado of
the lead, and rank acceptability as stacked bars. The deterministic part is recomputed on
every change of weights or scores (well under a millisecond for the bundled dataset); the
Monte Carlo runs off the GUI thread on a snapshot, is cancelled and restarted (after a short
pause) when the inputs change, and reports progress.

Charts are pyqtgraph (measured against matplotlib's QtAgg canvas: import 0.27 s against
0.5-0.6 s, redraw of a 10-bar chart 1.7 ms against 9-10 ms); this module, and with it
pyqtgraph, is imported only when the panel is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from meshdesk.core.acceptability import Acceptability, Settings
from meshdesk.core.analysis import Analysis, deterministic
from meshdesk.core.errors import MeshDeskError
from meshdesk.core.uncertainty import EvidenceScale, cell_uncertainty
from meshdesk.core.workbook import Workbook
from meshdesk.io.robustness import note_grades
from meshdesk.report.robustness import summary
from meshdesk.ui.tasks import BackgroundTasks, Job

RESTART_MS = 250  # after the last change, before a new Monte Carlo run starts
IMMEDIATE_CELLS = 20_000  # tools x criteria analysed on every change (about 1 ms)
PAUSE_MS = 150  # a bigger workbook is analysed once a drag pauses
KEYS = ("contributions", "duel", "tornado", "acceptability")  # the tabs, in order
PALETTE = ["#1f6fb2", "#e07b00", "#2b9348", "#c1121f", "#7b2cbf", "#6c757d", "#b08900", "#00838f"]


def _bar(x0: Any, y: Any, width: Any, color: str, name: str | None = None) -> pg.BarGraphItem:
    return pg.BarGraphItem(x0=x0, y=y, height=0.6, width=width, brush=color, pen=None, name=name)


LABEL_CHARS = 32  # a longer name is cut with "…" on the axis (a 200-character name hid the bars)


def _axis_labels(plot: pg.PlotItem, labels: list[str]) -> None:
    axis = plot.getAxis("left")
    short = [name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…" for name in labels]
    axis.setTicks([list(enumerate(short))])
    plot.invertY(True)  # the first label on top


def _single_shot(parent: QWidget, ms: int, slot: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


def uncertainty_box(parent: QWidget) -> QDoubleSpinBox:
    """±0 to ±10 for every score; its lowest value means each score's own evidence grade."""
    box = QDoubleSpinBox(parent)
    box.setRange(-0.05, 10.0)
    box.setSingleStep(0.05)
    box.setDecimals(2)
    box.setValue(-0.05)
    box.setSpecialValueText("each score's evidence")
    box.setPrefix("±")
    box.setAccessibleName("Score uncertainty for every score")
    box.setToolTip(
        "How far each score may be off in the Monte Carlo. At the lowest setting each score "
        "takes the uncertainty of its evidence grade (data/evidence.yaml); any other value "
        "is used for every score (0: the scores as they are)."
    )
    return box


class AnalysisPanel(QWidget):
    """Needs `workbook()` (the live workbook) and the evidence scale; call `changed()` when
    weights or scores change (the window connects the document's signals)."""

    def __init__(
        self,
        workbook: Callable[[], Workbook],
        scale: EvidenceScale,
        parent: QWidget | None = None,
        among: Callable[[], tuple[str, ...] | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("analysis-panel")
        self._workbook = workbook
        self._among = among  # the shortlist of the stored answers, or None: every choosable
        self._scale = scale
        self.settings = Settings()
        self.analysis: Analysis | None = None
        self.acceptability: Acceptability | None = None
        self._job: Job | None = None
        self.tasks = BackgroundTasks(self)
        self.sentence = QLabel(self)
        self.sentence.setWordWrap(True)
        self.sentence.setTextFormat(Qt.TextFormat.RichText)
        self.sentence.setObjectName("analysis-sentence")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setFormat("Monte Carlo: %p%")
        self.tabs = QTabWidget(self)
        self.plots: dict[str, pg.PlotWidget] = {}
        for key, title in (
            ("contributions", "Contributions"),
            ("duel", "Head to head"),
            ("tornado", "Tornado"),
            ("acceptability", "Rank acceptability"),
        ):
            plot = pg.PlotWidget(background="w")
            plot.setObjectName(f"analysis-{key}")
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            for side in ("bottom", "left"):  # leads of 0.3 read as 0.3, not as 300 (x0.001)
                plot.getPlotItem().getAxis(side).enableAutoSIPrefix(False)
            self.plots[key] = plot
            self.tabs.addTab(plot, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sentence)
        # one uncertainty for every score instead of each cell's evidence grade
        self.uncertainty = uncertainty_box(self)
        self.uncertainty.valueChanged.connect(self._override_changed)
        row = QHBoxLayout()
        row.addWidget(QLabel("Score uncertainty:", self))
        row.addWidget(self.uncertainty, 1)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)
        # what the colours mean, under the chart (a legend inside it covered the top bars)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setObjectName("analysis-legend")
        layout.addWidget(self.legend)
        self._stale: set[str] = set()
        self._contribution_bars: list[pg.BarGraphItem] = []
        self._contribution_shape: tuple[list[str], list[str]] | None = None
        self.tabs.currentChanged.connect(self._draw_shown)
        self._restart = _single_shot(self, RESTART_MS, self.start_monte_carlo)
        self._pending = _single_shot(self, PAUSE_MS, self.recompute)
        self.recompute()

    # --- inputs --------------------------------------------------------------------------
    def changed(self) -> None:
        """Weights or scores changed: redo the deterministic part now (after a short pause
        for a very big workbook, so a drag stays smooth), the Monte Carlo soon after."""
        wb = self._workbook()
        if len(wb.tools) * len(wb.criteria) > IMMEDIATE_CELLS:
            self._cancel_run()
            self._pending.start()
            return
        self.recompute()

    def _cancel_run(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._restart.stop()

    def recompute(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.acceptability = None
        try:
            self.analysis = deterministic(self._workbook(), among=self._among())
        except MeshDeskError as exc:
            self.analysis = None
            self.sentence.setText(escape(str(exc)))
            for plot in self.plots.values():
                plot.clear()
            self._contribution_shape = None
            self._restart.stop()
            return
        self._draw_deterministic()
        self._say()
        self.progress.setValue(0)
        self._restart.start()

    def start_monte_carlo(self) -> None:
        analysis = self.analysis
        if analysis is None:
            return
        c = analysis.candidates
        wb = self._workbook()
        uncertainty = cell_uncertainty(
            wb, c.rows, self._scale, note_grades(wb), self.score_override
        )
        scores, weights, settings = c.scores.copy(), c.weights.copy(), self.settings

        def work(progress: Callable[[float, str], None]) -> Acceptability:
            from meshdesk.core.acceptability import acceptability

            return acceptability(
                scores, weights, uncertainty, settings, lambda f: progress(f, "Monte Carlo")
            )

        def done(result: Acceptability) -> None:
            self._job = None
            if self.analysis is not analysis:
                return  # inputs changed meanwhile; a new run follows
            self.acceptability = result
            self.progress.setValue(100)
            self._stale.add("acceptability")
            self._draw_shown()
            self._say()

        def failed(exc: BaseException) -> None:
            self._job = None
            self.sentence.setText(escape(f"The Monte Carlo run failed: {exc}"))

        def moved(fraction: float, _text: str) -> None:
            self.progress.setValue(int(fraction * 100))

        self._job = self.tasks.start(work, done, failed, moved)

    @property
    def score_override(self) -> float | None:
        """One half-width for every score, or None: each score's evidence grade."""
        value = self.uncertainty.value()
        return None if value < 0 else float(value)

    def _override_changed(self, _value: float) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.acceptability = None
        self.progress.setValue(0)
        self._restart.start()

    def close_tasks(self) -> None:
        self._restart.stop()
        self._pending.stop()
        self.tasks.close()

    # --- drawing -------------------------------------------------------------------------
    def _say(self) -> None:
        if self.analysis is None:
            return
        shown = self.analysis
        if self.acceptability is not None and self.settings is not None:
            from dataclasses import replace

            shown = replace(shown, acceptability=self.acceptability, settings=self.settings)
        self.sentence.setText(
            summary(shown, self._workbook()).render(escape, lambda s: f"<b>{s}</b>")
        )

    def _names(self) -> tuple[list[str], list[str]]:
        wb = self._workbook()
        assert self.analysis is not None
        c = self.analysis.candidates
        tools = [wb.tool(i).name for i in c.ids]
        criteria = [wb.criterion(i).name for i in c.criteria]
        return tools, criteria

    def _draw_deterministic(self) -> None:
        """New deterministic figures: redraw the chart on view now, the others when shown (a
        drag redraws one chart, not four)."""
        self._stale = {"contributions", "duel", "tornado"}  # the last acceptability stays up
        self._draw_shown()

    def _legend_html(self, key: str) -> str:
        if self.analysis is None:
            return ""

        def swatch(colour: str, label: str) -> str:
            return f'<span style="color:{colour}">&#9632;</span>&nbsp;{escape(label)}'

        if key == "contributions":
            _tools, criteria = self._names()
            items = [swatch(PALETTE[j % len(PALETTE)], n) for j, n in enumerate(criteria)]
        elif key == "acceptability":
            ranks = min(len(self.analysis.candidates.ids), len(PALETTE))
            items = [swatch(PALETTE[r], f"rank {r + 1}") for r in range(ranks)]
        elif key == "duel":
            items = [
                swatch(PALETTE[0], "the leader ahead"),
                swatch(PALETTE[1], "the runner-up ahead"),
            ]
        else:
            items = [
                "black line: the lead now",
                '<span style="color:#c1121f">red dashed</span>: a tie',
            ]
        return " &nbsp; ".join(items)

    def _draw_shown(self, *_args: object) -> None:
        key = KEYS[self.tabs.currentIndex()]
        self.legend.setText(self._legend_html(key))
        if key not in self._stale or self.analysis is None:
            return
        if key == "acceptability":
            if self.acceptability is None:
                return
            self._draw_acceptability()
        else:
            getattr(self, f"_draw_{key}")()
        self._stale.discard(key)

    def _draw_contributions(self) -> None:
        assert self.analysis is not None
        a = self.analysis
        tools, criteria = self._names()
        order = np.argsort(-a.totals, kind="stable")
        # one stacked bar per candidate, best first
        plot = self.plots["contributions"].getPlotItem()
        parts = a.contributions.by_criterion[order]
        labels = [tools[i] for i in order]
        shape = (labels, criteria)
        if shape != self._contribution_shape:  # new tools, criteria or order: build anew
            plot.clear()
            self._contribution_bars = []
            for j in range(parts.shape[1]):
                colour = PALETTE[j % len(PALETTE)]
                bar = _bar(0.0, np.arange(len(order)), parts[:, j], colour, criteria[j])
                self._contribution_bars.append(bar)
                plot.addItem(bar)
            _axis_labels(plot, labels)
            plot.setLabel("bottom", "Weighted total, split by criterion")
            self._contribution_shape = shape
        # a weight drag moves the segments of the bars that are there (no rebuild)
        left = np.zeros(len(order))
        for j, bar in enumerate(self._contribution_bars):
            bar.setOpts(x0=left.copy(), width=parts[:, j])
            left += parts[:, j]

    def _draw_duel(self) -> None:
        """The leader's contribution minus the runner-up's, per criterion."""
        assert self.analysis is not None
        a = self.analysis
        tools, criteria = self._names()
        plot = self.plots["duel"].getPlotItem()
        plot.clear()
        duel = a.contributions.head_to_head
        if duel is not None and a.runner_up is not None:
            colors = [PALETTE[0] if v >= 0 else PALETTE[1] for v in duel]
            for j, value in enumerate(duel):
                plot.addItem(_bar(min(0.0, float(value)), [j], [abs(float(value))], colors[j]))
            _axis_labels(plot, criteria)
            plot.setLabel("bottom", f"{tools[a.leader]} minus {tools[a.runner_up]}")

    def _draw_tornado(self) -> None:
        """The lead with each weight at w(1 - swing) and w(1 + swing)."""
        assert self.analysis is not None
        a = self.analysis
        _tools, criteria = self._names()
        plot = self.plots["tornado"].getPlotItem()
        plot.clear()
        if a.lead is not None:
            for position, bar in enumerate(a.tornado):
                low, high = sorted((bar.lead_at_low, bar.lead_at_high))
                plot.addItem(_bar(low, [position], [max(high - low, 1e-9)], PALETTE[0]))
            plot.addItem(pg.InfiniteLine(a.lead, angle=90, pen=pg.mkPen("#333", width=1)))
            plot.addItem(
                pg.InfiniteLine(0.0, angle=90, pen=pg.mkPen("#c1121f", style=Qt.PenStyle.DashLine))
            )
            _axis_labels(plot, [criteria[b.criterion] for b in a.tornado])
            plot.setLabel("bottom", "Lead of the leader over the best other (line: now; red: tie)")

    def _draw_acceptability(self) -> None:
        assert self.analysis is not None
        assert self.acceptability is not None
        tools, _criteria = self._names()
        shares = self.acceptability.shares
        order = np.argsort(-shares[:, 0], kind="stable")
        plot = self.plots["acceptability"].getPlotItem()
        plot.clear()
        left = np.zeros(len(order))
        for rank in range(shares.shape[1]):
            width = shares[order, rank]
            colour = PALETTE[rank % len(PALETTE)]
            plot.addItem(
                _bar(left.copy(), np.arange(len(order)), width, colour, f"rank {rank + 1}")
            )
            left += width
        _axis_labels(plot, [tools[i] for i in order])
        plot.setLabel("bottom", f"Share of {self.acceptability.samples:,} variations, by rank")
