"""Robustness of the leader (meshdesk.core.robustness, meshdesk.core.acceptability): closed-form
cases worked by hand, brute-force scans of small random workbooks, and Monte Carlo against an
independent straightforward estimate."""

from __future__ import annotations

import numpy as np
import pytest

from meshdesk.core.acceptability import Settings, _weights, acceptability, competition_ranks
from meshdesk.core.errors import InputError
from meshdesk.core.robustness import (
    Candidates,
    contributions,
    leader_of,
    score_flips,
    stability,
    tornado,
    totals,
)


def made(scores: list[list[float]], weights: list[float]) -> Candidates:
    matrix = np.array(scores, dtype=np.float64)
    ids = tuple(f"t{i}" for i in range(matrix.shape[0]))
    criteria = tuple(f"c{j}" for j in range(matrix.shape[1]))
    return Candidates(
        tuple(range(len(ids))), ids, matrix, np.array(weights, dtype=np.float64), (), criteria
    )


# A leads 6 to 4 under 60/40; A is all criterion 0, B all criterion 1.
DUEL = made([[10, 0], [0, 10]], [60, 40])


def test_closed_form_stability_and_flips() -> None:
    ranges, flips = stability(DUEL)
    # criterion 0 at x: A = 10x / (x + 40), B = 400 / (x + 40): A first while x >= 40
    assert (ranges[0].low, ranges[0].high) == (pytest.approx(40.0), None)
    # criterion 1 at y: A = 600 / (60 + y), B = 10y / (60 + y): A first while y <= 60
    assert (ranges[1].low, ranges[1].high) == (0.0, pytest.approx(60.0))
    assert [(f.criterion, f.direction, f.new_leader) for f in flips] == [
        (0, "down", 1),
        (1, "up", 1),
    ]
    assert flips[0].to == pytest.approx(40.0) and flips[1].to == pytest.approx(60.0)


def test_closed_form_score_flips_and_tornado() -> None:
    # A must lose 2 points of total: 2 / 0.6 on criterion 0 (10 -> 6.67); B needs +2: 2 / 0.4
    # on criterion 1, but it is at 10 already, so 2 / 0.6 on criterion 0 (0 -> 3.33)
    leader, challenger = score_flips(DUEL)
    assert (leader.tool, leader.criterion, leader.new_leader) == (0, 0, 1)
    assert leader.after == pytest.approx(10 - 2 / 0.6)
    assert (challenger.tool, challenger.criterion) == (1, 0)
    assert challenger.after == pytest.approx(2 / 0.6)
    bars = {b.criterion: b for b in tornado(DUEL, swing=0.5)}
    # criterion 0 at 30: A 300/70, B 400/70 -> lead -100/70; at 90: 900/130 - 400/130
    assert bars[0].lead_at_low == pytest.approx(-100 / 70)
    assert bars[0].lead_at_high == pytest.approx(500 / 130)
    assert bars[1].lead_at_low == pytest.approx((600 - 200) / 80)
    assert bars[1].lead_at_high == pytest.approx((600 - 600) / 120)
    assert [b.criterion for b in tornado(DUEL)] == sorted(bars, key=lambda j: -bars[j].size)


def test_contributions_add_up_to_the_totals() -> None:
    c = made([[8, 6, 9], [7, 9, 7], [9, 5, 6]], [50, 30, 20])
    parts = contributions(c)
    assert np.allclose(parts.by_criterion.sum(axis=1), totals(c.scores, c.weights))
    assert parts.leader == 0 and parts.runner_up == 1
    assert np.allclose(parts.head_to_head, parts.by_criterion[0] - parts.by_criterion[1])


def _leader_at(c: Candidates, j: int, x: float) -> int | None:
    weights = c.weights.copy()
    weights[j] = x
    if weights.sum() <= 0:
        return None
    return leader_of(totals(c.scores, weights))


def _scan_totals(c: Candidates, j: int, xs: np.ndarray) -> np.ndarray:
    """Totals of every candidate (columns) for each weight x of criterion j (rows)."""
    weights = np.tile(c.weights, (xs.size, 1))
    weights[:, j] = xs
    return np.round((c.scores @ weights.T).T / weights.sum(axis=1)[:, None], 9)


