"""The questionnaire wizard driven end to end, as a user would."""

from __future__ import annotations

from html import escape

import pytest
from PySide6.QtWidgets import QWizard

from meshdesk.io.questionnaire import default_questionnaire
from meshdesk.ui.wizard import QuestionnaireWizard, recommendation_html
from tests.helpers.said import worded

SMB_ANSWERS = {
    "organization": "smb",
    "services": "6-20",
    "architecture": "microservices",
    "kubernetes": "production",
    "priorities": ["simplicity"],
    "budget": "open_source",
}


def choose(wizard: QuestionnaireWizard, answers: dict) -> None:
    for page in wizard.pages:
        for box in page.boxes:
            wanted = answers.get(box.question.id)
            if wanted is None:
                continue
            for option in [wanted] if isinstance(wanted, str) else wanted:
                box.buttons[option].click()


def drive(qtbot, answers: dict):
    """A stand-in for exec(): click the answers page by page, end on the result page."""

    seen = {}

    def run(wizard):
        if not isinstance(wizard, QuestionnaireWizard):
            return False
        wizard.show()
        choose(wizard, answers)
        while wizard.currentPage() is not wizard.result_page:
            assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
            wizard.next()
        seen["text"] = wizard.result_page.view.toPlainText()
        seen["answers"] = wizard.answers()
        wizard.accept()
        return True

    return run, seen


def test_wizard_end_to_end_applies_as_one_undo_step(qtbot, window, monkeypatch):
    run, seen = drive(qtbot, SMB_ANSWERS)
    monkeypatch.setattr(window, "exec_dialog", run)
    before = window.document.workbook.copy()
    assert window.open_wizard()
    text = seen["text"]
    assert "SMB" in text and "Shortlist" in text
    assert "Traefik Mesh" in text and "dormant" in text.lower()
    wb = window.document.workbook
    assert wb.answers["organization"] == "smb"
    assert wb.answers["priorities"] == ("simplicity",)
    assert sum(wb.weights) == pytest.approx(100.0)
    assert wb.weight("ease") > 15  # simplicity moved ease up
    highlighted = window.model.highlighted
    assert highlighted & {"linkerd", "kuma"}
    assert "traefik-mesh" not in highlighted
    assert window.document.undo_stack.count() == 1
    assert window.document.undo_stack.undoText() == "Apply questionnaire"
    window.document.undo_stack.undo()
    assert wb.equals(before)
    assert window.model.highlighted == frozenset()
    window.document.undo_stack.redo()
    assert window.model.highlighted == highlighted


def test_wizard_prefills_from_stored_answers(qtbot, window):
    from meshdesk.core.commands import SetAnswers

    window.document.push(
        SetAnswers({"organization": "enterprise", "priorities": ("security", "performance")})
    )
    wizard = QuestionnaireWizard(
        default_questionnaire(), window.document.workbook, dict(window.document.workbook.answers)
    )
    qtbot.addWidget(wizard)
    answers = wizard.answers()
    assert answers["organization"] == "enterprise"
    assert set(answers["priorities"]) == {"security", "performance"}


def test_page_refuses_too_many_priorities(qtbot, window):
    wizard = QuestionnaireWizard(default_questionnaire(), window.document.workbook, {})
    qtbot.addWidget(wizard)
    wizard.show()
    page = next(p for p in wizard.pages if any(b.question.id == "priorities" for b in p.boxes))
    box = next(b for b in page.boxes if b.question.id == "priorities")
    for option in ("security", "simplicity", "performance"):
        box.buttons[option].click()
    assert page.isComplete()
    box.buttons["cost"].click()
    assert not page.isComplete()
    assert "at most 3" in page.problem.text()
    box.buttons["cost"].click()
    assert page.isComplete() and page.problem.text() == ""


def test_no_mesh_answer_shows_the_alternative(qtbot, window, monkeypatch):
    answers = {
        "organization": "solo",
        "services": "1-5",
        "architecture": "monolith",
        "kubernetes": "learning",
    }
    run, seen = drive(qtbot, answers)
    monkeypatch.setattr(window, "exec_dialog", run)
    assert window.open_wizard()
    assert "No service mesh needed" in seen["text"]
    assert window.model.highlighted == frozenset()


def test_cancel_changes_nothing(qtbot, window, monkeypatch):
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: False)
    assert not window.open_wizard()
    assert window.document.undo_stack.count() == 0


def test_first_start_offers_the_wizard_once(qtbot, window, monkeypatch):
    calls = []
    monkeypatch.setattr(window, "exec_dialog", lambda dialog: calls.append(dialog) or False)
    window.first_start()
    window.first_start()
    assert len(calls) == 1


def test_shortlist_highlight_survives_save_and_open(qtbot, window, monkeypatch, tmp_path):
    run, _ = drive(qtbot, SMB_ANSWERS)
    monkeypatch.setattr(window, "exec_dialog", run)
    window.open_wizard()
    highlighted = window.model.highlighted
    path = tmp_path / "smb.meshdesk"
    assert window.save_to(path)
    window.file_new()
    assert window.model.highlighted == frozenset()
    assert window.open_path(path)
    assert window.model.highlighted == highlighted


