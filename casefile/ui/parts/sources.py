"""The sources part: the case's documents; choosing one (click, Enter, arrows) opens it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from casefile.domain import model as m
from casefile.services import Changes
from casefile.services.source_ops import DeleteSource, UpdateSource
from casefile.ui.forms import SourceDialog
from casefile.ui.models import SourcesModel
from casefile.ui.parts.base import NEEDS_SOURCE, NEEDS_WRITABLE, Part, PartContext, make_action
from casefile.ui.parts.tables import selected_row, stretch_first_column, table
from casefile.ui.worker import is_everything


class SourcesPart(Part):
    name = "sources"
    title = "Sources"
    area = Qt.DockWidgetArea.LeftDockWidgetArea

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.model = SourcesModel()
        self.view = table("Sources")
        self.view.setModel(self.model)
        stretch_first_column(self.view)
        self.view.selectionModel().selectionChanged.connect(self._selection_moved)
        ctx.source_shown.connect(self._mark_current)
        self._quiet = False
        src = (NEEDS_SOURCE,)
        self._actions = [
            make_action(self, "source_properties", "Source &Properties…", self.properties,
                        menu="source", shortcut="Alt+Return", needs=(*src, NEEDS_WRITABLE)),
            make_action(self, "delete_source", "&Delete Source…", self.delete, menu="source",
                        needs=(*src, NEEDS_WRITABLE)),
            make_action(self, "next_source", "&Next Source", lambda: self.step(1),
                        menu="source", shortcut="Ctrl+PgDown", needs=src, section=1),
            make_action(self, "previous_source", "P&revious Source", lambda: self.step(-1),
                        menu="source", shortcut="Ctrl+PgUp", needs=src, section=1),
        ]  # fmt: skip

    def widget(self) -> QWidget:
        return self.view

    def actions(self) -> list[QAction]:
        return self._actions

    # -- loading -------------------------------------------------------------------------
    def on_case_opened(self) -> None:
        self.reload(open_first=True)

    def on_case_closed(self) -> None:
        self.model.set_rows([])
        self.ctx.sources = {}

    def on_changes(self, changes: Changes) -> None:
        if is_everything(changes) or changes.sources or changes.excerpts:
            self.reload()

    def reload(self, open_first: bool = False) -> None:
        def fill(rows: list[m.SourceInfo]) -> None:
            self.ctx.sources = {s.id: s for s in rows}
            self._quiet = True
            self.model.set_rows(rows)
            self.view.resizeColumnToContents(1)
            self._quiet = False
            self._mark_current(self.ctx.current_source)
            if open_first and rows and self.ctx.current_source is None:
                self.ctx.show_source.emit(rows[0].id, None, None)

        self.ctx.worker.query(lambda case: case.sources(), fill)

    # -- navigation -----------------------------------------------------------------------
    def _mark_current(self, source_id: int | None) -> None:
        row = self.model.row_of(lambda s: s.id == source_id)
        if row >= 0 and row != selected_row(self.view):
            self._quiet = True
            self.view.selectRow(row)
            self._quiet = False
        if source_id is not None and source_id in self.ctx.sources:
            info = self.ctx.sources[source_id]
            notice = f" — {info.notices[0]}" if info.notices else ""
            self.ctx.message(f"{info.title} — {info.publisher or info.author or info.kind.upper()}"
                             f"{notice}", 8000)  # fmt: skip

    def _selection_moved(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._quiet:
            return
        source = self.model.rows[row] if (row := selected_row(self.view)) >= 0 else None
        if source is not None and source.id != self.ctx.current_source:
            self.ctx.show_source.emit(source.id, None, None)  # arrows open it too

    def step(self, step: int) -> None:
        rows = self.model.rows
        if rows:
            row = self.model.row_of(lambda s: s.id == self.ctx.current_source)
            self.ctx.show_source.emit(rows[(row + step) % len(rows)].id, None, None)

    # -- actions ---------------------------------------------------------------------------
    def properties(self) -> None:
        source_id = self.ctx.current_source
        if source_id is None:
            return

        def edit(info: m.SourceInfo) -> None:
            dialog = SourceDialog(info, self.ctx.window)
            if dialog.exec():
                self.ctx.worker.run(UpdateSource(source_id, dialog.values()))

        self.ctx.worker.query(lambda case: case.source(source_id), edit)

    def delete(self) -> None:
        source_id = self.ctx.current_source
        if source_id is None:
            return

        def ask(info: m.SourceInfo) -> None:
            answer = QMessageBox.question(
                self.ctx.window,
                "Delete Source",
                f"Delete “{info.title}” and its {info.excerpt_count} excerpt(s)?\n"
                "You can undo this with Edit › Undo.",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.ctx.message(f"Deleting “{info.title}”…", 0)
                self.ctx.worker.run(DeleteSource(source_id), lambda _r: self.ctx.message("", 1))

        self.ctx.worker.query(lambda case: case.source(source_id), ask)


PART = SourcesPart
