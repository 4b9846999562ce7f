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

from meshdesk.core.errors import InputError, ScoringError
from meshdesk.core.facts import Fact
from meshdesk.core.questionnaire import (
    Answers,
    NoMeshRule,
    Questionnaire,
    Segment,
    check_answers,
)
from meshdesk.core.scoring import Ranking, compute
from meshdesk.core.workbook import Tool, Workbook


@dataclass(frozen=True)
class WeightChange:
    """One move of a criterion weight, traced to the answer that caused it."""

    criterion_id: str
    before: float  # percent, before this move
    after: float  # percent, after this move
    reason: str  # "priority security: security 10 -> 18"
    question_id: str
    option_id: str
    why: str = ""  # the rule's reason for the move, in a sentence


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
    total: float  # weighted total under the recommendation's weights
    rank: int  # rank among all complete tools under those weights
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
    weights: dict[str, float]  # criterion id -> percent, sums to 100
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


# --- the engine --------------------------------------------------------------------------------
#
# The order of evaluation: no-mesh rules (first match), segment (base rule, then the first
# adjustment), weights (every matching rule, in order, then rescaled to 100), must-haves,
# candidates (the segment's list plus every matching candidate rule), and for each candidate
# what keeps it out: lifecycle, licence, an incomplete score row, a failed must-have. The
# eligible ones are ranked by weighted total; the best `shortlist_max` are shortlisted.

_UNKNOWN: Final = "unknown"  # a feature value that never meets a requirement
_NO_CNCF: Final = "none"
_CLOSE_MARGIN: Final = 0.1  # totals closer than this are within the noise of 0-10 scores


def recommend(
    workbook: Workbook,
    questionnaire: Questionnaire,
    answers: Mapping[str, str | Sequence[str]],
) -> Recommendation:
    """Evaluate the questionnaire's rules for these answers against the workbook's facts.

    Unanswered questions take their defaults. Raises InputError for an unknown question or
    option. Tools and criteria the rules name but the workbook lacks are skipped.
    """
    given = check_answers(questionnaire, answers)
    full = {q.id: given.get(q.id, q.default) for q in questionnaire.questions}
    defaulted = tuple(q.id for q in questionnaire.questions if q.id not in given)

    segment, segment_reason = _segment(questionnaire, full, given)
    weights, changes = _weight_profile(workbook, questionnaire, full)
    must_haves = _must_haves(questionnaire, full)
    memo = _Memo(workbook, questionnaire, defaulted)
    framing = memo.framing(segment, segment_reason, weights, changes)

    no_mesh = next((rule for rule in questionnaire.no_mesh if rule.when.matches(full)), None)
    if no_mesh is not None:
        outcome = _Outcome()
        explanation = memo.not_needed(no_mesh, framing, must_haves)
    else:
        ranking = compute(workbook.scores, np.array([weights[c] for c in workbook.criterion_ids]))
        evaluation = _Evaluation(workbook, questionnaire, full, segment, must_haves, ranking)
        outcome = evaluation.run()
        explanation = memo.needed(framing, must_haves, outcome)
    return Recommendation(
        needs_mesh=no_mesh is None,
        alternative=no_mesh.alternative if no_mesh else None,
        segment=segment.id,
        segment_reason=segment_reason,
        weights=weights,
        weight_changes=changes,
        must_haves=must_haves,
        shortlist=outcome.shortlist,
        excluded=outcome.excluded,
        explanation=explanation,
        what_if=outcome.what_if,
        answers=full,
        defaulted=defaulted,
        alternative_reason=no_mesh.reason if no_mesh else "",
        segment_label=segment.label,
    )


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


def _start_weights(workbook: Workbook) -> dict[str, float]:
    """The weights the dataset published, criterion by criterion; the current weight where
    there is none (a criterion the user added, or a project imported without them).

    Scaled to add up to 100, since the rules move weights by percentage points.
    """
    current = workbook.weights_by_id()
    start = {cid: float(workbook.published_weights.get(cid, w)) for cid, w in current.items()}
    total = math.fsum(start.values())
    return {cid: w * 100.0 / total for cid, w in start.items()} if total > 0 else start


def _points(value: float) -> str:
    return f"{round(value, 1):g}"


def to_percent(values: Sequence[float]) -> list[float]:
    """Values scaled to percentages with one decimal whose tenths add up to exactly 1000.

    Largest remainder on tenths: every value is floored to a tenth, and the tenths still
    missing go to the values that lost the most by flooring (ties: the earlier value).
    """
    total = math.fsum(values)
    if not total > 0:
        raise ScoringError(
            "The weights add up to 0 after applying the answers: give at least one criterion "
            "a weight above 0."
        )
    exact = [v * 1000.0 / total for v in values]
    tenths = [math.floor(e) for e in exact]
    missing = 1000 - sum(tenths)
    by_loss = sorted(range(len(values)), key=lambda i: (-(exact[i] - tenths[i]), i))
    for i in by_loss[:missing]:
        tenths[i] += 1
    return [t / 10 for t in tenths]


