"""Questionnaire answers in, a recommendation out (meshdesk.core.decision holds its shape).

The rules live in data/questionnaire.yaml; the segment and the must-haves are worked out
here, the weight profile in meshdesk.core.weight_profile, the fate of each tool in
meshdesk.core.evaluation; the reasons are records (meshdesk.core.reasons) and the figures
of the explanation a `Tally`, which meshdesk.report.text words. Nothing here knows about
service meshes: tools, features, segments and texts all come from data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from meshdesk.core.commands import Batch, Command, SetAnswers, SetWeights
from meshdesk.core.decision import Exclusion, MustHave, Pick, Recommendation, WhatIf
from meshdesk.core.errors import InputError
from meshdesk.core.evaluation import Evaluation, Outcome
from meshdesk.core.questionnaire import (
    Answers,
    Questionnaire,
    Segment,
    check_answers,
)
from meshdesk.core.scoring import compute
from meshdesk.core.weight_profile import WeightChange, current_shares, differs, weight_profile
from meshdesk.core.workbook import Workbook

__all__ = [
    "Exclusion",
    "MustHave",
    "Pick",
    "Recommendation",
    "WeightChange",
    "WhatIf",
    "apply_answers",
    "recommend",
    "with_answers_applied",
]


# --- the engine --------------------------------------------------------------------------------
#
# The order of evaluation: no-mesh rules (first match), segment (base rule, then the first
# adjustment), the weight profile (see meshdesk.core.weight_profile), must-haves, candidates
# (the segment's list plus every matching candidate rule), and for each tool what keeps it out:
# lifecycle, licence, an incomplete score row, a failed must-have, not being a candidate. The
# eligible candidates are ranked by weighted total under the workbook's current weights (the
# ones the grid shows); the best `shortlist_max` are shortlisted. Every tool of the workbook
# ends up either on the shortlist or among the exclusions, with its reasons.


def recommend(
    workbook: Workbook,
    questionnaire: Questionnaire,
    answers: Mapping[str, str | Sequence[str]],
) -> Recommendation:
    """Evaluate the questionnaire's rules for these answers against the workbook's facts,
    ranking under the workbook's current weights (apply the answers first, with
    `apply_answers`, to rank under the profile they call for).

    Unanswered questions take their defaults. Raises InputError for an unknown question or
    option, ScoringError when the current weights add up to 0. Tools and criteria the rules
    name but the workbook lacks are skipped.
    """
    given = check_answers(questionnaire, answers)
    full = {q.id: given.get(q.id, q.default) for q in questionnaire.questions}
    defaulted = tuple(q.id for q in questionnaire.questions if q.id not in given)

    segment, segment_reason = _segment(questionnaire, full, given)
    profile = weight_profile(workbook, questionnaire, full)
    shares = current_shares(workbook)
    differ = differs(profile.weights, shares)
    must_haves = _must_haves(questionnaire, full)

    no_mesh = next((rule for rule in questionnaire.no_mesh if rule.when.matches(full)), None)
    if no_mesh is not None:
        outcome = Outcome()
    else:
        ranking = compute(workbook.scores, workbook.weights)
        evaluation = Evaluation(workbook, questionnaire, full, segment, must_haves, ranking)
        outcome = evaluation.run()
    return Recommendation(
        needs_mesh=no_mesh is None,
        alternative=no_mesh.alternative if no_mesh else None,
        segment=segment.id,
        segment_reason=segment_reason,
        weights=profile.weights,
        weight_changes=profile.changes,
        must_haves=must_haves,
        shortlist=outcome.shortlist,
        excluded=outcome.excluded,
        what_if=outcome.what_if,
        answers=full,
        defaulted=defaulted,
        alternative_reason=no_mesh.reason if no_mesh else "",
        segment_label=segment.label,
        ranked_weights=shares,
        weights_differ=differ,
        unmatched_criteria=profile.unmatched,
        scores_from_publication=workbook.publication is not None,
        tally=outcome.tally,
        shared_reasons=outcome.shared_reasons,
    )


def apply_answers(
    workbook: Workbook,
    questionnaire: Questionnaire,
    answers: Mapping[str, str | Sequence[str]],
) -> Batch:
    """The edit that Apply makes (the wizard, or `--answers` on the command line): store the
    answers and set the weight profile they call for, as one command."""
    given = check_answers(questionnaire, answers)
    full = {q.id: given.get(q.id, q.default) for q in questionnaire.questions}
    profile = weight_profile(workbook, questionnaire, full)
    steps: list[Command] = [SetAnswers(given)]
    if profile.weights:
        steps.append(SetWeights.from_mapping(profile.weights))
    return Batch(tuple(steps), "Apply questionnaire")


def with_answers_applied(
    workbook: Workbook,
    questionnaire: Questionnaire,
    answers: Mapping[str, str | Sequence[str]],
) -> Workbook:
    """A copy of the workbook as it would be after Apply."""
    preview = workbook.copy()
    apply_answers(preview, questionnaire, answers).apply(preview)
    return preview


# --- segment, weights, must-haves ------------------------------------------------------------


def _segment(questionnaire: Questionnaire, answers: Answers, given: Answers) -> tuple[Segment, str]:
    """The base rule sees defaults too; an adjustment needs the answers it tests to be given,
    so a default never moves the segment on its own."""
    base = next((r for r in questionnaire.segment_base if r.when.matches(answers)), None)
    if base is None:
        raise InputError("The questionnaire's segment rules give no segment for these answers.")
    moved = next((r for r in questionnaire.segment_adjustments if r.when.matches(given)), None)
    if moved is None:
        return questionnaire.segment(base.segment), base.reason
    return questionnaire.segment(moved.segment), f"{base.reason} {moved.reason}"


def _must_haves(questionnaire: Questionnaire, answers: Answers) -> tuple[MustHave, ...]:
    found = []
    for rule in questionnaire.must_have_rules:
        if rule.when.matches(answers):
            question_id, option_id = rule.when.cause(answers)
            found.append(
                MustHave(
                    id=rule.id,
                    label=rule.label,
                    feature_id=rule.feature,
                    accepted=rule.accepted,
                    reason=rule.reason,
                    question_id=question_id,
                    option_id=option_id,
                )
            )
    return tuple(found)
