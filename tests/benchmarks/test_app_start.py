"""The app's first window against a bare PySide6 window, each in a fresh process
(target: at most 1.5x), measured in the same run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.conftest import report

BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "from PySide6.QtCore import QTimer\n"
    "app = QApplication([])\n"
    "w = QMainWindow(); w.resize(1240, 680); w.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)


def timed(command: list[str], env: dict[str, str]) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)
        best = min(best, time.perf_counter() - began)
    return best


def test_first_window_against_a_bare_window(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "CASEFILE_QUIT_WHEN_SHOWN": "1",
    }
    baseline = timed([sys.executable, "-c", BARE], env)
    ours = timed([sys.executable, "-m", "casefile"], env)
    report("app first window (start page) vs bare PySide6 window", ours, baseline, 1.5)
