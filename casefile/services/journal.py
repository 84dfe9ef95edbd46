"""The operations journal kept in the case file: history, undo and redo that survive closing.

``Case.run`` appends one entry per operation in the operation's own transaction.
Undo and redo change the entry (``undone``) and append a step of kind ``undo`` or
``redo`` naming it, so that another process polling the journal sees them.

Deleted means deleted: an entry whose stored operation carries deleted content
(the inverse of Delete Source holds the document) is marked ``holds_deleted``;
when the session that wrote it closes the case (or, after a crash, when the
case is next opened on that computer) that payload is erased, with
``secure_delete`` on, and the entry says it can no longer be undone or redone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from casefile.domain.errors import Conflict, InvalidInput, NotFound
from casefile.services import codec
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Operation, now
from casefile.storage import schema as s

ERASED = "the deleted content was erased from the case file when it was closed"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: int
    at: str  # ISO 8601, UTC
    author: str
    label: str
    origin: str  # which session wrote it: "host/pid/token"
    changes: Changes
    kind: str  # "op", "undo", "redo"
    target: int | None  # for undo/redo steps: the entry undone or redone
    undone: bool
    can_undo: bool
    can_redo: bool
    note: str  # why it can no longer be undone, if it cannot


def append(
    session: Session, *, label: str, author: str, origin: str, changes: Changes,
    inverse: Operation | None, kind: str = "op", target: int | None = None,
) -> int:  # fmt: skip
    row = s.Journal(
        at=now(), author=author, label=label, origin=origin, changes=changes.to_json(),
        forward=None, inverse=codec.to_json(inverse) if inverse is not None else None,
        undone=False, kind=kind, target=target, note="",
        holds_deleted=bool(inverse is not None and inverse.holds_deleted),
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


def entries(
    session: Session, since_id: int | None = None, limit: int | None = None
) -> list[JournalEntry]:
    """Entries newest first; with ``since_id``, only those after it (oldest first)."""
    j = s.Journal
    columns = (j.id, j.at, j.author, j.label, j.origin, j.changes, j.kind, j.target, j.undone,
               j.note, j.inverse.is_not(None).label("inverse"),
               j.forward.is_not(None).label("forward"))  # fmt: skip
    query = select(*columns)
    if since_id is not None:
        query = query.where(j.id > since_id).order_by(j.id)
    else:
        query = query.order_by(j.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [
        JournalEntry(
            id=row.id, at=row.at, author=row.author, label=row.label, origin=row.origin,
            changes=Changes.from_json(row.changes or {}), kind=row.kind, target=row.target,
            undone=row.undone, can_undo=bool(row.kind == "op" and not row.undone and row.inverse),
            can_redo=bool(row.kind == "op" and row.undone and row.forward), note=row.note,
        )
        for row in session.execute(query)
    ]  # fmt: skip


def last_id(session: Session) -> int:
    return session.scalar(select(s.Journal.id).order_by(s.Journal.id.desc()).limit(1)) or 0


def stored(session: Session, entry_id: int, *, redo: bool) -> tuple[s.Journal, Operation]:
    """The entry and the operation that undoes (or redoes) it; refuses if there is none."""
    row = session.get(s.Journal, entry_id)
    if row is None:
        raise NotFound(f"there is no step {entry_id} in the history")
    verb = "redo" if redo else "undo"
    if row.kind != "op":
        raise InvalidInput(
            f"step {entry_id} ({row.label}) is itself an undo or redo; {verb} step {row.target}"
        )
    if row.undone != redo:
        state = "undone" if row.undone else "not undone"
        raise InvalidInput(f"cannot {verb} {row.label!r} (step {entry_id}): it is {state}")
    data = row.forward if redo else row.inverse
    if data is None:
        reason = row.note or "nothing was kept to do it"
        raise Conflict(f"{row.label!r} (step {entry_id}) can no longer be {verb}ne: {reason}")
    return row, codec.from_json(data)


def step(session: Session, entry_id: int, *, redo: bool, author: str, origin: str) -> Applied:
    """Undo (or redo) entry ``entry_id``, after the operation's own checks."""
    row, operation = stored(session, entry_id, redo=redo)
    verb = "Redo" if redo else "Undo"
    try:
        applied = operation.apply(session)
    except Conflict as conflict:
        raise Conflict(
            f"cannot {verb.lower()} {row.label!r}: {conflict}; nothing was changed"
        ) from None
    session.flush()
    back = codec.to_json(applied.inverse)
    if redo:
        row.undone, row.forward, row.inverse = False, None, back
    else:
        row.undone, row.forward, row.inverse = True, back, None
    row.holds_deleted = applied.inverse.holds_deleted
    changes = applied.changes | Changes(journal=True)
    step_id = append(
        session, label=f"{verb} {row.label}", author=author, origin=origin, changes=changes,
        inverse=None, kind=verb.lower(), target=entry_id,
    )  # fmt: skip
    return Applied(changes, applied.inverse, applied.result, step_id)


def erase_deleted(session: Session, origins: list[str]) -> int:
    """Erase the deleted content carried by entries of these sessions; how many were erased."""
    if not origins:
        return 0
    j = s.Journal
    result = session.execute(
        update(j)
        .where(j.holds_deleted.is_(True), j.origin.in_(origins))
        .values(forward=None, inverse=None, holds_deleted=False, note=ERASED)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def sessions_holding_deleted(session: Session) -> list[str]:
    j = s.Journal
    return list(session.scalars(select(j.origin).where(j.holds_deleted.is_(True)).distinct()))


def destructive_step(session: Session, entry_id: int, *, redo: bool) -> str | None:
    """The label of the entry if undoing (redoing) it destroys data, read without decoding."""
    j = s.Journal
    column = j.forward if redo else j.inverse
    found = session.execute(
        select(
            j.label,
            func.json_extract(column, "$.type"),
            func.json_extract(column, "$.state.destructive"),
        ).where(j.id == entry_id)
    ).first()
    if found is None or found[1] is None:
        return None
    label, type_name, flag = found
    cls = Operation.registry.get(type_name)
    destructive = bool(flag) if flag is not None else bool(cls and cls.destructive)
    verb = "Redo" if redo else "Undo"
    return f"{verb} {label}" if destructive else None
