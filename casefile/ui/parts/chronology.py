"""The chronology part: dated records and excerpts in date order.

It loads only while it is shown (a hidden tab costs nothing after each highlight).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from casefile.services import Case, Changes
from casefile.services.chronology import ChronologyEntry, chronology
from casefile.ui.models import ChronologyModel
from casefile.ui.parts.base import Part, PartContext
from casefile.ui.parts.tables import table


class ChronologyPart(Part):
    name = "chronology"
    title = "Chronology"
    area = Qt.DockWidgetArea.RightDockWidgetArea
    tab_with = "records"

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.model = ChronologyModel()
        self.view = table("Chronology")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.view.installEventFilter(self)
        self._dirty = True

    def widget(self) -> QWidget:
        return self.view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._dirty:
            self.reload()
        return False

    def on_case_opened(self) -> None:
        self._dirty = True
        self.reload()

    def on_case_closed(self) -> None:
        self.model.set_rows([])

    def on_changes(self, changes: Changes) -> None:
        self._dirty = True
        if self.view.isVisible():
            self.reload()

    def reload(self) -> None:
        if not self.view.isVisible() or not self.ctx.is_open:
            return
        self._dirty = False

        def load(case: Case) -> list[ChronologyEntry]:
            sources = {s.id: s for s in case.sources()}
            return chronology(case.records(), case.excerpts(), sources)

        def fill(entries: list[ChronologyEntry]) -> None:
            self.model.set_rows(entries)
            self.view.resizeColumnToContents(0)

        self.ctx.worker.query(load, fill)

    def _activated(self, index: QModelIndex) -> None:
        entry = self.model.row_at(index)
        if entry is None:
            return
        if entry.excerpt_id is not None:
            self.ctx.excerpt_selected.emit(entry.excerpt_id)
            self.ctx.select_excerpt.emit(entry.excerpt_id)
        elif entry.record_id is not None:
            self.ctx.filter_excerpts.emit(None, entry.record_id)


PART = ChronologyPart
