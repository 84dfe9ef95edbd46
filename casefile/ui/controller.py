"""The open case file as the GUI sees it: one undo stack, one "changed" signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from casefile.domain.errors import CasefileError
from casefile.services import Case, Changes, Operation
from casefile.ui.undo import OperationCommand

UNDO_LIMIT = 200


class CaseController(QObject):
    """Runs every mutation through the undo stack and tells views what changed."""

    changed = Signal(object)  # Changes
    failed = Signal(str)  # a message for the user

    def __init__(self, case: Case, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)

    def run(self, operation: Operation) -> int | None:
        """Apply an operation as one undoable step; returns its result (e.g. a new id)."""
        command = OperationCommand(self.case, operation, self._emit)
        self.undo_stack.push(command)
        if command.error is not None:
            self._report(command.error)
            return None
        return command.result

    def try_run(self, operation: Operation) -> tuple[int | None, Exception | None]:
        """Like :meth:`run`, but hands a failure back instead of showing it (batch work)."""
        command = OperationCommand(self.case, operation, self._emit)
        self.undo_stack.push(command)
        return command.result, command.error

    def _emit(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def _report(self, error: Exception) -> None:
        if isinstance(error, CasefileError):
            self.failed.emit(str(error))
        else:
            self.failed.emit(f"Unexpected error: {error!r}")

    def close(self) -> None:
        self.undo_stack.clear()
        self.case.close()
