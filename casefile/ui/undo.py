"""Undo/redo: a thin QUndoCommand over the core's invertible operations."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from casefile.services import Applied, Case, Changes, Operation


class OperationCommand(QUndoCommand):
    """redo() runs the operation (or its re-application); undo() runs its inverse.

    Each run returns the operation that reverts it, so the pair swaps on every
    step. The first redo() happens when the command is pushed on the stack.
    """

    def __init__(self, case: Case, operation: Operation, notify: Callable[[Changes], None]) -> None:
        super().__init__(operation.label)
        self._case = case
        self._forward: Operation = operation
        self._backward: Operation | None = None
        self._notify = notify
        self.result: int | None = None
        self.error: Exception | None = None

    def redo(self) -> None:
        applied = self._apply(self._forward)
        if applied is None:
            return
        if self.result is None:
            self.result = applied.result
        self._backward = applied.inverse

    def undo(self) -> None:
        if self._backward is None:
            return
        applied = self._apply(self._backward)
        if applied is not None:
            self._forward = applied.inverse

    def _apply(self, operation: Operation) -> Applied | None:
        try:
            applied = self._case.run(operation)
        except Exception as error:  # reported by the controller; the stack stays consistent
            self.error = error
            self.setObsolete(True)
            return None
        self._notify(applied.changes)
        return applied
