"""The To Review part: excerpts a new source version left changed or orphaned.

Each row shows the excerpt's status, its old quotation and, for a changed one,
the words it is anchored to now. Accept keeps a changed excerpt where it is;
Place at Selection anchors the excerpt to the words selected in the document;
Delete removes it. Source › Replace with New Version… lives here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casefile.services import Case, Changes, Operation
from casefile.services.excerpt_ops import DeleteExcerpt
from casefile.services.importing import prepare_import
from casefile.services.versions import (
    ReplaceSourceVersion,
    mark_reviewed,
    place_again,
    previous_quotes,
)
from casefile.ui.parts.base import NEEDS_SOURCE, NEEDS_WRITABLE, Part, PartContext, make_action
from casefile.ui.parts.tables import selected_row, stretch_first_column, table
from casefile.ui.table_model import Column, RowTableModel
from casefile.ui.worker import Job, is_everything


@dataclass(frozen=True, slots=True)
class ReviewRow:
    excerpt_id: int
    source_id: int
    status: str
    old: str
    now: str


def review_rows(case: Case) -> list[ReviewRow]:
    """Every changed or orphaned excerpt, with its quotation before the new version."""
    waiting = [e for e in case.excerpts() if e.status != "anchored"]
    if not waiting:
        return []
    with case.reading() as session:
        before = previous_quotes(session)
    return [
        ReviewRow(e.id, e.source_id, str(e.status),
                  str(before.get(e.id, {}).get("old_exact", e.exact)),
                  e.exact if e.status == "changed" else "")
        for e in waiting
    ]  # fmt: skip


class ReviewModel(RowTableModel[ReviewRow]):
    def __init__(self) -> None:
        super().__init__([
            Column("Before", lambda r: " ".join(r.old.split())),
            Column("Now", lambda r: " ".join(r.now.split()) or "(no place)"),
            Column("Status", lambda r: "changed — please review" if r.status == "changed"
                   else r.status),
            Column("Source", lambda r: str(r.source_id)),
        ])  # fmt: skip


class ReviewPart(Part):
    name = "review"
    title = "To Review"
    area = Qt.DockWidgetArea.BottomDockWidgetArea  # wide: old and new quotations side by side
    tab_with = "search"
    shown_by_default = False

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.model = ReviewModel()
        self.view = table("To review")
        self.view.setModel(self.model)
        stretch_first_column(self.view)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(lambda _index: self.show_selected())
        self.box = QWidget()
        buttons = QHBoxLayout()
        for text, slot, name in (("Accept", self.accept, "review_accept"),
                                 ("Place at Selection", self.place, "review_place"),
                                 ("Delete", self.delete, "review_delete")):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self.box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._actions = [
            make_action(self, "replace_version", "Replace with New &Version…", self.replace,
                        menu="source", needs=(NEEDS_SOURCE, NEEDS_WRITABLE), section=2,
                        tip="Bring in a new edition of this source; its excerpts are re-anchored"),
        ]  # fmt: skip

    def widget(self) -> QWidget:
        return self.box

    def focus_widget(self) -> QWidget:
        return self.view

    def actions(self) -> list[QAction]:
        return self._actions

    def on_case_opened(self) -> None:
        self.reload(show_if_any=True)  # a case with excerpts to review says so at once

    def on_case_closed(self) -> None:
        self.model.set_rows([])

    def on_changes(self, changes: Changes) -> None:
        if is_everything(changes) or changes.excerpts or changes.sources:
            self.reload()

    def reload(self, show_if_any: bool = False) -> None:
        def fill(rows: list[ReviewRow]) -> None:
            self.model.set_rows(rows)
            if rows and show_if_any:
                self.show_dock()

        self.ctx.worker.query(review_rows, fill)

    def show_dock(self) -> None:
        dock = getattr(self.ctx.window, "docks", {}).get(self.name)
        if dock is not None:
            dock.show()
            dock.raise_()

    def selected(self) -> ReviewRow | None:
        row = selected_row(self.view)
        return self.model.row_at(self.model.index(row, 0)) if row >= 0 else None

    def show_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.ctx.show_source.emit(row.source_id, None, None)
            if row.status == "changed":
                self.ctx.select_excerpt.emit(row.excerpt_id)

    # -- actions -----------------------------------------------------------------------
    def accept(self) -> None:
        row = self.selected()
        if row is None or row.status != "changed":
            self.ctx.message("Select a changed excerpt to accept it where it now is.")
            return
        self._run(lambda case: _build(case, lambda s: mark_reviewed(s, row.excerpt_id)))

    def place(self) -> None:
        row = self.selected()
        document = self.ctx.parts.get("document")
        view = getattr(document, "view", None)
        span = view.selection_span() if view is not None else None
        if row is None or span is None or self.ctx.current_source != row.source_id:
            self.ctx.message(
                "Open the excerpt's source, select the words, then Place at Selection."
            )
            return
        start, end = span
        self._run(lambda case: _build(case, lambda s: place_again(s, row.excerpt_id, start, end)))

    def delete(self) -> None:
        row = self.selected()
        if row is not None:
            self.ctx.worker.run(DeleteExcerpt(row.excerpt_id))

    def _run(self, build: Any) -> None:
        def apply(operation: Operation) -> None:
            self.ctx.worker.run(operation)

        self.ctx.worker.query(build, apply)

    def replace(self) -> None:
        source_id = self.ctx.current_source
        if source_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(self.ctx.window, "Replace with New Version")
        if name:
            self.replace_with(source_id, Path(name))

    def replace_with(self, source_id: int, path: Path) -> None:
        """Read the file on the worker, then replace the source as one undoable step."""

        def prepare(_case: Case | None, _job: Job) -> ReplaceSourceVersion:
            return ReplaceSourceVersion(source_id, prepare_import(path))

        def store(operation: ReplaceSourceVersion) -> None:
            def done(_version: int | None) -> None:
                report = operation.report
                if report is None:
                    return
                moved, changed = report.ids("anchored", moved=True), report.ids("changed")
                orphaned = report.ids("orphaned")
                counts = f"{len(moved)} moved, {len(changed)} changed, {len(orphaned)} orphaned"
                self.ctx.message(f"New version of source {source_id}: {counts}.", 15000)
                if changed or orphaned:
                    self.show_dock()

            self.ctx.worker.run(operation, done)

        def failed(error: BaseException) -> None:
            QMessageBox.warning(self.ctx.window, "Replace with New Version", str(error))

        self.ctx.worker.task(prepare, store, failed, label="Reading the new version")


def _build(case: Case, make: Any) -> Any:
    with case.reading() as session:
        return make(session)


PART = ReviewPart
