"""poppler-utils for tests: the text, fonts and metadata of a PDF as a reader's tools see them.

Tests that use these FAIL (never skip) when poppler is missing: CI installs it (`.ci/run`),
and a test that silently skips proves nothing.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf
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


# --- the page as a reader sees it: lines, their fonts, how full the page is ---------------------

HEADING_SIZE = 9.5  # the smallest heading (h3) is bold at this size; table text is smaller


@dataclass(frozen=True)
class TextLine:
    """One line of a page: its baseline (points from the bottom), text, fonts and sizes."""

    y: float
    text: str
    fonts: frozenset[str]
    sizes: frozenset[float]

    @property
    def bold(self) -> bool:
        return all("Bold" in f for f in self.fonts)

    @property
    def is_heading(self) -> bool:
        """Set in bold only, no smaller than the smallest heading (body text has bold words,
        never a bold line of its own; table headers and cells are smaller)."""
        return self.bold and min(self.sizes) >= HEADING_SIZE


@dataclass(frozen=True)
class Page:
    number: int
    height: float
    lines: tuple[TextLine, ...]  # the body (between the margins), top to bottom
    margin: float

    @property
    def frame(self) -> float:
        return self.height - 2 * self.margin

    @property
    def fill(self) -> float:
        """How far down the body reaches: 0 (empty) to 1 (to the bottom margin), from the
        first line's top to the last line's baseline."""
        if not self.lines:
            return 0.0
        return (self.height - self.margin - self.lines[-1].y) / self.frame


def pages(path: Path, margin: float = 20 * 72 / 25.4) -> list[Page]:
    """Every page's body lines, read with pypdf (font and size of every piece of text)."""
    reader = pypdf.PdfReader(path)
    found = []
    for number, page in enumerate(reader.pages, 1):
        height = float(page.mediabox.height)
        pieces: dict[float, list[tuple[float, str, str, float]]] = {}

        def visit(text, cm, tm, font, size, pieces=pieces):  # type: ignore[no-untyped-def]
            if not text.strip() or font is None:
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = math.hypot(tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3])
            pieces.setdefault(round(y), []).append(
                (x, text.replace("\n", " "), str(font.get("/BaseFont", "")), size * scale)
            )

        page.extract_text(visitor_text=visit)
        lines = [
            TextLine(
                float(y),
                re.sub(r"\s+", " ", "".join(t for _, t, _, _ in sorted(row))).strip(),
                frozenset(f for _, _, f, _ in row),
                frozenset(round(s, 1) for _, _, _, s in row),
            )
            for y, row in sorted(pieces.items(), reverse=True)
            if margin - 2 <= y <= height - margin + 2  # the body: not header, footer
        ]
        found.append(Page(number, height, tuple(line for line in lines if line.text), margin))
    return found


def section(path: Path, start: str, end: str, *, layout: bool = False) -> str:
    """The text of a PDF from the first line holding `start` to the next holding `end` (for
    checking what one section says); fails when either is missing."""
    lines = pdftotext(path, layout=layout).splitlines()
    first = next((k for k, line in enumerate(lines) if start in line), None)
    assert first is not None, f"{start!r} is not in {path.name}"
    last = next((k for k, line in enumerate(lines[first + 1 :], first + 1) if end in line), None)
    assert last is not None, f"{end!r} does not follow {start!r} in {path.name}"
    return "\n".join(lines[first:last])
