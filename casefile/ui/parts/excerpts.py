"""The excerpts part: the highlights of this source (or all), filtered by tag or record.

The filters reset when a case opens. Refreshing after an operation reloads only
the rows it touched; the list never waits for the database (the worker does).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from casefile.domain import model as m
from casefile.services import Changes
from casefile.ui.excerpt_delegate import ExcerptDelegate
from casefile.ui.models import ExcerptsModel
from casefile.ui.parts.base import Part, PartContext
from casefile.ui.parts.tables import selected_row
from casefile.ui.worker import is_everything

THIS_SOURCE, ALL_SOURCES = 0, 1


class ExcerptsPart(Part):
    name = "excerpts"
    title = "Excerpts"
    area = Qt.DockWidgetArea.RightDockWidgetArea

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.model = ExcerptsModel()
        self.view = QListView()
        self.view.setObjectName("Excerpts")
        self.view.setAccessibleName("Excerpts")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap when the panel resizes
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(False)
        self._records: dict[int, m.Record] = {}
        self.delegate = ExcerptDelegate(
            lambda: self.ctx.tags, lambda: self._records, lambda: self.ctx.sources, self.view
        )
        self.view.setItemDelegate(self.delegate)
        self.view.viewport().installEventFilter(self)
        self.scope = QComboBox()
        self.scope.addItems(["This source", "All sources"])
        self.tag_filter = QComboBox()
        self.record_filter = QComboBox()
        self._widget = QWidget()
        filters = QHBoxLayout()
        for text, box in (
            ("&Show:", self.scope),
            ("T&ag:", self.tag_filter),
            ("Rec&ord:", self.record_filter),
        ):
            label = QLabel(text, self._widget)
            label.setBuddy(box)
            box.setAccessibleName(text.replace("&", "").rstrip(":"))
            filters.addWidget(label)
            filters.addWidget(box, 1)
            box.currentIndexChanged.connect(lambda _i: self.reload())
        layout = QVBoxLayout(self._widget)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self._request = 0
        self._want_selected: int | None = None
        self._quiet = False
        self.view.selectionModel().selectionChanged.connect(self._selection_moved)
        self.view.activated.connect(lambda _i: self._open_selected())
        self.view.clicked.connect(lambda _i: self._open_selected())
        ctx.source_shown.connect(self._source_shown)
        ctx.select_excerpt.connect(self.select)
        ctx.excerpt_selected.connect(self._mark)
        ctx.filter_excerpts.connect(self.filter_by)
        self.reset_filters()

    def widget(self) -> QWidget:
        return self._widget

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click on a tag chip filters by that tag; on a record badge, by that record."""
        if (
            watched is self.view.viewport()
            and isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
        ):
            point = event.position().toPoint()
            index = self.view.indexAt(point)
            if index.isValid():
                option = QStyleOptionViewItem()
                option.initFrom(self.view)
                option.rect = self.view.visualRect(index)
                chip = self.delegate.chip_at(option, index, point.x(), point.y())
                if chip is not None:
                    self.filter_by(chip.tag_id, chip.record_id)
                    return True
        return False

    def focus_widget(self) -> QWidget:
        return self.view

    # -- filters -------------------------------------------------------------------------
    def reset_filters(self) -> None:
        for box, everything in ((self.tag_filter, "All tags"), (self.record_filter, "All records")):
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            box.blockSignals(False)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(THIS_SOURCE)
        self.scope.blockSignals(False)

    def _fill_filter(self, box: QComboBox, everything: str, items: list[tuple[str, int]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for text, value in items:
            box.addItem(text, value)
        index = box.findData(current)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.blockSignals(False)

    def filter_by(self, tag_id: int | None, record_id: int | None) -> None:
        """Show the excerpts of a tag or a record, in every source."""
        for box, value in ((self.tag_filter, tag_id), (self.record_filter, record_id)):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(ALL_SOURCES)
        self.scope.blockSignals(False)
        dock = self._widget.parentWidget()
        if dock is not None:
            dock.raise_()
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def on_case_opened(self) -> None:
        self.reset_filters()
        self._refresh_filters()
        self.reload()

    def on_case_closed(self) -> None:
        self._request += 1
        self.model.set_rows([])
        self.reset_filters()

    def on_changes(self, changes: Changes) -> None:
        if is_everything(changes) or changes.tags or changes.records:
            self._refresh_filters()
        if is_everything(changes) or changes.sources or changes.tags or changes.records:
            self.reload()
        elif changes.excerpts:
            self._reload_rows(sorted(changes.excerpts))

    def _source_shown(self, _source_id: int | None) -> None:
        if self.scope.currentIndex() == THIS_SOURCE:
            self.reload()

    def _query(self) -> tuple[int | None, int | None, int | None]:
        source = self.ctx.current_source if self.scope.currentIndex() == THIS_SOURCE else None
        return source, self.tag_filter.currentData(), self.record_filter.currentData()

    def reload(self) -> None:
        if not self.ctx.is_open:
            return
        self._request += 1
        request = self._request
        source, tag_id, record_id = self._query()
        if source is None and self.scope.currentIndex() == THIS_SOURCE:
            self.model.set_rows([])
            return

        def fill(rows: list[m.Excerpt]) -> None:
            if request == self._request:
                self._set_rows(rows)

        self.ctx.worker.query(
            lambda case: case.excerpts(source_id=source, tag_id=tag_id, record_id=record_id), fill
        )

    def _reload_rows(self, ids: list[int]) -> None:
        """Reload only the rows an operation touched (added, changed or removed)."""
        source, tag_id, record_id = self._query()
        request = self._request

        def patch(rows: list[m.Excerpt]) -> None:
            if request != self._request:
                return
            wanted = {
                e.id: e
                for e in rows
                if (source is None or e.source_id == source)
                and (tag_id is None or tag_id in e.tag_ids)
                and (record_id is None or any(link.record_id == record_id for link in e.links))
            }
            self._patch(ids, wanted)

        self.ctx.worker.query(lambda case: case.excerpts(ids=ids), patch)

    def _patch(self, ids: list[int], wanted: dict[int, m.Excerpt]) -> None:
        self.model.tags, self.model.sources = self.ctx.tags, self.ctx.sources
        self._quiet = True
        self.model.patch_rows(ids, wanted, key=lambda e: (e.source_id, e.start, e.id))
        self._quiet = False
        self._apply_selection()

    def _set_rows(self, rows: list[m.Excerpt]) -> None:
        self.model.tags, self.model.sources = self.ctx.tags, self.ctx.sources
        self._quiet = True
        self.model.set_rows(rows)
        self._quiet = False
        self._apply_selection()

    def _refresh_filters(self) -> None:
        tags = [(t.name, t.id) for t in self.ctx.tags.values()]
        self._fill_filter(self.tag_filter, "All tags", tags)

        def fill(records: list[m.Record]) -> None:
            self._records = {r.id: r for r in records}
            self.view.viewport().update()
            self._fill_filter(self.record_filter, "All records", [(r.title, r.id) for r in records])

        self.ctx.worker.query(lambda case: case.records(), fill)

    # -- selection ---------------------------------------------------------------------------
    def select(self, excerpt_id: int) -> None:
        """Select an excerpt's row (when the list shows it, or once it does)."""
        self._want_selected = excerpt_id
        self._apply_selection()

    def _mark(self, excerpt_id: int | None) -> None:
        if excerpt_id is not None and excerpt_id != self._current():
            self.select(excerpt_id)

    def _apply_selection(self) -> None:
        wanted = self._want_selected if self._want_selected is not None else self._current()
        row = self.model.row_of(lambda e: e.id == wanted)
        if row >= 0:
            self._quiet = True
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(self.model.index(row, 0))
            self._quiet = False
            self._want_selected = None

    def _current(self) -> int | None:
        row = selected_row(self.view)
        if row < 0 and self.view.currentIndex().isValid():
            row = self.view.currentIndex().row()
        return self.model.rows[row].id if 0 <= row < len(self.model.rows) else None

    def _selection_moved(self, _s: QItemSelection, _d: QItemSelection) -> None:
        if not self._quiet:
            self.ctx.excerpt_selected.emit(self._current())

    def _open_selected(self) -> None:
        excerpt_id = self._current()
        if excerpt_id is not None:
            self.ctx.excerpt_selected.emit(excerpt_id)
            self.ctx.select_excerpt.emit(excerpt_id)


PART = ExcerptsPart
