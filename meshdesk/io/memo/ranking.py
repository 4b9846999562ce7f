"""Ranking, charts and margin (sections 4-6), and the appendix with every score."""

from __future__ import annotations

import math
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak

from meshdesk.io.memo.charts import Bar, Series, bar_chart, radar_chart
from meshdesk.io.memo.grid import Column, RotatedLabel, TextGrid
from meshdesk.io.memo.markup import NAME_LIMIT, Markup, join, markup, plain, text
from meshdesk.io.memo.model import RADAR_MAX_SPOKES, RADAR_MIN_SPOKES, MemoData
from meshdesk.io.memo.prose import column_format, points, signed
from meshdesk.io.memo.styles import (
    INACTIVE_BG,
    INACTIVE_INK,
    SHORTLIST_BG,
    STYLES,
    cell,
    para,
    section_heading,
    table,
    with_table,
)

SWAPS_SHOWN: Final = 5
CHANGES_LISTED: Final = 30
APPENDIX_NAME_CHARS: Final = 60
SCORE_COLUMN: Final = 34.0  # narrowest score column of the appendix, in points
HEADING_ROOM: Final = 80.0  # the appendix heading and its sentence, in points


def _lifecycle(data: MemoData, row: int) -> str:
    tool = data.tool(row)
    return tool.facts.lifecycle.label if tool.facts is not None else "Not recorded"


# --- 4. Ranking ----------------------------------------------------------------------------------


def ranking_section(data: MemoData) -> list[Flowable]:
    wb = data.workbook
    shown = data.main_table_rows
    heading = section_heading("4. Ranking")
    intro = (
        "Every tool, ranked by its weighted total under the weights of section 3. Totals run "
        "from 0 to 10, shown to two decimals; equal totals share a rank."
    )
    if len(shown) < len(data.order):
        intro += (
            f" The table lists the {len(shown)} highest-ranked of {len(data.order):,} tools; "
            "appendix C lists every tool with every score."
        )
    elif not data.scores_in_main_table:
        intro += (
            f" With {len(wb.criteria):,} criteria the scores do not fit beside the totals: "
            "appendix C lists every score."
        )
    intro_para = para(Markup(intro), STYLES.body)
    footnotes = {d.tool_id: n for n, d in enumerate(data.discrepancies, 1)}
    columns = list(range(len(wb.criteria))) if data.scores_in_main_table else []
    header: list[Any] = [para(Markup("Rank"), STYLES.head_right), para(Markup("Tool"), STYLES.head)]
    header += [RotatedLabel(plain(wb.criteria[j].name, 40)) for j in columns]
    header += [para(Markup("Total"), STYLES.head_right), para(Markup("Lifecycle"), STYLES.head)]
    rows: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = [("ALIGN", (0, 1), (0, -1), "RIGHT")]
    if columns:
        extra.append(("ALIGN", (2, 1), (1 + len(columns), -1), "RIGHT"))
    for line, row in enumerate(shown, 1):
        tool = data.tool(row)
        complete = bool(data.ranking.complete[row])
        name = text(tool.name, NAME_LIMIT)
        if row in data.shortlisted:
            name = markup("<b>{}</b>", name)
            extra.append(("BACKGROUND", (0, line), (-1, line), SHORTLIST_BG))
        if not tool.is_active:
            extra.append(("BACKGROUND", (0, line), (-1, line), INACTIVE_BG))
            extra.append(("TEXTCOLOR", (0, line), (-1, line), INACTIVE_INK))
        if complete:
            total = markup("{:.2f}", data.total(row))
        else:
            provisional = float(data.ranking.provisional[row])
            total = (
                Markup("<i>incomplete</i>")
                if math.isnan(provisional)
                else markup("<i>({:.2f})</i>", provisional)
            )
        if tool.id in footnotes:
            total = markup("{}<super>{}</super>", total, footnotes[tool.id])
        lifecycle = markup("{}", _lifecycle(data, row))
        if not complete:
            lifecycle = markup("{}; not ranked", lifecycle)
        rows.append(
            [
                str(data.rank(row)) if complete else "–",
                para(name, STYLES.cell),
                *(data.score_text(float(wb.scores[row, j])) for j in columns),
                para(total, STYLES.cell_right),
                para(lifecycle, STYLES.cell),
            ]
        )
    widths: list[float | None] = [11 * mm, None, *([10 * mm] * len(columns)), 15 * mm, 25 * mm]
    grid = table(rows, widths, width=data.frame_width, extra=extra)
    out = with_table([heading, intro_para], grid, len(rows), [para(_legend(data), STYLES.caption)])
    footnote_lines = [
        para(
            markup(
                "<super>{}</super> The publication printed {:.2f} for {}; its own scores "
                "under its own weights give {:.2f} ({} points).",
                number,
                found.published,
                text(found.name, NAME_LIMIT),
                found.computed,
                signed(found.difference, 2),
            ),
            STYLES.small,
        )
        for number, found in enumerate(data.discrepancies, 1)
    ]
    if footnote_lines:  # together, so that none is left alone at the top of a page
        out.append(KeepTogether(footnote_lines))
    out += _changed_from_source(data)
    return out


