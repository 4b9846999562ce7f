"""The weight profile the questionnaire's answers call for, and how it compares with the
weights the workbook has now.

Where the profile starts (so that applying it twice changes nothing):

- a criterion with a published weight starts from it;
- a criterion without one that some weight rule of the questionnaire names starts from an
  equal share (100 / number of criteria): a neutral start, since the project has no published
  weight for it;
- any other criterion (one the user added, or a project whose criteria the questionnaire does
  not know) keeps the share of the total it has now: no answer can say anything about it.

The rules then add or remove points, in order (never below 0), and the first two kinds are
rescaled together to fill what the third kind leaves of 100 percent. The result has one
decimal and adds up to exactly 100 (largest remainder).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from meshdesk.core.errors import ScoringError
from meshdesk.core.questionnaire import Answers, Questionnaire
from meshdesk.core.workbook import Workbook

# Shares (percent) further apart than this are different weights: more than the rounding of
# a profile to one decimal can explain.
DIFFERENCE_POINTS: Final = 0.15


@dataclass(frozen=True)
class WeightChange:
    """One move of a criterion weight, traced to the answer that caused it."""

    criterion_id: str
    before: float  # percent, before this move
    after: float  # percent, after this move
    reason: str  # "priority security: security 10 -> 18"
    question_id: str
    option_id: str
    why: str = ""  # the rule's reason for the move, in a sentence


@dataclass(frozen=True)
class WeightProfile:
    weights: dict[str, float]  # criterion id -> percent, one decimal, adds up to 100
    changes: tuple[WeightChange, ...]
    unmatched: tuple[str, ...]  # criterion ids that matching rules name but the workbook lacks
    kept: tuple[str, ...]  # criterion ids that keep their current share


def _points(value: float) -> str:
    return f"{round(value, 1):g}"


def _tenths(values: Sequence[float], total_tenths: int) -> list[int]:
    """Whole tenths proportional to `values`, adding up to exactly `total_tenths`.

    Largest remainder: every value is floored to a tenth, and the tenths still missing go to
    the values that lost the most by flooring (ties: the earlier value)."""
    total = math.fsum(values)
    if not total > 0:
        raise ScoringError(
            "The weights add up to 0 after applying the answers: give at least one criterion "
            "a weight above 0."
        )
    # rounded to 1e-9 first, so that 12.3 (123.00000000000001 tenths) is not floored to 12.2
    exact = [round(v * total_tenths / total, 9) for v in values]
    tenths = [math.floor(e) for e in exact]
    missing = total_tenths - sum(tenths)
    by_loss = sorted(range(len(values)), key=lambda i: (-(exact[i] - tenths[i]), i))
    for i in by_loss[:missing]:
        tenths[i] += 1
    return tenths


def to_percent(values: Sequence[float]) -> list[float]:
    """Values scaled to percentages with one decimal whose tenths add up to exactly 1000."""
    return [t / 10 for t in _tenths(values, 1000)]


def current_shares(workbook: Workbook) -> dict[str, float]:
    """Each criterion's share of the current weights, in percent (all 0 when they add up
    to 0)."""
    total = math.fsum(float(w) for w in workbook.weights)
    return {
        cid: (w * 100.0 / total if total > 0 else 0.0)
        for cid, w in workbook.weights_by_id().items()
    }


def weight_profile(
    workbook: Workbook, questionnaire: Questionnaire, answers: Answers
) -> WeightProfile:
    published = workbook.published_weights
    named = {cid for rule in questionnaire.weight_rules for cid, _ in rule.changes}
    shares = current_shares(workbook)
    count = len(workbook.criteria)
    moving = [c.id for c in workbook.criteria if c.id in published or c.id in named]
    kept = [c.id for c in workbook.criteria if c.id not in moving]
    points = {cid: float(published.get(cid, 100.0 / count)) for cid in moving}
    moving_total = math.fsum(points.values())
    if moving_total > 0:  # moves are in points of a 100 percent scale
        points = {cid: w * 100.0 / moving_total for cid, w in points.items()}
    changes: list[WeightChange] = []
    unmatched: list[str] = []
    for rule in questionnaire.weight_rules:
        if not rule.when.matches(answers):
            continue
        question_id, option_id = rule.when.cause(answers)
        for criterion_id, delta in rule.changes:
            if criterion_id not in points:  # the project has no such criterion
                if criterion_id not in unmatched:
                    unmatched.append(criterion_id)
                continue
            before = points[criterion_id]
            after = max(0.0, before + delta)
            points[criterion_id] = after
            changes.append(
                WeightChange(
                    criterion_id=criterion_id,
                    before=before,
                    after=after,
                    reason=f"{rule.label}: {criterion_id} {_points(before)} -> {_points(after)}",
                    question_id=question_id,
                    option_id=option_id,
                    why=rule.reason,
                )
            )
    # the kept criteria keep their share to the tenth; the moving ones fill the rest exactly,
    # so that a second Apply finds every weight where the first one put it
    tenths = {cid: round(shares[cid] * 10) for cid in kept}
    room = 1000 - sum(tenths.values())
    if not points or room < 0 or math.fsum(points.values()) <= 0:
        exact = {cid: shares[cid] for cid in kept} | dict.fromkeys(points, 0.0)
        tenths = dict(zip(exact, _tenths(list(exact.values()), 1000), strict=True))
    elif room > 0:
        tenths |= dict(zip(points, _tenths(list(points.values()), room), strict=True))
    else:
        tenths |= dict.fromkeys(points, 0)
    ordered = [c.id for c in workbook.criteria]
    percents = [tenths[cid] / 10 for cid in ordered]
    return WeightProfile(
        weights=dict(zip(ordered, percents, strict=True)),
        changes=tuple(changes),
        unmatched=tuple(unmatched),
        kept=tuple(kept),
    )


def differs(profile: Mapping[str, float], shares: Mapping[str, float]) -> bool:
    """Whether the current weights are not (up to rounding) the profile's."""
    return any(
        abs(shares.get(cid, 0.0) - value) > DIFFERENCE_POINTS for cid, value in profile.items()
    )
