"""The recommendation engine: the issue's acceptance examples, invariants and rule effects."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshdesk.core.errors import InputError
from meshdesk.core.questionnaire import ONE, Questionnaire
from meshdesk.core.recommendation import Recommendation, recommend, with_answers_applied
from meshdesk.core.scoring import compute
from meshdesk.core.weight_profile import to_percent
from meshdesk.core.workbook import Workbook
from tests.expected import CRITERION_IDS, ENTERPRISE_ANSWERS, GUIDE_WEIGHTS, INACTIVE

EXAMPLE_1 = {
    "organization": "solo",
    "services": "1-5",
    "architecture": "monolith",
    "kubernetes": "learning",
}
EXAMPLE_2 = {
    "organization": "smb",
    "services": "6-20",
    "architecture": "microservices",
    "kubernetes": "production",
    "priorities": ["simplicity"],
    "budget": "open_source",
}
EXAMPLE_3 = ENTERPRISE_ANSWERS
EXAMPLE_4 = {
    "organization": "mid_market",
    "services": "21-100",
    "kubernetes": "production",
    "workloads": ["kubernetes", "vms"],
    "existing": ["hashicorp"],
}
GUIDE = dict(zip(CRITERION_IDS, GUIDE_WEIGHTS, strict=True))


def feature(workbook: Workbook, tool_id: str, feature_id: str) -> str:
    return workbook.tool(tool_id).facts.feature(feature_id).value


def applied(workbook: Workbook, questionnaire: Questionnaire, answers) -> Recommendation:
    """The recommendation as the wizard shows it: after Apply, under the answers' profile."""
    return recommend(with_answers_applied(workbook, questionnaire, answers), questionnaire, answers)


def tenths(result: Recommendation) -> int:
    return sum(round(w * 10) for w in result.weights.values())


# --- the four acceptance examples of the issue --------------------------------------------------


def test_example_1_a_solo_monolith_needs_no_mesh(workbook, questionnaire):
    result = applied(workbook, questionnaire, EXAMPLE_1)
    assert result.needs_mesh is False
    assert result.alternative and "ingress controller" in result.alternative.lower()
    assert result.alternative_reason
    assert result.shortlist == () and result.excluded == ()
    assert result.segment == "solo"  # still worked out
    assert tenths(result) == 1000
    assert result.alternative.lower()[:20] in result.explanation.lower()


def test_example_2_smb_gets_an_active_light_mesh(workbook, questionnaire):
    result = applied(workbook, questionnaire, EXAMPLE_2)
    assert result.needs_mesh is True and result.alternative is None
    assert result.segment == "smb"
    shortlisted = {p.tool_id for p in result.shortlist}
    assert 2 <= len(shortlisted) <= 4
    assert all(workbook.tool(t).is_active for t in shortlisted)
    assert shortlisted & {"linkerd", "kuma"}
    excluded = {e.tool_id: e for e in result.excluded}
    assert "traefik-mesh" in excluded  # the guide names it for SMBs
    traefik = excluded["traefik-mesh"]
    assert traefik.lifecycle_status == "dormant"
    assert traefik.lifecycle_since == "2026-02-24"
    assert "dormant since 2026-02-24" in traefik.reasons[0]
    assert traefik.advice in traefik.reasons[0]
    assert result.weights["ease"] > GUIDE["ease"]


def test_example_3_regulated_enterprise(workbook, questionnaire):
    result = applied(workbook, questionnaire, EXAMPLE_3)
    assert result.segment == "enterprise"
    assert len(result.shortlist) >= 2
    for pick in result.shortlist:
        assert feature(workbook, pick.tool_id, "multi_cluster") == "yes", pick.tool_id
    assert result.weights["security"] > GUIDE["security"]
    assert {m.feature_id for m in result.must_haves} == {"multi_cluster", "fips"}


