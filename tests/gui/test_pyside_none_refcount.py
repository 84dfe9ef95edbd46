"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void Qt call and
aborts after a few thousand; the pinned version must not (see MEASURED.md)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_twenty_thousand_void_qt_calls_keep_none_alive() -> None:
    document = QTextDocument("x" * 100)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for index in range(20_000):
        cursor.setPosition(index % 100)
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references"
