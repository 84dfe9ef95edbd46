"""Issue 13's surface, driven with keys and the mouse: adjusting boundaries, the margin,
panes reachable with F6 and Tab, the layout, confirmations before deleting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from casefile.domain.model import Relation
from casefile.services.excerpt_ops import LinkExcerpt
from casefile.services.record_ops import CreateRecord
from casefile.ui.main_window import MainWindow
from tests.gui.conftest import select, settle
from tests.gui.test_main_window import CTRL, press, view_of

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def highlight(qtbot: object, window: MainWindow, quote: str, key: Qt.Key = Qt.Key.Key_1) -> int:
    select(window, quote)
    press(qtbot, window, key, CTRL)
    settle(window)
    return next(e.id for e in window.case.excerpts() if e.exact == quote)


def test_adjust_boundaries_by_keyboard_is_one_undoable_step(
    qtbot: object, window: MainWindow
) -> None:
    excerpt_id = highlight(qtbot, window, "Two officers carried him")
    view = view_of(window)
    press(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)  # Highlight › Adjust Boundaries
    assert view.adjusting == excerpt_id
    for _ in range(4):  # the start moves right past "Two "
        qtbot.keyClick(view, Qt.Key.Key_Right, ALT)  # type: ignore[attr-defined]
    for _ in range(12):  # the end moves right over " to the van."
        qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)  # type: ignore[attr-defined]
    qtbot.keyClick(view, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    settle(window)
    excerpt = window.case.excerpt(excerpt_id)
    assert excerpt.exact == "officers carried him to the van."
    assert excerpt.prefix.endswith("WITNESS: Two ")
    assert excerpt.pinpoint == "para. 3"
    assert window.actions_by_name["undo"].text() == "&Undo Adjust Excerpt"
    window.actions_by_name["undo"].trigger()
    settle(window)
    assert window.case.excerpt(excerpt_id).exact == "Two officers carried him"
    span = view.span_of(excerpt_id)
    assert (
        span is not None and view.toPlainText()[span.start : span.end] == "Two officers carried him"
    )
    # Esc leaves everything as it was
    press(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)  # type: ignore[attr-defined]
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # type: ignore[attr-defined]
    settle(window)
    assert view.adjusting is None
    assert window.case.excerpt(excerpt_id).exact == "Two officers carried him"


def test_margin_shows_paragraph_numbers_and_clickable_stripes(
    qtbot: object, window: MainWindow
) -> None:
    excerpt_id = highlight(qtbot, window, "He had no shoes on.", Qt.Key.Key_2)
    margin = view_of(window).margin
    stripes = margin.stripes()
    assert [(e, c) for _r, e, c in stripes] == [
        (excerpt_id, window.case.tag_named("Testimony").color)
    ]
    image = margin.grab().toImage()
    rect = stripes[0][0]
    assert image.pixelColor(rect.center()).name() == window.case.tag_named("Testimony").color
    # a paragraph number is painted in the number column (some dark pixels there)
    dark = sum(
        1
        for x in range(0, 30)
        for y in range(0, min(image.height(), 200))
        if image.pixelColor(x, y).lightness() < 160
    )
    assert dark > 10
    window.ctx.excerpt_selected.emit(None)
    qtbot.mouseClick(margin, Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[attr-defined]
    settle(window)
    assert window.ctx.selected_excerpt == excerpt_id


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_f6_visits_every_pane_and_tab_never_traps(qtbot: object, window: MainWindow) -> None:
    window.activateWindow()
    view_of(window).setFocus()
    panes = window.panes()
    # document, sources, tags, excerpts, and records, chronology, history (one tab group)
    assert len(panes) == 7
    assert window.parts["history"].view in panes  # type: ignore[attr-defined]
    visited = []
    for _ in range(len(panes)):
        qtbot.keyClick(focused() or window, Qt.Key.Key_F6)  # type: ignore[attr-defined]
        visited.append(focused())
    assert set(visited) == set(panes)
    # Tab leaves each pane: from the text, the sources table and the excerpt list
    for pane in (view_of(window), window.parts["sources"].view, window.parts["excerpts"].view):  # type: ignore[attr-defined]
        pane.setFocus()
        qtbot.keyClick(pane, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
        assert focused() is not pane
        focused_now = focused()
        qtbot.keyClick(focused_now, Qt.Key.Key_Tab, SHIFT)  # type: ignore[attr-defined]
        assert focused() is pane
    # the excerpt filters are reachable by their mnemonic (Alt+A: Tag)
    excerpts = window.parts["excerpts"]
    excerpts.view.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(excerpts.view, Qt.Key.Key_A, ALT)  # type: ignore[attr-defined]
    assert focused() is excerpts.tag_filter  # type: ignore[attr-defined]


def test_arrow_keys_in_sources_open_the_document(
    qtbot: object, window: MainWindow, tmp_path: object
) -> None:
    from pathlib import Path

    from casefile.services.importing import prepare_import
    from casefile.services.source_ops import ImportSource

    document = Path(str(tmp_path)) / "second.txt"
    document.write_text("Second document text.", encoding="utf-8")
    window.worker.run(ImportSource(prepare_import(document)))
    settle(window)
    sources = window.parts["sources"].view  # type: ignore[attr-defined]
    sources.setFocus()
    first = window.ctx.current_source
    qtbot.keyClick(sources, Qt.Key.Key_Down)  # type: ignore[attr-defined]
    settle(window)
    assert window.ctx.current_source != first
    assert view_of(window).toPlainText() in ("Second document text.", "Second document text.\n")


def test_reset_layout_and_geometry_fit_the_screen(window: MainWindow, settings: QSettings) -> None:
    room = window.screen().availableGeometry()
    window.docks["tags"].setFloating(True)
    window.docks["records"].hide()
    window.actions_by_name["reset_layout"].trigger()
    assert not window.docks["tags"].isFloating()
    assert window.docks["records"].isVisible()
    assert window.width() <= room.width() and window.height() <= room.height()
    # a geometry saved on a bigger screen (or at 2x scaling) is clamped to this one
    window.resize(room.width() * 2, room.height() * 2)
    settings.setValue("geometry", window.saveGeometry())
    other = MainWindow(settings)
    assert other.frameGeometry().width() <= room.width()
    assert other.frameGeometry().height() <= room.height()
    other.worker.shutdown()
    assert isinstance(settings.value("geometry"), QByteArray)


def test_first_window_fits_1280_by_720() -> None:
    from casefile.ui.main_window import DEFAULT_SIZE

    assert DEFAULT_SIZE[0] <= 1280 - 20 and DEFAULT_SIZE[1] <= 720 - 40


def test_deleting_a_tag_or_record_with_excerpts_asks_first(
    qtbot: object, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.services.tag_ops import CreateTag

    window.worker.run(CreateTag("Risk", "#e06666"))
    settle(window)
    risk = window.case.tag_named("Risk")
    select(window, "He had no shoes on.")
    window.parts["document"].excerpts.highlight(risk.id, "Highlight as Risk")  # type: ignore[attr-defined]
    settle(window)
    excerpt_id = window.case.excerpts()[0].id
    window.worker.run(CreateRecord(window.case.record_types()[0].id, "Refusal"))
    settle(window)
    record_id = window.case.records()[0].id
    window.worker.run(LinkExcerpt(excerpt_id, record_id, Relation.SUPPORTS))
    settle(window)
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text: asked.append(text) or answer)
    tags = window.parts["tags"]
    tags.delete(window.ctx.tags[risk.id])  # type: ignore[attr-defined]
    records = window.parts["records"]
    records.view.selectRow(0)  # type: ignore[attr-defined]
    records.delete()  # type: ignore[attr-defined]
    settle(window)
    assert len(asked) == 2 and "1 excerpt" in asked[0] and "1 excerpt" in asked[1]
    assert "Risk" in {t.name for t in window.case.tags()} and window.case.records()
    answer = QMessageBox.StandardButton.Yes
    tags.delete(window.ctx.tags[risk.id])  # type: ignore[attr-defined]
    records.delete()  # type: ignore[attr-defined]
    settle(window)
    assert "Risk" not in {t.name for t in window.case.tags()} and not window.case.records()
    assert len(window.case.excerpts()) == 1  # the excerpt stays


def test_context_menu_acts_on_the_highlight_under_the_mouse(
    qtbot: object, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = highlight(qtbot, window, "AMBASSADOR")
    second = highlight(qtbot, window, "He had no shoes on.", Qt.Key.Key_2)
    window.parts["excerpts"].select(first)  # type: ignore[attr-defined]
    view = view_of(window)
    from PySide6.QtGui import QContextMenuEvent, QTextCursor
    from PySide6.QtWidgets import QMenu

    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(view.toPlainText().index("no shoes")))
    point = view.cursorRect(cursor).center()

    def choose_remove(menu: QMenu, *_args: object) -> None:
        remove = window.actions_by_name["remove"]
        assert remove.isEnabled()
        remove.trigger()

    monkeypatch.setattr(view, "run_menu", choose_remove)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.mapToGlobal(point))
    view.contextMenuEvent(event)
    settle(window)
    assert [e.id for e in window.case.excerpts()] == [first]
    assert second not in view._spans


def test_record_dialog_opens_on_its_first_field_in_tab_order(
    qtbot: object, window: MainWindow
) -> None:
    from casefile.ui.forms import PreferencesDialog, RecordDialog

    types = window.case.record_types()
    refusal = next(t for t in types if t.fields)
    dialog = RecordDialog(types)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.type_box.setCurrentIndex(dialog.type_box.findData(refusal.id))
    dialog.show()
    qtbot.waitExposed(dialog)  # type: ignore[attr-defined]
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title)  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.title, "Refusal of P.")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    qtbot.keyClicks(QApplication.focusWidget(), "2015-12-14")  # type: ignore[attr-defined]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    first_field = next(iter(dialog.field_edits.values()))
    assert QApplication.focusWidget() is first_field  # the type's fields come before Note
    values = dialog.values()
    assert values["title"] == "Refusal of P." and values["date"] == "2015-12-14"
    assert values["note"] == ""
    preferences = PreferencesDialog("", "")
    qtbot.addWidget(preferences)  # type: ignore[attr-defined]
    preferences.show()
    qtbot.waitExposed(preferences)  # type: ignore[attr-defined]
    preferences.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is preferences.author)  # type: ignore[attr-defined]


def test_filters_reset_when_a_case_opens(
    qtbot: object, window: MainWindow, case_path: object
) -> None:
    from pathlib import Path

    excerpts = window.parts["excerpts"]
    claim = window.case.tag_named("Claim").id
    window.ctx.filter_excerpts.emit(claim, None)
    settle(window)
    assert excerpts.tag_filter.currentData() == claim  # type: ignore[attr-defined]
    assert excerpts.scope.currentIndex() == 1  # type: ignore[attr-defined]
    window.close_case()
    window.open_case(Path(str(case_path)))
    settle(window)
    assert excerpts.tag_filter.currentData() is None  # type: ignore[attr-defined]
    assert excerpts.scope.currentIndex() == 0  # type: ignore[attr-defined]


def test_link_to_a_new_record_is_one_undo_step(
    qtbot: object, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.ui.forms import RecordDialog
    from casefile.ui.pickers import RecordPicker

    excerpt_id = highlight(qtbot, window, "He had no shoes on.", Qt.Key.Key_2)
    type_id = window.case.record_types()[0].id

    def click_new(picker: RecordPicker) -> int:
        picker.show()
        qtbot.mouseClick(  # type: ignore[attr-defined]
            next(b for b in picker.findChildren(QPushButton) if "New Record" in b.text()),
            Qt.MouseButton.LeftButton,
        )
        return 1

    monkeypatch.setattr(RecordPicker, "exec", click_new)
    monkeypatch.setattr(RecordDialog, "exec", lambda self: 1)
    monkeypatch.setattr(
        RecordDialog,
        "values",
        lambda self: {
            "type_id": type_id,
            "title": "Refusal",
            "date": "",
            "fields": {},
            "note": "",
        },
    )
    select(window, "He had no shoes on.")
    window.actions_by_name["link"].trigger()
    settle(window)
    assert [r.title for r in window.case.records()] == ["Refusal"]
    assert window.case.excerpt(excerpt_id).links[0].relation is Relation.SUPPORTS
    undo = window.actions_by_name["undo"]
    assert undo.text() == "&Undo Link to New Record Refusal"
    undo.trigger()
    settle(window)
    assert window.case.records() == [] and window.case.excerpt(excerpt_id).links == ()
