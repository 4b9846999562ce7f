"""The recommendation ranks under the workbook's current weights, the ones the grid shows; the
answers' weight profile is what Apply sets, and a later change of the weights is reported, not
overruled. Applying the same answers twice changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshdesk.core.commands import AddCriterion, SetWeights
from meshdesk.core.recommendation import apply_answers, recommend, with_answers_applied
from meshdesk.core.scoring import rank_workbook
from meshdesk.core.weight_profile import current_shares
from meshdesk.core.workbook import Criterion
from tests.expected import ENTERPRISE_ANSWERS

ENTERPRISE = ENTERPRISE_ANSWERS


def first_ranked(workbook) -> str:
    ranking = rank_workbook(workbook)
    return workbook.tools[int(ranking.order()[0])].id


def test_after_apply_the_profile_is_in_use(workbook, questionnaire):
    applied = with_answers_applied(workbook, questionnaire, ENTERPRISE)
    result = recommend(applied, questionnaire, ENTERPRISE)
    assert not result.weights_differ
    assert result.ranked_weights == pytest.approx(result.weights)
    assert applied.answers == ENTERPRISE


def test_a_later_weight_change_is_used_and_reported(workbook, questionnaire):
    """The issue's case: after Apply the grid was made to rank Tetrate first; the
    recommendation must then lead with Tetrate too, and say that the weights moved."""
    apply_answers(workbook, questionnaire, ENTERPRISE).apply(workbook)
    before = recommend(workbook, questionnaire, ENTERPRISE)
    assert before.shortlist[0].tool_id == "istio"
    SetWeights((("security", 80.0),)).apply(workbook)
    assert first_ranked(workbook) == "tetrate-service-bridge"
    result = recommend(workbook, questionnaire, ENTERPRISE)
    assert result.weights_differ
    assert result.weights == before.weights  # the profile itself is the same
    assert result.shortlist[0].tool_id == "tetrate-service-bridge"
    ranking = rank_workbook(workbook)
    for pick in result.shortlist:  # every total is the grid's total
        assert pick.total == pytest.approx(ranking.totals[workbook.tool_row(pick.tool_id)])
    assert result.ranked_weights == pytest.approx(current_shares(workbook))
    assert "current weights differ from this profile" in result.explanation


def test_every_tool_is_shortlisted_or_excluded_with_a_reason(workbook, questionnaire):
    """Linkerd ranked above a shortlisted tool but was neither, in the first release."""
    result = recommend(
        with_answers_applied(workbook, questionnaire, ENTERPRISE), questionnaire, ENTERPRISE
    )
    accounted = [p.tool_id for p in result.shortlist] + [e.tool_id for e in result.excluded]
    assert sorted(accounted) == sorted(workbook.tool_ids)
    linkerd = next(e for e in result.excluded if e.tool_id == "linkerd")
    assert not linkerd.candidate
    assert any("not among the candidates for your answers" in r for r in linkerd.reasons)
    assert all(e.reasons for e in result.excluded)


def test_candidates_below_the_cut_say_so(workbook, questionnaire):
    result = recommend(
        with_answers_applied(workbook, questionnaire, ENTERPRISE), questionnaire, ENTERPRISE
    )
    kuma = next(e for e in result.excluded if e.tool_id == "kuma")
    assert any("ranks below the shortlist cut of 4" in r for r in kuma.reasons)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    extra=st.lists(st.floats(0, 50), max_size=3),
    scale=st.floats(0.1, 10),
    answers=st.sampled_from(
        [ENTERPRISE, {"platform_team": "none"}, {"priorities": ["security", "cost"]}, {}]
    ),
)
def test_applying_the_same_answers_twice_changes_nothing(
    workbook, questionnaire, extra, scale, answers
):
    """Criteria the user added keep their share; the rest start from the publication: so a
    second Apply finds the weights it would set already in place."""
    wb = workbook.copy()
    SetWeights.from_mapping({c: w * scale for c, w in wb.weights_by_id().items()}).apply(wb)
    for n, weight in enumerate(extra):
        AddCriterion(Criterion(f"own-{n}", f"Own {n}"), weight).apply(wb)
    once = with_answers_applied(wb, questionnaire, answers)
    twice = with_answers_applied(once, questionnaire, answers)
    assert twice.weights_by_id() == pytest.approx(once.weights_by_id(), abs=1e-9)
    assert not recommend(once, questionnaire, answers).weights_differ
    kept = {c for c in once.criterion_ids if c.startswith("own-")}
    before = current_shares(wb)
    after = current_shares(once)
    for cid in kept:  # no answer can say anything about them
        assert after[cid] == pytest.approx(before[cid], abs=0.1)
