"""How robust the leader is under changes of one weight or one score (deterministic part).

Candidates are the tools that can be chosen: active and complete under the current weights,
and, when answers were evaluated, on their shortlist (the analysis then asks how robust the
recommendation's first pick is, not a tool the requirements rule out); the others are left
out. Weights are in the units of the weights panel, and when one weight
moves the others stay as they are (the totals are rescaled, as always).

For a criterion j whose weight moves to x, with A_i = sum_{k != j} w_k s_ik and
W = sum_{k != j} w_k, every total is the linear fraction (A_i + x s_ij) / (W + x). The leader L
stays first against tool i exactly while D_i + x d_i >= 0, with D_i = A_L - A_i and
d_i = s_Lj - s_ij (the denominator is positive): one linear inequality per tool, so the whole
stability range is an intersection of half-lines, computed for every criterion at once.
Ties count as first, as everywhere in MeshDesk (totals equal after rounding to 1e-9).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from meshdesk.core.errors import ScoringError
from meshdesk.core.scoring import TIE_DECIMALS, compute
from meshdesk.core.workbook import SCORE_MAX, SCORE_MIN, FloatArray, Workbook

BoolArray = npt.NDArray[np.bool_]
DEFAULT_SWING: Final = 0.5
_EPS: Final = 10.0**-TIE_DECIMALS


@dataclass(frozen=True)
class Candidates:
    """The choosable tools of a workbook: rows into it, their scores, the weights."""

    rows: tuple[int, ...]  # workbook rows of the candidates
    ids: tuple[str, ...]
    scores: FloatArray  # candidates x criteria (NaN where a zero-weight criterion is unscored)
    weights: FloatArray  # panel units
    left_out: tuple[str, ...]  # ids of the tools that are not candidates
    criteria: tuple[str, ...]
    among_shortlist: bool = False  # restricted to the shortlist of the answers


def candidates(workbook: Workbook, among: Collection[str] | None = None) -> Candidates:
    """Active tools with a score on every weighted criterion; with `among` (the shortlist of
    the answers), only those of them. Raises ScoringError when the weights add up to 0 or no
    tool can be chosen."""
    ranking = compute(workbook.scores, workbook.weights)
    allowed = None if among is None else set(among)
    keep = [
        i
        for i, tool in enumerate(workbook.tools)
        if tool.is_active and ranking.complete[i] and (allowed is None or tool.id in allowed)
    ]
    if not keep:
        if allowed is not None:
            raise ScoringError("No platform on the shortlist of the answers can be chosen.")
        raise ScoringError("No tool can be chosen: none is active with every weighted score.")
    kept = set(keep)
    return Candidates(
        rows=tuple(keep),
        ids=tuple(workbook.tools[i].id for i in keep),
        scores=workbook.scores[keep].copy(),
        weights=workbook.weights.astype(np.float64).copy(),
        left_out=tuple(t.id for i, t in enumerate(workbook.tools) if i not in kept),
        criteria=tuple(workbook.criterion_ids),
        among_shortlist=allowed is not None,
    )


def totals(scores: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted totals (rows of `scores`) under weights that need not add up to 1; criteria
    of weight 0 do not count, scored or not."""
    weighted = weights > 0
    filled = np.where(weighted, np.nan_to_num(scores, nan=0.0), 0.0)
    result: FloatArray = (filled @ weights) / weights.sum()
    return result


def leader_of(values: FloatArray) -> int:
    """The first of the best totals (ties: the earlier row, as the ranking orders them)."""
    rounded = np.round(values, TIE_DECIMALS)
    return int(np.flatnonzero(rounded == rounded.max())[0])


# --- contributions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Contributions:
    """Each candidate's total split by criterion: w_k s_ik / sum(w) (rows add up to totals),
    and the head-to-head of leader and runner-up (their weighted difference per criterion)."""

    by_criterion: FloatArray  # candidates x criteria
    leader: int  # candidate index
    runner_up: int | None
    head_to_head: FloatArray | None  # criteria: leader's contribution minus the runner-up's


def contributions(c: Candidates) -> Contributions:
    weighted = c.weights > 0
    filled = np.where(weighted, np.nan_to_num(c.scores, nan=0.0), 0.0)
    parts = filled * (c.weights / c.weights.sum())
    values = parts.sum(axis=1)
    first = leader_of(values)
    second = _runner_up(values, first)
    duel = None if second is None else parts[first] - parts[second]
    return Contributions(parts, first, second, duel)


