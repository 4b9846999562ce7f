"""The recommendation's explanation in plain sentences; every domain word comes from the data.

(The one place where the engine's account is turned into prose. The decision report takes
this over when it is built; until then the memo, the workbook and the command line quote it.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from meshdesk.core.numbers import fixed, rounded
from meshdesk.core.questionnaire import NoMeshRule, Questionnaire, Segment
from meshdesk.core.sensitivity import Margin, margin
from meshdesk.core.weight_profile import WeightProfile
from meshdesk.core.workbook import Workbook

CLOSE_MARGIN: Final = 0.1  # totals closer than this are within the noise of 0-10 scores
LISTED_CRITERIA: Final = 3  # criteria named on each side of the comparison; the rest summed
# The comparison gives totals, the margin and each criterion's part of it to three decimals:
# with two, rounded totals can differ by a figure other than the rounded margin (8.59 and 8.55
# for a margin of 0.047), and the parts would not add up to it.
COMPARISON_PLACES: Final = 3


def names(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def some_names(items: Sequence[str], limit: int = 6) -> str:
    """names(), but at most `limit` of them: 'A, B, C and 12 more'."""
    if len(items) <= limit:
        return names(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


def _was(count: int) -> str:
    return "was" if count == 1 else "were"


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
    cautions: tuple[str, ...] = ()  # licence cautions, as clauses
    doubtful: tuple[str, ...] = ()  # labels of must-haves met on an unverified or third-party fact
    # (edition, note) of the editions the budget narrowed it to, when their facts note something
    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Tally:
    """What the evaluation found, by name, for the sentences."""

    shortlist: tuple[tuple[str, float], ...] = ()  # (name, total), best first
    survivors: int = 0  # candidates that met every requirement
    widened: tuple[str, ...] = ()  # names added from outside the candidate lists
    inactive: tuple[str, ...] = ()  # "Name (dormant since 2026-02-24)"
    failed_must_haves: tuple[str, ...] = ()  # active candidates a must-have ruled out
    licence_blocked: tuple[str, ...] = ()
    incomplete: tuple[str, ...] = ()
    below_cut: tuple[str, ...] = ()
    not_candidates: tuple[str, ...] = ()  # eligible tools the candidate lists do not name
    back_with_budget: tuple[str, ...] = ()  # candidates any edition (a bigger budget) brings back
    leaders: tuple[Contender, ...] = ()  # the first two picks, for the comparison


class Explanation:
    def __init__(
        self, workbook: Workbook, questionnaire: Questionnaire, defaulted: tuple[str, ...]
    ) -> None:
        self.workbook = workbook
        self.questionnaire = questionnaire
        self.defaulted = defaulted

    def _heaviest(self, weights: Mapping[str, float]) -> str:
        heaviest = sorted(weights.items(), key=lambda kv: -kv[1])[:3]
        return names([f"{self.workbook.criterion(c).name} {fixed(pct, 1)}%" for c, pct in heaviest])

    def framing(
        self,
        segment: Segment,
        segment_reason: str,
        profile: WeightProfile,
        shares: Mapping[str, float],
        differ: bool,
    ) -> list[str]:
        """Segment and weights: the part of the explanation that holds whatever the verdict."""
        start = (
            "Starting from the published weights"
            if self.workbook.publication is not None
            else "Starting from equal weights (the project has no published ones)"
        )
        if profile.changes:
            moves = "; ".join(c.reason for c in profile.changes)
            weighting = (
                f"{start}, your answers moved them ({moves}); rescaled to 100 percent, the "
                f"heaviest criteria of the profile are {self._heaviest(profile.weights)}."
            )
        elif profile.unmatched:
            weighting = (
                "Your answers would move the weights of criteria this project does not have "
                f"({', '.join(profile.unmatched)}), so they move no weight here: the project's "
                "criteria do not match the questionnaire's. The heaviest criteria are "
                f"{self._heaviest(profile.weights)}."
            )
        elif self.workbook.publication is not None:
            weighting = (
                "No answer moved the published weights, so the profile keeps them: the "
                f"heaviest criteria are {self._heaviest(profile.weights)}."
            )
        else:
            weighting = (
                "No answer moved a weight, so the profile keeps the project's own weights: the "
                f"heaviest criteria are {self._heaviest(profile.weights)}."
            )
        out = [
            f"The evaluation is framed for the {segment.label} segment. {segment_reason}",
            weighting,
        ]
        if differ:
            out.append(
                "The workbook's current weights differ from this profile (changed by hand, or "
                "the profile was never applied); the totals, the ranking and the shortlist here "
                "use the current weights, as the grid does, and their heaviest criteria are "
                f"{self._heaviest(shares)}."
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

    def not_needed(self, rule: NoMeshRule, framing: list[str], must_haves: Sequence[str]) -> str:
        alternative = rule.alternative[:1].lower() + rule.alternative[1:]
        kept = "The weight profile is"
        if must_haves:
            kept = f"The weight profile and the requirements ({names(must_haves)}) are"
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
            sentences.append(
                f"{names(tally.inactive)} {_was(len(tally.inactive))} dropped because no one "
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

    # --- the first pick against the second -------------------------------------------------------
    def comparison(self, tally: Tally, must_haves: Sequence[str]) -> str:
        """Why the first pick beat the second, under the workbook's current weights: the
        margin, the criteria where the lead was won and lost (each criterion's weighted score
        difference; together they make the margin), the smallest change of one weight that
        would level them, and what else decides between them (a must-have that rests on one
        edition, a licence caution, an unverified fact). "" with fewer than two picks."""
        if len(tally.leaders) < 2:
            return ""
        first, second = tally.leaders[0], tally.leaders[1]
        found = margin(self.workbook.scores, self.workbook.weights, first.row, second.row)
        return " ".join(
            s
            for s in (
                self._lead(first, second, found),
                self._parts(first, second),
                self._swap(second, found),
                self._decisive(first, second, must_haves),
            )
            if s
        )

    @staticmethod
    def _lead(first: Contender, second: Contender, found: Margin) -> str:
        a, b = fixed(first.total, COMPARISON_PLACES), fixed(second.total, COMPARISON_PLACES)
        if found.tied:  # as the ranking sees it: then the workbook's order decides
            return (
                f"{first.name} and {second.name} are level at {a} under the current weights; "
                f"{first.name} is listed first only because it comes first in the workbook."
            )
        # The lead is the difference of the totals as shown, so that the sentence adds up
        # ("by 0.062 (8.000 to 7.938)", where the margin itself, 0.0625, would show as 0.063).
        shown = rounded(first.total, COMPARISON_PLACES) - rounded(second.total, COMPARISON_PLACES)
        lead = f"{shown:f}"
        if shown <= 0:
            lead = f"less than {fixed(10.0**-COMPARISON_PLACES, COMPARISON_PLACES)}"
        close = (
            ", a margin too small to separate them on paper: treat the two as equals until a "
            "pilot decides"
            if first.total - second.total < CLOSE_MARGIN
            else ""
        )
        return (
            f"{first.name} leads {second.name} by {lead} ({a} to {b}) under the current "
            f"weights{close}."
        )

    def _parts(self, first: Contender, second: Contender) -> str:
        """Each weighted criterion's part of the margin: its share of the weights times the
        score difference. The parts add up to the margin."""
        wb = self.workbook
        weights = wb.weights
        total_weight = math.fsum(float(w) for w in weights)
        gains: list[tuple[float, int]] = []
        losses: list[tuple[float, int]] = []
        level: list[str] = []
        for j, criterion in enumerate(wb.criteria):
            if weights[j] <= 0:
                continue
            part = (
                float(weights[j])
                / total_weight
                * float(wb.scores[first.row, j] - wb.scores[second.row, j])
            )
            if part == 0:
                level.append(criterion.name)
            else:
                (gains if part > 0 else losses).append((abs(part), j))
        if not gains and not losses:
            return "The two score the same on every weighted criterion."
        gains.sort(key=lambda item: (-item[0], item[1]))
        losses.sort(key=lambda item: (-item[0], item[1]))
        described = [j for _, j in (gains + losses)[:1]]  # the first says what the figures are

        def listed(parts: list[tuple[float, int]]) -> str:
            shown = parts if len(parts) <= LISTED_CRITERIA + 1 else parts[:LISTED_CRITERIA]
            items = []
            for part, j in shown:
                a, b = float(wb.scores[first.row, j]), float(wb.scores[second.row, j])
                share = fixed(float(weights[j]) / total_weight * 100, 1)
                at = f"at a weight of {share}%" if j in described else f"at {share}%"
                items.append(
                    f"{wb.criteria[j].name} ({short_number(a)} to {short_number(b)} {at}: "
                    f"{fixed(part, COMPARISON_PLACES)})"
                )
            rest = parts[len(shown) :]
            if rest:
                together = fixed(math.fsum(p for p, _ in rest), COMPARISON_PLACES)
                items.append(f"{len(rest)} more criteria ({together} together)")
            return names(items)

        if len(level) > LISTED_CRITERIA:
            same = f"; the two score the same on the other {len(level)} weighted criteria"
        elif level:
            same = f"; the two score the same on {names(level)}"
        else:
            same = ""
        if not losses:
            whole = "The whole lead comes" if len(gains) == 1 else "The lead comes"
            return f"{whole} from {listed(gains)}{same}."
        if not gains:  # only when the totals are level within the ranking's tolerance
            return f"{first.name} scores lower on {listed(losses)}{same}."
        won = fixed(math.fsum(p for p, _ in gains), COMPARISON_PLACES)
        lost = fixed(math.fsum(p for p, _ in losses), COMPARISON_PLACES)
        return (
            f"{first.name} gains {won} on {listed(gains)}, and gives back {lost} on "
            f"{listed(losses)}{same}."
        )

    def _swap(self, second: Contender, found: Margin) -> str:
        """The smallest change of one weight that would level the two (in the units of the
        weights panel), from meshdesk.core.sensitivity."""
        if found.tied:
            return ""
        swap = found.smallest
        if swap is None:
            return f"No change of a single weight would put {second.name} level or ahead."
        criterion = self.workbook.criteria[swap.criterion].name
        verb = "Raising" if swap.after > swap.before else "Lowering"
        # the weights panel's units, which are percent only when the weights add up to 100
        panel = (
            ""
            if math.isclose(float(self.workbook.weights.sum()), 100.0)
            else " in the weights panel"
        )
        before, after = short_number(swap.before), short_number(swap.after)
        return (
            f"{verb} the weight of {criterion}{panel} from {before} to {after} would level them, "
            "and no smaller change of a single weight would."
        )

    @staticmethod
    def _decisive(first: Contender, second: Contender, must_haves: Sequence[str]) -> str:
        sentences = []
        for pick in (first, second):
            if pick.editions:
                one = len(pick.editions) == 1
                paid = ""
                if pick.editions_paid:
                    paid = ", a paid edition" if one else ", paid editions"
                musts = names([f"'{m}'" for m in pick.edition_musts])
                sentences.append(
                    f"{pick.name} meets {musts} only in {names(pick.editions)}{paid}, so its "
                    f"place assumes {'that edition' if one else 'one of them'}."
                )
            for caution in pick.cautions:
                sentences.append(f"For {pick.name}, mind the licence: {caution}.")
            for edition, note in pick.notes:
                sentences.append(
                    f"{pick.name} counts here in {edition}, an edition your budget allows; its "
                    f"facts note: “{note.strip().rstrip('.')}”."
                )
            if pick.doubtful:
                musts = names([f"'{m}'" for m in pick.doubtful])
                sentences.append(
                    f"{pick.name} meets {musts} on a fact that is unverified or stated only by "
                    "a third party: confirm it before relying on its place."
                )
        if sentences or not must_haves:  # nothing to clear when nothing was required
            return " ".join(sentences)
        return (
            "Nothing else separates them: each meets every must-have without depending on a "
            "particular edition or an unverified fact, and no licence caution applies to either."
        )


def short_number(value: float) -> str:
    """A score or a weight in a sentence: one decimal at most (9, 8.5, 17.4)."""
    shown = fixed(value, 1)
    return shown[:-2] if shown.endswith(".0") else shown
