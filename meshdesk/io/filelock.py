"""Advisory locks that the operating system releases when their owner dies.

A lock is held on an open file (flock on POSIX, a locked byte on Windows); a process that
ends in any way, kill -9 included, drops it at once. Whether a lock is held therefore never
depends on process ids, host names or clocks, which can be reused or wrong (Qt's QLockFile
with a stale time of 0 judged a dead session alive whenever its old process id belonged to
some live Python process, and never let go of a lock written on another machine).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class FileLock:
    """An exclusive, non-blocking lock on `path` (the file is created if missing)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def try_lock(self) -> bool:
        """Take the lock if nobody holds it (this process's other FileLocks included)."""
        if self._handle is not None:
            return True
        try:
            handle = self.path.open("a+b")
        except OSError:
            return False
        if not _try_lock(handle):
            handle.close()
            return False
        self._handle = handle
        return True

    def unlock(self, *, remove: bool = False) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        if remove:  # while still held: nobody can take it between unlocking and unlinking
            with contextlib.suppress(OSError):
                self.path.unlink()
        _unlock(handle)
        handle.close()
