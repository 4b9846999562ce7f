"""The recommendation engine on the synthetic mini fixture (tests/fixtures/mini/README.md): the
segment, the no-mesh verdict, candidates and what keeps each tool out, ranks among the tools
that can be chosen, widening, ties and the explanation.

Licences and editions: test_recommendation_licences.py; the weight profile and the current
weights: test_recommendation_weights.py; invariants over any answers:
test_recommendation_invariants.py. The bundled dataset's own results are pinned elsewhere.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from meshdesk.core.commands import RemoveTool, SetWeights, UpdateTool
from meshdesk.core.decision import WhatIf
from meshdesk.core.errors import DataError, InputError
from meshdesk.core.scoring import rank_workbook
from meshdesk.io.questionnaire import load_questionnaire
from tests.fixtures import MINI_TOOLS, MINI_TOTALS
from tests.helpers.said import applied, recommend

CHOSEN = (
    "tools that can be chosen (active, every weighted criterion scored), under the current weights"
)
ECHO_REASON = (
    "Its lifecycle status has been 'archived' since 2025-03-01 [E1], and a platform that is no "
    "longer actively maintained is never shortlisted. Move to Alpha Mesh, as the Echo "
    "maintainers advise."
)


def standing(total: float, rank: int, of: int = 6) -> str:
    """The clause; a pick's reason is the sentence `Standing`."""
    return f"its weighted total is {total:.2f}, rank {rank} of the {of} {CHOSEN}"


def standing_sentence(total: float, rank: int, of: int = 6) -> str:
    """The same, as a pick gives it."""
    return f"I{standing(total, rank, of)[1:]}."


def below_cut(total: float, rank: int, of: int = 6, cut: int = 3) -> str:
    return (
        f"It meets every requirement, but ranks below the shortlist cut of {cut}: "
        f"{standing(total, rank, of)}."
    )


def not_a_candidate(total: float, rank: int, segment: str, of: int = 6) -> str:
    return (
        "It meets every requirement, but is not among the candidates for your answers: the "
        f"{segment} segment's list does not name it and no answer added it. "
        f"{standing_sentence(total, rank, of)}"
    )


def ids(result) -> list[str]:
    return [p.tool_id for p in result.shortlist]


def pick(result, tool_id: str):
    return next(p for p in result.shortlist if p.tool_id == tool_id)


def exclusions(result) -> dict:
    return {e.tool_id: e for e in result.excluded}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_totals_are_the_scoring_engines(mini_workbook):
    ranking = rank_workbook(mini_workbook)
    totals = {
        t: float(ranking.totals[i]) for i, t in enumerate(mini_workbook.tool_ids) if t != "hotel"
    }
    assert totals == pytest.approx(MINI_TOTALS)
    assert not ranking.complete[mini_workbook.tool_row("hotel")]
    assert [int(r) for r in ranking.ranks] == [2, 3, 4, 5, 1, 6, 6, 0]  # echo first, hotel none


# --- segments ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "segment", "reason"),
    [
        ({"size": "small"}, "small", "You are a small team."),
        ({"size": "medium"}, "medium", "You are a medium team."),
        ({"size": "large"}, "large", "You are a large team."),
        (
            {"size": "small", "services": "many"},
            "medium",
            "You are a small team. But many services need what medium teams use.",
        ),
        (
            {"size": "large", "services": "some"},
            "medium",
            "You are a large team. But a dozen services do not need a large team's platform.",
        ),
    ],
)
def test_the_base_rule_sets_the_segment_and_an_adjustment_moves_it(
    mini_workbook, mini_questionnaire, answers, segment, reason
):
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert (result.segment, result.segment_reason) == (segment, reason)
    label = mini_questionnaire.segment(segment).label
    assert result.segment_label == label
    assert f"The evaluation is framed for the {label} segment. {reason}" in result.explanation


def test_a_default_never_moves_the_segment(mini_workbook, mini_questionnaire):
    # services defaults to "some", which with a large size would match an adjustment
    result = recommend(mini_workbook, mini_questionnaire, {"size": "large"})
    assert result.segment == "large"
    assert result.answers["services"] == "some" and "services" in result.defaulted