def _weight_profile(
    workbook: Workbook, questionnaire: Questionnaire, answers: Answers
) -> tuple[dict[str, float], tuple[WeightChange, ...]]:
    points = _start_weights(workbook)
    changes: list[WeightChange] = []
    for rule in questionnaire.weight_rules:
        if not rule.when.matches(answers):
            continue
        question_id, option_id = rule.when.cause(answers)
        for criterion_id, delta in rule.changes:
            if criterion_id not in points:  # the project dropped this criterion
                continue
            before = points[criterion_id]
            after = max(0.0, before + delta)
            points[criterion_id] = after
            changes.append(
                WeightChange(
                    criterion_id=criterion_id,
                    before=before,
                    after=after,
                    reason=f"{rule.label}: {criterion_id} {_points(before)} -> {_points(after)}",
                    question_id=question_id,
                    option_id=option_id,
                    why=rule.reason,
                )
            )
    percents = to_percent(list(points.values()))
    return dict(zip(points, percents, strict=True)), tuple(changes)


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
    """What the evaluation found, with the names the memo needs."""

    shortlist: tuple[Pick, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    what_if: tuple[WhatIf, ...] = ()
    survivors: int = 0  # candidates that met every requirement
    widened: tuple[str, ...] = ()  # names added from outside the candidate lists
    inactive: tuple[str, ...] = ()  # "Name (dormant since 2026-02-24)"
    failed_must_haves: tuple[str, ...] = ()  # names of active candidates a must-have ruled out
    licence_blocked: tuple[str, ...] = ()
    incomplete: tuple[str, ...] = ()
    below_cut: tuple[str, ...] = ()


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
        widened = (
            self._widen(q.shortlist_min - len(chosen)) if len(chosen) < q.shortlist_min else []
        )
        widened_ids = {c.tool.id for c in widened}
        shortlist = tuple(
            self._pick(c, c.tool.id in widened_ids, len(eligible))
            for c in sorted(chosen + widened, key=self._rank_key)
        )
        cut_ids = {c.tool.id for c in below_cut}
        dropped = [c for c in self.candidates if not c.eligible or c.tool.id in cut_ids]
        return _Outcome(
            shortlist=shortlist,
            excluded=tuple(self._exclusion(c, c.tool.id in cut_ids) for c in dropped),
            what_if=self._what_if(),
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
        )

    def _widen(self, wanted: int) -> list[_Candidate]:
        """Active tools outside the candidate lists that meet every requirement, best first."""
        known = {c.tool.id for c in self.candidates}
        others = [self._check(t.id, []) for t in self.workbook.tools if t.id not in known]
        return sorted((c for c in others if c.eligible), key=self._rank_key)[:wanted]

    def _pick(self, candidate: _Candidate, widened: bool, survivors: int) -> Pick:
        rank = int(self.ranking.ranks[candidate.row])
        reasons: list[str] = []
        if widened:
            reasons.append(
                "not among the candidates for your answers: added to widen the shortlist, "
                f"because only {survivors} candidate{'' if survivors == 1 else 's'} met every "
                "requirement; it is active and meets every must-have"
            )
        reasons += [f"candidate because {origin}" for origin in candidate.origins]
        reasons.append(
            f"weighted total {self._total(candidate):.2f}, rank {rank} of "
            f"{int(self.ranking.complete.sum())} under your weights"
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

    def _exclusion(self, candidate: _Candidate, below_cut: bool) -> Exclusion:
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
        if below_cut:
            reasons.append(
                f"meets every requirement, but its weighted total {self._total(candidate):.2f} "
                f"(rank {int(self.ranking.ranks[candidate.row])}) falls below the "
                f"{self.questionnaire.shortlist_max} shortlisted"
            )
        return Exclusion(
            tool_id=tool.id,
            name=tool.name,
            reasons=tuple(r.strip() for r in reasons),
            lifecycle_status=life.status if life else None,
            lifecycle_since=life.since if life else None,
            advice=life.advice if life else "",
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


# --- the memo ----------------------------------------------------------------------------------


def _names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


class _Memo:
    """The explanation in plain sentences; every domain word in it comes from the data."""

    def __init__(
        self, workbook: Workbook, questionnaire: Questionnaire, defaulted: tuple[str, ...]
    ) -> None:
        self.workbook = workbook
        self.questionnaire = questionnaire
        self.defaulted = defaulted

    def framing(
        self,
        segment: Segment,
        segment_reason: str,
        weights: Mapping[str, float],
        changes: tuple[WeightChange, ...],
    ) -> list[str]:
        """Segment and weights: the part of the memo that holds whatever the verdict."""
        heaviest = sorted(weights.items(), key=lambda kv: -kv[1])[:3]
        shown = _names([f"{self.workbook.criterion(c).name} {pct:g}%" for c, pct in heaviest])
        if changes:
            moves = "; ".join(c.reason for c in changes)
            weighting = (
                f"Starting from the published weights, your answers moved them ({moves}); "
                f"rescaled to 100 percent, the heaviest criteria are {shown}."
            )
        else:
            weighting = (
                "No answer moved the published weights, so they apply unchanged: the heaviest "
                f"criteria are {shown}."
            )
        return [
            f"The evaluation is framed for the {segment.label} segment. {segment_reason}",
            weighting,
        ]

    def _defaults(self) -> str:
        if not self.defaulted:
            return ""
        parts = []
        for question_id in self.defaulted:
            question = self.questionnaire.question(question_id)
            parts.append(f"{question.title} ({question.describe(question.default)})")
        return f"Unanswered questions took their defaults: {'; '.join(parts)}."

    def not_needed(
        self, rule: NoMeshRule, framing: list[str], must_haves: tuple[MustHave, ...]
    ) -> str:
        alternative = rule.alternative[:1].lower() + rule.alternative[1:]
        kept = "The weight profile is"
        if must_haves:
            labels = _names([m.label for m in must_haves])
            kept = f"The weight profile and the requirements ({labels}) are"
        sentences = [
            self.questionnaire.memo.not_needed,
            rule.reason,
            f"What to use instead: {alternative}.",
            *framing,
            f"{kept} worked out all the same, for the day the estate grows; no platform was "
            "shortlisted.",
            self._defaults(),
        ]
        return " ".join(s for s in sentences if s)

    def needed(self, framing: list[str], must_haves: tuple[MustHave, ...], out: _Outcome) -> str:
        sentences = [
            self.questionnaire.memo.needed,
            *framing,
            self._requirements(must_haves, out),
            self._dropped(out),
            self._picks(out),
            self._defaults(),
            self.questionnaire.memo.caveat,
        ]
        return " ".join(s for s in sentences if s)

    @staticmethod
    def _requirements(must_haves: tuple[MustHave, ...], out: _Outcome) -> str:
        if not must_haves:
            return "No answer set a hard requirement."
        count = len(must_haves)
        labels = _names([f"'{m.label}'" for m in must_haves])
        lead = f"Your answers set {count} hard requirement{'' if count == 1 else 's'}, {labels}"
        if out.failed_must_haves:
            verb = "rules" if count == 1 else "rule"
            return f"{lead}, which {verb} out {_names(out.failed_must_haves)}."
        return f"{lead}; every other candidate meets {'it' if count == 1 else 'them'}."

    @staticmethod
    def _dropped(out: _Outcome) -> str:
        sentences = []
        if out.inactive:
            it = "it" if len(out.inactive) == 1 else "them"
            sentences.append(
                f"{_names(out.inactive)} {_was(len(out.inactive))} dropped because no one "
                f"actively maintains {it} any more; the exclusions name what to use instead."
            )
        if out.licence_blocked:
            sentences.append(
                f"{_names(out.licence_blocked)} {_was(len(out.licence_blocked))} left out on "
                "licence grounds."
            )
        if out.incomplete:
            sentences.append(
                f"{_names(out.incomplete)} could not be ranked because "
                f"{'its' if len(out.incomplete) == 1 else 'their'} scores are incomplete."
            )
        return " ".join(sentences)

    def _picks(self, out: _Outcome) -> str:
        shortlist = out.shortlist
        minimum = self.questionnaire.shortlist_min
        sentences = []
        if out.widened:
            found = "None" if out.survivors == 0 else f"Only {out.survivors}"
            sentences.append(
                f"{found} of the candidates for your answers met every requirement, so the "
                f"shortlist was widened with {_names(out.widened)}, from outside the candidate "
                "lists: active, and meeting every requirement."
            )
        if not shortlist:
            sentences.append(
                "No active platform in the workbook meets every requirement, so there is no "
                "shortlist; the what-if list shows which requirement, if relaxed, would bring "
                "candidates back."
            )
        elif len(shortlist) == 1:
            top = shortlist[0]
            sentences.append(
                f"That leaves {top.name} alone (weighted total {top.total:.2f}): no other active "
                "platform in the workbook meets every requirement, so there is no runner-up to "
                "compare; the what-if list shows which requirement keeps the others out."
            )
        else:
            top, second = shortlist[0], shortlist[1]
            margin = top.total - second.total
            close = (
                ", a margin too small to separate them on paper: treat the two as equals until "
                "a pilot decides"
                if margin < _CLOSE_MARGIN
                else ""
            )
            sentences.append(
                f"{top.name} leads with a weighted total of {top.total:.2f}, {margin:.2f} ahead "
                f"of {second.name} ({second.total:.2f}){close}."
            )
            rest = [p.name for p in shortlist[2:]]
            if rest:
                ending = "s" if len(rest) == 1 else ""
                sentences.append(f"{_names(rest)} complete{ending} the shortlist.")
            if len(shortlist) < minimum:
                sentences.append(
                    "No other active platform meets every requirement, so the shortlist has "
                    f"fewer than {minimum}."
                )
        return " ".join(sentences)
