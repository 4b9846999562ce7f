"""Weighted totals and ranks, vectorized.

Rules (documented in README, "How totals are computed"):
- Weights are non-negative percentages; totals use weights / sum(weights), so a total stays on
  the 0-10 score scale whatever the weights add up to. A zero sum is an error.
- A tool is *complete* when it has a score on every criterion whose weight is above zero. Only
  complete tools get a total and a rank; a missing score is never counted as 0. An incomplete
  tool gets a *provisional* total over the criteria it is scored on (their weights
  renormalized), shown as provisional and never ranked.
- Ranks are standard competition ranks (1, 2, 2, 4, like Excel's RANK.EQ), compared after
  rounding totals to 1e-9 so that float noise does not break a tie.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from meshdesk.core.errors import ScoringError
from meshdesk.core.workbook import FloatArray, Workbook

TIE_DECIMALS: Final = 9
DISCREPANCY_TOLERANCE: Final = 0.005

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Ranking:
    """Totals and ranks for every tool row, in workbook order."""

    weights: FloatArray  # as given, percent
    normalized: FloatArray  # weights / sum(weights)
    totals: FloatArray  # NaN where incomplete
    provisional: FloatArray  # total over scored criteria; NaN where nothing weighted is scored
    ranks: IntArray  # 1-based; 0 where incomplete
    complete: BoolArray

    def order(self) -> IntArray:
        """Row indices by rank, ties in workbook order, incomplete rows last."""
        key = np.where(self.complete, self.ranks, np.iinfo(np.int64).max)
        return np.argsort(key, kind="stable").astype(np.int64)


def normalized_weights(weights: FloatArray) -> FloatArray:
    weights = np.asarray(weights, dtype=np.float64)
    if weights.size == 0:
        raise ScoringError("There are no criteria, so there is nothing to total.")
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise ScoringError("Weights must be finite numbers of 0 or more.")
    total = float(weights.sum())
    if total <= 0:
        raise ScoringError("The weights add up to 0: give at least one criterion a weight above 0.")
    return weights / total


def competition_ranks(totals: FloatArray, valid: BoolArray) -> IntArray:
    """1 + the number of valid totals strictly greater, after rounding; 0 for invalid rows."""
    rounded = np.round(np.where(valid, totals, -np.inf), TIE_DECIMALS)
    ascending = np.sort(rounded[valid])
    greater = ascending.size - np.searchsorted(ascending, rounded, side="right")
    return np.where(valid, greater + 1, 0).astype(np.int64)


class PreparedScores:
    """A scores matrix made ready for repeated ranking under changing weights.

    The arrays derived from the scores (NaN replaced by 0, the scored mask as floats) are
    built once; each `rank(weights)` is then two matrix products and a sort, well under a
    millisecond for 1,000 x 200. Rebuild after the scores change.
    """

    def __init__(self, scores: FloatArray) -> None:
        scored = ~np.isnan(scores)
        self.shape = scores.shape
        self.filled: FloatArray = np.where(scored, scores, 0.0)
        self.scored: FloatArray = scored.astype(np.float64)

    def rank(self, weights: FloatArray) -> Ranking:
        normalized = normalized_weights(weights)
        weighted = (normalized > 0).astype(np.float64)
        raw = self.filled @ normalized
        # one pass over the mask gives both the weight covered and the weighted criteria scored
        covered, scored_weighted = (self.scored @ np.column_stack((normalized, weighted))).T
        # counts of scored weighted cells are small integers, so the comparison is exact
        complete = scored_weighted == weighted.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            provisional = np.where(covered > 0, raw / covered, np.nan)
        totals = np.where(complete, raw, np.nan)
        return Ranking(
            weights=np.asarray(weights, dtype=np.float64).copy(),
            normalized=normalized,
            totals=totals,
            provisional=provisional,
            ranks=competition_ranks(totals, complete),
            complete=complete,
        )


def compute(scores: FloatArray, weights: FloatArray) -> Ranking:
    """Totals and ranks for a scores matrix (NaN = not scored) under the given weights."""
    return PreparedScores(scores).rank(weights)


def rank_workbook(workbook: Workbook) -> Ranking:
    return compute(workbook.scores, workbook.weights)
