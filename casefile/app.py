"""Composition root of the desktop app: QApplication, settings, the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def main(argv: Sequence[str] | None = None) -> int:
    from casefile.display import NO_DISPLAY, display_missing

    if display_missing():  # Qt's own abort message would blame the wrong thing
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from casefile.resources import resource
    from casefile.ui.main_window import MainWindow

    args, source, page = split_place(list(sys.argv[1:] if argv is None else argv))
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
    if source is not None:
        open_at(window, source, page)
    if os.environ.get("CASEFILE_SCREENSHOT"):  # used to make the README's screenshot
        from casefile.ui.screenshot import schedule_screenshot

        schedule_screenshot(window, Path(os.environ["CASEFILE_SCREENSHOT"]))
    return int(app.exec())


def split_place(args: list[str]) -> tuple[list[str], int | None, str | None]:
    """Take ``--source ID`` and ``--page LABEL`` out of the arguments (the rest go to Qt)."""
    rest: list[str] = []
    source: int | None = None
    page: str | None = None
    items = iter(args)
    for arg in items:
        name, _, value = arg.partition("=")
        if name in ("--source", "--page"):
            value = value or next(items, "")
            if name == "--source" and value.isdigit():
                source = int(value)
            elif name == "--page" and value:
                page = value
            continue
        rest.append(arg)
    return rest, source, page


def open_at(window: Any, source: int, page: str | None) -> None:
    """Once the case file shows its first source, show this source (at this page)."""

    def shown(_first: object) -> None:
        window.ctx.source_shown.disconnect(shown)
        window.ctx.show_source.emit(source, None, page)

    window.ctx.source_shown.connect(shown)
