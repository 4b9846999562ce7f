from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from meshdesk.core.commands import SetWeights
from meshdesk.core.numbers import fixed
from meshdesk.ui.weights_controls import share_text, weight_text


def rank_of(window, tool_id: str) -> str:
    return window.model.index(
        window.document.workbook.tool_row(tool_id), window.model.col_rank
    ).data()


def test_spin_box_change_moves_totals_and_ranks(window):
    assert rank_of(window, "linkerd") == "2"
    window.weights.rows["ease"].spin.setValue(60.0)
    assert window.document.workbook.weight("ease") == 60.0
    assert rank_of(window, "linkerd") == "1"
    assert window.weights.sum_label.text() == "Sum: 145 — shares are weight ÷ 145."
    assert window.weights.rows["ease"].share.text() == f"→ {fixed(60 * 100 / 145, 1)}%"
    assert window.weights.normalize_button.isEnabled()
    total = float(window.model.index(1, window.model.col_total).data())
    assert total == pytest.approx(round(float(window.document.ranking.totals[1]), 2))


def test_slider_drag_is_live_and_one_undo_step(qtbot, window):
    row = window.weights.rows["security"]
    row.slider.sliderPressed.emit()
    row.slider.setSliderDown(True)  # what a press on the handle does
    leaders = set()
    for value in range(11, 41):
        row.slider.setSliderPosition(value * 10)  # the slider holds tenths
        leaders.add(rank_of(window, "linkerd"))  # each step updates the ranking at once
        assert window.weights.rows["security"].share.text() == share_text(
            value, sum(window.document.workbook.weights_by_id().values())
        )
    row.slider.setSliderDown(False)
    assert len(leaders) > 1
    assert window.document.workbook.weight("security") == 40.0
    assert window.document.undo_stack.count() == 1
    assert row.spin.value() == 40.0
    window.document.undo_stack.undo()
    assert window.document.workbook.weight("security") == 10.0
    assert row.slider.value() == 100
    # a second drag is a second step
    for value in (200, 300):
        row.slider.setSliderDown(True)
        row.slider.setSliderPosition(value)
        row.slider.setSliderDown(False)
    assert window.document.undo_stack.count() == 2


def test_the_dock_gives_the_slider_room(window):
    """In the window as it opens: at least 2 px per unit of weight (the old slider had 0.7)."""
    panel = window.weights
    assert window.weights_dock.width() >= panel.minimumSizeHint().width()
    for row in panel.rows.values():
        assert 1 / row.slider.units_per_pixel() >= 2.0
        assert row.slider.width() >= panel.scroll_area.viewport().width() - 2


def test_normalize_to_100(window):
    window.weights.rows["core"].spin.setValue(75.0)
    shares = {cid: row.share.text() for cid, row in window.weights.rows.items()}
    assert window.weights.normalize_button.isEnabled()
    window.weights.normalize_button.click()
    weights = window.document.workbook.weights_by_id()
    assert sum(weights.values()) == pytest.approx(100.0)
    assert weights["core"] == pytest.approx(75 / 150 * 100)
    assert window.weights.sum_label.text() == "Sum: 100 — shares equal the weights."
    assert not window.weights.normalize_button.isEnabled()
    # normalizing changes the weights, not what they count for
    assert {cid: row.share.text() for cid, row in window.weights.rows.items()} == shares
    assert window.weights.rows["core"].spin.text() == weight_text(75 / 150 * 100) == "50"
    assert window.document.undo_stack.count() == 2
    window.document.undo_stack.undo()
    assert window.document.workbook.weight("core") == 75.0


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
    assert window.weights.rows["security"].spin.text() == "30"
    total = sum(window.document.workbook.weights_by_id().values())
    assert window.weights.rows["security"].share.text() == share_text(30.0, total)
    assert window.document.undo_stack.undoText() == "Preset: Security first"
    # the menu in the panel applies the same preset as one step
    box = window.weights.preset_box
    box.activated.emit(box.findData("simplicity-first"))
    assert window.document.workbook.weight("ease") == 35.0
    assert window.document.undo_stack.undoText() == "Preset: Simplicity first"
    assert box.currentIndex() == 0  # back to "Apply a preset…"
    window.document.undo_stack.undo()
    assert window.weights.apply_preset("equal")
    assert len(set(window.document.workbook.weights.tolist())) == 1
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert window.document.workbook.weight("security") == 10.0


def test_zero_sum_is_reported(window):
    for row in window.weights.rows.values():
        row.spin.setValue(0.0)
    assert window.weights.sum_label.text() == "Sum: 0 — give at least one criterion a weight."
    assert "add up to 0" in window.statusBar().currentMessage()
    assert window.model.index(0, window.model.col_total).data() == "—"


def test_header_shows_share_of_weight(window):
    window.weights.rows["core"].spin.setValue(50.0)
    share = 50 / 125 * 100
    tip = window.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"weight {fixed(50, 1)} ({fixed(share, 1)}% of the total)" in tip


def test_panel_follows_criteria_changes(window):
    from meshdesk.core.commands import AddCriterion, RemoveCriterion
    from meshdesk.core.workbook import Criterion

    window.document.push(AddCriterion(Criterion("gitops", "GitOps"), 5.0))
    assert "gitops" in window.weights.rows
    assert window.weights.rows["gitops"].spin.value() == 5.0
    window.document.push(RemoveCriterion("gitops"))
    assert "gitops" not in window.weights.rows


def test_each_slider_shows_where_the_leader_stays_first(qtbot, window):
    """The stability range on each weight's slider (Ease of use: Istio first up to 26.7)
    follows the weights and the scores."""
    from meshdesk.core.commands import SetScores

    rows = window.weights.rows
    assert rows["ease"].slider.band == (0.0, pytest.approx(26 + 2 / 3))
    assert rows["core"].slider.band == (pytest.approx(7.5), None)
    assert "Green band: Istio stays first from 7.5 upwards" in rows["core"].slider.toolTip()
    window.document.push(SetWeights((("ease", 30.0),)))  # past the band: Linkerd leads
    assert "Green band: Linkerd stays first" in rows["ease"].slider.toolTip()
    low, high = rows["ease"].slider.band
    assert low == pytest.approx(26 + 2 / 3) and high is None
    window.document.push(SetScores((("linkerd", "ease", 0.0),)))
    assert "Green band: Istio" in rows["ease"].slider.toolTip()
