"""The front of the memo: title block, recommendation, context and weights (sections 1-3)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from meshdesk import __version__
from meshdesk.core.errors import InputError
from meshdesk.core.numbers import fixed
from meshdesk.core.recommendation import MustHave, Recommendation, WeightChange
from meshdesk.core.workbook import Tool
from meshdesk.io.memo.fonts import REGULAR
from meshdesk.io.memo.markup import NAME_LIMIT, Markup, address, join, markup, names, text
from meshdesk.io.memo.model import MemoData
from meshdesk.io.memo.picks import pick_reasons, side_by_side
from meshdesk.io.memo.prose import column_places, count, long_date, points, signed
from meshdesk.io.memo.styles import (
    ACCENT,
    ACCENT_LIGHT,
    CELL_PADDING,
    CELL_SIZE,
    ROW_MAX,
    STYLES,
    bullet,
    cell,
    height,
    para,
    section_heading,
    table,
    table_style,
    with_table,
)

AFTER_CALLOUT = Spacer(1, 3 * mm)
CHANGES_SHOWN = 40  # hand-made weight changes listed one by one
TWO_UP_AFTER = 24  # more criteria than this (and no published weights): two to a row
ADDED_SHOWN = 12  # criteria named in the sentence about ones the publication lacks
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
            para(text(rec.explanation), STYLES.body),
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
    lines = [markup("<b>Verdict.</b> {}", verdict_text)] if verdict_text else []
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
    out.append(para(text(rec.explanation), STYLES.body))
    out += _comparison(rec)
    if data.featured:
        lead = para(Markup("The shortlist side by side"), STYLES.h3)
        out += side_by_side(data, data.featured, rec, [lead])
        out += pick_reasons(rec)
    return out


def _comparison(rec: Recommendation) -> list[Flowable]:
    """Why the first pick beat the second, in the engine's one comparative paragraph."""
    if not rec.comparison.strip() or len(rec.shortlist) < 2:
        return []
    first, second = (text(p.name, NAME_LIMIT) for p in rec.shortlist[:2])
    return [
        para(markup("{} against {}", first, second), STYLES.h3),
        para(text(rec.comparison), STYLES.body),
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
        title, answer = _answer_in_words(data, question_id, value)
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
    returns = [
        (w, [data.workbook.tool(t).name for t in w.returns if data.workbook.has_tool(t)])
        for w in rec.what_if
    ]
    back = [
        markup(
            "with {}, {}" if w.relax == "budget" else "without ‘{}’, {}",
            rec.relaxation(w),
            names(text(n) for n in tools),
        )
        for w, tools in returns
        if tools
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


def _answer_in_words(
    data: MemoData, question_id: str, value: str | tuple[str, ...]
) -> tuple[str, str]:
    """(question title, option labels); the raw ids when the questionnaire does not know them."""
    raw = value if isinstance(value, str) else ", ".join(value) or "none"
    questionnaire = data.questionnaire
    if questionnaire is None or not questionnaire.has_question(question_id):
        return question_id, raw
    question = questionnaire.question(question_id)
    try:
        return question.title, question.describe(value)
    except InputError:
        return question.title, raw


def _cause(data: MemoData, question_id: str, option_id: str) -> str:
    if not question_id:
        return "every answer"
    title, answer = _answer_in_words(data, question_id, option_id)
    return f"{title}: {answer}"


def _fails(tool: Tool, must: MustHave) -> bool:
    """The engine's test: the tool's feature fact is one of the accepted values."""
    if tool.facts is None:
        return True
    return tool.facts.feature(must.feature_id).value not in must.accepted


def _must_have_table(data: MemoData, rec: Recommendation) -> Table:
    excluded = [
        data.workbook.tool(e.tool_id) for e in rec.excluded if data.workbook.has_tool(e.tool_id)
    ]
    rows: list[list[Any]] = [["Must-have", "Set by the answer", "Why", "Rules out"]]
    for must in rec.must_haves:
        ruled_out = [t.name for t in excluded if _fails(t, must)]
        named = [text(n, APPENDIX_NAME) for n in ruled_out[:RULED_OUT_SHOWN]]
        if len(ruled_out) > RULED_OUT_SHOWN:
            named.append(markup("{} more", len(ruled_out) - RULED_OUT_SHOWN))
        cause = _cause(data, must.question_id, must.option_id)
        rows.append(
            [
                para(text(must.label, MUST_HAVE_CHARS), STYLES.cell_bold),
                para(text(cause, MUST_HAVE_CHARS), STYLES.cell),
                para(text(must.reason, 2 * MUST_HAVE_CHARS), STYLES.cell),
                para(names(named) if named else Markup("no candidate"), STYLES.cell),
            ]
        )
    return table(rows, [34 * mm, 34 * mm, None, 36 * mm], width=data.frame_width)


# --- 3. Weights ----------------------------------------------------------------------------------


def weights_section(data: MemoData) -> list[Flowable]:
    rec = data.recommendation
    heading = section_heading("3. Weights")
    if rec is not None and rec.weights_differ:
        intro = Markup(
            "The weights used here are the workbook’s current ones, which differ from the "
            "profile the answers call for (shown in section 1 and described below). Section 4 "
            "ranks with the current weights, as the recommendation does."
        )
    elif rec is not None:
        intro = Markup(
            "The weights start from the published ones. The answers then moved some of them, "
            "and the result was rescaled to add up to 100 percent. The workbook uses this "
            "profile, and section 4 ranks with it."
        )
    else:
        intro = Markup(
            "These are the weights stored in the project. A total divides by the sum of the "
            "weights, so only their proportions matter: the last column shows each one’s share."
        )
    out = with_table(
        [heading, para(intro, STYLES.body)], *_weights_table(data), [_weights_caption(data)]
    )
    out += _moves(data, rec)
    return out


def _weights_table(data: MemoData) -> tuple[Table, int]:
    """Criterion, published weight, weight used, change, share. Columns with nothing to say
    are left out; many criteria without published weights go two to a row."""
    wb = data.workbook
    has_published = any(c.id in wb.published_weights for c in wb.criteria)
    show_share = abs(float(data.weights.sum()) - 100.0) > 1e-6
    published_places = column_places(list(wb.published_weights.values()))
    used_places = column_places([float(w) for w in data.weights])
    headers = (
        ["Criterion", "Published", "Used here", "Change"]
        if has_published
        else [
            "Criterion",
            "Weight",
        ]
    )
    headers += ["Share"] if show_share else []
    two_up = not has_published and len(wb.criteria) > TWO_UP_AFTER
    numbers = [18 * mm] * (len(headers) - 1)
    # the criterion column takes what the number columns leave (two tables side by side)
    name_width = (data.frame_width - (6 * mm if two_up else 0)) / (2 if two_up else 1) - sum(
        numbers
    )
    cells: list[list[Any]] = []
    for j, criterion in enumerate(wb.criteria):
        published = wb.published_weights.get(criterion.id)
        used = float(data.weights[j])
        row: list[Any] = [cell(criterion.name, name_width)]
        if has_published:
            row.append("—" if published is None else fixed(published, published_places))
        row.append(fixed(used, used_places))
        if has_published:
            row.append("" if published is None else signed(used - published))
        if show_share:
            row.append(f"{fixed(data.weight_share(j), 1)}%")
        cells.append(row)
    header = headers
    if not two_up:
        grid = table(
            [header, *cells],
            [None, *numbers],
            width=data.frame_width,
            extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")],
        )
        return grid, len(cells) + 1
    # row-major (left, then right, then the next row), so no column runs on over a page break
    blank = [""] * len(headers)
    paired = [
        [*cells[k], "", *(cells[k + 1] if k + 1 < len(cells) else blank)]
        for k in range(0, len(cells), 2)
    ]
    right = len(headers) + 1
    grid = table(
        [[*header, "", *header], *paired],
        [None, *numbers, 6 * mm, None, *numbers],
        width=data.frame_width,
        extra=[
            ("ALIGN", (1, 0), (right - 2, -1), "RIGHT"),
            ("ALIGN", (right + 1, 0), (-1, -1), "RIGHT"),
            ("BACKGROUND", (right - 1, 0), (right - 1, -1), colors.white),
        ],
    )
    return grid, len(paired) + 1


def _weights_caption(data: MemoData) -> Flowable:
    wb = data.workbook
    if not any(c.id in wb.published_weights for c in wb.criteria):
        return para(
            Markup("The publication the scores come from gives no weights for these criteria."),
            STYLES.caption,
        )
    return para(
        Markup(
            "Published: the weights of the publication the scores come from; a criterion it "
            "does not have shows a dash. Change: the weight used here minus the published one, "
            "in points."
        ),
        STYLES.caption,
    )


def _moves(data: MemoData, rec: Recommendation | None) -> list[Flowable]:
    wb = data.workbook
    out: list[Flowable] = [para(Markup("What moved them"), STYLES.h3)]
    if rec is not None:
        if not rec.weight_changes:
            out.append(
                para(
                    Markup("No answer moved a weight: the published weights apply as they are."),
                    STYLES.body,
                )
            )
        for (question_id, option_id, why), group in groupby(
            rec.weight_changes, key=lambda c: (c.question_id, c.option_id, c.why)
        ):
            moves = join(", ", (_move(data, change) for change in group))
            out.append(
                bullet(
                    markup(
                        "<b>{}</b> moved {}. {}", _cause(data, question_id, option_id), moves, why
                    )
                )
            )
        if rec.weights_differ:
            out.append(
                para(
                    Markup(
                        "These moves give the answers’ profile. The workbook’s weights have "
                        "been set otherwise since (or the profile was never applied), and this "
                        "memo ranks with the workbook’s weights."
                    ),
                    STYLES.body,
                )
            )
        return out
    changed = [
        (c, wb.published_weights[c.id], float(data.weights[j]))
        for j, c in enumerate(wb.criteria)
        if c.id in wb.published_weights and wb.published_weights[c.id] != data.weights[j]
    ]
    added = [c for c in wb.criteria if c.id not in wb.published_weights]
    if not changed and not added:
        out.append(
            para(Markup("Nothing: the project uses the published weights unchanged."), STYLES.body)
        )
        return out
    for criterion, published, used in changed[:CHANGES_SHOWN]:
        out.append(
            bullet(
                markup(
                    "<b>{}</b>: {} published, {} here.",
                    criterion.name,
                    points(published),
                    points(used),
                )
            )
        )
    if len(changed) > CHANGES_SHOWN:
        out.append(
            para(
                markup("… and {} more, as the table shows.", len(changed) - CHANGES_SHOWN),
                STYLES.body,
            )
        )
    if added:
        listed = names(text(c.name, NAME_LIMIT) for c in added[:ADDED_SHOWN])
        if len(added) > ADDED_SHOWN:
            listed = markup("{} and {} more", listed, len(added) - ADDED_SHOWN)
        out.append(
            para(
                markup(
                    "The publication has no weight for {}: {} weight is the project’s own.",
                    listed,
                    "its" if len(added) == 1 else "their",
                ),
                STYLES.body,
            )
        )
    out.append(
        para(
            Markup(
                "MeshDesk does not record why a weight was changed by hand: the author should "
                "give the reasons, for instance in the notes of the evidence appendix."
            ),
            STYLES.body,
        )
    )
    return out


def _move(data: MemoData, change: WeightChange) -> Markup:
    name = (
        data.workbook.criterion(change.criterion_id).name
        if data.workbook.has_criterion(change.criterion_id)
        else change.criterion_id
    )
    return markup("{} from {} to {}", name, points(change.before), points(change.after))
