"""Operations on case records and their types, and on the case's own facts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from casefile.domain.dates import date_sort_key
from casefile.domain.errors import Conflict, InvalidInput, NotFound
from casefile.domain.model import FieldSpec
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Operation, check_unchanged, fingerprint
from casefile.storage import schema as s


def _clean_fields(values: dict[str, str]) -> dict[str, str]:
    return {k.strip(): v.strip() for k, v in values.items() if k.strip() and v.strip()}


def _check_title(title: str) -> str:
    if not title.strip():
        raise InvalidInput("a record needs a title")
    return title.strip()


class CreateRecord(Operation):
    label = "New Record"

    def __init__(
        self, type_id: int, title: str, *, date: str = "", fields: dict[str, str] | None = None,
        note: str = "",
    ) -> None:  # fmt: skip
        self.type_id, self.title, self.date = type_id, _check_title(title), date.strip()
        self.fields, self.note = _clean_fields(fields or {}), note

    def apply(self, session: Session) -> Applied:
        if session.get(s.RecordType, self.type_id) is None:
            raise NotFound(f"there is no record type {self.type_id}")
        row = s.Record(
            type_id=self.type_id, title=self.title, date=self.date,
            date_sort=date_sort_key(self.date), fields=self.fields, note=self.note,
        )  # fmt: skip
        session.add(row)
        session.flush()
        inverse = DeleteRecord(row.id, expect=record_state(session, row.id))
        return Applied(Changes.of(records={row.id}), inverse, row.id)


def record_state(session: Session, record_id: int) -> dict[str, Any] | None:
    """A record and its links to excerpts: what an undo checks and a restore puts back."""
    row = session.execute(select(s.Record.__table__).where(s.Record.id == record_id)).first()
    if row is None:
        return None
    links = session.execute(
        select(s.ExcerptRecord.__table__).where(s.ExcerptRecord.record_id == record_id)
    )
    return {
        "record": dict(row._mapping),
        "links": sorted((dict(r._mapping) for r in links), key=lambda link: link["excerpt_id"]),
    }


class UpdateRecord(Operation):
    """Edit a record; arguments left out stay as they are."""

    label = "Edit Record"

    def __init__(
        self, record_id: int, *, title: str | None = None, date: str | None = None,
        fields: dict[str, str] | None = None, note: str | None = None, type_id: int | None = None,
        expect: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        self.record_id = record_id
        self.expect = fingerprint(expect) if expect is not None else None  # for an undo
        self.values: dict[str, Any] = {}
        if title is not None:
            self.values["title"] = _check_title(title)
        if date is not None:
            self.values["date"] = date.strip()
        if fields is not None:
            self.values["fields"] = _clean_fields(fields)
        if note is not None:
            self.values["note"] = note
        if type_id is not None:
            self.values["type_id"] = type_id

    def apply(self, session: Session) -> Applied:
        row = session.get(s.Record, self.record_id)
        if self.expect is not None:
            current = {k: getattr(row, k) for k in self.expect} if row else None
            check_unchanged(f"record {self.record_id}", self.expect, current)
        if row is None:
            raise NotFound(f"there is no record {self.record_id}")
        if "type_id" in self.values and session.get(s.RecordType, self.values["type_id"]) is None:
            raise NotFound(f"there is no record type {self.values['type_id']}")
        inverse = UpdateRecord(self.record_id, expect=dict(self.values))
        for key, value in self.values.items():
            inverse.values[key] = getattr(row, key)
            setattr(row, key, value)
        if "date" in self.values:
            row.date_sort = date_sort_key(row.date)
        return Applied(Changes.of(records={row.id}), inverse, row.id)


class DeleteRecord(Operation):
    """Delete a record. Its excerpts stay; only their links to it go."""

    label = "Delete Record"

    def __init__(self, record_id: int, expect: dict[str, Any] | None = None) -> None:
        self.record_id = record_id
        self.expect = fingerprint(expect) if expect is not None else None  # for an undo

    def apply(self, session: Session) -> Applied:
        snapshot = record_state(session, self.record_id)
        if self.expect is not None:
            what = f"record {self.record_id}"
            check_unchanged(what, self.expect["record"], snapshot["record"] if snapshot else None)
            assert snapshot is not None
            if fingerprint(snapshot["links"]) != self.expect["links"]:
                raise Conflict(f"the highlights linked to {what} were changed since")
        row = session.get(s.Record, self.record_id)
        if row is None or snapshot is None:
            raise NotFound(f"there is no record {self.record_id}")
        session.delete(row)
        changes = Changes.of(
            records={self.record_id}, excerpts={link["excerpt_id"] for link in snapshot["links"]}
        )
        inverse = RestoreRecord(snapshot)
        return Applied(changes, inverse)


class RestoreRecord(Operation):
    label = "Restore Record"

    def __init__(self, snapshot: dict[str, Any]) -> None:
        self.snapshot = snapshot

    def apply(self, session: Session) -> Applied:
        snap = self.snapshot
        rid = snap["record"]["id"]
        if session.get(s.Record, rid) is not None:
            raise Conflict(f"record {rid} is already there (restored by another change)")
        if session.get(s.RecordType, snap["record"]["type_id"]) is None:
            raise Conflict(f"the type of record {rid} was deleted since")
        session.execute(insert(s.Record), [snap["record"]])
        # Links only to excerpts that still exist: another writer's deletions stay.
        wanted = [link["excerpt_id"] for link in snap["links"]]
        alive = set(session.scalars(select(s.Excerpt.id).where(s.Excerpt.id.in_(wanted))))
        links = [link for link in snap["links"] if link["excerpt_id"] in alive]
        if links:
            session.execute(insert(s.ExcerptRecord), links)
        session.flush()
        changes = Changes.of(records={rid}, excerpts={link["excerpt_id"] for link in links})
        inverse = DeleteRecord(rid, expect=record_state(session, rid))
        return Applied(changes, inverse, rid)


def _key_for(name: str) -> str:
    key = re.sub(r"[^\w]+", "-", name.strip().casefold()).strip("-")
    if not key:
        raise InvalidInput("a record type needs a name")
    return key


class SaveRecordType(Operation):
    """Create a record type (``type_id=None``) or replace a type's name and fields."""

    def __init__(
        self, name: str, fields: Sequence[FieldSpec], type_id: int | None = None,
        key: str | None = None, expect: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        if not name.strip():
            raise InvalidInput("a record type needs a name")
        keys = [f.key for f in fields]
        if len(set(keys)) != len(keys) or not all(keys):
            raise InvalidInput("each field of a record type needs its own, non-empty key")
        self.name, self.fields, self.type_id = name.strip(), list(fields), type_id
        self.key = key or _key_for(name)
        self.expect = fingerprint(expect) if expect is not None else None  # for an undo
        self.label = "New Record Type" if type_id is None else "Edit Record Type"

    def apply(self, session: Session) -> Applied:
        data = [f.to_json() for f in self.fields]
        if self.type_id is None:
            for other_key, other_name in session.execute(
                select(s.RecordType.key, s.RecordType.name)
            ):
                if other_key == self.key or other_name.casefold() == self.name.casefold():
                    raise InvalidInput(f"there is already a record type {other_name!r}")
            row = s.RecordType(key=self.key, name=self.name, fields=data, builtin=False)
            session.add(row)
            session.flush()
            inverse: Operation = DeleteRecordType(row.id, expect=_type_row(row))
        else:
            found = session.get(s.RecordType, self.type_id)
            if self.expect is not None:
                current = {k: getattr(found, k) for k in self.expect} if found else None
                check_unchanged(f"record type {self.type_id}", self.expect, current)
            if found is None:
                raise NotFound(f"there is no record type {self.type_id}")
            row = found
            old = [FieldSpec.from_json(f) for f in row.fields]
            inverse = SaveRecordType(
                row.name, old, row.id, row.key, expect={"name": self.name, "fields": data}
            )
            row.name, row.fields = self.name, data
        return Applied(Changes.of(record_types={row.id}), inverse, row.id)


def _type_row(row: s.RecordType) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in s.RecordType.__table__.columns}


