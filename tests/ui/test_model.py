from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt

from meshdesk.core.commands import SetNote, SetScores, SetWeights
from meshdesk.core.workbook import CellNote
from meshdesk.ui.document import Document
from meshdesk.ui.model import (
    CriterionNameRole,
    DiscrepancyRole,
    HasNoteRole,
    ScoreTableModel,
    SortRole,
    ToolFilterProxy,
    ToolIdRole,
    WeightShareRole,
)


@pytest.fixture
def model(qtbot, workbook):
    return ScoreTableModel(Document(workbook))


def test_models_pass_qt_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)
    proxy = ToolFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(model.col_total, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


def test_layout_and_display(model):
    assert model.rowCount() == 10
    assert model.columnCount() == 7 + 4
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Tool"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Core features\n25%"
    assert model.headerData(3, Qt.Orientation.Horizontal, CriterionNameRole) == (
        "Integrations & ecosystem"
    )
    assert model.headerData(3, Qt.Orientation.Horizontal, WeightShareRole) == "15%"
    assert "weight 25.0 (25.0% of the total)" in model.headerData(
        1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert model.headerData(model.col_total, Qt.Orientation.Horizontal) == "Weighted\ntotal"
    istio = model.index(0, 1)
    assert istio.data() == "10.0"
    assert istio.data(Qt.ItemDataRole.EditRole) == 10.0
    assert istio.data(SortRole) == 10.0
    assert istio.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(0, model.col_total).data() == "8.85"
    assert model.index(0, model.col_rank).data() == "1"
    assert model.index(4, model.col_lifecycle).data() == "End of support"
    tip = model.index(4, model.col_lifecycle).data(Qt.ItemDataRole.ToolTipRole)
    assert "2026-09-30" in tip and "VPC Lattice" in tip
    assert model.index(0, 0).data(ToolIdRole) == "istio"


def test_published_total_marker(model):
    linkerd_total = model.index(1, model.col_total)
    assert linkerd_total.data(DiscrepancyRole) is True
    tip = linkerd_total.data(Qt.ItemDataRole.ToolTipRole)
    assert "Published total 8.55" in tip and "8.50" in tip
    assert model.index(2, model.col_total).data(DiscrepancyRole) is False  # Consul 8.35 = 8.35


def test_flags(model):
    editable = Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, 0)) & editable
    assert model.flags(model.index(0, 3)) & editable
    for column in (model.col_total, model.col_rank, model.col_lifecycle):
        assert not model.flags(model.index(0, column)) & editable


def test_set_data_goes_through_undo(model):
    doc = model.document
    assert model.setData(model.index(0, 2), 7.5)
    assert doc.workbook.score("istio", "ease") == 7.5
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.workbook.score("istio", "ease") == 6.0
    assert not model.setData(model.index(0, 2), 12.0)
    assert doc.workbook.score("istio", "ease") == 6.0
    assert not model.setData(model.index(0, model.col_total), 5.0)
    assert model.setData(model.index(0, 2), None)  # clear
    assert math.isnan(doc.workbook.score("istio", "ease"))
    assert model.index(0, 2).data() == ""
    assert model.index(0, model.col_rank).data() == "—"
    assert model.index(0, model.col_total).data().startswith("(")


def test_refused_edit_reports_a_sentence(model, qtbot):
    with qtbot.waitSignal(model.document.problem) as blocker:
        model.setData(model.index(0, 2), 11.0)
    assert "outside the score range 0 to 10" in blocker.args[0]
    with qtbot.waitSignal(model.document.problem) as blocker:
        model.setData(model.index(0, 0), "  ")
    assert "cannot be empty" in blocker.args[0]


def test_weight_change_updates_only_total_and_rank(model, qtbot):
    changes = []
    model.dataChanged.connect(
        lambda tl, br, roles: changes.append((tl.column(), br.column(), tl.row(), br.row()))
    )
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.document.push(SetWeights((("ease", 60.0),)))
    assert changes == [(model.col_total, model.col_rank, 0, 9)]
    assert not resets
    assert model.index(1, model.col_rank).data() == "1"  # Linkerd leads when ease dominates


def test_score_edit_updates_cell_and_ranking(model):
    changes = []
    model.dataChanged.connect(
        lambda tl, br, roles: changes.append((tl.row(), tl.column(), br.row(), br.column()))
    )
    model.document.push(SetScores((("kuma", "security", 9.5),)))
    assert (3, 4, 3, 4) in changes
    assert (0, model.col_total, 9, model.col_rank) in changes


def test_note_marker_and_tooltip(model):
    model.document.push(
        SetNote(
            "istio", "ease", CellNote("Ambient <b>mode</b> helps", "https://istio.io", "2026-11-01")
        )
    )
    cell = model.index(0, 2)
    assert cell.data(HasNoteRole)
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "Ambient &lt;b&gt;mode&lt;/b&gt; helps" in tip  # user text is escaped, never markup
    assert "https://istio.io" in tip and "2026-11-01" in tip


def test_heat_map_tints_scores(model):
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    model.set_heat_map(True)
    green = model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole).color()
    low = model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole).color()
    assert green.green() > green.red()
    assert low.red() > green.red()


def test_zero_weights_show_dash_and_reason(model):
    model.document.push(SetWeights(tuple((c, 0.0) for c in model.workbook.criterion_ids)))
    assert model.index(0, model.col_total).data() == "—"
    assert "add up to 0" in model.index(0, model.col_total).data(Qt.ItemDataRole.ToolTipRole)


