"""poppler-utils for tests: the text, fonts and metadata of a PDF as a reader's tools see them.

Tests that use these FAIL (never skip) when poppler is missing: CI installs it (`.ci/run`),
and a test that silently skips proves nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

TIMEOUT_S = 120


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    pytest.fail(
        f"{tool} (poppler-utils) is not installed, and this test reads the memo with it. "
        "Install it (Debian: apt-get install poppler-utils).",
        pytrace=False,
    )


def _run(tool: str, *args: str) -> str:
    result = subprocess.run(
        [poppler(tool), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, f"{tool} failed: {result.stderr.strip()}"
    return result.stdout


def pdftotext(
    path: Path, *, layout: bool = False, first: int | None = None, last: int | None = None
) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    args = [*(["-layout"] if layout else []), *pages, "-enc", "UTF-8", str(path), "-"]
    return _run("pdftotext", *args)


def flat(text: str) -> str:
    """Text with every run of whitespace removed: pdftotext breaks lines where the page does."""
    return re.sub(r"\s+", "", text)


def pdffonts(path: Path) -> list[dict[str, str]]:
    """One row per font: name, type, emb, sub, uni."""
    lines = _run("pdffonts", str(path)).splitlines()[2:]
    rows = []
    for line in lines:
        # name and type may hold spaces; the last columns do not
        parts = line.split()
        rows.append(
            {
                "name": parts[0],
                "emb": parts[-5],
                "sub": parts[-4],
                "uni": parts[-3],
                "line": line,
            }
        )
    return rows


def pdfinfo(path: Path) -> dict[str, str]:
    info = {}
    for line in _run("pdfinfo", str(path)).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info
