"""The margin (section 6) and the appendix with every score."""

from __future__ import annotations

import math
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from meshdesk.core.numbers import fixed
from meshdesk.render.pdf.grid import Blocks, Column, Part
from meshdesk.render.pdf.markup import NAME_LIMIT, Markup, markup, plain, text
from meshdesk.render.pdf.model import MemoData
from meshdesk.render.pdf.prose import column_places, points, signed
from meshdesk.render.pdf.robustness import robustness_part
from meshdesk.render.pdf.styles import (
    STYLES,
    cell,
    para,
    section_heading,
    table,
    with_table,
)

SWAPS_SHOWN: Final = 5
APPENDIX_NAME_CHARS: Final = 60
SCORE_COLUMN: Final = 34.0  # narrowest score column of the appendix, in points
APPENDIX_ROOM: Final = 50 * mm  # less room left on the page: the appendix starts a new one


# --- 6. Margin -----------------------------------------------------------------------------------


def margin_section(data: MemoData) -> list[Flowable]:
    """Section 6: the margin of the lead; with an analysis, how robust the lead is."""
    if data.analysis is None:
        return [section_heading("6. Margin of the lead"), *_margin(data)]
    return [
        section_heading("6. How robust the lead is"),
        para(Markup("The margin between the first two"), STYLES.h3),
        *_margin(data),
        *robustness_part(data),
    ]


def _margin(data: MemoData) -> list[Flowable]:
    out: list[Flowable] = []
    found = data.margin
    if found is None:
        out.append(
            para(
                Markup(
                    "Fewer than two tools have a score on every weighted criterion, so there is no "
                    "lead to measure."
                ),
                STYLES.body,
            )
        )
        return out
    if data.margin_from_ranking and data.recommendation is not None:
        out.append(
            para(
                Markup(
                    "The shortlist has fewer than two platforms, so the margin is measured between "
                    "the two highest-ranked tools of the whole workbook, whatever kept them off "
                    "the shortlist."
                ),
                STYLES.body,
            )
        )
    first = text(data.tool(found.first).name, NAME_LIMIT)
    second = text(data.tool(found.second).name, NAME_LIMIT)
    wb = data.workbook
    if found.tied:
        out.append(
            para(
                markup(
                    "{} and {} are tied at {}: the numbers do not separate them, and any "
                    "change of weights that favours one breaks the tie.",
                    first,
                    second,
                    data.total_text(found.first_total),
                ),
                STYLES.body,
            )
        )
        return out
    out.append(
        para(
            markup(
                "<b>{}</b> leads <b>{}</b> by {} on the 0–10 scale ({} against {}).",
                first,
                second,
                data.total_text(found.lead),
                data.total_text(found.first_total),
                data.total_text(found.second_total),
            ),
            STYLES.body,
        )
    )
    swap = found.smallest
    if swap is None:
        out.append(
            para(
                markup(
                    "No change of a single weight, however large, brings {} level with {}: only "
                    "moving several weights at once could swap them.",
                    second,
                    first,
                ),
                STYLES.body,
            )
        )
        return out
    verb = "raise" if swap.change > 0 else "lower"
    units = "percent, as in section 3" if data.recommendation is not None else "the project’s units"
    out.append(
        para(
            markup(
                "The smallest change of a single weight that would bring {} level with {} is to "
                "{} <b>{}</b> from {} to {} ({} points), every other weight unchanged. Beyond "
                "that point {} would lead. Weights are in {}; the totals are rescaled as usual.",
                second,
                first,
                verb,
                wb.criteria[swap.criterion].name,
                points(swap.before),
                points(swap.after),
                signed(swap.change),
                second,
                units,
            ),
            STYLES.body,
        )
    )
    if len(found.swaps) > 1:
        shown = found.swaps[:SWAPS_SHOWN]
        rows: list[list[Any]] = [["Criterion", "Weight now", "Level at", "Change"]]
        places = column_places([v for s in shown for v in (s.before, s.after)])
        rows += [
            [
                cell(wb.criteria[s.criterion].name, data.frame_width - 72 * mm),
                fixed(s.before, places),
                fixed(s.after, places),
                signed(s.change),
            ]
            for s in shown
        ]
        lead = para(
            markup(
                "The single-weight changes that would swap the two, smallest first ({} of {}):",
                len(shown),
                len(found.swaps),
            ),
            STYLES.lead_in,
        )
        grid = table(
            rows,
            [None, 25 * mm, 25 * mm, 22 * mm],
            width=data.frame_width,
            extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")],
        )
        out += with_table([lead], grid, len(rows))
    out.append(
        para(
            Markup(
                "How to read this: if reasonable reviewers could disagree about a weight by more "
                "than the change shown, the numbers alone do not settle the order of these two, "
                "and a pilot should."
            ),
            STYLES.body,
        )
    )
    return out


# --- Appendix C: every score ---------------------------------------------------------------------


def score_appendix(data: MemoData, width: float, height: float) -> list[Flowable]:
    """Every tool with every score: tools in rank order, criteria in parts as wide as the
    page, laid out in page-aligned blocks (`grid.Blocks`): the tools that fit on a page on
    every part of the criteria, then the next ones, so the scores of one tool sit on
    consecutive pages. `height` is the frame's, for the rows a page holds."""
    wb = data.workbook
    heading = section_heading("Appendix C. Every tool with every score")
    intro = para(
        Markup(
            "Tools in rank order (incomplete ones last, unranked), criteria in the order of "
            "section 3. Red rows: no longer actively maintained. A dash: not scored."
        ),
        STYLES.lead_in,
    )
    fixed_columns = [
        Column("Rank", 27, right=True),
        Column("Tool", 118),
        Column("Total", 32, right=True),
    ]
    room = width - sum(c.width for c in fixed_columns)
    per_chunk = max(1, int(room // SCORE_COLUMN))
    score_width = room / per_chunk
    chunks = [
        list(range(start, min(start + per_chunk, len(wb.criteria))))
        for start in range(0, len(wb.criteria), per_chunk)
    ]
    titles = [plain(c.name, 60) for c in wb.criteria]
    order = list(data.order)
    rank = [str(data.rank(i)) if data.ranking.complete[i] else "–" for i in order]
    names = [plain(data.tool(i).name, APPENDIX_NAME_CHARS) for i in order]
    totals = [data.total_text(data.total(i)) if data.ranking.complete[i] else "–" for i in order]
    inactive = [not data.tool(i).is_active for i in order]
    shown: dict[float, str] = {}  # a few hundred distinct scores among 200,000

    def score(value: float) -> str:
        found = shown.get(value)
        if found is None:
            found = shown[value] = "–" if math.isnan(value) else data.score_text(value)
        return found

    text_scores = [[score(v) for v in row] for row in wb.scores[order].tolist()]
    parts = [
        Part(
            f"criteria {chunk[0] + 1:,}–{chunk[-1] + 1:,} of {len(wb.criteria):,}",
            (*fixed_columns, *(Column(titles[j], score_width, True, True) for j in chunk)),
            tuple(
                (rank[k], names[k], totals[k], *(text_scores[k][j] for j in chunk))
                for k in range(len(order))
            ),
        )
        for chunk in chunks
    ]
    return [
        CondPageBreak(APPENDIX_ROOM),
        heading,
        intro,
        Blocks("Tools", parts, inactive, height),
    ]
