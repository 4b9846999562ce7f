"""Help > Keyboard Shortcuts and Help > Getting Started.

The shortcuts list is read from the window's own actions each time it is shown, menu by
menu, so it cannot drift from what the keys do. The guide is resources/help/guide.html,
shipped with the app (the wheel and the PyInstaller build carry all of resources/); it is
shown in a non-modal viewer that follows links inside the guide only: nothing is fetched and
no browser is started.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from meshdesk import APP_NAME, locations

GUIDE = ("help", "guide.html")
FOLDERS_MARK = "<!--meshdesk:folders-->"  # where the guide lists this computer's folders
OTHER_GROUP = "Other"


def guide_path() -> Path:
    return locations.resource(*GUIDE)


@dataclass(frozen=True)
class Shortcut:
    group: str  # the menu ("File", "File > Export") or OTHER_GROUP
    action: str  # "Save As"
    keys: str  # "Ctrl+Shift+S", several separated by ", "


def _plain(text: str) -> str:
    """A menu text as people read it: no mnemonic '&', no trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def _keys(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(s.toString(native) for s in action.shortcuts() if not s.isEmpty())


def _fixed_names(window: Any) -> dict[QAction, str]:
    """Actions whose text changes with the state (Undo names the step it undoes)."""
    names = {}
    for attribute, name in (("act_undo", "Undo"), ("act_redo", "Redo")):
        action = getattr(window, attribute, None)
        if isinstance(action, QAction):
            names[action] = name
    return names


def shortcuts(window: Any) -> list[Shortcut]:
    """Every action of the window that has a shortcut, grouped by the menu it is in (in menu
    order), then those in no menu."""
    fixed = _fixed_names(window)
    found: list[Shortcut] = []
    seen: set[int] = set()

    def walk(menu: QMenu, group: str) -> None:
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{group} > {_plain(submenu.title())}")
                continue
            if action.isSeparator():
                continue
            seen.add(id(action))
            keys = _keys(action)
            if keys:
                found.append(Shortcut(group, fixed.get(action) or _plain(action.text()), keys))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(menu.title()))
    for action in window.findChildren(QAction):
        keys = _keys(action)
        if keys and id(action) not in seen and action.text():
            found.append(Shortcut(OTHER_GROUP, fixed.get(action) or _plain(action.text()), keys))
    return found


class ShortcutsDialog(QDialog):
    """A non-modal list of the window's shortcuts, rebuilt each time it is shown."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.setWindowTitle(f"{APP_NAME} keyboard shortcuts")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setRootIsDecorated(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(480, 560)

    def refresh(self) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for shortcut in shortcuts(self._window):
            group = groups.get(shortcut.group)
            if group is None:
                group = QTreeWidgetItem(self.tree, [shortcut.group])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                groups[shortcut.group] = group
            QTreeWidgetItem(group, [shortcut.action, shortcut.keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, action, keys) as shown, for tests and the report."""
        shown = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            assert group is not None
            for j in range(group.childCount()):
                item = group.child(j)
                assert item is not None
                shown.append((group.text(0), item.text(0), item.text(1)))
        return shown


def _folders_html() -> str:
    rows = [
        ("Preferences (meshdesk.ini)", locations.config_dir()),
        ("Log of unexpected errors (meshdesk.log)", locations.user_data_dir()),
        ("Recovery files", locations.recovery_dir()),
    ]
    cells = "".join(
        f"<tr><td>{escape(what)}</td><td><code>{escape(str(path))}</code></td></tr>"
        for what, path in rows
    )
    return f"<table cellspacing=2 cellpadding=2>{cells}</table>"


def guide_html() -> str:
    """The guide with this computer's folders filled in, or a short note if it is missing."""
    path = guide_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return (
            f"<p>The guide is missing from this installation (looked for "
            f"<code>{escape(str(path))}</code>). Reinstall {APP_NAME} to bring it back.</p>"
        )
    return text.replace(FOLDERS_MARK, _folders_html())


class GuideViewer(QDialog):
    """The Getting Started guide, beside the window (non-modal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Getting started with {APP_NAME}")
        self.setModal(False)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Getting started guide")
        self.browser.setOpenLinks(False)  # links are followed here, never by a browser
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 720)

    def _follow(self, url: QUrl) -> None:
        """Jump to a section of the guide; any other link is ignored."""
        if not url.scheme() and not url.path() and url.fragment():
            self.browser.scrollToAnchor(url.fragment())


class HelpMenu(QObject):
    """The two Help entries of one window, and their single, reused windows."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("help-menu")
        self._window = window
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.guide: GuideViewer | None = None
        self.act_shortcuts = QAction("&Keyboard Shortcuts", window)
        self.act_shortcuts.setObjectName("act-keyboard-shortcuts")
        self.act_shortcuts.setStatusTip("List every keyboard shortcut, menu by menu")
        self.act_shortcuts.triggered.connect(self.show_shortcuts)
        self.act_guide = QAction("&Getting Started", window)
        self.act_guide.setObjectName("act-getting-started")
        self.act_guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.act_guide.setStatusTip("A short guide to MeshDesk (works offline)")
        self.act_guide.triggered.connect(self.show_guide)

    def show_shortcuts(self, *_args: object) -> ShortcutsDialog:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self._window)
        self.shortcuts_dialog.refresh()
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        return self.shortcuts_dialog

    def show_guide(self, *_args: object) -> GuideViewer:
        if self.guide is None:
            self.guide = GuideViewer(self._window)
        self.guide.show()
        self.guide.raise_()
        return self.guide


def install(window: Any) -> HelpMenu:
    """Add Getting Started and Keyboard Shortcuts to the window's Help menu, above About."""
    helper = HelpMenu(window)
    menu: QMenu = window.help_menu
    about = getattr(window, "act_about", None)
    actions = menu.actions()
    if about in actions:
        menu.insertActions(about, [helper.act_guide, helper.act_shortcuts])
        menu.insertSeparator(about)
    else:
        menu.addActions([helper.act_guide, helper.act_shortcuts])
    return helper