def test_example_4_vms_and_hashicorp_bring_consul(workbook, questionnaire):
    result = applied(workbook, questionnaire, EXAMPLE_4)
    assert result.segment == "mid_market"
    shortlisted = [p.tool_id for p in result.shortlist]
    assert "consul" in shortlisted
    for tool_id in shortlisted:
        assert feature(workbook, tool_id, "vm_workloads") == "yes", tool_id
    consul = next(p for p in result.shortlist if p.tool_id == "consul")
    assert any("HashiCorp" in r for r in consul.reasons)
    # Cilium removed VM onboarding: it is excluded, and the what-if list brings it back
    cilium = next(e for e in result.excluded if e.tool_id == "cilium")
    assert any(r.startswith("fails must-have 'Runs VM workloads'") for r in cilium.reasons)
    assert [(w.must_have_id, w.returns) for w in result.what_if] == [("vm-workloads", ("cilium",))]


# --- reasons traced to answers and facts ---------------------------------------------------------


def test_pick_reasons_cite_rank_facts_and_origin(workbook, questionnaire):
    result = applied(workbook, questionnaire, EXAMPLE_4)
    kuma = next(p for p in result.shortlist if p.tool_id == "kuma")
    assert "meets must-have 'Runs VM workloads': yes (Universal mode) [K1]" in kuma.reasons
    assert f"weighted total {kuma.total:.2f}, rank {kuma.rank} of 10 under the current weights" in (
        kuma.reasons
    )
    assert any(r.startswith("candidate because the guide lists it") for r in kuma.reasons)


def test_totals_and_ranks_come_from_the_scoring_engine(workbook, questionnaire):
    result = applied(workbook, questionnaire, EXAMPLE_3)
    weights = np.array([result.weights[c] for c in workbook.criterion_ids])
    ranking = compute(workbook.scores, weights)
    for pick in result.shortlist:
        row = workbook.tool_row(pick.tool_id)
        assert pick.total == float(ranking.totals[row])
        assert pick.rank == int(ranking.ranks[row])
    totals = [p.total for p in result.shortlist]
    assert totals == sorted(totals, reverse=True)


def test_weight_moves_are_reported_answer_by_answer(workbook, questionnaire):
    result = applied(workbook, questionnaire, {"priorities": ["security"]})
    security = [c for c in result.weight_changes if c.criterion_id == "security"]
    assert [c.reason for c in security] == ["priority security: security 10 -> 18"]
    assert (security[0].question_id, security[0].option_id) == ("priorities", "security")
    assert security[0].why
    assert result.weights["security"] > GUIDE["security"]
    assert "priority security: security 10 -> 18" in result.explanation


def test_a_typical_team_keeps_the_guide_profile(workbook, questionnaire):
    answers = {"organization": "smb", "platform_team": "part_time", "compliance": "standard"}
    result = applied(workbook, questionnaire, answers)
    assert result.weight_changes == ()
    assert result.weights == {c: float(w) for c, w in GUIDE.items()}
    assert "No answer moved the published weights" in result.explanation


def test_an_unknown_feature_value_never_meets_a_must_have(workbook, questionnaire):
    result = applied(workbook, questionnaire, EXAMPLE_3)
    assert feature(workbook, "cilium", "fips") == "unknown"
    cilium = next(e for e in result.excluded if e.tool_id == "cilium")
    line = next(r for r in cilium.reasons if "FIPS" in r)
    assert "unknown" in line and "could not be confirmed" in line
    assert ("fips", ("cilium",)) in [(w.must_have_id, w.returns) for w in result.what_if]


def test_an_unverified_deciding_fact_is_said_so(workbook, questionnaire):
    answers = {**EXAMPLE_3, "budget": "open_source", "existing": ["kong"]}
    result = applied(workbook, questionnaire, answers)
    kuma_fips = workbook.tool("kuma").facts.feature("fips")
    assert kuma_fips.value == "partial" and kuma_fips.unverified
    kuma = [p for p in result.shortlist if p.tool_id == "kuma"]
    kuma_reasons = (
        kuma[0].reasons if kuma else next(e.reasons for e in result.excluded if e.tool_id == "kuma")
    )
    assert any("FIPS" in r and "unverified" in r for r in kuma_reasons)


