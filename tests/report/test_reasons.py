"""The engine's reasons are records, and the report words every kind of them: exclusions carry
the must-haves and licence rules they failed, so no renderer re-derives them."""

from __future__ import annotations

import dataclasses

import pytest

from meshdesk.core.reasons import (
    MustHaveFailed,
    NoEditionFits,
    NoFacts,
    NoSingleEdition,
    Reason,
    ReasonKind,
)
from meshdesk.core.recommendation import apply_answers, recommend
from meshdesk.io.questionnaire import load_answers
from meshdesk.locations import data_dir
from meshdesk.report import text
from meshdesk.report.text.reasons import _WORDING

EXAMPLES = sorted(p.stem for p in (data_dir() / "examples").glob("*.yaml"))
FAILS_A_MUST_HAVE = (MustHaveFailed, NoFacts, NoSingleEdition)


def _recommendation(dataset, questionnaire, name: str):  # type: ignore[no-untyped-def]
    workbook = dataset.new_workbook(title=name)
    answers = load_answers(data_dir() / "examples" / f"{name}.yaml", questionnaire)
    apply_answers(workbook, questionnaire, answers).apply(workbook)
    return recommend(workbook, questionnaire, answers)


def test_every_kind_of_reason_has_its_words() -> None:
    assert set(_WORDING) == set(ReasonKind)


@pytest.mark.parametrize("name", EXAMPLES)
def test_reasons_are_frozen_records_about_their_tool(dataset, questionnaire, name) -> None:  # type: ignore[no-untyped-def]
    rec = _recommendation(dataset, questionnaire, name)
    for holder in (*rec.shortlist, *rec.excluded):
        assert holder.reasons, holder.tool_id
        for reason in holder.reasons:
            assert isinstance(reason, Reason) and not isinstance(reason, str)
            assert reason.tool_id == holder.tool_id
            with pytest.raises(dataclasses.FrozenInstanceError):
                reason.tool_id = "other"  # type: ignore[misc]
            said = text.reason_text(reason)
            assert said[:1].isupper() and said.endswith((".", "”")), said
    for shared in rec.shared_reasons:
        assert shared.kind is ReasonKind.CANDIDACY and shared.shared and shared.tool_id == ""


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_exclusion_names_the_must_haves_and_licence_rules_it_failed(  # type: ignore[no-untyped-def]
    dataset, questionnaire, name
) -> None:
    rec = _recommendation(dataset, questionnaire, name)
    must_haves = {m.id for m in rec.must_haves}
    for exclusion in rec.excluded:
        failed = {
            r.must_have_id for r in exclusion.reasons if isinstance(r, MustHaveFailed | NoFacts)
        }
        failed |= {
            w.must_have_id
            for r in exclusion.reasons
            if isinstance(r, NoSingleEdition)
            for w in r.where
        }
        assert set(exclusion.failed_must_haves) == failed, exclusion.tool_id
        assert set(exclusion.failed_must_haves) <= must_haves
        rules = {i for r in exclusion.reasons if isinstance(r, NoEditionFits) for i in r.rule_ids}
        assert set(exclusion.failed_licence_rules) == rules, exclusion.tool_id


def test_the_regulated_open_source_buyer_fails_fips_and_the_budget(dataset, questionnaire) -> None:  # type: ignore[no-untyped-def]
    rec = _recommendation(dataset, questionnaire, "regulated-open-source")
    out = {e.tool_id: e for e in rec.excluded}
    assert "fips" in out["istio"].failed_must_haves
    assert "fips" in out["kuma"].failed_must_haves  # only Kong Mesh has it, and it costs money
    # the what-if for the FIPS requirement returns exactly the candidates it alone keeps out
    fips = next(w for w in rec.what_if if w.must_have_id == "fips")
    assert all("fips" in out[t].failed_must_haves for t in fips.returns)
    assert text.relaxation(rec, fips) == rec.must_have("fips").label
