"""Everything the memo states, worked out before any page is laid out (no reportlab here).

The numbers come from the engine: the ranking from `meshdesk.core.scoring` under the
workbook's current weights (the ones the grid shows and the recommendation ranks under), the
margin from
`meshdesk.core.sensitivity`, the published-total footnotes from `meshdesk.core.audit`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Final

import numpy as np

from meshdesk.core.audit import Discrepancy, LifecycleWarning, audit
from meshdesk.core.numbers import fixed
from meshdesk.core.publication import SourceChange
from meshdesk.core.questionnaire import Questionnaire
from meshdesk.core.recommendation import Recommendation
from meshdesk.core.scoring import Ranking, compute
from meshdesk.core.sensitivity import Margin, leading_pair, margin
from meshdesk.core.workbook import FloatArray, Tool, Workbook

MAIN_TABLE_MAX_TOOLS: Final = 30  # more than this: the main table shows the top ones
MAIN_TABLE_TOP: Final = 25
MAIN_TABLE_MAX_CRITERIA: Final = 8  # more than this: scores go to the appendix only
FEATURED_WITHOUT_SHORTLIST: Final = 3
BAR_CHART_MAX: Final = 20
RADAR_MAX_SPOKES: Final = 12
RADAR_MIN_SPOKES: Final = 3
TOTAL_PLACES: Final = 2


@dataclass(frozen=True)
class MemoData:
    workbook: Workbook
    recommendation: Recommendation | None
    questionnaire: Questionnaire | None
    title: str
    author: str
    day: date
    weights: FloatArray  # the weights the ranking uses, in the units the memo shows
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
    frame_width: float  # the text width of the page, in points
    reviewers: tuple[str, ...] = ()  # who reviews the decision (the project's metadata)
    missing_characters: set[str] = field(default_factory=set)  # filled while laying out

    # --- convenience -----------------------------------------------------------------------
    @property
    def needs_mesh(self) -> bool:
        return self.recommendation is None or self.recommendation.needs_mesh

    def score_text(self, value: float) -> str:
        return "–" if math.isnan(value) else fixed(value, self.score_places)

    def total_text(self, value: float) -> str:
        """A weighted total as the memo shows it: two decimals, by the one rounding rule."""
        return fixed(value, TOTAL_PLACES)

    @property
    def ranked(self) -> list[int]:
        return [i for i in self.order if self.ranking.complete[i]]

    @property
    def incomplete(self) -> list[int]:
        return [i for i in self.order if not self.ranking.complete[i]]

    @property
    def main_table_rows(self) -> list[int]:
        if len(self.order) <= MAIN_TABLE_MAX_TOOLS:
            return list(self.order)
        return list(self.order[:MAIN_TABLE_TOP])

    @property
    def scores_in_main_table(self) -> bool:
        return len(self.workbook.criteria) <= MAIN_TABLE_MAX_CRITERIA

    @property
    def needs_score_appendix(self) -> bool:
        return not self.scores_in_main_table or len(self.main_table_rows) < len(self.order)

    def tool(self, row: int) -> Tool:
        return self.workbook.tools[row]

    def total(self, row: int) -> float:
        return float(self.ranking.totals[row])

    def rank(self, row: int) -> int:
        return int(self.ranking.ranks[row])

    def weight_share(self, column: int) -> float:
        return float(self.ranking.normalized[column]) * 100.0

    def heaviest_criteria(self, count: int) -> list[int]:
        """Column indices of the `count` heaviest criteria, in workbook order."""
        by_weight = np.argsort(-self.weights, kind="stable")[:count]
        return sorted(int(j) for j in by_weight if self.weights[j] > 0)

    def bar_rows(self) -> list[int]:
        return self.ranked[:BAR_CHART_MAX]

    def radar_rows(self) -> list[int]:
        if self.recommendation is not None and self.recommendation.shortlist:
            return list(self.featured[:3])
        return self.ranked[:3]


def prepare(
    workbook: Workbook,
    recommendation: Recommendation | None,
    questionnaire: Questionnaire | None,
    *,
    title: str,
    author: str,
    day: date,
    frame_width: float,
    reviewers: tuple[str, ...] = (),
) -> MemoData:
    # the workbook as it is: its own weights, as the grid, the workbook export and the
    # recommendation use them (a different profile of the answers is reported, not used)
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
    return MemoData(
        workbook=workbook,
        recommendation=recommendation,
        questionnaire=questionnaire,
        title=title,
        author=author,
        day=day,
        weights=weights,
        ranking=ranking,
        order=order,
        shortlisted=shortlisted,
        featured=featured,
        margin=margin(workbook.scores, weights, *pair) if pair else None,
        margin_from_ranking=from_ranking,
        discrepancies=found.discrepancies,
        changed_from_source=found.changed_from_source,
        lifecycle=found.lifecycle,
        unverified_count=len(found.unverified),
        score_places=_score_places(workbook),
        frame_width=frame_width,
        reviewers=tuple(r for r in reviewers if r.strip()),
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