@pytest.mark.parametrize("seed", range(25))
def test_stability_agrees_with_a_brute_force_scan(seed: int) -> None:
    rng = np.random.default_rng(seed)
    c = made(rng.integers(0, 11, (5, 4)).tolist(), rng.integers(1, 40, 4).tolist())
    leader = leader_of(totals(c.scores, c.weights))
    ranges, flips = stability(c)
    for r in ranges:
        top = (r.high if r.high is not None else r.low + 200.0) + 50.0
        xs = np.linspace(0.0, top, 4001)
        values = _scan_totals(c, r.criterion, xs)
        first = values[:, leader] >= values.max(axis=1) - 1e-7
        inside = (xs >= r.low - 1e-6) & (xs <= (np.inf if r.high is None else r.high + 1e-6))
        near_end = (np.abs(xs - r.low) < 1e-3) | (
            np.abs(xs - r.high) < 1e-3 if r.high is not None else False
        )
        assert first[inside].all(), (seed, r)
        assert not first[~inside & ~near_end].any(), (seed, r)
    for f in flips:
        beyond = f.to - 1e-3 if f.direction == "down" else f.to + 1e-3
        assert _leader_at(c, f.criterion, beyond) == f.new_leader


@pytest.mark.parametrize("seed", range(15))
def test_score_flips_are_the_smallest_found_by_a_scan(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    c = made(rng.integers(2, 9, (4, 3)).tolist(), rng.integers(5, 40, 3).tolist())
    values = totals(c.scores, c.weights)
    leader = leader_of(values)
    share = c.weights / c.weights.sum()
    grid = np.linspace(0, 10, 2001)
    flips = {flip.tool: flip for flip in score_flips(c)}
    for tool in range(4):
        best = np.inf
        for j in range(3):
            # the one total that moves when this score becomes each value of the grid
            moved = values[tool] + (grid - c.scores[tool, j]) * share[j]
            scan = np.tile(values, (grid.size, 1))
            scan[:, tool] = moved
            scan = np.round(scan, 9)
            others = np.delete(scan, leader, axis=1).max(axis=1)
            changed = others > scan[:, leader] + 1e-9
            if changed.any():
                best = min(best, float(np.abs(grid - c.scores[tool, j])[changed].min()))
        if best == np.inf:
            assert tool not in flips
        else:
            assert abs(flips[tool].change) == pytest.approx(best, abs=0.006)  # grid step 0.005


def test_competition_ranks_share_ties() -> None:
    ranks = competition_ranks(np.array([[3.0, 5.0, 5.0, 1.0], [2.0, 2.0, 2.0, 2.0]]))
    assert ranks.tolist() == [[3, 1, 1, 4], [1, 1, 1, 1]]


def test_a_unique_leader_without_spread_or_uncertainty_is_always_first() -> None:
    c = made([[8, 6, 9], [7, 9, 7], [9, 5, 6]], [50, 30, 20])
    result = acceptability(
        c.scores, c.weights, np.zeros(c.scores.shape), Settings(weight_spread=0.0)
    )
    assert result.shares[0].tolist() == [1.0, 0.0, 0.0]
    assert result.shares.sum(axis=1).tolist() == [1.0, 1.0, 1.0]


def _straightforward(
    c: Candidates, half: float, spread: float, samples: int, seed: int
) -> np.ndarray:
    """The same experiment written plainly, one sample at a time, with its own draws."""
    rng = np.random.default_rng(seed)
    n = c.scores.shape[0]
    counts = np.zeros((n, n))
    for _ in range(samples):
        weights = c.weights * rng.uniform(1 - spread, 1 + spread, c.weights.size)
        scores = np.clip(c.scores + rng.uniform(-half, half, c.scores.shape), 0, 10)
        values = [float(np.dot(scores[i], weights) / weights.sum()) for i in range(n)]
        for i in range(n):
            rank = 1 + sum(1 for v in values if round(v, 9) > round(values[i], 9))
            counts[i, rank - 1] += 1
    return counts / samples


def test_acceptability_agrees_with_a_straightforward_estimate() -> None:
    c = made([[8, 7, 9], [8, 8, 8], [9, 6, 7], [5, 5, 5]], [40, 35, 25])
    fast = acceptability(
        c.scores, c.weights, np.full(c.scores.shape, 0.5), Settings(samples=20_000, seed=7)
    )
    slow = _straightforward(c, 0.5, 0.25, 4_000, seed=99)
    # independent estimates of the same shares: within 4 standard errors of their difference
    error = np.sqrt(slow * (1 - slow) / 4_000 + fast.shares * (1 - fast.shares) / 20_000)
    assert (np.abs(fast.shares - slow) <= 4 * error + 1e-9).all()
    assert fast.shares[3, 3] == 1.0  # far behind: always last


def test_same_seed_same_result_and_chunks_do_not_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    c = made([[8, 7, 9], [8, 8, 8], [9, 6, 7]], [40, 35, 25])
    half = np.full(c.scores.shape, 0.5)
    first = acceptability(c.scores, c.weights, half, Settings(samples=3_000, seed=3))
    again = acceptability(c.scores, c.weights, half, Settings(samples=3_000, seed=3))
    assert np.array_equal(first.shares, again.shares)
    other = acceptability(c.scores, c.weights, half, Settings(samples=3_000, seed=4))
    assert not np.array_equal(first.shares, other.shares)


def test_uniform_weights_are_uniform_on_the_simplex() -> None:
    """For three criteria a flat Dirichlet gives P(w1 > 1/2) = (1 - 1/2)^2 = 1/4; normalized
    independent uniforms would give about 0.17."""
    drawn = _weights(
        np.random.default_rng(0), np.ones(3), 200_000, Settings(weights_mode="uniform")
    )
    assert np.allclose(drawn.sum(axis=1), 1.0)
    assert (drawn[:, 0] > 0.5).mean() == pytest.approx(0.25, abs=0.005)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (Settings(samples=-5), "samples must be from 1"),
        (Settings(weight_spread=1.0), "spread must be at least 0 and below 1"),
        (Settings(weight_spread=-0.1), "spread must be at least 0 and below 1"),
        (Settings(weights_mode="gauss"), "weights mode must be one of around, uniform"),
    ],
)
def test_bad_settings_are_one_sentence(settings: Settings, message: str) -> None:
    with pytest.raises(InputError, match=message):
        settings.check()