def test_the_shortlist_highlight_follows_later_edits(qtbot, window, monkeypatch):
    """A highlight computed at Apply stayed on after edits changed the order."""
    from meshdesk.core.commands import SetScores, SetWeights

    run, _seen = drive(qtbot, {"organization": "enterprise", "kubernetes": "multi_cluster"})
    monkeypatch.setattr(window, "exec_dialog", run)
    assert window.open_wizard()
    before = window.model.highlighted
    assert "kuma" not in before
    # Kuma becomes the best tool of all: the shortlist (and its highlight) must follow
    window.document.push(
        SetScores(tuple(("kuma", c, 10.0) for c in window.document.workbook.criterion_ids))
    )
    qtbot.waitUntil(lambda: "kuma" in window.model.highlighted, timeout=3000)
    window.document.push(SetWeights((("security", 90.0),)))
    qtbot.waitUntil(lambda: window.model.highlighted != before, timeout=3000)
    expected = {p.tool_id for p in window.current_recommendation().shortlist}
    assert window.model.highlighted == expected


def test_nothing_qualifies_says_so_and_names_the_relaxations(qtbot, window, monkeypatch):
    """A regulated buyer who wants open-source software only: FIPS builds come in paid editions."""
    answers = {
        "organization": "mid_market",
        "compliance": "regulated",
        "data_plane": "any",
        "budget": "open_source",
    }
    run, seen = drive(qtbot, answers)
    monkeypatch.setattr(window, "exec_dialog", run)
    assert window.open_wizard()
    text = seen["text"]
    assert "No platform meets every requirement." in text
    assert "With a budget that allows every edition, paid ones included:" in text
    assert "Without “FIPS-validated builds”:" in text
    assert "the edition that has it is one the budget rules out" in text
    assert window.model.highlighted == frozenset()


# --- where each page is, and how the result reads --------------------------------------------


def test_every_page_says_where_it_is_counted_from_the_groups(qtbot, window):
    questionnaire = default_questionnaire()
    wizard = QuestionnaireWizard(questionnaire, window.document.workbook, {})
    qtbot.addWidget(wizard)
    count = len(questionnaire.groups)
    for number, (page, group) in enumerate(zip(wizard.pages, questionnaire.groups, strict=True), 1):
        assert page.subTitle() == f"Page {number} of {count}. {group.text}"
    assert wizard.result_page.subTitle().startswith(f"The result of the {count} pages. Read it")


def test_a_questionnaire_of_two_pages_counts_two(qtbot):
    from tests.fixtures import load_mini

    dataset, questionnaire = load_mini()
    assert len(questionnaire.groups) == 2
    wizard = QuestionnaireWizard(questionnaire, dataset.new_workbook(), {})
    qtbot.addWidget(wizard)
    assert [p.subTitle().split(".")[0] for p in wizard.pages] == ["Page 1 of 2", "Page 2 of 2"]
    assert wizard.result_page.subTitle().startswith("The result of the 2 pages.")


def test_the_page_check_speaks_in_titles_and_labels(qtbot, window):
    wizard = QuestionnaireWizard(default_questionnaire(), window.document.workbook, {})
    qtbot.addWidget(wizard)
    page = next(p for p in wizard.pages if any(b.question.id == "priorities" for b in p.boxes))
    box = next(b for b in page.boxes if b.question.id == "priorities")
    for option in ("security", "simplicity", "performance", "traffic_control"):
        box.buttons[option].click()
    assert page.problem.text() == (
        "Priorities: choose at most 3 (you chose Security, Simplicity, Performance and Traffic "
        "control)."
    )


def _result(qtbot, window, answers):  # type: ignore[no-untyped-def]
    wizard = QuestionnaireWizard(default_questionnaire(), window.document.workbook, answers)
    qtbot.addWidget(wizard)
    wizard.show()
    while wizard.currentPage() is not wizard.result_page:
        wizard.next()
    rec = worded(wizard.recommendation, wizard.preview, wizard.questionnaire)
    return rec, wizard.result_page.view, wizard.report()


ENTERPRISE = {
    "organization": "enterprise",
    "services": "100+",
    "kubernetes": "multi_cluster",
    "compliance": "regulated",
    "platform_team": "dedicated",
    "budget": "premium",
}


def test_the_result_lists_each_exclusion_reason_as_its_own_item(qtbot, window):
    rec, view, report = _result(qtbot, window, ENTERPRISE)
    html = recommendation_html(report, window.document.workbook)
    several = next(e for e in rec.excluded if len(e.reasons) > 1)
    items = "".join(f"<li>{escape(r)}</li>" for r in several.reasons)
    assert f"<li><b>{escape(several.name)}</b><ul>{items}</ul></li>" in html
    # on screen each reason is a line of its own, never run into the next
    lines = view.toPlainText().splitlines()
    for reason in several.reasons:
        assert any(line.strip().endswith(reason) for line in lines), reason
    assert "; It fails" not in view.toPlainText() and ".; " not in view.toPlainText()


def test_the_result_says_a_shared_reason_once_and_why_the_first_pick_leads(qtbot, window):
    rec, view, _report = _result(qtbot, window, ENTERPRISE)
    text = view.toPlainText()
    assert rec.shared_reasons and len(rec.shortlist) >= 2
    shared_clause = rec.shared_reasons[0].split(" because ", 1)[1]
    assert text.count(shared_clause) == 1
    assert f"Why {rec.shortlist[0].name} leads" in text
    assert rec.comparison and rec.comparison in text


def test_the_result_escapes_what_a_user_typed(qtbot, window):
    from dataclasses import replace

    from meshdesk.core.commands import UpdateTool

    workbook = window.document.workbook
    UpdateTool(replace(workbook.tool("tetrate-service-bridge"), name="<i>Tetrate</i> & co")).apply(
        workbook
    )
    _rec, view, report = _result(qtbot, window, ENTERPRISE)
    html = recommendation_html(report, workbook)
    assert "<i>Tetrate</i>" not in html and "&lt;i&gt;Tetrate&lt;/i&gt; &amp; co" in html
    assert "Why <i>Tetrate</i> & co leads" in view.toPlainText()
