"""The result of evaluating questionnaire answers: a plain, immutable value.

The engine that produces it lives beside it (see `recommend`); the rules it evaluates live in
data/questionnaire.yaml. Nothing here knows about service meshes: tools, features, segments
and texts all come from data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from meshdesk.core.commands import Batch, Command, SetAnswers, SetWeights
from meshdesk.core.errors import InputError
from meshdesk.core.explanation import Explanation, Tally
from meshdesk.core.facts import Fact
from meshdesk.core.questionnaire import (
    Answers,
    Questionnaire,
    Segment,
    check_answers,
)
from meshdesk.core.scoring import Ranking, compute
from meshdesk.core.weight_profile import WeightChange, current_shares, differs, weight_profile
from meshdesk.core.workbook import Tool, Workbook

__all__ = [
    "Exclusion",
    "MustHave",
    "Pick",
    "Recommendation",
    "WeightChange",
    "WhatIf",
    "apply_answers",
    "recommend",
    "with_answers_applied",
]


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
    rank: int  # rank among all complete tools under the workbook's current weights
    reasons: tuple[str, ...]  # sentences traced to answers and facts


@dataclass(frozen=True)
class Exclusion:
    """A candidate that was dropped, and why."""

    tool_id: str
    name: str
    reasons: tuple[str, ...]
    lifecycle_status: str | None = None  # set when the tool is not active
    lifecycle_since: str | None = None
    advice: str = ""  # successor advice from the facts
    candidate: bool = True  # False: no candidate list or rule named it for these answers


@dataclass(frozen=True)
class WhatIf:
    """Which excluded candidates would return if one must-have were relaxed."""

    must_have_id: str
    returns: tuple[str, ...]  # tool ids


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


# --- the engine --------------------------------------------------------------------------------
#
# The order of evaluation: no-mesh rules (first match), segment (base rule, then the first
# adjustment), the weight profile (see meshdesk.core.weight_profile), must-haves, candidates
# (the segment's list plus every matching candidate rule), and for each tool what keeps it out:
# lifecycle, licence, an incomplete score row, a failed must-have, not being a candidate. The
# eligible candidates are ranked by weighted total under the workbook's current weights (the
# ones the grid shows); the best `shortlist_max` are shortlisted. Every tool of the workbook
# ends up either on the shortlist or among the exclusions, with its reasons.

_UNKNOWN: Final = "unknown"  # a feature value that never meets a requirement
_NO_CNCF: Final = "none"


def recommend(
    workbook: Workbook,
    questionnaire: Questionnaire,
    answers: Mapping[str, str | Sequence[str]],
) -> Recommendation:
    """Evaluate the questionnaire's rules for these answers against the workbook's facts,
    ranking under the workbook's current weights (apply the answers first, with
    `apply_answers`, to rank under the profile they call for).

    Unanswered questions take their defaults. Raises InputError for an unknown question or
    option, ScoringError when the current weights add up to 0. Tools and criteria the rules
    name but the workbook lacks are skipped.
    """
    given = check_answers(questionnaire, answers)
    full = {q.id: given.get(q.id, q.default) for q in questionnaire.questions}
    defaulted = tuple(q.id for q in questionnaire.questions if q.id not in given)

    segment, segment_reason = _segment(questionnaire, full, given)
    profile = weight_profile(workbook, questionnaire, full)
    shares = current_shares(workbook)
    differ = differs(profile.weights, shares)
    must_haves = _must_haves(questionnaire, full)
    explain = Explanation(workbook, questionnaire, defaulted)
    framing = explain.framing(segment, segment_reason, profile, shares, differ)
    labels = [m.label for m in must_haves]

    no_mesh = next((rule for rule in questionnaire.no_mesh if rule.when.matches(full)), None)
    if no_mesh is not None:
        outcome = _Outcome()
        explanation = explain.not_needed(no_mesh, framing, labels)
    else:
        ranking = compute(workbook.scores, workbook.weights)
        evaluation = _Evaluation(workbook, questionnaire, full, segment, must_haves, ranking)
        outcome = evaluation.run()
        explanation = explain.needed(framing, labels, outcome.tally)
    return Recommendation(
        needs_mesh=no_mesh is None,
        alternative=no_mesh.alternative if no_mesh else None,
        segment=segment.id,
        segment_reason=segment_reason,
        weights=profile.weights,
        weight_changes=profile.changes,
        must_haves=must_haves,
        shortlist=outcome.shortlist,
        excluded=outcome.excluded,
        explanation=explanation,
        what_if=outcome.what_if,
        answers=full,
        defaulted=defaulted,
        alternative_reason=no_mesh.reason if no_mesh else "",
        segment_label=segment.label,
        ranked_weights=shares,
        weights_differ=differ,
        unmatched_criteria=profile.unmatched,
        scores_from_publication=workbook.publication is not None,
    )


def apply_answers(
    workbook: Workbook,
    questionnaire: Questionnaire,
    answers: Mapping[str, str | Sequence[str]],
) -> Batch:
    """The edit that Apply makes (the wizard, or `--answers` on the command line): store the
    answers and set the weight profile they call for, as one command."""
    given = check_answers(questionnaire, answers)
    full = {q.id: given.get(q.id, q.default) for q in questionnaire.questions}
    profile = weight_profile(workbook, questionnaire, full)
    steps: list[Command] = [SetAnswers(given)]
    if profile.weights:
        steps.append(SetWeights.from_mapping(profile.weights))
    return Batch(tuple(steps), "Apply questionnaire")


def with_answers_applied(
    workbook: Workbook,
    questionnaire: Questionnaire,
    answers: Mapping[str, str | Sequence[str]],
) -> Workbook:
    """A copy of the workbook as it would be after Apply."""
    preview = workbook.copy()
    apply_answers(preview, questionnaire, answers).apply(preview)
    return preview


# --- segment, weights, must-haves ------------------------------------------------------------


def _segment(questionnaire: Questionnaire, answers: Answers, given: Answers) -> tuple[Segment, str]:
    """The base rule sees defaults too; an adjustment needs the answers it tests to be given,
    so a default never moves the segment on its own."""
    base = next((r for r in questionnaire.segment_base if r.when.matches(answers)), None)
    if base is None:
        raise InputError("The questionnaire's segment rules give no segment for these answers.")
    moved = next((r for r in questionnaire.segment_adjustments if r.when.matches(given)), None)
    if moved is None:
        return questionnaire.segment(base.segment), base.reason
    return questionnaire.segment(moved.segment), f"{base.reason} {moved.reason}"


def _must_haves(questionnaire: Questionnaire, answers: Answers) -> tuple[MustHave, ...]:
    found = []
    for rule in questionnaire.must_have_rules:
        if rule.when.matches(answers):
            question_id, option_id = rule.when.cause(answers)
            found.append(
                MustHave(
                    id=rule.id,
                    label=rule.label,
                    feature_id=rule.feature,
                    accepted=rule.accepted,
                    reason=rule.reason,
                    question_id=question_id,
                    option_id=option_id,
                )
            )
    return tuple(found)


# --- facts in words ------------------------------------------------------------------------------


def _sources(fact: Fact) -> str:
    return f" [{', '.join(fact.sources)}]" if fact.sources else ""


def _cited(fact: Fact) -> str:
    """`yes (Universal mode) [K1]`"""
    note = f" ({fact.note.rstrip('.')})" if fact.note else ""
    return f"{fact.value}{note}{_sources(fact)}"


def _doubt(fact: Fact) -> str:
    if fact.unverified:
        return "; this fact is unverified"
    if fact.third_party:
        return "; only a third-party source states this"
    return ""


def _feature_fact(tool: Tool, feature_id: str) -> Fact:
    if tool.facts is None:
        return Fact(_UNKNOWN, note="no facts are recorded for this tool", unverified=True)
    return tool.facts.feature(feature_id)


def _meets(fact: Fact, must: MustHave) -> bool:
    return fact.value != _UNKNOWN and fact.value in must.accepted


# --- the candidates and their fate ----------------------------------------------------------


@dataclass
class _Candidate:
    tool: Tool
    row: int
    origins: list[str]  # why it is a candidate, as clauses
    inactive: bool = False
    unconfirmed: bool = False  # no lifecycle facts: cannot be shown to be maintained
    licence_blocks: list[str] = field(default_factory=list)
    licence_notes: list[str] = field(default_factory=list)
    missing_scores: list[str] = field(default_factory=list)  # criterion names
    failed: list[str] = field(default_factory=list)  # must-have ids
    met_lines: list[str] = field(default_factory=list)
    failed_lines: list[str] = field(default_factory=list)

    @property
    def blocked_apart_from_must_haves(self) -> bool:
        return (
            self.inactive
            or self.unconfirmed
            or bool(self.licence_blocks)
            or bool(self.missing_scores)
        )

    @property
    def eligible(self) -> bool:
        return not (self.blocked_apart_from_must_haves or self.failed)


@dataclass(frozen=True)
class _Outcome:
    shortlist: tuple[Pick, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    what_if: tuple[WhatIf, ...] = ()
    tally: Tally = field(default_factory=Tally)


class _Evaluation:
    def __init__(
        self,
        workbook: Workbook,
        questionnaire: Questionnaire,
        answers: Answers,
        segment: Segment,
        must_haves: tuple[MustHave, ...],
        ranking: Ranking,
    ) -> None:
        self.workbook = workbook
        self.questionnaire = questionnaire
        self.answers = answers
        self.must_haves = must_haves
        self.ranking = ranking
        self.segment = segment
        self.licence_rules = [r for r in questionnaire.licence_rules if r.when.matches(answers)]
        self.candidates = [
            self._check(tool_id, origins)
            for tool_id, origins in self._candidate_ids(segment).items()
        ]

    # --- who is a candidate, and what keeps it out ------------------------------------------
    def _candidate_ids(self, segment: Segment) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}

        def add(tool_ids: Sequence[str], reason: str) -> None:
            for tool_id in tool_ids:
                if not self.workbook.has_tool(tool_id):  # removed from this project
                    continue
                reasons = found.setdefault(tool_id, [])
                if reason not in reasons:
                    reasons.append(reason)

        add(segment.candidates, segment.candidate_reason)
        for rule in self.questionnaire.candidate_rules:
            if rule.when.matches(self.answers):
                add(rule.tools, rule.reason)
        return found

    def _check(self, tool_id: str, origins: list[str]) -> _Candidate:
        row = self.workbook.tool_row(tool_id)
        tool = self.workbook.tools[row]
        candidate = _Candidate(
            tool, row, origins, inactive=not tool.is_active, unconfirmed=tool.facts is None
        )
        if tool.facts is not None:
            licence = tool.facts.license
            for rule in self.licence_rules:
                if licence.category in rule.exclude:
                    candidate.licence_blocks.append(
                        f"licence {licence.value} ({licence.category}){_sources(licence)}: "
                        f"left out because {rule.reason}"
                    )
                elif licence.category in rule.caution:
                    candidate.licence_notes.append(
                        f"licence {licence.value}{_sources(licence)} is {rule.caution_text}"
                    )
        if not self.ranking.complete[row]:
            candidate.missing_scores = [
                criterion.name
                for j, criterion in enumerate(self.workbook.criteria)
                if self.ranking.weights[j] > 0 and math.isnan(self.workbook.scores[row, j])
            ]
        for must in self.must_haves:
            fact = _feature_fact(tool, must.feature_id)
            if _meets(fact, must):
                candidate.met_lines.append(
                    f"meets must-have '{must.label}': {_cited(fact)}{_doubt(fact)}"
                )
                continue
            candidate.failed.append(must.id)
            counted = (
                "; a capability that could not be confirmed counts as missing"
                if fact.value == _UNKNOWN
                else _doubt(fact)
            )
            candidate.failed_lines.append(
                f"fails must-have '{must.label}' (needs {' or '.join(must.accepted)}): "
                f"{_cited(fact)}{counted}"
            )
        return candidate

    def _rank_key(self, candidate: _Candidate) -> tuple[int, int]:
        return int(self.ranking.ranks[candidate.row]), candidate.row

    def _total(self, candidate: _Candidate) -> float:
        return float(self.ranking.totals[candidate.row])

    # --- the outcome -----------------------------------------------------------------------------
    def run(self) -> _Outcome:
        q = self.questionnaire
        eligible = sorted((c for c in self.candidates if c.eligible), key=self._rank_key)
        chosen = eligible[: q.shortlist_max]
        below_cut = eligible[q.shortlist_max :]
        known = {c.tool.id for c in self.candidates}
        others = [self._check(t.id, []) for t in self.workbook.tools if t.id not in known]
        wanted = q.shortlist_min - len(chosen)
        widened = sorted((c for c in others if c.eligible), key=self._rank_key)[: max(0, wanted)]
        widened_ids = {c.tool.id for c in widened}
        shortlist = tuple(
            self._pick(c, c.tool.id in widened_ids, len(eligible))
            for c in sorted(chosen + widened, key=self._rank_key)
        )
        cut_ids = {c.tool.id for c in below_cut}
        dropped = [c for c in self.candidates if not c.eligible or c.tool.id in cut_ids]
        outsiders = sorted(
            (c for c in others if c.tool.id not in widened_ids),
            key=lambda c: (not c.eligible, self._rank_key(c)),
        )
        excluded = [self._exclusion(c, c.tool.id in cut_ids) for c in dropped]
        excluded += [self._exclusion(c, False, candidate_=False) for c in outsiders]
        tally = Tally(
            shortlist=tuple((p.name, p.total) for p in shortlist),
            survivors=len(eligible),
            widened=tuple(c.tool.name for c in widened),
            inactive=tuple(self._lifecycle_label(c) for c in dropped if c.inactive),
            failed_must_haves=tuple(
                c.tool.name for c in dropped if c.failed and not c.blocked_apart_from_must_haves
            ),
            licence_blocked=tuple(
                c.tool.name for c in dropped if c.licence_blocks and not c.inactive
            ),
            incomplete=tuple(c.tool.name for c in dropped if c.missing_scores and not c.inactive),
            below_cut=tuple(c.tool.name for c in below_cut),
            not_candidates=tuple(c.tool.name for c in outsiders if c.eligible),
        )
        return _Outcome(
            shortlist=shortlist, excluded=tuple(excluded), what_if=self._what_if(), tally=tally
        )

    def _pick(self, candidate: _Candidate, widened: bool, survivors: int) -> Pick:
        rank = int(self.ranking.ranks[candidate.row])
        reasons: list[str] = []
        if widened:
            found = (
                "none of the candidates"
                if survivors == 0
                else f"only {survivors} candidate{'' if survivors == 1 else 's'}"
            )
            reasons.append(
                "not among the candidates for your answers: added to widen the shortlist, "
                f"because {found} met every requirement; it is active and meets every must-have"
            )
        reasons += [f"candidate because {origin}" for origin in candidate.origins]
        reasons.append(
            f"weighted total {self._total(candidate):.2f}, rank {rank} of "
            f"{int(self.ranking.complete.sum())} under the current weights"
        )
        reasons += [self._strongest(candidate)] if self._strongest(candidate) else []
        reasons += candidate.met_lines
        reasons += self._licence_lines(candidate)
        return Pick(
            tool_id=candidate.tool.id,
            name=candidate.tool.name,
            total=self._total(candidate),
            rank=rank,
            reasons=tuple(reasons),
        )

    def _strongest(self, candidate: _Candidate) -> str:
        """Its scores on the two criteria the profile weighs most."""
        weights = self.ranking.weights
        heaviest = [int(j) for j in np.argsort(-weights, kind="stable")[:2] if weights[j] > 0]
        if not heaviest:
            return ""
        parts = [
            f"{self.workbook.criteria[j].name} {self.workbook.scores[candidate.row, j]:g}"
            for j in heaviest
        ]
        return f"scores {' and '.join(parts)} on the criteria your profile weighs most"

    def _licence_lines(self, candidate: _Candidate) -> list[str]:
        """Licence and governance facts, when the answers made the licence matter."""
        facts = candidate.tool.facts
        if not self.licence_rules or facts is None:
            return []
        licence, cncf = facts.license, facts.cncf
        lines = list(candidate.licence_notes) or [
            f"licence {licence.value} ({licence.category}){_sources(licence)}"
            + (f": {licence.note}" if licence.note else "")
        ]
        lines.append(
            "not part of the CNCF" if cncf.value == _NO_CNCF else f"CNCF status: {cncf.value}"
        )
        return lines

    @staticmethod
    def _lifecycle_label(candidate: _Candidate) -> str:
        life = candidate.tool.facts.lifecycle if candidate.tool.facts else None
        if life is None:
            return candidate.tool.name
        since = f" since {life.since}" if life.since else ""
        return f"{candidate.tool.name} ({life.label.lower()}{since})"

    def _exclusion(
        self, candidate: _Candidate, below_cut: bool, *, candidate_: bool = True
    ) -> Exclusion:
        tool = candidate.tool
        life = tool.facts.lifecycle if tool.facts is not None and candidate.inactive else None
        reasons: list[str] = []
        if life is not None:
            since = f" since {life.since}" if life.since else ""
            doubt = " (a status not fully confirmed)" if life.unverified or life.third_party else ""
            reasons.append(
                f"{life.label.lower()}{since}{_sources(Fact('', sources=life.sources))}{doubt}: "
                f"a platform no longer actively maintained is never shortlisted. {life.advice}"
            )
        if candidate.unconfirmed:
            reasons.append(
                "no lifecycle facts are recorded for it (a tool added or imported without "
                "them), so it cannot be shown to be maintained; a platform is only "
                "shortlisted when its facts say it is active"
            )
        reasons += candidate.licence_blocks
        if candidate.missing_scores:
            reasons.append(
                "its weighted total cannot be computed: no score for "
                f"{', '.join(candidate.missing_scores)}"
            )
        reasons += candidate.failed_lines
        standing = (
            f"weighted total {self._total(candidate):.2f}, rank "
            f"{int(self.ranking.ranks[candidate.row])} of {int(self.ranking.complete.sum())} "
            "under the current weights"
        )
        if below_cut:
            reasons.append(
                "meets every requirement, but ranks below the shortlist cut of "
                f"{self.questionnaire.shortlist_max} ({standing})"
            )
        if not candidate_ and candidate.eligible:
            reasons.append(
                f"meets every requirement ({standing}), but is not among the candidates for "
                f"your answers: the {self.segment.label} segment's list does not name it and no "
                "answer added it"
            )
        return Exclusion(
            tool_id=tool.id,
            name=tool.name,
            reasons=tuple(r.strip() for r in reasons),
            lifecycle_status=life.status if life else None,
            lifecycle_since=life.since if life else None,
            advice=life.advice if life else "",
            candidate=candidate_,
        )

    def _what_if(self) -> tuple[WhatIf, ...]:
        """For each must-have: the candidates it alone keeps out, best first."""
        result = []
        for must in self.must_haves:
            back = sorted(
                (
                    c
                    for c in self.candidates
                    if c.failed == [must.id] and not c.blocked_apart_from_must_haves
                ),
                key=self._rank_key,
            )
            result.append(WhatIf(must.id, tuple(c.tool.id for c in back)))
        return tuple(result)
