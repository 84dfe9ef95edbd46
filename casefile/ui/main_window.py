"""The main window: composes the registered parts (``casefile/ui/parts``) around the document.

The window owns no panel logic: it builds every registered part, docks it (or
puts it in the centre), gathers the parts' actions into the menus, tells the
parts when a case opens or closes and what each operation changed, and moves
the keyboard focus between panes (F6, Ctrl+Tab).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtGui import QKeySequence as Keys
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casefile.domain import model as m
from casefile.services import Case, Changes
from casefile.ui.bundle_export import export_bundle
from casefile.ui.file_actions import FileActions
from casefile.ui.import_export import ImportExport
from casefile.ui.parts import Part, PartContext, make_action, part_classes
from casefile.ui.parts.base import (
    MENUS,
    NEEDS_CASE,
    NEEDS_EXCERPT,
    NEEDS_SOURCE,
    NEEDS_WRITABLE,
)
from casefile.ui.start_page import StartPage
from casefile.ui.translation_dialog import add_translation
from casefile.ui.worker import DbWorker, describe, is_everything

Std = Keys.StandardKey
DEFAULT_SIZE = (1240, 680)  # fits a 1280×720 screen with a panel and title bar
MENU_TITLES = {
    "file": "&File",
    "edit": "&Edit",
    "highlight": "&Highlight",
    "records": "&Records",
    "source": "&Source",
    "view": "&View",
    "help": "&Help",
}


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
        self._build_centre()
        self._build_parts()
        self._build_menus()
        self.pinpoint_label = QLabel("", self)
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

    def _own_actions(self) -> list[QAction]:
        f, io = self.files, self.import_export
        w = (NEEDS_CASE, NEEDS_WRITABLE)
        actions = [
            make_action(self, "new", "&New Case File…", f.new_case_dialog, menu="file",
                        shortcut=Std.New),
            make_action(self, "open", "&Open Case File…", f.open_case_dialog, menu="file",
                        shortcut=Std.Open),
            make_action(self, "demo", "Open &Demo Case", f.open_demo, menu="file"),
            make_action(self, "import", "&Import Documents…", io.import_dialog, menu="file",
                        shortcut="Ctrl+I", needs=w, section=1,
                        tip="Import TXT, HTML, DOCX, PDF, EML files or QDA projects"),
            make_action(self, "export", "&Export Brief…", io.export_dialog, menu="file",
                        shortcut="Ctrl+E", needs=(NEEDS_CASE,), section=1),
            make_action(self, "add_translation", "Add &Translation…",
                        lambda: add_translation(self.ctx), menu="source",
                        needs=(NEEDS_SOURCE, NEEDS_WRITABLE), section=3,
                        tip="Attach a typed translation and its translator to this source"),
            make_action(self, "export_bundle", "Export &Bundle…",
                        lambda: export_bundle(self.ctx), menu="file", needs=(NEEDS_CASE,),
                        section=1, tip="The hearing bundle: one indexed, paginated A4 PDF"),
            make_action(self, "save_copy", "Save a &Copy…", f.save_copy, menu="file",
                        needs=(NEEDS_CASE,), section=2),
            make_action(self, "restore_backup", "Restore from &Backup…", f.restore_backup,
                        menu="file", section=2),
            make_action(self, "close", "&Close Case File", f.close_to_start, menu="file",
                        shortcut=Std.Close, needs=(NEEDS_CASE,), section=3),
            make_action(self, "quit", "&Quit", self.close, menu="file", shortcut=Std.Quit,
                        section=3),
            make_action(self, "undo", "&Undo", self.worker.undo, menu="edit",
                        shortcut=Std.Undo, needs=w),
            make_action(self, "redo", "&Redo", self.worker.redo, menu="edit",
                        shortcut=Std.Redo, needs=w),
            make_action(self, "preferences", "Pr&eferences…", f.preferences_dialog, menu="edit",
                        shortcut=Std.Preferences, section=9),
            make_action(self, "next_pane", "Next &Pane", lambda: self.cycle_focus(1),
                        menu="view", shortcut="F6", section=8),
            make_action(self, "previous_pane", "Previous Pa&ne", lambda: self.cycle_focus(-1),
                        menu="view", shortcut="Shift+F6", section=8),
            make_action(self, "reset_layout", "&Reset Layout", self.reset_layout, menu="view",
                        section=9),
            make_action(self, "about", "&About Casefile", f.about, menu="help"),
        ]  # fmt: skip
        next_pane = actions[-4]
        next_pane.setShortcuts([Keys("F6"), Keys("Ctrl+Tab")])
        actions[-3].setShortcuts([Keys("Shift+F6"), Keys("Ctrl+Shift+Tab")])
        return actions

    def _build_menus(self) -> None:
        actions = self._own_actions()
        for part in self.parts.values():
            actions += part.actions()
        menus: dict[str, QMenu] = {}
        for key in MENUS:
            menus[key] = self.menuBar().addMenu(MENU_TITLES[key])
        menus["view"].addActions([d.toggleViewAction() for d in self.docks.values()])
        by_menu: dict[str, list[QAction]] = {key: [] for key in MENUS}
        for action in actions:
            by_menu.setdefault(str(action.property("menu") or "edit"), []).append(action)
            self.actions_by_name[action.objectName()] = action
            self.addAction(action)  # shortcuts work wherever the focus is
        for key, listed in by_menu.items():
            menu = menus.get(key) or self.menuBar().addMenu(key.capitalize())
            section = None
            for action in sorted(listed, key=lambda a: int(a.property("section") or 0)):
                this = int(action.property("section") or 0)
                if (section is not None and this != section) or (key == "view" and section is None):
                    menu.addSeparator()
                section = this
                menu.addAction(action)
                if action.objectName() == "demo":
                    self.files.recent_menu = menu.addMenu("Open &Recent")
                    self.files.recent_menu.aboutToShow.connect(self.files.fill_recent_menu)

    # -- case files --------------------------------------------------------------------
    def open_case(
        self, path: Path, opener: Callable[[], Case] | None = None, read_only: bool = False
    ) -> None:
        """Open (or, with ``opener``, create) a case on the worker; the window follows."""
        self.close_case()
        self.ctx.message(f"Opening {path.name}…", 0)

        def open_it() -> Case:
            if opener is not None:
                return opener()
            if read_only:
                return Case.open(path, read_only=True)  # type: ignore[call-arg]
            return Case.open(path)

        self.worker.open(open_it, lambda case: self._opened(path, case), self._open_failed)

    def _open_failed(self, error: BaseException) -> None:
        self.ctx.message("", 1)
        QMessageBox.warning(self, "Cannot open case file", describe(error))
        self.show_start_page()

    def _opened(self, path: Path, case: Case) -> None:
        self.ctx.case_path = path
        self.ctx.read_only = bool(getattr(case, "read_only", False))
        self.worker.author = self.ctx.author
        self.files.remember(path)
        self.stack.setCurrentIndex(1)
        for dock in self._docks_shown:
            dock.show()
        self._docks_shown = []
        self._show_banner()

        def start(info: tuple[str, list[m.Tag]]) -> None:
            self.ctx.case_title, tags = info
            self.ctx.tags = {t.id: t for t in tags}
            self.setWindowTitle(f"{self.ctx.case_title} — Casefile")
            for part in self.parts.values():
                part.on_case_opened()
            self.ctx.message("", 1)
            self.update_actions()

        self.worker.query(lambda c: (c.title, c.tags()), start)

    def _show_banner(self) -> None:
        if self.ctx.read_only:
            self.banner.setText(
                "This case file is open read-only: you can read, search and export, "
                "but not change it."
            )
            self.banner.show()
        else:
            self.banner.hide()

    def close_case(self) -> None:
        was_open = self.ctx.is_open
        self.worker.close()
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
            QTimer.singleShot(300, self._show_busy)
        else:
            self.unsetCursor()

    def _show_busy(self) -> None:
        if self.worker.pending:
            self.setCursor(Qt.CursorShape.BusyCursor)

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
        """The focus targets of F6, in reading order: the centre, then the visible docks."""
        panes: list[QWidget] = []
        centre = self.centre_tabs.currentWidget()
        for part in self.parts.values():
            if part.area is None and part.widget() is centre and centre.isVisible():
                panes.append(part.focus_widget())
        for name, dock in self.docks.items():
            if dock.isVisible() and not dock.visibleRegion().isEmpty():
                panes.append(self.parts[name].focus_widget())
        return panes

    def cycle_focus(self, step: int) -> None:
        panes = self.panes()
        if not panes:
            return
        focus = QGuiApplication.focusObject()
        current = next(
            (
                i
                for i, p in enumerate(panes)
                if isinstance(focus, QWidget) and (focus is p or p.isAncestorOf(focus))
            ),
            -1,
        )
        target = (
            panes[(current + step) % len(panes)] if current >= 0 else panes[0 if step > 0 else -1]
        )
        for dock in self.docks.values():
            if dock.isAncestorOf(target):
                dock.raise_()
        target.setFocus(Qt.FocusReason.OtherFocusReason)

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

    def _clamp_to_screen(self) -> None:
        """A saved geometry (from a bigger screen, or 2× scaling) never exceeds this one."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room: QRect = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = max(0, frame.width() - self.width())
        extra_h = max(0, frame.height() - self.height())
        width = min(self.width(), room.width() - extra_w)
        height = min(self.height(), room.height() - extra_h)
        if self.isMaximized():
            return
        self.resize(max(width, 400), max(height, 300))
        x = min(max(self.x(), room.left()), room.right() - self.frameGeometry().width() + 1)
        y = min(max(self.y(), room.top()), room.bottom() - self.frameGeometry().height() + 1)
        self.move(max(x, room.left()), max(y, room.top()))

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
