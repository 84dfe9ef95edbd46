"""Acting on an excerpt: highlight, note, tags, links, remove — on the right target.

The target is the highlight under the text cursor (or under the mouse while
a context menu is open), otherwise the excerpt selected in a list; before a
highlight that is not on screen is removed, the text scrolls to show it.
Every query runs on the database worker; dialogs open when the data is there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMessageBox

from casefile.domain import model as m
from casefile.domain.builtins import next_tag_color
from casefile.services import Case
from casefile.services.excerpt_ops import (
    CreateExcerpt,
    DeleteExcerpt,
    LinkExcerpt,
    SetExcerptNote,
    TagExcerpt,
)
from casefile.ui.document_view import DocumentView
from casefile.ui.highlights import Span
from casefile.ui.parts.base import PartContext
from casefile.ui.pickers import RecordPicker, TagPicker

UNTAGGED = "#b0b0b0"


class ExcerptActions(QObject):
    def __init__(self, ctx: PartContext, view: DocumentView) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.text_view = view
        # other views of the source (the page view): each returns itself while it is
        # the one showing, else None; the actions act on the view that shows
        self.other_views: list[Callable[[], Any]] = []
        self._optimistic = 0  # painted highlights not yet stored have ids -1, -2, ...

    @property
    def view(self) -> Any:
        for showing in self.other_views:
            found = showing()
            if found is not None:
                return found
        return self.text_view

    # -- highlighting ----------------------------------------------------------------
    def highlight(self, tag_id: int | None, label: str, tag_name: str = "") -> None:
        """Highlight the selection with a tag (an id, or a new tag's ``tag_name``).

        The highlight is painted at once and confirmed when stored; on an
        existing identical span the tag is added to that excerpt instead.
        """
        ctx, span = self.ctx, self.view.selection_span()
        source = ctx.current_source
        if span is None or source is None or not ctx.is_open:
            ctx.message("Select some text first, then highlight it.")
            return
        existing = self.view.exact_excerpt(*span)
        if existing is not None and tag_id is not None:
            ctx.worker.run(TagExcerpt(existing, tag_id), lambda _r: self._select(existing))
            return
        self._optimistic -= 1
        temporary = self._optimistic
        color = ctx.tags[tag_id].color if tag_id in ctx.tags else UNTAGGED
        self.view.update_spans({temporary: Span(temporary, span[0], span[1], color)})

        def stored(excerpt_id: int | None) -> None:
            self.view.update_spans({temporary: None})
            if excerpt_id is not None:
                self.view.update_spans({excerpt_id: Span(excerpt_id, span[0], span[1], color)})
                self._select(excerpt_id)

        def failed(error: BaseException) -> None:
            self.view.update_spans({temporary: None})
            from casefile.ui.worker import describe

            QMessageBox.warning(ctx.window, "Not highlighted", describe(error))

        if tag_id is None:
            from casefile.services.compound_ops import CreateTagAndExcerpt

            operation = CreateTagAndExcerpt(
                tag_name, next_tag_color(len(ctx.tags)), source, span[0], span[1], ctx.author
            )
            ctx.worker.run(operation, stored, failed)
            return
        ctx.worker.run(
            CreateExcerpt(
                source, span[0], span[1], tag_ids=[tag_id], author=ctx.author, label=label
            ),
            stored,
            failed,
        )

    def highlight_builtin(self, name: str) -> None:
        tag = next((t for t in self.ctx.tags.values() if t.name == name), None)
        if tag is not None:
            self.highlight(tag.id, f"Highlight as {name}")

    def highlight_with_picker(self) -> None:
        if self.view.selection_span() is None:
            self.ctx.message("Select some text first, then highlight it.")
            return
        picker = TagPicker(list(self.ctx.tags.values()), self.ctx.window)
        if picker.exec():
            self.highlight_with(picker.chosen())

    def highlight_with(self, choice: int | str | None) -> None:
        if isinstance(choice, int) and choice in self.ctx.tags:
            self.highlight(choice, f"Highlight as {self.ctx.tags[choice].name}")
        elif isinstance(choice, str) and choice.strip():
            self.highlight(None, f"Highlight as {choice.strip()}", choice.strip())

    def _select(self, excerpt_id: int) -> None:
        self.ctx.excerpt_selected.emit(excerpt_id)
        self.ctx.select_excerpt.emit(excerpt_id)

    # -- the target's note, tags, links -------------------------------------------------
    def _with_target(self, need: str, then: object) -> None:
        """Load the target excerpt (and ``need``: tags/records) on the worker, then act."""
        excerpt_id = self.ctx.target_excerpt()
        if excerpt_id is None:
            self.ctx.message("Put the cursor on a highlight (or select an excerpt) first.")
            return

        def load(case: Case) -> tuple[m.Excerpt, list[m.Tag], list[m.Record]]:
            records = case.records() if need == "records" else []
            return case.excerpt(excerpt_id), case.tags(), records

        self.ctx.worker.query(load, lambda got: then(*got))  # type: ignore[operator]

    def edit_note(self) -> None:
        def ask(excerpt: m.Excerpt, _tags: list[m.Tag], _records: list[m.Record]) -> None:
            note, ok = QInputDialog.getMultiLineText(
                self.ctx.window, "Edit Note", "Note on this excerpt:", excerpt.note
            )
            if ok and note != excerpt.note:
                self.ctx.worker.run(SetExcerptNote(excerpt.id, note))

        self._with_target("", ask)

    def add_tag(self) -> None:
        def ask(excerpt: m.Excerpt, tags: list[m.Tag], _records: list[m.Record]) -> None:
            picker = TagPicker(tags, self.ctx.window)
            picker.setWindowTitle("Add Tag to Excerpt")
            if not picker.exec() or (choice := picker.chosen()) is None:
                return
            if isinstance(choice, int):
                self.ctx.worker.run(TagExcerpt(excerpt.id, choice))
            else:
                from casefile.services.compound_ops import CreateTagOnExcerpt

                color = next_tag_color(len(tags))
                self.ctx.worker.run(CreateTagOnExcerpt(choice, color, excerpt.id))

        self._with_target("", ask)

    def remove_tag(self) -> None:
        def ask(excerpt: m.Excerpt, tags: list[m.Tag], _records: list[m.Record]) -> None:
            present = [t for t in tags if t.id in excerpt.tag_ids]
            if not present:
                return
            picker = TagPicker(present, self.ctx.window, allow_new=False)
            picker.setWindowTitle("Remove Tag from Excerpt")
            if picker.exec() and isinstance(choice := picker.chosen(), int):
                self.ctx.worker.run(TagExcerpt(excerpt.id, choice, present=False))

        self._with_target("", ask)

    def link(self) -> None:
        def ask(excerpt: m.Excerpt, _tags: list[m.Tag], records: list[m.Record]) -> None:
            if not records:
                self.ctx.message("There are no records yet: Records › New Record… (Ctrl+R).")
                return
            picker = RecordPicker(records, self.ctx.window)
            if picker.exec() and (choice := picker.chosen()) is not None:
                self.ctx.worker.run(LinkExcerpt(excerpt.id, choice[0], choice[1]))

        self._with_target("records", ask)

    def unlink(self) -> None:
        def ask(excerpt: m.Excerpt, _tags: list[m.Tag], records: list[m.Record]) -> None:
            linked = {link.record_id for link in excerpt.links}
            mine = [r for r in records if r.id in linked]
            if not mine:
                return
            picker = RecordPicker(mine, self.ctx.window)
            picker.setWindowTitle("Unlink from Record")
            picker.relation.setEnabled(False)
            if picker.exec() and (choice := picker.chosen()) is not None:
                self.ctx.worker.run(LinkExcerpt(excerpt.id, choice[0], None))

        self._with_target("records", ask)

    def remove(self) -> None:
        """Remove the target; a highlight not under the cursor is first shown."""
        excerpt_id = self.ctx.target_excerpt()
        if excerpt_id is None:
            self.ctx.message("Put the cursor on a highlight (or select an excerpt) first.")
            return
        span = self.view.span_of(excerpt_id)
        under_cursor = self.view.context_target == excerpt_id or (
            self.view.hasFocus() and self.view.excerpt_under_cursor() == excerpt_id
        )
        if span is None:
            self.ctx.select_excerpt.emit(excerpt_id)  # opens its source; press again to remove
            self.ctx.message("The excerpt is shown now; Remove Highlight again removes it.")
            return
        if not under_cursor:
            self.view.select_span(span.start, span.end)  # show what is about to go
        self.ctx.worker.run(DeleteExcerpt(excerpt_id))
