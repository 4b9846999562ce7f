"""The weights panel on its own, at the width of a narrow dock: slider precision, keyboard,
wheel and typed input, the share each weight counts for, and undo steps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider

from meshdesk.core.commands import SetWeights
from meshdesk.core.numbers import fixed
from meshdesk.ui.weights_controls import weight_text

DOCK_WIDTH = 300  # the narrowest dock the window is expected to give the panel
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def problems():
    return []


@pytest.fixture
def panel(qtbot, workbook, problems):
    from meshdesk.io.presets import load_presets
    from meshdesk.ui.document import Document
    from meshdesk.ui.weights_panel import WeightsPanel

    document = Document(workbook)
    document.problem.connect(problems.append)
    widget = WeightsPanel(document, load_presets(criterion_ids=workbook.criterion_ids))
    qtbot.addWidget(widget)
    widget.resize(DOCK_WIDTH, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def weight(panel, cid: str) -> float:
    return panel.document.workbook.weight(cid)


def steps(panel) -> int:
    return panel.document.undo_stack.count()


def handle_centre(slider) -> QPointF:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    rect = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    return QPointF(rect.center())


def mouse(slider, kind, pos: QPointF, modifiers=NONE, buttons=Qt.MouseButton.LeftButton):
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    global_pos = QPointF(slider.mapToGlobal(pos.toPoint()))
    event = QMouseEvent(kind, pos, global_pos, button, buttons, modifiers)
    QApplication.sendEvent(slider, event)


def drag(slider, dx: float, modifiers=NONE, moves: int = 6) -> None:
    """Press the handle, move `dx` pixels sideways in `moves` moves, release."""
    start = handle_centre(slider)
    mouse(slider, QEvent.Type.MouseButtonPress, start, modifiers)
    for i in range(1, moves + 1):
        mouse(slider, QEvent.Type.MouseMove, start + QPointF(dx * i / moves, 0), modifiers)
    end = start + QPointF(dx, 0)
    mouse(slider, QEvent.Type.MouseButtonRelease, end, modifiers, Qt.MouseButton.NoButton)


def wheel(widget, notches: float, modifiers=NONE) -> None:
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        pos,
        QPointF(widget.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, round(120 * notches)),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def share_of(panel, cid: str) -> str:
    """The share as computed from the workbook's weights (never a hard-coded total)."""
    weights = panel.document.workbook.weights_by_id()
    return f"→ {fixed(weights[cid] * 100 / sum(weights.values()), 1)}%"


# --- room and precision ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [260, DOCK_WIDTH])
def test_slider_has_the_full_width_and_two_pixels_per_unit(qtbot, panel, width):
    panel.resize(width, 700)
    qtbot.wait(1)
    row = panel.rows["security"]
    viewport = panel.scroll_area.viewport().width()
    assert row.slider.width() >= viewport - 2  # a line of its own, the full width
    # the old slider had about 70 px for 0-100 (0.7 px per unit): now at least 2 px per unit
    assert 1 / row.slider.units_per_pixel() >= 2.0
    option = QStyleOptionSlider()
    row.slider.initStyleOption(option)
    groove = row.slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, row.slider
    )
    assert groove.width() >= 200


def test_a_60_px_drag_cannot_overshoot(panel):
    """The report: a 60 px drag took a weight from 20 to 100 and the sum to 179.9 %."""
    panel.document.push(SetWeights((("security", 20.0),)))
    panel.document.undo_stack.clear()
    row = panel.rows["security"]
    drag(row.slider, 60)
    moved = weight(panel, "security") - 20.0
    assert 60 * row.slider.units_per_pixel() == pytest.approx(moved, abs=0.5)
    assert 20 <= moved <= 30  # 60 px is a quarter of the scale, not all of it
    assert moved == int(moved)  # a plain drag lands on whole units
    assert steps(panel) == 1  # the whole drag is one undo step
    panel.document.undo_stack.undo()
    assert weight(panel, "security") == 20.0
    assert row.slider.value() == 200