def test_the_segment_list_and_candidate_rules_name_the_candidates(
    mini_workbook, mini_questionnaire
):
    large = recommend(mini_workbook, mini_questionnaire, {"size": "large"})
    assert ids(large) == ["bravo", "charlie", "delta"]
    for p in large.shortlist:
        assert p.reasons[0] == (
            "It is a candidate because the mini guide calls it a strong candidate for large teams."
        )
    without = recommend(mini_workbook, mini_questionnaire, {"size": "small"})
    assert exclusions(without)["golf"].candidate is False
    with_golf = recommend(
        mini_workbook, mini_questionnaire, {"size": "small", "existing": ["golf"]}
    )
    assert ids(with_golf) == ["alpha", "foxtrot", "golf"]
    # a rule's reason names the answer behind it
    assert pick(with_golf, "golf").reasons[0] == (
        "It is a candidate because it builds on a proxy you already run [G1] (from Tools in "
        "use: Golf proxy)."
    )


def test_rules_that_give_one_reason_for_a_tool_make_one_sentence(mini_workbook, mini_questionnaire):
    """Two candidate rules add golf for the same reason: it is said once, with both answers
    and the sources either rule cites, never as two near-identical lines."""
    answers = {"size": "small", "existing": ["golf_fork", "golf"]}
    golf = pick(recommend(mini_workbook, mini_questionnaire, answers), "golf")
    candidacy = [r for r in golf.reasons if "a candidate because" in r]
    assert candidacy == [
        "It is a candidate because it builds on a proxy you already run [G1] (from Tools in "
        "use: Golf proxy and Golf fork)."
    ]
    # in the rules' order: golf-in-use (golf) first, then golf-fork-in-use
    fork_only = pick(
        recommend(mini_workbook, mini_questionnaire, {"size": "small", "existing": ["golf_fork"]}),
        "golf",
    )
    assert fork_only.reasons[0] == (
        "It is a candidate because it builds on a proxy you already run (from Tools in use: "
        "Golf fork)."
    )


def test_a_premium_budget_adds_its_candidate(mini_workbook, mini_questionnaire):
    result = recommend(mini_workbook, mini_questionnaire, {"size": "small", "budget": "premium"})
    assert ids(result) == ["alpha", "delta", "foxtrot"]
    assert (
        "It is a candidate because the mini guide names it for premium buyers (from Budget: "
        "Premium platform)."
    ) in pick(result, "delta").reasons


# --- do you need a mesh at all -------------------------------------------------------------------


def test_few_services_need_no_mesh_but_segment_weights_and_must_haves_are_worked_out(
    mini_workbook, mini_questionnaire
):
    answers = {"services": "few", "size": "small", "compliance": "regulated", "priorities": "depth"}
    result = applied(mini_workbook, mini_questionnaire, answers)
    assert result.needs_mesh is False
    assert result.alternative == "A load balancer in front of the services"
    assert result.alternative_reason == (
        "With a handful of services a mesh costs more than it saves."
    )
    assert (result.shortlist, result.excluded, result.what_if) == ((), (), ())
    assert result.segment == "small"
    assert [m.id for m in result.must_haves] == ["fips"]
    assert result.weights == {"depth": 54.5, "ease": 27.3, "cost": 18.2}
    text = result.explanation
    assert text.startswith(
        "A mesh is not worth it yet. With a handful of services a mesh costs more than it saves. "
        "What to use instead: a load balancer in front of the services. "
    )
    assert (
        "The weight profile and the requirements (FIPS-validated builds) are worked out all the "
        "same, for the day the estate grows; no platform was shortlisted."
    ) in text
    assert mini_questionnaire.memo.caveat not in text


def test_otherwise_a_mesh_is_needed(mini_workbook, mini_questionnaire):
    result = recommend(mini_workbook, mini_questionnaire, {"services": "many"})
    assert result.needs_mesh is True
    assert (result.alternative, result.alternative_reason) == (None, "")
    assert result.explanation.startswith("A mesh is worth it. ")
    assert result.explanation.endswith(" The mini guide's scores are judgements.")


# --- every tool, and why -------------------------------------------------------------------------


def test_default_answers_account_for_every_tool(mini_workbook, mini_questionnaire):
    result = recommend(mini_workbook, mini_questionnaire, {})
    assert ids(result) == ["alpha", "bravo", "charlie"]
    assert [p.total for p in result.shortlist] == pytest.approx([8.0, 7.7, 7.4])
    assert [p.rank for p in result.shortlist] == [2, 3, 4]  # the grid: archived echo is first
    assert [p.choosable_rank for p in result.shortlist] == [1, 2, 3]
    out = exclusions(result)
    assert list(out) == ["foxtrot", "hotel", "delta", "golf", "echo"]
    assert sorted(ids(result) + list(out)) == sorted(MINI_TOOLS)
    assert out["foxtrot"].reasons == (below_cut(6.6, 5),)
    assert out["hotel"].reasons == (
        "Its weighted total cannot be computed: it has no score for Ease.",
    )
    assert out["delta"].reasons == (not_a_candidate(7.3, 4, "Medium"),)
    assert out["golf"].reasons == (not_a_candidate(6.6, 5, "Medium"),)
    assert out["echo"].reasons == (ECHO_REASON,)
    assert {t: e.candidate for t, e in out.items()} == {
        "foxtrot": True,
        "hotel": True,
        "delta": False,
        "golf": False,
        "echo": False,
    }
    assert result.what_if == ()


