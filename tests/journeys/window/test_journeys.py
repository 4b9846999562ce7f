"""Journeys through the real window on a real X server: the questionnaire wizard, typing down a
sorted column, importing into an open project, and exports that agree with the grid. Every
dialog here is the real one (QWizard, QFileDialog, the memo dialog), answered by clicking."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget, QWizard

from meshdesk.ui.app import greet
from meshdesk.ui.memo_dialog import MemoDialog
from meshdesk.ui.wizard import QuestionnaireWizard
from tests.expected import ENTERPRISE_ANSWERS
from tests.helpers.dialogs import answer_next_dialog
from tests.helpers.libreoffice import LibreOffice
from tests.helpers.pdf import flat, pdftotext

ENTERPRISE = ENTERPRISE_ANSWERS


# --- hands on the window ------------------------------------------------------------------------


def keys(qtbot, window, *sequence: str | Qt.Key) -> None:
    """Press keys as a user does: each goes to the widget of the window that has the keyboard
    now (an editor the previous key opened, say)."""
    for key in sequence:
        target = QApplication.focusWidget() or window.focusWidget()
        assert target is not None, "no widget has the keyboard"
        if isinstance(key, str):
            QTest.keyClicks(target, key)
        else:
            QTest.keyClick(target, key)
        qtbot.wait(30)


def fill_wizard(answers: dict):
    """Click the answers page by page in the real wizard, then Apply."""

    def act(wizard: QWidget) -> None:
        assert isinstance(wizard, QuestionnaireWizard)
        for page in wizard.pages:
            for box in page.boxes:
                wanted = answers.get(box.question.id)
                for option in [wanted] if isinstance(wanted, str) else wanted or []:
                    box.buttons[option].click()
            next_button = wizard.button(QWizard.WizardButton.NextButton)
            assert next_button.isEnabled(), page.problem.text()
            next_button.click()
        assert wizard.currentPage() is wizard.result_page
        wizard.button(QWizard.WizardButton.FinishButton).click()

    return act


def choose_file(path: Path):
    """Type the full path into Qt's file dialog and press Enter, as a user can."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog), type(dialog)
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None, "the file dialog has no file name field"
        name.setFocus()
        name.selectAll()
        QTest.keyClicks(name, str(path))
        QTest.keyClick(name, Qt.Key.Key_Return)
        QApplication.processEvents()
        assert not dialog.isVisible(), f"the file dialog did not take {path}"

    return act


def grid_rows(window) -> list[tuple[str, str, str]]:
    """(name, total, rank) of every row as the grid displays them, top to bottom."""
    model, proxy = window.model, window.proxy
    return [
        (
            proxy.index(r, 0).data(),
            proxy.index(r, model.col_total).data(),
            proxy.index(r, model.col_rank).data(),
        )
        for r in range(proxy.rowCount())
    ]


def grid_leader(window) -> str:
    return next(name for name, _total, rank in grid_rows(window) if rank == "1")


def click_frozen_header(qtbot, window, column: int) -> None:
    header = window.grid._frozen.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.wait(50)


# --- journeys -----------------------------------------------------------------------------------


def test_first_start_questionnaire_through_the_real_wizard(qtbot, window):
    answered = answer_next_dialog(fill_wizard(ENTERPRISE), kind=QuestionnaireWizard)
    greet(window, opened_a_file=False)  # the first start offers the questionnaire
    assert answered.answered, answered.error
    wb = window.document.workbook
    assert wb.answers["organization"] == "enterprise"
    assert wb.weight("security") > 10  # the regulated answer moved it
    assert window.model.highlighted, "the shortlist is not highlighted"
    assert window.document.undo_stack.undoText() == "Apply questionnaire"
    assert window.settings.value("wizard/offered") in (True, "true")


def test_typing_down_a_sorted_column_with_the_keyboard(qtbot, window):
    click_frozen_header(qtbot, window, window.model.col_total)  # the first click: best first
    before = [name for name, _t, _r in grid_rows(window)]
    totals = [float(t) for _n, t, _r in grid_rows(window)]
    assert totals == sorted(totals, reverse=True)
    wb = window.document.workbook
    ease = window.model.criterion_column(wb.criterion_col("ease"))
    window.grid.setCurrentIndex(window.proxy.index(0, ease))
    window.grid.setFocus()
    for value in ("1", "2", "3", "4"):
        keys(qtbot, window, value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.grid.state() != window.grid.State.EditingState)
    typed = {name: wb.score(wb.tool_named(name).id, "ease") for name in before[:4]}
    assert typed == dict(zip(before[:4], (1.0, 2.0, 3.0, 4.0), strict=True))
    assert [name for name, _t, _r in grid_rows(window)] == before  # nobody moved


