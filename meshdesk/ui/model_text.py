"""What the grid shows in words: scores, totals and shares as text, the heat-map colour, and
the tooltips of cells (escaped: every name and note is user text)."""

from __future__ import annotations

import html
import math
from functools import lru_cache
from typing import Final

import numpy as np
from PySide6.QtGui import QColor

from meshdesk.core.facts import Lifecycle
from meshdesk.core.numbers import fixed
from meshdesk.core.scoring import Ranking
from meshdesk.core.workbook import Criterion, Tool
from meshdesk.ui.cell_evidence import CellGrades, evidence_line, evidence_scale
from meshdesk.ui.document import Document

TOTAL_PLACES: Final = 2
TOOLTIP_PLACES: Final = 4
MAX_PLACES: Final = 12
MAX_TWINS_LISTED: Final = 4


@lru_cache(maxsize=4096)  # scores repeat (8.0, 7.5...): the grid asks on every paint
def _score_text(value: float) -> str:
    return fixed(value, 1)


def format_score(value: float) -> str:
    """A score as the grid, the details and the exports show it (one place, half away from
    zero: 9.25 is 9.3 here as in a spreadsheet); "" for not scored."""
    return "" if math.isnan(value) else _score_text(value)


def format_total(value: float) -> str:
    return fixed(value, TOTAL_PLACES)


def format_share(weight: float, total: float) -> str:
    """A weight's share of all weights, as the header shows it: "17%"."""
    return f"{fixed(weight / total * 100 if total > 0 else 0.0, 0)}%"


def heat_color(value: float) -> QColor:
    """Red (0) through amber (5) to green (10), translucent so it works on light and dark."""
    t = max(0.0, min(1.0, value / 10.0))
    hue = 120.0 * t  # 0 = red, 120 = green
    color = QColor.fromHslF(hue / 360.0, 0.75, 0.5)
    color.setAlpha(70)
    return color


LIFECYCLE_COLORS = {
    "maintenance": QColor(230, 160, 30),
    "dormant": QColor(230, 140, 30),
    "archived": QColor(200, 60, 60),
    "end-of-support": QColor(200, 60, 60),
}


def score_tooltip(document: Document, row: int, col: int, value: float) -> str:
    wb = document.workbook
    tool, criterion = wb.tools[row], wb.criteria[col]
    head = f"<b>{html.escape(tool.name)}</b> — {html.escape(criterion.name)}: "
    head += format_score(value) if not math.isnan(value) else "<i>not scored</i>"
    source = document.source_score(row, col)
    if source is not None:
        head += (
            f"<br><i>Changed from the published score {format_score(source)}</i> "
            f"({html.escape(wb.catalogue.score_source_title)})"
        )
    scale = evidence_scale()
    evidence = None if scale is None else CellGrades(wb, scale).of(row, col)
    if evidence is not None:
        head += f"<br>{html.escape(evidence_line(evidence))}"
    note = wb.notes.get((tool.id, criterion.id))
    if note is None:
        return head
    parts = [head]
    if note.text:
        parts.append(html.escape(note.text).replace("\n", "<br>"))
    if note.source:
        parts.append(f"Source: {html.escape(note.source)}")
    if note.date:
        parts.append(f"Date: {html.escape(note.date)}")
    return "<br>".join(parts)


def name_tooltip(tool: Tool, highlighted: bool) -> str:
    text = f"<b>{html.escape(tool.name)}</b>"
    if tool.profile.description:
        text += f"<br>{html.escape(tool.profile.description)}"
    if highlighted:
        text += "<br><i>On the questionnaire's shortlist.</i>"
    return text


def lifecycle_tooltip(life: Lifecycle) -> str:
    text = f"<b>{html.escape(life.label)}</b>"
    if life.since:
        text += f" since {html.escape(life.since)}"
    if life.summary:
        text += f"<br>{html.escape(life.summary)}"
    if life.advice:
        text += f"<br><b>Instead:</b> {html.escape(life.advice)}"
    return text


def criterion_tooltip(criterion: Criterion, weight: float, total: float) -> str:
    share = fixed(weight / total * 100 if total > 0 else 0.0, 1)
    text = (
        f"<b>{html.escape(criterion.name)}</b> — weight {fixed(weight, 1)} ({share}% of the total)"
    )
    if criterion.description:
        text += f"<br>{html.escape(criterion.description)}"
    return text


def tie_twins(ranking: Ranking | None, row: int) -> tuple[list[int], int]:
    """The other ranked rows whose total shows the same as this one's but rank otherwise,
    and the decimal places that tell all of them apart (ranks compare unrounded totals)."""
    if ranking is None or not ranking.complete[row]:
        return [], TOTAL_PLACES
    totals, ranks = ranking.totals, ranking.ranks
    total, shown = float(totals[row]), format_total(float(totals[row]))
    near = np.flatnonzero(ranking.complete & (np.abs(totals - total) < 0.01))
    twins = [
        int(r)
        for r in near
        if r != row and ranks[r] != ranks[row] and format_total(float(totals[r])) == shown
    ]
    places = TOOLTIP_PLACES
    while places < MAX_PLACES and any(
        fixed(float(totals[r]), places) == fixed(total, places) for r in twins
    ):
        places += 1
    return twins, places


def tie_lines(ranking: Ranking, tools: list[Tool], row: int) -> list[str]:
    twins, places = tie_twins(ranking, row)
    if not twins:
        return []
    listed = sorted([row, *twins], key=lambda r: int(ranking.ranks[r]))[: MAX_TWINS_LISTED + 1]
    values = ", ".join(
        f"{html.escape(tools[r].name)} {fixed(float(ranking.totals[r]), places)} "
        f"(rank {int(ranking.ranks[r])})"
        for r in listed
    )
    shown = format_total(float(ranking.totals[row]))
    return [
        f"<i>Shown as {shown} like {len(twins)} other total{'s' if len(twins) > 1 else ''}, "
        f"but ranked apart:</i> the unrounded totals differ ({values}). Ranks compare "
        "the unrounded totals; only equal totals share a rank."
    ]


def total_tooltip(
    document: Document,
    row: int,
    complete: bool,
    total: float,
    discrepancy: tuple[float, float] | None,
) -> str:
    ranking = document.ranking
    assert ranking is not None
    lines = []
    if complete:
        _twins, places = tie_twins(ranking, row)
        lines.append(f"Weighted total: {fixed(total, places)}")
        lines.extend(tie_lines(ranking, document.workbook.tools, row))
    else:
        weighted = ranking.normalized > 0
        scored = ~np.isnan(document.workbook.scores[row])
        lines.append(
            f"Provisional: scored on {int((scored & weighted).sum())} of {int(weighted.sum())} "
            "weighted criteria, so not ranked."
        )
    if discrepancy is not None:
        published, check = discrepancy
        lines.append(
            f"<b>Published total {format_total(published)}</b> differs from "
            f"{format_total(check)}, the "
            "total the publication's own scores give under its own weights (your edits "
            "do not count here)."
        )
    return "<br>".join(lines)