def test_pick_reasons_cite_origin_rank_strongest_scores_and_editions(
    mini_workbook, mini_questionnaire
):
    result = recommend(mini_workbook, mini_questionnaire, {})
    assert pick(result, "alpha").reasons == (
        "It is a candidate because the mini guide lists it for medium teams.",
        standing_sentence(8.0, 1),
        "On the two criteria the current weights count most, it scores 8 for Depth (50.0%) and "
        "8 for Ease (30.0%).",
    )
    # a tool with several editions says its licence and governance even without a budget rule
    assert pick(result, "charlie").reasons[3:] == (
        "The licence of Charlie (open source) is Apache-2.0 (open-source) [C1].",
        "Charlie (open source): Community support only.",
        "Its CNCF status is incubating.",
    )
    assert pick(result, "bravo").editions == ("Bravo Community", "Bravo Enterprise")


def test_the_explanation_reads_like_a_memo(mini_workbook, mini_questionnaire):
    text = recommend(mini_workbook, mini_questionnaire, {}).explanation
    assert text == (
        "A mesh is worth it. The evaluation is framed for the Medium segment. You are a medium "
        "team. No answer moved the published weights, so the profile keeps them: the heaviest "
        "criteria are Depth 50.0%, Ease 30.0% and Cost 20.0%. No answer set a hard requirement. "
        "Hotel Mesh could not be ranked because its scores are incomplete. Alpha Mesh leads with "
        "a weighted total of 8.00, 0.30 ahead of Bravo Mesh (7.70). Charlie Mesh completes the "
        "shortlist. Foxtrot Mesh also meets every requirement but ranks below the shortlist cut "
        "of 3. Delta Platform and Golf Mesh would meet every requirement but are not among the "
        "candidates for your answers; the exclusions say why. Unanswered questions took their "
        "defaults: Size (Medium); Services (Some); Budget (Support subscription); Compliance "
        "(Usual reviews); Data plane (Either is fine); Priorities (none); Tools in use (none). "
        "The mini guide's scores are judgements."
    )


def test_only_unanswered_questions_are_reported_as_defaults(mini_workbook, mini_questionnaire):
    answers = {"size": "small", "budget": "open_source", "priorities": []}
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert result.defaulted == ("services", "compliance", "data_plane", "existing")
    assert "Unanswered questions took their defaults: Services (Some); Compliance" in (
        result.explanation
    )
    assert "Budget (" not in result.explanation and "Priorities (" not in result.explanation


def test_ranks_are_among_the_tools_that_can_be_chosen(mini_workbook, mini_questionnaire):
    """The grid ranks archived echo first and cannot rank hotel (no ease score); the reasons
    count neither, until hotel's missing criterion weighs nothing."""
    assert int(rank_workbook(mini_workbook).ranks[mini_workbook.tool_row("echo")]) == 1
    SetWeights.from_mapping({"depth": 100, "ease": 0, "cost": 0}).apply(mini_workbook)
    result = recommend(mini_workbook, mini_questionnaire, {})
    assert ids(result) == ["bravo", "alpha", "charlie"]  # charlie ties hotel, and comes first
    bravo = pick(result, "bravo")
    # delta (depth 10, not a candidate) is first; bravo ties archived echo on the grid
    assert (bravo.rank, bravo.choosable_rank) == (2, 2)
    assert bravo.reasons[1] == standing_sentence(9.0, 2, of=7)
    assert pick(result, "alpha").reasons[1] == standing_sentence(8.0, 3, of=7)
    assert pick(result, "charlie").reasons[1] == standing_sentence(7.0, 4, of=7)
    assert exclusions(result)["hotel"].reasons == (below_cut(7.0, 4, of=7),)


def test_an_incomplete_score_row_keeps_a_candidate_out(mini_workbook, mini_questionnaire):
    result = recommend(mini_workbook, mini_questionnaire, {})
    assert "hotel" not in ids(result)
    assert "Hotel Mesh could not be ranked because its scores are incomplete." in (
        result.explanation
    )


