"""Crash-safe writes: the old file or the new one, never a torn one.

Recipe (tech-notes section 7): write a temporary file in the same folder, flush and fsync it,
os.replace() it over the target, then fsync the folder so the rename itself survives a power
loss (POSIX; Windows has no directory handles to sync).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from meshdesk.core.errors import MeshDeskError


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise MeshDeskError(f"Cannot save {target}: the folder {folder} does not exist.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise MeshDeskError(f"Cannot save {target}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
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
    _fsync_folder(folder)


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
