"""The robustness charts: a tornado of the lead (one weight moved at a time) and the rank
acceptability of the candidates as stacked bars.

Drawn with reportlab graphics like the memo's other charts (meshdesk.render.pdf.charts): every
label in the memo's font, names drawn as plain strings and clipped, numbers by the one rounding
rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from meshdesk.core.numbers import fixed
from meshdesk.render.pdf.charts import BAR_HEIGHT, LABEL_SIZE, NAME_CHARS, Axis, _drawing, _fit
from meshdesk.render.pdf.fonts import REGULAR
from meshdesk.render.pdf.markup import plain
from meshdesk.render.pdf.styles import ACCENT, BAR_OTHER, INK, MUTED, RULE, SERIES

LEAD_STEPS: Final = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0)
TICKS_MAX: Final = 8
LOWERED: Final = colors.HexColor("#9dbbd8")  # the lead with the weight lowered
RAISED: Final = ACCENT  # ... and raised
RANK_COLOURS: Final = (*SERIES, BAR_OTHER)  # rank 1, 2, 3, then every lower rank
GRID: Final = colors.HexColor("#e4e8ec")
LEGEND_ROW: Final = 13.0


@dataclass(frozen=True)
class TornadoRow:
    name: str  # the criterion
    at_low: float  # the lead with its weight lowered
    at_high: float  # ... raised


def lead_axis(values: Sequence[float]) -> Axis:
    """An axis around `values` and 0 on a round step, at most TICKS_MAX ticks apart."""
    low, high = min([*values, 0.0]), max([*values, 0.0])
    start = stop = 0.0
    step = LEAD_STEPS[-1]
    for step in LEAD_STEPS:
        start = math.floor(round(low / step, 9)) * step
        stop = math.ceil(round(high / step, 9)) * step
        if round((stop - start) / step) <= TICKS_MAX:
            break
    if stop <= start:
        stop = start + step
    return Axis(round(start, 6), round(stop, 6), step)


def _ticks(
    drawing: Drawing,
    axis: Axis,
    at: tuple[float, float, float, float],
    label: Callable[[float], str] | None = None,
) -> None:
    """Grid lines and tick labels for a plot at (left, bottom, length, height)."""
    left, bottom, length, plot = at
    for tick in axis.ticks:
        x = left + axis.scale(tick, length)
        drawing.add(Line(x, bottom, x, bottom + plot, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(
            String(
                x,
                bottom - 9,
                label(tick) if label else fixed(tick, axis.places),
                fontName=REGULAR,
                fontSize=LABEL_SIZE - 0.5,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    drawing.add(Line(left, bottom, left + length, bottom, strokeColor=RULE, strokeWidth=0.6))


def _name_room(names: Sequence[str], width: float) -> float:
    widest = max(float(stringWidth(n, REGULAR, LABEL_SIZE)) for n in names)
    return min(width * 0.34, widest + 8)


def _key(drawing: Drawing, x: float, y: float, colour: object, label: str) -> float:
    """A legend entry at (x, y); returns where the next one starts."""
    drawing.add(Rect(x, y, 10, 7, fillColor=colour, strokeColor=None))
    drawing.add(
        String(x + 14, y + 0.5, label, fontName=REGULAR, fontSize=LABEL_SIZE, fillColor=INK)
    )
    return x + 14 + float(stringWidth(label, REGULAR, LABEL_SIZE)) + 14


def tornado_chart(
    rows: Sequence[TornadoRow], lead: float, width: float, keys: tuple[str, str]
) -> Drawing:
    """One bar per criterion (widest first, as given) from the lead with its weight lowered to
    the lead with it raised, each half drawn from the lead now; a dashed line at the lead now
    and a solid one at 0, where the leader stops leading. `keys` name the two ends."""
    names = [plain(r.name, NAME_CHARS) for r in rows]
    axis = lead_axis([lead, *(v for r in rows for v in (r.at_low, r.at_high))])
    name_room = _name_room(names, width)
    left, bottom, right_room = name_room, 18.0 + LEGEND_ROW, 12.0
    length = width - name_room - right_room
    plot = len(rows) * BAR_HEIGHT
    drawing = _drawing(width, plot + bottom + 24)
    _ticks(drawing, axis, (left, bottom, length, plot))

    def x_of(value: float) -> float:
        return left + axis.scale(value, length)

    now = x_of(lead)
    for index, (row, name) in enumerate(zip(rows, names, strict=True)):
        y = bottom + plot - (index + 1) * BAR_HEIGHT
        for value, colour in ((row.at_low, LOWERED), (row.at_high, RAISED)):
            end = x_of(value)
            drawing.add(
                Rect(
                    min(now, end),
                    y + BAR_HEIGHT * 0.19,
                    abs(end - now),
                    BAR_HEIGHT * 0.62,
                    fillColor=colour,
                    strokeColor=None,
                )
            )
        drawing.add(
            String(
                left - 4,
                y + BAR_HEIGHT / 2 - LABEL_SIZE * 0.35,
                _fit(name, name_room - 8),
                fontName=REGULAR,
                fontSize=LABEL_SIZE,
                fillColor=INK,
                textAnchor="end",
            )
        )
    zero = x_of(0.0)
    drawing.add(Line(zero, bottom, zero, bottom + plot + 4, strokeColor=INK, strokeWidth=1.0))
    drawing.add(
        Line(
            now,
            bottom,
            now,
            bottom + plot + 4,
            strokeColor=INK,
            strokeWidth=0.8,
            strokeDashArray=[2, 2],
        )
    )
    label = f"lead now {fixed(lead, 2)}"
    anchor = "start" if now < left + length / 2 else "end"
    drawing.add(
        String(
            now + (3 if anchor == "start" else -3),
            bottom + plot + 6,
            label,
            fontName=REGULAR,
            fontSize=LABEL_SIZE,
            fillColor=INK,
            textAnchor=anchor,
        )
    )
    x = left
    for colour, key in zip((LOWERED, RAISED), keys, strict=True):
        x = _key(drawing, x, 2.0, colour, key)
    return drawing


@dataclass(frozen=True)
class RankRow:
    name: str
    shares: tuple[float, ...]  # of rank 1, 2, 3 and every lower one; adding up to 1


def acceptability_chart(rows: Sequence[RankRow], width: float, keys: Sequence[str]) -> Drawing:
    """One stacked bar per candidate (as given, best first): the share of the samples in
    which it takes each rank, labelled with its share of first place."""
    names = [plain(r.name, NAME_CHARS) for r in rows]
    labels = [f"{fixed(r.shares[0] * 100.0, 0)}% first" for r in rows]
    name_room = _name_room(names, width)
    label_room = max(stringWidth(v, REGULAR, LABEL_SIZE - 0.5) for v in labels) + 8
    left, bottom = name_room, 18.0 + LEGEND_ROW
    length = width - name_room - label_room
    plot = len(rows) * BAR_HEIGHT
    drawing = _drawing(width, plot + bottom + 6)
    _ticks(
        drawing,
        Axis(0.0, 1.0, 0.25),
        (left, bottom, length, plot),
        lambda tick: f"{fixed(tick * 100.0, 0)}%",
    )
    for index, (row, name, label) in enumerate(zip(rows, names, labels, strict=True)):
        y = bottom + plot - (index + 1) * BAR_HEIGHT
        x = left
        for value, colour in zip(row.shares, RANK_COLOURS, strict=False):
            size = length * max(0.0, value)
            if size > 0:
                drawing.add(
                    Rect(
                        x,
                        y + BAR_HEIGHT * 0.19,
                        size,
                        BAR_HEIGHT * 0.62,
                        fillColor=colour,
                        strokeColor=None,
                    )
                )
            x += size
        middle = y + BAR_HEIGHT / 2 - LABEL_SIZE * 0.35
        drawing.add(
            String(
                left - 4,
                middle,
                _fit(name, name_room - 8),
                fontName=REGULAR,
                fontSize=LABEL_SIZE,
                fillColor=INK,
                textAnchor="end",
            )
        )
        drawing.add(
            String(
                left + length + 3,
                middle,
                label,
                fontName=REGULAR,
                fontSize=LABEL_SIZE - 0.5,
                fillColor=INK,
            )
        )
    x = left
    for colour, key in zip(RANK_COLOURS, keys, strict=False):
        x = _key(drawing, x, 2.0, colour, key)
    return drawing