def _changed_from_source(data: MemoData) -> list[Flowable]:
    """The scores this project changed from the publication's: the author's own judgement,
    stated as such (never mixed with the publication's own arithmetic above)."""
    changed = data.changed_from_source
    if not changed:
        return []
    wb = data.workbook
    listed = [
        markup(
            "{} / {}: {} to {}",
            text(wb.tool(c.tool_id).name, NAME_LIMIT),
            text(wb.criterion(c.criterion_id).name, NAME_LIMIT),
            points(c.source),
            "not scored" if c.current is None else points(c.current),
        )
        for c in changed[:CHANGES_LISTED]
    ]
    more = len(changed) - CHANGES_LISTED
    tail = markup("; and {} more", more) if more > 0 else Markup("")
    return [
        para(Markup("Changed from the publication"), STYLES.h3),
        para(
            markup(
                "{} of this project differ from those of {}, the source of the scores: {}{}. "
                "The totals above use the project’s scores.",
                "One score" if len(changed) == 1 else f"{len(changed):,} scores",
                wb.catalogue.score_source_title,
                join("; ", listed),
                tail,
            ),
            STYLES.body,
        ),
    ]


def _legend(data: MemoData) -> Markup:
    parts = []
    if data.shortlisted:
        parts.append("Green rows and bold names: shortlisted.")
    if any(not data.tool(i).is_active for i in data.main_table_rows):
        parts.append("Red rows: no longer actively maintained, never shortlisted.")
    if data.incomplete:
        parts.append(
            "A total in brackets is provisional: the tool lacks a score on a weighted criterion, "
            "so the total covers only the criteria it is scored on, and it is not ranked."
        )
    if data.scores_in_main_table:
        parts.append("A dash: not scored.")
    return Markup(" ".join(parts))


# --- 5. Charts -----------------------------------------------------------------------------------


def charts_section(data: MemoData, width: float) -> list[Flowable]:
    heading = section_heading("5. Charts")
    bars = data.bar_rows()
    if not bars:
        return [
            heading,
            para(
                Markup(
                    "No tool has a score on every weighted criterion, so there is nothing to chart."
                ),
                STYLES.body,
            ),
        ]
    chart = bar_chart(
        [
            Bar(
                data.tool(i).name,
                data.total(i),
                "shortlisted"
                if i in data.shortlisted
                else ("other" if data.tool(i).is_active else "inactive"),
            )
            for i in bars
        ],
        width,
    )
    ranked = len(data.ranked)
    scope = (
        f"The {len(bars)} highest-ranked of {ranked:,} ranked tools." if len(bars) < ranked else ""
    )
    colours = "Blue: shortlisted. " if data.shortlisted else ""
    out: list[Flowable] = [
        KeepTogether(
            [
                heading,
                para(Markup("Weighted totals"), STYLES.h3),
                chart,
                para(
                    Markup(
                        f"Weighted totals on the full 0–10 scale, best at the top. {colours}"
                        f"Grey: other tools. Red: no longer actively maintained. {scope}"
                    ),
                    STYLES.caption,
                ),
            ]
        )
    ]
    out += _radar(data, width)
    return out


def _radar(data: MemoData, width: float) -> list[Flowable]:
    wb = data.workbook
    rows = data.radar_rows()
    title = para(
        Markup("The leaders across criteria" if len(rows) > 1 else "The leader across criteria"),
        STYLES.h3,
    )
    spokes = data.heaviest_criteria(RADAR_MAX_SPOKES)
    if len(spokes) < RADAR_MIN_SPOKES:
        return [
            title,
            para(
                Markup(
                    "A radar chart needs at least three weighted criteria; the table of section 4 "
                    "shows the scores."
                ),
                STYLES.body,
            ),
        ]
    series = [
        Series(data.tool(i).name, tuple(float(wb.scores[i, j]) for j in spokes)) for i in rows
    ]
    who = "shortlisted platforms" if data.shortlisted else "highest-ranked tools"
    scope = (
        f" It shows the {len(spokes)} most heavily weighted of {len(wb.criteria):,} criteria."
        if len(spokes) < len(wb.criteria)
        else ""
    )
    caption = Markup(
        f"Scores of the first {len(rows)} {who} on each criterion, on the 0–10 scale; the "
        f"further out, the better.{scope}"
    )
    return [
        KeepTogether(
            [
                title,
                radar_chart([wb.criteria[j].name for j in spokes], series, width),
                para(caption, STYLES.caption),
            ]
        )
    ]


