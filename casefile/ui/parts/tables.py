"""Table views as the panels use them: whole rows, no Tab trap, named for screen readers."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def table(name: str, parent: QWidget | None = None) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMaximumSectionSize(170)
    header.setResizeContentsPrecision(40)  # measure 40 rows, not all 10,000
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


def stretch_first_column(view: QTableView) -> None:
    """The title or quotation takes the room; the short columns fit their content."""
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def selected_row(view: QAbstractItemView) -> int:
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else -1
