"""Operations: every mutation of a case file is one, run in one transaction.

``op.apply(session)`` changes the database and returns :class:`Applied`: what
changed, the operation that reverts it, and a result (a new id, usually).
Undo runs the inverse; the inverse's own inverse is the redo. The GUI wraps
this pair in a ``QUndoCommand``; the CLI just runs operations.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from casefile.services.changes import Changes


@dataclass(frozen=True, slots=True)
class Applied:
    changes: Changes
    inverse: Operation
    result: int | None = None


class Operation(ABC):
    """A named, invertible change. ``label`` is what Undo/Redo menus show."""

    label: str = "Change"

    @abstractmethod
    def apply(self, session: Session) -> Applied:
        """Apply inside the caller's transaction; never commit here."""


class Batch(Operation):
    """Several operations as one: applied in order, reverted in reverse order."""

    def __init__(self, label: str, operations: list[Operation]) -> None:
        self.label = label
        self.operations = operations

    def apply(self, session: Session) -> Applied:
        changes = Changes()
        inverses: list[Operation] = []
        result: int | None = None
        for operation in self.operations:
            applied = operation.apply(session)
            session.flush()
            changes = changes | applied.changes
            inverses.append(applied.inverse)
            result = applied.result if result is None else result
        return Applied(changes, Batch(self.label, inverses[::-1]), result)


class Nothing(Operation):
    """The inverse of an operation that found nothing to do."""

    def __init__(self, label: str) -> None:
        self.label = label

    def apply(self, session: Session) -> Applied:
        return Applied(Changes(), self)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