def test_shift_drag_is_ten_times_finer(panel):
    panel.document.push(SetWeights((("security", 20.0),)))
    row = panel.rows["security"]
    drag(row.slider, 60, SHIFT)
    moved = weight(panel, "security") - 20.0
    assert moved == pytest.approx(60 * row.slider.units_per_pixel() / 10, abs=0.1)
    assert 1.0 <= moved <= 3.0
    assert round(moved * 10) == pytest.approx(moved * 10)  # tenths


# --- keyboard ---------------------------------------------------------------------------------


def test_slider_keys_step_1_and_shift_steps_0_1(qtbot, panel):
    row = panel.rows["security"]
    row.slider.setFocus()
    before = steps(panel)
    qtbot.keyClick(row.slider, Qt.Key.Key_Right)
    assert weight(panel, "security") == 11.0
    qtbot.keyClick(row.slider, Qt.Key.Key_Right, SHIFT)
    assert weight(panel, "security") == pytest.approx(11.1)
    qtbot.keyClick(row.slider, Qt.Key.Key_Left, SHIFT)
    qtbot.keyClick(row.slider, Qt.Key.Key_Left, SHIFT)
    assert weight(panel, "security") == pytest.approx(10.9)
    qtbot.keyClick(row.slider, Qt.Key.Key_PageUp)
    assert weight(panel, "security") == pytest.approx(20.9)
    assert row.spin.text() == "20.9"
    assert row.share.text() == share_of(panel, "security")
    # steps while the slider keeps focus are one undo step
    assert steps(panel) == before + 1
    panel.document.undo_stack.undo()
    assert weight(panel, "security") == 10.0


def test_spin_box_keys_step_0_1_and_page_keys_1(qtbot, panel):
    row = panel.rows["security"]
    row.spin.setFocus()
    qtbot.keyClick(row.spin, Qt.Key.Key_Up)
    assert weight(panel, "security") == pytest.approx(10.1)
    qtbot.keyClick(row.spin, Qt.Key.Key_Up)
    qtbot.keyClick(row.spin, Qt.Key.Key_Up)
    assert weight(panel, "security") == pytest.approx(10.3)
    assert row.spin.text() == "10.3"
    qtbot.keyClick(row.spin, Qt.Key.Key_PageUp)
    assert weight(panel, "security") == pytest.approx(11.3)
    qtbot.keyClick(row.spin, Qt.Key.Key_Down)
    assert weight(panel, "security") == pytest.approx(11.2)
    assert row.slider.value() == 112


def test_steps_start_from_the_weight_as_shown(qtbot, panel):
    panel.document.push(SetWeights((("security", 100 / 6),)))
    row = panel.rows["security"]
    assert row.spin.text() == "16.7"
    qtbot.keyClick(row.spin, Qt.Key.Key_Up)
    assert weight(panel, "security") == pytest.approx(16.8)


def test_a_new_run_of_steps_after_focus_leaves(qtbot, panel):
    row, other = panel.rows["security"], panel.rows["core"]
    before = steps(panel)
    row.slider.setFocus()
    qtbot.keyClick(row.slider, Qt.Key.Key_Right)
    qtbot.keyClick(row.slider, Qt.Key.Key_Right)
    assert steps(panel) == before + 1
    other.slider.setFocus()  # focus leaves without changing anything
    row.slider.setFocus()
    qtbot.keyClick(row.slider, Qt.Key.Key_Right)
    assert steps(panel) == before + 2
    panel.document.undo_stack.undo()
    assert weight(panel, "security") == 12.0
    panel.document.undo_stack.undo()
    assert weight(panel, "security") == 10.0


# --- the wheel -------------------------------------------------------------------------------


def test_wheel_steps_a_focused_slider_by_1_and_shift_by_0_1(panel):
    row = panel.rows["security"]
    row.slider.setFocus()
    wheel(row.slider, 1)
    assert weight(panel, "security") == 11.0
    wheel(row.slider, -3)
    assert weight(panel, "security") == 8.0
    wheel(row.slider, 1, SHIFT)
    assert weight(panel, "security") == pytest.approx(8.1)
    # a high-resolution wheel: half a notch waits for the other half
    wheel(row.slider, 0.5)
    assert weight(panel, "security") == pytest.approx(8.1)
    wheel(row.slider, 0.5)
    assert weight(panel, "security") == pytest.approx(9.1)


