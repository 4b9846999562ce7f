"""What holds for any valid answers, applied or not, on the mini fixture: checked against an
oracle written here from the documented rules (a tool can be shortlisted when it is active,
its weighted total can be computed, and one edition the budget allows meets every must-have),
not from the engine's code."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meshdesk.core.commands import SetWeights
from meshdesk.core.numbers import fixed, rounded
from meshdesk.core.questionnaire import ONE, Questionnaire
from meshdesk.core.recommendation import with_answers_applied
from meshdesk.core.scoring import TIE_DECIMALS, rank_workbook
from meshdesk.core.workbook import Workbook
from tests.fixtures import MINI_CRITERIA, MINI_INACTIVE, tenths
from tests.helpers.said import recommend

NOT_A_CANDIDATE = "It is not among the candidates for your answers"


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


def full_answers(questionnaire: Questionnaire, answers) -> dict[str, object]:
    given_ = {k: (tuple(v) if isinstance(v, list) else v) for k, v in answers.items()}
    return {q.id: given_.get(q.id, q.default) for q in questionnaire.questions}


def can_be_shortlisted(workbook: Workbook, questionnaire: Questionnaire, answers) -> list[str]:
    """The tools that pass every check, by the documented rules, best total first."""
    full = full_answers(questionnaire, answers)
    musts = [r for r in questionnaire.must_have_rules if r.when.matches(full)]
    licences = [r for r in questionnaire.licence_rules if r.when.matches(full)]
    ranking = rank_workbook(workbook)
    found = []
    for row, tool in enumerate(workbook.tools):
        if tool.facts is None or not tool.is_active or not ranking.complete[row]:
            continue
        allowed = [e for e in tool.facts.editions if all(r.allows(e) for r in licences)]
        if any(
            all(
                tool.facts.feature(m.feature).value_in(e.id) in m.accepted
                and tool.facts.feature(m.feature).value_in(e.id) != "unknown"
                for m in musts
            )
            for e in allowed
        ):
            # totals equal to the ranking's precision are a tie, broken by workbook order
            found.append((-round(float(ranking.totals[row]), TIE_DECIMALS), row, tool.id))
    return [tool_id for _, _, tool_id in sorted(found)]


def candidate_ids(result) -> set[str]:
    chosen = {p.tool_id for p in result.shortlist if not p.reasons[0].startswith(NOT_A_CANDIDATE)}
    return chosen | {e.tool_id for e in result.excluded if e.candidate}


@st.composite
def situations(draw, questionnaire: Questionnaire):
    answers = random_answers(questionnaire, draw)
    apply = draw(st.booleans())
    weights = None
    if not apply:  # weights set by hand after (or without) Apply
        weights = draw(
            st.lists(st.sampled_from([0.0, 5.0, 10.0, 25.0, 50.0]), min_size=3, max_size=3).filter(
                any
            )
        )
    return answers, weights


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_invariants_hold_for_any_valid_answers(data, mini_dataset, mini_questionnaire):
    q = mini_questionnaire
    answers, weights = data.draw(situations(q))
    workbook = with_answers_applied(mini_dataset.new_workbook(), q, answers)
    if weights is not None:
        SetWeights(tuple(zip(MINI_CRITERIA, weights, strict=True))).apply(workbook)
    result = recommend(workbook, q, answers)

    # the profile: every criterion, one decimal, adding up to exactly 100
    assert list(result.weights) == list(MINI_CRITERIA)
    assert tenths(result.weights) == 1000 and math.isclose(sum(result.weights.values()), 100)
    assert all(round(w, 1) == w and w >= 0 for w in result.weights.values())
    assert result.weights_differ == (
        weights is not None
        and any(abs(result.ranked_weights[c] - result.weights[c]) > 0.15 for c in MINI_CRITERIA)
    )
    for change in result.weight_changes:  # each move is traced to an answer, given or default
        chosen = result.answers[change.question_id]
        assert change.option_id in ((chosen,) if isinstance(chosen, str) else chosen)
    assert result.segment in {s.id for s in q.segments}

    if not result.needs_mesh:
        assert result.alternative and not result.shortlist and not result.excluded
        return
    shortlisted = [p.tool_id for p in result.shortlist]
    excluded = [e.tool_id for e in result.excluded]
    # every tool exactly once, on the shortlist or among the exclusions, with reasons
    assert sorted(shortlisted + excluded) == sorted(workbook.tool_ids)
    assert all(e.reasons for e in result.excluded)
    assert not set(shortlisted) & MINI_INACTIVE
    for exclusion in result.excluded:
        if exclusion.tool_id in MINI_INACTIVE:
            assert exclusion.candidate is False  # no rule may add it
            assert exclusion.advice and exclusion.advice in exclusion.reasons[0]

    # every reason a sentence, each once; a shared candidacy said once, and nothing else lost
    for reasons in [p.reasons for p in result.shortlist] + [e.reasons for e in result.excluded]:
        assert len(set(reasons)) == len(reasons), reasons
        assert all(r[:1].isupper() and r.endswith(".") for r in reasons), reasons
    for p in result.shortlist:
        listed = result.pick_reasons(p)
        kept = [r for r in listed if "a candidate because" not in r]
        assert kept == [r for r in p.reasons if "a candidate because" not in r]
        said = {r.split(" because ", 1)[1] for r in p.reasons if "a candidate because" in r}
        again = {r.split(" because ", 1)[1] for r in listed if "a candidate because" in r}
        shared = {r.split(" because ", 1)[1] for r in result.shared_reasons}
        assert said == again | shared and not again & shared
    # the comparison: only with two picks, with their margin
    assert bool(result.comparison) == (len(result.shortlist) >= 2)
    if len(result.shortlist) >= 2:
        first, second = result.shortlist[0], result.shortlist[1]
        # the lead is the difference of the totals as the sentence shows them (three places)
        shown = rounded(first.total, 3) - rounded(second.total, 3)
        lead = f"by {shown:f} (" if shown > 0 else "by less than 0.001 ("
        assert lead in result.comparison or "are level at" in result.comparison
        assert f"({fixed(first.total, 3)} to {fixed(second.total, 3)})" in result.comparison or (
            "are level at" in result.comparison
        )

    # the shortlist: tools that pass every check, best first, within min..max unless too few pass
    eligible = can_be_shortlisted(workbook, q, answers)
    assert set(shortlisted) <= set(eligible)
    assert min(q.shortlist_min, len(eligible)) <= len(shortlisted) <= q.shortlist_max
    totals = [round(p.total, TIE_DECIMALS) for p in result.shortlist]
    assert totals == sorted(totals, reverse=True)
    for tool_id in set(eligible) - set(shortlisted):  # left out only by the cut or the lists
        text = " ".join(next(e.reasons for e in result.excluded if e.tool_id == tool_id))
        assert "ranks below the shortlist cut" in text or "not among the candidates" in text
    chosen = [t for t in eligible if t in candidate_ids(result)]
    if len(chosen) >= q.shortlist_min:
        assert shortlisted == chosen[: q.shortlist_max]

    # ranks are among the tools that can be chosen
    ranking = rank_workbook(workbook)
    choosable = [
        i for i, t in enumerate(workbook.tools) if t.is_active and t.facts and ranking.complete[i]
    ]
    for p in result.shortlist:
        better = sum(1 for i in choosable if ranking.totals[i] > p.total + 1e-9)
        assert p.choosable_rank == better + 1
        assert f"rank {p.choosable_rank} of the {len(choosable)} tools that can be chosen" in (
            " ".join(p.reasons)
        )

    # each what-if names exactly the candidates its relaxation brings back
    assert [w.must_have_id for w in result.what_if if w.relax == "must-have"] == [
        m.id for m in result.must_haves
    ]
    candidates = candidate_ids(result)
    before = set(eligible)
    for what in result.what_if:
        if what.relax == "budget":
            relaxed = replace(q, licence_rules=())
        else:
            rules = tuple(r for r in q.must_have_rules if r.id != what.must_have_id)
            relaxed = replace(q, must_have_rules=rules)
        back = [
            t
            for t in can_be_shortlisted(workbook, relaxed, answers)
            if t not in before and t in candidates
        ]
        assert list(what.returns) == back, what  # best first
    limits = any(
        r.when.matches(result.answers) and (r.allow_categories is not None or not r.allow_paid)
        for r in q.licence_rules
    )
    assert any(w.relax == "budget" for w in result.what_if) == limits
