"""The recommendation's explanation, the memo paragraph: the engine's figures (the
recommendation and its `Tally`) in plain sentences; every domain word comes from the data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from meshdesk.core.decision import Recommendation, Tally
from meshdesk.core.numbers import fixed, rounded
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.workbook import Workbook
from meshdesk.report.text.sentence import names, some_names

CLOSE_MARGIN: Final = 0.1  # totals closer than this are within the noise of 0-10 scores


def _lifecycle_label(name: str, status: str, since: str) -> str:
    """ "Name (dormant since 2026-02-24)"."""
    if not status:
        return name
    return f"{name} ({status.lower()}{f' since {since}' if since else ''})"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


def explanation(workbook: Workbook, questionnaire: Questionnaire, rec: Recommendation) -> str:
    """The recommendation in one paragraph: the segment and the weights, then the verdict (no
    platform needed, or the requirements, what was dropped and the picks)."""
    explain = _Explanation(workbook, questionnaire, rec.defaulted)
    framing = explain.framing(rec)
    labels = [m.label for m in rec.must_haves]
    if not rec.needs_mesh:
        return explain.not_needed(rec, framing, labels)
    return explain.needed(framing, labels, rec.tally)


class _Explanation:
    def __init__(
        self, workbook: Workbook, questionnaire: Questionnaire, defaulted: tuple[str, ...]
    ) -> None:
        self.workbook = workbook
        self.questionnaire = questionnaire
        self.defaulted = defaulted

    def _heaviest(self, weights: Mapping[str, float]) -> str:
        heaviest = sorted(weights.items(), key=lambda kv: -kv[1])[:3]
        wb = self.workbook
        return names(
            [
                f"{wb.criterion(c).name if wb.has_criterion(c) else c} {fixed(pct, 1)}%"
                for c, pct in heaviest
            ]
        )

    def framing(self, rec: Recommendation) -> list[str]:
        """Segment and weights: the part of the explanation that holds whatever the verdict."""
        start = (
            "Starting from the published weights"
            if self.workbook.publication is not None
            else "Starting from equal weights (the project has no published ones)"
        )
        if rec.weight_changes:
            moves = "; ".join(c.reason for c in rec.weight_changes)
            weighting = (
                f"{start}, your answers moved them ({moves}); rescaled to 100 percent, the "
                f"heaviest criteria of the profile are {self._heaviest(rec.weights)}."
            )
        elif rec.unmatched_criteria:
            unmatched = ", ".join(rec.unmatched_criteria)
            weighting = (
                "Your answers would move the weights of criteria this project does not have "
                f"({unmatched}), so they move no weight here: the project's "
                "criteria do not match the questionnaire's. The heaviest criteria are "
                f"{self._heaviest(rec.weights)}."
            )
        elif self.workbook.publication is not None:
            weighting = (
                "No answer moved the published weights, so the profile keeps them: the "
                f"heaviest criteria are {self._heaviest(rec.weights)}."
            )
        else:
            weighting = (
                "No answer moved a weight, so the profile keeps the project's own weights: the "
                f"heaviest criteria are {self._heaviest(rec.weights)}."
            )
        out = [
            f"The evaluation is framed for the {rec.segment_label} segment. {rec.segment_reason}",
            weighting,
        ]
        if rec.weights_differ:
            out.append(
                "The workbook's current weights differ from this profile (changed by hand, or "
                "the profile was never applied); the totals, the ranking and the shortlist here "
                "use the current weights, as the grid does, and their heaviest criteria are "
                f"{self._heaviest(rec.ranked_weights)}."
            )
        return out

    def _defaults(self) -> str:
        if not self.defaulted:
            return ""
        parts = []
        for question_id in self.defaulted:
            question = self.questionnaire.question(question_id)
            parts.append(f"{question.title} ({question.describe(question.default)})")
        return f"Unanswered questions took their defaults: {'; '.join(parts)}."

    def _caveat(self) -> str:
        """How far the scores can be trusted depends on where they come from."""
        memo = self.questionnaire.memo
        if self.workbook.publication is not None:
            return memo.caveat
        return memo.caveat_own_scores

    def not_needed(self, rec: Recommendation, framing: list[str], must_haves: Sequence[str]) -> str:
        given = rec.alternative or ""
        alternative = given[:1].lower() + given[1:]
        kept = "The weight profile is"
        if must_haves:
            kept = f"The weight profile and the requirements ({names(must_haves)}) are"
        sentences = [
            self.questionnaire.memo.not_needed,
            rec.alternative_reason,
            f"What to use instead: {alternative}.",
            *framing,
            f"{kept} worked out all the same, for the day the estate grows; no platform was "
            "shortlisted.",
            self._defaults(),
        ]
        return " ".join(s for s in sentences if s)

    def needed(self, framing: list[str], must_haves: Sequence[str], tally: Tally) -> str:
        sentences = [
            self.questionnaire.memo.needed,
            *framing,
            self._requirements(must_haves, tally),
            self._dropped(tally),
            self._picks(tally, bool(must_haves)),
            self._defaults(),
            self._caveat(),
        ]
        return " ".join(s for s in sentences if s)

    @staticmethod
    def _requirements(must_haves: Sequence[str], tally: Tally) -> str:
        if not must_haves:
            return "No answer set a hard requirement."
        count = len(must_haves)
        labels = names([f"'{m}'" for m in must_haves])
        lead = f"Your answers set {count} hard requirement{'' if count == 1 else 's'}, {labels}"
        if tally.failed_must_haves:
            verb = "rules" if count == 1 else "rule"
            return f"{lead}, which {verb} out {names(tally.failed_must_haves)}."
        return f"{lead}; every other candidate meets {'it' if count == 1 else 'them'}."

    @staticmethod
    def _dropped(tally: Tally) -> str:
        sentences = []
        if tally.inactive:
            it = "it" if len(tally.inactive) == 1 else "them"
            inactive = [_lifecycle_label(*named) for named in tally.inactive]
            sentences.append(
                f"{names(inactive)} {_was(len(tally.inactive))} dropped because no one "
                f"actively maintains {it} any more; the exclusions name what to use instead."
            )
        if tally.licence_blocked:
            sentences.append(
                f"{names(tally.licence_blocked)} {_was(len(tally.licence_blocked))} left out "
                "on licence grounds."
            )
        if tally.incomplete:
            sentences.append(
                f"{names(tally.incomplete)} could not be ranked because "
                f"{'its' if len(tally.incomplete) == 1 else 'their'} scores are incomplete."
            )
        return " ".join(sentences)

    def _picks(self, tally: Tally, has_must_haves: bool) -> str:
        shortlist = tally.shortlist
        minimum = self.questionnaire.shortlist_min
        sentences = []
        if tally.widened:
            found = "None" if tally.survivors == 0 else f"Only {tally.survivors}"
            sentences.append(
                f"{found} of the candidates for your answers met every requirement, so the "
                f"shortlist was widened with {names(tally.widened)}, from outside the candidate "
                "lists: active, and meeting every requirement."
            )
        what_if = (
            "; the what-if list shows which requirement, if relaxed, would bring candidates back"
            if has_must_haves
            else ""
        )
        if not shortlist:
            sentences.append(
                "No active platform in the workbook meets every requirement within the budget, "
                f"so there is no shortlist{what_if}."
            )
            if tally.back_with_budget:
                sentences.append(
                    f"A budget that allows paid editions would bring back "
                    f"{some_names(tally.back_with_budget)}."
                )
        elif len(shortlist) == 1:
            name, total = shortlist[0]
            sentences.append(
                f"That leaves {name} alone (weighted total {fixed(total, 2)}): no other active "
                "platform in the workbook meets every requirement, so there is no runner-up to "
                f"compare{what_if}."
            )
        else:
            (top, top_total), (second, second_total) = shortlist[0], shortlist[1]
            margin = top_total - second_total
            close = (
                ", a margin too small to separate them on paper: treat the two as equals until "
                "a pilot decides"
                if margin < CLOSE_MARGIN
                else ""
            )
            sentences.append(
                f"{top} leads with a weighted total of {fixed(top_total, 2)}, "
                f"{rounded(top_total, 2) - rounded(second_total, 2):f} ahead of {second} "
                f"({fixed(second_total, 2)}){close}."  # the difference as shown adds up
            )
            rest = [name for name, _ in shortlist[2:]]
            if rest:
                ending = "s" if len(rest) == 1 else ""
                sentences.append(f"{names(rest)} complete{ending} the shortlist.")
            if len(shortlist) < minimum:
                sentences.append(
                    "No other active platform meets every requirement, so the shortlist has "
                    f"fewer than {minimum}."
                )
        if tally.below_cut:
            one = len(tally.below_cut) == 1
            sentences.append(
                f"{some_names(tally.below_cut)} also {'meets' if one else 'meet'} every "
                f"requirement but {'ranks' if one else 'rank'} below the shortlist cut of "
                f"{self.questionnaire.shortlist_max}."
            )
        if tally.not_candidates:
            sentences.append(
                f"{some_names(tally.not_candidates)} would meet every requirement but "
                f"{'is' if len(tally.not_candidates) == 1 else 'are'} not among the candidates "
                "for your answers; the exclusions say why."
            )
        return " ".join(sentences)
