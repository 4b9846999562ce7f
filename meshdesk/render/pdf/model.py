"""The memo's view of the decision report: the report itself (meshdesk.report, every number
and sentence worked out once) and what only a page layout needs, the text width and the
characters the font lacks. No reportlab here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Final

from meshdesk.report import DecisionReport

MAIN_TABLE_MAX_TOOLS: Final = 30  # more than this: the main table shows the top ones
MAIN_TABLE_TOP: Final = 25
MAIN_TABLE_MAX_CRITERIA: Final = 8  # more than this: scores go to the appendix only
BAR_CHART_MAX: Final = 20
RADAR_MAX_SPOKES: Final = 12
RADAR_MIN_SPOKES: Final = 3


@dataclass(frozen=True)
class MemoData(DecisionReport):
    frame_width: float = 0.0  # the text width of the page, in points
    missing_characters: set[str] = field(default_factory=set)  # filled while laying out

    @classmethod
    def of(cls, report: DecisionReport, *, frame_width: float) -> MemoData:
        given = {f.name: getattr(report, f.name) for f in fields(DecisionReport)}
        return cls(**given, frame_width=frame_width)

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

    def bar_rows(self) -> list[int]:
        return self.ranked[:BAR_CHART_MAX]

    def radar_rows(self) -> list[int]:
        if self.recommendation is not None and self.recommendation.shortlist:
            return list(self.featured[:3])
        return self.ranked[:3]