def test_wheel_steps_a_focused_spin_box_by_0_1(panel):
    row = panel.rows["security"]
    row.spin.setFocus()
    wheel(row.spin, 2)
    assert weight(panel, "security") == pytest.approx(10.2)
    assert row.spin.text() == "10.2"
    wheel(row.spin, 1, Qt.KeyboardModifier.ControlModifier)
    assert weight(panel, "security") == pytest.approx(11.2)


def test_wheel_over_an_unfocused_control_changes_no_weight(panel):
    panel.rows["core"].spin.setFocus()
    before = panel.document.workbook.weights_by_id()
    for row in panel.rows.values():
        if row is not panel.rows["core"]:
            wheel(row.slider, 3)
            wheel(row.spin, 3)
    assert panel.document.workbook.weights_by_id() == before
    assert steps(panel) == 0


# --- typing ------------------------------------------------------------------------------------


def type_into(qtbot, spin, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def test_each_typed_value_is_one_undo_step(qtbot, panel):
    row = panel.rows["security"]
    type_into(qtbot, row.spin, "17.5")
    assert weight(panel, "security") == 17.5
    type_into(qtbot, row.spin, "20")
    assert weight(panel, "security") == 20.0
    assert row.spin.text() == "20"
    assert steps(panel) == 2
    panel.document.undo_stack.undo()
    assert weight(panel, "security") == 17.5
    assert row.spin.text() == "17.5"


def test_enter_on_a_rounded_weight_keeps_it(qtbot, panel):
    panel.document.push(SetWeights((("security", 100 / 6),)))
    before = steps(panel)
    row = panel.rows["security"]
    row.spin.setFocus()
    qtbot.keyClick(row.spin, Qt.Key.Key_Return)  # "16.7" shown, nothing typed
    assert weight(panel, "security") == 100 / 6
    assert steps(panel) == before


def test_a_typed_comma_is_a_decimal_separator(qtbot, panel):
    type_into(qtbot, panel.rows["security"].spin, "12,5")
    assert weight(panel, "security") == 12.5


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("150", "150 is more than 100"), ("12.34", "12.34 has more than one decimal")],
)
def test_a_weight_that_cannot_be_typed_is_refused_with_one_message(
    qtbot, panel, problems, typed, reason
):
    row = panel.rows["security"]
    type_into(qtbot, row.spin, typed)
    assert weight(panel, "security") == 10.0
    assert row.spin.text() == "10"
    assert problems == [f"Weight of Security & compliance: {reason}; the weight stays 10."]
    assert steps(panel) == 0


def test_letters_and_signs_cannot_be_typed(qtbot, panel, problems):
    row = panel.rows["security"]
    type_into(qtbot, row.spin, "-2e1x")
    assert weight(panel, "security") == 21.0  # only the digits 2 and 1 got in
    assert problems == []


# --- what counts ------------------------------------------------------------------------------


def test_share_labels_follow_every_edit(qtbot, panel):
    for row in panel.rows.values():
        assert row.share.text() == share_of(panel, row.criterion_id)
    type_into(qtbot, panel.rows["security"].spin, "20")
    total = sum(panel.document.workbook.weights_by_id().values())
    assert total != 100  # the weights no longer add up to 100: the share is not the weight
    assert panel.rows["security"].share.text() == f"→ {fixed(20 * 100 / total, 1)}%"
    for row in panel.rows.values():  # every other share moved too
        assert row.share.text() == share_of(panel, row.criterion_id)
    assert panel.rows["security"].share.accessibleName() == (
        f"Share of Security & compliance in the total: {fixed(20 * 100 / total, 1)}%"
    )
    assert panel.sum_label.text() == (
        f"Sum: {weight_text(total)} — shares are weight ÷ {weight_text(total)}."
    )
    assert panel.normalize_button.isEnabled()


