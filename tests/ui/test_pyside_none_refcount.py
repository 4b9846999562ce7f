"""Regression guard: PySide6 6.12.0 on CPython 3.11 decrements None's refcount on every
QStandardItemModel.setItem/appendRow and aborts the interpreter after a few thousand calls.
pyproject.toml excludes that combination; this test proves the installed one is safe."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtCore import QCoreApplication
app = QCoreApplication([])
model = QStandardItemModel()
before = sys.getrefcount(None)
for i in range(6000):
    model.appendRow([QStandardItem(str(i))])
for i in range(6000):
    model.setItem(i, 1, QStandardItem("x"))
after = sys.getrefcount(None)
print(model.rowCount(), before - after)
"""


def test_more_than_ten_thousand_standard_items_do_not_crash():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=False,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, f"interpreter died: {result.returncode} {result.stderr[-500:]}"
    rows, lost = result.stdout.split()
    assert int(rows) == 6000
    assert int(lost) < 1000, (
        f"None lost {lost} references: a PySide6 build with the none_dealloc bug"
    )
