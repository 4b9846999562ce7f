"""Ranking and charts (sections 4-5); the margin and the score appendix are `margin`."""

from __future__ import annotations

import math
from typing import Any, Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from meshdesk.core.numbers import fixed
from meshdesk.core.workbook import SCORE_MIN
from meshdesk.render.pdf.charts import Bar, Series, bar_chart, gap_axis, radar_chart, zoomed_axis
from meshdesk.render.pdf.grid import RotatedLabel
from meshdesk.render.pdf.markup import NAME_LIMIT, Markup, join, markup, plain, text
from meshdesk.render.pdf.model import RADAR_MAX_SPOKES, RADAR_MIN_SPOKES, MemoData
from meshdesk.render.pdf.prose import points, signed
from meshdesk.render.pdf.styles import (
    INACTIVE_BG,
    INACTIVE_INK,
    SHORTLIST_BG,
    STYLES,
    para,
    section_heading,
    table,
    with_table,
)

CHANGES_LISTED: Final = 30


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
            total = markup("{}", data.total_text(data.total(row)))
        else:
            provisional = float(data.ranking.provisional[row])
            total = (
                Markup("<i>incomplete</i>")
                if math.isnan(provisional)
                else markup("<i>({})</i>", data.total_text(provisional))
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
                "<super>{}</super> The publication printed {} for {}; its own scores "
                "under its own weights give {} ({} points).",
                number,
                data.total_text(found.published),
                text(found.name, NAME_LIMIT),
                data.total_text(found.computed),
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
    shown = [
        Bar(
            data.tool(i).name,
            data.total(i),
            "shortlisted"
            if i in data.shortlisted
            else ("other" if data.tool(i).is_active else "inactive"),
        )
        for i in bars
    ]
    axis = zoomed_axis([b.total for b in shown])
    ranked = len(data.ranked)
    scope = (
        f" The {len(bars)} highest-ranked of {ranked:,} ranked tools." if len(bars) < ranked else ""
    )
    colours = "Blue: shortlisted. " if data.shortlisted else ""
    key = f"{colours}Grey: other tools. Red: no longer actively maintained.{scope}"
    start = fixed(axis.start, axis.places)
    zoomed = axis.start > SCORE_MIN
    totals = [
        heading,
        para(
            markup("Weighted totals, zoomed: the axis starts at {}", start)
            if zoomed
            else Markup("Weighted totals"),
            STYLES.h3,
        ),
        bar_chart(shown, width, axis),
        para(
            markup(
                "Weighted totals, best at the top, on a zoomed axis. <b>The axis starts at {}, "
                "not at 0</b>, so that differences of a few hundredths show; bar lengths are "
                "not proportional to the totals, which run from 0 to 10 (section 4). {}",
                start,
                key,
            )
            if zoomed
            else markup("Weighted totals on the 0–10 scale, best at the top. {}", key),
            STYLES.caption,
        ),
    ]
    out: list[Flowable] = [KeepTogether(totals)]
    picks = [b for i, b in zip(bars, shown, strict=True) if i in data.shortlisted]
    compared = picks if len(data.shortlisted) >= 2 and len(picks) >= 2 else shown
    if len(compared) > 1:
        out.append(KeepTogether(_gaps(compared, width, key, picks=compared is picks)))
    out += _radar(data, width)
    return out


def _gaps(shown: list[Bar], width: float, key: str, *, picks: bool) -> list[Flowable]:
    """How far each tool is behind the first (the first pick when there is a shortlist, else
    the highest-ranked tool): the differences that decide, drawn from zero. The first one's
    bar is its lead over the second."""
    first, second = shown[0], shown[1]
    lead = first.total - second.total
    gaps = [
        Bar(first.name, lead, first.kind),
        *(Bar(b.name, first.total - b.total, b.kind) for b in shown[1:]),
    ]
    labels = [f"leads by {fixed(lead, 2)}", *(f"−{fixed(g.total, 2)}" for g in gaps[1:])]
    chart = bar_chart(gaps, width, gap_axis([g.total for g in gaps]), labels=labels)
    role = ("the first pick", "the second") if picks else ("the highest-ranked tool", "the second")
    caption = markup(
        "Points behind {}, {}, on the 0–10 scale of the totals; its own bar is its lead over "
        "{}, {}. Worked out from the totals before rounding, so a gap may differ by 0.01 from "
        "the difference of the two rounded totals. {}",
        plain(first.name, NAME_LIMIT),
        role[0],
        plain(second.name, NAME_LIMIT),
        role[1],
        key if not picks else "Shortlisted platforms only, in shortlist order.",
    )
    title = (
        markup("The shortlist against its first pick, {}", plain(first.name, NAME_LIMIT))
        if picks
        else markup("Behind the leader, {}", plain(first.name, NAME_LIMIT))
    )
    return [para(title, STYLES.h3), chart, para(caption, STYLES.caption)]


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
