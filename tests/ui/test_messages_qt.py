"""The real Qt message backend: every kind of message is shown as a real dialog and answered
by clicking its buttons, so a recording backend can never again hide a broken dialog (the
first release's message boxes called themselves and never appeared)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from meshdesk.ui import messages
from tests.helpers.dialogs import answer_next_dialog

pytestmark = pytest.mark.real_dialogs


@pytest.fixture
def qt_backend(qtbot):
    previous = messages.install(messages.QtBackend())
    yield
    messages.install(previous)


@pytest.fixture
def parent(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_error_shows_plain_text_and_copyable_details(qt_backend, parent):
    seen_format = []
    seen_details = []

    def inspect_and_close(box):
        seen_format.append(box.textFormat())
        seen_details.append(box.detailedText())
        box.button(QMessageBox.StandardButton.Ok).click()

    answer = answer_next_dialog(inspect_and_close, kind=QMessageBox)
    messages.error(parent, "Cannot open", "<b>not bold</b> team.meshdesk", "Traceback ...")
    assert answer.answered, answer.error
    assert answer.title == "Cannot open"
    assert answer.text == "<b>not bold</b> team.meshdesk"
    assert seen_format == [Qt.TextFormat.PlainText]
    assert seen_details == ["Traceback ..."]


def test_info_is_shown_and_dismissed(qt_backend, parent):
    answer = answer_next_dialog("OK", kind=QMessageBox)
    messages.info(parent, "About MeshDesk", "MeshDesk 1.0")
    assert answer.answered, answer.error
    assert answer.text == "MeshDesk 1.0"


@pytest.mark.parametrize(("button", "expected"), [("Delete", True), ("Cancel", False)])
def test_confirm_returns_what_was_clicked(qt_backend, parent, button, expected):
    answer = answer_next_dialog(button, kind=QMessageBox)
    assert messages.confirm(parent, "Delete tool", "Delete Istio?", "Delete") is expected
    assert answer.answered, answer.error
    assert set(answer.buttons) == {"Delete", "Cancel"}


@pytest.mark.parametrize(
    ("button", "expected"),
    [
        ("Save", messages.Choice.SAVE),
        ("Discard", messages.Choice.DISCARD),
        ("Cancel", messages.Choice.CANCEL),
    ],
)
def test_save_discard_cancel_returns_each_choice(qt_backend, parent, button, expected):
    answer = answer_next_dialog(button, kind=QMessageBox)
    assert messages.save_discard_cancel(parent, "team.meshdesk") is expected
    assert answer.answered, answer.error
    assert "team.meshdesk" in answer.text


def test_save_discard_cancel_escape_cancels(qt_backend, parent):
    answer = answer_next_dialog(lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))
    assert messages.save_discard_cancel(parent, "team.meshdesk") is messages.Choice.CANCEL
    assert answer.answered


@pytest.mark.parametrize(
    ("button", "expected"),
    [
        ("Recover", messages.RecoveryChoice.RECOVER),
        ("Discard", messages.RecoveryChoice.DISCARD),
        ("Ask Later", messages.RecoveryChoice.LATER),
    ],
)
def test_recover_returns_each_choice(qt_backend, parent, button, expected):
    answer = answer_next_dialog(button, kind=QMessageBox)
    assert messages.recover(parent, "MeshDesk did not close properly.") is expected
    assert answer.answered, answer.error


def test_closing_the_recovery_prompt_never_discards(qt_backend, parent):
    answer = answer_next_dialog(lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))
    assert messages.recover(parent, "MeshDesk did not close properly.") is (
        messages.RecoveryChoice.LATER
    )
    assert answer.answered


def test_ask_text_returns_the_typed_text_or_none(qt_backend, parent):
    def type_and_accept(dialog):
        edit = dialog.findChild(QLineEdit)
        edit.selectAll()
        QTest.keyClicks(edit, "Open Service Mesh")
        dialog.accept()

    answer_next_dialog(type_and_accept, kind=QInputDialog)
    assert messages.ask_text(parent, "Add tool", "Name:", "x") == "Open Service Mesh"
    answer_next_dialog(lambda dialog: dialog.reject(), kind=QInputDialog)
    assert messages.ask_text(parent, "Add tool", "Name:") is None
