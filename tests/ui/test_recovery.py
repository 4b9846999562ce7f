"""Autosave and recovery after a crash (a real one: the process is killed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from meshdesk.core.commands import SetScores
from meshdesk.locations import recovery_dir
from meshdesk.ui import messages, recovery
from meshdesk.ui.app import create_main_window, greet

RECOVER = messages.RecoveryChoice.RECOVER
DISCARD = messages.RecoveryChoice.DISCARD
LATER = messages.RecoveryChoice.LATER

CRASHING_SESSION = textwrap.dedent("""
    import os, signal, sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from meshdesk.core.commands import SetScores
    from meshdesk.ui.main_window import MainWindow
    window = MainWindow()
    window.show()
    window.autosaver.timer.setInterval(200)
    window.document.push(SetScores((("istio", "ease", 3.5), ("kuma", "core", 1.0))))
    while not (window.autosaver.content_path.exists() and window.autosaver.info_path.exists()):
        app.processEvents()
    print("autosaved", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def started_window(qtbot):
    """The window as `meshdesk` starts it: shown, then recovery is offered."""
    window = create_main_window([])
    qtbot.addWidget(window)
    window.show()
    greet(window, opened_a_file=True)  # True: no first-start questionnaire in these tests
    return window


def run_crashing_session() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_SESSION],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert "autosaved" in result.stdout, result.stderr[-2000:]
    assert result.returncode == -signal.SIGKILL


@pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")
def test_crash_then_recover_on_next_start(qtbot, recorder):
    run_crashing_session()
    assert len(list(recovery_dir().glob("*.meshdesk"))) == 1
    recorder.answers["recover"] = [RECOVER]
    window = started_window(qtbot)
    assert "did not close properly" in recorder.texts("recover")[0]
    wb = window.document.workbook
    assert wb.score("istio", "ease") == 3.5 and wb.score("kuma", "core") == 1.0
    assert window.document.is_modified and window.isWindowModified()
    # the recovered work is itself protected again, under the new session
    assert window.autosaver.content_path.exists()
    assert [p.name for p in recovery_dir().glob("*.meshdesk")] == [
        window.autosaver.content_path.name
    ]
    window.document.undo_stack.setClean()  # as after a save
    assert not window.autosaver.content_path.exists()
    window.close()


@pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")
def test_crash_then_discard_removes_recovery_files(qtbot, recorder):
    run_crashing_session()
    recorder.answers["recover"] = [DISCARD]
    window = started_window(qtbot)
    assert window.document.workbook.score("istio", "ease") == 6.0
    assert not window.document.is_modified
    assert list(recovery_dir().glob("*.meshdesk")) == []
    assert list(recovery_dir().glob("*.json")) == []
    window.close()


def test_live_session_is_not_offered_as_orphan(window):
    window.document.push(SetScores((("istio", "ease", 3.0),)))
    assert window.autosaver.save_now()
    assert window.autosaver.content_path.exists()
    assert recovery.find_orphans() == []  # its owner (this process) is alive


def test_autosave_runs_within_interval_and_is_not_postponed(qtbot, window):
    assert recovery.AUTOSAVE_SECONDS <= 30
    saver = window.autosaver
    starts = []
    start = saver.timer.start
    saver.timer.start = lambda *args: (starts.append(args), start(*args))  # count restarts
    window.document.push(SetScores((("istio", "ease", 3.0),)))
    assert saver.timer.isActive() and len(starts) == 1
    window.document.push(SetScores((("kuma", "ease", 3.0),)))
    window.document.push(SetScores((("linkerd", "ease", 3.0),)))
    assert saver.timer.isActive() and len(starts) == 1  # later edits do not restart it
    del saver.timer.start
    saver.timer.setInterval(100)
    saver.timer.start()
    qtbot.waitUntil(lambda: saver.content_path.exists() and saver.info_path.exists(), timeout=3000)
    info = json.loads(saver.info_path.read_text(encoding="utf-8"))
    assert info["original"] is None and info["saved_at"]


def test_save_and_discard_remove_the_recovery_copy(window, recorder, tmp_path):
    window.document.push(SetScores((("istio", "ease", 3.0),)))
    window.autosaver.save_now()
    assert window.save_to(tmp_path / "saved.meshdesk")
    assert not window.autosaver.content_path.exists()
    window.document.push(SetScores((("istio", "ease", 4.0),)))
    window.autosaver.save_now()
    from meshdesk.ui import messages

    recorder.answers["save_discard_cancel"] = [messages.Choice.DISCARD]
    window.file_new()
    assert not window.autosaver.content_path.exists()


