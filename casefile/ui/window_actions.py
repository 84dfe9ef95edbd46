"""What the main window's actions do: files, navigation, highlighting. (Mixed into MainWindow.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from casefile import __version__
from casefile.services import Case
from casefile.services.demo import build_demo
from casefile.services.excerpt_ops import CreateExcerpt, DeleteExcerpt, SetExcerptNote
from casefile.ui.edit_actions import EditActions
from casefile.ui.pickers import TagPicker
from casefile.ui.table_model import ROW_ROLE

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow

    Base = MainWindow
else:
    Base = object

CASE_FILTER = "Case files (*.casefile);;All files (*)"


class WindowActions(EditActions):
    # -- files -----------------------------------------------------------------
    def new_case_dialog(self: Base) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New Case File", "", CASE_FILTER)
        if not name:
            return
        path = Path(name if name.endswith(".casefile") else name + ".casefile")
        title, ok = QInputDialog.getText(
            self, "New Case File", "Title of the case:", text=path.stem
        )
        if not ok:
            return
        try:
            case = Case.create(path, title=title.strip())
        except Exception as error:
            QMessageBox.warning(self, "Cannot create case file", str(error))
            return
        self.open_case(path, case)

    def open_case_dialog(self: Base) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open Case File", "", CASE_FILTER)
        if name:
            self.open_case(Path(name))

    def open_demo(self: Base) -> None:
        from platformdirs import user_data_path

        folder = user_data_path("Casefile", appauthor=False, ensure_exists=True)
        path = folder / "Demo.casefile"
        if path.exists() and not self.open_case(path):
            return
        if not path.exists():
            self.open_case(path, build_demo(path))

    def fill_recent_menu(self: Base) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_case(Path(p)))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    def close_to_start(self: Base) -> None:
        self.close_case()
        self.setWindowTitle("Casefile")
        self.show_start_page()

    def about(self: Base) -> None:
        QMessageBox.about(
            self,
            "About Casefile",
            f"<h3>Casefile {__version__}</h3>"
            "<p>Build evidence out of documents, offline. Nothing you open or write "
            "here leaves this computer.</p>",
        )

    # -- navigation --------------------------------------------------------------
    def show_source(self: Base, source_id: int) -> None:
        self.current_source = source_id
        refresher = self.refresher
        self.document.show_source(self.case.text(source_id), refresher.spans(source_id))
        case = self.case

        def blocks_ready(blocks: Any, error: BaseException | None) -> None:
            if error is None and self.current_source == source_id:
                self.document.set_blocks(blocks)

        self.tasks.run(lambda: case.blocks(source_id), blocks_ready)
        info = self.case.source(source_id)
        self.statusBar().showMessage(
            f"{info.title} — {info.publisher or info.author or info.kind.upper()}"
            + (f" — {info.notices[0]}" if info.notices else ""),
            8000,
        )
        refresher._select_current_source()
        refresher.excerpts()
        self.update_actions()

    def source_activated(self: Base, index: QModelIndex) -> None:
        source = self.sources_model.row_at(index)
        if source is not None and source.id != self.current_source:
            self.show_source(source.id)

    def step_source(self: Base, step: int) -> None:
        rows = self.sources_model.rows
        if not rows:
            return
        row = self.sources_model.row_of(lambda s: s.id == self.current_source)
        self.show_source(rows[(row + step) % len(rows)].id)

    def select_excerpt(self: Base, excerpt_id: int, scroll: bool = True) -> None:
        excerpt = self.case.excerpt(excerpt_id)
        if excerpt.source_id != self.current_source:
            self.show_source(excerpt.source_id)
        row = self.excerpts_model.row_of(lambda e: e.id == excerpt_id)
        if row < 0 and self.excerpt_scope.currentIndex() == 0:
            self.tag_filter.setCurrentIndex(0)
            self.record_filter.setCurrentIndex(0)
            row = self.excerpts_model.row_of(lambda e: e.id == excerpt_id)
        if row >= 0:
            self.excerpts_view.selectRow(row)
            self.excerpts_view.scrollTo(self.excerpts_model.index(row, 0))
        if scroll:
            self.document.select_span(excerpt.start, excerpt.end)
        self.pinpoint_label.setText(excerpt.pinpoint)
        self.update_actions()

    def excerpt_activated(self: Base, index: QModelIndex) -> None:
        excerpt = self.excerpts_model.row_at(index)
        if excerpt is not None:
            self.select_excerpt(excerpt.id)

    def chronology_activated(self: Base, index: QModelIndex) -> None:
        entry = self.chronology_model.row_at(index)
        if entry is None:
            return
        if entry.excerpt_id is not None:
            self.select_excerpt(entry.excerpt_id)
        elif entry.record_id is not None:
            row = self.records_model.row_of(lambda r: r.id == entry.record_id)
            self.docks["records"].raise_()
            self.records_view.selectRow(row)

    def current_excerpt(self: Base) -> int | None:
        rows = self.excerpts_view.selectionModel().selectedRows()
        excerpt = self.excerpts_model.data(rows[0], ROW_ROLE) if rows else None
        return excerpt.id if excerpt is not None else None

    # -- highlighting --------------------------------------------------------------
    def highlight(self: Base, tag_ids: list[int], label: str) -> int | None:
        span = self.document.selection_span()
        if self.controller is None or self.current_source is None or span is None:
            self.statusBar().showMessage("Select some text first, then highlight it.", 5000)
            return None
        author = str(self.settings.value("author", "") or "")
        excerpt_id = self.controller.run(
            CreateExcerpt(
                self.current_source,
                span[0],
                span[1],
                tag_ids=tag_ids,
                author=author,
                label=label,
            )
        )
        if excerpt_id is not None:
            self.select_excerpt(excerpt_id, scroll=False)
        return excerpt_id

    def highlight_builtin(self: Base, name: str) -> int | None:
        if self.controller is None:
            return None
        return self.highlight([self.case.tag_named(name).id], f"Highlight as {name}")

    def highlight_with_tag_dialog(self: Base) -> None:
        if self.controller is None or self.document.selection_span() is None:
            self.statusBar().showMessage("Select some text first, then highlight it.", 5000)
            return
        picker = TagPicker(self.case.tags(), self)
        if picker.exec():
            self.highlight_with(picker.chosen())

    def highlight_with(self: Base, choice: int | str | None) -> int | None:
        if choice is None or self.controller is None:
            return None
        tag_id = self._create_tag(choice) if isinstance(choice, str) else choice
        if tag_id is None:
            return None
        name = next(t.name for t in self.case.tags() if t.id == tag_id)
        return self.highlight([tag_id], f"Highlight as {name}")

    def edit_note_dialog(self: Base) -> None:
        excerpt_id = self.current_excerpt()
        if excerpt_id is None or self.controller is None:
            return
        old = self.case.excerpt(excerpt_id).note
        note, ok = QInputDialog.getMultiLineText(self, "Edit Note", "Note on this excerpt:", old)
        if ok and note != old:
            self.controller.run(SetExcerptNote(excerpt_id, note))

    def fact_dialog(self: Base) -> None:
        from casefile.services.fact_ops import SetExcerptFact
        from casefile.ui.forms import FactDialog

        excerpt_id = self.current_excerpt()
        if excerpt_id is None or self.controller is None:
            return
        excerpt = self.case.excerpt(excerpt_id)
        dialog = FactDialog(excerpt.fact_date, excerpt.fact_status, self)
        if dialog.exec():
            date, status = dialog.values()
            if (date, status) != (excerpt.fact_date, excerpt.fact_status):
                self.controller.run(SetExcerptFact(excerpt_id, date, status))

    def remove_highlight(self: Base) -> None:
        excerpt_id = self.current_excerpt()
        if excerpt_id is not None and self.controller is not None:
            self.controller.run(DeleteExcerpt(excerpt_id))

    def fill_context_menu(self: Base, menu: QMenu) -> None:
        for name in ("claim", "testimony", "with_tag", "note", "link", "remove"):
            menu.addAction(self.actions_by_name[name])

    def update_actions(self: Base) -> None:
        has_case = self.controller is not None
        has_source = self.current_source is not None
        has_excerpt = has_case and self.current_excerpt() is not None
        needs: dict[str, Any] = {
            "import": has_case,
            "export": has_case,
            "close": has_case,
            "new_record": has_case,
            "claim": has_source,
            "testimony": has_source,
            "with_tag": has_source,
            "note": has_excerpt,
            "add_tag": has_excerpt,
            "remove_tag": has_excerpt,
            "link": has_excerpt,
            "unlink": has_excerpt,
            "remove": has_excerpt,
            "source_properties": has_source,
            "delete_source": has_source,
            "next_source": has_source,
            "previous_source": has_source,
            "edit_record": has_case,
            "delete_record": has_case,
            "record_excerpts": has_case,
        }
        for name, enabled in needs.items():
            self.actions_by_name[name].setEnabled(bool(enabled))
