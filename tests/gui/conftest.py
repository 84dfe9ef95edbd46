"""GUI fixtures: a main window on a temporary case file, tasks run inline, settings in tmp."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from casefile.services import Case
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.ui.main_window import MainWindow
from casefile.ui.tasks import TaskRunner

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


@pytest.fixture
def window(qtbot: object, settings: QSettings, case_path: Path) -> Iterator[MainWindow]:
    main = MainWindow(settings, TaskRunner(inline=True))
    qtbot.addWidget(main)  # type: ignore[attr-defined]
    main.show()
    assert main.open_case(case_path)
    yield main
    main.close_case()


def select(window: MainWindow, quote: str, occurrence: int = 1) -> tuple[int, int]:
    """Select ``quote`` in the document as a user would (Qt positions), return code points."""
    text = window.case.text(window.current_source or 0)
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    cursor = window.document.textCursor()
    utf16 = lambda cp: len(text[:cp].encode("utf-16-le")) // 2  # noqa: E731
    cursor.setPosition(utf16(start))
    cursor.setPosition(utf16(end), cursor.MoveMode.KeepAnchor)
    window.document.setTextCursor(cursor)
    return start, end
