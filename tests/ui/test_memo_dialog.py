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
    info = subprocess.run(
        ["pdfinfo", str(saved)], capture_output=True, text=True, check=True
    ).stdout
    assert "612 x 792" in info  # US Letter, as chosen in the dialog
    assert window.statusBar().currentMessage() == "Saved the memo as memo.pdf."
