"""Driving the real widgets: highlight, tag, note, link, undo, redo, reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog, QMessageBox

from casefile.domain.model import Relation
from casefile.services.record_ops import CreateRecord
from casefile.ui.main_window import MainWindow
from casefile.ui.pickers import RecordPicker
from tests.gui.conftest import select


def background_at(window: MainWindow, code_point: int) -> str:
    cursor = QTextCursor(window.document.document())
    cursor.setPosition(window.document.offsets.to_utf16(code_point) + 1)
    return cursor.charFormat().background().color().name()


def press(qtbot: object, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    window.activateWindow()
    window.document.setFocus()
    qtbot.keyClick(window.document, key, modifiers)  # type: ignore[attr-defined]


def test_highlight_tag_note_link_undo_redo_and_reopen(
    qtbot: object, window: MainWindow, case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_quote = "No refugee has ever been returned against his will."
    start, end = select(window, claim_quote)
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    excerpts = window.case.excerpts()
    assert [(e.start, e.end, e.exact) for e in excerpts] == [(start, end, claim_quote)]
    claim = window.case.tag_named("Claim")
    assert excerpts[0].tag_ids == (claim.id,)
    assert window.actions_by_name["undo"].text() == "&Undo Highlight as Claim"
    assert background_at(window, start) != "#000000"  # painted

    testimony_quote = "Two officers carried him to the van."
    select(window, testimony_quote)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    testimony = next(e for e in window.case.excerpts() if e.exact == testimony_quote)
    assert window.current_excerpt() == testimony.id

    # a tag of the user's own, created from the quick picker
    select(window, "никто не был выслан")
    russian_id = window.highlight_with("Denial")
    assert russian_id is not None
    assert window.case.excerpt(russian_id).exact == "никто не был выслан"
    assert "Denial" in {t.name for t in window.case.tags()}

    # a note, through the real dialog function
    window.select_excerpt(testimony.id)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Eyewitness", True))
    window.edit_note_dialog()
    assert window.case.excerpt(testimony.id).note == "Eyewitness"

    # link to a record through the record picker
    record_id = window.controller.run(  # type: ignore[union-attr]
        CreateRecord(window.case.record_type_named("asylum-refusal").id, "Asylum refusal — P.")
    )
    monkeypatch.setattr(RecordPicker, "exec", lambda self: 1)
    monkeypatch.setattr(RecordPicker, "chosen", lambda self: (record_id, Relation.SUPPORTS))
    window.link_dialog()
    assert window.case.excerpt(testimony.id).links[0].record_id == record_id
    assert window.records_model.rows[0].excerpt_count == 1

    # undo the link, the record and the note; redo them
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    assert undo.text() == "&Undo Link to Record"
    undo.trigger()
    assert window.case.excerpt(testimony.id).links == ()
    redo.trigger()
    assert window.case.excerpt(testimony.id).links[0].relation is Relation.SUPPORTS
    # undo everything back to the claim (link, record, note, highlight, new tag, testimony)
    for _ in range(6):
        undo.trigger()
    assert [e.exact for e in window.case.excerpts()] == [claim_quote]
    assert background_at(window, window.case.text(1).index(testimony_quote)) in {
        "#000000",
        "#ffffff",
    }
    for _ in range(6):
        redo.trigger()
    assert {e.exact for e in window.case.excerpts()} == {claim_quote, testimony_quote,
                                                          "никто не был выслан"}  # fmt: skip

    # close and reopen: everything kept, and painted again
    window.close_case()
    assert window.open_case(case_path)
    kept = {e.exact: e for e in window.case.excerpts()}
    assert kept[testimony_quote].note == "Eyewitness"
    assert kept[testimony_quote].links[0].record_id == record_id
    assert background_at(window, kept[claim_quote].start) == background_at(window, start)


def test_clicking_a_highlight_selects_its_excerpt(qtbot: object, window: MainWindow) -> None:
    quote = "He had no shoes on."
    select(window, quote)
    excerpt_id = window.highlight_builtin("Testimony")
    window.excerpts_view.clearSelection()
    text = window.case.text(1)
    rect = window.document.cursorRect(window.document.textCursor())
    cursor = window.document.textCursor()
    cursor.setPosition(window.document.offsets.to_utf16(text.index(quote) + 3))
    window.document.setTextCursor(cursor)
    rect = window.document.cursorRect(cursor)
    qtbot.mouseClick(window.document.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[attr-defined]
    assert window.current_excerpt() == excerpt_id
    assert window.pinpoint_label.text() == "para. 3"


def test_excerpt_panel_scrolls_the_document_to_the_excerpt(window: MainWindow) -> None:
    quote = "그는 돌아가면 죽는다는 것을 알고 있었습니다."
    start, end = select(window, quote)
    window.highlight_builtin("Testimony")
    window.document.moveCursor(QTextCursor.MoveOperation.Start)
    window.excerpt_activated(window.excerpts_model.index(0, 0))
    assert window.document.selection_span() == (start, end)


def test_find_in_document(window: MainWindow) -> None:
    window.find_bar.open()
    window.find_bar.query.setText("van")
    assert window.find_bar.find()
    assert window.document.textCursor().selectedText() == "van"
    window.find_bar.query.setText("nowhere to be found")
    assert not window.find_bar.find()
    assert window.find_bar.status.text() == "Not found"


def test_import_goes_on_past_errors_and_asks_for_a_pdf_password(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.unit.test_ingest_pdf_passwords import encrypted_pdf

    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypted_pdf(tmp_path, "s3cret"))
    good = tmp_path / "good.txt"
    good.write_text("Свидетель подтверждает.", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.detailedText()) or 0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("s3cret", True))
    window.import_files([tmp_path / "missing.txt", locked, good])
    titles = [s.title for s in window.case.sources()]
    assert "Свидетель подтверждает." in titles and len(titles) == 3
    assert "missing.txt: no such file" in shown[0]
    assert window.current_source == window.case.sources()[1].id  # the first new one is shown


def test_tag_operations_from_the_panel(window: MainWindow) -> None:
    from casefile.services.tag_ops import CreateTag, UpdateTag

    controller = window.controller
    assert controller is not None
    tag_id = controller.run(CreateTag("Risk", "#e06666"))
    controller.run(UpdateTag(tag_id or 0, parent_id=window.case.tag_named("Testimony").id))
    testimony_index = window.tags_model.index_of(window.case.tag_named("Testimony").id)
    assert window.tags_model.rowCount(testimony_index) == 1
    assert window.tag_filter.findText("Risk") > 0


def test_a_refi_qda_project_imports_from_the_menu(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.export.qdpx_writer import write_qdpx
    from casefile.services.demo import build_demo

    with build_demo(tmp_path / "demo.casefile") as demo:
        write_qdpx(demo, tmp_path / "demo.qdpx")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    window.import_files([tmp_path / "demo.qdpx"])
    assert len(window.case.sources()) == 6 and len(window.case.excerpts()) == 10
    window.actions_by_name["undo"].trigger()  # the whole project in one step
    assert len(window.case.sources()) == 1
