"""Run slow work (autosave, imports, exports, the memo) off the GUI thread and hand the result
back to it.

The design follows Anki's `taskman`: a `ThreadPoolExecutor` runs the work, and the worker never
touches a QObject. When the work ends, the future's done-callback (on the worker thread) queues
a closure through the signal of one dispatcher object that is created on the GUI thread and
lives as long as the QApplication; the closure then runs on the GUI thread. Nothing whose
lifetime the GUI thread controls (a relay, a dialog, a runnable) is ever reached from a worker:
the first release emitted through a per-job QObject that the GUI thread dropped while the
worker was still inside `emit`, and crashed ten seconds after the first edit.

The owner of a `BackgroundTasks` (a window, a dialog, the autosaver) may go away while a job
runs: its results are then dropped, never delivered to a deleted widget. A job can be
cancelled; its `progress` callback raises `Cancelled` in the worker at the next report.
"""

from __future__ import annotations

import concurrent.futures
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal

Progress = Callable[[float, str], None]
PROGRESS_INTERVAL_S = 0.05  # at most 20 progress reports a second reach the GUI thread
MAX_WORKERS = 2


class Cancelled(Exception):  # noqa: N818 - it is a signal to stop, not an error
    """Raised inside the work by `progress` once its job is cancelled."""


class _Dispatcher(QObject):
    """Lives on the GUI thread until the application ends; runs queued closures there."""

    call = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _run(closure: Callable[[], None]) -> None:
        closure()


class _Runtime:
    """The process-wide pieces: one dispatcher on the GUI thread, one pool of workers."""

    dispatcher: _Dispatcher | None = None
    executor: concurrent.futures.ThreadPoolExecutor | None = None
    lock = threading.Lock()
    # every job whose work has not ended yet (tests check none outlives its test)
    running: ClassVar[weakref.WeakSet[Job]] = weakref.WeakSet()


_runtime = _Runtime()


def _gui_dispatcher() -> _Dispatcher:
    """The dispatcher, created on first use on the GUI thread and parented to the app."""
    if _runtime.dispatcher is None:
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            raise RuntimeError("background tasks must be started from the GUI thread")
        _runtime.dispatcher = _Dispatcher(app)
        app.aboutToQuit.connect(shutdown)
    return _runtime.dispatcher


def run_on_main(closure: Callable[[], None]) -> None:
    """Queue `closure` to run on the GUI thread's event loop (from any thread).

    Dropped when there is no dispatcher: the app has ended, or no task was ever started and
    this is not the GUI thread (which creates the dispatcher on first use)."""
    dispatcher = _runtime.dispatcher
    if dispatcher is None:
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return
        dispatcher = _gui_dispatcher()
    dispatcher.call.emit(closure)


def _pool() -> concurrent.futures.ThreadPoolExecutor:
    with _runtime.lock:
        if _runtime.executor is None:
            _runtime.executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=MAX_WORKERS, thread_name_prefix="meshdesk-task"
            )
        return _runtime.executor


def unfinished_jobs() -> list[Job]:
    """The jobs whose work is still running or queued (for tests and diagnostics)."""
    return [job for job in list(_runtime.running) if job.running]


def shutdown() -> None:
    """At quit: let running jobs finish (a save in progress completes), start no new ones."""
    with _runtime.lock:
        executor, _runtime.executor = _runtime.executor, None
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)
    _runtime.dispatcher = None


class Job:
    """One piece of background work: cancel it, or ask whether it is still running."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self.future: concurrent.futures.Future[Any] | None = None
        self._last_report = 0.0

    def cancel(self) -> None:
        """Stop delivering results; the work stops at its next progress report."""
        self._cancelled.set()
        if self.future is not None:
            self.future.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def running(self) -> bool:
        return self.future is not None and not self.future.done()

    def _progress(self, deliver: Callable[[float, str], None] | None) -> Progress:
        def progress(fraction: float, text: str) -> None:
            if self._cancelled.is_set():
                raise Cancelled
            if deliver is None:
                return
            now = time.monotonic()
            if fraction < 1.0 and now - self._last_report < PROGRESS_INTERVAL_S:
                return
            self._last_report = now
            run_on_main(lambda: deliver(fraction, text))

        return progress


class BackgroundTasks:
    """Starts jobs for one owner and delivers their results to it on the GUI thread.

    Results of a job that was cancelled, or whose owner was closed or deleted, are dropped.
    """

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._jobs: set[Job] = set()
        self._closed = False
        owner.destroyed.connect(self._owner_gone)

    def _owner_gone(self, *_args: object) -> None:
        self.close()

    def start(
        self,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Progress | None = None,
    ) -> Job:
        """`work(progress)` runs on a worker thread and must not touch any widget; the
        callbacks run on the GUI thread, unless the job was cancelled or the owner closed."""
        _gui_dispatcher()
        job = Job()
        self._jobs.add(job)
        deliver_progress = None if on_progress is None else self._guarded(job, on_progress)

        def finished(future: concurrent.futures.Future[Any]) -> None:  # on the worker thread
            run_on_main(lambda: self._deliver(job, future, on_done, on_error))

        progress = job._progress(deliver_progress)
        job.future = _pool().submit(work, progress)
        _runtime.running.add(job)
        job.future.add_done_callback(finished)
        return job

    def _guarded(self, job: Job, callback: Progress) -> Progress:
        def guarded(fraction: float, text: str) -> None:
            if not (self._closed or job.cancelled):
                callback(fraction, text)

        return guarded

    def _deliver(
        self,
        job: Job,
        future: concurrent.futures.Future[Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._jobs.discard(job)
        if self._closed or job.cancelled or future.cancelled():
            return
        error = future.exception()
        if isinstance(error, Cancelled):
            return
        if error is not None:
            on_error(error)
        else:
            on_done(future.result())

    @property
    def busy(self) -> bool:
        """A job has been started whose result has not been delivered yet."""
        return bool(self._jobs)

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Block until every job's work has ended (its delivery may still be queued)."""
        futures = [job.future for job in list(self._jobs) if job.future is not None]
        _done, pending = concurrent.futures.wait(futures, timeout=timeout_s)
        return not pending

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def close(self) -> None:
        """The owner goes away: cancel everything and never deliver again."""
        self._closed = True
        self.cancel_all()
