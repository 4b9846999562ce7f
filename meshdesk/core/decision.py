"""What a recommendation says: plain, immutable values (the engine: meshdesk.core.evaluation
and meshdesk.core.recommendation)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    reasons: tuple[str, ...]  # sentences traced to answers and facts, each once
    choosable_rank: int = 0  # rank among the tools that can be chosen (active, fully scored)
    editions: tuple[str, ...] = ()  # names of the editions the budget allows
    # The reasons to list under the pick when the reasons every pick shares are said once
    # before the list (Recommendation.shared_reasons); see Recommendation.pick_reasons.
    listed_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exclusion:
    """A candidate that was dropped, and why."""

    tool_id: str
    name: str
    reasons: tuple[str, ...]  # sentences, each once
    lifecycle_status: str | None = None  # set when the tool is not active
    lifecycle_since: str | None = None
    advice: str = ""  # successor advice from the facts
    candidate: bool = True  # False: no candidate list or rule named it for these answers


@dataclass(frozen=True)
class WhatIf:
    """Which excluded candidates would return if one requirement were relaxed: a must-have
    (`must_have_id`), or the budget's limits on editions (`relax` "budget", no must-have)."""

    must_have_id: str
    returns: tuple[str, ...]  # tool ids, best first
    relax: str = "must-have"  # "must-have" or "budget"


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
    explanation: str  # the memo paragraph
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
    # Why the first pick beat the second, in one comparative paragraph ("" when fewer than two
    # picks); set by meshdesk.core.explanation, rendered by the wizard and the memo.
    comparison: str = ""
    # A reason every pick shares (the candidacy the segment's list gives each of them, say),
    # phrased once for the whole shortlist: "Each platform on the shortlist is a candidate
    # because ...". A list of the picks shows these before it and `pick_reasons(pick)` under
    # each pick; each Pick's own `reasons` still says everything about it (JSON, Excel).
    shared_reasons: tuple[str, ...] = ()

    def pick_reasons(self, pick: Pick) -> tuple[str, ...]:
        """The reasons to list under `pick` after `shared_reasons` has been said."""
        return pick.listed_reasons if self.shared_reasons and pick.listed_reasons else pick.reasons

    def relaxation(self, what_if: WhatIf) -> str:
        """What a what-if relaxes, in words: the must-have's label, or the budget."""
        if what_if.relax == "budget":
            return "a budget that allows every edition, paid ones included"
        return next(
            (m.label for m in self.must_haves if m.id == what_if.must_have_id),
            what_if.must_have_id,
        )
