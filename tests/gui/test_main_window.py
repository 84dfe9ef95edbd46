"""Driving the real widgets: highlight, tag, note, link, undo, redo, reopen.

Each test runs twice: with the real database thread and with jobs inline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QInputDialog, QMessageBox

from casefile.domain.model import Relation
from casefile.services import Case
from casefile.services.record_ops import CreateRecord
from casefile.ui.document_view import DocumentView
from casefile.ui.main_window import MainWindow
from casefile.ui.pickers import RecordPicker, TagPicker
from tests.gui.conftest import select, settle


def view_of(window: MainWindow) -> DocumentView:
    return window.parts["document"].view  # type: ignore[attr-defined, no-any-return]


def background_at(window: MainWindow, code_point: int) -> str:
    view = view_of(window)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(code_point) + 1)
    return cursor.charFormat().background().color().name()


def press(
    qtbot: object,
    window: MainWindow,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    window.activateWindow()
    view_of(window).setFocus()
    qtbot.keyClick(view_of(window), key, modifiers)  # type: ignore[attr-defined]


def stored(path: Path) -> Case:
    """A second connection to the file, as another reader would see it."""
    return Case.open(path)


CTRL = Qt.KeyboardModifier.ControlModifier


def test_highlight_tag_note_link_undo_redo_and_reopen(
    qtbot: object, window: MainWindow, case_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_quote = "No refugee has ever been returned against his will."
    start, end = select(window, claim_quote)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    assert background_at(window, start) != "#000000"  # painted at once, before it is stored
    settle(window)
    excerpts = window.case.excerpts()
    assert [(e.start, e.end, e.exact) for e in excerpts] == [(start, end, claim_quote)]
    claim = window.case.tag_named("Claim")
    assert excerpts[0].tag_ids == (claim.id,)
    assert window.actions_by_name["undo"].text() == "&Undo Highlight as Claim"
    assert window.ctx.selected_excerpt == excerpts[0].id  # the new excerpt is selected

    testimony_quote = "Two officers carried him to the van."
    select(window, testimony_quote)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle(window)
    testimony = next(e for e in window.case.excerpts() if e.exact == testimony_quote)
    assert window.ctx.target_excerpt() == testimony.id

    # a tag of the user's own, created from the picker with the explicit Create button
    select(window, "никто не был выслан")
    window.parts["document"].excerpts.highlight_with("Denial")  # type: ignore[attr-defined]
    settle(window)
    assert "Denial" in {t.name for t in window.case.tags()}
    assert window.actions_by_name["undo"].text() == "&Undo Highlight as Denial"

    # a note on the highlight under the cursor, through the real dialog function
    select(window, testimony_quote)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Eyewitness", True))
    window.actions_by_name["note"].trigger()
    settle(window)
    assert window.case.excerpt(testimony.id).note == "Eyewitness"

    # link to a record through the record picker
    window.worker.run(
        CreateRecord(window.case.record_type_named("asylum-refusal").id, "Asylum refusal — P.")
    )
    settle(window)
    record_id = window.case.records()[0].id
    monkeypatch.setattr(RecordPicker, "exec", lambda self: 1)
    monkeypatch.setattr(RecordPicker, "chosen", lambda self: (record_id, Relation.SUPPORTS))
    select(window, testimony_quote)
    window.actions_by_name["link"].trigger()
    settle(window)
    assert window.case.excerpt(testimony.id).links[0].record_id == record_id
    assert window.parts["records"].model.rows[0].excerpt_count == 1  # type: ignore[attr-defined]

    # undo the link; redo it; undo back to the claim; redo all
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    assert undo.text() == "&Undo Link to Record"
    undo.trigger()
    settle(window)
    assert window.case.excerpt(testimony.id).links == ()
    redo.trigger()
    settle(window)
    assert window.case.excerpt(testimony.id).links[0].relation is Relation.SUPPORTS
    for _ in range(5):  # link, record, note, denial (tag and highlight in one), testimony
        undo.trigger()
        settle(window)
    assert [e.exact for e in window.case.excerpts()] == [claim_quote]
    assert "Denial" not in {t.name for t in window.case.tags()}
    assert background_at(window, view_of(window).toPlainText().index(testimony_quote)) in {
        "#000000",
        "#ffffff",
    }
    for _ in range(5):
        redo.trigger()
        settle(window)
    assert {e.exact for e in window.case.excerpts()} == {claim_quote, testimony_quote,
                                                          "никто не был выслан"}  # fmt: skip

    # close and reopen: everything kept, and painted again
    window.close_case()
    window.open_case(case_path)
    settle(window)
    kept = {e.exact: e for e in window.case.excerpts()}
    assert kept[testimony_quote].note == "Eyewitness"
    assert kept[testimony_quote].links[0].record_id == record_id
    assert background_at(window, kept[claim_quote].start) == background_at(window, start)


def test_ctrl_1_on_an_existing_span_adds_the_tag(qtbot: object, window: MainWindow) -> None:
    quote = "He had no shoes on."
    select(window, quote)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle(window)
    select(window, quote)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    settle(window)
    excerpts = window.case.excerpts()
    assert len(excerpts) == 1  # no duplicate
    names = {t.id: t.name for t in window.case.tags()}
    assert sorted(names[t] for t in excerpts[0].tag_ids) == ["Claim", "Testimony"]


def test_remove_acts_on_the_highlight_under_the_cursor_not_the_selected_row(
    qtbot: object, window: MainWindow
) -> None:
    first, second = "AMBASSADOR", "He had no shoes on."
    select(window, first)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    select(window, second)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle(window)
    ids = {e.exact: e.id for e in window.case.excerpts()}
    window.parts["excerpts"].select(ids[first])  # type: ignore[attr-defined]
    window.ctx.excerpt_selected.emit(ids[first])
    # the text cursor sits inside the second highlight: that one goes, not the selected row
    view = view_of(window)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(view.toPlainText().index(second) + 4))
    view.setTextCursor(cursor)
    press(qtbot, window, Qt.Key.Key_Backspace, CTRL | Qt.KeyboardModifier.ShiftModifier)
    settle(window)
    assert [e.exact for e in window.case.excerpts()] == [first]
    # the cursor on plain text: the selected excerpt is the target, shown before it goes
    cursor.setPosition(0)
    view.setTextCursor(cursor)
    window.parts["excerpts"].view.setFocus()  # type: ignore[attr-defined]
    window.actions_by_name["remove"].trigger()
    assert view.textCursor().selectedText() == first  # scrolled to and selected
    settle(window)
    assert window.case.excerpts() == []


def test_clicking_a_highlight_selects_its_excerpt(qtbot: object, window: MainWindow) -> None:
    quote = "He had no shoes on."
    select(window, quote)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle(window)
    excerpt_id = window.case.excerpts()[0].id
    window.ctx.excerpt_selected.emit(None)
    view = view_of(window)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(view.toPlainText().index(quote) + 3))
    view.setTextCursor(cursor)
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[attr-defined]
    settle(window)
    assert window.ctx.selected_excerpt == excerpt_id
    assert window.pinpoint_label.text() == "para. 3"


def test_excerpt_panel_scrolls_the_document_to_the_excerpt(
    qtbot: object, window: MainWindow
) -> None:
    quote = "그는 돌아가면 죽는다는 것을 알고 있었습니다."
    start, end = select(window, quote)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    settle(window)
    view = view_of(window)
    view.moveCursor(QTextCursor.MoveOperation.Start)
    excerpts = window.parts["excerpts"]
    excerpts.view.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(excerpts.view, Qt.Key.Key_Home)  # type: ignore[attr-defined]
    qtbot.keyClick(excerpts.view, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    settle(window)
    assert view.selection_span() == (start, end)


def test_find_in_document(window: MainWindow) -> None:
    bar = window.parts["document"].find_bar  # type: ignore[attr-defined]
    bar.open()
    bar.query.setText("van")
    assert bar.find()
    assert view_of(window).textCursor().selectedText() == "van"
    bar.query.setText("nowhere to be found")
    assert not bar.find()
    assert bar.status.text() == "Not found"


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
    window.import_export.import_files([tmp_path / "missing.txt", locked, good])
    settle(window)
    titles = [s.title for s in window.case.sources()]
    assert "Свидетель подтверждает." in titles and len(titles) == 3
    assert "missing.txt: no such file" in shown[0]
    assert window.ctx.current_source == window.case.sources()[1].id  # the first new one


def test_tag_operations_reach_the_panel_and_the_filter(window: MainWindow) -> None:
    from casefile.services.tag_ops import CreateTag, UpdateTag

    window.worker.run(CreateTag("Risk", "#e06666"))
    settle(window)
    risk = window.case.tag_named("Risk").id
    window.worker.run(UpdateTag(risk, parent_id=window.case.tag_named("Testimony").id))
    settle(window)
    tags = window.parts["tags"].model  # type: ignore[attr-defined]
    assert tags.rowCount(tags.index_of(window.case.tag_named("Testimony").id)) == 1
    assert window.parts["excerpts"].tag_filter.findText("Risk") > 0  # type: ignore[attr-defined]


def test_a_refi_qda_project_imports_from_the_menu(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.export.qdpx_writer import write_qdpx
    from casefile.services.demo import build_demo

    with build_demo(tmp_path / "demo.casefile") as demo:
        write_qdpx(demo, tmp_path / "demo.qdpx")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    window.import_export.import_files([tmp_path / "demo.qdpx"])
    settle(window)
    assert len(window.case.sources()) == 6 and len(window.case.excerpts()) == 10
    window.actions_by_name["undo"].trigger()  # the whole project in one step
    settle(window)
    assert len(window.case.sources()) == 1


def test_tag_picker_enter_chooses_the_highlighted_tag(qtbot: object) -> None:
    from casefile.domain.model import Tag

    tags = [Tag(1, "Claim", "#f1c232"), Tag(2, "Testimony", "#6fa8dc")]
    picker = TagPicker(tags)
    qtbot.addWidget(picker)  # type: ignore[attr-defined]
    picker.show()
    qtbot.keyClicks(picker.filter, "Test")  # type: ignore[attr-defined]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert picker.result() == 1 and picker.chosen() == 2  # Testimony, no new tag "Test"
    # a new name: Enter does nothing, the explicit Create button makes it
    picker = TagPicker(tags)
    qtbot.addWidget(picker)  # type: ignore[attr-defined]
    picker.show()
    qtbot.keyClicks(picker.filter, "Risk on return")  # type: ignore[attr-defined]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert picker.isVisible()
    assert picker.create_button.isVisible() and "Risk on return" in picker.create_button.text()
    qtbot.mouseClick(picker.create_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert picker.chosen() == "Risk on return"
    # the buttons sit below the list, never over the field
    assert picker.buttons.geometry().top() > picker.list.geometry().bottom()
