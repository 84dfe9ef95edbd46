"""Refreshing the panels and the document from an operation's Changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casefile.domain import model as m
from casefile.services import Changes
from casefile.services.chronology import chronology
from casefile.ui.highlights import Span

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow

UNTAGGED = "#b0b0b0"


class PanelRefresher:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.tags: dict[int, m.Tag] = {}

    def span(self, excerpt: m.Excerpt) -> Span:
        color = (
            self.tags[excerpt.tag_ids[0]].color
            if excerpt.tag_ids and excerpt.tag_ids[0] in self.tags
            else UNTAGGED
        )
        return Span(excerpt.id, excerpt.start, excerpt.end, color)

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
        if changes.tags:
            self.tag_list()
        if changes.sources or changes.excerpts:
            self.sources()
        if changes.records or changes.excerpts or changes.record_types:
            self.records()
        self.excerpts()
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
        if changes.tags and any(t in self.tags for t in changes.tags):
            self.repaint_document()
        elif changes.excerpts and current is not None:
            found = {e.id: e for e in w.case.excerpts(ids=sorted(changes.excerpts))}
            w.document.update_spans(
                {
                    eid: self.span(found[eid])
                    if eid in found and found[eid].source_id == current
                    else None
                    for eid in changes.excerpts
                }
            )
        elif current is not None and current in changes.sources:
            w.show_source(current)  # restored by undo

    def repaint_document(self) -> None:
        w = self.w
        if w.current_source is not None:
            w.document.set_spans(
                [self.span(e) for e in w.case.excerpts(source_id=w.current_source)]
            )

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
        w.records_model.set_rows(records)
        self._fill_filter(w.record_filter, "All records", [(r.title, r.id) for r in records])

    def excerpts(self) -> None:
        w = self.w
        if w.controller is None:
            return
        all_sources = w.excerpt_scope.currentIndex() == 1 or w.current_source is None
        excerpts = w.case.excerpts(
            source_id=None if all_sources else w.current_source,
            tag_id=w.tag_filter.currentData(),
            record_id=w.record_filter.currentData(),
        )
        w.excerpts_model.tags = self.tags
        w.excerpts_model.sources = {s.id: s for s in w.sources_model.rows}
        w.excerpts_model.set_rows(excerpts)

    def chronology(self) -> None:
        w = self.w
        sources = {s.id: s for s in w.sources_model.rows}
        w.chronology_model.set_rows(chronology(w.records_model.rows, w.case.excerpts(), sources))
        w.chronology_view.resizeColumnToContents(0)

    @staticmethod
    def _fill_filter(box: object, everything: str, items: list[tuple[str, int]]) -> None:
        from PySide6.QtWidgets import QComboBox

        assert isinstance(box, QComboBox)
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for text, value in items:
            box.addItem(text, value)
        index = box.findData(current)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.blockSignals(False)
