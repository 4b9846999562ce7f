"""The contract every command keeps, whatever it is fed, checked on one run of `meshdesk`.

- exit code 0 (accepted) or 2 (refused as bad input); never 1 (a bug) or a crash;
- on refusal: stderr is one plain sentence (or a list of bad cells), no traceback, no
  "internal error", no raw control character; nothing is written;
- memory stays under a cap (tracemalloc's peak of Python and numpy allocations, and on Linux a
  hard address-space limit so that a runaway allocation fails instead of taking the machine);
- it ends within a time cap (a hang detector, generous: not a performance target).

`Tally` keeps the figures of a campaign (inputs, refusals, crashes, hangs, memory peaks,
round-trip failures); set MESHDESK_FUZZ_REPORT=path to have them written at the session's end.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from meshdesk.cli.main import main

MEMORY_CAP_BYTES = 512 * 1024 * 1024  # what a small hostile input may make MeshDesk allocate
CAGE_EXTRA_BYTES = 2 * 1024 * 1024 * 1024  # the hard address-space margin above the test's own
TIME_CAP_S = 20.0


@dataclass
class Run:
    args: list[str]
    code: int
    out: str
    err: str
    peak_bytes: int
    seconds: float


@dataclass
class Tally:
    inputs: int = 0
    accepted: int = 0
    refused_cleanly: int = 0
    crashes: int = 0
    hangs: int = 0
    over_memory: int = 0
    round_trip_failures: int = 0
    peak_bytes: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, run: Run, ok: bool) -> None:
        self.inputs += 1
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        self.peak_bytes = max(self.peak_bytes, run.peak_bytes)
        if run.seconds > TIME_CAP_S:
            self.hangs += 1
        if run.peak_bytes > MEMORY_CAP_BYTES:
            self.over_memory += 1
        if not ok:
            self.crashes += 1
        elif run.code == 0:
            self.accepted += 1
        else:
            self.refused_cleanly += 1

    def write(self, path: str) -> None:
        Path(path).write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")


TALLY = Tally()


@contextlib.contextmanager
def memory_cage() -> Iterator[None]:
    """A hard address-space limit a little above what the process uses now (Linux only)."""
    statm = Path("/proc/self/statm")
    if not statm.exists():
        yield
        return
    pages = int(statm.read_text().split()[0])
    current = pages * os.sysconf("SC_PAGE_SIZE")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = current + CAGE_EXTRA_BYTES
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def run(*args: str) -> Run:
    """`meshdesk ARGS` in this process, with its output captured and its memory measured."""
    out, err = io.StringIO(), io.StringIO()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with memory_cage(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    except MemoryError:
        code = -1
        err.write("MemoryError: the memory cage was hit")
    finally:
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return Run(list(args), code, out.getvalue(), err.getvalue(), peak, seconds)


def problems(result: Run, written: Path | None = None) -> list[str]:
    """Every way this run broke the contract (empty: it kept it)."""
    found = []
    if result.code not in (0, 2):
        found.append(f"exit code {result.code}")
    if "Traceback" in result.err or "internal error" in result.err:
        found.append("a traceback or an internal error")
    if any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in result.err):
        found.append("a raw control character on stderr")
    if result.code == 2:
        lines = [line for line in result.err.splitlines() if line.strip()]
        if not lines or not lines[0].startswith("meshdesk: "):
            found.append("no 'meshdesk: ...' sentence on stderr")
        if written is not None and written.exists():
            found.append("a file was written although the input was refused")
    if result.peak_bytes > MEMORY_CAP_BYTES:
        found.append(f"peak memory {result.peak_bytes / 2**20:.0f} MiB")
    if result.seconds > TIME_CAP_S:
        found.append(f"took {result.seconds:.1f} s")
    return found


def check(kind: str, result: Run, written: Path | None = None) -> None:
    found = problems(result, written)
    TALLY.count(kind, result, ok=not found)
    assert not found, (
        f"meshdesk {' '.join(result.args)} broke the contract: {'; '.join(found)}\n"
        f"stderr: {result.err[-1500:]}"
    )


def note_round_trip_failure() -> None:
    TALLY.round_trip_failures += 1


def python_version() -> str:
    return sys.version.split()[0]
