"""Actions on records, sources, tags and preferences; import and export. (Mixed into MainWindow.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu, QMessageBox

from casefile.domain.builtins import next_tag_color
from casefile.services.excerpt_ops import LinkExcerpt, TagExcerpt
from casefile.services.record_ops import CreateRecord, DeleteRecord, UpdateRecord
from casefile.services.source_ops import DeleteSource, UpdateSource
from casefile.services.tag_ops import CreateTag, DeleteTag, UpdateTag, merge_tags
from casefile.ui.forms import PreferencesDialog, RecordDialog, SourceDialog
from casefile.ui.import_export import ImportExport
from casefile.ui.pickers import RecordPicker, TagPicker
from casefile.ui.table_model import ROW_ROLE

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow

    Base = MainWindow
else:
    Base = object


class EditActions(ImportExport):
    # -- excerpt tags and links ------------------------------------------------------
    def add_tag_dialog(self: Base) -> None:
        excerpt_id = self.current_excerpt()
        if excerpt_id is None or self.controller is None:
            return
        picker = TagPicker(self.case.tags(), self)
        picker.setWindowTitle("Add Tag to Excerpt")
        if picker.exec() and (choice := picker.chosen()) is not None:
            tag_id = choice if isinstance(choice, int) else self._create_tag(choice)
            if tag_id is not None:
                self.controller.run(TagExcerpt(excerpt_id, tag_id))

    def remove_tag_dialog(self: Base) -> None:
        excerpt_id = self.current_excerpt()
        if excerpt_id is None or self.controller is None:
            return
        tags = {t.id: t for t in self.case.tags()}
        present = [tags[t] for t in self.case.excerpt(excerpt_id).tag_ids]
        if not present:
            return
        picker = TagPicker(present, self)
        picker.setWindowTitle("Remove Tag from Excerpt")
        if picker.exec() and isinstance(choice := picker.chosen(), int):
            self.controller.run(TagExcerpt(excerpt_id, choice, present=False))

    def _create_tag(self: Base, name: str) -> int | None:
        assert self.controller is not None
        return self.controller.run(CreateTag(name, next_tag_color(len(self.case.tags()))))

    def link_dialog(self: Base) -> None:
        excerpt_id = self.current_excerpt()
        if excerpt_id is None or self.controller is None:
            return
        records = self.case.records()
        if not records:
            if (
                QMessageBox.question(
                    self, "Link to Record", "There are no records yet. Create one?"
                )
                != QMessageBox.StandardButton.Yes
            ):
                return
            if self.new_record() is None:
                return
            records = self.case.records()
        picker = RecordPicker(records, self)
        if picker.exec() and (choice := picker.chosen()) is not None:
            self.controller.run(LinkExcerpt(excerpt_id, choice[0], choice[1]))

    def unlink_dialog(self: Base) -> None:
        excerpt_id = self.current_excerpt()
        if excerpt_id is None or self.controller is None:
            return
        linked = {link.record_id for link in self.case.excerpt(excerpt_id).links}
        records = [r for r in self.case.records() if r.id in linked]
        if records:
            picker = RecordPicker(records, self)
            picker.setWindowTitle("Unlink from Record")
            picker.relation.setEnabled(False)
            if picker.exec() and (choice := picker.chosen()) is not None:
                self.controller.run(LinkExcerpt(excerpt_id, choice[0], None))

    # -- records ---------------------------------------------------------------------
    def selected_record(self: Base) -> Any:
        rows = self.records_view.selectionModel().selectedRows()
        return self.records_model.data(rows[0], ROW_ROLE) if rows else None

    def new_record(self: Base) -> int | None:
        if self.controller is None:
            return None
        dialog = RecordDialog(self.case.record_types(), parent=self)
        if not dialog.exec():
            return None
        v = dialog.values()
        return self.controller.run(
            CreateRecord(
                int(v["type_id"]),
                str(v["title"]),
                date=str(v["date"]),
                fields=v["fields"],  # type: ignore[arg-type]
                note=str(v["note"]),
            )
        )

    def edit_record(self: Base) -> None:
        record = self.selected_record()
        if record is None or self.controller is None:
            return
        dialog = RecordDialog(self.case.record_types(), record, self)
        if dialog.exec():
            v = dialog.values()
            self.controller.run(
                UpdateRecord(
                    record.id,
                    title=str(v["title"]),
                    date=str(v["date"]),
                    fields=v["fields"],  # type: ignore[arg-type]
                    note=str(v["note"]),
                    type_id=int(v["type_id"]),
                )
            )

    def delete_record(self: Base) -> None:
        record = self.selected_record()
        if record is not None and self.controller is not None:
            self.controller.run(DeleteRecord(record.id))

    def show_record_excerpts(self: Base) -> None:
        record = self.selected_record()
        if record is None:
            return
        self.excerpt_scope.setCurrentIndex(1)
        self.record_filter.setCurrentIndex(max(0, self.record_filter.findData(record.id)))
        self.docks["excerpts"].raise_()

    # -- sources -------------------------------------------------------------------------
    def source_properties(self: Base) -> None:
        if self.current_source is None or self.controller is None:
            return
        dialog = SourceDialog(self.case.source(self.current_source), self)
        if dialog.exec() and dialog.values():
            self.controller.run(UpdateSource(self.current_source, dialog.values()))

    def delete_source(self: Base) -> None:
        if self.current_source is None or self.controller is None:
            return
        source = self.case.source(self.current_source)
        answer = QMessageBox.question(
            self,
            "Delete Source",
            f"Delete “{source.title}” and its {source.excerpt_count} excerpt(s)?\n"
            "You can undo this with Edit › Undo.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.controller.run(DeleteSource(self.current_source))

    # -- tags ------------------------------------------------------------------------------
    def tag_context_menu(self: Base, point: QPoint) -> None:
        tag = self.tags_model.data(self.tags_view.indexAt(point), ROW_ROLE)
        if tag is None or self.controller is None:
            return
        controller = self.controller
        others = [t for t in self.case.tags() if t.id != tag.id]
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self._ask_rename(tag))
        menu.addAction("Change Colour…", lambda: self._ask_colour(tag))
        move = menu.addMenu("Move Under")
        move.addAction("(top level)", lambda: controller.run(UpdateTag(tag.id, parent_id=None)))
        merge = menu.addMenu("Merge Into")
        for other in others:
            move.addAction(
                other.name, lambda o=other: controller.run(UpdateTag(tag.id, parent_id=o.id))
            )
            merge.addAction(other.name, lambda o=other: self._merge(tag, o))
        delete = menu.addAction("Delete Tag", lambda: controller.run(DeleteTag(tag.id)))
        delete.setEnabled(not tag.builtin)
        merge.setEnabled(not tag.builtin)
        menu.exec(self.tags_view.viewport().mapToGlobal(point))

    def _ask_rename(self: Base, tag: Any) -> None:
        name, ok = QInputDialog.getText(self, "Rename Tag", "New name:", text=tag.name)
        if ok and name.strip() and name != tag.name and self.controller is not None:
            self.controller.run(UpdateTag(tag.id, name=name))

    def _ask_colour(self: Base, tag: Any) -> None:
        color = QColorDialog.getColor(QColor(tag.color), self, f"Colour of {tag.name}")
        if color.isValid() and self.controller is not None:
            self.controller.run(UpdateTag(tag.id, color=color.name()))

    def _merge(self: Base, tag: Any, into: Any) -> None:
        if self.controller is not None:
            self.controller.run(merge_tags(tag.id, into.id))

    # -- preferences -------------------------------------------------------------------------
    def preferences_dialog(self: Base) -> None:
        dialog = PreferencesDialog(
            str(self.settings.value("author", "") or ""),
            str(self.settings.value("brief/confidentiality", "") or ""),
            self,
        )
        if dialog.exec():
            self.settings.setValue("author", dialog.author.text().strip())
            self.settings.setValue("brief/confidentiality", dialog.confidentiality.text().strip())
