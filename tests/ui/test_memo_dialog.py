"""File > Export > Decision memo: built off the GUI thread, previewed, then saved."""

from __future__ import annotations

import subprocess

from meshdesk.core.commands import SetAnswers
from meshdesk.ui.memo_dialog import MemoDialog


def drive_memo(qtbot, saved_as):
    seen = {}

    def run(dialog):
        assert isinstance(dialog, MemoDialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=60000)
        seen["pages"] = dialog.document.pageCount()
        seen["status"] = dialog.status.text()
        dialog.page_size.setCurrentIndex(1)  # US Letter, then rebuild the preview
        dialog.generate()
        assert not dialog.save_button.isEnabled()  # nothing to save while it is being written
        qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=60000)
        dialog.save()
        seen["saved"] = dialog.saved_to
        return dialog.result() == dialog.DialogCode.Accepted

    return run, seen


def test_memo_preview_then_save(qtbot, window, monkeypatch, tmp_path):
    window.document.push(
        SetAnswers(
            {
                "organization": "smb",
                "services": "6-20",
                "architecture": "microservices",
                "kubernetes": "production",
                "priorities": ("simplicity",),
            }
        )
    )
    run, seen = drive_memo(qtbot, tmp_path)
    monkeypatch.setattr(window, "exec_dialog", run)
    monkeypatch.setattr(window, "_ask_save_path", lambda *a: tmp_path / "memo")
    window.act_export_pdf.trigger()
    assert seen["pages"] >= 5
    assert "pages" in seen["status"]
    saved = tmp_path / "memo.pdf"
    assert seen["saved"] == saved
    assert saved.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(saved), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Linkerd" in text and "SMB" in text
    # the dialog runs the robustness analysis (off the GUI thread) into section 6, among the
    # shortlist of the answers: Linkerd scores at least Kuma's on every criterion
    flat = " ".join(text.split())
    assert "6. How robust the lead is" in text
    assert "Linkerd stays first whatever one weight is set to" in flat
    assert "meshdesk robustness PROJECT --samples 10000 --seed 0" in " ".join(text.split())
    info = subprocess.run(
        ["pdfinfo", str(saved)], capture_output=True, text=True, check=True
    ).stdout
    assert "612 x 792" in info  # US Letter, as chosen in the dialog
    assert window.statusBar().currentMessage() == "Saved the memo as memo.pdf."


def test_the_dialog_starts_from_the_projects_title_author_and_reviewers(qtbot, workbook, tmp_path):
    """The names live in the project (File > Properties); the dialog starts from them, and
    what is typed there changes this memo only."""
    from tests.helpers.pdf import flat, pdftotext

    workbook.metadata = workbook.with_metadata(
        title="Mesh choice 2027", author="Ada Lovelace", reviewers=("Grace Hopper", "Alan Turing")
    )
    dialog = MemoDialog(workbook, None, lambda name: tmp_path / f"{name}.pdf")
    qtbot.addWidget(dialog)
    assert dialog.title.text() == "Mesh choice 2027"
    assert dialog.author.text() == "Ada Lovelace"
    assert dialog.reviewer_names() == ("Grace Hopper", "Alan Turing")
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=60000)
    first = tmp_path / "first.pdf"
    first.write_bytes(dialog.pdf or b"")
    page_one = flat(pdftotext(first, first=1, last=1))
    assert flat("Reviewed by Grace Hopper and Alan Turing") in page_one
    assert flat("Prepared by Ada Lovelace") in page_one

    dialog.reviewers.setPlainText("Grace Hopper\n\n  Katherine Johnson  \n")
    assert not dialog.save_button.isEnabled()  # the preview no longer shows the options
    assert dialog.reviewer_names() == ("Grace Hopper", "Katherine Johnson")
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=60000)
    dialog.save()
    saved = tmp_path / "Mesh choice 2027.pdf"
    assert dialog.saved_to == saved
    content = flat(pdftotext(saved))
    assert flat("Reviewed by Grace Hopper and Katherine Johnson") in content
    assert flat("Alan Turing") not in content
    assert workbook.metadata.reviewers == ("Grace Hopper", "Alan Turing")  # the project's stay
