from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from meshdesk.core.errors import ScoringError
from meshdesk.core.scoring import competition_ranks, compute, normalized_weights, rank_workbook

GUIDE_WEIGHTS = np.array([25, 15, 15, 10, 10, 10, 15], dtype=float)


def test_default_dataset_totals_are_computed_from_scores(workbook):
    ranking = rank_workbook(workbook)
    expected = {
        "istio": 8.85,
        "linkerd": 8.50,
        "consul": 8.35,
        "kuma": 8.00,
        "aws-app-mesh": 8.15,
        "open-service-mesh": 7.50,
        "cilium": 8.05,
        "traefik-mesh": 7.40,
        "gloo-mesh": 8.30,
        "tetrate-service-bridge": 8.40,
    }
    got = {t.id: float(total) for t, total in zip(workbook.tools, ranking.totals, strict=True)}
    assert got == pytest.approx(expected, abs=1e-12)
    # rank 1 is Istio, 10 is Traefik Mesh
    by_rank = {int(r): t.id for t, r in zip(workbook.tools, ranking.ranks, strict=True)}
    assert by_rank[1] == "istio"
    assert by_rank[2] == "linkerd"
    assert by_rank[10] == "traefik-mesh"


def test_totals_stay_on_score_scale_whatever_the_weight_sum():
    scores = np.array([[10.0, 0.0], [5.0, 5.0]])
    a = compute(scores, np.array([1.0, 1.0]))
    b = compute(scores, np.array([300.0, 300.0]))
    np.testing.assert_allclose(a.totals, [5.0, 5.0])
    np.testing.assert_allclose(b.totals, a.totals)


def test_ties_share_a_rank_like_rank_eq():
    totals = np.array([8.0, 9.0, 8.0, 7.0, 9.0])
    ranks = competition_ranks(totals, np.ones(5, dtype=bool))
    assert ranks.tolist() == [3, 1, 3, 5, 1]


def test_float_noise_does_not_break_a_tie():
    scores = np.array([[0.1, 0.2], [0.3, 0.0]])
    ranking = compute(scores, np.array([50.0, 50.0]))
    assert ranking.totals[0] != ranking.totals[1]  # 0.15000000000000002 vs 0.15
    assert ranking.ranks.tolist() == [1, 1]


def test_zero_weight_sum_is_an_error_that_says_so():
    with pytest.raises(ScoringError, match="add up to 0"):
        normalized_weights(np.zeros(3))


@pytest.mark.parametrize("bad", [[-1.0, 2.0], [math.inf, 1.0], [math.nan, 1.0]])
def test_negative_or_non_finite_weights_are_refused(bad):
    with pytest.raises(ScoringError, match="finite numbers of 0 or more"):
        normalized_weights(np.array(bad))


def test_missing_score_on_weighted_criterion_makes_row_incomplete_not_zero():
    scores = np.array([[8.0, np.nan], [6.0, 6.0]])
    ranking = compute(scores, np.array([50.0, 50.0]))
    assert ranking.complete.tolist() == [False, True]
    assert math.isnan(ranking.totals[0])
    assert ranking.ranks.tolist() == [0, 1]
    # the provisional total covers only the scored criterion, it is not (8 + 0) / 2
    assert ranking.provisional[0] == pytest.approx(8.0)
    assert ranking.order().tolist() == [1, 0]


def test_missing_score_on_zero_weight_criterion_does_not_matter():
    scores = np.array([[8.0, np.nan], [6.0, 6.0]])
    ranking = compute(scores, np.array([100.0, 0.0]))
    assert ranking.complete.tolist() == [True, True]
    np.testing.assert_allclose(ranking.totals, [8.0, 6.0])
    assert ranking.ranks.tolist() == [1, 2]


def test_row_with_nothing_scored_has_no_provisional_total():
    ranking = compute(np.array([[np.nan, np.nan]]), np.array([1.0, 1.0]))
    assert math.isnan(ranking.provisional[0])
    assert ranking.ranks.tolist() == [0]


def test_order_keeps_workbook_order_within_a_tie():
    ranking = compute(np.array([[5.0], [7.0], [5.0]]), np.array([1.0]))
    assert ranking.order().tolist() == [1, 0, 2]


def test_empty_workbook_ranks_nothing():
    ranking = compute(np.zeros((0, 3)), np.ones(3))
    assert ranking.totals.shape == (0,)
    assert ranking.ranks.tolist() == []


@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 12), st.integers(1, 6)),
        elements=st.floats(0, 10, allow_nan=False),
    ),
    st.data(),
)
def test_ranks_match_a_plain_python_definition(scores, data):
    weights = np.array(
        data.draw(
            st.lists(
                st.floats(0, 100, allow_nan=False),
                min_size=scores.shape[1],
                max_size=scores.shape[1],
            )
        )
    )
    if weights.sum() <= 0:
        weights[0] = 1.0
    ranking = compute(scores, weights)
    rounded = [round(float(t), 9) for t in ranking.totals]
    expected = [1 + sum(1 for other in rounded if other > mine) for mine in rounded]
    assert ranking.ranks.tolist() == expected
    assert ((ranking.totals >= -1e-12) & (ranking.totals <= 10 + 1e-12)).all()
