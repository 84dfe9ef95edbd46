"""The history part: what changed in the case, who did it and when.

It lists the case file's operations journal when the store keeps one
(``Case.journal``), which includes other processes' work and survives
closing; otherwise this session's undo history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
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
        who = _field(entry, "author") + (f" ({origin})" if origin else "")
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
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        ctx.worker.history_changed.connect(self.reload)

    def widget(self) -> QWidget:
        return self.view

    def on_case_opened(self) -> None:
        self.reload()

    def on_case_closed(self) -> None:
        self.model.set_rows([])

    def on_changes(self, changes: Changes) -> None:
        self.reload()

    def reload(self) -> None:
        if not self.ctx.is_open:
            return
        history = self.ctx.worker.history
        session = [HistoryRow("", self.ctx.author, s.label) for s in reversed(history.done)]
        session += [HistoryRow("", self.ctx.author, s.label, "undone") for s in history.undone]

        def fill(rows: list[HistoryRow] | None) -> None:
            self.model.set_rows(rows if rows is not None else session)

        self.ctx.worker.query(journal_rows, fill)


PART = HistoryPart
