"""Why a tool is shortlisted or left out, as records: what the engine found, never a sentence.

Each reason is a small frozen record of one `ReasonKind`, naming the tool, the must-have,
criterion, edition or rule it is about, the values it rests on and the source ids behind
them. The words are the report's (meshdesk.report.text.reasons): one place says how each kind
reads, so the memo, the workbook, the wizard, the command line and the ADR say it alike, and a
renderer that shows a figure in a table can leave out the reason of that kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, TypeVar


class ReasonKind(Enum):
    # why a pick is on the shortlist
    WIDENED = "widened"  # added from outside the candidate lists to widen the shortlist
    CANDIDACY = "candidacy"  # a segment list or a candidate rule names it
    STANDING = "standing"  # its weighted total and rank
    STRONGEST = "strongest"  # its scores on the heaviest criteria
    MUST_HAVE_MET = "must_have_met"
    BUDGET_ALLOWS = "budget_allows"  # the editions the budget allows
    MEETING_EDITIONS = "meeting_editions"  # the editions that meet every must-have
    LICENCE = "licence"
    LICENCE_CAUTION = "licence_caution"
    EDITION_NOTE = "edition_note"
    CNCF = "cncf"
    # why a tool is left out
    LIFECYCLE = "lifecycle"  # no longer actively maintained
    UNCONFIRMED = "unconfirmed"  # no lifecycle facts recorded
    NO_EDITION_FITS = "no_edition_fits"  # the licence rules allow none of its editions
    MISSING_SCORES = "missing_scores"
    MUST_HAVE_FAILED = "must_have_failed"
    NO_FACTS = "no_facts"  # a must-have cannot be checked: no facts are recorded
    NO_SINGLE_EDITION = "no_single_edition"  # each must-have met, never by one edition
    BELOW_CUT = "below_cut"
    NOT_CANDIDATE = "not_candidate"  # meets every requirement, no list or rule names it


class Certainty(Enum):
    """How far a fact is confirmed."""

    CONFIRMED = "confirmed"
    UNVERIFIED = "unverified"
    THIRD_PARTY = "third_party"  # only a third-party source states it


@dataclass(frozen=True)
class Reason:
    kind: ClassVar[ReasonKind]
    tool_id: str  # "" for a reason said of the whole shortlist


@dataclass(frozen=True)
class Widened(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.WIDENED
    survivors: int  # candidates that met every requirement


@dataclass(frozen=True)
class AnswerCause:
    """An answer behind a candidacy, in the questionnaire's words."""

    question_id: str
    question: str  # the question's title
    option_ids: tuple[str, ...]
    options: tuple[str, ...]  # the option labels


@dataclass(frozen=True)
class Candidacy(Reason):
    """A clause of the data (a segment's list, a candidate rule) that names the tool; rules
    with the same clause make one candidacy with every answer behind them."""

    kind: ClassVar[ReasonKind] = ReasonKind.CANDIDACY
    clause: str  # the data's clause: "you already run ..."
    sources: tuple[str, ...] = ()
    causes: tuple[AnswerCause, ...] = ()  # none for the segment's own list
    rule_ids: tuple[str, ...] = ()  # the segment or candidate rules that give it
    also: bool = False  # a candidacy was stated before this one
    shared: bool = False  # said once of every pick on the shortlist (tool_id "")


@dataclass(frozen=True)
class Standing(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.STANDING
    total: float  # under the workbook's current weights
    rank: int  # among the tools that can be chosen; 0: not ranked among them
    choosable: int  # how many tools can be chosen (active, every weighted criterion scored)


@dataclass(frozen=True)
class CriterionScore:
    criterion_id: str
    criterion: str  # its name
    score: float
    share: float  # its weight, percent of the total


@dataclass(frozen=True)
class Strongest(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.STRONGEST
    scores: tuple[CriterionScore, ...]  # the (at most two) heaviest criteria


@dataclass(frozen=True)
class MustHaveMet(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.MUST_HAVE_MET
    must_have_id: str
    label: str
    feature_id: str
    value: str
    edition: str = ""  # set when the fact holds in some editions only
    note: str = ""
    sources: tuple[str, ...] = ()
    certainty: Certainty = Certainty.CONFIRMED


@dataclass(frozen=True)
class BudgetAllows(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.BUDGET_ALLOWS
    editions: tuple[str, ...]


@dataclass(frozen=True)
class MeetingEditions(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.MEETING_EDITIONS
    editions: tuple[str, ...]


@dataclass(frozen=True)
class Licence(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.LICENCE
    edition: str  # "" when the tool has one edition
    wording: str  # the licence as the facts word it (meshdesk.core.facts.licence_wording)
    sources: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class LicenceCaution(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.LICENCE_CAUTION
    edition: str
    licence: str  # the licence's value
    caution: str  # the rule's caution, a clause from the data
    rule_id: str = ""


@dataclass(frozen=True)
class EditionNote(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.EDITION_NOTE
    edition: str
    note: str


@dataclass(frozen=True)
class Cncf(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.CNCF
    status: str  # "none": not part of the CNCF


@dataclass(frozen=True)
class Lifecycle(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.LIFECYCLE
    status: str  # the lifecycle's label: "Dormant"
    since: str = ""
    sources: tuple[str, ...] = ()
    hedged: bool = False  # the status is unverified or third-party only
    advice: str = ""  # what to use instead, from the facts


@dataclass(frozen=True)
class Unconfirmed(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.UNCONFIRMED


@dataclass(frozen=True)
class Refusal:
    """An edition the licence rules refuse, and on which grounds."""

    edition: str
    licence: str = ""  # its licence's wording, when its category is not allowed
    paid: bool = False  # it costs money and the budget allows none
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoEditionFits(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.NO_EDITION_FITS
    refusals: tuple[Refusal, ...]
    rule_ids: tuple[str, ...]  # the licence rules that refuse an edition
    rule_reasons: tuple[str, ...]  # their clauses, from the data


@dataclass(frozen=True)
class MissingScores(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.MISSING_SCORES
    criterion_ids: tuple[str, ...]
    criteria: tuple[str, ...]  # their names


@dataclass(frozen=True)
class MustHaveFailed(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.MUST_HAVE_FAILED
    must_have_id: str
    label: str
    feature_id: str
    accepted: tuple[str, ...]
    shown: str  # the fact's value, per edition when it differs (edition_wording)
    note: str = ""
    sources: tuple[str, ...] = ()
    unknown: bool = False  # could not be confirmed, so it counts as missing
    certainty: Certainty = Certainty.CONFIRMED
    budget_rules_out: bool = False  # an edition that has it is one the budget rules out


@dataclass(frozen=True)
class NoFacts(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.NO_FACTS
    must_have_id: str
    label: str


@dataclass(frozen=True)
class OnlyIn:
    must_have_id: str
    label: str
    editions: tuple[str, ...]


@dataclass(frozen=True)
class NoSingleEdition(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.NO_SINGLE_EDITION
    where: tuple[OnlyIn, ...]


@dataclass(frozen=True)
class BelowCut(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.BELOW_CUT
    cut: int  # the shortlist's maximum length
    standing: Standing


@dataclass(frozen=True)
class NotCandidate(Reason):
    kind: ClassVar[ReasonKind] = ReasonKind.NOT_CANDIDATE
    segment: str  # the segment's label
    standing: Standing


R = TypeVar("R", bound=Reason)


def once(reasons: Sequence[R]) -> tuple[R, ...]:
    """Each reason once, in order."""
    return tuple(dict.fromkeys(reasons))
