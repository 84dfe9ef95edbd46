"""The tags part: the codebook as a tree; choosing a tag (click, Enter or the arrow keys)
shows its excerpts."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMenu, QMessageBox, QTreeView, QWidget

from casefile.domain import model as m
from casefile.ui.parts.base import Part, PartContext
from casefile.ui.table_model import ROW_ROLE
from casefile.ui.tag_model import TagTreeModel
from casefile.ui.worker import is_everything

if TYPE_CHECKING:
    from casefile.services import Changes


class TagsPart(Part):
    name = "tags"
    title = "Tags"
    area = Qt.DockWidgetArea.LeftDockWidgetArea

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.model = TagTreeModel()
        self.view = QTreeView()
        self.view.setObjectName("Tags")
        self.view.setAccessibleName("Tags")
        self.view.setModel(self.model)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._moved)

    def widget(self) -> QWidget:
        return self.view

    def on_case_opened(self) -> None:
        self._show()

    def on_case_closed(self) -> None:
        self.model.set_tags([])

    def on_changes(self, changes: Changes) -> None:
        if is_everything(changes) or changes.tags or changes.excerpts:
            self._show()  # ctx.tags is fresh: the window loads it before telling parts

    def _show(self) -> None:
        self.model.set_tags(list(self.ctx.tags.values()))
        self.view.expandAll()
        self.view.resizeColumnToContents(0)

    def _tag_at(self, index: QModelIndex) -> m.Tag | None:
        tag = self.model.data(index, ROW_ROLE)
        return tag if isinstance(tag, m.Tag) else None

    def _activated(self, index: QModelIndex) -> None:
        tag = self._tag_at(index)
        if tag is not None:
            self.ctx.filter_excerpts.emit(tag.id, None)

    def _moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Arrow keys through the tree filter the Excerpts at once (no Enter needed);
        a change of the current item while the tree has no focus (a reload) does not."""
        if self.view.hasFocus():
            self._activated(current)

    # -- the context menu -----------------------------------------------------------------
    def _context_menu(self, point: QPoint) -> None:
        from casefile.services.tag_ops import UpdateTag, merge_tags

        tag = self._tag_at(self.view.indexAt(point))
        if tag is None or self.ctx.read_only:
            return
        run = self.ctx.worker.run
        others = [t for t in self.ctx.tags.values() if t.id != tag.id]
        menu = QMenu(self.view)
        menu.addAction("Rename…", lambda: self._ask_rename(tag))
        menu.addAction("Change Colour…", lambda: self._ask_colour(tag))
        move = menu.addMenu("Move Under")
        move.addAction("(top level)", lambda: run(UpdateTag(tag.id, parent_id=None)))
        merge = menu.addMenu("Merge Into")
        for other in others:
            move.addAction(other.name, partial(run, UpdateTag(tag.id, parent_id=other.id)))
            merge.addAction(other.name, partial(run, merge_tags(tag.id, other.id)))
        delete = menu.addAction("Delete Tag…", lambda: self.delete(tag))
        delete.setEnabled(not tag.builtin)
        merge.setEnabled(not tag.builtin)
        menu.exec(self.view.viewport().mapToGlobal(point))

    def delete(self, tag: m.Tag) -> None:
        """Deleting a tag that has excerpts asks first (the excerpts stay)."""
        from casefile.services.tag_ops import DeleteTag

        if tag.excerpt_count:
            answer = QMessageBox.question(
                self.ctx.window,
                "Delete Tag",
                f"The tag “{tag.name}” is on {tag.excerpt_count} excerpt(s). Delete it?\n"
                "The excerpts stay, without this tag. You can undo this with Edit › Undo.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.ctx.worker.run(DeleteTag(tag.id))

    def _ask_rename(self, tag: m.Tag) -> None:
        from casefile.services.tag_ops import UpdateTag

        name, ok = QInputDialog.getText(self.ctx.window, "Rename Tag", "New name:", text=tag.name)
        if ok and name.strip() and name != tag.name:
            self.ctx.worker.run(UpdateTag(tag.id, name=name))

    def _ask_colour(self, tag: m.Tag) -> None:
        from casefile.services.tag_ops import UpdateTag

        color = QColorDialog.getColor(QColor(tag.color), self.ctx.window, f"Colour of {tag.name}")
        if color.isValid():
            self.ctx.worker.run(UpdateTag(tag.id, color=color.name()))


PART = TagsPart
