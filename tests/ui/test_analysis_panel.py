"""The Analysis panel: the sentence and charts follow the weights at once, the Monte Carlo runs
off the GUI thread, is restarted when the inputs change, and only its last run is shown."""

from __future__ import annotations

import pytest

from meshdesk.core.commands import SetWeights
from meshdesk.io.evidence import load_evidence


@pytest.fixture
def panel(qtbot, workbook):  # type: ignore[no-untyped-def]
    from meshdesk.ui.analysis_panel import AnalysisPanel

    widget = AnalysisPanel(lambda: workbook, load_evidence())
    widget.settings = type(widget.settings)(samples=2_000)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close_tasks()


def bars(plot) -> int:  # type: ignore[no-untyped-def]
    """The bars of a chart, once its tab is shown (charts off view are drawn when shown)."""
    import pyqtgraph as pg

    panel = plot.parentWidget()
    while panel is not None and not hasattr(panel, "tabs"):
        panel = panel.parentWidget()
    if panel is not None:
        panel.tabs.setCurrentWidget(plot)
    return sum(isinstance(item, pg.BarGraphItem) for item in plot.getPlotItem().items)


def test_the_sentence_and_charts_are_there_at_once(panel) -> None:  # type: ignore[no-untyped-def]
    text = panel.sentence.text()
    assert text.startswith(
        "<b>Istio</b> stays first unless the weight of Ease of use rises above 26.7"
    )
    assert bars(panel.plots["contributions"]) == 7  # one stacked segment per criterion
    assert bars(panel.plots["duel"]) == 7
    assert bars(panel.plots["tornado"]) == 7
    assert bars(panel.plots["acceptability"]) == 0  # not yet: the Monte Carlo runs later


def test_a_change_redraws_only_the_chart_on_view(panel) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph as pg

    def drawn(key: str) -> int:
        items = panel.plots[key].getPlotItem().items
        return sum(isinstance(item, pg.BarGraphItem) for item in items)

    panel.tabs.setCurrentIndex(0)
    panel.changed()
    assert drawn("contributions") == 7
    assert panel._stale == {"duel", "tornado"}  # the last acceptability chart stays up
    panel.tabs.setCurrentIndex(2)  # the tornado is drawn when it is shown
    assert drawn("tornado") == 7 and "tornado" not in panel._stale


def test_monte_carlo_fills_the_acceptability_and_the_sentence(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.acceptability is not None, timeout=10_000)
    assert "of 2,000 variations of the weights and scores." in panel.sentence.text()
    assert bars(panel.plots["acceptability"]) == 7  # one segment per rank
    assert panel.progress.value() == 100


def test_a_weight_change_redoes_the_analysis_and_restarts_the_run(qtbot, panel, workbook) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.acceptability is not None, timeout=10_000)
    SetWeights((("ease", 60.0),)).apply(workbook)  # Linkerd takes the lead
    panel.changed()
    assert panel.acceptability is None  # the old run's result is gone at once
    assert panel.sentence.text().startswith("<b>Linkerd</b> stays first")
    qtbot.waitUntil(lambda: panel.acceptability is not None, timeout=10_000)
    linkerd = panel.analysis.candidates.ids.index("linkerd")
    assert panel.acceptability.first[linkerd] > 0.5


def test_nothing_choosable_says_so(qtbot, panel, workbook) -> None:  # type: ignore[no-untyped-def]
    SetWeights(tuple((c.id, 0.0) for c in workbook.criteria)).apply(workbook)
    panel.changed()
    assert "add up to 0" in panel.sentence.text()
    assert bars(panel.plots["contributions"]) == 0


def test_the_window_loads_the_panel_only_when_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """View > Analysis Panel (F7): hidden and empty at start, filled when first shown; it then
    follows the weights through the document."""
    assert window.analysis_panel is None and not window.analysis_dock.isVisible()
    view = next(m.menu() for m in window.menuBar().actions() if m.text() == "&View")
    assert window.act_analysis in view.actions()
    assert window.act_analysis.shortcut().toString() == "F7"
    window.act_analysis.trigger()
    qtbot.waitUntil(lambda: window.analysis_panel is not None, timeout=5_000)
    panel = window.analysis_panel
    panel.settings = type(panel.settings)(samples=500)
    assert panel.sentence.text().startswith("<b>Istio</b> stays first")
    window.document.push(SetWeights((("ease", 60.0),)))
    assert panel.sentence.text().startswith("<b>Linkerd</b> stays first")
    window.act_analysis.trigger()  # hidden: changes wait until it is shown again
    window.document.push(SetWeights((("ease", 15.0),)))
    assert panel.sentence.text().startswith("<b>Linkerd</b>")
    window.act_analysis.trigger()
    qtbot.waitUntil(lambda: panel.sentence.text().startswith("<b>Istio</b>"), timeout=5_000)


def test_a_very_big_workbook_is_analysed_once_a_drag_pauses(qtbot) -> None:  # type: ignore[no-untyped-def]
    from meshdesk.ui.analysis_panel import IMMEDIATE_CELLS, AnalysisPanel
    from tests.benchmarks.stress import make_stress_workbook

    big = make_stress_workbook(tools=160, criteria=140)
    assert len(big.tools) * len(big.criteria) > IMMEDIATE_CELLS
    panel = AnalysisPanel(lambda: big, load_evidence())
    panel.settings = type(panel.settings)(samples=200)
    qtbot.addWidget(panel)
    first = panel.analysis
    SetWeights(((big.criteria[0].id, 0.0),)).apply(big)
    panel.changed()
    assert panel.analysis is first  # not on the drag's path
    qtbot.waitUntil(lambda: panel.analysis is not first, timeout=5_000)
    assert panel.analysis.candidates.weights[0] == 0.0
    panel.close_tasks()


def test_with_stored_answers_the_panel_and_bands_analyse_the_shortlist(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """After Apply of the enterprise answers the first pick is Tetrate, not Istio (which the
    FIPS requirement rules out): the panel and the bands speak of the shortlist's leader."""
    from meshdesk.core.recommendation import apply_answers
    from tests.expected import ENTERPRISE_ANSWERS

    questionnaire = window.questionnaire()
    window.document.push(apply_answers(window.document.workbook, questionnaire, ENTERPRISE_ANSWERS))
    first = window.current_recommendation().shortlist[0]
    qtbot.waitUntil(lambda: window.choosable is not None, timeout=5_000)
    window.act_analysis.trigger()
    qtbot.waitUntil(lambda: window.analysis_panel is not None, timeout=5_000)
    panel = window.analysis_panel
    assert panel.sentence.text().startswith(f"<b>{first.name}</b> stays first")
    assert set(panel.analysis.candidates.ids) == set(window.choosable)
    assert "istio" in panel.analysis.candidates.left_out
    assert f"Green band: {first.name} stays first" in window.weights.rows["core"].slider.toolTip()


def test_one_uncertainty_for_every_score_overrides_the_evidence(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.score_override is None  # at first: each score's evidence grade
    assert panel.uncertainty.text() == "each score's evidence"
    panel.settings = type(panel.settings)(samples=500, weight_spread=0.0)
    panel.uncertainty.setValue(0.0)  # the scores as they are, the weights as they are
    assert panel.score_override == 0.0 and panel.acceptability is None
    qtbot.waitUntil(lambda: panel.acceptability is not None, timeout=10_000)
    istio = panel.analysis.candidates.ids.index("istio")
    assert panel.acceptability.first[istio] == 1.0