def _runner_up(values: FloatArray, first: int) -> int | None:
    if values.size < 2:
        return None
    others = values.copy()
    others[first] = -np.inf
    return leader_of(others)


# --- stability ranges and the flips at their ends -------------------------------------------


@dataclass(frozen=True)
class Stability:
    """The weights of one criterion (others fixed) over which the leader stays first."""

    criterion: int
    weight: float
    low: float
    high: float | None  # None: no weight, however large, unseats the leader


@dataclass(frozen=True)
class Flip:
    """Moving criterion `criterion`'s weight past `to` (down or up) puts `new_leader` first."""

    criterion: int
    direction: str  # "down" or "up"
    to: float
    new_leader: int  # candidate index


def stability(c: Candidates) -> tuple[list[Stability], list[Flip]]:
    """Stability range of every criterion's weight and the flips at the reachable ends, for
    all criteria at once (arrays of tools x criteria; no loop over cells)."""
    weights, scores = c.weights, c.scores
    n_criteria = scores.shape[1]
    leader = leader_of(totals(scores, weights))
    present = ~np.isnan(scores)  # a tool without a score on j drops out once j weighs > 0
    filled = np.where(weights > 0, np.nan_to_num(scores, nan=0.0), 0.0)
    raw = filled @ weights
    a = raw[:, None] - filled * weights[None, :]  # A_i for criterion j: the other criteria
    d_big = a[leader][None, :] - a  # D_i
    zeroed = np.nan_to_num(scores, nan=0.0)
    d_small = zeroed[leader][None, :] - zeroed
    rivals = present.copy()
    rivals[leader, :] = False
    scale = max(1.0, float(weights.sum()))
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = -d_big / d_small  # where D_i + x d_i = 0
    rising = rivals & (d_small > 0)  # the leader gains with x: a lower bound on x
    falling = rivals & (d_small < 0)  # the rival gains with x: an upper bound on x
    lows = np.where(rising, bound, -np.inf).max(axis=0, initial=-np.inf)
    highs = np.where(falling, bound, np.inf).min(axis=0, initial=np.inf)
    # the current weight is inside its own range (float noise could put a bound a hair past)
    lows = np.minimum(lows, weights)
    highs = np.maximum(highs, weights)
    lowered = np.where(lows > _EPS * scale, lows, 0.0)
    leader_scored = present[leader]
    # who leads just past each end, every criterion at once (NaN: that end is not reached)
    down_at = np.where(leader_scored & (lowered > 0), lowered, np.nan)
    up_at = np.where(
        leader_scored, np.where(np.isfinite(highs), np.maximum(highs, lowered), np.nan), 0.0
    )
    down = _first_past(a, zeroed, present, down_at, -1.0, leader)
    up = _first_past(a, zeroed, present, up_at, +1.0, leader)
    ranges: list[Stability] = []
    flips: list[Flip] = []
    for j in range(n_criteria):  # the records themselves, one per criterion
        weight = float(weights[j])
        if not leader_scored[j]:  # any weight above 0 leaves the leader out
            ranges.append(Stability(j, weight, 0.0, 0.0))
        else:
            high = float(up_at[j]) if np.isfinite(up_at[j]) else None
            ranges.append(Stability(j, weight, float(lowered[j]), high))
        if down[j] >= 0:
            flips.append(Flip(j, "down", float(down_at[j]), int(down[j])))
        if up[j] >= 0:
            flips.append(Flip(j, "up", float(up_at[j]), int(up[j])))
    return ranges, flips


def _first_past(
    a: FloatArray,
    zeroed: FloatArray,
    present: BoolArray,
    at: FloatArray,
    step: float,
    leader: int,
) -> npt.NDArray[np.int64]:
    """For each criterion j, who is first just past weight `at[j]` in the direction of
    `step` (-1: no end there, no other tool, or the leader still). Every total there shares
    the denominator W + x, so the order is that of A_ij + x s_ij: one tools x criteria array."""
    x = at + step * np.maximum(1e-6, np.abs(at) * 1e-6)
    reached = np.isfinite(x) & (x >= 0)
    x = np.where(reached, x, 0.0)
    value = a + x[None, :] * zeroed  # zeroed: the scores with NaN as 0
    value = np.where(present | (x[None, :] <= 0), value, -np.inf)
    rounded = np.round(value, TIE_DECIMALS)
    winner = np.argmax(rounded, axis=0)  # the first of the best, as leader_of
    best = rounded[winner, np.arange(winner.size)]
    found = reached & np.isfinite(best) & (winner != leader)
    return np.where(found, winner, -1).astype(np.int64)


