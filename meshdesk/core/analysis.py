"""The robustness analysis of a workbook as it is: its deterministic part (contributions,
stability ranges, flips, score flips, tornado; fast enough to redo while a weight is dragged)
and, when asked, rank acceptability by Monte Carlo (meshdesk.core.acceptability)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from meshdesk.core.acceptability import Acceptability, Settings, acceptability
from meshdesk.core.robustness import (
    DEFAULT_SWING,
    Candidates,
    Contributions,
    Flip,
    ScoreFlip,
    Stability,
    TornadoBar,
    candidates,
    contributions,
    score_flips,
    stability,
    tornado,
    totals,
)
from meshdesk.core.workbook import FloatArray, Workbook


@dataclass(frozen=True)
class Analysis:
    candidates: Candidates
    totals: FloatArray  # of the candidates, under the current weights
    contributions: Contributions
    stability: tuple[Stability, ...]
    flips: tuple[Flip, ...]
    score_flips: tuple[ScoreFlip, ...]
    tornado: tuple[TornadoBar, ...]
    swing: float
    acceptability: Acceptability | None = None
    settings: Settings | None = None
    score_uncertainty: float | None = None  # one half-width for all, or None: per cell

    @property
    def leader(self) -> int:
        return self.contributions.leader

    @property
    def runner_up(self) -> int | None:
        return self.contributions.runner_up

    @property
    def lead(self) -> float | None:
        second = self.runner_up
        if second is None:
            return None
        return float(self.totals[self.leader] - self.totals[second])

    def with_acceptability(
        self, uncertainty: FloatArray, settings: Settings, override: float | None = None
    ) -> Analysis:
        """This analysis plus rank acceptability; `uncertainty` is candidates x criteria."""
        c = self.candidates
        found = acceptability(c.scores, c.weights, uncertainty, settings)
        return replace(self, acceptability=found, settings=settings, score_uncertainty=override)


def deterministic(
    workbook: Workbook, swing: float = DEFAULT_SWING, among: Collection[str] | None = None
) -> Analysis:
    """Everything but the Monte Carlo, among the choosable tools (of `among`, the shortlist,
    when given). Raises ScoringError when nothing can be chosen."""
    c = candidates(workbook, among)
    ranges, flips = stability(c)
    return Analysis(
        candidates=c,
        totals=totals(c.scores, c.weights),
        contributions=contributions(c),
        stability=tuple(ranges),
        flips=tuple(flips),
        score_flips=tuple(score_flips(c)),
        tornado=tuple(tornado(c, swing)),
        swing=swing,
    )
