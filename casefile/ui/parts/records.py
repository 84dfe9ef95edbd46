"""The records part: the case's records; new, edit, delete (asks when excerpts are linked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from casefile.domain import model as m
from casefile.ui.forms import RecordDialog
from casefile.ui.models import RecordsModel
from casefile.ui.parts.base import NEEDS_CASE, NEEDS_WRITABLE, Part, PartContext, make_action
from casefile.ui.parts.tables import selected_row, stretch_first_column, table
from casefile.ui.worker import is_everything

if TYPE_CHECKING:
    from casefile.services import Changes


class RecordsPart(Part):
    name = "records"
    title = "Records"
    area = Qt.DockWidgetArea.RightDockWidgetArea

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.model = RecordsModel()
        self.view = table("Records")
        self.view.setModel(self.model)
        stretch_first_column(self.view)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        w = (NEEDS_CASE, NEEDS_WRITABLE)
        self._actions = [
            make_action(self, "new_record", "&New Record…", self.new, menu="records",
                        shortcut="Ctrl+R", needs=w),
            make_action(self, "edit_record", "&Edit Record…", self.edit, menu="records", needs=w),
            make_action(self, "delete_record", "&Delete Record…", self.delete, menu="records",
                        needs=w),
            make_action(self, "record_excerpts", "Show Linked &Excerpts", self.show_excerpts,
                        menu="records", needs=(NEEDS_CASE,)),
            make_action(self, "record_types", "Record &Types…", self.edit_types, menu="records",
                        needs=w, section=1, tip="Add record types, rename them, edit their fields"),
        ]  # fmt: skip
        self.types_dialog: QDialog | None = None  # the open Record Types dialog

    def widget(self) -> QWidget:
        return self.view

    def actions(self) -> list[QAction]:
        return self._actions

    def on_case_opened(self) -> None:
        self.reload()

    def on_case_closed(self) -> None:
        self.model.set_rows([])

    def on_changes(self, changes: Changes) -> None:
        if is_everything(changes) or changes.records or changes.excerpts or changes.record_types:
            self.reload()

    def reload(self) -> None:
        def fill(records: list[m.Record]) -> None:
            chosen = self.selected()
            self.model.set_rows(records)
            row = self.model.row_of(lambda r: chosen is not None and r.id == chosen.id)
            if row >= 0:
                self.model.ensure_shown(row)
                self.model.ensure_shown(row)
            self.view.selectRow(row)

        self.ctx.worker.query(lambda case: case.records(), fill)

    def selected(self) -> m.Record | None:
        row = selected_row(self.view)
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def new(self) -> None:
        from casefile.services.record_ops import CreateRecord

        def ask(types: list[m.RecordType]) -> None:
            dialog = RecordDialog(types, parent=self.ctx.window)
            if dialog.exec():
                v = dialog.values()
                self.ctx.worker.run(
                    CreateRecord(
                        int(v["type_id"]),  # type: ignore[call-overload]
                        str(v["title"]),
                        date=str(v["date"]),
                        fields=v["fields"],  # type: ignore[arg-type]
                        note=str(v["note"]),
                    )
                )

        self.ctx.worker.query(lambda case: case.record_types(), ask)

    def edit(self) -> None:
        from casefile.services.record_ops import UpdateRecord

        record = self.selected()
        if record is None:
            self.ctx.message("Select a record in the Records panel first.")
            return

        def ask(types: list[m.RecordType]) -> None:
            dialog = RecordDialog(types, record, self.ctx.window)
            if dialog.exec():
                v = dialog.values()
                self.ctx.worker.run(
                    UpdateRecord(
                        record.id,
                        title=str(v["title"]),
                        date=str(v["date"]),
                        fields=v["fields"],  # type: ignore[arg-type]
                        note=str(v["note"]),
                        type_id=int(v["type_id"]),  # type: ignore[call-overload]
                    )
                )

        self.ctx.worker.query(lambda case: case.record_types(), ask)

    def delete(self) -> None:
        """Deleting a record that has linked excerpts asks first (the excerpts stay)."""
        from casefile.services.record_ops import DeleteRecord

        record = self.selected()
        if record is None:
            self.ctx.message("Select a record in the Records panel first.")
            return
        if record.excerpt_count:
            answer = QMessageBox.question(
                self.ctx.window,
                "Delete Record",
                f"“{record.title}” is linked to {record.excerpt_count} excerpt(s). Delete it?\n"
                "The excerpts stay, without the link. You can undo this with Edit › Undo.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctx.worker.run(DeleteRecord(record.id))

    def edit_types(self) -> None:
        from casefile.ui.record_types_dialog import open_record_types

        self.types_dialog = open_record_types(self.ctx)

    def show_excerpts(self) -> None:
        record = self.selected()
        if record is not None:
            self.ctx.filter_excerpts.emit(None, record.id)


PART = RecordsPart