def test_autosave_failure_never_breaks_editing(window, monkeypatch):
    monkeypatch.setattr(
        recovery, "atomic_write_bytes", lambda *a: (_ for _ in ()).throw(OSError(28, "No space"))
    )
    window.document.push(SetScores((("istio", "ease", 3.0),)))
    assert not window.autosaver.save_now()
    assert "No space" in window.autosaver.last_error
    assert window.document.workbook.score("istio", "ease") == 3.0


@pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")
def test_two_crashed_sessions_are_both_offered(qtbot, recorder):
    run_crashing_session()
    run_crashing_session()
    assert len(list(recovery_dir().glob("*.meshdesk"))) == 2
    recorder.answers["recover"] = [RECOVER]
    first = started_window(qtbot)
    assert "1 more recovery file(s) remain" in recorder.texts("recover")[0]
    # the other one is kept (not thrown away) and offered at the next start
    assert len(list(recovery_dir().glob("*.meshdesk"))) == 2  # the kept one + first's own copy
    first.document.undo_stack.setClean()
    first.close()
    recorder.answers["recover"] = [DISCARD]
    second = started_window(qtbot)
    assert len(recorder.texts("recover")) == 2
    assert list(recovery_dir().glob("*.meshdesk")) == []
    second.close()


@pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")
def test_ask_later_keeps_the_work_for_the_next_start(qtbot, recorder):
    run_crashing_session()
    recorder.answers["recover"] = [LATER]
    window = started_window(qtbot)
    assert not window.document.is_modified
    assert len(list(recovery_dir().glob("*.meshdesk"))) == 1
    window.close()
    assert len(recovery.find_orphans()) == 1  # offered again next time


@pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")
def test_recovered_work_is_not_deleted_when_its_new_copy_cannot_be_written(
    qtbot, recorder, monkeypatch, tmp_path
):
    """A full disk at recovery time: the crashed session's file is the only copy, so it
    stays until the work is safe (here: saved by the user)."""
    run_crashing_session()
    (orphan_file,) = recovery_dir().glob("*.meshdesk")
    original = recovery.atomic_write_bytes

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recovery, "atomic_write_bytes", full_disk)
    recorder.answers["recover"] = [RECOVER]
    window = started_window(qtbot)
    assert window.document.workbook.score("istio", "ease") == 3.5
    assert orphan_file.exists(), "the only copy of the recovered work was deleted"
    assert "kept until then" in window.statusBar().currentMessage()
    monkeypatch.setattr(recovery, "atomic_write_bytes", original)
    assert window.save_to(tmp_path / "safe.meshdesk")
    assert not orphan_file.exists()
    window.close()


def test_recovery_does_not_depend_on_process_ids_or_host_names(qtbot, tmp_path):
    """Qt's QLockFile (stale time 0) kept a dead session's work from being offered whenever
    its old process id now belonged to a live Python process, and forever when the lock named
    another machine. Only a lock that a live process holds counts now."""
    folder = tmp_path / "recovery"
    folder.mkdir()
    for session, owner in (
        ("a" * 32, f"{os.getpid()}\npython\nthis-host\n"),
        ("b" * 32, "1\npython\nother-machine\n"),
    ):
        (folder / f"{session}.meshdesk").write_text("{}", encoding="utf-8")
        (folder / f"{session}.lock").write_text(owner, encoding="utf-8")  # a QLockFile's text
    found = recovery.find_orphans(folder)
    assert sorted(o.session for o in found) == ["a" * 32, "b" * 32]
    for orphan in found:
        orphan.release()


@pytest.mark.skipif(os.name != "posix", reason="holds a lock from a second process")
def test_a_session_alive_in_another_process_is_never_offered(tmp_path):
    folder = tmp_path / "recovery"
    folder.mkdir()
    (folder / "live.meshdesk").write_text("{}", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from meshdesk.io.filelock import FileLock; "
            f"lock = FileLock({str(folder / 'live.lock')!r}); assert lock.try_lock(); "
            "print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert recovery.find_orphans(folder) == []
    finally:
        holder.kill()
        holder.wait()
    (orphan,) = recovery.find_orphans(folder)  # its owner is gone: offered at once
    orphan.release()