# --- 6. Margin -----------------------------------------------------------------------------------


def margin_section(data: MemoData) -> list[Flowable]:
    out: list[Flowable] = [section_heading("6. Margin of the lead")]
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
                    "{} and {} are tied at {:.2f}: the numbers do not separate them, and any "
                    "change of weights that favours one breaks the tie.",
                    first,
                    second,
                    found.first_total,
                ),
                STYLES.body,
            )
        )
        return out
    out.append(
        para(
            markup(
                "<b>{}</b> leads <b>{}</b> by {:.2f} on the 0–10 scale ({:.2f} against {:.2f}).",
                first,
                second,
                found.lead,
                found.first_total,
                found.second_total,
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
        shape = column_format([round(v, 1) for s in shown for v in (s.before, s.after)])
        rows += [
            [
                cell(wb.criteria[s.criterion].name, data.frame_width - 72 * mm),
                shape.format(round(s.before, 1)),
                shape.format(round(s.after, 1)),
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
    """Every tool with every score, in pages of (tools in rank order) x (a chunk of criteria).

    Pages go block by block: tools ranked 1-60 on every chunk of criteria, then 61-120, so the
    scores of one tool sit on consecutive pages."""
    wb = data.workbook
    out: list[Flowable] = [
        PageBreak(),
        section_heading("Appendix C. Every tool with every score"),
        para(
            Markup(
                "Tools in rank order (incomplete ones last, unranked), criteria in the order of "
                "section 3. Red rows: no longer actively maintained. A dash: not scored."
            ),
            STYLES.body,
        ),
    ]
    fixed = [
        Column("Rank", 27, right=True),
        Column("Tool", 118),
        Column("Total", 32, right=True),
    ]
    room = width - sum(c.width for c in fixed)
    per_chunk = max(1, int(room // SCORE_COLUMN))
    score_width = room / per_chunk
    chunks = [
        list(range(start, min(start + per_chunk, len(wb.criteria))))
        for start in range(0, len(wb.criteria), per_chunk)
    ]
    titles = [plain(c.name, 60) for c in wb.criteria]
    probe = TextGrid("", [*fixed, *(Column(t, score_width, True, True) for t in titles)], [])
    order = list(data.order)
    # the first block shares its first page with the heading; the others have whole pages
    first_rows = max(1, probe.rows_that_fit(height - HEADING_ROOM))
    per_page = max(1, probe.rows_that_fit(height))
    blocks = [(0, min(first_rows, len(order)))]
    while blocks[-1][1] < len(order):
        start = blocks[-1][1]
        blocks.append((start, min(start + per_page, len(order))))
    rank = [str(data.rank(i)) if data.ranking.complete[i] else "–" for i in order]
    names = [plain(data.tool(i).name, APPENDIX_NAME_CHARS) for i in order]
    totals = [f"{data.total(i):.2f}" if data.ranking.complete[i] else "–" for i in order]
    inactive = [not data.tool(i).is_active for i in order]
    shape = data.score_format
    text_scores = [
        ["–" if math.isnan(v) else shape.format(v) for v in row]
        for row in wb.scores[order].tolist()
    ]
    for number, (start, stop) in enumerate(blocks):
        for part, chunk in enumerate(chunks):
            columns = [*fixed, *(Column(titles[j], score_width, True, True) for j in chunk)]
            rows = [
                [rank[k], names[k], totals[k], *(text_scores[k][j] for j in chunk)]
                for k in range(start, stop)
            ]
            caption = (
                f"Tools {start + 1:,}–{stop:,} of {len(order):,} · criteria "
                f"{chunk[0] + 1:,}–{chunk[-1] + 1:,} of {len(wb.criteria):,}"
            )
            if number or part:
                out.append(PageBreak())
            out.append(TextGrid(caption, columns, rows, inactive[start:stop]))
    return out