def test_a_challenger_that_can_only_tie_at_ten_is_no_score_flip() -> None:
    """B needs exactly +3 on criterion 0 to tie A, and 7 + 3 is the top of the scale (on
    criterion 1 it is at 10 already): a tie keeps A first, so no score flip for B; A's own flip
    must lose strictly more than the gap."""
    c = made([[10, 10], [7, 10]], [50, 50])
    flips = score_flips(c)
    assert [f.tool for f in flips] == [0]
    assert flips[0].after == pytest.approx(7.0)  # A at 7 ties B; anything lower puts B first


def test_tied_tools_and_a_single_candidate() -> None:
    tied = made([[8, 6], [8, 6], [5, 5]], [50, 50])
    assert all(abs(f.change) > 0 for f in score_flips(tied))  # no zero "changes"
    ranges, _ = stability(tied)
    assert all(r.low <= r.weight <= (r.high if r.high is not None else np.inf) for r in ranges)
    single = made([[8, 6]], [50, 50])
    assert all(np.isnan(b.lead_at_low) and np.isnan(b.lead_at_high) for b in tornado(single))


def test_the_current_weight_is_inside_its_range_despite_float_noise() -> None:
    # two totals equal up to float noise (8.85 both ways): the current weight stays inside
    c = made([[10, 6, 10, 9, 8, 9, 9], [9.4, 9, 8, 9, 9, 8, 9]], [25, 15, 15, 10, 10, 10, 15])
    for r in stability(c)[0]:
        assert r.low <= r.weight and (r.high is None or r.weight <= r.high)


def test_a_swing_outside_zero_to_one_is_refused() -> None:
    from meshdesk.core.errors import ScoringError

    for swing in (-0.1, 1.5, float("inf"), float("nan")):
        with pytest.raises(ScoringError, match="swing must be from 0 to 1"):
            tornado(DUEL, swing)


def test_the_same_result_on_a_background_thread() -> None:
    """Called from a worker thread (the window's background tasks) it runs on that thread
    alone; the figures are the same as with the main thread's pool."""
    import threading

    c = made([[8, 7, 9], [8, 8, 8], [9, 6, 7]], [40, 35, 25])
    half = np.full(c.scores.shape, 0.5)
    settings = Settings(samples=30_000, seed=2)  # several chunks
    here = acceptability(c.scores, c.weights, half, settings)
    there: list[object] = []
    worker = threading.Thread(
        target=lambda: there.append(acceptability(c.scores, c.weights, half, settings))
    )
    worker.start()
    worker.join()
    assert np.array_equal(here.shares, there[0].shares)  # type: ignore[attr-defined]
