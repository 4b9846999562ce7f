"""A virtual X screen (Xvfb) and a user's hands on it (xdotool), for the journeys.

The journeys run MeshDesk as a person does: the real process or the real window, on a real X
server with the xcb platform, with real dialogs. These helpers FAIL (never skip) when Xvfb or
xdotool is missing: `.ci/run` installs them, and a journey that silently skips proves nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SCREEN = "1600x1000x24"


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    pytest.fail(
        f"{tool} is not installed, and the journeys drive the app on a virtual X screen with "
        "it. Install it (Debian: apt-get install xvfb xdotool).",
        pytrace=False,
    )


def _free_display() -> int:
    for number in range(170, 260):
        if (
            not Path(f"/tmp/.X{number}-lock").exists()
            and not Path(f"/tmp/.X11-unix/X{number}").exists()
        ):
            return number
    pytest.fail("no free X display number between :170 and :259", pytrace=False)


@contextmanager
def virtual_screen() -> Iterator[str]:
    """Start Xvfb on a free display; yields the DISPLAY value."""
    xvfb = need("Xvfb")
    number = _free_display()
    process = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    display = f":{number}"
    try:
        wait_until(
            lambda: Path(f"/tmp/.X11-unix/X{number}").exists() or process.poll() is not None,
            10,
            "Xvfb did not start",
        )
        if process.poll() is not None:
            pytest.fail(f"Xvfb exited at once (status {process.returncode})", pytrace=False)
        yield display
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until(condition: Callable[[], object], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} (waited {timeout_s:g} s)")


@dataclass
class Profile:
    """A fresh user: an empty home with the XDG folders, as on a new machine."""

    home: Path

    @property
    def env(self) -> dict[str, str]:
        return {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(self.home / "runtime"),
        }

    @property
    def recovery_dir(self) -> Path:
        return self.home / ".local" / "share" / "MeshDesk" / "recovery"

    @classmethod
    def fresh(cls, root: Path) -> Profile:
        home = Path(tempfile.mkdtemp(prefix="home-", dir=root))
        (home / "runtime").mkdir(mode=0o700)
        return cls(home)


class Desktop:
    """xdotool on one display: find windows, focus them, press keys and type."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.xdotool = need("xdotool")

    def _run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            [self.xdotool, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "DISPLAY": self.display},
            timeout=30,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout

    def windows(self) -> dict[int, str]:
        """Visible top-level windows and their titles."""
        ids = self._run("search", "--onlyvisible", "--name", ".", check=False).split()
        found = {}
        for wid in ids:
            name = self._run("getwindowname", wid, check=False).strip()
            if name:
                found[int(wid)] = name
        return found

    def wait_for_window(self, pattern: str, timeout_s: float = 20) -> int:
        regex = re.compile(pattern)
        found: list[int] = []

        def seen() -> bool:
            found[:] = [w for w, name in self.windows().items() if regex.search(name)]
            return bool(found)

        wait_until(seen, timeout_s, f"no window titled /{pattern}/ (windows: {self.windows()})")
        return found[0]

    def wait_gone(self, pattern: str, timeout_s: float = 10) -> None:
        regex = re.compile(pattern)
        wait_until(
            lambda: not any(regex.search(n) for n in self.windows().values()),
            timeout_s,
            f"the window /{pattern}/ did not close",
        )

    def title_of(self, pattern: str) -> str:
        regex = re.compile(pattern)
        return next((n for n in self.windows().values() if regex.search(n)), "")

    def focus(self, window: int) -> None:
        """Give a window the keyboard (there is no window manager to do it on a click)."""
        self._run("windowfocus", "--sync", str(window))
        time.sleep(0.3)

    def key(self, *keys: str) -> None:
        self._run("key", "--delay", "80", *keys)
        time.sleep(0.3)

    def type(self, text: str) -> None:
        self._run("type", "--delay", "60", text)
        time.sleep(0.2)

    def answer(self, pattern: str, *keys: str, text: str | None = None) -> None:
        """Wait for a dialog, give it the keyboard, type into it and press keys."""
        window = self.wait_for_window(pattern)
        self.focus(window)
        if text is not None:
            self.type(text)
        if keys:
            self.key(*keys)


class MeshDesk:
    """The installed `meshdesk` program as a user starts it, on the virtual screen."""

    def __init__(self, display: str, profile: Profile, log: Path) -> None:
        self.display = display
        self.profile = profile
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def program() -> list[str]:
        """The console script installed beside this interpreter (as README installs it)."""
        script = Path(sys.executable).with_name("meshdesk")
        if script.exists():
            return [str(script)]
        return [sys.executable, "-m", "meshdesk"]

    def start(self, *args: str) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MESHDESK_", "QT_", "XDG_"))
        }
        env.update(self.profile.env)
        env.update({"DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb", "PYTHONFAULTHANDLER": "1"})
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [*self.program(), *args], stdout=handle, stderr=subprocess.STDOUT, env=env
        )

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def exit_status(self, timeout_s: float = 15) -> int:
        assert self.process is not None
        return self.process.wait(timeout_s)

    def kill_hard(self) -> None:
        """kill -9: no chance to save or clean up, as in a crash or a power cut."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.alive:
            assert self.process is not None
            self.process.kill()
            self.process.wait(10)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
