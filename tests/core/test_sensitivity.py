"""The margin of the leader and the smallest single-weight change that swaps the first two."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meshdesk.core.errors import ScoringError
from meshdesk.core.scoring import compute
from meshdesk.core.sensitivity import leading_pair, margin

# --- brute force: the weighted means computed directly, one weight varied over a grid ----------

GRID_STEP = 0.01
GRID_MAX = 200.0


def lead_when_weight_is(scores, weights, first, second, j, xs):
    """first's total minus second's, for weight j set to each x in xs (others fixed)."""
    trials = np.repeat(weights[None, :], xs.size, axis=0)
    trials[:, j] = xs
    sums = trials.sum(axis=1)
    filled = np.nan_to_num(scores[[first, second]])
    with np.errstate(invalid="ignore", divide="ignore"):  # a row of weights adding up to 0
        totals = (trials @ filled.T) / sums[:, None]
    return totals[:, 0] - totals[:, 1], sums


def brute_force_smallest_change(scores, weights, first, second):
    """The smallest |x - w_j| on a grid of x in [0, GRID_MAX] where second ties or leads."""
    xs = np.round(np.arange(0.0, GRID_MAX + GRID_STEP / 2, GRID_STEP), 10)
    best = math.inf
    for j in range(weights.size):
        if np.isnan(scores[[first, second], j]).any():
            continue  # raising it would make a tool incomplete
        leads, sums = lead_when_weight_is(scores, weights, first, second, j, xs)
        swapped = (leads <= 1e-12) & (sums > 0)
        if swapped.any():
            best = min(best, float(np.abs(xs[swapped] - weights[j]).min()))
    return best


score_values = st.integers(0, 20).map(lambda v: v / 2)  # 0, 0.5, ..., 10 like real scores


@st.composite
def two_tools(draw):
    n = draw(st.integers(1, 6))
    scores = np.array([[draw(score_values) for _ in range(n)] for _ in range(2)], dtype=np.float64)
    weights = np.array([draw(st.integers(0, 40)) for _ in range(n)], dtype=np.float64)
    if weights.sum() == 0:
        weights[draw(st.integers(0, n - 1))] = draw(st.integers(1, 40))
    return scores, weights


@settings(max_examples=200, deadline=None)
@given(two_tools())
def test_smallest_swap_matches_brute_force(case):
    scores, weights = case
    ranking = compute(scores, weights)
    first, second = leading_pair(ranking)
    result = margin(scores, weights, first, second)
    assert result.lead == pytest.approx(ranking.totals[first] - ranking.totals[second], abs=1e-12)
    brute = brute_force_smallest_change(scores, weights, first, second)
    if result.tied:
        assert result.smallest is None
        return
    swap = result.smallest
    if swap is None:
        assert brute == math.inf, f"brute force swapped them with a change of {brute}"
        return
    # the analytic tie point really ties them, through the engine itself
    tied = weights.copy()
    tied[swap.criterion] = swap.after
    totals = compute(scores, tied).totals
    assert totals[first] == pytest.approx(totals[second], abs=1e-9)
    if swap.after <= GRID_MAX:
        # no grid point closer than the analytic answer swaps them (up to the grid's step)
        assert brute == pytest.approx(abs(swap.change), abs=GRID_STEP)
    else:
        assert brute == math.inf or brute >= abs(swap.change) - GRID_STEP


def test_a_known_case_worked_by_hand():
    # A leads B by 1 on criterion 0 and trails by 2 on criterion 1; weights 3 and 1.
    scores = np.array([[9.0, 5.0], [8.0, 7.0]])
    weights = np.array([3.0, 1.0])
    result = margin(scores, weights, 0, 1)
    assert result.lead == pytest.approx((3 * 1 + 1 * -2) / 4)
    # sum(w d) = 1: lowering w0 to 3 - 1/1 = 2 ties; raising w1 to 1 - 1/-2 = 1.5 ties
    assert [(s.criterion, s.after) for s in result.swaps] == [(1, 1.5), (0, 2.0)]
    assert result.smallest.change == pytest.approx(0.5)


def test_no_single_weight_can_swap_a_tool_that_is_better_everywhere():
    scores = np.array([[9.0, 8.0, 7.0], [8.0, 8.0, 6.0]])
    result = margin(scores, np.array([10.0, 20.0, 30.0]), 0, 1)
    assert result.lead > 0
    assert result.smallest is None


def test_lowering_a_weight_to_zero_counts_as_a_swap():
    # B only trails on criterion 0: dropping its weight to 0 brings B level (d = 0 elsewhere)
    scores = np.array([[9.0, 5.0], [8.0, 5.0]])
    result = margin(scores, np.array([10.0, 10.0]), 0, 1)
    assert [(s.criterion, s.after) for s in result.swaps] == [(0, 0.0)]
    scores = np.array([[9.0, 5.0], [8.0, 6.0]])
    result = margin(scores, np.array([10.0, 10.0]), 0, 1)
    assert result.tied
    scores = np.array([[9.0, 5.0], [7.0, 6.0]])
    result = margin(scores, np.array([10.0, 10.0]), 0, 1)
    assert [(s.criterion, s.after) for s in result.swaps] == [(0, 5.0), (1, 20.0)]


def test_a_criterion_one_tool_lacks_never_swaps_them():
    nan = float("nan")
    scores = np.array([[9.0, nan], [8.0, 10.0]])
    result = margin(scores, np.array([10.0, 0.0]), 0, 1)
    assert result.lead == pytest.approx(1.0)
    assert result.smallest is None


def test_tied_tools_need_no_change():
    scores = np.array([[8.0, 6.0], [6.0, 8.0]])
    result = margin(scores, np.array([5.0, 5.0]), 0, 1)
    assert result.tied and result.smallest is None


def test_incomplete_tools_are_refused_and_never_paired():
    nan = float("nan")
    scores = np.array([[9.0, nan], [8.0, 7.0], [7.0, 7.0]])
    weights = np.array([1.0, 1.0])
    with pytest.raises(ScoringError):
        margin(scores, weights, 0, 1)
    assert leading_pair(compute(scores, weights)) == (1, 2)
    assert leading_pair(compute(scores[:2], weights)) is None
