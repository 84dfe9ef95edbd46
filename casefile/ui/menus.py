"""Menus and shortcuts: every action reachable by keyboard, standard keys where Qt has them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from casefile.ui.main_window import MainWindow

Std = QKeySequence.StandardKey


def _action(
    window: MainWindow,
    name: str,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | Std | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.actions_by_name[name] = action
    window.addAction(action)
    return action


def build_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    file = bar.addMenu("&File")
    file.addAction(_action(w, "new", "&New Case File…", w.new_case_dialog, Std.New))
    file.addAction(_action(w, "open", "&Open Case File…", w.open_case_dialog, Std.Open))
    file.addAction(_action(w, "demo", "Open &Demo Case", w.open_demo))
    w.recent_menu = file.addMenu("Open &Recent")
    w.recent_menu.aboutToShow.connect(w.fill_recent_menu)
    file.addSeparator()
    file.addAction(
        _action(
            w,
            "import",
            "&Import Documents…",
            w.import_dialog,
            "Ctrl+I",
            "Import TXT, HTML, DOCX, PDF or EML files",
        )
    )
    file.addAction(_action(w, "export", "&Export Brief…", w.export_dialog, "Ctrl+E"))
    file.addSeparator()
    file.addAction(_action(w, "close", "&Close Case File", w.close_to_start, Std.Close))
    file.addAction(_action(w, "quit", "&Quit", w.close, Std.Quit))

    edit = bar.addMenu("&Edit")
    w.undo_action_slot = lambda: _wire_undo(w)
    w.undo_placeholder = edit
    edit.addSeparator()
    edit.addAction(_action(w, "copy", "&Copy", w.document.copy, Std.Copy))
    edit.addAction(_action(w, "find", "&Find…", w.find_bar.open, Std.Find))
    edit.addAction(_action(w, "find_next", "Find &Next", w.find_bar.find, Std.FindNext))
    edit.addAction(
        _action(
            w,
            "find_previous",
            "Find Pre&vious",
            lambda: w.find_bar.find(backward=True),
            Std.FindPrevious,
        )
    )
    edit.addSeparator()
    edit.addAction(
        _action(w, "preferences", "Pr&eferences…", w.preferences_dialog, Std.Preferences)
    )

    highlight = bar.addMenu("&Highlight")
    highlight.addAction(
        _action(w, "claim", "Highlight as &Claim", lambda: w.highlight_builtin("Claim"), "Ctrl+1")
    )
    highlight.addAction(
        _action(
            w,
            "testimony",
            "Highlight as &Testimony",
            lambda: w.highlight_builtin("Testimony"),
            "Ctrl+2",
        )
    )
    highlight.addAction(
        _action(w, "with_tag", "Highlight with T&ag…", w.highlight_with_tag_dialog, "Ctrl+T")
    )
    highlight.addSeparator()
    highlight.addAction(_action(w, "note", "Edit &Note…", w.edit_note_dialog, "Ctrl+Shift+N"))
    highlight.addAction(_action(w, "fact", "Fact &Date and Status…", w.fact_dialog, "Ctrl+Shift+D"))
    highlight.addAction(
        _action(w, "add_tag", "A&dd Tag to Excerpt…", w.add_tag_dialog, "Ctrl+Shift+T")
    )
    highlight.addAction(_action(w, "remove_tag", "Re&move Tag from Excerpt…", w.remove_tag_dialog))
    highlight.addAction(_action(w, "link", "&Link to Record…", w.link_dialog, "Ctrl+L"))
    highlight.addAction(_action(w, "unlink", "&Unlink from Record…", w.unlink_dialog))
    highlight.addSeparator()
    highlight.addAction(
        _action(w, "remove", "&Remove Highlight", w.remove_highlight, "Ctrl+Shift+Backspace")
    )

    records = bar.addMenu("&Records")
    records.addAction(_action(w, "new_record", "&New Record…", w.new_record, "Ctrl+R"))
    records.addAction(_action(w, "edit_record", "&Edit Record…", w.edit_record))
    records.addAction(_action(w, "delete_record", "&Delete Record", w.delete_record))
    records.addAction(
        _action(w, "record_excerpts", "Show Linked &Excerpts", w.show_record_excerpts)
    )

    sources = bar.addMenu("&Source")
    sources.addAction(
        _action(w, "source_properties", "Source &Properties…", w.source_properties, "Alt+Return")
    )
    sources.addAction(_action(w, "delete_source", "&Delete Source…", w.delete_source))
    sources.addSeparator()
    sources.addAction(
        _action(w, "next_source", "&Next Source", lambda: w.step_source(1), "Ctrl+PgDown")
    )
    sources.addAction(
        _action(w, "previous_source", "P&revious Source", lambda: w.step_source(-1), "Ctrl+PgUp")
    )

    view = bar.addMenu("&View")
    for dock in w.docks.values():
        view.addAction(dock.toggleViewAction())

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(_action(w, "about", "&About Casefile", w.about))


def _wire_undo(w: MainWindow) -> None:
    """Put the open case file's Undo/Redo (named after the action) at the top of Edit."""
    menu = w.undo_placeholder
    for name in ("undo", "redo"):
        old = w.actions_by_name.pop(name, None)
        if old is not None:
            menu.removeAction(old)
            w.removeAction(old)
            old.deleteLater()
    if w.controller is None:
        return
    stack = w.controller.undo_stack
    undo = stack.createUndoAction(w, "&Undo")
    undo.setShortcut(QKeySequence(Std.Undo))
    redo = stack.createRedoAction(w, "&Redo")
    redo.setShortcut(QKeySequence(Std.Redo))
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, undo)
    menu.insertAction(first, redo)
    w.addAction(undo)
    w.addAction(redo)
    w.actions_by_name["undo"] = undo
    w.actions_by_name["redo"] = redo
