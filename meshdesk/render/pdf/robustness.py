"""The robustness part of section 6 (when the report carries an analysis): the plain sentence,
the stability ranges, the flips and score flips, a tornado of the lead, the rank acceptability,
and the settings that reproduce it. Figures and sentences come from the analysis and
meshdesk.report.robustness_words; this module lays them out.
"""

from __future__ import annotations

from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from meshdesk.core.analysis import Analysis
from meshdesk.core.numbers import fixed
from meshdesk.core.robustness import Stability
from meshdesk.render.pdf.markup import Markup, markup, text
from meshdesk.render.pdf.model import MemoData
from meshdesk.render.pdf.robustness_charts import (
    RankRow,
    TornadoRow,
    acceptability_chart,
    tornado_chart,
)
from meshdesk.render.pdf.styles import STYLES, cell, para, table, with_table
from meshdesk.report import robustness_words as words
from meshdesk.report.robustness import left_out, summary
from meshdesk.report.text import Sentence

STABILITY_SHOWN: Final = 15  # criteria in the stability table, at most
FLIPS_SHOWN: Final = 12
SCORE_FLIPS_SHOWN: Final = 10
TORNADO_SHOWN: Final = 12
ACCEPTABILITY_SHOWN: Final = 10
TABLE_GAP: Final = 6.0  # points below a table, before the next paragraph
RANKS_STACKED: Final = 3  # ranks drawn apart; the lower ones share a colour


def sentence(value: Sentence) -> Markup:
    return Markup(value.render(lambda v: str(text(v)), lambda v: f"<b>{v}</b>"))


def robustness_part(data: MemoData) -> list[Flowable]:
    analysis = data.analysis
    if analysis is None:
        return []
    wb = data.workbook
    units = "percent, as in section 3" if data.recommendation is not None else "the project’s units"
    out: list[Flowable] = []
    opening = [para(Markup("What would change the leader"), STYLES.h3)]
    opening.append(para(sentence(summary(analysis, wb)), STYLES.body))
    for extra in (words.scope(data), left_out(analysis, wb)):
        if extra is not None:
            opening.append(para(sentence(extra), STYLES.body))
    out += opening
    out += _stability(data, analysis, units)
    out += _flips(data, analysis)
    out += _score_flips(data, analysis)
    settle = words.settle(analysis, wb)
    if settle is not None:
        out.append(para(sentence(settle), STYLES.body))
    out += _tornado(data, analysis, units)
    out += _acceptability(data, analysis)
    out.append(para(Markup("Settings"), STYLES.h3))
    out.append(para(sentence(words.settings_sentence(analysis)), STYLES.body))
    out.append(
        para(
            markup(
                "The same figures for the same project: <i>{}</i> (add --answers FILE when the "
                "answers are not stored in the project).",
                words.command(analysis),
            ),
            STYLES.body,
        )
    )
    return out


def _nearness(analysis: Analysis, s: Stability) -> float:
    """How far the weight is from the nearer end of its range, relative to the weight."""
    weight = max(float(analysis.candidates.weights[s.criterion]), 1e-9)
    ends = [s.low] if s.low > 0 else []
    if s.high is not None:
        ends.append(s.high)
    return min((abs(e - weight) / weight for e in ends), default=float("inf"))


def _stability(data: MemoData, analysis: Analysis, units: str) -> list[Flowable]:
    wb = data.workbook
    ranges = list(analysis.stability)
    scope = ""
    if len(ranges) > STABILITY_SHOWN:
        nearest = sorted(ranges, key=lambda s: (_nearness(analysis, s), s.criterion))
        kept = {s.criterion for s in nearest[:STABILITY_SHOWN]}
        ranges = [s for s in ranges if s.criterion in kept]
        total = len(analysis.stability)
        scope = f" The {STABILITY_SHOWN} criteria nearest to an end of their range, of {total:,}."
    leader = words.leader_name(analysis, wb)
    rows: list[list[Any]] = [["Criterion", "Weight", "Leader first from", "up to"]]
    rows += [
        [
            cell(words.criterion_name(wb, s.criterion), data.frame_width - 90 * mm),
            words.weight(s.weight),
            words.weight(s.low),
            words.weight(s.high),
        ]
        for s in ranges
    ]
    lead = para(
        markup(
            "The weight of each criterion, the others unchanged, over which <b>{}</b> stays "
            "first (ties count as first), in {}.{}",
            leader,
            units,
            scope,
        ),
        STYLES.lead_in,
    )
    grid = table(
        rows,
        [None, 22 * mm, 32 * mm, 26 * mm],
        width=data.frame_width,
        extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")],
    )
    return with_table([lead], grid, len(rows), [Spacer(1, TABLE_GAP)])


