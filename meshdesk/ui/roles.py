"""The grid model's custom data roles and column kinds.

Roles are an IntEnum so a role reads as its name in a debugger or a failing test; the model
also offers them as class attributes (`ScoreTableModel.SortRole`), the way Vorta's table
models do, so callers reach the backing ids through any proxy index.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt

_USER = int(Qt.ItemDataRole.UserRole)


class Role(IntEnum):
    SORT = _USER  # the raw value a column sorts by
    TOOL_ID = _USER + 1
    CRITERION_ID = _USER + 2
    HAS_NOTE = _USER + 3
    COLUMN_KIND = _USER + 4  # one of the KIND_* names below
    LIFECYCLE = _USER + 5
    DISCREPANCY = _USER + 6  # a total that differs from the published one
    SOURCE_SCORE = _USER + 7  # the published score, when the cell differs
    CRITERION_NAME = _USER + 8  # header: a criterion's full name
    WEIGHT_SHARE = _USER + 9  # header: its share of the weights, "17%"


KIND_NAME, KIND_SCORE, KIND_TOTAL, KIND_RANK, KIND_LIFECYCLE = (
    "name",
    "score",
    "total",
    "rank",
    "lifecycle",
)
