"""What a recommendation says: plain, immutable values (the engine: meshdesk.core.evaluation
and meshdesk.core.recommendation). Reasons are records (meshdesk.core.reasons) and the
numbers the explanation states are a `Tally`; the words are the report's
(meshdesk.report.text)."""

from __future__ import annotations

from dataclasses import dataclass, field

from meshdesk.core.reasons import Candidacy, LicenceCaution, Reason
from meshdesk.core.weight_profile import WeightChange


@dataclass(frozen=True)
class MustHave:
    """A hard requirement derived from the answers."""

    id: str
    label: str  # "Runs VM workloads"
    feature_id: str  # feature of the dataset's catalogue the requirement checks
    accepted: tuple[str, ...]  # feature values that satisfy it, e.g. ("yes",)
    reason: str  # why it was derived, in a sentence
    question_id: str
    option_id: str


@dataclass(frozen=True)
class Pick:
    """A shortlisted tool."""

    tool_id: str
    name: str
    total: float  # weighted total under the workbook's current weights (as the grid shows)
    rank: int  # rank in the grid: among all complete tools under the current weights
    reasons: tuple[Reason, ...]  # traced to answers and facts, each once
    choosable_rank: int = 0  # rank among the tools that can be chosen (active, fully scored)
    editions: tuple[str, ...] = ()  # names of the editions the budget allows
    # The reasons to list under the pick when the reasons every pick shares are said once
    # before the list (Recommendation.shared_reasons); see Recommendation.pick_reasons.
    listed_reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class Exclusion:
    """A candidate that was dropped, and why."""

    tool_id: str
    name: str
    reasons: tuple[Reason, ...]  # each once
    lifecycle_status: str | None = None  # set when the tool is not active
    lifecycle_since: str | None = None
    advice: str = ""  # successor advice from the facts
    candidate: bool = True  # False: no candidate list or rule named it for these answers
    failed_must_haves: tuple[str, ...] = ()  # ids of the must-haves it fails
    failed_licence_rules: tuple[str, ...] = ()  # ids of the licence rules that allow no edition


@dataclass(frozen=True)
class WhatIf:
    """Which excluded candidates would return if one requirement were relaxed: a must-have
    (`must_have_id`), or the budget's limits on editions (`relax` "budget", no must-have)."""

    must_have_id: str
    returns: tuple[str, ...]  # tool ids, best first
    relax: str = "must-have"  # "must-have" or "budget"


@dataclass(frozen=True)
class Contender:
    """One of the first two picks, as the comparison needs it."""

    name: str
    row: int  # row of the workbook
    total: float
    # the editions that meet its must-haves, when a must-have holds in some editions only
    editions: tuple[str, ...] = ()
    editions_paid: bool = False  # every one of them costs money
    edition_musts: tuple[str, ...] = ()  # labels of the must-haves that depend on the edition
    cautions: tuple[LicenceCaution, ...] = ()
    doubtful: tuple[str, ...] = ()  # labels of must-haves met on an unverified or third-party fact
    # (edition, note) of the editions the budget narrowed it to, when their facts note something
    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Tally:
    """What the evaluation found, by name: the figures the explanation states."""

    shortlist: tuple[tuple[str, float], ...] = ()  # (name, total), best first
    survivors: int = 0  # candidates that met every requirement
    widened: tuple[str, ...] = ()  # names added from outside the candidate lists
    inactive: tuple[tuple[str, str, str], ...] = ()  # (name, lifecycle label, since)
    failed_must_haves: tuple[str, ...] = ()  # active candidates a must-have ruled out
    licence_blocked: tuple[str, ...] = ()
    incomplete: tuple[str, ...] = ()
    below_cut: tuple[str, ...] = ()
    not_candidates: tuple[str, ...] = ()  # eligible tools the candidate lists do not name
    back_with_budget: tuple[str, ...] = ()  # candidates any edition (a bigger budget) brings back
    leaders: tuple[Contender, ...] = ()  # the first two picks, for the comparison


@dataclass(frozen=True)
class Recommendation:
    needs_mesh: bool
    alternative: str | None  # what to use instead when no mesh is needed
    segment: str
    segment_reason: str
    weights: dict[str, float]  # the answers' weight profile: criterion id -> percent, adds to 100
    weight_changes: tuple[WeightChange, ...]
    must_haves: tuple[MustHave, ...]
    shortlist: tuple[Pick, ...]
    excluded: tuple[Exclusion, ...]
    what_if: tuple[WhatIf, ...]
    answers: dict[str, str | tuple[str, ...]] = field(default_factory=dict)  # with defaults applied
    defaulted: tuple[str, ...] = ()  # question ids that were left unanswered
    alternative_reason: str = ""  # why no platform is needed (set with `alternative`)
    segment_label: str = ""  # the segment's display name
    # The weights the totals, ranks, shortlist and margin use: the workbook's current ones, as
    # percent shares at full precision. They differ from `weights` when the user changed the
    # weights after applying the answers (or has not applied them).
    ranked_weights: dict[str, float] = field(default_factory=dict)
    weights_differ: bool = False
    unmatched_criteria: tuple[str, ...] = ()  # named by matching rules, absent from the project
    scores_from_publication: bool = True  # False: the scores were entered or imported
    # The figures the explanation and the comparison of the first two picks state
    # (meshdesk.report.text words them); empty when no platform is needed.
    tally: Tally = field(default_factory=Tally)
    # A candidacy every pick shares (the segment's list names each of them, say), said once
    # for the whole shortlist. A list of the picks shows these before it and
    # `pick_reasons(pick)` under each pick; each Pick's own `reasons` still says everything
    # about it (JSON, Excel).
    shared_reasons: tuple[Candidacy, ...] = ()

    def pick_reasons(self, pick: Pick) -> tuple[Reason, ...]:
        """The reasons to list under `pick` after `shared_reasons` has been said."""
        return pick.listed_reasons if self.shared_reasons and pick.listed_reasons else pick.reasons

    def must_have(self, must_have_id: str) -> MustHave | None:
        return next((m for m in self.must_haves if m.id == must_have_id), None)
