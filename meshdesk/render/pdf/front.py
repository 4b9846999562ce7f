"""The front of the memo: title block, recommendation and context (sections 1-2; section 3,
the weights, is `weights`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from meshdesk import __version__
from meshdesk.core.numbers import fixed
from meshdesk.core.recommendation import Recommendation
from meshdesk.render.pdf.fonts import REGULAR
from meshdesk.render.pdf.markup import NAME_LIMIT, Markup, address, join, markup, names, text
from meshdesk.render.pdf.model import MemoData
from meshdesk.render.pdf.picks import pick_reasons, side_by_side
from meshdesk.render.pdf.prose import count, long_date, signed
from meshdesk.render.pdf.styles import (
    ACCENT,
    ACCENT_LIGHT,
    CELL_PADDING,
    CELL_SIZE,
    ROW_MAX,
    STYLES,
    cell,
    height,
    para,
    section_heading,
    table,
    table_style,
    with_table,
)
from meshdesk.report import text as report_text

AFTER_CALLOUT = Spacer(1, 3 * mm)
COMPARED_SHOWN = 8  # criteria in the page-1 table of profile against current weights
CALLOUT_PADDING = 9.0
CALLOUT_MAX = 2 * ROW_MAX  # a taller callout is set as plain paragraphs
RULED_OUT_SHOWN = 6  # tools named in a cell of the must-have table
MUST_HAVE_CHARS = 600  # characters of a cell of the must-have table (about 20 lines)
APPENDIX_NAME = 60  # characters of a tool name in the must-have table
FACTS_LABEL_WIDTH = 32 * mm
FRONT_REVIEWERS = 12  # reviewers named on the front page; section 10 has a line for each
FRONT_NAME_CHARS = 120


def title_block(data: MemoData) -> list[Flowable]:
    wb = data.workbook
    meta = wb.metadata
    if meta.dataset_title:
        as_of = f" (facts as of {meta.dataset_as_of})" if meta.dataset_as_of else ""
        dataset = markup("{}{}", meta.dataset_title, as_of)
    else:
        dataset = Markup("None: the tools and scores were entered in this project")
    rows: list[tuple[str, Markup]] = [
        (
            "Prepared by",
            text(data.author, NAME_LIMIT) if data.author.strip() else Markup("Not stated"),
        ),
        ("Reviewed by", _reviewers(data)),
        ("Date", markup("{}", long_date(data.day))),
        ("Dataset", dataset),
    ]
    source = wb.catalogue.sources.get(wb.catalogue.score_source or "")
    if source is not None:
        scores = markup("{} [{}]", text(source.title, NAME_LIMIT), source.id)
        if source.url:
            room = data.frame_width - FACTS_LABEL_WIDTH - 2 * CELL_PADDING
            scores = markup("{}, {}", scores, address(source.url, room, REGULAR, CELL_SIZE))
        rows.append(("Scores from", scores))
    rec = data.recommendation
    if rec is None:
        answers = Markup("None: this memo makes no recommendation")
    else:
        answers = markup("Questionnaire answered; segment {}", rec.segment_label or rec.segment)
    rows += [("Answers", answers), ("Prepared with", markup("MeshDesk {}", __version__))]
    facts = Table(
        [[para(markup("{}", k), STYLES.cell_bold), para(v, STYLES.cell)] for k, v in rows],
        colWidths=[FACTS_LABEL_WIDTH, None],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT),
            ]
        ),
        hAlign="LEFT",
    )
    subtitle = markup(
        "An evaluation of {} against {}",
        count(len(wb.tools), "tool"),
        count(len(wb.criteria), "weighted criterion", "weighted criteria"),
    )
    return [
        para(Markup("DECISION MEMO"), STYLES.kicker),
        para(text(data.title, NAME_LIMIT), STYLES.title),
        para(subtitle, STYLES.subtitle),
        facts,
        Spacer(1, 4 * mm),
    ]


def _reviewers(data: MemoData) -> Markup:
    """The reviewers named in the project, the first few in full."""
    if not data.reviewers:
        return Markup("Not stated")
    shown = [text(r, FRONT_NAME_CHARS) for r in data.reviewers[:FRONT_REVIEWERS]]
    more = len(data.reviewers) - len(shown)
    if more:
        shown.append(markup("{} more (section 10)", more))
    return names(shown)


def _callout(lines: Sequence[Markup], width: float) -> list[Flowable]:
    """The lines in a shaded box; as plain paragraphs when they are too tall for the box
    (one table cell, which cannot split across pages)."""
    paragraphs = [para(line, STYLES.callout) for line in lines]
    if height(paragraphs, width - 2 * CALLOUT_PADDING) > CALLOUT_MAX:
        return [para(line, STYLES.body) for line in lines]
    box = Table(
        [[paragraphs]],
        style=table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), CALLOUT_PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), CALLOUT_PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
        hAlign="LEFT",
    )
    return [box]


# --- 1. Recommendation ---------------------------------------------------------------------------


def recommendation_section(data: MemoData) -> list[Flowable]:
    out: list[Flowable] = [section_heading("1. Recommendation")]
    rec = data.recommendation
    if rec is None:
        return out + _without_recommendation(data)
    segment = markup("<b>Segment.</b> {}: {}", rec.segment_label or rec.segment, rec.segment_reason)
    if not rec.needs_mesh:
        verdict_text = data.questionnaire.memo.not_needed if data.questionnaire else ""
        lines = [
            markup("<b>Verdict.</b> {}", verdict_text or "No platform is needed yet."),
            markup("<b>What to use instead.</b> {}", rec.alternative or ""),
        ]
        if rec.alternative_reason:
            lines.append(text(rec.alternative_reason))
        out += [
            *_callout([*lines, segment], data.frame_width),
            AFTER_CALLOUT,
            para(text(report_text.explanation(data)), STYLES.body),
        ]
        return out
    verdict_text = data.questionnaire.memo.needed if data.questionnaire else ""
    if rec.shortlist:
        picks = join(
            "; ",
            (
                markup("{}. {} ({})", n, p.name, data.total_text(p.total))
                for n, p in enumerate(rec.shortlist, 1)
            ),
        )
        shortlist = markup("<b>Shortlist, best first.</b> {}", picks)
    else:
        shortlist = Markup(
            "<b>Shortlist.</b> None: no active platform in the workbook meets every requirement."
        )
    decided = _sentence(report_text.verdict(data))
    verdict = markup("{} {}", verdict_text, decided) if verdict_text else decided
    lines = [markup("<b>Verdict.</b> {}", verdict)]
    if rec.weights_differ:
        lines.append(
            Markup(
                "<b>Weights.</b> The workbook’s current weights differ from the profile the "
                "answers call for. The ranking, the shortlist and the margin in this memo use "
                "the current weights, as the workbook does; the table below shows both."
            )
        )
    out += [*_callout([*lines, segment, shortlist], data.frame_width), AFTER_CALLOUT]
    if rec.weights_differ:
        out += [_weights_compared(data, rec), AFTER_CALLOUT]
    out.append(para(text(report_text.explanation(data)), STYLES.body))
    out += _comparison(data, rec)
    if data.featured:
        lead = para(Markup("The shortlist side by side"), STYLES.h3)
        out += side_by_side(data, data.featured, rec, [lead])
        out += pick_reasons(rec)
    return out


def _sentence(sentence: report_text.Sentence) -> Markup:
    """One of the report's sentences: its values escaped, the strong ones in bold."""
    return Markup(sentence.render(lambda v: str(text(v)), lambda v: f"<b>{v}</b>"))


