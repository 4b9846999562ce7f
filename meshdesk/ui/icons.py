"""SVG icons from resources/icons, tinted with the palette's text colour so they read on
light and dark themes, rendered crisp at any device pixel ratio."""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from meshdesk.locations import resource

PLACEHOLDER = "#333333"
SIZES = (16, 20, 24, 32, 48)


@functools.cache
def icon(name: str) -> QIcon:
    path = resource("icons", f"{name}.svg")
    if not path.is_file():
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    renderer = QSvgRenderer(QByteArray(svg.replace(PLACEHOLDER, color).encode("utf-8")))
    result = QIcon()
    ratio = max(
        1.0,
        QGuiApplication.primaryScreen().devicePixelRatio()
        if QGuiApplication.primaryScreen()
        else 1.0,
    )
    for size in SIZES:
        pixmap = QPixmap(int(size * ratio), int(size * ratio))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    path = resource("icons", "meshdesk.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()
