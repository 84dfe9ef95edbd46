"""Window parts: pieces of the main window that own their widgets (CONTRACTS §3).

A part builds its widgets, registers its actions, and keeps what it shows up
to date from the change records that operations return (``on_changes``).
All database work goes through ``ctx.worker`` (never on the GUI thread):
``ctx.worker.query(fn, done)`` runs ``fn(case)`` on the database worker and
``done(result)`` back on the GUI thread; ``ctx.worker.run(op, done)`` applies
an operation as one undoable step.

A new panel is one module with a ``Part`` subclass plus one line in
``casefile/ui/parts/__init__.py``; the window needs no edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from casefile.domain import model as m
from casefile.services import Changes

if TYPE_CHECKING:
    from casefile.ui.worker import DbWorker

# Menus an action may ask for (the action's "menu" property), in menu-bar order.
MENUS = ("file", "edit", "highlight", "records", "source", "view", "help")

# What an action needs to be enabled (its "needs" property); the window checks.
NEEDS_CASE, NEEDS_WRITABLE, NEEDS_SOURCE, NEEDS_EXCERPT = "case", "writable", "source", "excerpt"


def make_action(
    parent: QObject,
    name: str,
    text: str,
    slot: Callable[[], object],
    *,
    menu: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    needs: tuple[str, ...] = (),
    tip: str = "",
    section: int = 0,
) -> QAction:
    """An action for a part's ``actions()``: it lands in ``menu`` (one of MENUS).

    ``section`` groups actions inside a menu (a separator between groups);
    ``needs`` lists what must hold for it to be enabled (see NEEDS_*).
    """
    action = QAction(text, parent)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.setProperty("menu", menu)
    action.setProperty("needs", ",".join(needs))
    action.setProperty("section", section)
    action.triggered.connect(lambda _checked=False: slot())
    return action


class PartContext(QObject):
    """What every part may use: the worker, settings, the window, navigation."""

    # navigation requests: any part may emit them
    show_source = Signal(int, object, object)  # source id, code-point offset | None, page | None
    select_excerpt = Signal(int)
    filter_excerpts = Signal(object, object)  # show the excerpts of a tag id / record id
    # news: emitted by the part that made it happen
    source_shown = Signal(object)  # the source now in the centre (int | None)
    excerpt_selected = Signal(object)  # the excerpt now selected (int | None)
    status = Signal(str, int)  # a status-bar message and its timeout (ms)
    pinpoint = Signal(str)  # where the text cursor is: "p. 7", "para. 12"
    actions_changed = Signal()  # ask the window to re-check which actions are enabled

    def __init__(self, worker: DbWorker, settings: QSettings, window: QMainWindow) -> None:
        super().__init__(window)
        self.worker = worker
        self.settings = settings
        self.window = window
        self.case_path: Path | None = None
        self.case_title = ""
        self.read_only = False
        self.current_source: int | None = None
        self.selected_excerpt: int | None = None
        self.tags: dict[int, m.Tag] = {}  # loaded before parts hear of tag changes
        self.sources: dict[int, m.SourceInfo] = {}  # kept by the sources part
        self.text_target: Callable[[], int | None] | None = None  # set by the document part
        self.parts: dict[str, Part] = {}
        self.source_shown.connect(self._remember_source)
        self.excerpt_selected.connect(self._remember_excerpt)

    @property
    def is_open(self) -> bool:
        return self.case_path is not None

    @property
    def author(self) -> str:
        return str(self.settings.value("author", "") or "")

    def target_excerpt(self) -> int | None:
        """The excerpt an action acts on: under the text cursor when the text has
        the focus (or a context menu is open on it), else the selected excerpt."""
        if self.text_target is not None:
            under = self.text_target()
            if under is not None:
                return under if under > 0 else None
        return self.selected_excerpt

    def message(self, text: str, timeout_ms: int = 5000) -> None:
        self.status.emit(text, timeout_ms)

    def _remember_source(self, source_id: int | None) -> None:
        self.current_source = source_id

    def _remember_excerpt(self, excerpt_id: int | None) -> None:
        self.selected_excerpt = excerpt_id
        self.actions_changed.emit()


class Part(QObject):
    """A piece of the main window that owns its widgets and subscribes to change records."""

    name: str = ""  # "excerpts", "search", "page_view", ...
    title: str = ""  # dock title shown to the user
    area: Qt.DockWidgetArea | None = None  # None: the part lives in the centre
    tab_with: str | None = None  # another dock part's name to share a tab group with
    shown_by_default: bool = True

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx

    def widget(self) -> QWidget:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        """Where F6 puts the keyboard focus in this part."""
        return self.widget()

    def actions(self) -> list[QAction]:
        """Registered into menus by their "menu" property (see ``make_action``)."""
        return []

    def on_case_opened(self) -> None:
        """A case file is open (``ctx.case_path``): load what the part shows."""

    def on_changes(self, changes: Changes) -> None:
        """An operation (ours, an undo, or another process's) changed these rows."""

    def on_case_closed(self) -> None:
        """The case file closed: forget everything shown, reset filters."""
