"""Who is a candidate, what keeps each tool out, and the shortlist.

For each tool: is it actively maintained, are its facts known, which of its editions the
budget allows (licence category, cost), are its scores complete, which must-haves its allowed
editions meet. The eligible candidates are ranked by weighted total under the workbook's
current weights; every other tool is excluded with its reasons, so each tool of the workbook
ends up on the shortlist or among the exclusions. Nothing here knows about service meshes:
the rules come from the questionnaire, the facts from the dataset.

Every reason is a sentence about the tool it sits under ("It meets the must-have ..."), said
once. Candidate rules that give the same reason for one tool (the same `reason` text) make one
sentence naming every answer behind it. A candidacy that every pick shares is also phrased for
the whole shortlist (`Outcome.shared_reasons`), so a list can say it once before the picks and
show each pick's other reasons (`Pick.listed_reasons`) under it; `Pick.reasons` stays whole.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from meshdesk.core.candidates import (
    Candidate,
    Origin,
    capital,
    cited,
    doubt,
    edition_names,
    once,
    sentence,
    sources,
)
from meshdesk.core.decision import Exclusion, MustHave, Pick, WhatIf
from meshdesk.core.explanation import Contender, Tally, names, short_number
from meshdesk.core.facts import Edition, edition_wording, licence_wording
from meshdesk.core.numbers import fixed
from meshdesk.core.questionnaire import Answers, LicenceRule, Questionnaire, Segment, When
from meshdesk.core.scoring import Ranking, competition_ranks
from meshdesk.core.workbook import Tool, Workbook

UNKNOWN: Final = "unknown"  # a feature value that never meets a requirement
_NO_CNCF: Final = "none"


@dataclass(frozen=True)
class Outcome:
    shortlist: tuple[Pick, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    what_if: tuple[WhatIf, ...] = ()
    tally: Tally = field(default_factory=Tally)
    shared_reasons: tuple[str, ...] = ()  # what every pick shares, phrased for the shortlist


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
                    origins.append(Origin(clause, list(causes), list(sources)))
                else:
                    same.causes += [c for c in causes if c not in same.causes]
                    same.sources += [s for s in sources if s not in same.sources]

        add(segment.candidates, segment.candidate_reason)
        for rule in self.questionnaire.candidate_rules:
            if rule.when.matches(self.answers):
                add(rule.tools, rule.reason, rule.when, rule.sources)
        return found

    def _allowed(self, tool: Tool, candidate: Candidate) -> None:
        """The editions every matching licence rule allows; the rest, and why, as reasons."""
        assert tool.facts is not None
        editions = tool.facts.editions
        allowed = tuple(e for e in editions if all(r.allows(e) for r in self.licence_rules))
        candidate.allowed = candidate.editions = allowed
        if not allowed:
            refusals = "; ".join(
                f"{e.name} is {self._why_refused(e)}{sources(e.license.sources)}" for e in editions
            )
            reasons = sorted(
                {r.reason for r in self.licence_rules if not all(map(r.allows, editions))}
            )
            candidate.licence_blocks.append(
                f"No edition fits the budget ({refusals}), so it is left out because "
                f"{'; '.join(reasons)}."
            )
            return
        for edition in allowed:
            for rule in self.licence_rules:
                if edition.category in rule.caution_categories and rule.caution_text:
                    caution = (
                        f"the licence of {edition.name}, {edition.license.value}, is "
                        f"{rule.caution_text.strip().rstrip('.')}"
                    )
                    if caution not in candidate.cautions:
                        candidate.cautions.append(caution)
                        candidate.licence_notes.append(f"Licence caution: {caution}.")
            if edition.note and (self.licence_rules or len(editions) > 1):
                candidate.licence_notes.append(sentence(f"{edition.name}: {edition.note}"))

    def _why_refused(self, edition: Edition) -> str:
        parts = []
        for rule in self.licence_rules:
            if rule.allow_categories is not None and edition.category not in rule.allow_categories:
                parts.append(licence_wording(edition))
            if not rule.allow_paid and edition.paid:
                parts.append("a paid edition")
        return ", ".join(dict.fromkeys(parts)) or "not allowed"

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
                criterion.name
                for j, criterion in enumerate(self.workbook.criteria)
                if self.ranking.weights[j] > 0 and math.isnan(self.workbook.scores[row, j])
            ]
        self._check_must_haves(candidate)
        candidate.back_with_any_edition = (
            bool(self.licence_rules)
            and tool.facts is not None
            and not (candidate.inactive or candidate.missing_scores)
            and (bool(candidate.licence_blocks) or bool(candidate.failed))
            and bool(self._meeting(tool, self.must_haves, tool.facts.editions))
        )
        return candidate

    @staticmethod
    def _met_in(tool: Tool, must: MustHave, edition: Edition) -> bool:
        assert tool.facts is not None
        value = tool.facts.feature(must.feature_id).value_in(edition.id)
        return value != UNKNOWN and value in must.accepted

    def _meeting(
        self, tool: Tool, musts: Sequence[MustHave], editions: Sequence[Edition]
    ) -> tuple[Edition, ...]:
        """The editions that meet every one of `musts` on their own: one edition is what a
        buyer runs, so two must-haves met by two different editions are not both met."""
        if tool.facts is None:
            return ()
        return tuple(e for e in editions if all(self._met_in(tool, m, e) for m in musts))

    def _check_must_haves(self, candidate: Candidate) -> None:
        tool = candidate.tool
        if tool.facts is None:
            for must in self.must_haves:
                candidate.failed.append(must.id)
                candidate.failed_lines.append(
                    f"It fails the must-have '{must.label}': no facts are recorded for it."
                )
            return
        if not self.must_haves:
            return
        # A tool the budget rules out wholly is judged on all its editions, so its reasons
        # state what it offers rather than "could not be confirmed" for lack of an edition.
        pool = candidate.editions or tool.facts.editions
        meeting = self._meeting(tool, self.must_haves, pool)
        if meeting:
            if candidate.editions:
                candidate.editions = meeting
            for must in self.must_haves:
                candidate.met_lines.append(self._met_line(tool, must, meeting[0]))
            return
        singly = [m for m in self.must_haves if self._meeting(tool, [m], pool)]
        for must in self.must_haves:
            if must not in singly:
                candidate.failed.append(must.id)
                candidate.failed_lines.append(self._failed_line(candidate, must, pool))
        if len(singly) == len(self.must_haves):  # each met, but never by the same edition
            candidate.failed.extend(m.id for m in singly)
            where = "; ".join(
                f"'{m.label}' only in {edition_names(self._meeting(tool, [m], pool))}"
                for m in singly
            )
            candidate.failed_lines.append(
                f"No single edition meets every must-have ({where}), and one edition is what "
                "you would run."
            )

    def _met_line(self, tool: Tool, must: MustHave, edition: Edition) -> str:
        assert tool.facts is not None
        fact = tool.facts.feature(must.feature_id)
        value = fact.value_in(edition.id)
        where = f" in {edition.name}" if fact.editions else ""
        return f"It meets the must-have '{must.label}'{where}: {cited(value, fact)}{doubt(fact)}."

    def _failed_line(self, candidate: Candidate, must: MustHave, pool: Sequence[Edition]) -> str:
        tool = candidate.tool
        assert tool.facts is not None
        fact = tool.facts.feature(must.feature_id)
        value, _edition = tool.facts.feature_in(must.feature_id, tuple(pool))
        if value == UNKNOWN:
            counted = "; a capability that could not be confirmed counts as missing"
        else:
            counted = doubt(fact)
        shown = edition_wording(fact, tool.facts.editions)
        elsewhere = ""
        if candidate.editions and self._meeting(tool, [must], tool.facts.editions):
            elsewhere = "; the edition that has it is one the budget rules out"
        counts = " or ".join(must.accepted)
        return (
            f"It fails the must-have '{must.label}' (only {counts} counts): "
            f"{cited(shown, fact)}{counted}{elsewhere}."
        )

    def _rank_key(self, candidate: Candidate) -> tuple[int, int]:
        return int(self.ranking.ranks[candidate.row]), candidate.row

    def _total(self, candidate: Candidate) -> float:
        return float(self.ranking.totals[candidate.row])

    def _standing(self, candidate: Candidate) -> str:
        """Its total and its rank among the tools that can be chosen, said as such (a clause:
        "its weighted total is 8.00, rank 1 of the 6 tools ... under the current weights")."""
        choosable = int(self.choosable.sum())
        rank = int(self.choosable_ranks[candidate.row])
        where = (
            f"rank {rank} of the {choosable} tools that can be chosen (active, every weighted "
            "criterion scored)"
            if rank
            else "not ranked among the tools that can be chosen"
        )
        total = fixed(self._total(candidate), 2)
        return f"its weighted total is {total}, {where}, under the current weights"

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
    def _shared_origins(self, picked: Sequence[Candidate], widened: set[str]) -> list[str]:
        """The cited origins every pick has (none with fewer than two picks, or when one was
        only added to widen the shortlist)."""
        if len(picked) < 2 or widened:
            return []
        each = [[o.cited(self.questionnaire) for o in c.origins] for c in picked]
        return [origin for origin in each[0] if all(origin in other for other in each[1:])]

    @staticmethod
    def _shared_lines(shared: Sequence[str]) -> tuple[str, ...]:
        return tuple(
            f"Each platform on the shortlist is {'also ' if i else ''}a candidate because {c}."
            for i, c in enumerate(shared)
        )

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
        self, candidate: Candidate, widened: bool, survivors: int, shared: Sequence[str]
    ) -> Pick:
        opening: list[str] = []
        if widened:
            found = (
                "none of the candidates"
                if survivors == 0
                else f"only {survivors} candidate{'' if survivors == 1 else 's'}"
            )
            opening.append(
                "It is not among the candidates for your answers: it was added to widen the "
                f"shortlist because {found} met every requirement, and it is active and meets "
                "every must-have."
            )
        clauses = [o.cited(self.questionnaire) for o in candidate.origins]
        whole = [
            f"It is {'also ' if i else ''}a candidate because {c}." for i, c in enumerate(clauses)
        ]
        own = [f"It is also a candidate because {c}." for c in clauses if c not in shared]
        rest = [sentence(capital(self._standing(candidate)))]
        rest += [self._strongest(candidate)] if self._strongest(candidate) else []
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

    def _strongest(self, candidate: Candidate) -> str:
        """Its scores on the (at most two) criteria the current weights count most."""
        weights = self.ranking.weights
        heaviest = [int(j) for j in np.argsort(-weights, kind="stable")[:2] if weights[j] > 0]
        if not heaviest:
            return ""
        total = float(weights.sum())
        parts = [
            f"{short_number(self.workbook.scores[candidate.row, j])} for "
            f"{self.workbook.criteria[j].name} ({fixed(weights[j] / total * 100, 1)}%)"
            for j in heaviest
        ]
        which = "the two criteria" if len(heaviest) == 2 else "the criterion"
        return f"On {which} the current weights count most, it scores {names(parts)}."

    def _licence_lines(self, candidate: Candidate) -> list[str]:
        """Editions, licence and governance, when the answers made the licence matter (or the
        tool comes in several editions)."""
        facts = candidate.tool.facts
        if facts is None or not (self.licence_rules or len(facts.editions) > 1):
            return []
        lines = []
        if self.licence_rules and len(candidate.allowed) < len(facts.editions):
            lines.append(f"Of its editions, your budget allows {edition_names(candidate.allowed)}.")
        if candidate.editions and len(candidate.editions) < len(candidate.allowed):
            which = (
                "The edition that meets every must-have is"
                if len(candidate.editions) == 1
                else "The editions that meet every must-have are"
            )
            lines.append(f"{which} {edition_names(candidate.editions)}.")
        edition = candidate.editions[0] if candidate.editions else facts.editions[0]
        licence = edition.license
        whose = f"The licence of {edition.name}" if len(facts.editions) > 1 else "Its licence"
        note = f" {sentence(licence.note)}" if licence.note else ""
        lines.append(f"{whose} is {licence_wording(edition)}{sources(licence.sources)}.{note}")
        lines += candidate.licence_notes
        cncf = facts.cncf
        lines.append(
            "It is not part of the CNCF."
            if cncf.value == _NO_CNCF
            else f"Its CNCF status is {cncf.value}."
        )
        return lines

    @staticmethod
    def _lifecycle_label(candidate: Candidate) -> str:
        life = candidate.tool.facts.lifecycle if candidate.tool.facts else None
        if life is None:
            return candidate.tool.name
        since = f" since {life.since}" if life.since else ""
        return f"{candidate.tool.name} ({life.label.lower()}{since})"

    def _exclusion(
        self, candidate: Candidate, below_cut: bool, *, is_candidate: bool = True
    ) -> Exclusion:
        tool = candidate.tool
        life = tool.facts.lifecycle if tool.facts is not None and candidate.inactive else None
        reasons: list[str] = []
        if life is not None:
            since = f" since {life.since}" if life.since else ""
            unsure = life.unverified or life.third_party
            hedge = " (a status not fully confirmed)" if unsure else ""
            advice = f" {sentence(life.advice)}" if life.advice.strip() else ""
            status = f"{'has been' if since else 'is'} '{life.label.lower()}'{since}"
            reasons.append(
                f"Its lifecycle status {status}{sources(life.sources)}{hedge}, and a platform "
                f"that is no longer actively maintained is never shortlisted.{advice}"
            )
        if candidate.unconfirmed:
            reasons.append(
                "No lifecycle facts are recorded for it (a tool added or imported without "
                "them), so it cannot be shown to be maintained, and a platform is only "
                "shortlisted when its facts say it is active."
            )
        reasons += candidate.licence_blocks
        if candidate.missing_scores:
            reasons.append(
                "Its weighted total cannot be computed: it has no score for "
                f"{names(candidate.missing_scores)}."
            )
        reasons += candidate.failed_lines
        if below_cut:
            reasons.append(
                "It meets every requirement, but ranks below the shortlist cut of "
                f"{self.questionnaire.shortlist_max}: {self._standing(candidate)}."
            )
        if not is_candidate and candidate.eligible:
            reasons.append(
                "It meets every requirement, but is not among the candidates for your answers: "
                f"the {self.segment.label} segment's list does not name it and no answer added "
                f"it. {sentence(capital(self._standing(candidate)))}"
            )
        return Exclusion(
            tool_id=tool.id,
            name=tool.name,
            reasons=once(reasons),
            lifecycle_status=life.status if life else None,
            lifecycle_since=life.since if life else None,
            advice=life.advice if life else "",
            candidate=is_candidate,
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
                    and self._meeting(c.tool, rest, c.editions)
                ),
                key=self._rank_key,
            )
            result.append(WhatIf(must.id, tuple(c.tool.id for c in back)))
        if self.licence_rules and any(_limits(r) for r in self.licence_rules):
            result.append(WhatIf("", self._back_with_budget(), relax="budget"))
        return tuple(result)


def _limits(rule: LicenceRule) -> bool:
    return rule.allow_categories is not None or not rule.allow_paid
