"""Composition root of the desktop app: QApplication, settings, the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

NO_DISPLAY = (
    "casefile: no display found (DISPLAY and WAYLAND_DISPLAY are not set); the desktop app "
    "needs one. Use the command line instead: casefile --help"
)


def display_missing() -> bool:
    """True on Linux/BSD with no X11 or Wayland display and no platform chosen."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return False
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    if display_missing():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from casefile.resources import resource
    from casefile.ui.main_window import MainWindow

    args = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(
        [sys.argv[0], *[a for a in args if a.startswith("-")]]
    )
    assert isinstance(app, QApplication)
    app.setOrganizationName("Casefile")
    app.setApplicationName("Casefile")
    app.setApplicationDisplayName("Casefile")
    app.setDesktopFileName("io.github.casefile.Casefile")
    icon = resource("icons", "casefile.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    window = MainWindow(QSettings())
    paths = [a for a in args if not a.startswith("-")]
    last = str(window.settings.value("last", "") or "")
    window.show()
    if paths:
        window.open_case(Path(paths[0]))
    elif last and Path(last).exists():
        window.open_case(Path(last))
    if os.environ.get("CASEFILE_SCREENSHOT"):  # used to make the README's screenshot
        from casefile.ui.screenshot import schedule_screenshot

        schedule_screenshot(window, Path(os.environ["CASEFILE_SCREENSHOT"]))
    return int(app.exec())
