"""Journeys: MeshDesk used as a person uses it, on a real X server (see desktop.py).

`window/` holds journeys that drive the real window from inside its process (pytest-qt on
the xcb platform, real dialogs); they need a QApplication on xcb, so test_in_window.py runs
them in a child pytest on the virtual screen, and they are not collected here directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.journeys.desktop import Desktop, MeshDesk, Profile, virtual_screen

IN_WINDOW = os.environ.get("MESHDESK_JOURNEY_WINDOW") == "1"
collect_ignore = [] if IN_WINDOW else ["window"]


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    with virtual_screen() as name:
        yield name


@pytest.fixture
def desktop(display: str) -> Desktop:
    return Desktop(display)


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.fresh(tmp_path)


@pytest.fixture
def meshdesk(display: str, profile: Profile, tmp_path: Path) -> Iterator[MeshDesk]:
    app = MeshDesk(display, profile, tmp_path / "meshdesk.log")
    yield app
    app.stop()
