"""The Search part (Ctrl+Shift+F): every hit in the case, grouped by source.

Type a query and press Enter; hits come back with their words in context,
under their source (notes and records under their own headings). Enter or a
click on a hit opens the source with the hit selected. Filters narrow the
search to a source, a tag, a record or publication dates. "Highlight All
Hits As…" codes every text hit with a tag after a preview, as one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casefile.domain import model as m
from casefile.services import Case, Changes
from casefile.services.bulk_highlight import HighlightSpans
from casefile.services.search import Hit, search
from casefile.ui.parts.base import NEEDS_CASE, NEEDS_WRITABLE, Part, PartContext, make_action

LIMIT = 500  # hits listed in the panel; coding every hit has no limit
HIT_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class Found:
    hits: list[Hit]
    titles: dict[int, str]
    complete: bool


def _combo(name: str, everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(name)
    combo.addItem(everything, None)
    return combo


class SearchPart(Part):
    name = "search"
    title = "Search"
    area = Qt.DockWidgetArea.BottomDockWidgetArea
    shown_by_default = False

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.box = QWidget()
        self.query = QLineEdit()
        self.query.setObjectName("search_query")
        self.query.setAccessibleName("Search query")
        self.query.setPlaceholderText('Search the case: words, "a phrase", prefix*, OR, NOT')
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run_search)
        self.source = _combo("search_source", "All sources")
        self.tag = _combo("search_tag", "Any tag")
        self.record = _combo("search_record", "Any record")
        self.date_from = QLineEdit()
        self.date_to = QLineEdit()
        for edit, text in ((self.date_from, "published from"), (self.date_to, "to")):
            edit.setPlaceholderText(text)
            edit.setAccessibleName(f"Search {text}")
            edit.setMaximumWidth(110)
            edit.returnPressed.connect(self.run_search)
        self.code_button = QPushButton("Highlight All Hits As…")
        self.code_button.setObjectName("search_code_all")
        self.code_button.clicked.connect(self.code_all)
        self.status = QLabel("")
        self.status.setObjectName("search_status")
        self.results = QTreeWidget()
        self.results.setObjectName("search_results")
        self.results.setAccessibleName("Search results")
        self.results.setHeaderLabels(["Where", "In context"])
        self.results.setRootIsDecorated(True)
        self.results.setUniformRowHeights(True)
        self.results.itemActivated.connect(self._open)
        self.results.itemClicked.connect(self._open)
        filters = QHBoxLayout()
        for widget in (self.source, self.tag, self.record, self.date_from, self.date_to):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.code_button)
        layout = QVBoxLayout(self.box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._pending: tuple[int, int, int] | None = None
        self._last: Found | None = None
        ctx.source_shown.connect(self._select_pending)
        self._actions = [
            make_action(self, "find_in_case", "Find in &Case…", self.focus,
                        menu="edit", shortcut=QKeySequence("Ctrl+Shift+F"), needs=(NEEDS_CASE,),
                        tip="Search every source, note and record of the case"),
            make_action(self, "code_all_hits", "Highlight All Search &Hits As…", self.code_all,
                        menu="highlight", needs=(NEEDS_CASE, NEEDS_WRITABLE)),
        ]  # fmt: skip

    def widget(self) -> QWidget:
        return self.box

    def focus_widget(self) -> QWidget:
        return self.query

    def actions(self) -> list[QAction]:
        return self._actions

    # -- case life ---------------------------------------------------------------------
    def on_case_opened(self) -> None:
        self._reload_filters()

    def on_case_closed(self) -> None:
        self.results.clear()
        self.status.setText("")
        self._last = None
        for combo in (self.source, self.tag, self.record):
            while combo.count() > 1:
                combo.removeItem(1)

    def on_changes(self, changes: Changes) -> None:
        if changes.sources or changes.tags or changes.records:
            self._reload_filters()

    def _reload_filters(self) -> None:
        def fill(got: tuple[list[m.SourceInfo], list[m.Tag], list[m.Record]]) -> None:
            sources, tags, records = got
            choices: list[list[tuple[str, int]]] = [
                [(s.title, s.id) for s in sources],
                [(t.name, t.id) for t in tags],
                [(r.title, r.id) for r in records],
            ]
            for combo, items in zip((self.source, self.tag, self.record), choices, strict=True):
                chosen = combo.currentData()
                while combo.count() > 1:
                    combo.removeItem(1)
                for label, item_id in items:
                    combo.addItem(label, item_id)
                index = combo.findData(chosen)
                combo.setCurrentIndex(max(0, index))

        self.ctx.worker.query(lambda case: (case.sources(), case.tags(), case.records()), fill)

    # -- searching ---------------------------------------------------------------------
    def focus(self) -> None:
        dock = getattr(self.ctx.window, "docks", {}).get(self.name)
        if dock is not None:
            dock.show()
            dock.raise_()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def _arguments(self) -> dict[str, object]:
        dates = (self.date_from.text().strip(), self.date_to.text().strip())
        return {
            "source_id": self.source.currentData(), "tag": self.tag.currentData(),
            "record": self.record.currentData(), "date_range": dates if any(dates) else None,
        }  # fmt: skip

    def run_search(self) -> None:
        text = self.query.text().strip()
        if not text or not self.ctx.is_open:
            return
        arguments = self._arguments()

        def work(case: Case) -> Found:
            hits = search(case, text, limit=LIMIT + 1, **arguments)  # type: ignore[arg-type]
            titles = {s.id: s.title for s in case.sources()}
            return Found(hits[:LIMIT], titles, len(hits) <= LIMIT)

        def failed(error: BaseException) -> None:
            self.results.clear()
            self._last = None
            self.status.setText(str(error))

        self.status.setText("Searching…")
        self.ctx.worker.query(work, self._show, failed)

    def _show(self, found: Found) -> None:
        self._last = found
        self.results.clear()
        groups: dict[object, QTreeWidgetItem] = {}
        for hit in found.hits:
            key: object = hit.source_id if hit.source_id is not None else hit.kind
            group = groups.get(key)
            if group is None:
                label = (found.titles.get(hit.source_id, f"Source {hit.source_id}")
                         if hit.source_id is not None
                         else "Excerpt notes" if hit.kind == "note" else "Records")  # fmt: skip
                group = QTreeWidgetItem(self.results, [label, ""])
                group.setFirstColumnSpanned(True)
                groups[key] = group
            where = hit.pinpoint or (
                f"excerpt {hit.excerpt_id}" if hit.kind == "note"
                else f"record {hit.record_id}" if hit.kind == "record" else ""
            )  # fmt: skip
            item = QTreeWidgetItem(group, [where, f"{hit.before}【{hit.match}】{hit.after}"])
            item.setData(0, HIT_ROLE, hit)
            item.setToolTip(1, hit.snippet)
        for group in groups.values():
            group.setText(0, f"{group.text(0)} ({group.childCount()})")
        self.results.expandAll()
        self.results.resizeColumnToContents(0)
        count = len(found.hits)
        more = "" if found.complete else f" (the first {LIMIT} are listed)"
        sources = sum(1 for key in groups if isinstance(key, int))
        self.status.setText(
            f"{count} hit{'s' if count != 1 else ''} in {sources} source(s){more}" if count
            else "No hits."
        )  # fmt: skip
        first = self.results.topLevelItem(0)
        child = first.child(0) if first is not None and first.childCount() else None
        if child is not None:
            self.results.setCurrentItem(child)

    # -- going to a hit ----------------------------------------------------------------
    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        hit = item.data(0, HIT_ROLE)
        if not isinstance(hit, Hit):
            return
        if hit.kind == "note" and hit.excerpt_id is not None:
            self.ctx.select_excerpt.emit(hit.excerpt_id)
            return
        if hit.source_id is None:
            return
        self._pending = (hit.source_id, hit.start, hit.end)
        already = self.ctx.current_source == hit.source_id
        # the offset lets any view (a PDF's page view) go to the hit; the document
        # view then places its cursor there, and the whole hit is selected after it
        self.ctx.show_source.emit(hit.source_id, hit.start, None)
        if already:
            self._apply_pending()

    def _select_pending(self, source_id: object) -> None:
        if self._pending is not None and self._pending[0] == source_id:
            QTimer.singleShot(0, self._apply_pending)  # after the view placed its cursor

    def _apply_pending(self) -> None:
        pending = self._pending
        document = self.ctx.parts.get("document")
        if pending is None or document is None or self.ctx.current_source != pending[0]:
            return
        view = getattr(document, "view", None)
        if view is not None and hasattr(view, "select_span"):
            view.select_span(pending[1], pending[2])
            self._pending = None

    # -- coding every hit --------------------------------------------------------------
    def code_all(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.focus()
            self.ctx.message("Type a search first; then highlight all its hits.")
            return
        arguments = self._arguments()

        def work(case: Case) -> tuple[list[Hit], list[m.Tag]]:
            hits = search(case, text, limit=None, kinds=("text",), **arguments)  # type: ignore[arg-type]
            return hits, case.tags()

        self.ctx.worker.query(work, lambda got: self._confirm_coding(text, *got))

    def _confirm_coding(self, text: str, hits: list[Hit], tags: list[m.Tag]) -> None:
        if not hits:
            self.ctx.message(f"No hits of {text} in the sources' texts.")
            return
        names = [t.name for t in tags]
        name, ok = QInputDialog.getItem(
            self.ctx.window, "Highlight All Hits", f"Highlight {len(hits)} hit(s) as:", names, 0,
            False,
        )  # fmt: skip
        if not ok or not name:
            return
        tag = tags[names.index(name)]
        sources = len({h.source_id for h in hits})
        preview = "\n".join(f"• {h.before}【{h.match}】{h.after}" for h in hits[:5])
        more = f"\n… and {len(hits) - 5} more" if len(hits) > 5 else ""
        answer = QMessageBox.question(
            self.ctx.window, "Highlight All Hits",
            f"Highlight {len(hits)} hit(s) of {text} in {sources} source(s) as {tag.name}?\n\n"
            f"{preview}{more}\n\nOne Undo removes them all.",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        spans = [(h.source_id, h.start, h.end) for h in hits if h.source_id is not None]
        operation = HighlightSpans(spans, tag.id, author=self.ctx.author,
                                   label=f"Highlight All Hits as {tag.name}")  # fmt: skip

        def done(created: int | None) -> None:
            self.ctx.message(f"Highlighted {created or 0} hit(s) as {tag.name}.")

        self.ctx.worker.run(operation, done)


PART = SearchPart
