"""Autosave to recovery files, and recovery after a crash.

Each open document has a session id. While it has unsaved changes, a snapshot is written
atomically to `<recovery dir>/<id>.meshdesk` at most AUTOSAVE_SECONDS after the first
unsaved change (the timer is not restarted by later edits, so a steady stream of edits cannot
postpone it), with `<id>.json` saying which file it belongs to. A QLockFile `<id>.lock` is
held while the session lives; at start-up, entries whose lock can be taken belong to a
process that is gone, and are offered for recovery. A save or a discard removes the entry.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer

from meshdesk.core.clock import now_iso
from meshdesk.core.errors import MeshDeskError
from meshdesk.io.atomic import atomic_write_bytes, atomic_write_text
from meshdesk.io.project import dumps_project
from meshdesk.locations import recovery_dir
from meshdesk.ui.document import Document

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
    lock: QLockFile

    def describe(self) -> str:
        name = self.original.name if self.original else "an untitled workbook"
        return f"{name} (“{self.title}”), autosaved {self.saved_at}"

    def discard(self) -> None:
        for suffix in (".meshdesk", ".json"):
            self.content.with_suffix(suffix).unlink(missing_ok=True)
        self.lock.unlock()


def _lock(path: Path) -> QLockFile:
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # stale only when the owning process is gone, never by age
    return lock


def find_orphans(folder: Path | None = None) -> list[Orphan]:
    """Recovery entries whose owner is no longer running (their lock can be taken)."""
    folder = folder or recovery_dir()
    if not folder.is_dir():
        return []
    found = []
    for info_path in sorted(folder.glob("*.json")):
        content = info_path.with_suffix(".meshdesk")
        lock = _lock(info_path.with_suffix(".lock"))
        if not lock.tryLock(0):
            continue  # another MeshDesk is alive and owns it
        if not content.is_file():
            info_path.unlink(missing_ok=True)
            lock.unlock()
            continue
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
            original = Path(info["original"]) if info.get("original") else None
            found.append(
                Orphan(
                    info_path.stem,
                    content,
                    original,
                    str(info.get("title", "")),
                    str(info.get("saved_at", "")),
                    lock,
                )
            )
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("unreadable recovery entry %s", info_path)
            found.append(Orphan(info_path.stem, content, None, "unknown", "", lock))
    return found


class Autosaver(QObject):
    """Keeps a recovery copy of one document's unsaved changes."""

    def __init__(
        self, document: Document, folder: Path | None = None, interval_s: float = AUTOSAVE_SECONDS
    ) -> None:
        super().__init__(document)
        self.document = document
        self.folder = folder or recovery_dir()
        self.session = uuid.uuid4().hex
        self._lock: QLockFile | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(interval_s * 1000))
        self.timer.timeout.connect(self.save_now)
        self.last_error: str | None = None
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

    def save_now(self) -> bool:
        if not self.document.is_modified:
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if self._lock is None:
                self._lock = _lock(self.folder / f"{self.session}.lock")
                self._lock.tryLock(0)
            atomic_write_bytes(self.content_path, dumps_project(self.document.workbook))
            info = {
                "original": str(self.document.path) if self.document.path else None,
                "title": self.document.workbook.metadata.title,
                "saved_at": now_iso(),
            }
            atomic_write_text(self.info_path, json.dumps(info))
            self.last_error = None
            return True
        except (OSError, MeshDeskError) as exc:  # never let autosave break editing
            self.last_error = str(exc)
            log.warning("autosave failed: %s", exc)
            return False

    def remove(self) -> None:
        """Drop the recovery copy (after a save or a discard)."""
        self.timer.stop()
        self.content_path.unlink(missing_ok=True)
        self.info_path.unlink(missing_ok=True)

    def close(self) -> None:
        self.remove()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