# --- inactive and unconfirmed tools ------------------------------------------------------------


def test_an_archived_tool_is_excluded_with_its_advice_however_well_it_scores(
    mini_workbook, mini_questionnaire
):
    assert int(rank_workbook(mini_workbook).ranks[mini_workbook.tool_row("echo")]) == 1
    result = recommend(mini_workbook, mini_questionnaire, {"size": "small"})
    echo = exclusions(result)["echo"]
    assert (echo.lifecycle_status, echo.lifecycle_since) == ("archived", "2025-03-01")
    assert echo.advice == "Move to Alpha Mesh, as the Echo maintainers advise."
    assert echo.reasons == (ECHO_REASON,)


def test_a_candidate_no_longer_maintained_is_dropped_and_said_so(mini_workbook, mini_questionnaire):
    """The loader refuses a rule naming an inactive tool, but a project's facts can change."""
    alpha = mini_workbook.tool("alpha")
    life = replace(alpha.facts.lifecycle, status="dormant", since="2025-06-01", advice="Use Bravo.")
    UpdateTool(replace(alpha, facts=replace(alpha.facts, lifecycle=life))).apply(mini_workbook)
    result = recommend(mini_workbook, mini_questionnaire, {"size": "small"})
    assert ids(result) == ["bravo", "foxtrot"]  # bravo widens the shortlist
    dropped = exclusions(result)["alpha"]
    assert dropped.candidate is True and dropped.lifecycle_status == "dormant"
    assert dropped.reasons == (
        "Its lifecycle status has been 'dormant' since 2025-06-01 [A1], and a platform that is "
        "no longer actively maintained is never shortlisted. Use Bravo.",
    )
    assert pick(result, "foxtrot").reasons[1] == standing_sentence(6.6, 4, of=5)
    assert (
        "Alpha Mesh (dormant since 2025-06-01) was dropped because no one actively maintains it "
        "any more; the exclusions name what to use instead."
    ) in result.explanation


def test_a_candidate_without_lifecycle_facts_is_never_shortlisted(
    mini_workbook, mini_questionnaire
):
    """An imported table has no facts: it cannot be shown to be maintained."""
    UpdateTool(replace(mini_workbook.tool("alpha"), facts=None)).apply(mini_workbook)
    result = recommend(mini_workbook, mini_questionnaire, {"size": "small"})
    assert "alpha" not in ids(result)
    first = exclusions(result)["alpha"].reasons[0]
    assert first == (
        "No lifecycle facts are recorded for it (a tool added or imported without them), so it "
        "cannot be shown to be maintained, and a platform is only shortlisted when its facts say "
        "it is active."
    )


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        (
            "candidates: [alpha, foxtrot]",
            "candidates: [alpha, foxtrot, echo]",
            "segment 'small': field 'segments[0].candidates[2]'",
        ),
        (
            "tools: [golf]",
            "tools: [golf, echo]",
            "candidate rule 'golf-in-use': field 'candidate_rules[0].tools[1]'",
        ),
    ],
)
def test_the_loader_refuses_a_rule_that_adds_an_inactive_tool(mini_copy, old, new, place):
    path = mini_copy / "questionnaire.yaml"
    edit(path, old, new)
    with pytest.raises(DataError) as info:
        load_questionnaire(path)  # the dataset beside it is the one checked against
    assert str(info.value) == (
        f"{path}: {place}: adds 'echo', which the dataset says is archived: a rule never adds a "
        "platform that is no longer actively maintained."
    )


# --- widening, a lone pick, ties -------------------------------------------------------------------


def test_too_few_candidates_widen_the_shortlist_from_outside_the_lists(
    mini_workbook, mini_questionnaire
):
    result = recommend(
        mini_workbook, mini_questionnaire, {"size": "small", "data_plane": "sidecarless"}
    )
    assert ids(result) == ["alpha", "delta"]
    assert pick(result, "delta").reasons[0] == (
        "It is not among the candidates for your answers: it was added to widen the shortlist "
        "because only 1 candidate met every requirement, and it is active and meets every "
        "must-have."
    )
    assert pick(result, "alpha").reasons[0].startswith("It is a candidate because")
    assert result.shared_reasons == ()  # a widened pick shares no candidacy
    assert (
        "Only 1 of the candidates for your answers met every requirement, so the shortlist was "
        "widened with Delta Platform, from outside the candidate lists"
    ) in result.explanation
    assert result.what_if == (WhatIf("sidecarless", ("foxtrot",)),)


