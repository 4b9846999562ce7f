from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


def rank_of(window, tool_id: str) -> str:
    return window.model.index(
        window.document.workbook.tool_row(tool_id), window.model.col_rank
    ).data()


def test_spin_box_change_moves_totals_and_ranks(window):
    assert rank_of(window, "linkerd") == "2"
    window.weights.rows["ease"].spin.setValue(60.0)
    assert window.document.workbook.weight("ease") == 60.0
    assert rank_of(window, "linkerd") == "1"
    assert "Sum: 145.0 %" in window.weights.sum_label.text()
    assert window.weights.normalize_button.isEnabled()
    total = float(window.model.index(1, window.model.col_total).data())
    assert total == pytest.approx(round(float(window.document.ranking.totals[1]), 2))


def test_slider_drag_is_live_and_one_undo_step(qtbot, window):
    row = window.weights.rows["security"]
    row.slider.sliderPressed.emit()
    for value in range(11, 41):
        row.slider.setValue(value)  # each step updates the ranking at once
    assert window.document.workbook.weight("security") == 40.0
    assert window.document.undo_stack.count() == 1
    assert row.spin.value() == 40.0
    window.document.undo_stack.undo()
    assert window.document.workbook.weight("security") == 10.0
    assert row.slider.value() == 10
    # a second drag is a second step
    row.slider.sliderPressed.emit()
    row.slider.setValue(20)
    row.slider.sliderPressed.emit()
    row.slider.setValue(30)
    assert window.document.undo_stack.count() == 2


def test_normalize_to_100(window):
    window.weights.rows["core"].spin.setValue(75.0)
    window.weights.normalize()
    weights = window.document.workbook.weights_by_id()
    assert sum(weights.values()) == pytest.approx(100.0)
    assert weights["core"] == pytest.approx(75 / 150 * 100)
    assert window.weights.sum_label.text() == "Sum: 100 %"


def test_presets_from_data(window):
    assert [p.id for p in window.presets] == [
        "guide",
        "equal",
        "security-first",
        "simplicity-first",
        "cost-conscious",
    ]
    assert window.weights.apply_preset("security-first")
    assert window.document.workbook.weight("security") == 30.0
    assert window.document.undo_stack.undoText() == "Preset: Security first"
    assert window.weights.apply_preset("equal")
    assert len(set(window.document.workbook.weights.tolist())) == 1
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.workbook.weight("security") == 10.0


def test_zero_sum_is_reported(window):
    for row in window.weights.rows.values():
        row.spin.setValue(0.0)
    assert "Sum: 0 %" in window.weights.sum_label.text()
    assert "add up to 0" in window.statusBar().currentMessage()
    assert window.model.index(0, window.model.col_total).data() == "—"


def test_header_shows_share_of_weight(window):
    window.weights.rows["core"].spin.setValue(50.0)
    share = 50 / 125 * 100
    tip = window.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"weight 50 ({share:.1f}% of the total)" in tip


def test_panel_follows_criteria_changes(window):
    from meshdesk.core.commands import AddCriterion, RemoveCriterion
    from meshdesk.core.workbook import Criterion

    window.document.push(AddCriterion(Criterion("gitops", "GitOps"), 5.0))
    assert "gitops" in window.weights.rows
    assert window.weights.rows["gitops"].spin.value() == 5.0
    window.document.push(RemoveCriterion("gitops"))
    assert "gitops" not in window.weights.rows
