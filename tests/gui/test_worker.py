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
    qtbot: object,
    settings: QSettings,
    case_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
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
        # File › Export Brief…: the dialog is filled from the worker, the brief written there
        from PySide6.QtWidgets import QMessageBox

        from casefile.ui.export_dialog import ExportDialog

        brief = tmp_path / "brief.docx"
        monkeypatch.setattr(ExportDialog, "exec", lambda self: 1)
        monkeypatch.setattr(ExportDialog, "result_path", lambda self: brief)
        monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
        window.actions_by_name["export"].trigger()
        settle(window)
        assert brief.is_file()
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
    # the failed step is gone; the next one (the import, from the journal) is offered
    assert undo.text() == "&Undo Import Source"
    assert window.case.excerpts() == []


def test_undo_works_after_reopening(qtbot: object, window: MainWindow, case_path: Path) -> None:
    select(window, "He had no shoes on.")
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle(window)
    window.close_case()
    window.open_case(case_path)
    settle(window)
    undo = window.actions_by_name["undo"]
    assert undo.text() == "&Undo Highlight as Testimony"
    undo.trigger()
    settle(window)
    assert window.case.excerpts() == []
    window.docks["history"].raise_()  # the History tab loads when shown
    settle(window)
    history = window.parts["history"].model  # type: ignore[attr-defined]
    labels = [row.what for row in history.rows]
    assert labels[:2] == ["Undo Highlight as Testimony", "Highlight as Testimony"]


def test_a_case_open_elsewhere_is_offered_read_only(
    qtbot: object, settings: QSettings, case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from casefile.services.lock import lock_path

    lock_path(case_path).write_text(
        json.dumps(
            {
                "host": "other-host",
                "pid": 4242,
                "user": "maria",
                "started": "2026-01-01T10:00:00+00:00",
                "token": "x",
            }
        ),
        encoding="utf-8",
    )
    asked: list[str] = []
    monkeypatch.setattr(
        "casefile.ui.main_window.ask_read_only", lambda _w, _p, text: asked.append(text) or True
    )
    window = MainWindow(settings, DbWorker())
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    window.open_case(case_path)
    settle(window)
    assert "maria on other-host" in asked[0]
    assert window.ctx.read_only and window.banner.isVisible()
    assert "read-only" in window.banner.text()
    assert not window.actions_by_name["claim"].isEnabled()
    assert window.parts["sources"].model.rows  # type: ignore[attr-defined]  # listing works
    window.close_case()
    window.worker.shutdown()
    assert lock_path(case_path).exists()  # the other's lock is left alone


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


def test_save_a_copy_and_restore_from_backup(
    qtbot: object,
    window: MainWindow,
    case_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from casefile.ui.backups import BackupPicker

    monkeypatch.setenv("CASEFILE_BACKUP_DIR", str(tmp_path / "backups"))
    select(window, "He had no shoes on.")
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle(window)
    copy = tmp_path / "copy.casefile"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.actions_by_name["save_copy"].trigger()
    settle(window)
    with Case.open(copy) as saved:
        assert [e.exact for e in saved.excerpts()] == ["He had no shoes on."]
    # a backup of the state with the highlight, then the highlight is removed
    from casefile.services.backups import make_backup

    make_backup(case_path, "manual")
    window.actions_by_name["undo"].trigger()
    settle(window)
    assert window.case.excerpts() == []
    monkeypatch.setattr(BackupPicker, "exec", lambda self: 1)
    window.actions_by_name["restore_backup"].trigger()
    settle(window)
    settle(window)
    assert window.ctx.is_open
    assert [e.exact for e in window.case.excerpts()] == ["He had no shoes on."]


def test_a_case_on_a_network_drive_gets_a_warning(
    qtbot: object, settings: QSettings, case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.services import lock

    mounts = f"server:/share {case_path.parent} nfs4 rw 0 0\n"
    real = lock.network_warning
    monkeypatch.setattr(
        "casefile.ui.opening.network_warning", lambda path: real(path, mounts=mounts)
    )
    window = MainWindow(settings, DbWorker())
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    window.open_case(case_path)
    settle(window)
    assert window.banner.isVisible() and "network drive (nfs4)" in window.banner.text()
    assert not window.ctx.read_only
    window.close_case()
    window.worker.shutdown()
