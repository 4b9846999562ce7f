"""Crash-safe writes: the old file or the new one, never a torn one.

Recipe (tech-notes section 7): write a temporary file in the same folder, flush and fsync it,
os.replace() it over the target, then fsync the folder so the rename itself survives a power
loss (POSIX; Windows has no directory handles to sync).

A writer killed half-way (kill -9, a power cut) leaves its temporary file behind. Each one is
named `.<target>.meshdesk-<random>.tmp` and locked (meshdesk.io.filelock) while it is being
written, so the next write to the same folder can tell a dead writer's leftover from a live
writer's file and removes the leftovers. No reader ever takes them for data: they end in .tmp.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from meshdesk.core.errors import InputError, MeshDeskError
from meshdesk.io.filelock import FileLock


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` crash-safely. A missing folder is bad input (InputError, exit
    code 2); the system refusing the write (a full disk, a read-only folder, no permission)
    is a MeshDeskError (exit code 1): the input was fine, the machine could not take it."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():  # a path that names no folder: the input is wrong (exit code 2)
        raise InputError(f"Cannot save {target}: the folder {folder} does not exist.")
    remove_leftovers(folder)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}{TEMP_MARK}", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise MeshDeskError(f"Cannot save {target}: {exc.strerror or exc}.") from exc
    os.close(fd)
    lock = FileLock(tmp_name)
    lock.try_lock()  # a fresh file nobody else knows about: the lock is ours
    try:
        with open(tmp_name, "r+b") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(target, tmp_name)
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise MeshDeskError(f"Cannot save {target}: {exc.strerror or exc}.") from exc
        raise
    finally:
        lock.unlock()
    _fsync_folder(folder)


TEMP_MARK = ".meshdesk-"


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files that writers killed half-way left in `folder` (those whose
    lock nobody holds); a live writer's file is locked and left alone. Returns what went."""
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(".")]
    except OSError:
        return removed
    for path in candidates:
        if TEMP_MARK not in path.name or not path.name.endswith(".tmp"):
            continue
        lock = FileLock(path)
        if not lock.try_lock():
            continue  # being written right now
        lock.unlock(remove=True)
        removed.append(path)
    return removed


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _read_umask() -> int:
    """The process umask, read once at import: os.umask can only be read by setting it, which
    is not safe while worker threads create files."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_NEW_FILE_MODE = 0o666 & ~_read_umask()


def _copy_mode(target: Path, tmp_name: str) -> None:
    """Keep the permissions of the file being replaced; a new file gets the usual 0666 & ~umask."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = _NEW_FILE_MODE
    os.chmod(tmp_name, mode)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a directory; the data itself is already synced
    finally:
        os.close(fd)
