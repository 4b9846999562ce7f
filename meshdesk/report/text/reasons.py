"""How each kind of reason reads: the one place the engine's records become sentences.

`reason_text(reason)` gives the sentence about the tool the reason sits under ("It meets the
must-have ..."); `subject` puts another word for the tool in front ("Each" when several picks
share it). The command line's JSON, the workbook, the wizard, the memo and the ADR all say a
reason with these words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from meshdesk.core.numbers import fixed
from meshdesk.core.reasons import (
    BelowCut,
    Candidacy,
    Certainty,
    Cncf,
    Licence,
    LicenceCaution,
    Lifecycle,
    MeetingEditions,
    MissingScores,
    MustHaveFailed,
    MustHaveMet,
    NoEditionFits,
    NoFacts,
    NoSingleEdition,
    NotCandidate,
    Reason,
    ReasonKind,
    Refusal,
    Standing,
    Strongest,
    Unconfirmed,
    Widened,
)
from meshdesk.report.text.sentence import capital, finished, names, short_number, sources

NO_CNCF: Final = "none"  # the CNCF status of a project outside it
SUBJECT: Final = "It"  # how a reason names the tool it sits under

# The kinds whose figures a side-by-side table of the picks shows (total and rank, scores on
# the heaviest criteria, each must-have met, the editions that meet them, licence, CNCF).
TABULATED: Final = frozenset(
    {
        ReasonKind.STANDING,
        ReasonKind.STRONGEST,
        ReasonKind.MUST_HAVE_MET,
        ReasonKind.MEETING_EDITIONS,
        ReasonKind.LICENCE,
        ReasonKind.CNCF,
    }
)


def _doubt(certainty: Certainty) -> str:
    if certainty is Certainty.UNVERIFIED:
        return "; this fact is unverified"
    if certainty is Certainty.THIRD_PARTY:
        return "; only a third-party source states this"
    return ""


def _cited(value: str, note: str, ids: Iterable[str]) -> str:
    """`yes (Universal mode) [K1]`"""
    return f"{value}{f' ({note})' if note else ''}{sources(tuple(ids))}"


def _widened(r: Widened) -> str:
    found = (
        "none of the candidates"
        if r.survivors == 0
        else f"only {r.survivors} candidate{'' if r.survivors == 1 else 's'}"
    )
    return (
        "It is not among the candidates for your answers: it was added to widen the "
        f"shortlist because {found} met every requirement, and it is active and meets "
        "every must-have."
    )


def candidacy_clause(r: Candidacy) -> str:
    """The clause with its sources and answers: 'AKS offers ... [CL2, O13] (from Hosting:
    Microsoft Azure)'."""
    clause = f"{r.clause}{sources(r.sources)}"
    if not r.causes:
        return clause
    answers = "; ".join(f"{c.question}: {names(c.options)}" for c in r.causes)
    return f"{clause} (from {answers})"


def _candidacy(r: Candidacy) -> str:
    who = "Each platform on the shortlist" if r.shared else "It"
    return f"{who} is {'also ' if r.also else ''}a candidate because {candidacy_clause(r)}."


def standing_clause(r: Standing) -> str:
    """ "its weighted total is 8.00, rank 1 of the 6 tools ... under the current weights"."""
    where = (
        f"rank {r.rank} of the {r.choosable} tools that can be chosen (active, every weighted "
        "criterion scored)"
        if r.rank
        else "not ranked among the tools that can be chosen"
    )
    return f"its weighted total is {fixed(r.total, 2)}, {where}, under the current weights"


def _strongest(r: Strongest) -> str:
    parts = [f"{short_number(s.score)} for {s.criterion} ({fixed(s.share, 1)}%)" for s in r.scores]
    which = "the two criteria" if len(r.scores) == 2 else "the criterion"
    return f"On {which} the current weights count most, it scores {names(parts)}."


def _met(r: MustHaveMet) -> str:
    where = f" in {r.edition}" if r.edition else ""
    cited = _cited(r.value, r.note, r.sources)
    return f"It meets the must-have '{r.label}'{where}: {cited}{_doubt(r.certainty)}."


def _meeting(r: MeetingEditions) -> str:
    which = (
        "The edition that meets every must-have is"
        if len(r.editions) == 1
        else "The editions that meet every must-have are"
    )
    return f"{which} {names(r.editions)}."


def _licence(r: Licence) -> str:
    whose = f"The licence of {r.edition}" if r.edition else "Its licence"
    note = f" {finished(r.note)}" if r.note else ""
    return f"{whose} is {r.wording}{sources(r.sources)}.{note}"


def caution_clause(r: LicenceCaution) -> str:
    return f"the licence of {r.edition}, {r.licence}, is {r.caution}"


def _cncf(r: Cncf) -> str:
    if r.status == NO_CNCF:
        return "It is not part of the CNCF."
    return f"Its CNCF status is {r.status}."


