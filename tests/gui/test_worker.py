"""The database worker: no engine work on the GUI thread; failed undo is reported;
another process's writes are noticed."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import Engine, event

from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt, DeleteExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.ui.main_window import MainWindow
from casefile.ui.worker import DbWorker
from tests.gui.conftest import select, settle
from tests.gui.test_main_window import CTRL, press


def test_the_gui_thread_never_touches_the_database(
    qtbot: object, settings: QSettings, case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_gui_thread: list[str] = []

    def spy(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append(statement.split("\n")[0][:80])

    def connect_spy(*_args: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append("connect")

    event.listen(Engine, "before_cursor_execute", spy)
    event.listen(Engine, "connect", connect_spy)
    try:
        with Case.open(case_path) as probe:  # the spy sees work on this thread
            probe.sources()
        assert on_gui_thread, "the spy does not see queries"
        on_gui_thread.clear()
        worker = DbWorker()
        window = MainWindow(settings, worker)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.show()
        window.open_case(case_path)
        settle(window)
        select(window, "No refugee has ever been returned against his will.")
        press(qtbot, window, Qt.Key.Key_1, CTRL)
        settle(window)
        select(window, "He had no shoes on.")
        press(qtbot, window, Qt.Key.Key_2, CTRL)
        settle(window)
        window.actions_by_name["undo"].trigger()
        settle(window)
        window.actions_by_name["redo"].trigger()
        settle(window)
        window.parts["excerpts"].scope.setCurrentIndex(1)  # type: ignore[attr-defined]
        window.parts["chronology"].reload()  # type: ignore[attr-defined]
        window.worker.poll()
        settle(window)
        assert len(window.parts["excerpts"].model.rows) == 2  # type: ignore[attr-defined]
        window.close_case()
        worker.shutdown()
    finally:
        event.remove(Engine, "before_cursor_execute", spy)
        event.remove(Engine, "connect", connect_spy)
    assert on_gui_thread == []


def test_a_failed_undo_is_reported_and_leaves_the_history_truthful(
    qtbot: object, window: MainWindow, case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    select(window, "He had no shoes on.")
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle(window)
    excerpt_id = window.case.excerpts()[0].id
    with Case.open(case_path) as other:  # another process removes it
        other.run(DeleteExcerpt(excerpt_id))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warnings.append(text))
    undo = window.actions_by_name["undo"]
    assert undo.text() == "&Undo Highlight as Testimony"
    undo.trigger()
    settle(window)
    assert len(warnings) == 1 and "Could not undo “Highlight as Testimony”" in warnings[0]
    assert undo.text() == "&Undo" and not undo.isEnabled()  # nothing left to undo
    assert window.case.excerpts() == []


def test_changes_by_another_process_appear_within_two_seconds(
    qtbot: object, window: MainWindow, case_path: Path, tmp_path: Path
) -> None:
    sources = window.parts["sources"].model  # type: ignore[attr-defined]
    assert len(sources.rows) == 1
    document = tmp_path / "second.txt"
    document.write_text("A second statement by the witness.", encoding="utf-8")
    with Case.open(case_path) as other:
        new = other.run(ImportSource(prepare_import(document))).result
        other.run(CreateExcerpt(new or 0, 2, 8))
    qtbot.waitUntil(lambda: len(sources.rows) == 2, timeout=2500)  # type: ignore[attr-defined]
    # our own writes are not mistaken for another process's
    reloads: list[int] = []
    window.worker.changed.connect(lambda c: reloads.append(1))
    window.worker.poll()
    settle(window)
    assert reloads == []