# --- score flips -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreFlip:
    """Changing one score of `tool` on `criterion` from `before` to `after` makes it level
    with the leader (a challenger rising) or lets `new_leader` level (the leader falling);
    any step further changes the leader."""

    tool: int
    criterion: int
    before: float
    after: float
    new_leader: int

    @property
    def change(self) -> float:
        return self.after - self.before


def score_flips(c: Candidates) -> list[ScoreFlip]:
    """For the leader and for each challenger, the smallest single-score change that changes
    the leader (none when no score within 0-10 can). All tools and criteria at once."""
    weights, scores = c.weights, c.scores
    values = totals(scores, weights)
    leader = leader_of(values)
    share = np.where(weights > 0, weights / weights.sum(), 0.0)
    out: list[ScoreFlip] = []
    second = _runner_up(values, leader)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_point = np.where(share > 0, 1.0 / share, np.inf)  # score points per point of total
    if second is not None:
        needed = (values[leader] - values[second]) * per_point  # points the leader must lose
        # the leader must lose more than the gap (a tie keeps it first), within the scale
        needed = np.where(
            (needed > _EPS) & (needed < scores[leader] - SCORE_MIN - _EPS), needed, np.inf
        )
        j = int(np.argmin(needed))
        if np.isfinite(needed[j]):
            before = float(scores[leader, j])
            after = max(SCORE_MIN, float(before - needed[j]))
            out.append(ScoreFlip(leader, j, before, after, second))
    gaps = values[leader] - values  # each challenger's gap
    with np.errstate(invalid="ignore"):  # a gap of 0 on a criterion of weight 0: no step
        needed = gaps[:, None] * per_point[None, :]  # points each score must gain
    room = SCORE_MAX - np.nan_to_num(scores, nan=SCORE_MAX)
    # reaching a tie is not enough (ties count as first, the leader keeps it): some step past
    # the tie must still be within 0-10; a tool tied already needs no change and gets none
    needed = np.where((needed > _EPS) & (needed < room - _EPS), needed, np.inf)
    needed[leader, :] = np.inf
    best = np.argmin(needed, axis=1)
    for i in np.flatnonzero(np.isfinite(needed[np.arange(values.size), best])):
        j = int(best[i])
        before = float(scores[i, j])
        out.append(
            ScoreFlip(int(i), j, before, min(SCORE_MAX, float(before + needed[i, j])), int(i))
        )
    return out


# --- tornado ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TornadoBar:
    """The lead (leader minus the best other candidate) with one weight at w(1-swing) and at
    w(1+swing), the others as they are."""

    criterion: int
    low_weight: float
    high_weight: float
    lead_at_low: float
    lead_at_high: float

    @property
    def size(self) -> float:
        return abs(self.lead_at_high - self.lead_at_low)


def tornado(c: Candidates, swing: float = DEFAULT_SWING) -> list[TornadoBar]:
    """One bar per criterion, the widest first (ties in criterion order). With one weight
    changed by delta, every total is (raw_i + delta s_ij) / (W + delta): tools x criteria
    arrays for both ends, no loop over cells."""
    if not 0 <= swing <= 1:
        raise ScoringError(f"A tornado swing must be from 0 to 1, not {swing:.6g}.")
    weights, scores = c.weights, c.scores
    leader = leader_of(totals(scores, weights))
    filled = np.where(weights > 0, np.nan_to_num(scores, nan=0.0), 0.0)
    raw = filled @ weights
    column_scores = np.nan_to_num(scores, nan=0.0)
    total_weight = float(weights.sum())
    ends = []
    for factor in (1.0 - swing, 1.0 + swing):
        moved = np.maximum(0.0, weights * factor)
        delta = moved - weights
        with np.errstate(invalid="ignore", divide="ignore"):  # all weights 0: NaN, no lead
            values = (raw[:, None] + delta[None, :] * column_scores) / (total_weight + delta)
        others = values.copy()
        others[leader, :] = -np.inf
        # a single candidate leads nobody: no lead to chart (NaN, reported as null)
        lead = (
            values[leader] - others.max(axis=0) if scores.shape[0] > 1 else values[leader] * np.nan
        )
        ends.append((moved, lead))
    (low_w, low_lead), (high_w, high_lead) = ends
    bars = [
        TornadoBar(j, float(low_w[j]), float(high_w[j]), float(low_lead[j]), float(high_lead[j]))
        for j in range(weights.size)
    ]
    bars.sort(key=lambda b: (-round(b.size, TIE_DECIMALS), b.criterion))
    return bars
