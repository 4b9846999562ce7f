"""Autosave to recovery files, and recovery after a crash.

Each open document has a session id. While it has unsaved changes, a snapshot is written
atomically to `<recovery dir>/<id>.meshdesk` at most AUTOSAVE_SECONDS after the first
unsaved change (the timer is not restarted by later edits, so a steady stream of edits cannot
postpone it), with `<id>.json` saying which file it belongs to. A lock on `<id>.lock` is held
while the session lives (meshdesk.io.filelock: the operating system drops it when the process
ends, however it ends); at start-up, entries whose lock can be taken belong to a process that
is gone, and are offered for recovery. A save or a discard removes the entry.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from meshdesk.core.clock import now_iso
from meshdesk.core.errors import MeshDeskError
from meshdesk.core.workbook import Workbook
from meshdesk.io.atomic import atomic_write_bytes, atomic_write_text
from meshdesk.io.filelock import FileLock
from meshdesk.io.project import dumps_project
from meshdesk.locations import recovery_dir
from meshdesk.ui.document import Document
from meshdesk.ui.tasks import BackgroundTasks

AUTOSAVE_SECONDS = 10  # well inside the promise: nothing older than 30 s is ever lost
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Orphan:
    """Unsaved work left by a MeshDesk that did not exit cleanly."""

    session: str
    content: Path
    original: Path | None
    title: str
    saved_at: str
    lock: FileLock

    def describe(self) -> str:
        name = self.original.name if self.original else "an untitled workbook"
        return f"{name} (“{self.title}”), autosaved {self.saved_at}"

    def discard(self) -> None:
        """Delete this unsaved work (the user chose Discard, or it was recovered)."""
        for suffix in (".meshdesk", ".json"):
            self.content.with_suffix(suffix).unlink(missing_ok=True)
        self.lock.unlock(remove=True)

    def release(self) -> None:
        """Keep this unsaved work for a later start."""
        self.lock.unlock()


def _lock(path: Path) -> FileLock:
    return FileLock(path)


def find_orphans(folder: Path | None = None) -> list[Orphan]:
    """Recovery copies whose owner is no longer running (their lock can be taken).

    The copy itself is what counts: its `.json` sidecar (which file it belongs to) is written
    second and may be missing after a crash at the wrong moment."""
    folder = folder or recovery_dir()
    if not folder.is_dir():
        return []
    found = []
    for content in sorted(folder.glob("*.meshdesk")):
        lock = _lock(content.with_suffix(".lock"))
        if not lock.try_lock():
            continue  # another MeshDesk is alive and owns it
        info: dict[str, object] = {}
        info_path = content.with_suffix(".json")
        try:
            if info_path.is_file():
                loaded = json.loads(info_path.read_text(encoding="utf-8"))
                info = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            log.warning("unreadable recovery sidecar %s", info_path)
        original = info.get("original")
        saved_at = (
            info.get("saved_at") or datetime.fromtimestamp(content.stat().st_mtime).isoformat()
        )
        found.append(
            Orphan(
                content.stem,
                content,
                Path(original) if isinstance(original, str) and original else None,
                str(info.get("title") or "an untitled workbook"),
                str(saved_at),
                lock,
            )
        )
    for info_path in folder.glob("*.json"):  # sidecars whose copy is gone
        if not info_path.with_suffix(".meshdesk").exists():
            lock = _lock(info_path.with_suffix(".lock"))
            if lock.try_lock():
                info_path.unlink(missing_ok=True)
                lock.unlock(remove=True)
    return found


class Autosaver(QObject):
    """Keeps a recovery copy of one document's unsaved changes.

    The timer's saves copy the workbook on the GUI thread (a millisecond even for 1,000 x 200)
    and serialize and write it on a worker thread, so a big workbook never freezes the window.
    A failed save is reported through `failed` and retried after the interval."""

    failed = Signal(str)

    def __init__(
        self, document: Document, folder: Path | None = None, interval_s: float = AUTOSAVE_SECONDS
    ) -> None:
        super().__init__(document)
        self.document = document
        self.folder = folder or recovery_dir()
        self.session = uuid.uuid4().hex
        self._lock: FileLock | None = None
        self.tasks = BackgroundTasks(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(interval_s * 1000))
        self.timer.timeout.connect(self.save_in_background)
        self.last_error: str | None = None
        # recovered work from a crashed session: its file is deleted only once this
        # session's own copy (or a save) holds the same work
        self._adopted: list[Orphan] = []
        # Track cleanliness from the signals' arguments only: the stack emits while it is
        # being destroyed, when it can no longer be asked anything.
        self._clean = document.undo_stack.isClean()
        document.undo_stack.indexChanged.connect(self._changed)
        document.undo_stack.cleanChanged.connect(self._clean_changed)

    @property
    def content_path(self) -> Path:
        return self.folder / f"{self.session}.meshdesk"

    @property
    def info_path(self) -> Path:
        return self.folder / f"{self.session}.json"

    def _changed(self, _index: int = 0) -> None:
        if not self._clean and not self.timer.isActive():
            self.timer.start()

    def _clean_changed(self, clean: bool) -> None:
        self._clean = clean
        if clean:
            self.timer.stop()
            self.remove()
        else:  # the stack reports the index before the change of cleanliness
            self._changed()

    def _prepare(self) -> tuple[Workbook, dict[str, object]]:
        """On the GUI thread: the lock, a snapshot of the workbook and the sidecar info."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._lock is None:
            self._lock = _lock(self.folder / f"{self.session}.lock")
            self._lock.try_lock()
        info: dict[str, object] = {
            "original": str(self.document.path) if self.document.path else None,
            "title": self.document.workbook.metadata.title,
            "saved_at": now_iso(),
        }
        return self.document.workbook.copy(), info

    def _write(self, snapshot: Workbook, info: dict[str, object]) -> None:
        atomic_write_bytes(self.content_path, dumps_project(snapshot))
        atomic_write_text(self.info_path, json.dumps(info))

    def save_now(self) -> bool:
        """Write the recovery copy now, on this thread; True when written."""
        if not self.document.is_modified:
            return False
        try:
            self._write(*self._prepare())
        except (OSError, MeshDeskError) as exc:  # never let autosave break editing
            self._report(exc)
            return False
        self._written(None)
        return True

    def adopt(self, orphan: Orphan) -> None:
        """Take over a crashed session's recovered work: its recovery file stays (locked by
        us) until this session's own copy is written, the work is saved, or discarded."""
        self._adopted.append(orphan)

    def _release_adopted(self) -> None:
        while self._adopted:
            self._adopted.pop().discard()

    def save_in_background(self) -> None:
        if self._clean:
            return
        if self.tasks.busy:  # the previous save is still writing: try again shortly
            self.timer.start()
            return
        try:
            snapshot, info = self._prepare()
        except OSError as exc:
            self._report(exc)
            return
        self.tasks.start(lambda _progress: self._write(snapshot, info), self._written, self._report)

    def _written(self, _result: object) -> None:
        self.last_error = None
        self._release_adopted()  # the work now has a copy of its own
        if self._clean:  # saved by the user while the copy was being written
            self.remove()

    def _report(self, exc: BaseException) -> None:
        self.last_error = str(exc)
        log.warning("autosave failed: %s", exc)
        self.failed.emit(f"Autosave failed ({exc}); MeshDesk will try again.")
        if not self._clean:
            self.timer.start()

    def remove(self) -> None:
        """Drop the recovery copy (after a save or a discard)."""
        self._release_adopted()
        self.timer.stop()
        self.content_path.unlink(missing_ok=True)
        self.info_path.unlink(missing_ok=True)

    def close(self) -> None:
        self.tasks.wait()
        self.tasks.close()
        self.remove()
        if self._lock is not None:
            self._lock.unlock(remove=True)
            self._lock = None
