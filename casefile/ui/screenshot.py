"""Screenshots of the real window on the demo case, for the README.

Run under a display (Xvfb)::

    python -m casefile.ui.screenshot resources/ [WIDTHxHEIGHT] [suffix]

It opens the demo case, shows an English, a Russian and a Korean source
with the excerpts of every source listed, and saves one PNG each.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from casefile.services.demo import build_demo

SHOTS = {  # file name stem -> the demo source shown (1 English, 4 Russian, 5 Korean)
    "screenshot-main-window": 1,
    "screenshot-russian": 4,
    "screenshot-korean": 5,
}


def schedule_screenshot(window: QWidget, path: Path, delay_ms: int = 1500) -> None:
    """Save ``window`` to ``path`` once it has painted, then quit."""

    def shoot() -> None:
        window.grab().save(str(path))
        QApplication.quit()

    QTimer.singleShot(delay_ms, shoot)


def main(folder: Path, size: tuple[int, int] | None = None, suffix: str = "") -> None:
    from casefile.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp())
    build_demo(work / "Demo.casefile").close()
    window = MainWindow(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    screen = window.screen().availableGeometry()
    if size is None:
        window.showMaximized()
    else:
        window.resize(min(size[0], screen.width()), min(size[1], screen.height()))
        window.show()
    window.open_case(work / "Demo.casefile")
    queue = list(SHOTS.items())
    ctx = window.ctx

    def next_shot() -> None:
        if not queue:
            window.close()
            app.quit()
            return
        name, source = queue.pop(0)
        excerpts = window.parts["excerpts"]
        excerpts.scope.setCurrentIndex(1)  # type: ignore[attr-defined]
        ctx.show_source.emit(source, None, None)

        def select_last() -> None:
            def chosen(ids: list[int]) -> None:
                if ids:
                    ctx.excerpt_selected.emit(ids[-1])
                    ctx.select_excerpt.emit(ids[-1])

            window.worker.query(lambda c: [e.id for e in c.excerpts(source_id=source)], chosen)

        def shoot() -> None:
            window.grab().save(str(folder / f"{name}{suffix}.png"))
            next_shot()

        QTimer.singleShot(500, select_last)
        QTimer.singleShot(1400, shoot)

    QTimer.singleShot(900, next_shot)
    app.exec()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "resources")
    wanted = None
    if len(sys.argv) > 2:
        w, h = sys.argv[2].lower().split("x")
        wanted = (int(w), int(h))
    main(target, wanted, sys.argv[3] if len(sys.argv) > 3 else "")
