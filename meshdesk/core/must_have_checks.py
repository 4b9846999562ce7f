"""Which must-haves a candidate meets: in one edition it may run, since one edition is what a
buyer runs (two must-haves met by two different editions are not both met). The findings go
on the candidate as records of meshdesk.core.reasons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from meshdesk.core.candidates import Candidate, certainty, note_of
from meshdesk.core.decision import MustHave
from meshdesk.core.facts import Edition, edition_wording
from meshdesk.core.reasons import MustHaveFailed, MustHaveMet, NoFacts, NoSingleEdition, OnlyIn
from meshdesk.core.workbook import Tool

UNKNOWN: Final = "unknown"  # a feature value that never meets a requirement


def met_in(tool: Tool, must: MustHave, edition: Edition) -> bool:
    assert tool.facts is not None
    value = tool.facts.feature(must.feature_id).value_in(edition.id)
    return value != UNKNOWN and value in must.accepted


def meeting(
    tool: Tool, musts: Sequence[MustHave], editions: Sequence[Edition]
) -> tuple[Edition, ...]:
    """The editions that meet every one of `musts` on their own: one edition is what a
    buyer runs, so two must-haves met by two different editions are not both met."""
    if tool.facts is None:
        return ()
    return tuple(e for e in editions if all(met_in(tool, m, e) for m in musts))


def check_must_haves(candidate: Candidate, must_haves: Sequence[MustHave]) -> None:
    """Which must-haves the candidate's allowed editions meet, one edition meeting them all;
    the records of what it meets and fails go on the candidate."""
    tool = candidate.tool
    if tool.facts is None:
        for must in must_haves:
            candidate.failed.append(must.id)
            candidate.failed_lines.append(
                NoFacts(tool_id=tool.id, must_have_id=must.id, label=must.label)
            )
        return
    if not must_haves:
        return
    # A tool the budget rules out wholly is judged on all its editions, so its reasons
    # state what it offers rather than "could not be confirmed" for lack of an edition.
    pool = candidate.editions or tool.facts.editions
    every = meeting(tool, must_haves, pool)
    if every:
        if candidate.editions:
            candidate.editions = every
        for must in must_haves:
            candidate.met_lines.append(met_line(tool, must, every[0]))
        return
    singly = [m for m in must_haves if meeting(tool, [m], pool)]
    for must in must_haves:
        if must not in singly:
            candidate.failed.append(must.id)
            candidate.failed_lines.append(failed_line(candidate, must, pool))
    if len(singly) == len(must_haves):  # each met, but never by the same edition
        candidate.failed.extend(m.id for m in singly)
        where = tuple(
            OnlyIn(m.id, m.label, tuple(e.name for e in meeting(tool, [m], pool))) for m in singly
        )
        candidate.failed_lines.append(NoSingleEdition(tool_id=tool.id, where=where))


def met_line(tool: Tool, must: MustHave, edition: Edition) -> MustHaveMet:
    assert tool.facts is not None
    fact = tool.facts.feature(must.feature_id)
    return MustHaveMet(
        tool_id=tool.id,
        must_have_id=must.id,
        label=must.label,
        feature_id=must.feature_id,
        value=fact.value_in(edition.id),
        edition=edition.name if fact.editions else "",
        note=note_of(fact),
        sources=fact.sources,
        certainty=certainty(fact),
    )


def failed_line(candidate: Candidate, must: MustHave, pool: Sequence[Edition]) -> MustHaveFailed:
    tool = candidate.tool
    assert tool.facts is not None
    fact = tool.facts.feature(must.feature_id)
    value, _edition = tool.facts.feature_in(must.feature_id, tuple(pool))
    return MustHaveFailed(
        tool_id=tool.id,
        must_have_id=must.id,
        label=must.label,
        feature_id=must.feature_id,
        accepted=must.accepted,
        shown=edition_wording(fact, tool.facts.editions),
        note=note_of(fact),
        sources=fact.sources,
        unknown=value == UNKNOWN,
        certainty=certainty(fact),
        budget_rules_out=bool(candidate.editions)
        and bool(meeting(tool, [must], tool.facts.editions)),
    )
