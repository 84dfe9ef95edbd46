"""The history part: what changed in the case, who did it and when.

It lists the case file's operations journal when the store keeps one
(``Case.journal``), which includes other processes' work and survives
closing; otherwise this session's undo history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from casefile.services import Case, Changes
from casefile.ui.parts.base import Part, PartContext
from casefile.ui.parts.tables import table
from casefile.ui.table_model import Column, RowTableModel

LIMIT = 500


@dataclass(frozen=True, slots=True)
class HistoryRow:
    when: str
    who: str
    what: str
    state: str = ""  # "undone", or "" for in effect


def _field(entry: Any, name: str, default: str = "") -> str:
    value = entry.get(name, default) if isinstance(entry, dict) else getattr(entry, name, default)
    return "" if value is None else str(value)


def journal_rows(case: Case) -> list[HistoryRow] | None:
    """The journal, newest first, when this Casefile keeps one."""
    journal = getattr(case, "journal", None)
    if journal is None:
        return None
    rows = []
    for entry in list(journal(limit=LIMIT)):
        undone = _field(entry, "undone") in ("True", "1")
        origin = _field(entry, "origin")
        if origin == getattr(case, "origin", None):
            where = "this window"
        else:
            where = f"on {origin.split('/')[0]}" if origin else ""
        who = _field(entry, "author") + (f" ({where})" if where else "")
        rows.append(HistoryRow(_field(entry, "at"), who.strip(), _field(entry, "label"),
                               "undone" if undone else ""))  # fmt: skip
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows


class HistoryModel(RowTableModel[HistoryRow]):
    def __init__(self) -> None:
        super().__init__(
            [
                Column("When", lambda r: r.when.replace("T", " ")[:19]),
                Column("Who", lambda r: r.who),
                Column("What", lambda r: r.what + (" (undone)" if r.state else "")),
            ]
        )


class HistoryPart(Part):
    name = "history"
    title = "History"
    area = Qt.DockWidgetArea.RightDockWidgetArea
    tab_with = "records"

    def __init__(self, ctx: PartContext) -> None:
        super().__init__(ctx)
        self.model = HistoryModel()
        self.view = table("History")
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # no measuring 500 rows
        header.resizeSection(0, 130)
        header.resizeSection(1, 150)
        header.setStretchLastSection(True)
        ctx.worker.history_changed.connect(self.reload)
        self.view.installEventFilter(self)
        self._dirty = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._dirty:
            self.reload()
        return False

    def widget(self) -> QWidget:
        return self.view

    def on_case_opened(self) -> None:
        self.reload()

    def on_case_closed(self) -> None:
        self.model.set_rows([])

    def on_changes(self, changes: Changes) -> None:
        self.reload()

    def reload(self) -> None:
        """Loads while shown; a hidden History tab costs nothing after each highlight."""
        self._dirty = True
        if not self.ctx.is_open or not self.view.isVisible():
            return
        self._dirty = False
        history = self.ctx.worker.history
        session = [HistoryRow("", self.ctx.author, s.label) for s in reversed(history.done)]
        session += [HistoryRow("", self.ctx.author, s.label, "undone") for s in history.undone]

        def fill(rows: list[HistoryRow] | None) -> None:
            self.model.set_rows(rows if rows is not None else session)

        self.ctx.worker.query(journal_rows, fill)


PART = HistoryPart
