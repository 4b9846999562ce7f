"""The charts: weighted totals and the gaps between them as bars, and the leaders across
criteria as a radar.

Every label names the memo's font: reportlab's charts default to Helvetica, which would be the
one font of the memo not embedded. Names are plain strings drawn as they are (chart labels are
not markup), clipped so that a long name cannot push the chart off the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from meshdesk.core.numbers import fixed
from meshdesk.core.workbook import SCORE_MAX, SCORE_MIN
from meshdesk.render.pdf.fonts import BOLD, REGULAR
from meshdesk.render.pdf.markup import ELLIPSIS, plain
from meshdesk.render.pdf.styles import ACCENT, BAR_OTHER, INACTIVE_INK, INK, MUTED, RULE, SERIES

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
AXIS_STEPS: Final = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0)
AXIS_TICKS_MAX: Final = 8
AXIS_ROOM: Final = 0.25  # of the spread of the totals, shown below the lowest bar


@dataclass(frozen=True)
class Axis:
    """A value axis from `start` to `stop` with a tick every `step`."""

    start: float
    stop: float
    step: float

    @property
    def places(self) -> int:
        """Decimals a tick label needs: 0.25 needs two, 0.5 one, 2 none."""
        return next(p for p in range(3) if abs(self.step * 10**p - round(self.step * 10**p)) < 1e-9)

    @property
    def ticks(self) -> list[float]:
        count = round((self.stop - self.start) / self.step)
        return [self.start + k * self.step for k in range(count + 1)]

    def scale(self, value: float, length: float) -> float:
        return length * (value - self.start) / (self.stop - self.start)


def zoomed_axis(values: Sequence[float]) -> Axis:
    """An axis that starts below the lowest value by a quarter of the spread (so the shortest
    bar is still a bar) and ends at or above the highest, on a round step with at most
    AXIS_TICKS_MAX ticks, within the score scale."""
    low, high = min(values), max(values)
    spread = max(high - low, AXIS_STEPS[0])
    for step in AXIS_STEPS:
        start = max(SCORE_MIN, math.floor(round((low - AXIS_ROOM * spread) / step, 9)) * step)
        stop = min(SCORE_MAX, math.ceil(round(high / step, 9)) * step)
        if round((stop - start) / step) <= AXIS_TICKS_MAX:
            break
    return Axis(round(start, 6), round(max(stop, start + step), 6), step)


def gap_axis(gaps: Sequence[float]) -> Axis:
    """From 0 to the largest gap, rounded up to a round step (at least one step)."""
    largest = max([*gaps, 0.0])
    for step in AXIS_STEPS:
        stop = max(step, math.ceil(round(largest / step, 9)) * step)
        if round(stop / step) <= AXIS_TICKS_MAX:
            break
    return Axis(0.0, round(stop, 6), step)


def bar_chart(
    bars: Sequence[Bar],
    width: float,
    axis: Axis,
    *,
    labels: Sequence[str] | None = None,
) -> Drawing:
    """Horizontal bars from `axis.start` to each value, best at the top, each labelled with
    `labels` (default: the value to two decimals, by the memo's rounding rule). Drawn by
    hand: reportlab's bar chart grows its bars from zero, off the chart when the axis starts
    above it."""
    names = [plain(b.name, NAME_CHARS) for b in bars]
    shown = list(labels) if labels is not None else [fixed(b.total, 2) for b in bars]
    name_room = min(width * 0.38, max(stringWidth(n, REGULAR, LABEL_SIZE) for n in names) + 8)
    label_room = max(stringWidth(v, REGULAR, LABEL_SIZE - 0.5) for v in shown) + 8
    left, bottom = name_room, 18.0
    length = width - name_room - label_room
    plot = len(bars) * BAR_HEIGHT
    drawing = _drawing(width, plot + 30)
    grid = colors.HexColor("#e4e8ec")
    for tick in axis.ticks:
        x = left + axis.scale(tick, length)
        drawing.add(Line(x, bottom, x, bottom + plot, strokeColor=grid, strokeWidth=0.4))
        drawing.add(
            String(
                x,
                bottom - 9,
                fixed(tick, axis.places),
                fontName=REGULAR,
                fontSize=LABEL_SIZE - 0.5,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    drawing.add(Line(left, bottom, left + length, bottom, strokeColor=RULE, strokeWidth=0.6))
    drawing.add(Line(left, bottom, left, bottom + plot, strokeColor=RULE, strokeWidth=0.6))
    for index, (bar, name, label) in enumerate(zip(bars, names, shown, strict=True)):
        y = bottom + plot - (index + 1) * BAR_HEIGHT
        middle = y + BAR_HEIGHT / 2
        end = left + axis.scale(min(max(bar.total, axis.start), axis.stop), length)
        drawing.add(
            Rect(
                left,
                y + BAR_HEIGHT * 0.19,
                max(end - left, 0.0),
                BAR_HEIGHT * 0.62,
                fillColor=BAR_COLOURS[bar.kind],
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                left - 4,
                middle - LABEL_SIZE * 0.35,
                _fit(name, name_room - 8),
                fontName=REGULAR,
                fontSize=LABEL_SIZE,
                fillColor=INK,
                textAnchor="end",
            )
        )
        drawing.add(
            String(
                end + 3,
                middle - LABEL_SIZE * 0.35,
                label,
                fontName=REGULAR,
                fontSize=LABEL_SIZE - 0.5,
                fillColor=INK,
            )
        )
    return drawing


def _fit(value: str, room: float) -> str:
    """`value` cut with an ellipsis to `room` points of the label font."""
    if stringWidth(value, REGULAR, LABEL_SIZE) <= room:
        return value
    while value and stringWidth(value + ELLIPSIS, REGULAR, LABEL_SIZE) > room:
        value = value[:-1]
    return value.rstrip() + ELLIPSIS


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
        drawing.add(
            String(x + 2, y + 1, fixed(ring, 0), fontName=REGULAR, fontSize=6, fillColor=MUTED)
        )
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