def test_aws_estate_meets_app_mesh_only_as_an_exclusion_with_successors(workbook, questionnaire):
    result = applied(workbook, questionnaire, {"organization": "smb", "cloud": "aws"})
    assert "aws-app-mesh" not in {p.tool_id for p in result.shortlist}
    app_mesh = next(e for e in result.excluded if e.tool_id == "aws-app-mesh")
    assert app_mesh.lifecycle_status == "end-of-support"
    assert app_mesh.lifecycle_since == "2026-09-30"
    assert "ECS Service Connect" in app_mesh.advice and "VPC Lattice" in app_mesh.advice
    assert "VPC Lattice" in app_mesh.reasons[0]
    assert "AWS App Mesh (end of support since 2026-09-30)" in result.explanation


def test_free_software_budget_leaves_out_paid_products(workbook, questionnaire):
    answers = {"organization": "enterprise", "budget": "open_source", "services": "100+"}
    result = applied(workbook, questionnaire, answers)
    excluded = {e.tool_id: e for e in result.excluded}
    for tool_id in ("gloo-mesh", "tetrate-service-bridge"):
        assert workbook.tool(tool_id).facts.license.category == "proprietary"
        assert any("licence" in r and "left out" in r for r in excluded[tool_id].reasons)
    assert "licence grounds" in result.explanation
    consul = [p for p in result.shortlist if p.tool_id == "consul"]
    if consul:  # source-available: kept, with a caution
        assert any("source-available rather than open source" in r for r in consul[0].reasons)
    for pick in result.shortlist:
        assert workbook.tool(pick.tool_id).facts.license.category != "proprietary"


def test_too_few_candidates_widen_the_search_and_say_so(workbook, questionnaire):
    answers = {"organization": "enterprise", "workloads": ["kubernetes", "windows"]}
    result = applied(workbook, questionnaire, answers)
    assert [p.tool_id for p in result.shortlist] == ["linkerd"]  # the only one with Windows
    assert result.shortlist[0].reasons[0].startswith("not among the candidates for your answers")
    assert "widened" in result.explanation and "no runner-up" in result.explanation


def test_a_tool_without_a_total_is_excluded_not_shortlisted(workbook, questionnaire):
    workbook.scores[workbook.tool_row("linkerd"), workbook.criterion_col("ease")] = np.nan
    result = applied(workbook, questionnaire, EXAMPLE_2)
    assert "linkerd" not in {p.tool_id for p in result.shortlist}
    linkerd = next(e for e in result.excluded if e.tool_id == "linkerd")
    assert any("cannot be computed: no score for Ease of use" in r for r in linkerd.reasons)


def test_criteria_and_tools_missing_from_the_project_are_skipped(dataset, questionnaire):
    keep = [j for j, c in enumerate(dataset.criteria) if c.id != "security"]
    rows = [i for i, t in enumerate(dataset.tools) if t.id != "kuma"]
    scores = np.array(dataset.scores)[np.ix_(rows, keep)]
    trimmed = Workbook(
        [dataset.tools[i] for i in rows],
        [dataset.criteria[j] for j in keep],
        [dataset.weights[j] for j in keep],
        scores,
        publication=dataset.publication,
        catalogue=dataset.catalogue,
    )
    result = applied(trimmed, questionnaire, {**EXAMPLE_3, "priorities": ["security"]})
    assert list(result.weights) == [c for c in CRITERION_IDS if c != "security"]
    assert tenths(result) == 1000
    assert "kuma" not in {p.tool_id for p in result.shortlist} | {
        e.tool_id for e in result.excluded
    }


