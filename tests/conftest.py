"""Shared fixtures. Every test runs with MeshDesk's user folders redirected to a temp dir."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

# Qt must never try to reach a display in tests; set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("SOURCE_DATE_EPOCH", None)
os.environ.pop("MESHDESK_DATASET", None)


# --- markers: what a test needs, applied by where it lives so none is forgotten -------------

TESTS = Path(__file__).resolve().parent
FOLDER_MARKERS = {
    "ui": ("gui",),  # a QApplication on the offscreen platform
    "journeys": ("gui", "slow"),  # Xvfb, xdotool and the real program: seconds each
    "journeys/window": ("real_dialogs",),  # the real message backend, no modal-dialog guard
}
# runs tests/journeys/window in a child pytest: it needs what they need
FILE_MARKERS = {"journeys/test_in_window.py": ("real_dialogs", "libreoffice")}
QT_FIXTURES = {"qtbot", "qapp"}


def markers_for(path: Path, fixtures: set[str]) -> set[str]:
    where = path.resolve().relative_to(TESTS).as_posix()
    names = set(FILE_MARKERS.get(where, ()))
    for folder, marks in FOLDER_MARKERS.items():
        if where.startswith(folder + "/"):
            names.update(marks)
    if fixtures & QT_FIXTURES:
        names.add("gui")
    return names


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`-m "not gui"` runs the suite that needs no display libraries; `-m "not slow"` the
    quick part. Markers declared in pyproject.toml; tests may still add their own."""
    for item in items:
        for name in sorted(markers_for(item.path, set(getattr(item, "fixturenames", ())))):
            if not item.get_closest_marker(name):
                item.add_marker(getattr(pytest.mark, name))


@pytest.fixture(autouse=True)
def meshdesk_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("meshdesk-home")
    monkeypatch.setenv("MESHDESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def dataset():  # type: ignore[no-untyped-def]
    from meshdesk.io.dataset import load_dataset

    return load_dataset()


@pytest.fixture
def workbook(dataset):  # type: ignore[no-untyped-def]
    return dataset.new_workbook(
        title="Test evaluation", author="Tester", created="2026-11-27T10:00:00+00:00"
    )


@pytest.fixture(scope="session")
def data_root() -> Path:
    from meshdesk.locations import data_dir

    return data_dir()


@pytest.fixture(scope="session")
def questionnaire(dataset):  # type: ignore[no-untyped-def]
    from meshdesk.io.questionnaire import load_questionnaire

    return load_questionnaire(dataset=dataset)


@pytest.fixture
def data_copy(tmp_path: Path, data_root: Path) -> Path:
    """A private copy of data/ for tests that corrupt it."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(data_root, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a text file; the test fails if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- nothing a test starts outlives it (the pattern of napari's _dangling_qthread_pool) -------

DANGLING_GRACE_S = 5.0  # work that is ending anyway may take this long to end


@pytest.fixture(autouse=True)
def no_dangling_work(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Fail a test that leaves background work running or a Qt timer active after its own
    teardown (its window closed): such work would run into the next test, or into nothing.
    Only tests that have loaded Qt are checked, so the rest never import it."""
    import sys

    if "PySide6.QtCore" not in sys.modules:
        yield
        return
    import shiboken6
    from PySide6.QtCore import QTimer

    started: list[QTimer] = []
    start = QTimer.start

    def tracked_start(self: QTimer, *args: object) -> None:
        started.append(self)
        start(self, *args)

    monkeypatch.setattr(QTimer, "start", tracked_start)
    yield
    from meshdesk.ui import tasks

    deadline = time.monotonic() + DANGLING_GRACE_S
    while tasks.unfinished_jobs() and time.monotonic() < deadline:
        time.sleep(0.01)
    jobs = tasks.unfinished_jobs()
    assert not jobs, f"the test left {len(jobs)} background job(s) running"
    active = [t for t in started if shiboken6.isValid(t) and t.isActive()]
    names = ", ".join(
        f"{t.objectName() or 'unnamed'} ({t.interval()} ms, parent {type(t.parent()).__name__})"
        for t in active
    )
    assert not active, f"the test left {len(active)} timer(s) running: {names}"