def test_import_merges_through_the_file_dialog(qtbot, window, tmp_path):
    table = tmp_path / "colleague.csv"
    table.write_text("Tool,Ease of use\nKuma,9.5\nNew Mesh,7\n", encoding="utf-8")
    before = window.document.workbook.copy()
    chosen = answer_next_dialog(choose_file(table), kind=QFileDialog)
    window.act_import.trigger()
    assert chosen.answered, chosen.error
    qtbot.waitUntil(lambda: "Imported colleague.csv" in window.statusBar().currentMessage())
    wb = window.document.workbook
    assert wb.tool_ids == [*before.tool_ids, "new-mesh"]
    assert wb.score("kuma", "ease") == 9.5
    assert wb.criterion_ids == before.criterion_ids
    window.act_undo.trigger()
    assert window.document.workbook.equals(before)


@pytest.mark.libreoffice
def test_exports_agree_with_the_grid_after_a_weight_change(qtbot, window, tmp_path):
    """After Apply and a later weight change, the memo and the workbook's Recommendation
    sheet once named another leader than the grid."""
    answer_next_dialog(fill_wizard(ENTERPRISE), kind=QuestionnaireWizard)
    assert window.open_wizard()
    applied_leader = grid_leader(window)
    spin = window.weights.rows["security"].spin
    spin.setFocus()
    spin.selectAll()
    keys(qtbot, window, "80", Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.document.workbook.weight("security") == 80.0)
    leader = grid_leader(window)
    assert leader != applied_leader, "the weight change should have moved the lead"

    xlsx = tmp_path / "shared.xlsx"
    answer_next_dialog(choose_file(xlsx), kind=QFileDialog)
    window.act_export_xlsx.trigger()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Exported shared.xlsx.", timeout=30_000
    )
    recalculated = LibreOffice(tmp_path / "lo").recalculate(xlsx)
    book = openpyxl.load_workbook(recalculated, data_only=True)
    scores = book["Scores"]
    header = [c.value for c in scores[1]]
    total_col, rank_col = header.index("Weighted total"), header.index("Rank")
    by_name = {row[0]: row for row in scores.iter_rows(min_row=2, values_only=True) if row[0]}
    for name, total, rank in grid_rows(window):
        assert math.isclose(by_name[name][total_col], float(total), abs_tol=0.005), name
        assert str(by_name[name][rank_col]) == rank, name
    sheet = list(book["Recommendation"].iter_rows(values_only=True))
    at = next(i for i, row in enumerate(sheet) if row[0] == "Shortlist")
    assert sheet[at + 2][0] == leader

    pdf = tmp_path / "memo.pdf"

    def save_memo(dialog: QWidget) -> None:
        assert isinstance(dialog, MemoDialog)
        qtbot.waitUntil(dialog.save_button.isEnabled, timeout=60_000)
        answer_next_dialog(choose_file(pdf), kind=QFileDialog)
        dialog.save_button.click()

    memo = answer_next_dialog(save_memo, kind=MemoDialog)
    window.act_export_pdf.trigger()
    assert memo.answered, memo.error
    assert pdf.is_file()
    page_one = flat(pdftotext(pdf, first=1, last=1))
    assert flat(f"Shortlist, best first. 1. {leader}") in page_one
    assert flat("current weights differ from the profile") in page_one


def test_quit_with_unsaved_work_asks_through_the_real_prompt(qtbot, window):
    from meshdesk.core.commands import SetScores

    window.document.push(SetScores((("istio", "ease", 2.0),)))
    asked = answer_next_dialog("Cancel")
    window.act_quit.trigger()
    assert asked.answered, asked.error
    assert asked.title == "Unsaved changes"
    assert window.isVisible(), "Cancel closed the window"
    assert {"Save", "Discard", "Cancel"} <= set(asked.buttons)
    assert window.document.is_modified and window.document.workbook.score("istio", "ease") == 2.0