def _comparison(data: MemoData, rec: Recommendation) -> list[Flowable]:
    """Why the first pick beat the second, in the report's one comparative paragraph."""
    comparison = report_text.comparison(data)
    if not comparison.strip() or len(rec.shortlist) < 2:
        return []
    first, second = (text(p.name, NAME_LIMIT) for p in rec.shortlist[:2])
    return [
        para(markup("{} against {}", first, second), STYLES.h3),
        para(text(comparison), STYLES.body),
    ]


def _weights_compared(data: MemoData, rec: Recommendation) -> Table:
    """The answers' profile beside the weights in use, the biggest differences first."""
    wb = data.workbook
    by_gap = sorted(
        range(len(wb.criteria)),
        key=lambda j: -abs(rec.weights.get(wb.criteria[j].id, 0.0) - data.weight_share(j)),
    )
    shown = sorted(by_gap[:COMPARED_SHOWN])
    rows: list[list[Any]] = [["Criterion", "Profile", "Used here", "Change"]]
    for j in shown:
        criterion = wb.criteria[j]
        profile = rec.weights.get(criterion.id, 0.0)
        used = data.weight_share(j)
        rows.append(
            [
                cell(criterion.name, data.frame_width - 54 * mm),
                f"{fixed(profile, 1)}%",
                f"{fixed(used, 1)}%",
                signed(used - profile),
            ]
        )
    if len(shown) < len(wb.criteria):
        rows.append(
            [cell(f"… {len(wb.criteria) - len(shown):,} more in section 3", 80 * mm), "", "", ""]
        )
    return table(
        rows,
        [None, 18 * mm, 18 * mm, 18 * mm],
        width=data.frame_width,
        extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")],
    )


