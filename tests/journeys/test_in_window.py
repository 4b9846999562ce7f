"""Runs the in-window journeys (tests/journeys/window) in a child pytest whose QApplication
uses the xcb platform of the virtual X screen: the real window, the real dialogs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_in_window_journeys_pass_on_a_real_x_server(display, profile):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "MESHDESK_"))}
    env.update(profile.env)
    env.update(
        {
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "MESHDESK_JOURNEY_WINDOW": "1",
            "PYTHONFAULTHANDLER": "1",
        }
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-o",
            "addopts=",
            str(ROOT / "tests" / "journeys" / "window"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    # the head of stderr too: a fatal error's first line (what aborted) comes before the long
    # thread dump that follows it
    report = result.stdout[-4000:] + "\n--- stderr ---\n" + result.stderr[:2500]
    if len(result.stderr) > 2500:
        report += "\n[...]\n" + result.stderr[-2500:]
    assert result.returncode == 0, f"in-window journeys failed:\n{report}"
    assert " passed" in result.stdout and "skipped" not in result.stdout, report
