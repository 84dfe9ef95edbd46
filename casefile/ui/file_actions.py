"""The File and Help menus' actions: new, open, demo, recent, save a copy, close, about."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from casefile import __version__
from casefile.services import Case
from casefile.ui.forms import PreferencesDialog
from casefile.ui.parts.base import PartContext
from casefile.ui.worker import Job, describe

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow

CASE_FILTER = "Case files (*.casefile);;All files (*)"
MAX_RECENT = 10


class FileActions(QObject):
    def __init__(self, ctx: PartContext, window: MainWindow) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.window = window
        self.recent_menu: QMenu | None = None

    # -- case files -----------------------------------------------------------------------
    def new_case_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self.window, "New Case File", "", CASE_FILTER)
        if not name:
            return
        path = Path(name if name.endswith(".casefile") else name + ".casefile")
        title, ok = QInputDialog.getText(
            self.window, "New Case File", "Title of the case:", text=path.stem
        )
        if ok:
            self.window.open_case(path, opener=lambda: Case.create(path, title=title.strip()))

    def open_case_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "Open Case File", "", CASE_FILTER)
        if name:
            self.window.open_case(Path(name))

    def open_demo(self) -> None:
        from platformdirs import user_data_path

        folder = user_data_path("Casefile", appauthor=False, ensure_exists=True)
        path = folder / "Demo.casefile"
        if path.exists():
            self.window.open_case(path)
            return
        from casefile.services.demo import build_demo

        self.window.open_case(path, opener=lambda: build_demo(path))

    def recent_files(self) -> list[str]:
        value = self.ctx.settings.value("recent", [])
        paths = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return [p for p in paths if Path(p).exists()]

    def remember(self, path: Path) -> None:
        path_text = str(path.resolve())
        recent = [p for p in self.recent_files() if p != path_text]
        self.ctx.settings.setValue("recent", [path_text, *recent][:MAX_RECENT])
        self.ctx.settings.setValue("last", path_text)

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        for path in self.recent_files():
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.window.open_case(Path(p)))
        menu.setEnabled(bool(self.recent_files()))

    def save_copy(self) -> None:
        """A consistent single-file snapshot, written on the worker (SQLite backup API)."""
        if self.ctx.case_path is None:
            return
        suggestion = str(self.ctx.case_path.with_name(self.ctx.case_path.stem + " copy.casefile"))
        name, _ = QFileDialog.getSaveFileName(self.window, "Save a Copy", suggestion, CASE_FILTER)
        if not name:
            return
        target = Path(name if name.endswith(".casefile") else name + ".casefile")
        if self.ctx.case_path is not None and target.resolve() == self.ctx.case_path.resolve():
            QMessageBox.warning(
                self.window, "Save a Copy", "Choose another name than the open file."
            )
            return
        self.ctx.message(f"Saving a copy to {target.name}…", 0)
        self.ctx.worker.task(
            lambda case, job: _save_copy(case, target, job),
            lambda _r: self.ctx.message(f"Saved a copy to {target}", 8000),
            lambda e: self._warn("Copy not saved", f"{target}: {describe(e)}"),
        )

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    def restore_backup(self) -> None:
        from casefile.ui.backups import restore_from_backup

        restore_from_backup(self.ctx, self.window)

    def close_to_start(self) -> None:
        self.window.close_case()

    # -- preferences and about ----------------------------------------------------------------
    def preferences_dialog(self) -> None:
        settings = self.ctx.settings
        dialog = PreferencesDialog(
            str(settings.value("author", "") or ""),
            str(settings.value("brief/confidentiality", "") or ""),
            self.window,
        )
        if dialog.exec():
            settings.setValue("author", dialog.author.text().strip())
            settings.setValue("brief/confidentiality", dialog.confidentiality.text().strip())

    def about(self) -> None:
        QMessageBox.about(
            self.window,
            "About Casefile",
            f"<h3>Casefile {__version__}</h3>"
            "<p>Build evidence out of documents, offline. Nothing you open or write "
            "here leaves this computer.</p>",
        )


def _save_copy(case: Case | None, target: Path, _job: Job) -> None:
    if case is None:
        raise ValueError("no case file is open")
    method: Callable[[Path], object] | None = getattr(case, "save_copy", None)
    if method is not None:
        method(target)
        return
    from casefile.storage.engine import copy_case_file

    if target.exists():
        target.unlink()
    copy_case_file(case.path, target)
