"""Operations: every mutation of a case file is one, run in one transaction.

``op.apply(session)`` changes the database and returns :class:`Applied`: what
changed, the operation that reverts it, and a result (a new id, usually).
Undo runs the inverse; the inverse's own inverse is the redo. An inverse
checks, before it touches anything, that the rows are as the operation left
them, and raises :class:`~casefile.domain.errors.Conflict` (naming what another
writer changed) otherwise: it never touches another writer's rows.

Every subclass is registered by class name (``Operation.registry``) so that
the journal can store operations as JSON (``casefile.services.codec``).
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy.orm import Session

from casefile.domain.errors import Conflict
from casefile.services.changes import Changes


@dataclass(frozen=True, slots=True)
class Applied:
    changes: Changes
    inverse: Operation
    result: int | None = None
    entry_id: int | None = None  # the journal entry Case.run/undo/redo wrote


class Operation(ABC):
    """A named, invertible change. ``label`` is what Undo/Redo menus show.

    ``destructive`` operations (deleting a source, merging tags, importing a
    project) get an automatic backup first. ``holds_deleted`` operations carry
    deleted content (a document's text) that the journal erases at close.
    """

    label: str = "Change"
    destructive: bool = False
    holds_deleted: bool = False
    registry: ClassVar[dict[str, type[Operation]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        Operation.registry[cls.__name__] = cls

    @abstractmethod
    def apply(self, session: Session) -> Applied:
        """Apply inside the caller's transaction; never commit here."""


class Batch(Operation):
    """Several operations as one: applied in order, reverted in reverse order."""

    def __init__(self, label: str, operations: list[Operation], destructive: bool = False) -> None:
        self.label = label
        self.operations = operations
        self.destructive = destructive or any(op.destructive for op in operations)
        self.holds_deleted = any(op.holds_deleted for op in operations)

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


def fingerprint(value: Any) -> Any:
    """What an undo keeps of the state it expects: text as a digest, numbers as they are.

    The journal must not keep a copy of text that is later deleted (a quote, a
    note, a title taken from a document), so expectations store digests.
    """
    if isinstance(value, str):
        return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    if isinstance(value, list | tuple):
        return [fingerprint(v) for v in value]
    if isinstance(value, dict):
        return {k: fingerprint(v) for k, v in value.items()}
    return value


def check_unchanged(
    what: str, expected: Mapping[str, Any], actual: Mapping[str, Any] | None
) -> None:
    """Raise Conflict unless ``actual`` (raw) still matches ``expected`` (a fingerprint)."""
    if actual is None:
        raise Conflict(f"{what} was removed since, by another change")
    changed = [key for key, value in expected.items() if fingerprint(actual.get(key)) != value]
    if changed:
        raise Conflict(f"{what} was changed since, by another change ({', '.join(changed)})")
