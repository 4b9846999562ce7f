"""How safe a lead is: the margin of one tool over another, and the smallest change of a single
weight that would close it.

Totals are weighted means (see `meshdesk.core.scoring`): total_i = sum_k w_k s_ik / sum_k w_k.
For two tools a and b with d_k = s_ak - s_bk, the lead is D = sum_k w_k d_k / sum_k w_k.
Changing the weight of criterion j to x, the others fixed, gives

    D(x) = (A_j + x d_j) / (W_j + x)      A_j = sum_{k != j} w_k d_k,  W_j = sum_{k != j} w_k,

a linear fraction, monotonic in x, which is zero at x = -A_j / d_j = w_j - sum(w d) / d_j.
That weight swaps the two (b ties, and beyond it overtakes) when d_j != 0, x >= 0 and the
weights still add up to more than 0. Weights are in the units the user sees (percent of the
weights panel); the others are not rescaled, the totals are, as always.

Only complete tools have totals: a criterion one of the two tools lacks a score on has weight
0 (or the tool would be incomplete), and raising it would make that tool incomplete, so such
a criterion never yields a swap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from meshdesk.core.errors import ScoringError
from meshdesk.core.scoring import TIE_DECIMALS, Ranking, normalized_weights
from meshdesk.core.workbook import FloatArray

# a tie point this close below 0 is float noise around a weight of exactly 0
_ZERO_TOLERANCE: Final = 1e-9


@dataclass(frozen=True)
class WeightSwap:
    """Setting criterion `criterion`'s weight from `before` to `after` makes the two tie."""

    criterion: int  # column index
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class Margin:
    """The lead of row `first` over row `second` and the single-weight changes that close it."""

    first: int
    second: int
    first_total: float
    second_total: float
    swaps: tuple[WeightSwap, ...]  # every criterion that can swap them, smallest change first

    @property
    def lead(self) -> float:
        return self.first_total - self.second_total

    @property
    def tied(self) -> bool:
        """Level already, as the ranking sees it (totals equal after rounding to 1e-9)."""
        return round(self.first_total, TIE_DECIMALS) <= round(self.second_total, TIE_DECIMALS)

    @property
    def smallest(self) -> WeightSwap | None:
        """None when no change of a single weight can swap them (or they are tied already)."""
        return self.swaps[0] if self.swaps else None


def margin(scores: FloatArray, weights: FloatArray, first: int, second: int) -> Margin:
    """The margin of row `first` over row `second` of a scores matrix under `weights`.

    Both rows must be complete (a score on every criterion with a weight above 0); raises
    ScoringError otherwise, or when the weights are not usable.
    """
    weights = np.asarray(weights, dtype=np.float64)
    normalized = normalized_weights(weights)
    a, b = np.asarray(scores[first], dtype=np.float64), np.asarray(scores[second], dtype=np.float64)
    weighted = weights > 0
    if np.isnan(a[weighted]).any() or np.isnan(b[weighted]).any():
        raise ScoringError("A margin needs two tools with a score on every weighted criterion.")
    both = ~(np.isnan(a) | np.isnan(b))
    first_total = float(np.where(weighted, a, 0.0) @ normalized)
    second_total = float(np.where(weighted, b, 0.0) @ normalized)
    result = Margin(first, second, first_total, second_total, ())
    if result.tied:
        return result
    diff = np.where(both, a - b, 0.0)
    lead_sum = math.fsum((weights * np.where(weighted, diff, 0.0)).tolist())  # sum(w d)
    total_weight = math.fsum(weights.tolist())
    swaps = []
    for j in np.flatnonzero(both & (diff != 0)):
        before = float(weights[j])
        after = before - lead_sum / float(diff[j])
        if after < 0:
            if after < -_ZERO_TOLERANCE * max(1.0, before):
                continue
            after = 0.0
        if total_weight - before + after <= 0:  # nothing would be weighted at all
            continue
        swaps.append(WeightSwap(int(j), before, after))
    swaps.sort(key=lambda s: (abs(s.change), s.criterion))
    return Margin(first, second, first_total, second_total, tuple(swaps))


def leading_pair(ranking: Ranking) -> tuple[int, int] | None:
    """The rows ranked first and second (ties in workbook order); None with fewer than two
    ranked tools. Incomplete tools are never ranked, so never part of the pair."""
    order = [int(i) for i in ranking.order() if ranking.complete[i]]
    return (order[0], order[1]) if len(order) >= 2 else None
