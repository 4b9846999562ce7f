"""The evaluation a dataset's scores come from, as it was published, kept apart from the user's
edits.

A workbook made from the dataset starts with the publication's scores and weights; the user
then changes some of them. Two questions must never be mixed up:

- does the publication add up? Its printed totals are checked against its own scores under
  its own weights (`totals_as_published`), whatever the user has done since;
- what has the user changed? The cells whose score differs from the publication's
  (`changes_from_source`), listed as such, never blamed on the publication.

The publication is immutable and independent of the workbook's structure: deleting or moving
a criterion or a tool does not change what was published.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from meshdesk.core.workbook import FloatArray, Workbook


@dataclass(frozen=True)
class Publication:
    """Scores and weights as the source printed them (totals live on each tool)."""

    weights: Mapping[str, float] = field(default_factory=dict)  # criterion id -> weight
    scores: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # tool -> crit -> s

    def score(self, tool_id: str, criterion_id: str) -> float | None:
        return self.scores.get(tool_id, {}).get(criterion_id)


class SourceChange(NamedTuple):
    """A score the user changed from the publication's (current None: cleared)."""

    tool_id: str
    criterion_id: str
    source: float
    current: float | None


def totals_as_published(workbook: Workbook) -> FloatArray | None:
    """For each tool row: the total the publication's own scores give under its own weights,
    NaN for a tool it does not cover (or covers incompletely); None without a publication."""
    publication = workbook.publication
    if publication is None:
        return None
    weights = {c: w for c, w in publication.weights.items() if w > 0}
    total_weight = math.fsum(weights.values())
    if total_weight <= 0:
        return None
    result = np.full(len(workbook.tools), np.nan)
    for row, tool in enumerate(workbook.tools):
        scores = publication.scores.get(tool.id)
        if scores is None or any(c not in scores for c in weights):
            continue
        result[row] = math.fsum(scores[c] * w for c, w in weights.items()) / total_weight
    return result


def source_matrix(workbook: Workbook) -> FloatArray:
    """The publication's score for each cell of the grid (NaN where it has none)."""
    matrix = np.full(workbook.scores.shape, np.nan)
    publication = workbook.publication
    if publication is None:
        return matrix
    columns = {c.id: j for j, c in enumerate(workbook.criteria)}
    for row, tool in enumerate(workbook.tools):
        for criterion_id, value in publication.scores.get(tool.id, {}).items():
            j = columns.get(criterion_id)
            if j is not None:
                matrix[row, j] = value
    return matrix


def changed_mask(workbook: Workbook, source: FloatArray | None = None) -> np.ndarray:
    """True where a cell has a published score and the current one differs from it."""
    source = source_matrix(workbook) if source is None else source
    current = workbook.scores
    published = ~np.isnan(source)
    with np.errstate(invalid="ignore"):
        same = np.isclose(current, source, rtol=0.0, atol=1e-9)
    return published & ~same  # type: ignore[no-any-return]


def changes_from_source(workbook: Workbook) -> list[SourceChange]:
    """Every score that differs from the publication's, in grid order."""
    source = source_matrix(workbook)
    changes = []
    for row, col in np.argwhere(changed_mask(workbook, source)):
        current = float(workbook.scores[row, col])
        changes.append(
            SourceChange(
                workbook.tools[row].id,
                workbook.criteria[col].id,
                float(source[row, col]),
                None if math.isnan(current) else current,
            )
        )
    return changes
