"""Screenshots of the real window, for the README (run under Xvfb)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def schedule_screenshot(window: QWidget, path: Path, delay_ms: int = 1500) -> None:
    """Save ``window`` to ``path`` once it has painted, then quit."""

    def shoot() -> None:
        window.grab().save(str(path))
        QApplication.quit()

    QTimer.singleShot(delay_ms, shoot)
