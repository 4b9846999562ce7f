"""Run slow work (imports, exports) off the GUI thread and hand the result back.

The worker gets only what it is given (an immutable snapshot or a path) and never touches
widgets; its progress, result or error reach the GUI thread through queued signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[float, str], None]


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(float, str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work(self.relay.progress.emit)
        except BaseException as exc:  # delivered to the GUI thread, which decides what to say
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class BackgroundTasks(QObject):
    """Starts jobs on the global thread pool; keeps their relays alive until they report."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relays: set[_Relay] = set()

    def start(
        self,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Progress | None = None,
    ) -> None:
        """`work(progress)` runs on a worker thread; the callbacks run on the GUI thread."""
        relay = _Relay(self)
        self._relays.add(relay)

        def finish_ok(result: Any) -> None:
            self._relays.discard(relay)
            on_done(result)

        def finish_error(exc: BaseException) -> None:
            self._relays.discard(relay)
            on_error(exc)

        relay.done.connect(finish_ok)
        relay.failed.connect(finish_error)
        if on_progress is not None:
            relay.progress.connect(on_progress)
        QThreadPool.globalInstance().start(_Job(work, relay))

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = 30_000) -> bool:
        return QThreadPool.globalInstance().waitForDone(msecs)
