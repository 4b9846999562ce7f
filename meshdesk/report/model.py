"""The decision report: everything a decision document states, worked out once.

The numbers come from the engine: the ranking from `meshdesk.core.scoring` under the
workbook's current weights (the ones the grid shows and the recommendation ranks under), the
margin from `meshdesk.core.sensitivity`, the published-total footnotes from
`meshdesk.core.audit`, the shortlist, exclusions and reasons from the recommendation. A
renderer reads these fields and the sentences of `meshdesk.report.text`; it never ranks,
filters or words a rule of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np

from meshdesk.core.analysis import Analysis
from meshdesk.core.audit import Discrepancy, LifecycleWarning, audit
from meshdesk.core.decision import Pick
from meshdesk.core.numbers import fixed
from meshdesk.core.publication import SourceChange
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.recommendation import Recommendation
from meshdesk.core.scoring import Ranking, compute
from meshdesk.core.sensitivity import Margin, leading_pair, margin
from meshdesk.core.workbook import FloatArray, Tool, Workbook

FEATURED_WITHOUT_SHORTLIST: Final = 3
TOTAL_PLACES: Final = 2  # totals are shown to two decimals everywhere


@dataclass(frozen=True)
class DecisionReport:
    workbook: Workbook
    recommendation: Recommendation | None
    questionnaire: Questionnaire | None
    title: str
    author: str
    day: date
    weights: FloatArray  # the weights the ranking uses, in the units the panel shows
    ranking: Ranking
    order: tuple[int, ...]  # rows by rank, incomplete rows last
    shortlisted: dict[int, int]  # row -> place on the shortlist (1-based)
    featured: tuple[int, ...]  # rows described in full (the shortlist, or the leaders)
    margin: Margin | None
    margin_from_ranking: bool  # the pair is the ranking's top two, not the shortlist's
    discrepancies: tuple[Discrepancy, ...]
    changed_from_source: tuple[SourceChange, ...]
    lifecycle: tuple[LifecycleWarning, ...]
    unverified_count: int
    score_places: int  # 0 when every score is whole, else 1 (so columns line up)
    reviewers: tuple[str, ...] = ()  # who reviews the decision (the project's metadata)
    version: str = ""  # the MeshDesk that wrote it
    # how robust the leader is (meshdesk.core.analysis), computed by the caller with the
    # dataset's evidence scale (meshdesk.io.robustness); None: not asked, or nothing choosable
    analysis: Analysis | None = None

    # --- the verdict ---------------------------------------------------------------------
    @property
    def needs_mesh(self) -> bool:
        return self.recommendation is None or self.recommendation.needs_mesh

    @property
    def decided(self) -> bool:
        """A platform is chosen: answers were evaluated, a mesh is needed and the shortlist
        is not empty. Without answers the ranking alone decides nothing."""
        return self.chosen is not None

    @property
    def chosen(self) -> Pick | None:
        rec = self.recommendation
        if rec is None or not rec.needs_mesh or not rec.shortlist:
            return None
        return rec.shortlist[0]

    @property
    def runner_up(self) -> Pick | None:
        rec = self.recommendation
        if self.chosen is None or rec is None or len(rec.shortlist) < 2:
            return None
        return rec.shortlist[1]

    # --- numbers as every rendering shows them -------------------------------------------
    def score_text(self, value: float) -> str:
        return "–" if math.isnan(value) else fixed(value, self.score_places)

    def total_text(self, value: float) -> str:
        """A weighted total: two decimals, by the one rounding rule; "–" when incomplete."""
        return "–" if math.isnan(value) else fixed(value, TOTAL_PLACES)

    # --- rows ----------------------------------------------------------------------------
    @property
    def ranked(self) -> list[int]:
        return [i for i in self.order if self.ranking.complete[i]]

    @property
    def incomplete(self) -> list[int]:
        return [i for i in self.order if not self.ranking.complete[i]]

    def tool(self, row: int) -> Tool:
        return self.workbook.tools[row]

    def total(self, row: int) -> float:
        return float(self.ranking.totals[row])

    def rank(self, row: int) -> int:
        return int(self.ranking.ranks[row])

    def weight_share(self, column: int) -> float:
        return float(self.ranking.normalized[column]) * 100.0

    def heaviest_criteria(self, count: int) -> list[int]:
        """Column indices of the `count` heaviest criteria (ties: the earlier), in workbook
        order; criteria of weight 0 never."""
        by_weight = np.argsort(-self.weights, kind="stable")[:count]
        return sorted(int(j) for j in by_weight if self.weights[j] > 0)


def build_report(
    workbook: Workbook,
    recommendation: Recommendation | None,
    questionnaire: Questionnaire | None,
    *,
    day: date,
    title: str | None = None,
    author: str | None = None,
    reviewers: tuple[str, ...] | None = None,
    version: str = "",
    analysis: Analysis | None = None,
) -> DecisionReport:
    """The report of `workbook` as it is (its current weights, scores and answers) and of
    the recommendation made for it. Title, author and reviewers default to the project's
    metadata."""
    meta = workbook.metadata
    weights = workbook.weights.copy()
    ranking = compute(workbook.scores, weights)
    order = tuple(int(i) for i in ranking.order())
    shortlisted: dict[int, int] = {}
    if recommendation is not None:
        for place, pick in enumerate(recommendation.shortlist, 1):
            if workbook.has_tool(pick.tool_id):
                shortlisted[workbook.tool_row(pick.tool_id)] = place
    featured = _featured(workbook, ranking, order, recommendation, shortlisted)
    pair: tuple[int, int] | None
    from_ranking = len(shortlisted) < 2
    if from_ranking:
        pair = leading_pair(ranking)
    else:
        first, second = sorted(shortlisted, key=shortlisted.__getitem__)[:2]
        pair = (first, second)
    found = audit(workbook)
    named = meta.reviewers if reviewers is None else reviewers
    return DecisionReport(
        workbook=workbook,
        recommendation=recommendation,
        questionnaire=questionnaire,
        title=meta.title if title is None else title,
        author=meta.author if author is None else author,
        day=day,
        weights=weights,
        ranking=ranking,
        order=order,
        shortlisted=shortlisted,
        featured=featured,
        # a pair of picks the ranking cannot total (a recommendation made for other scores)
        # has no margin to state
        margin=margin(workbook.scores, weights, *pair)
        if pair and ranking.complete[pair[0]] and ranking.complete[pair[1]]
        else None,
        margin_from_ranking=from_ranking,
        discrepancies=found.discrepancies,
        changed_from_source=found.changed_from_source,
        lifecycle=found.lifecycle,
        unverified_count=len(found.unverified),
        score_places=_score_places(workbook),
        reviewers=tuple(r for r in named if r.strip()),
        version=version,
        analysis=analysis,
    )


def _score_places(workbook: Workbook) -> int:
    finite = workbook.scores[np.isfinite(workbook.scores)]
    return 0 if bool(np.all(finite == np.round(finite))) else 1


def _featured(
    workbook: Workbook,
    ranking: Ranking,
    order: tuple[int, ...],
    recommendation: Recommendation | None,
    shortlisted: dict[int, int],
) -> tuple[int, ...]:
    """The shortlist; without a recommendation, the highest-ranked active tools. A verdict
    that no platform is needed features none."""
    if recommendation is not None:
        return tuple(sorted(shortlisted, key=shortlisted.__getitem__))
    leaders = [
        i
        for i in order
        if ranking.complete[i] and workbook.tools[i].is_active and not math.isnan(ranking.totals[i])
    ]
    return tuple(leaders[:FEATURED_WITHOUT_SHORTLIST])
