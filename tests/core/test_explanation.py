"""The comparative paragraph (Recommendation.comparison) and the reasons every pick shares, on
the mini fixture (tests/fixtures/mini/README.md).

The expected figures are worked out here by hand from the fixture's scores and weights (each
criterion's part of the margin is its share of the weights times the score difference), not
taken from the engine.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from meshdesk.core.commands import AddCriterion, SetWeights, UpdateTool
from meshdesk.core.workbook import Criterion
from tests.helpers.said import recommend


def compared(workbook, questionnaire, answers) -> str:  # type: ignore[no-untyped-def]
    return recommend(workbook, questionnaire, answers).comparison


# --- the comparison ------------------------------------------------------------------------------


def test_the_comparison_says_where_the_lead_was_won_and_lost(mini_workbook, mini_questionnaire):
    # alpha 8/8/8 against bravo 9/6/7 at 50/30/20: depth -0.5, ease +0.6, cost +0.2 = 0.3.
    # The smallest single weight that levels them: ease at 30 - 30/2 = 15 (sum of w*d is 30).
    assert compared(mini_workbook, mini_questionnaire, {}) == (
        "Alpha Mesh leads Bravo Mesh by 0.300 (8.000 to 7.700) under the current weights. Alpha "
        "Mesh gains 0.800 on Ease (8 to 6 at a weight of 30.0%: 0.600) and Cost (8 to 7 at "
        "20.0%: 0.200), and gives back 0.500 on Depth (8 to 9 at 50.0%: 0.500). Lowering the "
        "weight of Ease from 30 to 15 would level them, and no smaller change of a single weight "
        "would."
    )


def test_a_lead_on_every_criterion_cannot_be_reversed_by_one_weight(
    mini_workbook, mini_questionnaire
):
    # alpha 8/8/8 against foxtrot 6/8/6: depth +1.0, cost +0.4, ease level.
    assert compared(mini_workbook, mini_questionnaire, {"size": "small"}) == (
        "Alpha Mesh leads Foxtrot Mesh by 1.400 (8.000 to 6.600) under the current weights. The "
        "lead comes from Depth (8 to 6 at a weight of 50.0%: 1.000) and Cost (8 to 6 at 20.0%: "
        "0.400); the two score the same on Ease. No change of a single weight would put Foxtrot "
        "Mesh level or ahead."
    )


def test_the_comparison_uses_the_current_weights_in_the_panels_units(
    mini_workbook, mini_questionnaire
):
    # 100/30/20 (150 in all): bravo 9/6/7 against alpha 8/8/8 is 100/150 - 60/150 - 20/150.
    # Ease levels them at 30 - (100 - 60 - 20)/(-2) = 40, in the panel's units (not percent).
    SetWeights.from_mapping({"depth": 100, "ease": 30, "cost": 20}).apply(mini_workbook)
    text = compared(mini_workbook, mini_questionnaire, {})
    assert text.startswith(
        "Bravo Mesh leads Alpha Mesh by 0.133 (8.133 to 8.000) under the current weights. Bravo "
        "Mesh gains 0.667 on Depth (9 to 8 at a weight of 66.7%: 0.667), and gives back 0.533 on "
        "Ease (6 to 8 at 20.0%: 0.400) and Cost (7 to 8 at 13.3%: 0.133). "
    )
    assert text.endswith(
        "Raising the weight of Ease in the weights panel from 30 to 40 would level them, and no "
        "smaller change of a single weight would."
    )


def test_a_must_have_met_only_in_a_paid_edition_is_decisive(mini_workbook, mini_questionnaire):
    text = compared(mini_workbook, mini_questionnaire, {"size": "large", "compliance": "regulated"})
    assert text.startswith("Bravo Mesh leads Charlie Mesh by 0.300 (7.700 to 7.400)")
    assert text.endswith(
        "Bravo Mesh meets 'FIPS-validated builds' only in Bravo Enterprise, a paid edition, so "
        "its place assumes that edition. Charlie Mesh meets 'FIPS-validated builds' only in "
        "Charlie Enterprise, a paid edition, so its place assumes that edition."
    )


def test_a_licence_caution_and_the_allowed_editions_note_are_decisive(
    mini_workbook, mini_questionnaire
):
    answers = {"size": "large", "budget": "no_licence_fees"}
    text = compared(mini_workbook, mini_questionnaire, answers)
    # bravo 9/6/7 against charlie 7/7/9: depth +1.0, cost -0.4, ease -0.3; depth levels at
    # 50 - 30/2 = 35
    assert (
        "Bravo Mesh gains 1.000 on Depth (9 to 7 at a weight of 50.0%: 1.000), and gives back "
        "0.700 on Cost (7 to 9 at 20.0%: 0.400) and Ease (6 to 7 at 30.0%: 0.300). Lowering the "
        "weight of Depth from 50 to 35 would level them"
    ) in text
    assert text.endswith(
        "For Bravo Mesh, mind the licence: the licence of Bravo Community, BUSL-1.1, is "
        "source-available rather than open source. Charlie Mesh counts here in Charlie (open "
        "source), an edition your budget allows; its facts note: “Community support only”."
    )


def test_an_unverified_deciding_fact_is_decisive(mini_workbook, mini_questionnaire):
    text = compared(
        mini_workbook, mini_questionnaire, {"size": "large", "data_plane": "sidecarless"}
    )
    # alpha 8/8/8 against delta 10/5/4: -1.0 + 0.9 + 0.8; cost levels at 20 - 70/4 = 2.5
    assert text.startswith("Alpha Mesh leads Delta Platform by 0.700 (8.000 to 7.300)")
    assert "Lowering the weight of Cost from 20 to 2.5 would level them" in text
    assert text.endswith(
        "Delta Platform meets 'Sidecarless data plane' on a fact that is unverified or stated "
        "only by a third party: confirm it before relying on its place."
    )


def test_when_nothing_else_decides_the_comparison_says_so(mini_workbook, mini_questionnaire):
    """Both meet the must-have in every edition, on confirmed facts, with no licence rule: the
    scores alone decide, and the paragraph says so; without a must-have there is nothing to
    clear, and it says nothing."""
    delta = mini_workbook.tool("delta")
    features = dict(delta.facts.features)
    features["sidecarless"] = replace(features["sidecarless"], unverified=False)
    UpdateTool(replace(delta, facts=replace(delta.facts, features=features))).apply(mini_workbook)
    text = compared(
        mini_workbook, mini_questionnaire, {"size": "large", "data_plane": "sidecarless"}
    )
    assert text.startswith("Alpha Mesh leads Delta Platform by 0.700")
    assert text.endswith(
        "Nothing else separates them: each meets every must-have without depending on a "
        "particular edition or an unverified fact, and no licence caution applies to either."
    )
    assert "Nothing else" not in compared(mini_workbook, mini_questionnaire, {})


def test_level_totals_are_said_to_be_level(mini_workbook, mini_questionnaire):
    SetWeights.from_mapping({"depth": 0, "ease": 100, "cost": 0}).apply(mini_workbook)
    text = compared(mini_workbook, mini_questionnaire, {"size": "small", "existing": ["golf"]})
    assert text == (
        "Alpha Mesh and Foxtrot Mesh are level at 8.000 under the current weights; Alpha Mesh is "
        "listed first only because it comes first in the workbook. The two score the same on "
        "every weighted criterion."
    )


def test_a_close_margin_is_called_too_small_to_separate_them(mini_workbook, mini_questionnaire):
    # alpha 8/8/8 against bravo 9/6/7 at 53/27/20: -0.53 + 0.54 + 0.2 = 0.21; at 58/27/15:
    # -0.58 + 0.54 + 0.15 = 0.11; at 60/28/12: -0.6 + 0.56 + 0.12 = 0.08
    SetWeights.from_mapping({"depth": 60, "ease": 28, "cost": 12}).apply(mini_workbook)
    text = compared(mini_workbook, mini_questionnaire, {})
    assert text.startswith(
        "Alpha Mesh leads Bravo Mesh by 0.080 (8.000 to 7.920) under the current weights, a "
        "margin too small to separate them on paper: treat the two as equals until a pilot "
        "decides."
    )


def test_the_lead_is_the_difference_of_the_totals_as_shown(mini_workbook, mini_questionnaire):
    # 50/25/5 (80 in all): bravo (450 + 150 + 35) / 80 = 7.9375, shown 7.938; the margin 0.0625
    # would round to 0.063 on its own, but the sentence must add up: 8.000 - 7.938 = 0.062.
    SetWeights.from_mapping({"depth": 50, "ease": 25, "cost": 5}).apply(mini_workbook)
    text = compared(mini_workbook, mini_questionnaire, {})
    assert text.startswith("Alpha Mesh leads Bravo Mesh by 0.062 (8.000 to 7.938) under the")


@pytest.mark.parametrize(
    "answers",
    [
        {"size": "small", "data_plane": "sidecarless", "budget": "open_source"},  # alpha alone
        {"size": "large", "compliance": "regulated", "budget": "no_licence_fees"},  # nobody
        {"services": "few"},  # no mesh
    ],
)
def test_fewer_than_two_picks_have_no_comparison(mini_workbook, mini_questionnaire, answers):
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert len(result.shortlist) < 2
    assert result.comparison == ""


def test_many_criteria_are_named_up_to_three_a_side(mini_workbook, mini_questionnaire):
    """Beyond three parts a side (four when only one more would be left), the rest are summed."""
    for n in range(1, 6):
        AddCriterion(
            Criterion(f"extra{n}", f"Extra {n}"),
            weight=10.0,
            scores=(("alpha", 9.0), ("bravo", 8.0)),  # the others cannot be ranked now
        ).apply(mini_workbook)
    # 150 in all: ease 30/150*2 = 0.4, cost 20/150 = 0.133, each extra 10/150 = 0.067
    text = compared(mini_workbook, mini_questionnaire, {})
    # alpha (800 + 5 * 90) / 150 = 8.333, bravo (450 + 180 + 140 + 5 * 80) / 150 = 7.800
    assert text.startswith("Alpha Mesh leads Bravo Mesh by 0.533 (8.333 to 7.800)")
    assert (
        "Alpha Mesh gains 0.867 on Ease (8 to 6 at a weight of 20.0%: 0.400), Cost (8 to 7 at "
        "13.3%: 0.133), Extra 1 (9 to 8 at 6.7%: 0.067) and 4 more criteria (0.267 together), "
        "and gives back 0.333 on Depth (8 to 9 at 33.3%: 0.333)."
    ) in text


# --- reasons every pick shares -------------------------------------------------------------------


def test_a_candidacy_every_pick_shares_is_said_once_for_the_shortlist(
    mini_workbook, mini_questionnaire
):
    result = recommend(mini_workbook, mini_questionnaire, {"size": "large", "budget": "premium"})
    assert [p.tool_id for p in result.shortlist] == ["bravo", "charlie", "delta"]
    assert result.shared_reasons == (
        "Each platform on the shortlist is a candidate because the mini guide calls it a strong "
        "candidate for large teams.",
    )
    shared = "It is a candidate because the mini guide calls it a strong candidate for large teams."
    for pick in result.shortlist:
        assert pick.reasons[0] == shared  # each pick's own reasons still say everything
        listed = result.pick_reasons(pick)
        assert shared not in listed
        assert list(listed) == [r for r in pick.reasons if r != shared]  # nothing else differs
    # delta's own candidacy follows the shared one: "also"
    delta = next(p for p in result.shortlist if p.tool_id == "delta")
    assert delta.reasons[1] == (
        "It is also a candidate because the mini guide names it for premium buyers (from "
        "Budget: Premium platform)."
    )
    assert result.pick_reasons(delta)[0] == delta.reasons[1]


def test_nothing_is_shared_when_the_picks_differ_or_one_was_added_to_widen(
    mini_workbook, mini_questionnaire
):
    small = recommend(mini_workbook, mini_questionnaire, {"size": "small", "existing": ["golf"]})
    assert [p.tool_id for p in small.shortlist] == ["alpha", "foxtrot", "golf"]
    assert small.shared_reasons == ()  # golf is there for the Golf proxy, not the segment
    assert all(small.pick_reasons(p) == p.reasons for p in small.shortlist)
    widened = recommend(
        mini_workbook, mini_questionnaire, {"size": "small", "data_plane": "sidecarless"}
    )
    assert widened.shared_reasons == ()


def test_a_shortlist_of_one_shares_nothing(mini_workbook, mini_questionnaire):
    answers = {"size": "small", "data_plane": "sidecarless", "budget": "open_source"}
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert len(result.shortlist) == 1 and result.shared_reasons == ()
    assert result.shortlist[0].reasons[0].startswith("It is a candidate because")
