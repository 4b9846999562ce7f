"""File > Properties…: title, author and reviewers through the real dialog, one undo step,
saved in the project file; bad input is refused in the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from meshdesk.io.project import load_project
from meshdesk.ui.properties_dialog import PropertiesDialog


def _action(window) -> QAction:  # type: ignore[no-untyped-def]
    return window.findChild(QAction, "act-properties")


def _ok(dialog: PropertiesDialog) -> bool:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.result() == QDialog.DialogCode.Accepted


def _drive(window, monkeypatch, fill):  # type: ignore[no-untyped-def]
    seen: list[PropertiesDialog] = []

    def run(dialog):  # type: ignore[no-untyped-def]
        seen.append(dialog)
        if fill(dialog) is False:
            return False
        return _ok(dialog)

    monkeypatch.setattr(window, "exec_dialog", run)
    return seen


def _fill(dialog: PropertiesDialog) -> None:
    dialog.title.setText("  Mesh for the payments platform ")
    dialog.author.setText("Ada Platform")
    dialog.reviewers.setPlainText("Grace Hopper\n\n  Linus Torvalds  \nMargaret Hamilton\n")


def test_properties_round_trip_and_undo(window, monkeypatch, tmp_path, recorder):
    file_menu = next(
        a.menu() for a in window.menuBar().actions() if a.menu().title().replace("&", "") == "File"
    )
    assert _action(window) in file_menu.actions()
    wb = window.document.workbook
    before = wb.metadata
    stack = window.document.undo_stack
    steps = stack.count()
    seen = _drive(window, monkeypatch, _fill)
    _action(window).trigger()

    assert seen[0].title.text() == "  Mesh for the payments platform "  # what was typed
    meta = wb.metadata
    assert meta.title == "Mesh for the payments platform" and meta.author == "Ada Platform"
    assert meta.reviewers == ("Grace Hopper", "Linus Torvalds", "Margaret Hamilton")
    assert (meta.created, meta.dataset_as_of) == (before.created, before.dataset_as_of)
    assert stack.count() == steps + 1 and "properties" in stack.undoText()

    path = tmp_path / "payments.meshdesk"
    assert window.save_to(path)
    loaded = load_project(path).metadata
    assert (loaded.title, loaded.author, loaded.reviewers) == (
        meta.title,
        meta.author,
        meta.reviewers,
    )

    # the dialog starts from what is stored
    shown: list[tuple[str, str, str]] = []
    _drive(
        window,
        monkeypatch,
        lambda d: (
            shown.append((d.title.text(), d.author.text(), d.reviewers.toPlainText())) or False
        ),
    )
    _action(window).trigger()
    assert shown == [(meta.title, meta.author, "Grace Hopper\nLinus Torvalds\nMargaret Hamilton")]

    stack.undo()
    assert wb.metadata.title == before.title and wb.metadata.reviewers == before.reviewers
    assert recorder.calls == []


@pytest.mark.parametrize(
    ("title", "author", "reviewers", "message", "field"),
    [
        ("   ", "", "", "The title cannot be empty.", "title"),
        ("Fine", "", "Grace\ngrace", "'grace' is listed twice among the reviewers.", "reviewers"),
        (
            "Fine",
            "",
            "Grace \x1b[2J",
            "A reviewer's name contains the control character U+001B at position 7.",
            "reviewers",
        ),
        (
            "Fine",
            "Ada \x07",
            "",
            "The author contains the control character U+0007 at position 5.",
            "author",
        ),
        (
            "Fine",
            "",
            "\n".join(f"R{i}" for i in range(51)),
            "At most 50 reviewers can be named.",
            "reviewers",
        ),
    ],
)
def test_bad_properties_are_refused_in_the_dialog(
    window, monkeypatch, title, author, reviewers, message, field
):
    before = window.document.workbook.metadata
    steps = window.document.undo_stack.count()
    problems: list[str] = []

    def fill(dialog):  # type: ignore[no-untyped-def]
        dialog.title.setText(title)
        dialog.author.setText(author)
        dialog.reviewers.setPlainText(reviewers)
        assert not _ok(dialog)
        problems.append(dialog.problem.text())
        assert dialog.focusWidget() is getattr(dialog, field)  # the field the message names
        return False

    _drive(window, monkeypatch, fill)
    _action(window).trigger()
    assert problems == [message]
    assert window.document.workbook.metadata == before
    assert window.document.undo_stack.count() == steps


def test_cancel_or_no_change_is_no_step(window, monkeypatch):
    steps = window.document.undo_stack.count()
    _drive(window, monkeypatch, lambda dialog: None)  # OK with what is stored
    _action(window).trigger()
    _drive(window, monkeypatch, lambda dialog: False)  # Cancel
    _action(window).trigger()
    assert window.document.undo_stack.count() == steps
    assert not window.document.is_modified
