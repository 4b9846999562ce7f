"""The background-task helper: work runs on a worker thread, results reach the GUI thread,
and nothing is delivered to an owner that is gone or a job that was cancelled."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QObject

from meshdesk.ui.tasks import BackgroundTasks, Cancelled


def on_gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_result_and_error_are_delivered_on_the_gui_thread(qtbot):
    owner = QObject()
    tasks = BackgroundTasks(owner)
    ran_on: list[bool] = []
    results: list[object] = []
    errors: list[BaseException] = []

    def work(_progress):
        ran_on.append(on_gui_thread())
        return 42

    def fail(_progress):
        raise ValueError("bad file")

    tasks.start(work, lambda r: results.append((r, on_gui_thread())), errors.append)
    tasks.start(fail, results.append, lambda e: errors.append((e, on_gui_thread())))
    qtbot.waitUntil(lambda: not tasks.busy)
    assert ran_on == [False]
    assert results == [(42, True)]
    ((error, gui),) = errors
    assert isinstance(error, ValueError) and gui


def test_progress_reaches_the_gui_thread_throttled(qtbot):
    tasks = BackgroundTasks(QObject())
    seen: list[tuple[float, bool]] = []

    def work(progress):
        for i in range(1000):
            progress(i / 1000, "working")
        progress(1.0, "done")

    tasks.start(
        work, lambda _r: None, lambda _e: None, lambda f, _t: seen.append((f, on_gui_thread()))
    )
    qtbot.waitUntil(lambda: not tasks.busy)
    qtbot.wait(20)
    assert seen, "no progress was delivered"
    assert len(seen) < 100  # 1,001 reports, throttled
    assert all(gui for _f, gui in seen)
    assert seen[-1][0] == 1.0  # the last report always arrives


def test_a_cancelled_job_stops_at_its_next_report_and_delivers_nothing(qtbot):
    tasks = BackgroundTasks(QObject())
    started = threading.Event()
    release = threading.Event()
    stopped: list[bool] = []
    delivered: list[object] = []

    def work(progress):
        started.set()
        release.wait(5)
        try:
            progress(0.5, "half way")
        except Cancelled:
            stopped.append(True)
            raise
        return "finished"

    job = tasks.start(work, delivered.append, delivered.append)
    assert started.wait(5)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: not tasks.busy)
    assert stopped == [True]
    assert delivered == []


def test_results_for_a_deleted_owner_are_dropped(qtbot):
    owner = QObject()
    tasks = BackgroundTasks(owner)
    release = threading.Event()
    delivered: list[object] = []
    tasks.start(lambda _p: release.wait(5), delivered.append, delivered.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: tasks._closed)
    release.set()
    assert tasks.wait(5)
    qtbot.wait(50)
    assert delivered == []


def test_many_short_jobs_whose_owners_go_away_at_once(qtbot):
    """The first release's crash: a job's relay was freed by the GUI thread while the worker
    was still emitting through it. Hammer the hand-off, dropping every owner right away."""
    delivered: list[int] = []
    owners = []
    for i in range(300):
        owner = QObject()
        tasks = BackgroundTasks(owner)
        tasks.start(lambda _p, i=i: i, delivered.append, lambda _e: None)
        if i % 2:
            shiboken6.delete(owner)  # half of them lose their owner while running
        else:
            owners.append((owner, tasks))
    qtbot.waitUntil(lambda: all(not t.busy for _o, t in owners), timeout=10_000)
    assert len(delivered) == 150
    assert set(delivered) == set(range(0, 300, 2))
