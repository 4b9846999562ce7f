"""Why the first pick beat the second, in one comparative paragraph: the margin, each
criterion's part of it, the smallest single-weight change that would level them, and what
else separates them. The figures come from meshdesk.core.sensitivity and the engine's
`Tally`; the words are here."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from meshdesk.core.decision import Contender, Recommendation, Tally
from meshdesk.core.numbers import fixed, rounded
from meshdesk.core.sensitivity import Margin, margin
from meshdesk.core.workbook import Workbook
from meshdesk.report.text.explanation import CLOSE_MARGIN
from meshdesk.report.text.reasons import caution_clause
from meshdesk.report.text.sentence import names, short_number

LISTED_CRITERIA: Final = 3  # criteria named on each side of the comparison; the rest summed
# The comparison gives totals, the margin and each criterion's part of it to three decimals:
# with two, rounded totals can differ by a figure other than the rounded margin (8.59 and 8.55
# for a margin of 0.047), and the parts would not add up to it.
COMPARISON_PLACES: Final = 3


def comparison(workbook: Workbook, rec: Recommendation) -> str:
    """Why the first pick beat the second, under the workbook's current weights: the
    margin, the criteria where the lead was won and lost (each criterion's weighted score
    difference; together they make the margin), the smallest change of one weight that
    would level them, and what else decides between them (a must-have that rests on one
    edition, a licence caution, an unverified fact). "" with fewer than two picks."""
    if not rec.needs_mesh:
        return ""
    return _Comparison(workbook).say(rec.tally, [m.label for m in rec.must_haves])


class _Comparison:
    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook

    def say(self, tally: Tally, must_haves: Sequence[str]) -> str:
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
                sentences.append(f"For {pick.name}, mind the licence: {caution_clause(caution)}.")
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
