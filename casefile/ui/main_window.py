"""The main window: composes the registered parts (``casefile/ui/parts``) around the document.

The window owns no panel logic: it builds every registered part, docks it (or
puts it in the centre), gathers the parts' actions into the menus, tells the
parts when a case opens or closes and what each operation changed, and moves
the keyboard focus between panes (F6, Ctrl+Tab).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain import model as m
from casefile.domain.errors import CaseLocked
from casefile.ui import window_layout
from casefile.ui.file_actions import FileActions
from casefile.ui.import_export import ImportExport
from casefile.ui.opening import Opened, ask_read_only, open_case_file, other_holder
from casefile.ui.parts import Part, PartContext, part_classes
from casefile.ui.parts.base import (
    NEEDS_CASE,
    NEEDS_EXCERPT,
    NEEDS_SOURCE,
    NEEDS_WRITABLE,
)
from casefile.ui.start_page import StartPage
from casefile.ui.window_menus import build_menus, window_actions
from casefile.ui.worker import DbWorker, describe, is_everything

if TYPE_CHECKING:
    from casefile.services import Case, Changes
    from casefile.services.lock import CaseLock

DEFAULT_SIZE = (1240, 680)  # fits a 1280×720 screen with a panel and title bar


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, worker: DbWorker | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.worker = worker or DbWorker(parent=self)
        self.ctx = PartContext(self.worker, settings, self)
        self.setWindowTitle("Casefile")
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.resize(*DEFAULT_SIZE)
        self.files = FileActions(self.ctx, self)
        self.import_export = ImportExport(self.ctx)
        self.parts: dict[str, Part] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.actions_by_name: dict[str, QAction] = {}
        self._docks_shown: list[QDockWidget] = []
        self._lock: CaseLock | None = None
        self._pending_open: Opened | None = None
        self._build_centre()
        self._build_parts()
        self._build_menus()
        self.pinpoint_label = QLabel("", self)
        self.busy_bar = QProgressBar(self)  # long work (delete or undo of a big source, ...)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setAccessibleName("Working")
        self.busy_bar.hide()
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.pinpoint_label)
        self.ctx.status.connect(self._status)
        self.ctx.pinpoint.connect(self.pinpoint_label.setText)
        self.ctx.actions_changed.connect(self.update_actions)
        self.ctx.source_shown.connect(lambda _s: self.update_actions())
        self.worker.changed.connect(self._on_changes)
        self.worker.failed.connect(self._report)
        self.worker.history_changed.connect(self._update_undo)
        self.worker.busy_changed.connect(self._busy)
        self._default_state = self.saveState()
        self._restore_layout()
        self.show_start_page()

    # -- construction ------------------------------------------------------------------
    def _build_centre(self) -> None:
        self.start_page = StartPage(self)
        self.banner = QLabel("", self)
        self.banner.setWordWrap(True)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(
            "#banner { background: #fff3cd; color: #5c4400; padding: 6px 10px;"
            " border-bottom: 1px solid #e0c36a; }"
        )
        self.banner.hide()
        self.centre_tabs = QTabWidget(self)
        self.centre_tabs.setDocumentMode(True)
        reader = QWidget(self)
        layout = QVBoxLayout(reader)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.centre_tabs, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(reader)
        self.setCentralWidget(self.stack)
        self.start_page.new_requested.connect(self.files.new_case_dialog)
        self.start_page.open_requested.connect(self.files.open_case_dialog)
        self.start_page.demo_requested.connect(self.files.open_demo)
        self.start_page.recent_requested.connect(lambda path: self.open_case(Path(path)))

    def _build_parts(self) -> None:
        for cls in part_classes():
            part = cls(self.ctx)
            self.parts[part.name] = part
            self.ctx.parts[part.name] = part
            if part.area is None:
                self.centre_tabs.addTab(part.widget(), part.title)
                continue
            dock = QDockWidget(part.title, self)
            dock.setObjectName(part.name)
            dock.setWidget(part.widget())
            dock.setAccessibleName(part.title)
            dock.visibilityChanged.connect(lambda seen, p=part: p.on_shown() if seen else None)
            self.addDockWidget(part.area, dock)
            if part.tab_with and part.tab_with in self.docks:
                self.tabifyDockWidget(self.docks[part.tab_with], dock)
            self.docks[part.name] = dock
            if not part.shown_by_default:
                dock.hide()
        self.centre_tabs.tabBar().setVisible(self.centre_tabs.count() > 1)
        for name in self.docks:
            part = self.parts[name]
            if part.tab_with and part.tab_with in self.docks:
                self.docks[part.tab_with].raise_()
        self._default_sizes()

    def _default_sizes(self) -> None:
        left = [
            d
            for n, d in self.docks.items()
            if self.parts[n].area == Qt.DockWidgetArea.LeftDockWidgetArea
        ]
        right = [
            d
            for n, d in self.docks.items()
            if self.parts[n].area == Qt.DockWidgetArea.RightDockWidgetArea
        ]
        if left:
            self.resizeDocks(left[:1], [250], Qt.Orientation.Horizontal)
        if right:
            self.resizeDocks(right[:1], [420], Qt.Orientation.Horizontal)

    def _build_menus(self) -> None:
        build_menus(self, window_actions(self))

    # -- case files --------------------------------------------------------------------
    def open_case(
        self, path: Path, opener: Callable[[], Case] | None = None, read_only: bool = False
    ) -> None:
        """Open (or, with ``opener``, create) a case on the worker; the window follows.

        A case open in another Casefile is offered read-only; a case on a network
        drive gets a warning; this window holds the case's lock while it is open.
        """
        self.close_case()
        if opener is None and not read_only:
            other = other_holder(path)
            if other is not None:
                if ask_read_only(self, path, other.describe()):
                    self.open_case(path, read_only=True)
                return
        self.ctx.message(f"Opening {path.name}…", 0)

        def open_it() -> Case:
            if opener is not None:  # create it, then open it as any other, with the lock
                opener().close()
            opened = open_case_file(path, read_only)
            self._pending_open = opened
            return opened.case

        def failed(error: BaseException) -> None:
            if isinstance(error, CaseLocked):  # taken between the check and the open
                self.ctx.message("", 1)
                if ask_read_only(self, path, str(error).split(": ", 1)[-1]):
                    self.open_case(path, read_only=True)
                return
            self._open_failed(error)

        self.worker.open(open_it, lambda case: self._opened(path, case), failed)

    def _open_failed(self, error: BaseException) -> None:
        self.ctx.message("", 1)
        QMessageBox.warning(self, "Cannot open case file", describe(error))
        self.show_start_page()

    def _opened(self, path: Path, case: Case) -> None:
        opened, self._pending_open = self._pending_open, None
        self._lock = opened.lock if opened is not None else None
        self.ctx.case_path = path
        self.ctx.read_only = case.read_only
        case.author = self.ctx.author or case.author
        self.files.remember(path)
        self.stack.setCurrentIndex(1)
        for dock in self._docks_shown:
            dock.show()
        self._docks_shown = []
        self._show_banner(opened.network_note if opened is not None else None)

        def start(info: tuple[str, list[m.Tag]]) -> None:
            self.ctx.case_title, tags = info
            self.ctx.tags = {t.id: t for t in tags}
            self.setWindowTitle(f"{self.ctx.case_title} — Casefile")
            for part in self.parts.values():
                part.on_case_opened()
            self.ctx.message("", 1)
            self.update_actions()

        self.worker.query(lambda c: (c.title, c.tags()), start)

    def _show_banner(self, network_note: str | None = None) -> None:
        notes = []
        if self.ctx.read_only:
            notes.append(
                "This case file is open read-only: you can read, search and export, "
                "but not change it."
            )
        if network_note:
            notes.append(network_note)
        self.banner.setText("\n".join(notes))
        self.banner.setVisible(bool(notes))

    def close_case(self) -> None:
        was_open = self.ctx.is_open
        self.worker.close()
        lock, self._lock = self._lock, None
        if lock is not None:  # after the worker has closed the case
            self.worker.task(lambda _case, _job: lock.release())
        self.ctx.case_path = None
        self.ctx.read_only = False
        self.ctx.tags = {}
        self.ctx.selected_excerpt = None
        self.ctx.current_source = None
        if was_open:
            for part in self.parts.values():
                part.on_case_closed()
        self.setWindowTitle("Casefile")
        self.show_start_page()

    @property
    def case(self) -> Case:
        """The open case, for tests and scripts (the GUI itself goes through the worker)."""
        assert self.worker.case is not None, "no case file is open"
        return self.worker.case

    def show_start_page(self) -> None:
        self.start_page.set_recent(self.files.recent_files())
        self.stack.setCurrentIndex(0)
        self.banner.hide()
        # empty panels around the start page only distract; they come back with a case file
        shown = [d for d in self.docks.values() if d.isVisible()]
        if shown or not self._docks_shown:
            self._docks_shown = shown or [
                self.docks[n]
                for n, p in self.parts.items()
                if n in self.docks and p.shown_by_default
            ]
        for dock in self.docks.values():
            dock.hide()
        self.update_actions()

    # -- changes -------------------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        """Tell every part; tag colours and counts are loaded first when they changed."""
        if not self.ctx.is_open:
            return

        def tell(loaded: tuple[str, list[m.Tag]] | None = None) -> None:
            if loaded is not None:
                self.ctx.case_title, tags = loaded
                self.ctx.tags = {t.id: t for t in tags}
                self.setWindowTitle(f"{self.ctx.case_title} — Casefile")
            for part in self.parts.values():
                part.on_changes(changes)
            self.update_actions()

        if is_everything(changes) or changes.tags or changes.excerpts or changes.case_info:
            self.worker.query(lambda c: (c.title, c.tags()), tell)
        else:
            tell()

    def _report(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def _status(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _busy(self, busy: bool) -> None:
        if busy:
            QTimer.singleShot(400, self._show_busy)
        else:
            self.unsetCursor()
            self.busy_bar.hide()

    def _show_busy(self) -> None:
        """Work that takes a while shows a moving bar; the window stays usable."""
        if self.worker.pending:
            self.setCursor(Qt.CursorShape.BusyCursor)
            self.busy_bar.show()

    def _update_undo(self) -> None:
        history, stepping = self.worker.history, self.worker.stepping
        undo, redo = self.actions_by_name["undo"], self.actions_by_name["redo"]
        undo.setText(f"&Undo {history.undo_label}" if history.undo_label else "&Undo")
        redo.setText(f"&Redo {history.redo_label}" if history.redo_label else "&Redo")
        undo.setEnabled(self._writable() and history.undo_label is not None and not stepping)
        redo.setEnabled(self._writable() and history.redo_label is not None and not stepping)

    def _writable(self) -> bool:
        return self.ctx.is_open and not self.ctx.read_only

    def update_actions(self) -> None:
        state = {
            NEEDS_CASE: self.ctx.is_open,
            NEEDS_WRITABLE: self._writable(),
            NEEDS_SOURCE: self.ctx.is_open and self.ctx.current_source is not None,
            NEEDS_EXCERPT: self.ctx.is_open and self.ctx.target_excerpt() is not None,
        }
        for action in self.actions_by_name.values():
            needs = [n for n in str(action.property("needs") or "").split(",") if n]
            action.setEnabled(all(state.get(n, True) for n in needs))
        self._update_undo()

    # -- keyboard: panes ---------------------------------------------------------------------
    def panes(self) -> list[QWidget]:
        return window_layout.panes_of(self)

    def cycle_focus(self, step: int) -> None:
        window_layout.cycle_focus(self, step)

    def _clamp_to_screen(self) -> None:
        window_layout.clamp_to_screen(self)

    # -- layout and closing --------------------------------------------------------------
    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.setVisible(self.ctx.is_open)
        self.resize(*DEFAULT_SIZE)
        self._clamp_to_screen()
        self._default_sizes()

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        state = self.settings.value("state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._clamp_to_screen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("state", self.saveState())
        self.close_case()
        self.worker.shutdown()
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if len(paths) == 1 and paths[0].suffix == ".casefile":
            event.acceptProposedAction()
            self.open_case(paths[0])
        elif paths and self.ctx.is_open and not self.ctx.read_only:
            event.acceptProposedAction()
            self.import_export.import_files(paths)