class DeleteRecordType(Operation):
    label = "Delete Record Type"

    def __init__(self, type_id: int, expect: dict[str, Any] | None = None) -> None:
        self.type_id = type_id
        self.expect = fingerprint(expect) if expect is not None else None  # for an undo

    def apply(self, session: Session) -> Applied:
        row = session.get(s.RecordType, self.type_id)
        if self.expect is not None:
            current = _type_row(row) if row else None
            check_unchanged(f"record type {self.type_id}", self.expect, current)
        if row is None:
            raise NotFound(f"there is no record type {self.type_id}")
        used = session.scalar(
            select(func.count()).select_from(s.Record).where(s.Record.type_id == row.id)
        )
        if used:
            raise InvalidInput(f"{row.name!r} is used by {used} record(s); delete those first")
        if row.builtin:
            raise InvalidInput(f"{row.name!r} is built in and cannot be deleted")
        snapshot = {c.key: getattr(row, c.key) for c in s.RecordType.__table__.columns}
        session.delete(row)
        inverse = _RestoreRecordType(snapshot)
        return Applied(Changes.of(record_types={self.type_id}), inverse)


class _RestoreRecordType(Operation):
    def __init__(self, snapshot: dict[str, Any]) -> None:
        self.snapshot = snapshot

    def apply(self, session: Session) -> Applied:
        type_id, key = self.snapshot["id"], self.snapshot["key"]
        if session.get(s.RecordType, type_id) is not None:
            raise Conflict(f"record type {type_id} is already there (restored by another change)")
        if session.scalar(select(s.RecordType.id).where(s.RecordType.key == key)) is not None:
            raise Conflict(f"another record type {key!r} was made since")
        session.execute(insert(s.RecordType), [self.snapshot])
        inverse = DeleteRecordType(self.snapshot["id"], expect=dict(self.snapshot))
        return Applied(Changes.of(record_types={self.snapshot["id"]}), inverse, self.snapshot["id"])


class SetCaseInfo(Operation):
    """Set facts about the case: title, author name, brief defaults. ``None`` removes a key."""

    label = "Edit Case Properties"

    def __init__(
        self, values: dict[str, str | None], expect: dict[str, str | None] | None = None
    ) -> None:
        self.values = values
        self.expect = fingerprint(expect) if expect is not None else None  # for an undo

    def apply(self, session: Session) -> Applied:
        if self.expect is not None:
            current = {}
            for key in self.expect:
                found = session.get(s.CaseInfo, key)
                current[key] = found.value if found else None
            check_unchanged("the case's properties", self.expect, current)
        old: dict[str, str | None] = {}
        for key, value in self.values.items():
            row = session.get(s.CaseInfo, key)
            old[key] = row.value if row else None
            if value is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(s.CaseInfo(key=key, value=value))
            else:
                row.value = value
        return Applied(Changes.of(case_info=True), SetCaseInfo(old, expect=dict(self.values)))
