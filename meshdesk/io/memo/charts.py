"""The two charts: weighted totals as bars, and the top three across criteria as a radar.

Every label names the memo's font: reportlab's charts default to Helvetica, which would be the
one font of the memo not embedded. Names are plain strings drawn as they are (chart labels are
not markup), clipped so that a long name cannot push the chart off the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from meshdesk.core.workbook import SCORE_MAX, SCORE_MIN
from meshdesk.io.memo.fonts import BOLD, REGULAR
from meshdesk.io.memo.markup import plain
from meshdesk.io.memo.styles import ACCENT, BAR_OTHER, INACTIVE_INK, INK, MUTED, RULE, SERIES

LABEL_SIZE: Final = 7.5
BAR_HEIGHT: Final = 13.0
NAME_CHARS: Final = 40  # longest tool name shown on the bar chart
SPOKE_CHARS: Final = 24  # longest criterion name on the radar


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose initial font is the memo's (the renderer otherwise starts in Helvetica)."""
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR
    drawing.initialFontSize = LABEL_SIZE
    return drawing


@dataclass(frozen=True)
class Bar:
    name: str
    total: float
    kind: str  # "shortlisted", "inactive" or "other"


BAR_COLOURS: Final = {"shortlisted": ACCENT, "inactive": INACTIVE_INK, "other": BAR_OTHER}


def bar_chart(bars: Sequence[Bar], width: float) -> Drawing:
    """Horizontal bars of weighted totals on the full 0-10 scale, best at the top."""
    names = [plain(b.name, NAME_CHARS) for b in bars]
    name_room = min(width * 0.38, max(stringWidth(n, REGULAR, LABEL_SIZE) for n in names) + 8)
    height = len(bars) * BAR_HEIGHT + 30
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = name_room, 18
    chart.width, chart.height = width - name_room - 30, len(bars) * BAR_HEIGHT
    chart.data = [[b.total for b in bars]]
    chart.barWidth = BAR_HEIGHT * 0.62
    chart.groupSpacing = BAR_HEIGHT * 0.38
    chart.bars.strokeColor = None
    for i, bar in enumerate(bars):
        chart.bars[(0, i)].fillColor = BAR_COLOURS[bar.kind]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.reverseDirection = 1  # rank 1 on top
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = SCORE_MIN
    chart.valueAxis.valueMax = SCORE_MAX
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = LABEL_SIZE - 0.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e8ec")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barLabelFormat = "%.2f"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = LABEL_SIZE - 0.5
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


@dataclass(frozen=True)
class Series:
    name: str
    scores: tuple[float, ...]  # one per spoke, 0-10


def radar_chart(spokes: Sequence[str], series: Sequence[Series], width: float) -> Drawing:
    """Up to three tools across criteria on a fixed 0-10 scale (a polygon per tool)."""
    labels = [plain(s, SPOKE_CHARS) for s in spokes]
    label_room = max(stringWidth(label, REGULAR, LABEL_SIZE) for label in labels) + 6
    radius = min(105.0, (width - 2 * label_room) / 2 - 4)
    legend_height = 14 * len(series) + 6
    height = 2 * radius + 34 + legend_height
    drawing = _drawing(width, height)
    cx, cy = width / 2, legend_height + radius + 16
    count = len(spokes)
    angles = [math.pi / 2 - 2 * math.pi * k / count for k in range(count)]

    def point(angle: float, value: float) -> tuple[float, float]:
        r = radius * (value - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in (2, 4, 6, 8, 10):
        ring_points = [c for a in angles for c in point(a, ring)]
        drawing.add(
            Polygon(
                ring_points,
                strokeColor=RULE if ring < 10 else MUTED,
                strokeWidth=0.4,
                fillColor=None,
            )
        )
        x, y = point(math.pi / 2, ring)
        drawing.add(String(x + 2, y + 1, str(ring), fontName=REGULAR, fontSize=6, fillColor=MUTED))
    for angle, label in zip(angles, labels, strict=True):
        x, y = point(angle, SCORE_MAX)
        drawing.add(Line(cx, cy, x, y, strokeColor=RULE, strokeWidth=0.4))
        lx, ly = point(angle, SCORE_MAX * 1.07)
        cos_a = math.cos(angle)
        anchor = "middle" if abs(cos_a) < 0.2 else ("start" if cos_a > 0 else "end")
        drawing.add(
            String(
                lx,
                ly - LABEL_SIZE / 2 + (3 if math.sin(angle) > 0.9 else 0),
                label,
                fontName=REGULAR,
                fontSize=LABEL_SIZE,
                fillColor=INK,
                textAnchor=anchor,
            )
        )
    for index, item in enumerate(series):
        colour = SERIES[index % len(SERIES)]
        corners = [point(a, v) for a, v in zip(angles, item.scores, strict=True)]
        # outlines only: filled polygons hide one another where the tools score alike
        drawing.add(
            Polygon(
                [c for xy in corners for c in xy],
                strokeColor=colour,
                strokeWidth=1.3,
                fillColor=None,
            )
        )
        for x, y in corners:
            drawing.add(Circle(x, y, 1.8, fillColor=colour, strokeColor=None))
        key_y = legend_height - 14 * (index + 1)
        key_x = width / 2 - 90
        drawing.add(Rect(key_x, key_y, 14, 7, fillColor=colour, strokeColor=None))
        drawing.add(
            String(
                key_x + 20,
                key_y,
                plain(item.name, 60),
                fontName=BOLD if index == 0 else REGULAR,
                fontSize=LABEL_SIZE,
                fillColor=INK,
            )
        )
    return drawing
