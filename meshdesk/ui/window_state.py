"""The window's life: closing, dropped files, the first start's layout, and the sizes and
view options remembered between starts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent

from meshdesk.io.project import SUFFIX
from meshdesk.ui import settings
from meshdesk.ui.window_base import WindowBase

WEIGHTS_WIDTH, WEIGHTS_MIN_WIDTH = 320, 260  # the weights dock on a first start
GRID_HEIGHT_SHARE = (0.35, 0.7)  # of the height above the details pane, on a first start


class WindowState(WindowBase):
    # --- window events -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tasks.busy:
            self.tasks.wait()
        if not self.maybe_save():
            event.ignore()
            return
        self._save_settings()
        self.autosaver.close()
        self._shortlist_timer.stop()  # a closed window refreshes nothing
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and urls[0].toLocalFile().endswith(SUFFIX):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_path(Path(urls[0].toLocalFile()))

    # --- layout ------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._laid_out:
            self._laid_out = True
            self.apply_default_layout()

    def apply_default_layout(self) -> None:
        """A first start's sizes (later starts restore the user's): the weights dock as wide
        as it can be while the grid shows every column (not below WEIGHTS_MIN_WIDTH), and the
        grid as tall as its rows, so the details pane below it gets the height left."""
        if not self._docks_restored:
            room = self.width() - self.grid.natural_width() - 16  # the dock's frame and handle
            width = max(WEIGHTS_MIN_WIDTH, min(WEIGHTS_WIDTH, room))
            self.resizeDocks([self.weights_dock], [width], Qt.Orientation.Horizontal)
        if "name" not in settings.column_widths(self.settings):
            QTimer.singleShot(0, self.grid, self.grid.widen_names)  # once the docks are sized
        if not self._splitter_restored and self.details.isVisibleTo(self):
            total = self.splitter.height() - self.splitter.handleWidth()
            top = self.splitter.widget(0)
            assert top is not None  # the grid's column, added in __init__
            above_grid = top.height() - self.grid.height()
            low, high = (int(total * share) for share in GRID_HEIGHT_SHARE)
            wanted = max(low, min(high, above_grid + self.grid.content_height()))
            self.splitter.setSizes([wanted, total - wanted])

    # --- settings ----------------------------------------------------------------------------
    def _remember_column_widths(self) -> None:
        settings.set_column_widths(self.settings, self.grid.column_widths())

    def _restore_column_widths(self) -> None:
        self.grid.restore_column_widths(settings.column_widths(self.settings))

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self._docks_restored = self.restoreState(state)
        # not "window/splitter": that was a side-by-side splitter, and a splitter's state
        # carries its orientation
        splitter = s.value("window/details-splitter")
        if isinstance(splitter, QByteArray):
            self._splitter_restored = self.splitter.restoreState(splitter)
        self.grid.restore_column_widths(settings.column_widths(s))
        heat = settings.flag(s, "view/heat-map")
        self.act_heat.setChecked(heat)
        self.model.set_heat_map(heat)
        self.hide_inactive.setChecked(settings.flag(s, "view/hide-inactive"))
        lifecycle = self.lifecycle_box.findData(s.value("view/lifecycle-filter"))
        if lifecycle >= 0:
            self.lifecycle_box.setCurrentIndex(lifecycle)
        details = settings.flag(s, "view/details", True)
        self.act_details.setChecked(details)
        self.details.setVisible(details)

    def _save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/details-splitter", self.splitter.saveState())
        settings.set_column_widths(s, self.grid.column_widths())
        s.setValue("view/heat-map", self.act_heat.isChecked())
        s.setValue("view/hide-inactive", self.hide_inactive.isChecked())
        s.setValue("view/lifecycle-filter", self.lifecycle_box.currentData())
        s.setValue("view/details", self.act_details.isChecked())
        s.sync()
