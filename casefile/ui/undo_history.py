"""The undo history of the open case: steps that ran on the database worker.

Plain Python (no Qt, no database): the worker decides when a step moves. A
step holds the operation that reverts it (``backward``) and, once undone,
the one that re-applies it (``forward``); each run returns its own inverse,
so the pair swaps on every move. A step whose undo or redo failed is dropped
(with every redo step after it, which depended on it): the history never
offers something it cannot do.
"""

from __future__ import annotations

from dataclasses import dataclass

from casefile.services import Operation

LIMIT = 200


@dataclass(eq=False)
class Step:
    label: str
    backward: Operation | None = None
    forward: Operation | None = None
    journal_id: int | None = None  # the journal entry, when the store keeps one


class UndoHistory:
    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.done: list[Step] = []  # undoable, oldest first
        self.undone: list[Step] = []  # redoable, the next redo last

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()

    def push(self, step: Step) -> None:
        self.done.append(step)
        del self.done[: -self.limit]
        self.undone.clear()

    def next_undo(self) -> Step | None:
        return self.done[-1] if self.done else None

    def next_redo(self) -> Step | None:
        return self.undone[-1] if self.undone else None

    def mark_undone(self, forward: Operation) -> None:
        step = self.done.pop()
        step.forward, step.backward = forward, None
        self.undone.append(step)

    def mark_redone(self, backward: Operation) -> None:
        step = self.undone.pop()
        step.backward, step.forward = backward, None
        self.done.append(step)

    def drop_failed(self, undo: bool) -> Step | None:
        """Take a step that could not be undone (or redone) off the history."""
        if undo:
            return self.done.pop() if self.done else None
        step = self.undone.pop() if self.undone else None
        self.undone.clear()  # later redo steps built on the one that failed
        return step

    @property
    def undo_label(self) -> str | None:
        step = self.next_undo()
        return step.label if step else None

    @property
    def redo_label(self) -> str | None:
        step = self.next_redo()
        return step.label if step else None