def _without_recommendation(data: MemoData) -> list[Flowable]:
    lines = [
        Markup(
            "<b>No questionnaire was answered</b> for this project, so this memo makes no "
            "recommendation of its own. It ranks every tool under the project’s weights "
            "(section 3) and shows how firm the lead is (section 6); the reader draws the "
            "conclusion."
        )
    ]
    ranked = data.ranked
    if len(ranked) >= 2:
        first, second = ranked[0], ranked[1]
        lines.append(
            markup(
                "<b>Highest ranked.</b> {} with a weighted total of {}, followed by {} with {}.",
                text(data.tool(first).name, NAME_LIMIT),
                data.total_text(data.total(first)),
                text(data.tool(second).name, NAME_LIMIT),
                data.total_text(data.total(second)),
            )
        )
    elif ranked:
        lines.append(
            markup(
                "<b>Highest ranked.</b> {} with a weighted total of {}, the only tool "
                "with a score on every weighted criterion.",
                text(data.tool(ranked[0]).name, NAME_LIMIT),
                data.total_text(data.total(ranked[0])),
            )
        )
    else:
        lines.append(
            Markup("No tool has a score on every weighted criterion, so none can be ranked.")
        )
    return _callout(lines, data.frame_width)


# --- 2. Context ----------------------------------------------------------------------------------


def context_section(data: MemoData) -> list[Flowable]:
    heading = section_heading("2. Context and requirements")
    out: list[Flowable] = [heading]
    rec = data.recommendation
    if rec is None:
        out.append(
            para(
                Markup(
                    "No questionnaire answers are stored with this project and none were given "
                    "for this memo. Nothing frames the evaluation beyond the weights, and no "
                    "must-have rules a tool out: every tool is ranked on its scores alone."
                ),
                STYLES.body,
            )
        )
        return out
    intro = para(
        Markup(
            "The answers below framed the evaluation. A question left unanswered counts as "
            "its documented default, marked as such."
        ),
        STYLES.body,
    )
    rows: list[list[Any]] = [["Question", "Answer", ""]]
    for question_id, value in rec.answers.items():
        title, answer = report_text.answer_in_words(data.questionnaire, question_id, value)
        marker = "default" if question_id in rec.defaulted else ""
        rows.append([cell(title, 60 * mm), cell(answer, data.frame_width - 76 * mm), marker])
    out = with_table(
        [heading, intro], table(rows, [60 * mm, None, 16 * mm], width=data.frame_width), len(rows)
    )
    heading = para(Markup("Must-haves"), STYLES.h3)
    if not rec.must_haves:
        out.append(heading)
        out.append(
            para(
                Markup(
                    "No answer set a hard requirement, so no candidate was ruled out on features."
                ),
                STYLES.body,
            )
        )
        return out
    out += with_table([heading], _must_have_table(data, rec), len(rec.must_haves) + 1)
    back = [
        markup(
            "with {}, {}" if w.relax == "budget" else "without ‘{}’, {}",
            relaxed,
            names(text(n) for n in tools),
        )
        for w, relaxed, tools in report_text.what_if_returns(data)
    ]
    if back:
        out.append(
            para(
                markup(
                    "Relaxing a single requirement would bring candidates back: {}.",
                    join("; ", back),
                ),
                STYLES.body,
            )
        )
    return out


def _must_have_table(data: MemoData, rec: Recommendation) -> Table:
    rows: list[list[Any]] = [["Must-have", "Set by the answer", "Why", "Rules out"]]
    for must in rec.must_haves:
        # the engine's verdict on each exclusion, never a test of our own
        ruled_out = [e.name for e in rec.excluded if must.id in e.failed_must_haves]
        named = [text(n, APPENDIX_NAME) for n in ruled_out[:RULED_OUT_SHOWN]]
        if len(ruled_out) > RULED_OUT_SHOWN:
            named.append(markup("{} more", len(ruled_out) - RULED_OUT_SHOWN))
        cause = report_text.cause(data.questionnaire, must.question_id, must.option_id)
        rows.append(
            [
                para(text(must.label, MUST_HAVE_CHARS), STYLES.cell_bold),
                para(text(cause, MUST_HAVE_CHARS), STYLES.cell),
                para(text(must.reason, 2 * MUST_HAVE_CHARS), STYLES.cell),
                para(names(named) if named else Markup("no candidate"), STYLES.cell),
            ]
        )
    return table(rows, [34 * mm, 34 * mm, None, 36 * mm], width=data.frame_width)
