"""Licence rules per edition and must-haves per edition, on the mini fixture
(tests/fixtures/mini/README.md): which editions each budget allows, the caution on
source-available licences, a must-have that only a paid edition meets, partial and unknown
values, an empty shortlist and the what-if list that says what would bring tools back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from meshdesk.core.commands import UpdateTool
from meshdesk.core.decision import WhatIf
from meshdesk.core.errors import DataError
from meshdesk.io.questionnaire import load_questionnaire
from tests.helpers.said import recommend

OPEN_SOURCE_ONLY = "so it is left out because you asked for open-source software only."
FREE_TO_RUN = "so it is left out because you want software that is free to run."
BRAVO_FIPS = "yes, Bravo Enterprise only (FIPS 140-3 builds) [B2]"
CHARLIE_FIPS = "yes in Charlie Enterprise; partial in the other editions [C2]"
RULED_OUT = "the edition that has it is one the budget rules out."
FAILS_FIPS = "It fails the must-have 'FIPS-validated builds' (only yes counts)"
NOTHING_QUALIFIES = {"size": "large", "compliance": "regulated", "budget": "no_licence_fees"}


def ids(result) -> list[str]:
    return [p.tool_id for p in result.shortlist]


def pick(result, tool_id: str):
    return next(p for p in result.shortlist if p.tool_id == tool_id)


def reasons(result, tool_id: str) -> tuple[str, ...]:
    return next(e.reasons for e in result.excluded if e.tool_id == tool_id)


def with_accepted(questionnaire, rule_id: str, accepted: tuple[str, ...]):
    rules = tuple(
        replace(r, accepted=accepted) if r.id == rule_id else r
        for r in questionnaire.must_have_rules
    )
    return replace(questionnaire, must_have_rules=rules)


# --- which editions each budget allows ------------------------------------------------------------


def test_open_source_leaves_out_source_available_and_paid_editions(
    mini_workbook, mini_questionnaire
):
    result = recommend(
        mini_workbook, mini_questionnaire, {"size": "large", "budget": "open_source"}
    )
    assert reasons(result, "bravo") == (
        "No edition fits the budget (Bravo Community is BUSL-1.1 (source-available) [B1]; Bravo "
        f"Enterprise is Proprietary, a paid edition [B2]), {OPEN_SOURCE_ONLY}",
    )
    assert reasons(result, "delta") == (
        "No edition fits the budget (Delta Platform is Proprietary, a paid edition "
        f"[D1]), {OPEN_SOURCE_ONLY}",
    )
    charlie = pick(result, "charlie")  # its open-source edition is allowed, its paid one not
    assert charlie.editions == ("Charlie (open source)",)
    assert charlie.reasons[3:] == (
        "Of its editions, your budget allows Charlie (open source).",
        "The licence of Charlie (open source) is Apache-2.0 (open-source) [C1].",
        "Charlie (open source): Community support only.",
        "Its CNCF status is incubating.",
    )
    assert ids(result) == ["alpha", "charlie"]  # alpha widens the shortlist
    assert "Bravo Mesh and Delta Platform were left out on licence grounds." in result.explanation
    assert result.what_if == (WhatIf("", ("bravo", "delta"), relax="budget"),)
    assert result.relaxation(result.what_if[0]) == (
        "a budget that allows every edition, paid ones included"
    )


def test_no_licence_fees_keeps_the_source_available_edition_with_a_caution(
    mini_workbook, mini_questionnaire
):
    answers = {"size": "large", "budget": "no_licence_fees"}
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert ids(result) == ["bravo", "charlie"]
    bravo = pick(result, "bravo")
    assert bravo.editions == ("Bravo Community",)
    assert bravo.reasons[3:] == (
        "Of its editions, your budget allows Bravo Community.",
        "The licence of Bravo Community is BUSL-1.1 (source-available) [B1].",
        "Licence caution: the licence of Bravo Community, BUSL-1.1, is source-available rather "
        "than open source.",
        "It is not part of the CNCF.",
    )
    assert not any("rather than open source" in r for r in pick(result, "charlie").reasons)
    assert reasons(result, "delta") == (
        "No edition fits the budget (Delta Platform is Proprietary, a paid edition "
        f"[D1]), {FREE_TO_RUN}",
    )
    assert result.what_if == (WhatIf("", ("delta",), relax="budget"),)


def test_a_support_budget_allows_paid_editions(mini_workbook, mini_questionnaire):
    result = recommend(mini_workbook, mini_questionnaire, {"size": "large"})
    assert ids(result) == ["bravo", "charlie", "delta"]
    assert pick(result, "bravo").editions == ("Bravo Community", "Bravo Enterprise")
    assert pick(result, "delta").editions == ("Delta Platform",)
    assert not any("your budget allows" in r for p in result.shortlist for r in p.reasons)
    assert "licence grounds" not in result.explanation
    assert result.what_if == ()  # no licence rule matched, no must-have


def test_a_premium_budget_limits_nothing_but_shows_every_licence(mini_workbook, mini_questionnaire):
    result = recommend(mini_workbook, mini_questionnaire, {"size": "small", "budget": "premium"})
    assert ids(result) == ["alpha", "delta", "foxtrot"]
    assert pick(result, "alpha").reasons[3:] == (
        "Its licence is Apache-2.0 (open-source) [A1].",
        "Its CNCF status is graduated.",
    )
    assert pick(result, "delta").reasons[-2:] == (
        "Its licence is Proprietary [D1].",
        "It is not part of the CNCF.",
    )
    assert result.what_if == ()  # a rule without limits offers no budget relaxation


# --- must-haves per edition ----------------------------------------------------------------------


def test_a_must_have_met_only_in_a_paid_edition_counts_when_the_budget_allows_it(
    mini_workbook, mini_questionnaire
):
    result = recommend(
        mini_workbook, mini_questionnaire, {"size": "large", "compliance": "regulated"}
    )
    assert ids(result) == ["bravo", "charlie", "delta"]
    met = {
        p.tool_id: [r for r in p.reasons if r.startswith("It meets the must-have")]
        for p in result.shortlist
    }
    assert met == {
        "bravo": [
            "It meets the must-have 'FIPS-validated builds' in Bravo Enterprise: yes (FIPS 140-3 "
            "builds) [B2]."
        ],
        "charlie": [
            "It meets the must-have 'FIPS-validated builds' in Charlie Enterprise: yes [C2]."
        ],
        # one edition: none named
        "delta": ["It meets the must-have 'FIPS-validated builds': yes [D1]."],
    }
    assert (
        "Your answers set 1 hard requirement, 'FIPS-validated builds'; every other candidate "
        "meets it."
    ) in result.explanation
    assert result.what_if == (WhatIf("fips", ()),)


def test_a_must_have_met_only_in_an_edition_the_budget_rules_out_fails(
    mini_workbook, mini_questionnaire
):
    result = recommend(mini_workbook, mini_questionnaire, NOTHING_QUALIFIES)
    assert reasons(result, "bravo") == (f"{FAILS_FIPS}: {BRAVO_FIPS}; {RULED_OUT}",)
    # charlie's allowed edition has only a partial FIPS build
    assert reasons(result, "charlie") == (f"{FAILS_FIPS}: {CHARLIE_FIPS}; {RULED_OUT}",)


def test_when_nothing_qualifies_the_shortlist_is_empty_and_the_what_ifs_say_why(
    mini_workbook, mini_questionnaire
):
    result = recommend(mini_workbook, mini_questionnaire, NOTHING_QUALIFIES)
    assert result.needs_mesh is True and result.shortlist == ()
    assert sorted(e.tool_id for e in result.excluded) == sorted(mini_workbook.tool_ids)
    assert result.what_if == (
        WhatIf("fips", ("bravo", "charlie")),
        WhatIf("", ("bravo", "charlie", "delta"), relax="budget"),
    )
    assert [result.relaxation(w) for w in result.what_if] == [
        "FIPS-validated builds",
        "a budget that allows every edition, paid ones included",
    ]
    text = result.explanation
    assert (
        "Your answers set 1 hard requirement, 'FIPS-validated builds', which rules out Bravo Mesh "
        "and Charlie Mesh. Delta Platform was left out on licence grounds. No active platform in "
        "the workbook meets every requirement within the budget, so there is no shortlist; the "
        "what-if list shows which requirement, if relaxed, would bring candidates back. A budget "
        "that allows paid editions would bring back Bravo Mesh, Charlie Mesh and Delta Platform."
    ) in text


def test_each_what_if_brings_back_what_it_says(mini_workbook, mini_questionnaire):
    bigger_budget = recommend(
        mini_workbook, mini_questionnaire, {**NOTHING_QUALIFIES, "budget": "commercial_support"}
    )
    assert ids(bigger_budget) == ["bravo", "charlie", "delta"]
    no_fips = recommend(
        mini_workbook, mini_questionnaire, {**NOTHING_QUALIFIES, "compliance": "standard"}
    )
    assert ids(no_fips) == ["bravo", "charlie"]


def test_a_partial_value_never_meets_a_must_have_that_accepts_only_yes(
    mini_workbook, mini_questionnaire
):
    answers = {"size": "small", "data_plane": "sidecarless"}
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert reasons(result, "foxtrot") == (
        "It fails the must-have 'Sidecarless data plane' (only yes counts): partial (Beta) [F1].",
    )
    lenient = with_accepted(mini_questionnaire, "sidecarless", ("yes", "partial"))
    again = recommend(mini_workbook, lenient, answers)
    assert "It meets the must-have 'Sidecarless data plane': partial (Beta) [F1]." in (
        pick(again, "foxtrot").reasons
    )


def test_unknown_never_meets_a_must_have(mini_workbook, mini_questionnaire):
    answers = {"size": "small", "compliance": "regulated"}
    line = (
        "It fails the must-have 'FIPS-validated builds' (only {} counts): unknown [F1]; a "
        "capability that could not be confirmed counts as missing."
    )
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert reasons(result, "foxtrot") == (line.format("yes"),)
    # not even when a rule built in memory lists it (the loader refuses that, below)
    careless = with_accepted(mini_questionnaire, "fips", ("yes", "unknown"))
    assert reasons(recommend(mini_workbook, careless, answers), "foxtrot") == (
        line.format("yes or unknown"),
    )


def test_the_loader_refuses_unknown_as_an_accepted_value(mini_copy):
    path = mini_copy / "questionnaire.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count('accepted: ["yes"]') == 2
    path.write_text(text.replace('accepted: ["yes"]', 'accepted: ["yes", unknown]', 1), "utf-8")
    with pytest.raises(
        DataError, match=r"must-have rule 'fips'.*'unknown' cannot meet a requirement"
    ):
        load_questionnaire(path)


def test_an_unverified_deciding_fact_is_said_so(mini_workbook, mini_questionnaire):
    result = recommend(
        mini_workbook, mini_questionnaire, {"size": "large", "data_plane": "sidecarless"}
    )
    assert ids(result) == ["alpha", "delta"]  # alpha widens the shortlist, and ranks first
    assert (
        "It meets the must-have 'Sidecarless data plane': yes [D1]; this fact is unverified."
        in (pick(result, "delta").reasons)
    )


# --- editions and must-haves together ------------------------------------------------------------


def test_one_edition_must_meet_every_must_have(mini_workbook, mini_questionnaire):
    bravo = mini_workbook.tool("bravo")
    features = dict(bravo.facts.features)
    # sidecarless only in the community edition, FIPS only in the enterprise edition
    features["sidecarless"] = replace(features["sidecarless"], value="yes", editions=("community",))
    UpdateTool(replace(bravo, facts=replace(bravo.facts, features=features))).apply(mini_workbook)
    answers = {"size": "large", "compliance": "regulated", "data_plane": "sidecarless"}
    result = recommend(mini_workbook, mini_questionnaire, answers)
    assert "bravo" not in ids(result)
    assert (
        "No single edition meets every must-have ('FIPS-validated builds' only in Bravo "
        "Enterprise; 'Sidecarless data plane' only in Bravo Community), and one edition is "
        "what you would run."
    ) in reasons(result, "bravo")
    # Relaxing either requirement brings it back, and the what-ifs say so.
    assert all("bravo" in w.returns for w in result.what_if if w.relax == "must-have")


def test_the_pick_names_the_edition_that_meets_the_must_haves(mini_workbook, mini_questionnaire):
    answers = {"size": "large", "compliance": "regulated", "budget": "commercial_support"}
    result = recommend(mini_workbook, mini_questionnaire, answers)
    bravo = pick(result, "bravo")
    assert bravo.editions == ("Bravo Enterprise",)
    assert "The edition that meets every must-have is Bravo Enterprise." in bravo.reasons
    # The licence cited is that edition's, not the community edition's BUSL-1.1.
    assert "The licence of Bravo Enterprise is Proprietary [B2]." in bravo.reasons
    assert not any("BUSL-1.1" in r for r in bravo.reasons)


def test_a_licence_blocked_tool_is_not_said_to_lack_a_confirmed_capability(
    mini_workbook, mini_questionnaire
):
    assert mini_workbook.tool("delta").facts.feature("fips").value == "yes"
    result = recommend(mini_workbook, mini_questionnaire, NOTHING_QUALIFIES)
    assert not any("could not be confirmed" in r for r in reasons(result, "delta"))
