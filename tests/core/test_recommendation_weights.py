"""The weight profile the answers call for, Apply, and ranking under the current weights, on
the mini fixture (tests/fixtures/mini/README.md; published weights depth 50, ease 30, cost 20).

The recommendation ranks under the workbook's current weights, the ones the grid shows; the
answers' profile is what Apply sets, and a later change of the weights is reported, not
overruled. Applying the same answers twice changes nothing."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshdesk.core.commands import AddCriterion, RemoveCriterion, SetAnswers, SetWeights
from meshdesk.core.errors import ScoringError
from meshdesk.core.recommendation import WeightChange, apply_answers
from meshdesk.core.scoring import rank_workbook
from meshdesk.core.weight_profile import current_shares, to_percent, weight_profile
from meshdesk.core.workbook import Criterion
from tests.fixtures import MINI_WEIGHTS, tenths
from tests.helpers.said import applied, recommend

# --- the profile ---------------------------------------------------------------------------------


def test_no_answer_keeps_the_published_weights(mini_workbook, mini_questionnaire):
    result = applied(
        mini_workbook, mini_questionnaire, {"size": "small", "compliance": "regulated"}
    )
    assert result.weight_changes == ()
    assert result.weights == MINI_WEIGHTS
    assert (
        "No answer moved the published weights, so the profile keeps them: the heaviest criteria "
        "are Depth 50.0%, Ease 30.0% and Cost 20.0%."
    ) in result.explanation


def test_a_priority_moves_its_criterion_and_the_profile_is_rescaled(
    mini_workbook, mini_questionnaire
):
    result = applied(mini_workbook, mini_questionnaire, {"priorities": ["depth"]})
    # 60/30/20 of 110 -> 54.545/27.273/18.182: floored to tenths, the two missing tenths go to
    # the largest remainders (cost, then ease)
    assert result.weights == {"depth": 54.5, "ease": 27.3, "cost": 18.2}
    assert result.weight_changes == (
        WeightChange(
            criterion_id="depth",
            before=50.0,
            after=60.0,
            reason="priority depth: depth 50 -> 60",
            question_id="priorities",
            option_id="depth",
            why="You want depth.",
        ),
    )
    assert (
        "Starting from the published weights, your answers moved them (priority depth: depth "
        "50 -> 60); rescaled to 100 percent, the heaviest criteria of the profile are Depth "
        "54.5%, Ease 27.3% and Cost 18.2%."
    ) in result.explanation


def test_every_matching_rule_applies_in_order_and_never_below_zero(
    mini_workbook, mini_questionnaire
):
    premium = applied(mini_workbook, mini_questionnaire, {"budget": "premium"})
    assert [c.reason for c in premium.weight_changes] == ["budget premium: cost 20 -> 0"]
    assert premium.weights == {"depth": 62.5, "ease": 37.5, "cost": 0.0}
    both = applied(mini_workbook, mini_questionnaire, {"budget": "premium", "priorities": ["cost"]})
    assert [c.reason for c in both.weight_changes] == [
        "priority cost: cost 20 -> 30",
        "budget premium: cost 30 -> 5",
    ]
    assert both.weights == {"depth": 58.8, "ease": 35.3, "cost": 5.9}
    two = applied(mini_workbook, mini_questionnaire, {"priorities": ["ease", "depth"]})
    assert [c.criterion_id for c in two.weight_changes] == ["depth", "ease"]  # rule order
    assert two.weights == {"depth": 50.0, "ease": 33.3, "cost": 16.7}
    for result in (premium, both, two):
        assert tenths(result.weights) == 1000


def test_without_published_weights_the_named_criteria_start_equal(
    mini_workbook, mini_questionnaire
):
    mini_workbook.publication = None
    SetWeights.from_mapping({"depth": 1, "ease": 1, "cost": 1}).apply(mini_workbook)
    result = applied(mini_workbook, mini_questionnaire, {"priorities": ["ease"]})
    assert [c.reason for c in result.weight_changes] == ["priority ease: ease 33.3 -> 43.3"]
    assert result.weights == {"depth": 30.3, "ease": 39.4, "cost": 30.3}
    assert result.scores_from_publication is False
    text = result.explanation
    assert text.count("Starting from equal weights (the project has no published ones)") == 1
    assert text.endswith(mini_questionnaire.memo.caveat_own_scores)
    assert mini_questionnaire.memo.caveat not in text


def test_a_criterion_the_user_added_keeps_its_share(mini_workbook, mini_questionnaire):
    AddCriterion(Criterion("own", "Own"), 25.0).apply(mini_workbook)  # 25 of 125: 20 percent
    profile = weight_profile(mini_workbook, mini_questionnaire, {"priorities": ("depth",)})
    assert profile.kept == ("own",)
    # 60/30/20 fill the 80 percent the kept criterion leaves
    assert profile.weights == {"depth": 43.6, "ease": 21.8, "cost": 14.6, "own": 20.0}


def test_a_criterion_the_project_lacks_moves_nothing_and_is_said_so(
    mini_workbook, mini_questionnaire
):
    RemoveCriterion("cost").apply(mini_workbook)
    result = applied(mini_workbook, mini_questionnaire, {"priorities": ["cost"]})
    assert result.unmatched_criteria == ("cost",)
    assert result.weight_changes == ()
    assert result.weights == {"depth": 62.5, "ease": 37.5}
    assert (
        "Your answers would move the weights of criteria this project does not have (cost), so "
        "they move no weight here"
    ) in result.explanation


def test_to_percent_uses_the_largest_remainder():
    assert to_percent([1, 1, 1]) == [33.4, 33.3, 33.3]
    assert to_percent([50, 30, 20]) == [50.0, 30.0, 20.0]
    assert to_percent([2, 1]) == [66.7, 33.3]
    assert to_percent([60, 30, 20]) == [54.5, 27.3, 18.2]
    with pytest.raises(ScoringError, match="add up to 0"):
        to_percent([0, 0])


@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=12).filter(lambda v: sum(v) > 1e-3))
def test_to_percent_tenths_add_up_to_exactly_1000(values):
    percents = to_percent(values)
    assert sum(round(p * 10) for p in percents) == 1000
    assert all(p >= 0 and round(p, 1) == p for p in percents)
    total = math.fsum(values)
    for value, percent in zip(values, percents, strict=True):
        assert abs(percent - value * 100 / total) <= 0.1 + 1e-9


# --- Apply -----------------------------------------------------------------------------------------


def test_apply_stores_the_answers_and_sets_the_profile_as_one_edit(
    mini_workbook, mini_questionnaire
):
    answers = {"priorities": ["depth"], "size": "small"}
    batch = apply_answers(mini_workbook, mini_questionnaire, answers)
    assert [type(step) for step in batch.commands] == [SetAnswers, SetWeights]
    assert batch.label == "Apply questionnaire"
    assert mini_workbook.weights_by_id() == MINI_WEIGHTS  # nothing happens until it is applied
    undo = batch.apply(mini_workbook)
    assert mini_workbook.answers == {"priorities": ("depth",), "size": "small"}
    assert mini_workbook.weights_by_id() == {"depth": 54.5, "ease": 27.3, "cost": 18.2}
    undo.apply(mini_workbook)
    assert mini_workbook.weights_by_id() == MINI_WEIGHTS and mini_workbook.answers == {}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    extra=st.lists(st.floats(0, 50), max_size=3),
    scale=st.floats(0.1, 10),
    answers=st.sampled_from(
        [
            {},
            {"priorities": ["depth"]},
            {"priorities": ["ease", "cost"], "budget": "premium"},
            {"budget": "premium"},
        ]
    ),
)
def test_applying_the_same_answers_twice_changes_nothing(
    mini_workbook, mini_questionnaire, extra, scale, answers
):
    """Criteria the user added keep their share; the rest start from the publication: so a
    second Apply finds the weights it would set already in place."""
    wb = mini_workbook.copy()
    SetWeights.from_mapping({c: w * scale for c, w in wb.weights_by_id().items()}).apply(wb)
    for n, weight in enumerate(extra):
        AddCriterion(Criterion(f"own-{n}", f"Own {n}"), weight).apply(wb)
    once = wb.copy()
    apply_answers(once, mini_questionnaire, answers).apply(once)
    twice = once.copy()
    apply_answers(twice, mini_questionnaire, answers).apply(twice)
    assert twice.weights_by_id() == pytest.approx(once.weights_by_id(), abs=1e-9)
    assert tenths(once.weights_by_id()) == 1000
    assert not recommend(once, mini_questionnaire, answers).weights_differ
    before, after = current_shares(wb), current_shares(once)
    for cid in once.criterion_ids:
        if cid.startswith("own-"):  # no answer can say anything about them
            assert after[cid] == pytest.approx(before[cid], abs=0.1)


# --- ranking under the current weights ---------------------------------------------------------------


def test_after_apply_the_profile_is_in_use(mini_workbook, mini_questionnaire):
    result = applied(mini_workbook, mini_questionnaire, {"priorities": ["ease"]})
    assert not result.weights_differ
    assert result.ranked_weights == pytest.approx(result.weights)
    assert "current weights differ" not in result.explanation


def test_without_apply_the_current_weights_rank_and_the_difference_is_said(
    mini_workbook, mini_questionnaire
):
    result = recommend(mini_workbook, mini_questionnaire, {"priorities": ["cost"]})
    assert result.weights == {"depth": 45.4, "ease": 27.3, "cost": 27.3}
    assert result.ranked_weights == pytest.approx(MINI_WEIGHTS)
    assert result.weights_differ
    assert [p.total for p in result.shortlist] == pytest.approx([8.0, 7.7, 7.4])


def test_a_later_weight_change_is_used_and_reported(mini_workbook, mini_questionnaire):
    apply_answers(mini_workbook, mini_questionnaire, {}).apply(mini_workbook)
    before = recommend(mini_workbook, mini_questionnaire, {})
    assert before.shortlist[0].tool_id == "alpha"
    SetWeights.from_mapping({"depth": 100, "ease": 0, "cost": 0}).apply(mini_workbook)
    result = recommend(mini_workbook, mini_questionnaire, {})
    assert result.weights_differ
    assert result.weights == before.weights  # the profile itself is the same
    assert [p.tool_id for p in result.shortlist] == ["bravo", "alpha", "charlie"]
    ranking = rank_workbook(mini_workbook)
    for p in result.shortlist:  # every total is the grid's total
        assert p.total == pytest.approx(ranking.totals[mini_workbook.tool_row(p.tool_id)])
    assert result.ranked_weights == pytest.approx(current_shares(mini_workbook))
    assert (
        "The workbook's current weights differ from this profile (changed by hand, or the "
        "profile was never applied); the totals, the ranking and the shortlist here use the "
        "current weights, as the grid does, and their heaviest criteria are Depth 100.0%, Ease "
        "0.0% and Cost 0.0%."
    ) in result.explanation
    # the heaviest criterion is the current weights', not the profile's
    assert (
        "On the criterion the current weights count most, it scores 9 for Depth (100.0%)."
    ) in result.shortlist[0].reasons


def test_a_difference_within_rounding_is_not_a_difference(mini_workbook, mini_questionnaire):
    SetWeights.from_mapping({"depth": 54.54, "ease": 27.28, "cost": 18.18}).apply(mini_workbook)
    result = recommend(mini_workbook, mini_questionnaire, {"priorities": ["depth"]})
    assert result.weights == {"depth": 54.5, "ease": 27.3, "cost": 18.2}
    assert not result.weights_differ
    SetWeights.from_mapping({"depth": 54.0}).apply(mini_workbook)
    assert recommend(mini_workbook, mini_questionnaire, {"priorities": ["depth"]}).weights_differ


def test_current_weights_of_zero_cannot_rank(mini_workbook, mini_questionnaire):
    SetWeights.from_mapping({"depth": 0, "ease": 0, "cost": 0}).apply(mini_workbook)
    with pytest.raises(ScoringError, match="add up to 0"):
        recommend(mini_workbook, mini_questionnaire, {})
