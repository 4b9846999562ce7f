"""Rank acceptability: in how many of many plausible variations of the weights and scores each
candidate takes each rank (Monte Carlo, seeded, vectorized; no Python loop over samples).

Weights:
- `around` (default): each weight times an independent uniform factor in [1 - s, 1 + s];
  the totals divide by the sum as always, so this is the same as normalizing.
- `uniform`: uniform on the simplex of the criteria that count (weight above 0), as SMAA
  does without preference information: a flat Dirichlet, i.e. normalized independent
  exponentials. (Normalized independent uniforms would not be uniform on the simplex: they
  crowd the centre and under-sample extreme weightings.)
Scores: each plus independent uniform noise within its own half-width, clipped to 0-10.

Ranks are competition ranks after rounding to 1e-9, as in the grid: a tool tied for first
counts as first. Samples are drawn in chunks so memory stays bounded (about CHUNK_CELLS
floats at a time) whatever the size of the workbook.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from meshdesk.core.errors import InputError
from meshdesk.core.scoring import TIE_DECIMALS, IntArray
from meshdesk.core.workbook import SCORE_MAX, SCORE_MIN, FloatArray

WEIGHT_MODES: Final = ("around", "uniform")
DEFAULT_SAMPLES: Final = 10_000
DEFAULT_SEED: Final = 0
DEFAULT_SPREAD: Final = 0.25
CHUNK_CELLS: Final = 8_000_000  # samples x candidates x criteria drawn at once
SAMPLES_MAX: Final = 10_000_000
# rows ranked in one sort: each row is shifted by 2 x (range + 1) <= 22, so 20,000 rows keep
# every shifted total below 5e5, where float64 still tells 1e-9 apart (the tie tolerance)
RANK_ROWS_MAX: Final = 20_000
THREADS: Final = max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    weights_mode: str = "around"
    weight_spread: float = DEFAULT_SPREAD

    def check(self) -> Settings:
        if isinstance(self.samples, bool) or not isinstance(self.samples, int):
            raise InputError("The number of samples must be a whole number.")
        if not 1 <= self.samples <= SAMPLES_MAX:
            raise InputError(
                f"The number of samples must be from 1 to {SAMPLES_MAX:,}, not {self.samples:,}."
            )
        if (
            isinstance(self.seed, bool)
            or not isinstance(self.seed, int)
            or not 0 <= self.seed < 2**63
        ):
            raise InputError(
                f"The seed must be a whole number from 0 to 2**63 - 1, not {self.seed}."
            )
        if self.weights_mode not in WEIGHT_MODES:
            raise InputError(
                f"The weights mode must be one of {', '.join(WEIGHT_MODES)}, "
                f"not {self.weights_mode[:40]!r}."
            )
        if not 0.0 <= self.weight_spread < 1.0:
            raise InputError(
                f"The weight spread must be at least 0 and below 1, not {self.weight_spread:g}."
            )
        return self


@dataclass(frozen=True)
class Acceptability:
    """shares[i, r]: the share of samples in which candidate i takes rank r + 1."""

    shares: FloatArray  # candidates x ranks
    samples: int

    @property
    def first(self) -> FloatArray:
        return self.shares[:, 0]


def acceptability(
    scores: FloatArray,
    weights: FloatArray,
    uncertainty: FloatArray,
    settings: Settings = Settings(),
    progress: Callable[[float], None] | None = None,
) -> Acceptability:
    """`scores` candidates x criteria (complete on the weighted criteria), `weights` in panel
    units, `uncertainty` the half-width of each cell's noise (same shape as scores, >= 0).
    `progress(fraction)` is called after each chunk (a caller may raise there to stop).

    Chunks are drawn from generators spawned from the seed, one per chunk, and run on a few
    threads when called from the main thread (numpy releases the GIL); counts add up the same
    in any order and on any number of threads, so the result depends on the seed and the
    settings only."""
    settings.check()
    problem = _Problem.of(scores, weights, uncertainty, settings)
    chunk = problem.chunk_size()
    sizes = [min(chunk, settings.samples - start) for start in range(0, settings.samples, chunk)]
    seeds = np.random.SeedSequence(settings.seed).spawn(len(sizes))
    counts = np.zeros(problem.n_tools * problem.n_tools, dtype=np.int64)
    done = 0
    # threads of its own only on the main thread: called from a background task (the window's
    # exports, memo and Analysis panel) it stays on that task's thread, no pool within a pool
    on_main = threading.current_thread() is threading.main_thread()
    workers = min(THREADS if on_main else 1, len(sizes))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(problem.count, seed, size) for seed, size in zip(seeds, sizes, strict=True)
        ]
        try:
            for future, size in zip(futures, sizes, strict=True):
                counts += future.result()
                done += size
                if progress is not None:
                    progress(done / settings.samples)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    shares = counts.reshape(problem.n_tools, problem.n_tools) / settings.samples
    return Acceptability(shares, settings.samples)


@dataclass(frozen=True)
class _Problem:
    """What every chunk needs, prepared once: the weighted criteria only."""

    base: FloatArray  # the weights that count
    cells: FloatArray  # tools x the criteria that count
    half32: npt.NDArray[np.float32]
    half64: FloatArray
    step32: npt.NDArray[np.float32]  # 2 x half / 65535: one step of the 16-bit draw
    clips: bool  # some score is nearer 0 or 10 than its half-width
    low32: npt.NDArray[np.float32]  # the most each score can lose (to 0)
    high32: npt.NDArray[np.float32]  # the most it can gain (to 10)
    noisy: bool
    settings: Settings

    @classmethod
    def of(
        cls, scores: FloatArray, weights: FloatArray, uncertainty: FloatArray, settings: Settings
    ) -> _Problem:
        counted = np.asarray(weights, dtype=np.float64) > 0
        cells = np.nan_to_num(np.asarray(scores, dtype=np.float64)[:, counted], nan=0.0)
        half = np.asarray(uncertainty, dtype=np.float64)[:, counted]
        return cls(
            base=np.asarray(weights, dtype=np.float64)[counted],
            cells=cells,
            half32=half.astype(np.float32),
            half64=half,
            step32=(half * (2.0 / 65535.0)).astype(np.float32),
            clips=bool(((cells - half) < SCORE_MIN).any() or ((cells + half) > SCORE_MAX).any()),
            low32=(SCORE_MIN - cells).astype(np.float32),
            high32=(SCORE_MAX - cells).astype(np.float32),
            noisy=bool((half > 0).any()),
            settings=settings,
        )

    @property
    def n_tools(self) -> int:
        tools: int = self.cells.shape[0]
        return tools

    def chunk_size(self) -> int:
        tools, criteria = (int(n) for n in self.cells.shape)
        per_sample = tools * (criteria if self.noisy else 1)
        return max(1, min(RANK_ROWS_MAX, CHUNK_CELLS // max(1, per_sample)))

    def count(self, seed: np.random.SeedSequence, size: int) -> npt.NDArray[np.int64]:
        """Rank counts (tool x rank, flattened) of `size` samples drawn from `seed`."""
        rng = np.random.default_rng(seed)
        n_tools, n_criteria = self.cells.shape
        sampled = _weights(rng, self.base, size, self.settings)  # rows add up to 1
        totals = sampled @ self.cells.T  # size x tools: the scores as they are, float64
        if self.noisy:
            # the noise in float32 from 16 random bits per cell: drawing is most of the work,
            # and this halves it; its resolution (1/32,768 of the half-width) is far below any
            # score's uncertainty. The scores' own part stays float64, so noise-free ties stay
            # exact. bits * step - half is uniform in [-half, half]; clipped (s + e within
            # 0-10) only when some score is nearer a bound than its half-width.
            bits = np.frombuffer(rng.bytes(2 * size * n_tools * n_criteria), dtype=np.uint16)
            noise = bits.reshape(size, n_tools, n_criteria).astype(np.float32)
            noise *= self.step32
            weights32 = sampled.astype(np.float32)
            if self.clips:
                noise -= self.half32
                np.clip(noise, self.low32, self.high32, out=noise)
                totals += np.einsum("stk,sk->st", noise, weights32)
            else:
                totals += np.einsum("stk,sk->st", noise, weights32) - sampled @ self.half64.T
        ranks = competition_ranks(totals)  # size x tools, 1-based
        tool_index = np.broadcast_to(np.arange(n_tools), ranks.shape)
        flat = (tool_index * n_tools + ranks - 1).ravel()
        counted: npt.NDArray[np.int64] = np.bincount(flat, minlength=n_tools * n_tools)
        return counted


def _weights(
    rng: np.random.Generator, base: FloatArray, size: int, settings: Settings
) -> FloatArray:
    if settings.weights_mode == "uniform":
        drawn = rng.exponential(1.0, (size, base.size))
    else:
        s = settings.weight_spread
        factors = rng.uniform(1.0 - s, 1.0 + s, (size, base.size)) if s > 0 else 1.0
        drawn = base * np.broadcast_to(factors, (size, base.size))
    result: FloatArray = drawn / drawn.sum(axis=1, keepdims=True)
    return result


def competition_ranks(totals: FloatArray) -> IntArray:
    """Row-wise 1 + the number of strictly greater totals (after rounding to 1e-9), for a
    samples x tools matrix, in one sort: rows are shifted apart so that one flat sorted array
    serves every row's search."""
    rounded = np.round(totals, TIE_DECIMALS)
    rows, width = rounded.shape
    span = float(np.ptp(rounded)) + 1.0 if rounded.size else 1.0
    shifted = rounded + (np.arange(rows) * span * 2)[:, None] - float(rounded.min(initial=0.0))
    flat = np.sort(shifted, axis=None)
    # position after the last value <= x, within its row's block of `width`
    after = np.searchsorted(flat, shifted.ravel(), side="right").reshape(rows, width)
    row_end = (np.arange(rows) + 1) * width
    ranks: IntArray = (row_end[:, None] - after + 1).astype(np.int64)
    return ranks