def test_proxy_sorts_by_raw_numbers_and_filters(model):
    proxy = ToolFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(model.col_total, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data() == "Istio"
    assert proxy.index(9, 0).data() == "Traefik Mesh"
    proxy.set_name_filter("MESH")
    names = {proxy.index(r, 0).data() for r in range(proxy.rowCount())}
    assert names == {
        "AWS App Mesh",
        "Open Service Mesh",
        "Cilium service mesh",
        "Traefik Mesh",
        "Consul service mesh",
        "Gloo Mesh (Solo Enterprise for Istio)",
    }
    proxy.set_name_filter("")
    proxy.set_hide_inactive(True)
    assert proxy.rowCount() == 7
    proxy.set_hide_inactive(False)
    proxy.set_lifecycle_filter(ToolFilterProxy.LIFECYCLE_INACTIVE)
    assert proxy.rowCount() == 3


def test_model_stays_consistent_through_every_kind_of_change(qtmodeltester, model):
    """The tester stays connected after check(): every insert, remove, move and reset below
    is verified against Qt's model contract as it happens."""
    from meshdesk.core.commands import (
        AddCriterion,
        AddTool,
        MoveCriterion,
        MoveTool,
        RemoveCriterion,
        RemoveTool,
        ReplaceContent,
    )
    from meshdesk.core.workbook import Criterion, Tool

    proxy = ToolFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(model.col_total, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)
    doc = model.document
    steps = [
        AddTool(Tool("x", "X"), 0, (("core", 5.0),)),
        MoveTool("x", 9),
        MoveTool("x", 2),
        RemoveTool("x"),
        AddCriterion(Criterion("g", "GitOps"), 5.0, 0),
        MoveCriterion("g", 6),
        MoveCriterion("g", 1),
        RemoveCriterion("g"),
        SetWeights((("ease", 80.0),)),
        SetScores((("kuma", "core", 1.0),)),
    ]
    for step in steps:
        assert doc.push(step)
    other = doc.workbook.copy()
    assert doc.push(ReplaceContent(other))
    assert doc.push(SetScores((("istio", "core", float("nan")),)))  # refused edits stay out
    assert not doc.push(SetScores((("istio", "core", 12.0),)))
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert model.rowCount() == 10 and model.columnCount() == 11
    assert proxy.index(0, 0).data() == "Istio"


def test_scores_and_totals_round_half_away_from_zero_as_the_exports_do(model):
    """9.25 once showed 9.2 in the grid and 9.3 in the workbook: one rule (core.numbers)."""
    doc = model.document
    doc.push(SetScores((("istio", "core", 9.25), ("istio", "ease", 6.55))))
    assert model.index(0, 1).data() == "9.3"
    assert model.index(0, 2).data() == "6.6"  # Python's "{:.1f}" gives 6.5
    assert "published score 10.0" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    # 8.85 - 0.25 * 0.75 + 0.15 * 0.55 = 8.745, shown 8.75 (half away from zero)
    assert math.isclose(float(doc.ranking.totals[0]), 8.745)
    assert model.index(0, model.col_total).data() == "8.75"


def test_equal_looking_totals_that_rank_apart_show_their_unrounded_totals(model):
    """Kuma 8.151 and AWS App Mesh 8.15 both show 8.15 but rank 5 and 6: say why."""
    doc = model.document
    doc.push(SetScores((("kuma", "core", 8.604),)))  # Kuma's total: 8.00 + 0.25 * 0.604
    kuma, aws = 3, 4
    total = model.index(kuma, model.col_total)
    assert total.data() == model.index(aws, model.col_total).data() == "8.15"
    ranks = (
        int(model.index(kuma, model.col_rank).data()),
        int(model.index(aws, model.col_rank).data()),
    )
    assert ranks[0] + 1 == ranks[1]
    tip = total.data(Qt.ItemDataRole.ToolTipRole)
    assert "Weighted total: 8.1510" in tip
    assert f"Kuma 8.1510 (rank {ranks[0]}), AWS App Mesh 8.1500 (rank {ranks[1]})" in tip
    rank_tip = model.index(aws, model.col_rank).data(Qt.ItemDataRole.ToolTipRole)
    assert "ranked apart" in rank_tip and "Kuma 8.1510" in rank_tip
    # a total that shows apart from every other says nothing of ties
    assert "ranked apart" not in model.index(0, model.col_total).data(Qt.ItemDataRole.ToolTipRole)


def test_totals_equal_to_more_places_get_the_places_that_tell_them_apart(model):
    doc = model.document
    doc.push(SetScores((("kuma", "core", 8.60001),)))  # 8.1500025 against 8.15
    tip = model.index(3, model.col_total).data(Qt.ItemDataRole.ToolTipRole)
    assert "Weighted total: 8.150003" in tip
    assert "Kuma 8.150003 (rank" in tip and "AWS App Mesh 8.150000 (rank" in tip


def test_roles_are_an_enum_on_the_model_class(model):
    """Vorta's pattern: a role is reached as a class attribute, through a proxy index too."""
    from meshdesk.ui.roles import Role

    assert ScoreTableModel.ToolIdRole is Role.TOOL_ID is ToolIdRole
    assert len({int(r) for r in Role}) == len(Role)  # no two roles share a number
    proxy = ToolFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.index(0, 1).data(ScoreTableModel.ToolIdRole) == model.workbook.tools[0].id
    assert proxy.sortRole() == Role.SORT
