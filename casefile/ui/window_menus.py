"""The main window's own actions (File, Edit, View, Help) and the menu bar, which
gathers every part's actions by their "menu" property (see ``parts.base.make_action``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtGui import QKeySequence as Keys
from PySide6.QtWidgets import QMenu

from casefile.ui.bundle_export import export_bundle
from casefile.ui.parts.base import MENUS, NEEDS_CASE, NEEDS_SOURCE, NEEDS_WRITABLE, make_action
from casefile.ui.translation_dialog import add_translation

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow

Std = Keys.StandardKey
MENU_TITLES = {
    "file": "&File",
    "edit": "&Edit",
    "highlight": "&Highlight",
    "records": "&Records",
    "source": "&Source",
    "view": "&View",
    "help": "&Help",
}


def window_actions(self: MainWindow) -> list[QAction]:
    """The window's own actions; the parts bring theirs."""
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
                    tip="Import documents, scans and photos, e-mails or QDA projects"),
        make_action(self, "import_full_page", "Import Web Pages (&Full Page Text)…",
                    io.import_full_pages_dialog, menu="file", needs=w, section=1,
                    tip="Web pages with their whole text, not only the article"),
        make_action(self, "export", "&Export Brief…", io.export_dialog, menu="file",
                    shortcut="Ctrl+E", needs=(NEEDS_CASE,), section=1),
        make_action(self, "export_bundle", "Export &Bundle…", lambda: export_bundle(self.ctx),
                    menu="file", needs=(NEEDS_CASE,), section=1,
                    tip="The hearing bundle: one indexed, paginated A4 PDF"),
        make_action(self, "add_translation", "Add &Translation…",
                    lambda: add_translation(self.ctx), menu="source",
                    needs=(NEEDS_SOURCE, NEEDS_WRITABLE), section=3,
                    tip="Attach a typed translation and its translator to this source"),
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


def build_menus(self: MainWindow, actions: list[QAction]) -> None:
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
