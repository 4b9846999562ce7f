"""The robustness analysis takes each cell's uncertainty from the grade its note names."""

from __future__ import annotations

import numpy as np

from meshdesk.core.acceptability import Settings
from meshdesk.core.commands import SetNote
from meshdesk.core.workbook import CellNote, Criterion, Tool, Workbook
from meshdesk.io.robustness import analyse, note_grades


def two_tools() -> Workbook:
    # no publication: every score is an own judgement (+-1), so 6 against 4 never flips
    return Workbook(
        [Tool("a", "A"), Tool("b", "B")], [Criterion("c", "C")], [1.0], np.array([[6.0], [4.0]])
    )


def test_note_grades_are_the_grades_notes_name():
    wb = two_tools()
    SetNote("a", "c", CellNote("datasheet", evidence="vendor-claim")).apply(wb)
    SetNote("b", "c", CellNote("no grade")).apply(wb)
    assert note_grades(wb) == {("a", "c"): "vendor-claim"}


def test_a_weaker_grade_widens_the_scores_and_the_leader_can_lose():
    settings = Settings(samples=4000, seed=1, weight_spread=0.0)
    wb = two_tools()
    sure = analyse(wb, settings)
    assert sure.acceptability is not None
    assert sure.acceptability.first[sure.leader] == 1.0  # 5..7 against 3..5: never behind
    for tool in ("a", "b"):  # +-1.5 each: 4.5..7.5 against 2.5..5.5 overlap
        SetNote(tool, "c", CellNote("their claim", evidence="vendor-claim")).apply(wb)
    unsure = analyse(wb, settings)
    assert unsure.acceptability is not None
    share = float(unsure.acceptability.first[unsure.leader])
    # P(A < B) for the difference of two uniforms of half-width 1.5, means 2 apart: 1/72
    assert 0.0 < 1.0 - share < 0.05
    for tool in ("a", "b"):  # measured in a pilot: +-0.25
        SetNote(tool, "c", CellNote("pilot", evidence="own-pilot")).apply(wb)
    assert analyse(wb, settings).acceptability.first[0] == 1.0  # type: ignore[union-attr]
