"""A notice above the grid, with buttons: for news the user should act on but need not act on
now (a newer dataset, for example). It never blocks the window, as a message box would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class NoticeBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice-bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#notice-bar { background: palette(alternate-base); }")
        self.setAccessibleName("Notice")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # text may quote file contents
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_notice(self, text: str, actions: list[tuple[str, Callable[[], object]]]) -> None:
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        self.label.setText(text)
        for label, slot in [*actions, ("Dismiss", self.hide)]:
            button = QPushButton(label)
            button.clicked.connect(slot)
            if slot is not self.hide:
                button.clicked.connect(self.hide)
            self._layout.addWidget(button)
            self.buttons.append(button)
        self.show()