def test_weights_fall_back_to_the_current_ones_without_published_weights(dataset, questionnaire):
    workbook = dataset.new_workbook()
    workbook.publication = None
    workbook.weights[:] = 1.0  # e.g. a project imported from a CSV: equal weights
    # equal weights scaled to 100 (14.3 each), then a missing platform team adds 10 to ease
    # and takes 5 from core
    result = applied(workbook, questionnaire, {"platform_team": "none"})
    assert [c.reason for c in result.weight_changes] == [
        "platform team none: ease 14.3 -> 24.3",
        "platform team none: core 14.3 -> 9.3",
    ]
    assert result.weights["core"] == pytest.approx((100 / 7 - 5) / 1.05, abs=0.1)
    assert result.weights["ease"] == pytest.approx((100 / 7 + 10) / 1.05, abs=0.1)
    assert tenths(result) == 1000


# --- segments ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "segment"),
    [
        ({"organization": "smb", "services": "100+"}, "mid_market"),
        ({"organization": "smb", "kubernetes": "multi_cluster"}, "mid_market"),
        (
            {
                "organization": "mid_market",
                "kubernetes": "multi_cluster",
                "compliance": "regulated",
            },
            "enterprise",
        ),
        (
            {"organization": "solo", "services": "21-100", "kubernetes": "production"},
            "smb",
        ),
        (
            {
                "organization": "enterprise",
                "services": "6-20",
                "kubernetes": "production",
                "compliance": "standard",
            },
            "mid_market",
        ),
    ],
)
def test_scale_and_complexity_move_the_segment_with_a_reason(
    workbook, questionnaire, answers, segment
):
    result = applied(workbook, questionnaire, answers)
    assert result.segment == segment
    base = applied(workbook, questionnaire, {"organization": answers["organization"]})
    assert result.segment_reason.startswith(base.segment_reason)
    assert len(result.segment_reason) > len(base.segment_reason)
    assert result.segment_label in result.explanation


def test_defaults_alone_never_move_the_segment(workbook, questionnaire):
    # the defaults (6-20 services, production) would match the enterprise-small-estate move
    result = applied(workbook, questionnaire, {"organization": "enterprise"})
    assert result.segment == "enterprise"
    assert "services" in result.defaulted


# --- the memo -------------------------------------------------------------------------------------


def test_explanation_reads_like_a_memo(workbook, questionnaire):
    result = applied(workbook, questionnaire, EXAMPLE_4)
    text = result.explanation
    top, second = result.shortlist[0], result.shortlist[1]
    assert f"{top.name} leads with a weighted total of {top.total:.2f}" in text
    assert f"{top.total - second.total:.2f} ahead of {second.name}" in text
    assert "Mid-market segment" in text and "Runs VM workloads" in text
    assert "rules out Cilium" in text
    assert questionnaire.memo.caveat in text
    assert "\n" not in text and "{" not in text and "[" not in text
    assert text.count(". ") >= 6  # sentences, not a lookup dump


def test_unanswered_questions_are_reported(workbook, questionnaire):
    result = applied(workbook, questionnaire, {"organization": "smb"})
    assert "organization" not in result.defaulted
    assert "budget" in result.defaulted and "Budget (Support subscription)" in result.explanation
    assert result.answers["budget"] == "commercial_support"


def test_unknown_answers_are_refused(workbook, questionnaire):
    with pytest.raises(InputError, match="'size' is not a question"):
        applied(workbook, questionnaire, {"size": "big"})


def test_to_percent_uses_the_largest_remainder():
    assert to_percent([1, 1, 1]) == [33.4, 33.3, 33.3]
    assert to_percent([25, 15, 15, 10, 10, 10, 15]) == [25.0, 15.0, 15.0, 10.0, 10.0, 10.0, 15.0]
    assert to_percent([2, 1]) == [66.7, 33.3]
    with pytest.raises(InputError, match="add up to 0"):
        to_percent([0, 0])


# --- invariants over random valid answers drawn from the questionnaire itself ----------------


