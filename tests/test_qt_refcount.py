"""PySide6 6.12.0 drops a reference to None on every Qt call returning nothing (Python 3.11).

The process then dies in none_dealloc after a few thousand calls. This test makes
10,000 such calls; with a broken binding None's count falls by ~10,000.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QPoint


def test_void_qt_calls_keep_none_refcount() -> None:
    point = QPoint()
    obj = QObject()
    before = sys.getrefcount(None)
    for i in range(5_000):
        point.setX(i)
        obj.setObjectName("pane")
    after = sys.getrefcount(None)
    # Allow for incidental references made by the interpreter itself.
    assert abs(after - before) < 100, f"None refcount moved by {after - before}"
