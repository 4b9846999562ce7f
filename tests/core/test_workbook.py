from __future__ import annotations

import numpy as np
import pytest

from meshdesk.core.errors import InputError
from meshdesk.core.workbook import CellNote, Criterion, Tool, Workbook
from tests.expected import CRITERION_IDS, GUIDE_WEIGHTS, TOOL_IDS


def test_constructor_refuses_duplicate_ids():
    with pytest.raises(InputError, match="Two tools share the id 'a'"):
        Workbook([Tool("a", "A"), Tool("a", "B")], [Criterion("c", "C")], [1.0])
    with pytest.raises(InputError, match="Two criteria share the id 'c'"):
        Workbook([Tool("a", "A")], [Criterion("c", "C"), Criterion("c", "D")], [1.0, 1.0])


def test_constructor_refuses_out_of_range_score():
    with pytest.raises(InputError, match="outside the range 0 to 10"):
        Workbook([Tool("a", "A")], [Criterion("c", "C")], [1.0], np.array([[11.0]]))


def test_constructor_refuses_note_on_unknown_cell():
    with pytest.raises(InputError, match="unknown cell"):
        Workbook([Tool("a", "A")], [Criterion("c", "C")], [1.0], notes={("b", "c"): CellNote("x")})


def test_copy_is_independent(workbook):
    clone = workbook.copy()
    clone.scores[0, 0] = 1.0
    clone.weights[0] = 99
    assert workbook.scores[0, 0] == 10.0
    assert workbook.weights[0] == 25
    assert not clone.equals(workbook)


def test_sorted_notes_follow_grid_order(workbook):
    workbook.notes[("kuma", "core")] = CellNote("k")
    workbook.notes[("istio", "value")] = CellNote("i2")
    workbook.notes[("istio", "core")] = CellNote("i1")
    assert [(t, c) for t, c, _ in workbook.sorted_notes()] == [
        ("istio", "core"),
        ("istio", "value"),
        ("kuma", "core"),
    ]


def test_dataset_workbook_has_every_field(workbook):
    assert workbook.tool_ids == TOOL_IDS
    assert workbook.criterion_ids == CRITERION_IDS
    assert workbook.weights.tolist() == GUIDE_WEIGHTS
    assert workbook.published_weights == dict(zip(CRITERION_IDS, GUIDE_WEIGHTS, strict=True))


def test_a_note_names_its_evidence_grade_by_id():
    from meshdesk.core.workbook import check_note

    note = CellNote("their datasheet", evidence="vendor-claim")
    assert check_note(note) is note
    assert note.evidence == "vendor-claim"
    assert CellNote("x").evidence == ""  # the default rule (published or own judgement)
    assert not CellNote("", evidence="own-pilot").is_empty  # a grade alone is evidence
    assert CellNote("").is_empty


@pytest.mark.parametrize(
    "grade", ["Vendor claim", "vendor-claim\n", "own\npilot", "x" * 65, "-pilot", "pilot\x1b"]
)
def test_a_grade_that_is_not_id_shaped_is_refused_by_every_check(grade):
    from meshdesk.core.workbook import check_note

    with pytest.raises(InputError, match=r"evidence grade .* is not a grade id"):
        check_note(CellNote("x", evidence=grade))
    with pytest.raises(InputError, match="evidence grade"):
        Workbook(
            [Tool("a", "A")],
            [Criterion("c", "C")],
            [1.0],
            notes={("a", "c"): CellNote("x", evidence=grade)},
        )


def test_a_grade_that_is_not_text_is_refused():
    from meshdesk.core.workbook import check_note

    with pytest.raises(InputError, match="evidence grade must be text"):
        check_note(CellNote("x", evidence=3))  # type: ignore[arg-type]