def _flips(data: MemoData, analysis: Analysis) -> list[Flowable]:
    flips = words.flips_nearest_first(analysis)
    if not flips:
        return [
            para(
                Markup("No change of a single weight, however large, puts another tool first."),
                STYLES.body,
            )
        ]
    wb = data.workbook
    shown = flips[:FLIPS_SHOWN]
    rows: list[list[Any]] = [["Criterion", "If its weight", "Weight", "New leader"]]
    rows += [
        [
            cell(words.criterion_name(wb, f.criterion), 60 * mm),
            words.RISES[f.direction],
            words.weight(f.to),
            cell(words.tool_name(analysis, wb, f.new_leader), data.frame_width - 125 * mm),
        ]
        for f in shown
    ]
    scope = f" ({len(shown)} of {len(flips)})" if len(shown) < len(flips) else ""
    lead = para(
        markup(
            "Past a reachable end of a range another tool takes first place; nearest first{}:",
            scope,
        ),
        STYLES.lead_in,
    )
    grid = table(
        rows,
        [60 * mm, 28 * mm, 18 * mm, None],
        width=data.frame_width,
        extra=[("ALIGN", (2, 0), (2, -1), "RIGHT")],
    )
    return with_table([lead], grid, len(rows), [Spacer(1, TABLE_GAP)])


def _score_flips(data: MemoData, analysis: Analysis) -> list[Flowable]:
    flips = words.score_flips_smallest_first(analysis)
    if not flips:
        return [
            para(
                Markup("No change of a single score within 0–10 changes the leader."),
                STYLES.body,
            )
        ]
    wb = data.workbook
    shown = flips[:SCORE_FLIPS_SHOWN]
    rows: list[list[Any]] = [["Tool", "Criterion", "Score now", "Level at", "New leader"]]
    name_width = (data.frame_width - 40 * mm) / 3
    rows += [
        [
            cell(words.tool_name(analysis, wb, f.tool), name_width),
            cell(words.criterion_name(wb, f.criterion), name_width),
            words.score(f.before),
            words.score(f.after),
            cell(words.tool_name(analysis, wb, f.new_leader), name_width),
        ]
        for f in shown
    ]
    scope = f" ({len(shown)} of {len(flips)})" if len(shown) < len(flips) else ""
    lead = para(
        markup(
            "For the leader and each challenger, the smallest change of one score that changes "
            "the leader (level at that score, ahead past it); smallest first{}:",
            scope,
        ),
        STYLES.lead_in,
    )
    grid = table(
        rows,
        [name_width, name_width, 20 * mm, 20 * mm, None],
        width=data.frame_width,
        extra=[("ALIGN", (2, 0), (3, -1), "RIGHT")],
    )
    return with_table([lead], grid, len(rows), [Spacer(1, TABLE_GAP)])


def _tornado(data: MemoData, analysis: Analysis, units: str) -> list[Flowable]:
    lead = analysis.lead
    bars = analysis.tornado[:TORNADO_SHOWN]
    if lead is None or not bars:
        return []
    wb = data.workbook
    low, high = fixed(1 - analysis.swing, 2), fixed(1 + analysis.swing, 2)
    rows = [
        TornadoRow(words.criterion_name(wb, b.criterion), b.lead_at_low, b.lead_at_high)
        for b in bars
    ]
    chart = tornado_chart(rows, lead, data.frame_width, (f"weight ×{low}", f"weight ×{high}"))
    scope = (
        f" The {len(bars)} criteria that move it most, of {len(analysis.tornado):,}."
        if len(bars) < len(analysis.tornado)
        else ""
    )
    leader = words.leader_name(analysis, wb)
    caption = markup(
        "The lead of {} over the best other tool (dashed: {} now) with one criterion’s weight "
        "at ×{} (light) and ×{} (dark), every other weight unchanged; widest first. Left of the "
        "solid line at 0 another tool leads.{}",
        leader,
        words.lead_text(lead),
        low,
        high,
        scope,
    )
    return [
        KeepTogether(
            [
                para(markup("The lead with one weight at ×{} and ×{}", low, high), STYLES.h3),
                chart,
                para(caption, STYLES.caption),
            ]
        )
    ]


def _acceptability(data: MemoData, analysis: Analysis) -> list[Flowable]:
    found = analysis.acceptability
    if found is None:
        return []
    wb = data.workbook
    shares = found.shares
    count = shares.shape[0]
    order = sorted(
        range(count),
        key=lambda i: (
            *(-float(shares[i, r]) for r in range(min(RANKS_STACKED, shares.shape[1]))),
            i,
        ),
    )[:ACCEPTABILITY_SHOWN]
    rows = []
    for i in order:
        top = [float(shares[i, r]) if r < shares.shape[1] else 0.0 for r in range(RANKS_STACKED)]
        rows.append(RankRow(words.tool_name(analysis, wb, i), (*top, max(0.0, 1.0 - sum(top)))))
    keys = ["first", "second", "third", "lower"]
    chart = acceptability_chart(rows, data.frame_width, keys)
    scope = (
        f" The {len(order)} most often near the top, of {count:,} candidates."
        if len(order) < count
        else ""
    )
    caption = markup(
        "The share of {} variations of the weights and scores in which each tool takes each "
        "rank (ties share the rank, so a tool tied for first counts as first); the settings are "
        "below.{}",
        f"{found.samples:,}",
        scope,
    )
    return [
        KeepTogether(
            [
                para(Markup("How sure: rank acceptability"), STYLES.h3),
                chart,
                para(caption, STYLES.caption),
            ]
        )
    ]