def random_answers(questionnaire: Questionnaire, draw: st.DrawFn) -> dict[str, object]:
    answers: dict[str, object] = {}
    for question in questionnaire.questions:
        if draw(st.booleans()):
            continue  # left unanswered
        options = st.sampled_from(question.option_ids)
        if question.kind == ONE:
            answers[question.id] = draw(options)
        else:
            limit = question.max_choices or len(question.option_ids)
            answers[question.id] = draw(st.lists(options, unique=True, max_size=limit))
    return answers


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_invariants_hold_for_any_valid_answers(data, dataset, questionnaire):
    workbook = dataset.new_workbook()
    answers = random_answers(questionnaire, data.draw)
    result = applied(workbook, questionnaire, answers)

    assert list(result.weights) == CRITERION_IDS
    assert tenths(result) == 1000 and math.isclose(sum(result.weights.values()), 100)
    assert all(round(w, 1) == w and w >= 0 for w in result.weights.values())
    assert result.segment in {s.id for s in questionnaire.segments}

    shortlisted = [p.tool_id for p in result.shortlist]
    assert not set(shortlisted) & INACTIVE
    assert all(workbook.tool(t).is_active for t in shortlisted)
    assert len(shortlisted) <= questionnaire.shortlist_max
    assert not set(shortlisted) & {e.tool_id for e in result.excluded}
    for pick in result.shortlist:
        for must in result.must_haves:
            assert feature(workbook, pick.tool_id, must.feature_id) in must.accepted
    if not result.needs_mesh:
        assert result.alternative and not result.shortlist and not result.excluded
    else:
        assert result.alternative is None
        assert [w.must_have_id for w in result.what_if] == [m.id for m in result.must_haves]
        excluded_ids = {e.tool_id for e in result.excluded}
        for what in result.what_if:
            assert set(what.returns) <= excluded_ids
            assert all(workbook.tool(t).is_active for t in what.returns)
    for exclusion in result.excluded:
        assert exclusion.reasons
        if exclusion.tool_id in INACTIVE:
            assert exclusion.lifecycle_status and exclusion.advice
    for change in result.weight_changes:  # each move is traced to an answer given or defaulted
        assert f": {change.criterion_id} " in change.reason and " -> " in change.reason
        chosen = result.answers[change.question_id]
        assert change.option_id in ((chosen,) if isinstance(chosen, str) else chosen)


# --- every example answers file gives a valid result ---------------------------------------------


def example_files() -> list[Path]:
    from meshdesk.locations import data_dir

    return sorted((data_dir() / "examples").glob("*.yaml"))


def test_there_is_an_example_for_every_segment():
    names = {p.stem for p in example_files()}
    assert {"solo", "smb", "mid-market", "enterprise"} <= names


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_every_example_file_gives_a_valid_result(path, workbook, questionnaire):
    from meshdesk.io.questionnaire import load_answers

    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "each example starts with a comment saying what it shows"
    result = applied(workbook, questionnaire, load_answers(path, questionnaire))
    assert tenths(result) == 1000
    assert result.explanation
    if result.needs_mesh:
        assert result.shortlist
        assert not {p.tool_id for p in result.shortlist} & INACTIVE
    segment_file = {
        "solo": "solo",
        "smb": "smb",
        "mid-market": "mid_market",
        "enterprise": "enterprise",
    }
    if path.stem in segment_file:
        assert result.segment == segment_file[path.stem]


def test_a_candidate_without_lifecycle_facts_is_never_shortlisted(workbook, questionnaire):
    """An imported table has no facts: a dormant platform must not come back as "active"."""
    from dataclasses import replace

    from meshdesk.core.commands import UpdateTool

    traefik = workbook.tool("traefik-mesh")
    UpdateTool(replace(traefik, facts=None)).apply(workbook)
    answers = {
        "organization": "smb",
        "services": "6-20",
        "architecture": "microservices",
        "kubernetes": "production",
        "priorities": ["simplicity"],
        "budget": "open_source",
    }
    result = applied(workbook, questionnaire, answers)
    assert "traefik-mesh" not in {p.tool_id for p in result.shortlist}
    excluded = {e.tool_id: e for e in result.excluded}
    assert "no lifecycle facts are recorded" in " ".join(excluded["traefik-mesh"].reasons)