def _lifecycle(r: Lifecycle) -> str:
    since = f" since {r.since}" if r.since else ""
    hedge = " (a status not fully confirmed)" if r.hedged else ""
    advice = f" {finished(r.advice)}" if r.advice else ""
    status = f"{'has been' if since else 'is'} '{r.status.lower()}'{since}"
    return (
        f"Its lifecycle status {status}{sources(r.sources)}{hedge}, and a platform that is no "
        f"longer actively maintained is never shortlisted.{advice}"
    )


def _unconfirmed(_r: Unconfirmed) -> str:
    return (
        "No lifecycle facts are recorded for it (a tool added or imported without them), so "
        "it cannot be shown to be maintained, and a platform is only shortlisted when its "
        "facts say it is active."
    )


def _refusal(r: Refusal) -> str:
    grounds = [g for g in (r.licence, "a paid edition" if r.paid else "") if g]
    return f"{r.edition} is {', '.join(grounds) or 'not allowed'}{sources(r.sources)}"


def _no_edition(r: NoEditionFits) -> str:
    refusals = "; ".join(_refusal(e) for e in r.refusals)
    return (
        f"No edition fits the budget ({refusals}), so it is left out because "
        f"{'; '.join(r.rule_reasons)}."
    )


def _missing(r: MissingScores) -> str:
    return f"Its weighted total cannot be computed: it has no score for {names(r.criteria)}."


def _failed(r: MustHaveFailed) -> str:
    if r.unknown:
        counted = "; a capability that could not be confirmed counts as missing"
    else:
        counted = _doubt(r.certainty)
    elsewhere = ""
    if r.budget_rules_out:
        elsewhere = "; the edition that has it is one the budget rules out"
    return (
        f"It fails the must-have '{r.label}' (only {' or '.join(r.accepted)} counts): "
        f"{_cited(r.shown, r.note, r.sources)}{counted}{elsewhere}."
    )


def _no_facts(r: NoFacts) -> str:
    return f"It fails the must-have '{r.label}': no facts are recorded for it."


def _no_single(r: NoSingleEdition) -> str:
    where = "; ".join(f"'{w.label}' only in {names(w.editions)}" for w in r.where)
    return (
        f"No single edition meets every must-have ({where}), and one edition is what you would run."
    )


def _below_cut(r: BelowCut) -> str:
    return (
        "It meets every requirement, but ranks below the shortlist cut of "
        f"{r.cut}: {standing_clause(r.standing)}."
    )


def _not_candidate(r: NotCandidate) -> str:
    return (
        "It meets every requirement, but is not among the candidates for your answers: the "
        f"{r.segment} segment's list does not name it and no answer added it. "
        f"{finished(capital(standing_clause(r.standing)))}"
    )


_WORDING: Final[dict[ReasonKind, Callable[..., str]]] = {
    ReasonKind.WIDENED: _widened,
    ReasonKind.CANDIDACY: _candidacy,
    ReasonKind.STANDING: lambda r: finished(capital(standing_clause(r))),
    ReasonKind.STRONGEST: _strongest,
    ReasonKind.MUST_HAVE_MET: _met,
    ReasonKind.BUDGET_ALLOWS: lambda r: f"Of its editions, your budget allows {names(r.editions)}.",
    ReasonKind.MEETING_EDITIONS: _meeting,
    ReasonKind.LICENCE: _licence,
    ReasonKind.LICENCE_CAUTION: lambda r: f"Licence caution: {caution_clause(r)}.",
    ReasonKind.EDITION_NOTE: lambda r: finished(f"{r.edition}: {r.note}"),
    ReasonKind.CNCF: _cncf,
    ReasonKind.LIFECYCLE: _lifecycle,
    ReasonKind.UNCONFIRMED: _unconfirmed,
    ReasonKind.NO_EDITION_FITS: _no_edition,
    ReasonKind.MISSING_SCORES: _missing,
    ReasonKind.MUST_HAVE_FAILED: _failed,
    ReasonKind.NO_FACTS: _no_facts,
    ReasonKind.NO_SINGLE_EDITION: _no_single,
    ReasonKind.BELOW_CUT: _below_cut,
    ReasonKind.NOT_CANDIDATE: _not_candidate,
}


def reason_text(reason: Reason, subject: str = SUBJECT) -> str:
    """The reason as a sentence (or two) about its tool; `subject` in place of "It" where the
    sentence opens with the tool ("Each", or the tool's name)."""
    said = _WORDING[reason.kind](reason)
    if subject != SUBJECT and said.startswith(f"{SUBJECT} "):
        return subject + said[len(SUBJECT) :]
    return said


def reason_texts(reasons: Iterable[Reason]) -> list[str]:
    return [reason_text(r) for r in reasons]
