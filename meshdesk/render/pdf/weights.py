"""Section 3 of the memo, the weights: the weights used, the profile and what moved them."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from meshdesk.core.numbers import fixed
from meshdesk.core.recommendation import Recommendation, WeightChange
from meshdesk.render.pdf.markup import NAME_LIMIT, Markup, join, markup, names, text
from meshdesk.render.pdf.model import MemoData
from meshdesk.render.pdf.prose import column_places, points, signed
from meshdesk.render.pdf.styles import (
    STYLES,
    bullet,
    cell,
    para,
    section_heading,
    table,
    with_table,
)
from meshdesk.report import text as report_text

CHANGES_SHOWN = 40  # hand-made weight changes listed one by one
TWO_UP_AFTER = 24  # more criteria than this (and no published weights): two to a row
ADDED_SHOWN = 12  # criteria named in the sentence about ones the publication lacks


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
                        "<b>{}</b> moved {}. {}",
                        report_text.cause(data.questionnaire, question_id, option_id),
                        moves,
                        why,
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
