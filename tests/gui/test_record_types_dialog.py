"""Records › Record Types…: add a type, a field, rename, remove the field, undo — by keyboard
and mouse, with the real threaded worker and inline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from casefile.domain.model import FieldSpec
from casefile.ui.main_window import MainWindow
from casefile.ui.record_types_dialog import RecordTypesDialog
from tests.gui.conftest import settle


def _hearing(window: MainWindow) -> tuple[str, tuple[FieldSpec, ...]] | None:
    found = [t for t in window.case.record_types() if t.key == "hearing"]  # type: ignore[union-attr]
    return (found[0].name, found[0].fields) if found else None


def _open(window: MainWindow) -> RecordTypesDialog:
    window.actions_by_name["record_types"].trigger()
    settle(window)
    dialog = window.parts["records"].types_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, RecordTypesDialog) and dialog.isVisible()
    return dialog


def test_add_rename_remove_field_and_undo(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _open(window)
    builtin = {t.name for t in window.case.record_types()}  # type: ignore[union-attr]
    assert dialog.type_list.count() == len(builtin)
    assert QApplication.focusWidget() is dialog.type_list  # opens on its first field
    assert dialog.type_list.accessibleName() == "Record types"

    qtbot.keyClick(dialog.type_list, Qt.Key.Key_Tab)  # the next stop: a new type's name
    assert QApplication.focusWidget() is dialog.new_name
    qtbot.keyClicks(dialog.new_name, "Hearing")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    settle(window)
    assert _hearing(window) == ("Hearing", ())
    assert dialog.current() is not None and dialog.current().name == "Hearing"  # type: ignore[union-attr]

    qtbot.mouseClick(dialog.field_key, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.field_key, "judge")
    qtbot.keyClick(dialog.field_key, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.field_label
    qtbot.keyClicks(dialog.field_label, "Immigration judge")
    qtbot.mouseClick(dialog.add_field_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert _hearing(window) == ("Hearing", (FieldSpec("judge", "Immigration judge", "text"),))
    assert dialog.field_list.count() == 1

    qtbot.mouseClick(dialog.field_key, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.field_key, "two words")  # the CLI's rule: a key has no spaces
    qtbot.keyClick(dialog.field_key, Qt.Key.Key_Return)
    settle(window)
    assert "without spaces" in dialog.message.text()
    assert len(_hearing(window)[1]) == 1  # type: ignore[index]
    dialog.field_key.clear()

    qtbot.mouseClick(dialog.name, Qt.MouseButton.LeftButton)
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "First-tier hearing")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    settle(window)
    assert _hearing(window) == (
        "First-tier hearing",
        (FieldSpec("judge", "Immigration judge", "text"),),
    )  # the key stays "hearing"

    dialog.field_list.setFocus()
    qtbot.keyClick(dialog.field_list, Qt.Key.Key_Home)
    qtbot.mouseClick(dialog.remove_field_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert _hearing(window) == ("First-tier hearing", ())
    assert dialog.field_list.count() == 0

    window.actions_by_name["undo"].trigger()  # the removal, one step
    settle(window)
    assert _hearing(window) == (
        "First-tier hearing",
        (FieldSpec("judge", "Immigration judge", "text"),),
    )
    assert dialog.field_list.count() == 1  # the open dialog follows the undo

    window.actions_by_name["undo"].trigger()  # the rename
    settle(window)
    assert _hearing(window) == ("Hearing", (FieldSpec("judge", "Immigration judge", "text"),))


def test_delete_only_an_unused_custom_type(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _open(window)
    assert dialog.current() is not None and dialog.current().builtin  # type: ignore[union-attr]
    assert not dialog.delete_type_button.isEnabled()  # built in
    qtbot.mouseClick(dialog.new_name, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.new_name, "Hearing")
    qtbot.mouseClick(dialog.add_type_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert dialog.delete_type_button.isEnabled()
    qtbot.mouseClick(dialog.delete_type_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert _hearing(window) is None
    dialog.type_list.setFocus()
    qtbot.keyClick(dialog.type_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)  # Ctrl+Z undoes the case's last step from inside the dialog
    assert _hearing(window) == ("Hearing", ())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_removing_a_field_records_use_asks_first(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casefile.services.record_ops import CreateRecord, SaveRecordType

    window.worker.run(SaveRecordType("Hearing", [FieldSpec("judge", "Judge")]))
    settle(window)
    type_id = next(t.id for t in window.case.record_types() if t.key == "hearing")  # type: ignore[union-attr]
    window.worker.run(CreateRecord(type_id, "First hearing", fields={"judge": "J. Smith"}))
    settle(window)
    dialog = _open(window)
    row = next(i for i, t in enumerate(dialog.types) if t.id == type_id)
    dialog.type_list.setFocus()
    dialog.type_list.setCurrentRow(row)
    assert "1 record(s)" in dialog.type_list.currentItem().text()
    assert not dialog.delete_type_button.isEnabled()  # a record uses it

    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(dialog.remove_field_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert asked and "1 record(s) have values in “judge”" in asked[0]
    assert len(_hearing(window)[1]) == 1  # type: ignore[index]  # "No" keeps it

    answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.remove_field_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert len(asked) == 2 and _hearing(window) == ("Hearing", ())
