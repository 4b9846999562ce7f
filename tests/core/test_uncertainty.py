"""Score uncertainty from evidence (meshdesk.core.uncertainty) and the bundled scale
(data/evidence.yaml, read by meshdesk.io.evidence)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from meshdesk.core.commands import SetScores
from meshdesk.core.errors import InputError
from meshdesk.core.uncertainty import EvidenceScale, Grade, cell_uncertainty
from meshdesk.io.evidence import load_evidence


@pytest.fixture(scope="module")
def scale() -> EvidenceScale:
    return load_evidence()


def test_guide_scores_are_half_a_point_and_edited_ones_a_judgement(workbook, scale) -> None:  # type: ignore[no-untyped-def]
    SetScores((("istio", "ease", 7.0),)).apply(workbook)  # the guide says 6
    rows = list(range(len(workbook.tools)))
    half = cell_uncertainty(workbook, rows, scale)
    istio, ease = workbook.tool_row("istio"), workbook.criterion_col("ease")
    assert half[istio, ease] == scale.grade("judgement").half_width == 1.0
    others = np.delete(half.ravel(), istio * half.shape[1] + ease)
    assert (others == 0.5).all()  # every other score is as the guide published it


def test_a_note_names_its_grade_and_one_number_overrides_all(workbook, scale) -> None:  # type: ignore[no-untyped-def]
    rows = [workbook.tool_row("linkerd")]
    named = {("linkerd", "performance"): "own-pilot", ("istio", "core"): "vendor-claim"}
    half = cell_uncertainty(workbook, rows, scale, named)
    assert half[0, workbook.criterion_col("performance")] == 0.25
    assert half[0, workbook.criterion_col("core")] == 0.5  # istio's grade is not linkerd's
    assert (cell_uncertainty(workbook, rows, scale, named, override=0.0) == 0.0).all()
    with pytest.raises(InputError, match="score uncertainty must be from 0 to 10"):
        cell_uncertainty(workbook, rows, scale, override=11.0)
    # a grade from another scale (a team's own dataset) is kept in the note, counted as unnamed
    other = cell_uncertainty(workbook, rows, scale, {("linkerd", "core"): "hearsay"})
    assert other[0, workbook.criterion_col("core")] == 0.5


def test_a_scale_must_name_grades_it_has() -> None:
    grade = Grade("pilot", "Pilot", 0.25)
    with pytest.raises(InputError, match="'guide' is not an evidence grade"):
        EvidenceScale((grade,), "guide", "pilot").check()
    with pytest.raises(InputError, match="half-width of grade 'wide' must be from 0 to 10"):
        EvidenceScale((Grade("wide", "Wide", 12.0),), "wide", "wide").check()


def test_a_broken_evidence_file_is_named(data_copy: Path) -> None:
    path = data_copy / "evidence.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("published: guide", "published: x"))
    with pytest.raises(InputError, match=r"evidence\.yaml.*'x' is not an evidence grade"):
        load_evidence(data_copy)
