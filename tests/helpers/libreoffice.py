"""LibreOffice headless for tests: recalculate an .xlsx, or turn it into a PDF.

The recipe (../shared/reference/tech-notes.md, section 4.4, copied here so the tests depend on
nothing outside the repository): an isolated user profile whose registrymodifications.xcu
sets OOXMLRecalcMode=0 and ODFRecalcMode=0 ("always recalculate on load"), so LibreOffice
computes every formula instead of trusting cached values, then
`soffice -env:UserInstallation=file://PROFILE --headless --norestore --convert-to xlsx`.
Read the result with openpyxl (data_only=True) to see what a spreadsheet user sees.

Tests that use it are marked `libreoffice`. Without `soffice` they FAIL with a clear message
(CI installs LibreOffice, and a test that silently skips proves nothing), unless
MESHDESK_SKIP_LIBREOFFICE=1 is set explicitly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SKIP_VARIABLE = "MESHDESK_SKIP_LIBREOFFICE"
TIMEOUT_S = 180

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """The soffice executable; fails the test (or skips it, when asked to) if there is none."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"LibreOffice is not installed and {SKIP_VARIABLE}=1 asks to skip")
    pytest.fail(
        "LibreOffice (soffice) is not installed, and this test needs it to recalculate the "
        "exported workbook. Install it (Debian: apt-get install libreoffice-calc-nogui), or "
        f"set {SKIP_VARIABLE}=1 to skip the LibreOffice tests on purpose.",
        pytrace=False,
    )


class LibreOffice:
    """One isolated LibreOffice profile (set to always recalculate) for a test session."""

    def __init__(self, folder: Path) -> None:
        self.executable = soffice()
        self.profile = folder / "profile"
        (self.profile / "user").mkdir(parents=True, exist_ok=True)
        (self.profile / "user" / "registrymodifications.xcu").write_text(
            RECALC_ALWAYS, encoding="utf-8"
        )
        self.folder = folder

    def convert(self, source: Path, target: str, outdir: Path) -> Path:
        """`source` converted to `target` ("xlsx", "pdf") in `outdir`, recalculated on load."""
        outdir.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                self.executable,
                f"-env:UserInstallation={self.profile.resolve().as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        produced = outdir / f"{source.stem}.{target}"
        if not produced.is_file() or produced.stat().st_size == 0:
            pytest.fail(
                f"LibreOffice produced no {target} from {source} (exit {result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}",
                pytrace=False,
            )
        return produced

    def recalculate(self, source: Path) -> Path:
        """A copy of the workbook as LibreOffice saves it after recalculating every formula."""
        return self.convert(source, "xlsx", self.folder / f"recalculated-{source.stem}")

    def to_pdf(self, source: Path, outdir: Path) -> Path:
        return self.convert(source, "pdf", outdir)
