"""Crash-safe writes, killed exactly at each fsync: the target is the old file or the new one,
and the leftovers of a killed writer are removed by the next write to the folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from meshdesk.io.atomic import TEMP_MARK, atomic_write_bytes, remove_leftovers
from meshdesk.io.filelock import FileLock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills a process with SIGKILL")

WRITER = textwrap.dedent("""
    import os, signal, sys
    from meshdesk.io import atomic
    target, die_at = sys.argv[1], int(sys.argv[2])
    real_fsync, calls = os.fsync, [0]

    def fsync(fd):
        calls[0] += 1
        if calls[0] == die_at:  # the power goes at this fsync
            os.kill(os.getpid(), signal.SIGKILL)
        real_fsync(fd)

    os.fsync = fsync
    atomic.atomic_write_bytes(target, b"new content " * 10000)
""")


def kill_writer_at_fsync(target: Path, die_at: int) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WRITER, str(target), str(die_at)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()[-2000:]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_killed_at_the_files_fsync_leaves_the_old_file(tmp_path):
    target = tmp_path / "eval.meshdesk"
    target.write_bytes(b"old content")
    kill_writer_at_fsync(target, die_at=1)
    assert target.read_bytes() == b"old content"
    (left,) = leftovers(tmp_path)
    assert left.startswith(f".eval.meshdesk{TEMP_MARK}")


def test_killed_at_the_folders_fsync_leaves_the_new_file(tmp_path):
    target = tmp_path / "eval.meshdesk"
    target.write_bytes(b"old content")
    kill_writer_at_fsync(target, die_at=2)
    assert target.read_bytes() == b"new content " * 10000
    assert leftovers(tmp_path) == []


def test_the_next_write_to_the_folder_removes_a_killed_writers_leftovers(tmp_path):
    target = tmp_path / "eval.meshdesk"
    target.write_bytes(b"old content")
    kill_writer_at_fsync(target, die_at=1)
    first = leftovers(tmp_path)
    kill_writer_at_fsync(target, die_at=1)  # this write removed the first one's leftover
    assert len(leftovers(tmp_path)) == 1 and leftovers(tmp_path) != first
    atomic_write_bytes(tmp_path / "other.pdf", b"%PDF")
    assert leftovers(tmp_path) == []
    assert target.read_bytes() == b"old content"


def test_a_live_writers_file_and_other_programs_files_are_left_alone(tmp_path):
    live = tmp_path / f".eval.meshdesk{TEMP_MARK}abc123.tmp"
    live.write_bytes(b"being written")
    theirs = tmp_path / ".someone-elses.tmp"
    theirs.write_bytes(b"not ours")
    lock = FileLock(live)
    assert lock.try_lock()
    try:
        assert remove_leftovers(tmp_path) == []
        assert live.exists() and theirs.exists()
    finally:
        lock.unlock()
    assert remove_leftovers(tmp_path) == [live]
    assert theirs.exists()
