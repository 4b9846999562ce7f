"""Help > Keyboard Shortcuts lists the window's real actions; Help > Getting Started shows the
guide shipped with the app, offline, in a non-modal viewer."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from meshdesk import locations
from meshdesk.ui.help_menu import FOLDERS_MARK, HelpMenu, guide_html, guide_path

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("grid", "scores", "weights", "questionnaire", "facts", "exports", "undo", "files")


def _help(window) -> HelpMenu:  # type: ignore[no-untyped-def]
    helper = window.findChild(HelpMenu, "help-menu")
    assert helper is not None
    return helper


def _menu_actions(menu: QMenu, title: str) -> list[tuple[str, QAction]]:
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found += _menu_actions(action.menu(), f"{title} > {action.menu().title()}")
        elif not action.isSeparator():
            found.append((title, action))
    return found


def _expected(window) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(menu, keys) of every menu action with a shortcut, read from the menus directly."""
    native = QKeySequence.SequenceFormat.NativeText
    expected = set()
    for top in window.menuBar().actions():
        for title, action in _menu_actions(top.menu(), top.menu().title()):
            keys = ", ".join(s.toString(native) for s in action.shortcuts())
            if keys:
                expected.add((title.replace("&", ""), keys))
    return expected


def test_the_help_menu_offers_the_guide_and_the_shortcuts(window):
    helper = _help(window)
    actions = window.help_menu.actions()
    assert actions.index(helper.act_guide) < actions.index(window.act_about)
    assert actions.index(helper.act_shortcuts) < actions.index(window.act_about)
    assert helper.act_guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


def test_the_shortcuts_list_is_the_windows_actions(window):
    dialog = _help(window).show_shortcuts()
    assert dialog.isVisible() and not dialog.isModal()
    rows = dialog.rows()
    assert {(group, keys) for group, _, keys in rows} == _expected(window)
    by_name = {name: (group, keys) for group, name, keys in rows}
    native = QKeySequence.SequenceFormat.NativeText
    assert by_name["Save As"] == ("File", window.act_save_as.shortcut().toString(native))
    assert by_name["Undo"][0] == "Edit"  # not "Undo Edit score": the name of the action
    assert by_name["Heat Map"] == ("View", "Ctrl+H")
    assert by_name["Decision Memo (PDF)"] == ("File > Export", "Ctrl+Shift+E")
    assert by_name["Getting Started"][0] == "Help"
    assert len(by_name) == len(rows)  # each action once


def test_the_list_follows_the_actions_so_it_cannot_drift(window):
    helper = _help(window)
    helper.show_shortcuts()
    window.act_heat.setShortcut(QKeySequence("Ctrl+Alt+H"))
    extra = window.help_menu.addAction("Test Action")
    extra.setShortcut(QKeySequence("Ctrl+Alt+J"))
    rows = helper.show_shortcuts().rows()
    assert ("View", "Heat Map", "Ctrl+Alt+H") in rows
    assert ("Help", "Test Action", "Ctrl+Alt+J") in rows
    assert helper.show_shortcuts() is helper.shortcuts_dialog  # one window, reused


def test_the_guide_ships_in_the_resources_and_covers_the_basics():
    path = guide_path()
    assert path == locations.resource("help", "guide.html") and path.is_file()
    text = path.read_text(encoding="utf-8")
    assert FOLDERS_MARK in text
    for section in SECTIONS:
        assert f'<a name="{section}">' in text, section


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.names: set[str] = set()
        self.other: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        values = dict(attrs)
        if tag == "a" and "href" in values:
            self.hrefs.append(values["href"] or "")
        if tag == "a" and "name" in values:
            self.names.add(values["name"] or "")
        if tag in ("img", "script", "link", "iframe", "object"):
            self.other.append(tag)


def test_the_guide_needs_no_network_and_its_links_stay_inside():
    parser = _Links()
    parser.feed(guide_path().read_text(encoding="utf-8"))
    assert parser.hrefs and parser.other == []
    for href in parser.hrefs:
        assert href.startswith("#") and href[1:] in parser.names, href
    assert not re.search(r"https?:", guide_path().read_text(encoding="utf-8"))


def test_the_guide_opens_in_a_non_modal_viewer_and_renders(window, monkeypatch, meshdesk_home):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    helper = _help(window)
    helper.act_guide.trigger()
    viewer = helper.guide
    assert viewer is not None and viewer.isVisible() and not viewer.isModal()
    shown = viewer.browser.toPlainText()
    assert "Getting started with MeshDesk" in shown
    for words in ("The grid", "Weights", "The questionnaire", "Exports", "Undo", "Where files go"):
        assert words in shown
    # the folders of this computer, escaped into the page (MESHDESK_HOME in the tests)
    assert str(meshdesk_home / "data" / "recovery") in shown
    assert str(meshdesk_home / "config") in shown
    # links move inside the guide; nothing goes to a browser
    viewer.browser.anchorClicked.emit(QUrl("#files"))
    viewer.browser.anchorClicked.emit(QUrl("https://example.com/"))
    assert opened == []
    helper.act_guide.trigger()
    assert helper.guide is viewer  # one window, reused


def test_a_missing_guide_is_said_plainly(monkeypatch, tmp_path):
    monkeypatch.setattr("meshdesk.ui.help_menu.guide_path", lambda: tmp_path / "nope.html")
    html = guide_html()
    assert "missing from this installation" in html and "nope.html" in html


def test_folder_names_are_escaped_into_the_guide(monkeypatch, tmp_path):
    odd = tmp_path / "<b>home</b>"
    monkeypatch.setenv("MESHDESK_HOME", str(odd))
    html = guide_html()
    assert "&lt;b&gt;home&lt;/b&gt;" in html and "<b>home</b>" not in html
