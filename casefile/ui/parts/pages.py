"""The page view part: a PDF or scanned source shown on its pages, in the centre.

It sits beside the text view (a tab of the centre); View › Page View
(Ctrl+Shift+P) switches between the two and keeps the place: the text at the
top of one is shown at the top of the other. A paged source opens on its pages.
The highlight actions (Ctrl+1, Ctrl+2, Ctrl+T) act on the selection of
whichever view is showing. Source › Recognise Text Again runs OCR on the
source's pages and replaces its text, keeping the excerpts anchored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QVBoxLayout, QWidget

from casefile.domain.pagemap import PageMap
from casefile.services import Case, Changes
from casefile.ui.excerpt_actions import UNTAGGED
from casefile.ui.highlights import Span
from casefile.ui.page_view import PageView
from casefile.ui.parts.base import NEEDS_SOURCE, NEEDS_WRITABLE, Part, PartContext, make_action
from casefile.ui.worker import is_everything

RawSpan = tuple[int, int, int, int | None]
PAGED_KINDS = ("pdf", "image")


class PagesPart(Part):
    name = "pages"
    title = "Pages"
    area = None

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.view = PageView()
        self.source_id: int | None = None
        self.kind = ""
        self._request = 0
        self._pending_page: str | None = None
        self._widget = QWidget()
        layout = QVBoxLayout(self._widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.toolbar = QToolBar("Pages")
        self.page_label = QLabel("")
        self.page_label.setObjectName("page_label")
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self._actions = self._make_actions()
        for name in ("zoom_out", "zoom_in", "fit_width", "page_view"):
            self.toolbar.addAction(self.action(name))
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.page_label)
        self.view.excerpt_clicked.connect(self._clicked)
        self.view.page_changed.connect(self._page_changed)
        self.view.selection_changed.connect(ctx.actions_changed.emit)
        self.view.context_actions = self._fill_context_menu
        ctx.show_source.connect(self._show_source)
        ctx.source_shown.connect(self._source_shown)
        ctx.select_excerpt.connect(self._select_excerpt)
        document = ctx.parts.get("document")
        if document is not None:  # the highlight actions act on the page view when it shows
            document.excerpts.other_views.append(self._active_view)  # type: ignore[attr-defined]

    def widget(self) -> QWidget:
        return self._widget

    def focus_widget(self) -> QWidget:
        return self.view

    def _make_actions(self) -> list[QAction]:
        v = self.view
        return [
            make_action(self, "page_view", "&Page View", self.toggle, menu="view",
                        shortcut="Ctrl+Shift+P", needs=(NEEDS_SOURCE,), section=3,
                        tip="Switch between the pages and the text (keeps the place)"),
            make_action(self, "zoom_in", "Zoom &In", lambda: v.zoom_by(1.25), menu="view",
                        shortcut="Ctrl+=", section=3),
            make_action(self, "zoom_out", "Zoom &Out", lambda: v.zoom_by(0.8), menu="view",
                        shortcut="Ctrl+-", section=3),
            make_action(self, "fit_width", "&Fit Width", v.zoom_fit_width, menu="view",
                        shortcut="Ctrl+0", section=3),
            make_action(self, "recognise", "&Recognise Text Again (OCR)…", self.recognise,
                        menu="source", needs=(NEEDS_SOURCE, NEEDS_WRITABLE), section=2,
                        tip="Read the source's pages with OCR and replace its text"),
        ]  # fmt: skip

    def actions(self) -> list[QAction]:
        return self._actions

    def action(self, name: str) -> QAction:
        return next(a for a in self._actions if a.objectName() == name)

    # -- which view shows -----------------------------------------------------------------
    def _tabs(self) -> Any:
        return getattr(self.ctx.window, "centre_tabs", None)

    def showing(self) -> bool:
        tabs = self._tabs()
        return tabs is not None and tabs.currentWidget() is self._widget

    def _active_view(self) -> PageView | None:
        return self.view if self.showing() else None

    def _text_view(self) -> Any:
        document = self.ctx.parts.get("document")
        return getattr(document, "view", None)

    def show_pages(self, pages: bool) -> None:
        """Switch the centre to the pages (True) or the text, keeping the place."""
        tabs, text = self._tabs(), self._text_view()
        if tabs is None or text is None or pages == self.showing():
            return
        document = self.ctx.parts.get("document")
        if pages:
            span = text.selection_span()
            top = text.cursorForPosition(text.viewport().rect().topLeft()).position()
            cursor = text.offsets.to_code_point(top)
            if span is not None:
                self.view.select_span(*span)
            else:
                self.view.scroll_to_offset(cursor)
            tabs.setCurrentWidget(self._widget)
            self.view.setFocus()
        else:
            span = self.view.selection_span()
            offset = self.view.top_offset()
            if document is not None:
                tabs.setCurrentWidget(document.widget())
            if span is not None:
                text.select_span(*span)
            elif offset is not None:
                text.select_span(offset, offset)
                bar = text.verticalScrollBar()
                bar.setValue(bar.value() + text.cursorRect().top() - 8)
            text.setFocus()
        self.ctx.actions_changed.emit()

    def toggle(self) -> None:
        if self.kind not in PAGED_KINDS and not self.showing():
            self.ctx.message("This source has no pages: it was not a PDF or a scan.")
            return
        pages = not self.showing()
        self.ctx.settings.setValue("page_view", "true" if pages else "false")  # for next time
        self.show_pages(pages)

    # -- showing a source -----------------------------------------------------------------
    def _show_source(self, source_id: int, _offset: object = None, page: object = None) -> None:
        if isinstance(page, str) and page:
            self._pending_page = page
            if source_id == self.source_id and self.view.page_count:
                self._go_to_label()

    def _source_shown(self, source_id: int | None) -> None:
        if source_id == self.source_id and self.view.page_count:
            return
        self._request += 1
        request = self._request
        self.source_id = source_id
        if source_id is None:
            self.kind = ""
            self.view.clear()
            return

        def load(case: Case) -> tuple[str, bytes]:
            kind = case.source(source_id).kind
            return kind, case.blob(source_id) if kind in PAGED_KINDS else b""

        def loaded(got: tuple[str, bytes]) -> None:
            if request != self._request:
                return
            kind, data = got
            self.kind = kind
            if kind not in PAGED_KINDS:
                self.view.clear("This source has no pages: it was not a PDF or a scan.")
                self.show_pages(False)
                return
            # the pages first (they render while the map and highlights load)
            self.view.open_document(data, kind)
            if self._pending_page is not None:
                self.view.renderer.worker.opened.connect(self._opened_once)
            if str(self.ctx.settings.value("page_view", "true")) != "false":
                self.show_pages(True)
            self.ctx.worker.query(
                lambda case: (case.page_map(source_id), case.spans(source_id)), mapped
            )

        def mapped(got: tuple[PageMap | None, list[RawSpan]]) -> None:
            if request == self._request:
                self.view.set_page_map(got[0])
                self.view.set_spans(self._spans(got[1]))

        self.ctx.worker.query(load, loaded)

    def _opened_once(self, *_args: object) -> None:
        self.view.renderer.worker.opened.disconnect(self._opened_once)
        self._go_to_label()

    def _go_to_label(self) -> None:
        label, self._pending_page = self._pending_page, None
        if label is None:
            return
        labels = self.view.labels
        if label in labels:
            index = labels.index(label)
        elif label.isdigit() and 0 < int(label) <= len(labels):
            index = int(label) - 1
        else:
            self.ctx.message(f"This source has no page {label}.")
            return
        self.show_pages(True)
        self.view.scroll_to_page(index)

    def _spans(self, raw: list[RawSpan]) -> list[Span]:
        tags = self.ctx.tags
        return [
            Span(eid, start, end, tags[tag].color if tag in tags else UNTAGGED)
            for eid, start, end, tag in raw
        ]

    def _page_changed(self, index: int) -> None:
        labels = self.view.labels
        if 0 <= index < len(labels):
            text = f"Page {labels[index]} ({index + 1} of {len(labels)})"
            self.page_label.setText(text)
            if self.showing():
                self.ctx.pinpoint.emit(f"p. {labels[index]}")

    def _clicked(self, excerpt_id: int) -> None:
        if excerpt_id > 0:
            self.ctx.excerpt_selected.emit(excerpt_id)
            self.ctx.select_excerpt.emit(excerpt_id)

    def _select_excerpt(self, excerpt_id: int) -> None:
        span = self.view.span_of(excerpt_id)
        if span is not None and self.view.selection_span() != (span.start, span.end):
            self.view.select_span(span.start, span.end)

    def _fill_context_menu(self, menu: QMenu) -> None:
        self.ctx.actions_changed.emit()
        document = self.ctx.parts.get("document")
        for name in ("claim", "testimony", "with_tag", "note", "add_tag", "link", "remove"):
            if document is not None:
                menu.addAction(document.action(name))  # type: ignore[attr-defined]

    # -- changes --------------------------------------------------------------------------
    def on_case_closed(self) -> None:
        self._request += 1
        self.source_id = None
        self.kind = ""
        self.view.clear()

    def on_changes(self, changes: Changes) -> None:
        current = self.source_id
        if current is None or self.kind not in PAGED_KINDS:
            return
        if is_everything(changes) or current in changes.sources:
            # the text may be new (Recognise Text Again): the map and highlights with it

            def remap(got: tuple[PageMap | None, list[RawSpan]]) -> None:
                if self.source_id == current:
                    self.view.set_page_map(got[0])
                    self.view.set_spans(self._spans(got[1]))

            self.ctx.worker.query(lambda case: (case.page_map(current), case.spans(current)), remap)
            return
        if changes.excerpts or changes.tags:

            def repaint(raw: list[RawSpan]) -> None:
                if self.source_id == current:
                    self.view.set_spans(self._spans(raw))

            self.ctx.worker.query(lambda case: case.spans(current), repaint)

    # -- OCR again --------------------------------------------------------------------------
    def recognise(self) -> None:
        from casefile.ui.recognise import recognise_again

        if self.source_id is not None:
            recognise_again(self.ctx, self.source_id)


PART = PagesPart