def test_when_no_candidate_qualifies_the_widening_says_none(mini_workbook, mini_questionnaire):
    result = recommend(
        mini_workbook, mini_questionnaire, {"size": "small", "compliance": "regulated"}
    )
    assert ids(result) == ["bravo", "charlie"]
    first = pick(result, "bravo").reasons[0]
    assert first == (
        "It is not among the candidates for your answers: it was added to widen the shortlist "
        "because none of the candidates met every requirement, and it is active and meets every "
        "must-have."
    )
    assert "None of the candidates for your answers met every requirement, so the shortlist " in (
        result.explanation
    )
    assert "widened with Bravo Mesh and Charlie Mesh" in result.explanation


def test_a_lone_pick_has_no_runner_up(mini_workbook, mini_questionnaire):
    answers = {"size": "small", "data_plane": "sidecarless", "budget": "open_source"}
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert ids(result) == ["alpha"]  # delta, the other sidecarless tool, is paid
    assert (
        "That leaves Alpha Mesh alone (weighted total 8.00): no other active platform in the "
        "workbook meets every requirement, so there is no runner-up to compare; the what-if list "
        "shows which requirement, if relaxed, would bring candidates back."
    ) in result.explanation


def test_tied_tools_share_a_rank_and_keep_the_workbook_order(mini_workbook, mini_questionnaire):
    result = recommend(mini_workbook, mini_questionnaire, {"size": "small", "existing": ["golf"]})
    assert ids(result) == ["alpha", "foxtrot", "golf"]
    foxtrot, golf = pick(result, "foxtrot"), pick(result, "golf")
    assert foxtrot.total == golf.total
    assert (foxtrot.rank, golf.rank) == (6, 6)
    assert (foxtrot.choosable_rank, golf.choosable_rank) == (5, 5)
    assert (
        standing_sentence(6.6, 5) in foxtrot.reasons and standing_sentence(6.6, 5) in golf.reasons
    )


def test_tools_tied_below_the_cut_are_both_left_below_it(mini_workbook, mini_questionnaire):
    result = recommend(mini_workbook, mini_questionnaire, {"existing": ["golf"]})
    assert ids(result) == ["alpha", "bravo", "charlie"]
    out = exclusions(result)
    assert out["foxtrot"].reasons == out["golf"].reasons == (below_cut(6.6, 5),)
    assert (
        "Foxtrot Mesh and Golf Mesh also meet every requirement but rank below the shortlist cut "
        "of 3."
    ) in result.explanation


def test_a_tie_at_the_top_is_too_close_to_separate(mini_workbook, mini_questionnaire):
    SetWeights.from_mapping({"depth": 0, "ease": 100, "cost": 0}).apply(mini_workbook)
    result = recommend(mini_workbook, mini_questionnaire, {"size": "small", "existing": ["golf"]})
    assert ids(result) == ["alpha", "foxtrot", "golf"]
    assert [p.choosable_rank for p in result.shortlist] == [1, 1, 1]
    assert (
        "Alpha Mesh leads with a weighted total of 8.00, 0.00 ahead of Foxtrot Mesh (8.00), a "
        "margin too small to separate them on paper: treat the two as equals until a pilot "
        "decides. Golf Mesh completes the shortlist."
    ) in result.explanation


# --- the project differs from the questionnaire; bad answers -------------------------------------


def test_tools_the_rules_name_but_the_project_lacks_are_skipped(mini_workbook, mini_questionnaire):
    RemoveTool("bravo").apply(mini_workbook)
    result = recommend(mini_workbook, mini_questionnaire, {})
    assert ids(result) == ["alpha", "charlie", "foxtrot"]
    accounted = ids(result) + [e.tool_id for e in result.excluded]
    assert sorted(accounted) == sorted(t for t in MINI_TOOLS if t != "bravo")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"colour": "red"}, r"^'colour' is not a question; the questions are Size, Services, "),
        ({"budget": "cheap"}, r"^Budget: 'cheap' is not one of its options; the options are Op"),
        (
            {"priorities": ["depth", "ease", "cost"]},
            r"^Priorities: choose at most 2 \(you chose Depth, Ease and Cost\)\.$",
        ),
    ],
)
def test_unknown_answers_are_refused(mini_workbook, mini_questionnaire, answers, message):
    with pytest.raises(InputError, match=message):
        recommend(mini_workbook, mini_questionnaire, answers)
