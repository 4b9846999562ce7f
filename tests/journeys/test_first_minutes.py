"""A user's first minutes, with the real `meshdesk` program on a real X server, driven from
outside with xdotool (the way ../shared/tools/first-minutes checks a release).

Each journey failed on the first release: the app died ten seconds after the first edit
(autosave), quitting with unsaved work did not ask, and after a crash the next start died on
the recovery prompt."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.journeys.desktop import Desktop, MeshDesk, Profile, wait_until

MAIN = r"— MeshDesk$"
WIZARD = r"^Questionnaire"
UNSAVED = r"^Unsaved changes"
RECOVER = r"^Recover unsaved work"
SAVE_AS = r"^Save project as"
AUTOSAVE_WAIT_S = 14  # the app promises a recovery copy within 10 s of the first change


def start_and_dismiss_questionnaire(meshdesk: MeshDesk, desktop: Desktop) -> int:
    """Start; on a first start the questionnaire is offered: close it as a user would."""
    meshdesk.start()
    window = desktop.wait_for_window(MAIN)
    desktop.answer(WIZARD, "Escape")
    desktop.wait_gone(WIZARD)
    return window


def type_a_score(desktop: Desktop, window: int, score: str) -> None:
    """The grid has the keyboard at start, on the first score of the first tool."""
    desktop.focus(window)
    desktop.type(score)
    desktop.key("Return")
    wait_until(lambda: "*" in desktop.title_of(MAIN), 5, "the edit did not mark the window")


def saved_score(path: Path, tool: str, criterion: str) -> float:
    project = json.loads(path.read_text(encoding="utf-8"))
    return next(t for t in project["tools"] if t["id"] == tool)["scores"][criterion]


def save_through_the_dialog(desktop: Desktop, target: Path) -> None:
    """Qt's own file dialog: the file name field has the keyboard; type a path, press Enter."""
    desktop.answer(SAVE_AS, "ctrl+a", text=None)
    desktop.type(str(target))
    desktop.key("Return")


def test_first_start_offers_the_questionnaire_once(meshdesk, desktop, profile):
    start_and_dismiss_questionnaire(meshdesk, desktop)
    assert meshdesk.alive, meshdesk.output()
    meshdesk.stop()
    meshdesk.start()
    desktop.wait_for_window(MAIN)
    time.sleep(2)  # the offer comes at once after the window shows, if it comes
    assert not desktop.title_of(WIZARD), "the questionnaire was offered a second time"


def test_edit_autosave_kill_and_recover(meshdesk, desktop, profile: Profile, tmp_path):
    window = start_and_dismiss_questionnaire(meshdesk, desktop)
    type_a_score(desktop, window, "3")
    time.sleep(AUTOSAVE_WAIT_S)
    assert meshdesk.alive, f"the app died after the first autosave:\n{meshdesk.output()}"
    copies = list(profile.recovery_dir.glob("*.meshdesk"))
    assert len(copies) == 1, "no recovery copy was written within 10 s of the edit"
    assert saved_score(copies[0], "istio", "core") == 3

    meshdesk.kill_hard()
    meshdesk.start()
    desktop.answer(RECOVER, "Return")  # Recover is the default button
    desktop.wait_gone(RECOVER)
    main = desktop.wait_for_window(MAIN)
    assert "*" in desktop.title_of(MAIN), "the recovered work is not marked unsaved"
    assert meshdesk.alive, meshdesk.output()

    target = tmp_path / "recovered.meshdesk"
    desktop.focus(main)
    desktop.key("ctrl+s")
    save_through_the_dialog(desktop, target)
    wait_until(target.exists, 10, "the recovered work was not saved")
    assert saved_score(target, "istio", "core") == 3
    wait_until(
        lambda: not list(profile.recovery_dir.glob("*.meshdesk")),
        5,
        "recovery files were left after the work was saved",
    )


def test_quitting_with_unsaved_work_asks_and_cancel_keeps_it(meshdesk, desktop, tmp_path):
    window = start_and_dismiss_questionnaire(meshdesk, desktop)
    type_a_score(desktop, window, "4")
    desktop.focus(window)
    desktop.key("ctrl+q")
    desktop.answer(UNSAVED, "Escape")  # Cancel
    desktop.wait_gone(UNSAVED)
    time.sleep(0.5)
    assert meshdesk.alive, "Cancel on the unsaved-changes prompt closed the app"
    assert "*" in desktop.title_of(MAIN)

    desktop.focus(window)
    desktop.key("ctrl+q")
    desktop.answer(UNSAVED, "Return")  # Save is the default button
    target = tmp_path / "kept.meshdesk"
    save_through_the_dialog(desktop, target)
    assert meshdesk.exit_status() == 0, meshdesk.output()
    assert saved_score(target, "istio", "core") == 4


def test_a_damaged_recovery_file_never_stops_the_app(meshdesk, desktop, profile: Profile):
    """The first release could not start again after a crash: the recovery prompt crashed."""
    profile.recovery_dir.mkdir(parents=True)
    (profile.recovery_dir / "0123abcd.meshdesk").write_text('{"format": "meshdesk-pro', "utf-8")
    meshdesk.start()
    desktop.answer(RECOVER, "Return")
    desktop.answer(r"^Cannot recover", "Return")
    desktop.wait_for_window(MAIN)
    time.sleep(1)
    assert meshdesk.alive, meshdesk.output()
    assert (profile.recovery_dir / "0123abcd.meshdesk").exists()  # kept, never thrown away
