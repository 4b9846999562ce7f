"""Evidence grades in the window: the note editor chooses one (one undo step with the note),
the grid's tooltip gives each score's uncertainty, and scores less sure than +-0.5 are marked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from meshdesk.core import commands as cmd
from meshdesk.core.workbook import CellNote
from meshdesk.io.evidence import load_evidence
from meshdesk.ui import delegates
from meshdesk.ui.cell_evidence import CellGrades, evidence_scale, half_width_text
from meshdesk.ui.dialogs import NO_GRADE, NoteDialog
from tests.ui.conftest import view_cell


def tooltip(window, tool_id: str, criterion_id: str) -> str:
    return view_cell(window, tool_id, criterion_id).data(Qt.ItemDataRole.ToolTipRole)


def test_the_editor_lists_none_then_every_grade_of_the_scale(qtbot):
    dialog = NoteDialog("Istio / Core features", CellNote("pilot", evidence="own-pilot"))
    qtbot.addWidget(dialog)
    box = dialog.evidence
    items = [(box.itemText(i), box.itemData(i)) for i in range(box.count())]
    scale = load_evidence()
    assert items[0] == (NO_GRADE, "")
    assert items[1:] == [
        (f"{g.name} ({half_width_text(g.half_width)})", g.id) for g in scale.grades
    ]
    assert ("Vendor claim (±1.5)", "vendor-claim") in items
    assert ("Own pilot (±0.25)", "own-pilot") in items
    assert dialog.grade() == "own-pilot"  # the note's grade is chosen
    assert "Buyer's guide score (±0.5)" in box.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert box.itemData(1, Qt.ItemDataRole.ToolTipRole) == (
        "<p>A whole-number judgement from the publication: the true value may lie anywhere "
        "that rounds to it.</p>"
    )
    box.setCurrentIndex(0)
    assert dialog.note() == CellNote("pilot", "", "", "")
    dialog.text.setPlainText("")
    assert dialog.note() is None  # nothing left: the note goes


def test_a_grade_the_scale_does_not_have_is_kept(qtbot):
    dialog = NoteDialog("Istio / Core features", CellNote("x", evidence="lab-report"))
    qtbot.addWidget(dialog)
    assert dialog.grade() == "lab-report"
    assert "not in MeshDesk's evidence scale" in dialog.evidence.currentText()


def test_choosing_a_grade_in_the_editor_is_one_undo_step_with_the_note(window, monkeypatch):
    doc = window.document
    doc.push(cmd.SetNote("istio", "ease", CellNote("steep", "https://istio.io", "2026-11-01")))
    window.grid.setCurrentIndex(view_cell(window, "istio", "ease"))
    steps = doc.undo_stack.count()

    def choose(dialog):
        dialog.text.setPlainText("steep, says their sales deck")
        dialog.evidence.setCurrentIndex(dialog.evidence.findData("vendor-claim"))
        return True

    monkeypatch.setattr(window, "exec_dialog", choose)
    window.act_note.trigger()
    assert doc.workbook.note("istio", "ease") == CellNote(
        "steep, says their sales deck", "https://istio.io", "2026-11-01", "vendor-claim"
    )
    assert doc.undo_stack.count() == steps + 1
    assert "±1.5, Vendor claim" in tooltip(window, "istio", "ease")
    doc.undo_stack.undo()
    assert doc.workbook.note("istio", "ease") == CellNote("steep", "https://istio.io", "2026-11-01")
    assert "±0.5, Buyer&#x27;s guide score" in tooltip(window, "istio", "ease")
    doc.undo_stack.redo()
    assert doc.workbook.note("istio", "ease").evidence == "vendor-claim"


def test_a_grade_alone_is_a_note(window, monkeypatch):
    window.grid.setCurrentIndex(view_cell(window, "kuma", "core"))

    def grade_only(dialog):
        dialog.evidence.setCurrentIndex(dialog.evidence.findData("independent-benchmark"))
        return True

    monkeypatch.setattr(window, "exec_dialog", grade_only)
    window.act_note.trigger()
    note = window.document.workbook.note("kuma", "core")
    assert note is not None and note.text == "" and note.evidence == "independent-benchmark"


def test_the_tooltip_gives_each_scores_uncertainty_and_why(window):
    doc = window.document
    assert tooltip(window, "istio", "core").count("Uncertainty") == 1
    assert (
        "Uncertainty ±0.5, Buyer&#x27;s guide score (the default for a score as published)"
        in tooltip(window, "istio", "core")
    )
    doc.push(cmd.SetScores((("istio", "core", 7.0),)))
    assert "Uncertainty ±1.0, Own judgement (the default for a score set in this project" in (
        tooltip(window, "istio", "core")
    )
    doc.push(cmd.SetNote("istio", "core", CellNote("pilot run 4", evidence="own-pilot")))
    tip = tooltip(window, "istio", "core")
    assert "Uncertainty ±0.25, Own pilot (the note&#x27;s evidence grade)" in tip
    assert "pilot run 4" in tip
    doc.push(cmd.SetScores((("istio", "core", float("nan")),)))
    assert "Uncertainty" not in tooltip(window, "istio", "core")  # not scored: nothing to vary


def test_the_grid_follows_the_analysis_rule_cell_by_cell(window):
    """The grid's grades are the analysis's half-widths (meshdesk.core.uncertainty)."""
    import numpy as np

    from meshdesk.core.uncertainty import cell_uncertainty
    from meshdesk.io.robustness import note_grades

    doc = window.document
    doc.push(cmd.SetScores((("istio", "core", 7.0), ("kuma", "ease", 9.5))))
    doc.push(cmd.SetNote("linkerd", "value", CellNote("", evidence="vendor-claim")))
    wb, scale = doc.workbook, evidence_scale()
    assert scale is not None
    rows = range(len(wb.tools))
    expected = cell_uncertainty(wb, rows, scale, note_grades(wb))
    grades = CellGrades(wb, scale)
    shown = np.array(
        [[grades.of(r, c).half_width for c in range(len(wb.criteria))] for r in rows]  # type: ignore[union-attr]
    )
    assert np.array_equal(shown, expected)


def test_scores_less_sure_than_half_a_point_are_marked(window, qtbot, monkeypatch):
    doc = window.document
    marked: list[tuple[QRect, float]] = []
    real = delegates._whisker

    def record(path, rect, half_width):
        marked.append((QRect(rect), half_width))
        real(path, rect, half_width)

    monkeypatch.setattr(delegates, "_whisker", record)

    def repaint() -> None:
        marked.clear()
        window.grid.viewport().repaint()

    repaint()
    assert marked == []  # the bundled scores as published: +-0.5, no mark
    doc.push(cmd.SetScores((("istio", "core", 7.0),)))
    doc.push(cmd.SetNote("kuma", "ease", CellNote("datasheet", evidence="vendor-claim")))
    doc.push(cmd.SetNote("linkerd", "core", CellNote("pilot", evidence="own-pilot")))
    repaint()
    rects = {
        (tool, criterion): window.grid.visualRect(view_cell(window, tool, criterion))
        for tool, criterion in (("istio", "core"), ("kuma", "ease"), ("linkerd", "core"))
    }
    assert sorted(marked, key=lambda m: m[1]) == [
        (rects[("istio", "core")], 1.0),
        (rects[("kuma", "ease")], 1.5),
    ]


@pytest.mark.parametrize("grade", ["vendor-claim", "judgement"])
def test_the_mark_is_drawn_in_the_cell(window, qtbot, grade):
    doc = window.document
    doc.push(cmd.SetNote("istio", "core", CellNote("first a plain note")))
    rect = window.grid.visualRect(view_cell(window, "istio", "core"))
    strip = QRect(rect.left() + rect.width() // 2, rect.bottom() - 6, rect.width() // 2, 6)
    before = window.grid.viewport().grab(strip).toImage()
    doc.push(cmd.SetNote("istio", "core", CellNote("first a plain note", evidence=grade)))
    after = window.grid.viewport().grab(strip).toImage()
    assert before != after
    doc.undo_stack.undo()
    assert window.grid.viewport().grab(strip).toImage() == before


def test_a_grade_the_scale_lacks_uses_the_default_rule_and_says_so(window):
    from meshdesk.core.commands import SetNote
    from meshdesk.core.workbook import CellNote
    from meshdesk.ui.cell_evidence import CellGrades, evidence_line, evidence_scale

    window.document.push(SetNote("istio", "core", CellNote("x", evidence="team-review")))
    grades = CellGrades(window.document.workbook, evidence_scale())
    row, col = (
        window.document.workbook.tool_row("istio"),
        window.document.workbook.criterion_col("core"),
    )
    found = grades.of(row, col)
    assert found is not None
    assert found.half_width == 0.5 and not found.named
    assert "'team-review', which this dataset's scale lacks" in evidence_line(found)
