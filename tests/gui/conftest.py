"""GUI fixtures: a main window on a temporary case file, with the real threaded
database worker (and, where a test asks, the inline one); settings in tmp."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from casefile.services import Case
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.ui.main_window import MainWindow
from casefile.ui.worker import DbWorker

TEXT = (
    "Interview transcript 😀 𠀋 (two characters outside the BMP before everything).\n\n"
    "AMBASSADOR: No refugee has ever been returned against his will.\n\n"
    "WITNESS: Two officers carried him to the van. He had no shoes on.\n\n"
    "Посол заявил, что никто не был выслан принудительно.\n\n"
    "증인: 그는 돌아가면 죽는다는 것을 알고 있었습니다.\n"
)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    path = tmp_path / "matter.casefile"
    document = tmp_path / "interview.txt"
    document.write_text(TEXT, encoding="utf-8")
    with Case.create(path, title="Matter of P.") as case:
        case.run(ImportSource(prepare_import(document)))
    return path


def settle(window: MainWindow, timeout_s: float = 10.0) -> None:
    """Let the worker finish every job and the GUI deliver every result."""
    for _ in range(4):  # a delivered result may queue the next job
        assert window.worker.wait_idle(timeout_s), "the database worker did not finish"
        QApplication.processEvents()


@pytest.fixture(params=["thread", "inline"])
def window(
    request: pytest.FixtureRequest, qtbot: object, settings: QSettings, case_path: Path
) -> Iterator[MainWindow]:
    worker = DbWorker(inline=request.param == "inline")
    main = MainWindow(settings, worker)
    qtbot.addWidget(main)  # type: ignore[attr-defined]
    main.show()
    main.open_case(case_path)
    settle(main)
    assert main.ctx.current_source is not None
    yield main
    main.close_case()
    worker.shutdown()


def select(window: MainWindow, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Select ``quote`` in the document as a user would (Qt positions), return code points."""
    view = window.parts["document"].view  # type: ignore[attr-defined]
    text = view.toPlainText()  # a Python str: indexed in code points, like the core
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(start))
    cursor.setPosition(view.offsets.to_utf16(end), cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.setFocus()
    return start, end
