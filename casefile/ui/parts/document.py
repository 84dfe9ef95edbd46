"""The document view part: the source text in the centre, highlighting, find."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from casefile.domain.text import Block
from casefile.services import Case, Changes
from casefile.ui.document_view import DocumentView
from casefile.ui.excerpt_actions import UNTAGGED, ExcerptActions
from casefile.ui.find_bar import FindBar
from casefile.ui.highlights import Span
from casefile.ui.parts.base import (
    NEEDS_EXCERPT,
    NEEDS_SOURCE,
    NEEDS_WRITABLE,
    Part,
    PartContext,
    make_action,
)
from casefile.ui.worker import is_everything

Std = QKeySequence.StandardKey
RawSpan = tuple[int, int, int, int | None]


class DocumentPart(Part):
    name = "document"
    title = "Document"
    area = None

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.view = DocumentView()
        self.find_bar = FindBar(self.view)
        self.find_bar.hide()
        self._widget = QWidget()
        layout = QVBoxLayout(self._widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view)
        layout.addWidget(self.find_bar)
        self.excerpts = ExcerptActions(ctx, self.view)
        self.source_id: int | None = None
        self._request = 0
        self.view.excerpt_clicked.connect(self._clicked)
        self.view.pinpoint_changed.connect(ctx.pinpoint.emit)
        self.view.context_actions = self._fill_context_menu
        self.view.cursorPositionChanged.connect(ctx.actions_changed.emit)
        ctx.text_target = self._text_target
        ctx.show_source.connect(self.show_source)
        ctx.select_excerpt.connect(self.show_excerpt)
        self._actions = self._make_actions()

    def widget(self) -> QWidget:
        return self._widget

    def focus_widget(self) -> QWidget:
        return self.view

    def _make_actions(self) -> list[QAction]:
        e, v, fb = self.excerpts, self.view, self.find_bar
        src, exc = (NEEDS_SOURCE, NEEDS_WRITABLE), (NEEDS_EXCERPT, NEEDS_WRITABLE)
        hl = "highlight"
        return [
            make_action(self, "copy", "&Copy", v.copy, menu="edit", shortcut=Std.Copy, section=1),
            make_action(self, "find", "&Find…", fb.open, menu="edit", shortcut=Std.Find,
                        needs=(NEEDS_SOURCE,), section=1),
            make_action(self, "find_next", "Find &Next", fb.find, menu="edit",
                        shortcut=Std.FindNext, needs=(NEEDS_SOURCE,), section=1),
            make_action(self, "find_previous", "Find Pre&vious", lambda: fb.find(backward=True),
                        menu="edit", shortcut=Std.FindPrevious, needs=(NEEDS_SOURCE,), section=1),
            make_action(self, "claim", "Highlight as &Claim",
                        lambda: e.highlight_builtin("Claim"), menu=hl, shortcut="Ctrl+1",
                        needs=src),
            make_action(self, "testimony", "Highlight as &Testimony",
                        lambda: e.highlight_builtin("Testimony"), menu=hl, shortcut="Ctrl+2",
                        needs=src),
            make_action(self, "with_tag", "Highlight with T&ag…", e.highlight_with_picker,
                        menu=hl, shortcut="Ctrl+T", needs=src),
            make_action(self, "note", "Edit &Note…", e.edit_note, menu=hl,
                        shortcut="Ctrl+Shift+N", needs=exc, section=1),
            make_action(self, "add_tag", "A&dd Tag to Excerpt…", e.add_tag, menu=hl,
                        shortcut="Ctrl+Shift+T", needs=exc, section=1),
            make_action(self, "remove_tag", "Re&move Tag from Excerpt…", e.remove_tag, menu=hl,
                        needs=exc, section=1),
            make_action(self, "link", "&Link to Record…", e.link, menu=hl, shortcut="Ctrl+L",
                        needs=exc, section=1),
            make_action(self, "unlink", "&Unlink from Record…", e.unlink, menu=hl, needs=exc,
                        section=1),
            make_action(self, "remove", "&Remove Highlight", e.remove, menu=hl,
                        shortcut="Ctrl+Shift+Backspace", needs=exc, section=2),
        ]  # fmt: skip

    def actions(self) -> list[QAction]:
        return self._actions

    def action(self, name: str) -> QAction:
        return next(a for a in self._actions if a.objectName() == name)

    # -- what the target is ------------------------------------------------------------
    def _text_target(self) -> int | None:
        if self.view.context_target is not None:
            return self.view.context_target
        if self.view.hasFocus():
            return self.view.excerpt_under_cursor()
        return None

    def _fill_context_menu(self, menu: QMenu) -> None:
        self.ctx.actions_changed.emit()  # enable the items for the highlight under the mouse
        for name in ("claim", "testimony", "with_tag", "note", "add_tag", "link", "remove"):
            menu.addAction(self.action(name))

    def _clicked(self, excerpt_id: int) -> None:
        if excerpt_id > 0:
            self.ctx.excerpt_selected.emit(excerpt_id)

    # -- showing a source ---------------------------------------------------------------
    def _spans(self, raw: list[RawSpan]) -> list[Span]:
        tags = self.ctx.tags
        return [
            Span(eid, start, end, tags[tag].color if tag in tags else UNTAGGED)
            for eid, start, end, tag in raw
        ]

    def show_source(self, source_id: int, offset: object = None, _page: object = None) -> None:
        """Load the text and highlights on the worker, then show them."""
        if source_id == self.source_id and self.view.offsets.length:
            if isinstance(offset, int):
                self.view.select_span(offset, offset)
            return
        self._request += 1
        request = self._request

        def load(case: Case) -> tuple[str, list[RawSpan], list[Block]]:
            return case.text(source_id), case.spans(source_id), case.blocks(source_id)

        def shown(got: tuple[str, list[RawSpan], list[Block]]) -> None:
            if request != self._request:
                return
            text, spans, blocks = got
            self.source_id = source_id
            self.view.show_source(text, self._spans(spans), blocks)
            self.ctx.source_shown.emit(source_id)
            if isinstance(offset, int):
                self.view.select_span(offset, offset)
            if self._pending_excerpt is not None:
                self._select_pending()

        def missing(_error: BaseException) -> None:
            if request == self._request:
                self.clear()

        self.ctx.worker.query(load, shown, missing)

    _pending_excerpt: int | None = None

    def show_excerpt(self, excerpt_id: int) -> None:
        """Select an excerpt's words (opening its source first if needed)."""
        if excerpt_id <= 0:
            return
        span = self.view.span_of(excerpt_id)
        if span is not None:
            if self.view.selection_span() != (span.start, span.end):
                self.view.select_span(span.start, span.end)
            return
        self._pending_excerpt = excerpt_id

        def found(source_id: int) -> None:
            self.show_source(source_id)
            if source_id == self.source_id:
                self._select_pending()

        self.ctx.worker.query(lambda case: case.excerpt(excerpt_id).source_id, found)

    def _select_pending(self) -> None:
        excerpt_id, self._pending_excerpt = self._pending_excerpt, None
        span = self.view.span_of(excerpt_id) if excerpt_id is not None else None
        if span is not None:
            self.view.select_span(span.start, span.end)

    def clear(self) -> None:
        self.source_id = None
        self.view.clear_source()
        self.ctx.source_shown.emit(None)

    # -- changes --------------------------------------------------------------------------
    def on_case_closed(self) -> None:
        self._request += 1
        self.find_bar.hide()
        self.clear()

    def on_changes(self, changes: Changes) -> None:
        current = self.source_id
        if current is None:
            return
        if is_everything(changes) or (changes.tags and not changes.excerpts):
            self._reload_spans(current)  # colours may have changed, or anything at all
            if is_everything(changes):
                self._check_source_exists(current)
            return
        if current in changes.sources and not changes.excerpts:
            self._check_source_exists(current)
            return
        if changes.excerpts:
            ids = sorted(changes.excerpts)

            def update(raw: list[RawSpan]) -> None:
                if self.source_id != current:
                    return
                found = {s.excerpt_id: s for s in self._spans(raw)}
                self.view.update_spans({eid: found.get(eid) for eid in ids})

            self.ctx.worker.query(lambda case: case.spans(current, ids), update)

    def _reload_spans(self, source_id: int) -> None:
        def repaint(raw: list[RawSpan]) -> None:
            if self.source_id == source_id:
                self.view.set_spans(self._spans(raw))

        self.ctx.worker.query(lambda case: case.spans(source_id), repaint)

    def _check_source_exists(self, source_id: int) -> None:
        def check(ids: list[int]) -> None:
            if self.source_id != source_id:
                return
            if source_id not in ids:  # deleted (here or elsewhere): show another
                self.clear()
                if ids:
                    self.ctx.show_source.emit(ids[0], None, None)
            else:  # restored by an undo, or edited: show it afresh
                self.source_id = None
                self.show_source(source_id)

        self.ctx.worker.query(lambda case: [s.id for s in case.sources()], check)


PART = DocumentPart
