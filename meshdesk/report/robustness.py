"""The robustness section's words: one plain sentence on how sure the leader is, and the
labels every rendering (window, memo, ADR, workbook, command line) gives its figures."""

from __future__ import annotations

from meshdesk.core.analysis import Analysis
from meshdesk.core.numbers import fixed
from meshdesk.core.workbook import Workbook
from meshdesk.report.text import Sentence, names, say, strong

WEIGHT_PLACES = 1
SHARE_PLACES = 0


def _nearest(analysis: Analysis, direction: str) -> tuple[int, float] | None:
    """The flip in this direction that needs the smallest relative change of its weight."""
    found = [f for f in analysis.flips if f.direction == direction]
    if not found:
        return None
    weights = analysis.candidates.weights

    def distance(flip_to: float, criterion: int) -> float:
        weight = float(weights[criterion])
        return abs(flip_to - weight) / max(weight, 1e-9)

    best = min(found, key=lambda f: (distance(f.to, f.criterion), f.criterion))
    return best.criterion, best.to


def summary(analysis: Analysis, workbook: Workbook) -> Sentence:
    """E.g. "Istio stays first unless the weight of Ease of use rises above 26.7 or that of
    Core features falls below 7.5; it is first in 95% of 10,000 variations of the weights and
    scores." """
    c = analysis.candidates
    criteria = workbook.criteria
    leader = workbook.tool(c.ids[analysis.leader]).name
    if len(c.ids) == 1:
        return say(
            "{} is the only platform that can be chosen, so no change of a weight or a score "
            "can put another first.",
            strong(leader),
        )
    lead = analysis.lead
    if lead is not None and round(lead, 9) == 0 and analysis.runner_up is not None:
        return say(
            "{} and {} are tied for first: any change of weights or scores that favours one "
            "puts it first.",
            strong(leader),
            strong(workbook.tool(c.ids[analysis.runner_up]).name),
        )
    conditions = []
    up = _nearest(analysis, "up")
    down = _nearest(analysis, "down")
    if up is not None:
        conditions.append(("rises above", criteria[up[0]].name, fixed(up[1], WEIGHT_PLACES)))
    if down is not None:
        conditions.append(("falls below", criteria[down[0]].name, fixed(down[1], WEIGHT_PLACES)))
    if not conditions:
        head = say("{} stays first whatever one weight is set to", strong(leader))
    elif len(conditions) == 1:
        verb, name, at = conditions[0]
        head = say(
            "{} stays first unless the weight of {} " + verb + " {}", strong(leader), name, at
        )
    else:
        (verb1, name1, at1), (verb2, name2, at2) = conditions
        head = say(
            "{} stays first unless the weight of {} "
            + verb1
            + " {} or that of {} "
            + verb2
            + " {}",
            strong(leader),
            name1,
            at1,
            name2,
            at2,
        )
    found = analysis.acceptability
    if found is None:
        return Sentence((*head.parts, "."))
    share = fixed(float(found.first[analysis.leader]) * 100.0, SHARE_PLACES)
    tail = say(
        "; it is first in {}% of {} variations of the weights and scores.",
        share,
        f"{found.samples:,}",
    )
    return Sentence((*head.parts, *tail.parts))


def left_out(analysis: Analysis, workbook: Workbook) -> Sentence | None:
    ids = analysis.candidates.left_out
    if not ids:
        return None
    if analysis.candidates.among_shortlist:
        return say(
            "Among the shortlisted platforms only; left out: {}.",
            names(workbook.tool(i).name for i in ids),
        )
    return say(
        "Left out as not choosable (inactive, or a weighted criterion unscored): {}.",
        names(workbook.tool(i).name for i in ids),
    )
