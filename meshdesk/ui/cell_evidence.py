"""How uncertain a score cell is, for the grid (its tooltip and its mark) and the note editor.

The rule is the robustness analysis's (meshdesk.core.uncertainty.cell_uncertainty), asked of
one cell: the grade the cell's note names, else the scale's `published` grade while the score
equals what the score source published, else its `judgement` grade. The scale is
data/evidence.yaml, read once per dataset folder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from meshdesk.core.errors import MeshDeskError
from meshdesk.core.numbers import fixed, rounded
from meshdesk.core.uncertainty import EvidenceScale, Grade
from meshdesk.core.workbook import Workbook
from meshdesk.locations import dataset_dir

UNCERTAIN_ABOVE: Final = 0.5  # the grid marks cells less sure than a whole-number judgement


@lru_cache(maxsize=4)
def _scale_in(folder: str) -> EvidenceScale | None:
    from meshdesk.io.evidence import load_evidence

    try:
        return load_evidence(folder)
    except MeshDeskError:
        return None


def evidence_scale() -> EvidenceScale | None:
    """The installed dataset's evidence scale, or None when it cannot be read (the grid then
    shows no uncertainty; the analysis says why it cannot run)."""
    return _scale_in(str(dataset_dir()))


@dataclass(frozen=True)
class CellEvidence:
    grade: Grade
    named: bool  # the cell's note names the grade (else the default rule chose it)
    as_published: bool  # the score equals the score source's
    unknown: str = ""  # a grade the note names that this scale lacks (the default rule then)

    @property
    def half_width(self) -> float:
        return self.grade.half_width

    @property
    def uncertain(self) -> bool:
        return self.grade.half_width > UNCERTAIN_ABOVE


class CellGrades:
    """The evidence of any cell of one workbook under one scale; built once per paint (a
    grade lookup per cell is a dictionary lookup)."""

    def __init__(self, workbook: Workbook, scale: EvidenceScale) -> None:
        self.workbook = workbook
        self.grades = {grade.id: grade for grade in scale.grades}
        self.published = scale.grade(scale.published)
        self.judgement = scale.grade(scale.judgement)

    def of(self, row: int, col: int) -> CellEvidence | None:
        """The cell's evidence; None for a cell without a score."""
        wb = self.workbook
        value = float(wb.scores[row, col])
        if math.isnan(value):
            return None
        tool_id, criterion_id = wb.tools[row].id, wb.criteria[col].id
        publication = wb.publication
        source = None if publication is None else publication.scores.get(tool_id)
        as_published = source is not None and source.get(criterion_id) == value
        note = wb.notes.get((tool_id, criterion_id)) if wb.notes else None
        unknown = ""
        if note is not None and note.evidence:
            grade = self.grades.get(note.evidence)
            if grade is not None:
                return CellEvidence(grade, True, as_published)
            unknown = note.evidence
        default = self.published if as_published else self.judgement
        return CellEvidence(default, False, as_published, unknown)


def half_width_text(value: float) -> str:
    """A half-width as shown: "±1.5", "±0.25", "±1.0" (one place at least, two at most)."""
    places = 1 if rounded(value, 1) == rounded(value, 2) else 2
    return f"±{fixed(value, places)}"


def grade_label(grade: Grade) -> str:
    """A grade as the note editor lists it: "Vendor claim (±1.5)"."""
    return f"{grade.name} ({half_width_text(grade.half_width)})"


def evidence_line(evidence: CellEvidence) -> str:
    """The tooltip's plain words for a cell's uncertainty (not escaped: the grade's name comes
    from the dataset, the caller escapes it)."""
    shown = f"Uncertainty {half_width_text(evidence.half_width)}, {evidence.grade.name}"
    if evidence.named:
        return f"{shown} (the note's evidence grade)"
    if evidence.unknown:
        lacking = f"the note names the grade {evidence.unknown!r}, which this dataset's scale lacks"
        return f"{shown} ({lacking})"
    if evidence.as_published:
        return f"{shown} (the default for a score as published)"
    return f"{shown} (the default for a score set in this project; a note can name its evidence)"
