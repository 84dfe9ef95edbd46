"""Refreshing the panels and the document from an operation's Changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from casefile.domain import model as m
from casefile.services import Changes
from casefile.services.chronology import ChronologyEntry, chronology
from casefile.ui.highlights import Span

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow

UNTAGGED = "#b0b0b0"


class PanelRefresher:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.tags: dict[int, m.Tag] = {}
        self._excerpt_request: object = None

    def spans(self, source_id: int, ids: list[int] | None = None) -> list[Span]:
        colors = {t.id: t.color for t in self.tags.values()}
        return [
            Span(eid, start, end, colors.get(tag, UNTAGGED) if tag is not None else UNTAGGED)
            for eid, start, end, tag in self.w.case.spans(source_id, ids)
        ]

    def everything(self) -> None:
        self.tag_list()
        self.sources()
        self.records()
        self.excerpts()
        self.chronology()

    def apply(self, changes: Changes) -> None:
        w = self.w
        if w.controller is None:
            return
        colors_before = {t.id: t.color for t in self.tags.values()}
        if changes.tags:
            self.tag_list()
        recolored = colors_before != {t.id: t.color for t in self.tags.values()}
        if changes.sources or changes.excerpts:
            self.sources()
        if changes.records or changes.excerpts or changes.record_types:
            self.records()
        self.excerpts()
        if changes.records or changes.excerpts or changes.sources:
            self.chronology()
        if changes.case_info:
            w.setWindowTitle(f"{w.case.title} — Casefile")
        current = w.current_source
        if (
            current is not None
            and current in changes.sources
            and not any(s.id == current for s in self.w.sources_model.rows)
        ):
            w.document.clear_source()
            w.current_source = None
            first = w.sources_model.rows[0].id if w.sources_model.rows else None
            if first is not None:
                w.show_source(first)
            return
        if current is not None and changes.sources == frozenset({current}) and not changes.excerpts:
            return
        if recolored:  # a tag's colour changed, or a tag came or went: repaint all
            self.repaint_document()
        elif changes.excerpts and current is not None:
            found = {sp.excerpt_id: sp for sp in self.spans(current, sorted(changes.excerpts))}
            w.document.update_spans({eid: found.get(eid) for eid in changes.excerpts})
        elif current is not None and current in changes.sources:
            w.show_source(current)  # restored by undo

    def repaint_document(self) -> None:
        w = self.w
        if w.current_source is not None:
            w.document.set_spans(self.spans(w.current_source))

    def tag_list(self) -> None:
        w = self.w
        tags = w.case.tags()
        self.tags = {t.id: t for t in tags}
        w.tags_model.set_tags(tags)
        w.tags_view.expandAll()
        w.tags_view.resizeColumnToContents(0)
        self._fill_filter(w.tag_filter, "All tags", [(t.name, t.id) for t in tags])

    def sources(self) -> None:
        w = self.w
        w.sources_model.set_rows(w.case.sources())
        w.sources_view.resizeColumnToContents(1)
        self._select_current_source()

    def _select_current_source(self) -> None:
        w = self.w
        row = w.sources_model.row_of(lambda s: s.id == w.current_source)
        if row >= 0:
            w.sources_view.selectRow(row)

    def records(self) -> None:
        w = self.w
        records = w.case.records()
        rows = w.records_view.selectionModel().selectedRows()
        selected = w.records_model.rows[rows[0].row()].id if rows else None
        w.records_model.set_rows(records)
        row = w.records_model.row_of(lambda r: r.id == selected)
        if row >= 0:
            w.records_view.selectRow(row)
        self._fill_filter(w.record_filter, "All records", [(r.title, r.id) for r in records])

    def excerpts(self) -> None:
        """Refill the excerpt panel; the query runs on the worker, the GUI never waits."""
        w = self.w
        if w.controller is None:
            return
        all_sources = w.excerpt_scope.currentIndex() == 1 or w.current_source is None
        case, source = w.case, None if all_sources else w.current_source
        tag_id, record_id = w.tag_filter.currentData(), w.record_filter.currentData()
        self._excerpt_request = request = object()

        def fill(excerpts: list[m.Excerpt] | None, error: BaseException | None) -> None:
            if error is None and excerpts is not None and request is self._excerpt_request:
                self._fill_excerpts(excerpts)

        w.tasks.run(
            lambda: case.excerpts(source_id=source, tag_id=tag_id, record_id=record_id), fill
        )

    def _fill_excerpts(self, excerpts: list[m.Excerpt]) -> None:
        w = self.w
        if w.controller is None:
            return
        selected = w.current_excerpt()
        w.excerpts_model.tags = self.tags
        w.excerpts_model.sources = {s.id: s for s in w.sources_model.rows}
        w.excerpts_model.set_rows(excerpts)
        row = w.excerpts_model.row_of(lambda e: e.id == selected)
        if row >= 0:  # keep the user's selection across refreshes
            w.excerpts_view.selectRow(row)

    def chronology(self) -> None:
        w = self.w
        case, records = w.case, list(w.records_model.rows)
        sources = {s.id: s for s in w.sources_model.rows}

        def fill(entries: list[ChronologyEntry] | None, error: BaseException | None) -> None:
            if error is None and entries is not None and w.controller is not None:
                w.chronology_model.set_rows(entries)
                w.chronology_view.resizeColumnToContents(0)

        w.tasks.run(lambda: chronology(records, case.excerpts(), sources), fill)

    @staticmethod
    def _fill_filter(box: QComboBox, everything: str, items: list[tuple[str, int]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for text, value in items:
            box.addItem(text, value)
        index = box.findData(current)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.blockSignals(False)