def test_shares_and_weights_use_the_one_rounding_rule(panel):
    """A share of 12.25 % shows as 12.3 and a weight of 0.15 as 0.2 (half away from zero),
    where Python's own formatting (half to even on the binary value) shows 12.2 and 0.1."""
    others = [cid for cid in panel.document.workbook.criterion_ids if cid != "security"]
    weights = {"security": 49.0, others[0]: 51.0} | dict.fromkeys(others[1:], 60.0)
    panel.document.push(SetWeights.from_mapping(weights))
    total = sum(weights.values())
    share = 49.0 * 100 / total
    assert f"{share:.1f}" != fixed(share, 1)  # a half: the rule decides
    assert panel.rows["security"].share.text() == f"→ {fixed(share, 1)}%"
    panel.document.push(SetWeights((("core", 0.15),)))
    assert panel.rows["core"].spin.text() == fixed(0.15, 1) != f"{0.15:.1f}"


def test_zero_sum_shows_no_share(panel):
    panel.document.push(
        SetWeights.from_mapping(dict.fromkeys(panel.document.workbook.criterion_ids, 0.0))
    )
    assert {row.share.text() for row in panel.rows.values()} == {"→ —"}
    assert panel.sum_label.text() == "Sum: 0 — give at least one criterion a weight."
    assert not panel.normalize_button.isEnabled()


# --- a narrow dock ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [260, DOCK_WIDTH, 360])
def test_rows_fit_a_narrow_dock(qtbot, panel, width):
    panel.resize(width, 700)
    qtbot.wait(1)
    QApplication.processEvents()
    viewport = panel.scroll_area.viewport()
    assert not panel.scroll_area.horizontalScrollBar().isVisible()
    for row in panel.rows.values():
        for widget in (row.label, row.spin, row.share, row.slider):
            right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
            assert right <= viewport.width(), (width, widget.accessibleName())
        assert len(row.label.shown_text().rstrip("…")) >= 3  # never down to nothing
        assert row.share.width() >= row.share.fontMetrics().horizontalAdvance("→ 100.0%")


def test_the_panel_cannot_be_squeezed_below_what_a_row_needs(qtbot, panel):
    minimum = panel.minimumSizeHint().width()
    assert minimum <= 260  # fits the narrowest dock planned, with room
    panel.resize(minimum - 50, 700)  # a layout never makes a widget smaller than its minimum
    qtbot.wait(1)
    viewport = panel.scroll_area.viewport()
    for row in panel.rows.values():
        for widget in (row.label, row.spin, row.share, row.slider):
            right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
            assert right <= viewport.width(), widget.accessibleName()  # nothing cut off
        assert len(row.label.shown_text().rstrip("…")) >= 3
        assert row.label.width() >= row.label.minimumSizeHint().width()
    assert panel.sum_label.width() >= panel.sum_label.minimumWidth() > 0


def test_a_long_name_is_elided_and_whole_in_its_tooltip(qtbot, panel):
    panel.resize(260, 700)
    qtbot.wait(1)
    label = panel.rows["integrations"].label
    assert label.shown_text().endswith("…")
    assert label.shown_text() != label.text() == "Integrations & ecosystem"
    assert label.toolTip().startswith("Integrations & ecosystem")
    panel.resize(420, 700)
    qtbot.wait(1)
    assert label.shown_text() == "Integrations & ecosystem"


def test_every_control_is_named_after_its_criterion(panel):
    for criterion in panel.document.workbook.criteria:
        row = panel.rows[criterion.id]
        assert row.spin.accessibleName() == f"Weight of {criterion.name}"
        assert row.slider.accessibleName() == f"Weight of {criterion.name} (slider)"
        # what a screen reader gets: the criterion and the share (a label with a name of
        # its own would hide its text)
        share = QAccessible.queryAccessibleInterface(row.share).text(QAccessible.Text.Name)
        assert share == f"Share of {criterion.name} in the total: {row.share.text()[2:]}"
        assert row.label.text() == criterion.name
        assert row.label.buddy() is row.spin
        assert row.slider.accessibleDescription()
    assert panel.preset_box.accessibleName()
    total = QAccessible.queryAccessibleInterface(panel.sum_label).text(QAccessible.Text.Name)
    assert total == panel.sum_label.text() == "Sum: 100 — shares equal the weights."
