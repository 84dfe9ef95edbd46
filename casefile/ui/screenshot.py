"""Screenshots of the real window on the demo case, for the README.

Run under a display (Xvfb in CI-like machines)::

    xvfb-run -a -s "-screen 0 1600x1000x24" python -m casefile.ui.screenshot resources/
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from casefile.services.demo import build_demo

SHOTS = {  # file name -> the demo source shown (1 English, 4 Russian, 5 Korean)
    "screenshot-main-window.png": 1,
    "screenshot-russian.png": 4,
    "screenshot-korean.png": 5,
}


def schedule_screenshot(window: QWidget, path: Path, delay_ms: int = 1500) -> None:
    """Save ``window`` to ``path`` once it has painted, then quit."""

    def shoot() -> None:
        window.grab().save(str(path))
        QApplication.quit()

    QTimer.singleShot(delay_ms, shoot)


def main(folder: Path) -> None:
    from casefile.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp())
    build_demo(work / "Demo.casefile").close()
    window = MainWindow(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(1440, 860)
    window.show()
    window.open_case(work / "Demo.casefile")
    window.excerpt_scope.setCurrentIndex(1)  # the excerpts of every source, in all three scripts
    queue = list(SHOTS.items())

    def next_shot() -> None:
        if not queue:
            window.close()
            app.quit()
            return
        name, source = queue.pop(0)
        window.show_source(source)
        excerpts = window.case.excerpts(source_id=source)
        window.select_excerpt(excerpts[-1].id, scroll=False)
        QTimer.singleShot(900, lambda: (window.grab().save(str(folder / name)), next_shot()))

    QTimer.singleShot(700, next_shot)
    app.exec()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "resources"))
