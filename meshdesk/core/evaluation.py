"""Who is a candidate, what keeps each tool out, and the shortlist.

For each tool: is it actively maintained, are its facts known, which of its editions the
budget allows (licence category, cost), are its scores complete, which must-haves its allowed
editions meet. The eligible candidates are ranked by weighted total under the workbook's
current weights; every other tool is excluded with its reasons, so each tool of the workbook
ends up on the shortlist or among the exclusions. Nothing here knows about service meshes:
the rules come from the questionnaire, the facts from the dataset.

Every reason is a record of meshdesk.core.reasons about the tool it sits under, given once;
meshdesk.report.text words it. Candidate rules that give the same reason for one tool (the same
`reason` text) make one candidacy naming every answer behind it. A candidacy that every pick
shares is also given for the whole shortlist (`Outcome.shared_reasons`), so a list can say it
once before the picks and show each pick's other reasons (`Pick.listed_reasons`) under it;
`Pick.reasons` stays whole.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from meshdesk.core.candidates import Candidate, Origin, same_candidacy
from meshdesk.core.decision import Contender, Exclusion, MustHave, Pick, Tally, WhatIf
from meshdesk.core.facts import Edition, licence_wording
from meshdesk.core.must_have_checks import check_must_haves, meeting
from meshdesk.core.questionnaire import Answers, LicenceRule, Questionnaire, Segment, When
from meshdesk.core.reasons import (
    BelowCut,
    BudgetAllows,
    Candidacy,
    Cncf,
    CriterionScore,
    EditionNote,
    Licence,
    LicenceCaution,
    Lifecycle,
    MeetingEditions,
    MissingScores,
    NoEditionFits,
    NotCandidate,
    Reason,
    Refusal,
    Standing,
    Strongest,
    Unconfirmed,
    Widened,
    once,
)
from meshdesk.core.scoring import Ranking, competition_ranks
from meshdesk.core.workbook import Tool, Workbook


@dataclass(frozen=True)
class Outcome:
    shortlist: tuple[Pick, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    what_if: tuple[WhatIf, ...] = ()
    tally: Tally = field(default_factory=Tally)
    shared_reasons: tuple[Candidacy, ...] = ()  # what every pick shares, for the shortlist


class Evaluation:
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
        self.choosable = (
            np.array([t.facts is not None and t.is_active for t in workbook.tools], dtype=bool)
            & ranking.complete
        )
        self.choosable_ranks = competition_ranks(ranking.totals, self.choosable)
        self.candidates = [
            self._check(tool_id, origins)
            for tool_id, origins in self._candidate_ids(segment).items()
        ]

    # --- who is a candidate, and what keeps it out ------------------------------------------
    def _candidate_ids(self, segment: Segment) -> dict[str, list[Origin]]:
        """Each candidate's origins: one per distinct clause, with every answer behind it."""
        found: dict[str, list[Origin]] = {}

        def add(
            tool_ids: Sequence[str],
            clause: str,
            rule_id: str,
            when: When | None = None,
            sources: Sequence[str] = (),
        ) -> None:
            causes = list(when.causes(self.answers) or ()) if when is not None else []
            for tool_id in tool_ids:
                if not self.workbook.has_tool(tool_id):  # removed from this project
                    continue
                origins = found.setdefault(tool_id, [])
                same = next((o for o in origins if o.clause == clause), None)
                if same is None:
                    origins.append(Origin(clause, list(causes), list(sources), [rule_id]))
                else:
                    same.causes += [c for c in causes if c not in same.causes]
                    same.sources += [s for s in sources if s not in same.sources]
                    same.rule_ids += [rule_id] if rule_id not in same.rule_ids else []

        add(segment.candidates, segment.candidate_reason, segment.id)
        for rule in self.questionnaire.candidate_rules:
            if rule.when.matches(self.answers):
                add(rule.tools, rule.reason, rule.id, rule.when, rule.sources)
        return found

    def _allowed(self, tool: Tool, candidate: Candidate) -> None:
        """The editions every matching licence rule allows; the rest, and why, as reasons."""
        assert tool.facts is not None
        editions = tool.facts.editions
        allowed = tuple(e for e in editions if all(r.allows(e) for r in self.licence_rules))
        candidate.allowed = candidate.editions = allowed
        if not allowed:
            refusing = sorted(
                (r for r in self.licence_rules if not all(map(r.allows, editions))),
                key=lambda r: r.reason,
            )
            reasons = tuple(dict.fromkeys(r.reason for r in refusing))
            candidate.failed_licence_rules = [r.id for r in refusing]
            candidate.licence_blocks.append(
                NoEditionFits(
                    tool_id=tool.id,
                    refusals=tuple(self._refusal(e) for e in editions),
                    rule_ids=tuple(r.id for r in refusing),
                    rule_reasons=reasons,
                )
            )
            return
        for edition in allowed:
            for rule in self.licence_rules:
                if edition.category in rule.caution_categories and rule.caution_text:
                    caution = LicenceCaution(
                        tool_id=tool.id,
                        edition=edition.name,
                        licence=edition.license.value,
                        caution=rule.caution_text.strip().rstrip("."),
                        rule_id=rule.id,
                    )
                    if all(not _same_caution(caution, c) for c in candidate.cautions):
                        candidate.cautions.append(caution)
                        candidate.licence_notes.append(caution)
            if edition.note and (self.licence_rules or len(editions) > 1):
                candidate.licence_notes.append(
                    EditionNote(tool_id=tool.id, edition=edition.name, note=edition.note)
                )

    def _refusal(self, edition: Edition) -> Refusal:
        """On which grounds the licence rules refuse `edition` (none: it is not refused)."""
        by_category = any(
            r.allow_categories is not None and edition.category not in r.allow_categories
            for r in self.licence_rules
        )
        paid = any(not r.allow_paid and edition.paid for r in self.licence_rules)
        return Refusal(
            edition=edition.name,
            licence=licence_wording(edition) if by_category else "",
            paid=paid,
            sources=edition.license.sources,
        )

    def _check(self, tool_id: str, origins: list[Origin]) -> Candidate:
        row = self.workbook.tool_row(tool_id)
        tool = self.workbook.tools[row]
        candidate = Candidate(
            tool, row, origins, inactive=not tool.is_active, unconfirmed=tool.facts is None
        )
        if tool.facts is not None:
            self._allowed(tool, candidate)
        if not self.ranking.complete[row]:
            candidate.missing_scores = [
                (criterion.id, criterion.name)
                for j, criterion in enumerate(self.workbook.criteria)
                if self.ranking.weights[j] > 0 and math.isnan(self.workbook.scores[row, j])
            ]
        check_must_haves(candidate, self.must_haves)
        candidate.back_with_any_edition = (
            bool(self.licence_rules)
            and tool.facts is not None
            and not (candidate.inactive or candidate.missing_scores)
            and (bool(candidate.licence_blocks) or bool(candidate.failed))
            and bool(meeting(tool, self.must_haves, tool.facts.editions))
        )
        return candidate

    def _rank_key(self, candidate: Candidate) -> tuple[int, int]:
        return int(self.ranking.ranks[candidate.row]), candidate.row

    def _total(self, candidate: Candidate) -> float:
        return float(self.ranking.totals[candidate.row])

    def _standing(self, candidate: Candidate) -> Standing:
        """Its total and its rank among the tools that can be chosen."""
        return Standing(
            tool_id=candidate.tool.id,
            total=self._total(candidate),
            rank=int(self.choosable_ranks[candidate.row]),
            choosable=int(self.choosable.sum()),
        )

    # --- the outcome -----------------------------------------------------------------------------
    def run(self) -> Outcome:
        q = self.questionnaire
        eligible = sorted((c for c in self.candidates if c.eligible), key=self._rank_key)
        chosen = eligible[: q.shortlist_max]
        below_cut = eligible[q.shortlist_max :]
        known = {c.tool.id for c in self.candidates}
        others = [self._check(t.id, []) for t in self.workbook.tools if t.id not in known]
        wanted = q.shortlist_min - len(chosen)
        widened = sorted((c for c in others if c.eligible), key=self._rank_key)[: max(0, wanted)]
        widened_ids = {c.tool.id for c in widened}
        picked = sorted(chosen + widened, key=self._rank_key)
        shared = self._shared_origins(picked, widened_ids)
        shortlist = tuple(
            self._pick(c, c.tool.id in widened_ids, len(eligible), shared) for c in picked
        )
        cut_ids = {c.tool.id for c in below_cut}
        dropped = [c for c in self.candidates if not c.eligible or c.tool.id in cut_ids]
        outsiders = sorted(
            (c for c in others if c.tool.id not in widened_ids),
            key=lambda c: (not c.eligible, self._rank_key(c)),
        )
        excluded = [self._exclusion(c, c.tool.id in cut_ids) for c in dropped]
        excluded += [self._exclusion(c, False, is_candidate=False) for c in outsiders]
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
            back_with_budget=tuple(self.workbook.tool(t).name for t in self._back_with_budget()),
            leaders=tuple(self._contender(c) for c in picked[:2]),
        )
        return Outcome(
            shortlist=shortlist,
            excluded=tuple(excluded),
            what_if=self._what_if(),
            tally=tally,
            shared_reasons=self._shared_lines(shared),
        )

    # --- the picks ---------------------------------------------------------------------------
    def _shared_origins(self, picked: Sequence[Candidate], widened: set[str]) -> list[Candidacy]:
        """The cited origins every pick has (none with fewer than two picks, or when one was
        only added to widen the shortlist)."""
        if len(picked) < 2 or widened:
            return []
        each = [self._candidacies(c) for c in picked]
        return [
            origin
            for origin in each[0]
            if all(any(same_candidacy(origin, o) for o in other) for other in each[1:])
        ]

    def _candidacies(self, candidate: Candidate) -> list[Candidacy]:
        return [o.candidacy(self.questionnaire, candidate.tool.id) for o in candidate.origins]

    @staticmethod
    def _shared_lines(shared: Sequence[Candidacy]) -> tuple[Candidacy, ...]:
        return tuple(replace(c, tool_id="", also=i > 0, shared=True) for i, c in enumerate(shared))

    def _contender(self, candidate: Candidate) -> Contender:
        """What the comparison of the first two picks needs to know about one of them."""
        facts = candidate.tool.facts
        meeting = candidate.editions  # the editions that meet every must-have
        bound: list[str] = []
        doubtful: list[str] = []
        if facts is not None and meeting:
            for must in self.must_haves:
                fact = facts.feature(must.feature_id)
                if fact.editions:  # holds in some editions only
                    bound.append(must.label)
                if fact.unverified or fact.third_party:
                    doubtful.append(must.label)
        return Contender(
            name=candidate.tool.name,
            row=candidate.row,
            total=self._total(candidate),
            editions=tuple(e.name for e in meeting) if bound else (),
            editions_paid=bool(bound) and all(e.paid for e in meeting),
            edition_musts=tuple(bound),
            cautions=tuple(candidate.cautions),
            doubtful=tuple(doubtful),
            notes=tuple(
                (e.name, e.note)
                for e in candidate.allowed
                if e.note and facts is not None and len(candidate.allowed) < len(facts.editions)
            ),
        )

    def _pick(
        self, candidate: Candidate, widened: bool, survivors: int, shared: Sequence[Candidacy]
    ) -> Pick:
        tool_id = candidate.tool.id
        opening: list[Reason] = [Widened(tool_id, survivors)] if widened else []
        clauses = self._candidacies(candidate)
        whole = [replace(c, also=i > 0) for i, c in enumerate(clauses)]
        own = [
            replace(c, also=True) for c in clauses if not any(same_candidacy(c, s) for s in shared)
        ]
        rest: list[Reason] = [self._standing(candidate)]
        strongest = self._strongest(candidate)
        rest += [strongest] if strongest else []
        rest += candidate.met_lines
        rest += self._licence_lines(candidate)
        reasons = once([*opening, *whole, *rest])
        return Pick(
            tool_id=candidate.tool.id,
            name=candidate.tool.name,
            total=self._total(candidate),
            rank=int(self.ranking.ranks[candidate.row]),
            reasons=reasons,
            choosable_rank=int(self.choosable_ranks[candidate.row]),
            editions=tuple(e.name for e in candidate.editions),
            listed_reasons=once([*opening, *own, *rest]) if shared else reasons,
        )

    def _strongest(self, candidate: Candidate) -> Strongest | None:
        """Its scores on the (at most two) criteria the current weights count most."""
        weights = self.ranking.weights
        heaviest = [int(j) for j in np.argsort(-weights, kind="stable")[:2] if weights[j] > 0]
        if not heaviest:
            return None
        total = float(weights.sum())
        criteria = self.workbook.criteria
        return Strongest(
            tool_id=candidate.tool.id,
            scores=tuple(
                CriterionScore(
                    criterion_id=criteria[j].id,
                    criterion=criteria[j].name,
                    score=float(self.workbook.scores[candidate.row, j]),
                    share=float(weights[j]) / total * 100,
                )
                for j in heaviest
            ),
        )

    def _licence_lines(self, candidate: Candidate) -> list[Reason]:
        """Editions, licence and governance, when the answers made the licence matter (or the
        tool comes in several editions)."""
        facts = candidate.tool.facts
        tool_id = candidate.tool.id
        if facts is None or not (self.licence_rules or len(facts.editions) > 1):
            return []
        lines: list[Reason] = []
        if self.licence_rules and len(candidate.allowed) < len(facts.editions):
            lines.append(BudgetAllows(tool_id, tuple(e.name for e in candidate.allowed)))
        if candidate.editions and len(candidate.editions) < len(candidate.allowed):
            lines.append(MeetingEditions(tool_id, tuple(e.name for e in candidate.editions)))
        edition = candidate.editions[0] if candidate.editions else facts.editions[0]
        licence = edition.license
        lines.append(
            Licence(
                tool_id=tool_id,
                edition=edition.name if len(facts.editions) > 1 else "",
                wording=licence_wording(edition),
                sources=licence.sources,
                note=licence.note,
            )
        )
        lines += candidate.licence_notes
        lines.append(Cncf(tool_id, facts.cncf.value))
        return lines

    @staticmethod
    def _lifecycle_label(candidate: Candidate) -> tuple[str, str, str]:
        life = candidate.tool.facts.lifecycle if candidate.tool.facts else None
        if life is None:
            return candidate.tool.name, "", ""
        return candidate.tool.name, life.label, life.since or ""

    def _exclusion(
        self, candidate: Candidate, below_cut: bool, *, is_candidate: bool = True
    ) -> Exclusion:
        tool = candidate.tool
        life = tool.facts.lifecycle if tool.facts is not None and candidate.inactive else None
        reasons: list[Reason] = []
        if life is not None:
            reasons.append(
                Lifecycle(
                    tool_id=tool.id,
                    status=life.label,
                    since=life.since or "",
                    sources=life.sources,
                    hedged=life.unverified or life.third_party,
                    advice=life.advice.strip(),
                )
            )
        if candidate.unconfirmed:
            reasons.append(Unconfirmed(tool.id))
        reasons += candidate.licence_blocks
        if candidate.missing_scores:
            ids, criteria = zip(*candidate.missing_scores, strict=True)
            reasons.append(MissingScores(tool.id, tuple(ids), tuple(criteria)))
        reasons += candidate.failed_lines
        if below_cut:
            reasons.append(
                BelowCut(tool.id, self.questionnaire.shortlist_max, self._standing(candidate))
            )
        if not is_candidate and candidate.eligible:
            reasons.append(NotCandidate(tool.id, self.segment.label, self._standing(candidate)))
        return Exclusion(
            tool_id=tool.id,
            name=tool.name,
            reasons=once(reasons),
            lifecycle_status=life.status if life else None,
            lifecycle_since=life.since if life else None,
            advice=life.advice if life else "",
            candidate=is_candidate,
            failed_must_haves=tuple(dict.fromkeys(candidate.failed)),
            failed_licence_rules=tuple(candidate.failed_licence_rules),
        )

    def _back_with_budget(self) -> tuple[str, ...]:
        back = sorted((c for c in self.candidates if c.back_with_any_edition), key=self._rank_key)
        return tuple(c.tool.id for c in back)

    def _what_if(self) -> tuple[WhatIf, ...]:
        """For each must-have, the candidates it alone keeps out; and, when the budget limits
        the editions, the candidates that any edition would bring back; best first."""
        result = []
        for must in self.must_haves:
            rest = [m for m in self.must_haves if m is not must]
            back = sorted(
                (
                    c
                    for c in self.candidates
                    if must.id in c.failed
                    and not c.blocked_apart_from_must_haves
                    and meeting(c.tool, rest, c.editions)
                ),
                key=self._rank_key,
            )
            result.append(WhatIf(must.id, tuple(c.tool.id for c in back)))
        if self.licence_rules and any(_limits(r) for r in self.licence_rules):
            result.append(WhatIf("", self._back_with_budget(), relax="budget"))
        return tuple(result)


def _same_caution(a: LicenceCaution, b: LicenceCaution) -> bool:
    """The same words: two rules with one caution text caution once."""
    return (a.edition, a.licence, a.caution) == (b.edition, b.licence, b.caution)


def _limits(rule: LicenceRule) -> bool:
    return rule.allow_categories is not None or not rule.allow_paid
