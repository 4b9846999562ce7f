"""How uncertain each score is, from the evidence behind it (the grades of data/evidence.yaml).

A cell's half-width comes from its evidence grade: the grade its note names (if the scale has
it; a grade from another scale is kept in the note but counts as unnamed), else the
`published` grade while the score equals what the score source published (a whole-number
judgement: +-0.5 in the bundled scale), else the `judgement` grade (a score set in the
project without recorded evidence). One number given for all (`override`) replaces them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from meshdesk.core.errors import InputError
from meshdesk.core.workbook import SCORE_MAX, FloatArray, Workbook

HALF_WIDTH_MAX: Final = SCORE_MAX  # noise wider than the scale says nothing more


@dataclass(frozen=True)
class Grade:
    id: str
    name: str
    half_width: float
    description: str = ""


@dataclass(frozen=True)
class EvidenceScale:
    grades: tuple[Grade, ...]
    published: str  # the grade of a score as its source published it
    judgement: str  # the grade of a score set without recorded evidence

    def grade(self, grade_id: str) -> Grade:
        for grade in self.grades:
            if grade.id == grade_id:
                return grade
        known = ", ".join(g.id for g in self.grades)
        raise InputError(f"{grade_id[:40]!r} is not an evidence grade; the grades are {known}.")

    def check(self) -> EvidenceScale:
        """Ids unique, the two default grades present, every half-width from 0 to 10."""
        ids = [g.id for g in self.grades]
        if len(set(ids)) != len(ids):
            raise InputError("Two evidence grades share an id.")
        for grade in self.grades:
            check_half_width(grade.half_width, f"The half-width of grade {grade.id!r}")
        self.grade(self.published)
        self.grade(self.judgement)
        return self


def check_half_width(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{what} must be a number.")
    if not (math.isfinite(value) and 0 <= value <= HALF_WIDTH_MAX):
        raise InputError(f"{what} must be from 0 to {HALF_WIDTH_MAX:g}, not {value:g}.")
    return float(value)


def cell_uncertainty(
    workbook: Workbook,
    rows: Sequence[int],
    scale: EvidenceScale,
    named: Mapping[tuple[str, str], str] | None = None,
    override: float | None = None,
) -> FloatArray:
    """Half-widths for the given workbook rows x every criterion. `named` maps (tool,
    criterion) to the grade a note names; `override` is one half-width for every cell.
    Built from the publication's entries and the named cells, never cell by cell."""
    shape = (len(rows), len(workbook.criteria))
    if override is not None:
        return np.full(shape, check_half_width(override, "The score uncertainty"))
    published = np.full(shape, np.nan)
    position = {workbook.tools[row].id: r for r, row in enumerate(rows)}
    columns = {c.id: j for j, c in enumerate(workbook.criteria)}
    if workbook.publication is not None:
        for tool_id, by_criterion in workbook.publication.scores.items():
            r = position.get(tool_id)
            if r is None:
                continue
            for criterion_id, value in by_criterion.items():
                if criterion_id in columns:
                    published[r, columns[criterion_id]] = value
    current = workbook.scores[list(rows)]
    as_published = published == current  # NaN never equals
    result = np.where(
        as_published,
        scale.grade(scale.published).half_width,
        scale.grade(scale.judgement).half_width,
    )
    known = {grade.id: grade for grade in scale.grades}
    for (tool_id, criterion_id), grade_id in (named or {}).items():
        r, j = position.get(tool_id), columns.get(criterion_id)
        grade = known.get(grade_id)
        if r is not None and j is not None and grade is not None:  # unknown: the default rule
            result[r, j] = grade.half_width
    return result
