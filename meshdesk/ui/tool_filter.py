"""The grid's proxy: sorting by raw numbers, filtering by name text and lifecycle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from meshdesk.ui.model import ScoreTableModel
from meshdesk.ui.roles import Role

Index = QModelIndex | QPersistentModelIndex


class ToolFilterProxy(QSortFilterProxyModel):
    """Sorting by raw numbers and filtering by name text and lifecycle."""

    LIFECYCLE_ANY, LIFECYCLE_ACTIVE, LIFECYCLE_INACTIVE = "any", "active", "inactive"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(Role.SORT)
        # Rows are sorted when the user asks (a header click) and when the weights change
        # (the ranking is what they watch), never behind the back of someone typing: with a
        # dynamic sort, each Enter re-sorted the rows and the next value landed on another tool.
        self.setDynamicSortFilter(False)
        self._name_filter = ""
        self._lifecycle = self.LIFECYCLE_ANY
        self._hide_inactive = False

    def _change_filter(self, name: str, value: object) -> None:
        """Set a filter attribute and refilter rows (beginFilterChange exists from Qt 6.9)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            setattr(self, name, value)
            self.invalidateRowsFilter()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Row numbers count the rows as shown (1, 2, 3 in a sorted or filtered view), not the
        workbook's order."""
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    def lessThan(self, left: Index, right: Index) -> bool:
        """Compare computed columns through one cached numpy key per row: a re-sort after a
        weight change then costs one Python call per comparison instead of two data() calls."""
        source = self.sourceModel()
        if isinstance(source, ScoreTableModel):
            keys = source.sort_keys(left.column())
            if keys is not None:
                return bool(keys[left.row()] < keys[right.row()])
        return super().lessThan(left, right)

    def set_name_filter(self, text: str) -> None:
        self._change_filter("_name_filter", text.strip().casefold())

    def set_lifecycle_filter(self, mode: str) -> None:
        self._change_filter("_lifecycle", mode)

    def set_hide_inactive(self, hide: bool) -> None:
        self._change_filter("_hide_inactive", hide)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if (
            not self._name_filter
            and not self._hide_inactive
            and self._lifecycle == self.LIFECYCLE_ANY
        ):
            return True  # no filter: answer at once (asked for every changed row)
        source = self.sourceModel()
        if not isinstance(source, ScoreTableModel):
            return True
        tool = source.workbook.tools[source_row]
        active = tool.is_active
        if (self._hide_inactive or self._lifecycle == self.LIFECYCLE_ACTIVE) and not active:
            return False
        if self._lifecycle == self.LIFECYCLE_INACTIVE and active:
            return False
        return not self._name_filter or self._name_filter in tool.name.casefold()
