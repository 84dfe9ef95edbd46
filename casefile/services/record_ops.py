"""Operations on case records and their types, and on the case's own facts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from casefile.domain.dates import date_sort_key
from casefile.domain.errors import InvalidInput, NotFound
from casefile.domain.model import FieldSpec
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Operation
from casefile.storage import schema as s

_UNSET: Any = object()


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
        inverse = DeleteRecord(row.id)
        return Applied(Changes.of(records={row.id}), inverse, row.id)


class UpdateRecord(Operation):
    """Edit a record; arguments left out stay as they are."""

    label = "Edit Record"

    def __init__(
        self, record_id: int, *, title: str | None = None, date: str | None = None,
        fields: dict[str, str] | None = None, note: str | None = None, type_id: int | None = None,
    ) -> None:  # fmt: skip
        self.record_id = record_id
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
        if row is None:
            raise NotFound(f"there is no record {self.record_id}")
        if "type_id" in self.values and session.get(s.RecordType, self.values["type_id"]) is None:
            raise NotFound(f"there is no record type {self.values['type_id']}")
        inverse = UpdateRecord(self.record_id)
        for key, value in self.values.items():
            inverse.values[key] = getattr(row, key)
            setattr(row, key, value)
        if "date" in self.values:
            row.date_sort = date_sort_key(row.date)
        return Applied(Changes.of(records={row.id}), inverse, row.id)


class DeleteRecord(Operation):
    """Delete a record. Its excerpts stay; only their links to it go."""

    label = "Delete Record"

    def __init__(self, record_id: int) -> None:
        self.record_id = record_id

    def apply(self, session: Session) -> Applied:
        row = session.get(s.Record, self.record_id)
        if row is None:
            raise NotFound(f"there is no record {self.record_id}")
        snapshot: dict[str, Any] = {
            "record": {c.key: getattr(row, c.key) for c in s.Record.__table__.columns},
            "links": [
                dict(r._mapping)
                for r in session.execute(
                    select(s.ExcerptRecord.__table__).where(
                        s.ExcerptRecord.record_id == self.record_id
                    )
                )
            ],
        }
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
        session.execute(insert(s.Record), [snap["record"]])
        if snap["links"]:
            session.execute(insert(s.ExcerptRecord), snap["links"])
        rid = snap["record"]["id"]
        changes = Changes.of(records={rid}, excerpts={link["excerpt_id"] for link in snap["links"]})
        inverse = DeleteRecord(rid)
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
        key: str | None = None,
    ) -> None:  # fmt: skip
        if not name.strip():
            raise InvalidInput("a record type needs a name")
        keys = [f.key for f in fields]
        if len(set(keys)) != len(keys) or not all(keys):
            raise InvalidInput("each field of a record type needs its own, non-empty key")
        self.name, self.fields, self.type_id = name.strip(), list(fields), type_id
        self.key = key or _key_for(name)
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
            inverse: Operation = DeleteRecordType(row.id)
        else:
            found = session.get(s.RecordType, self.type_id)
            if found is None:
                raise NotFound(f"there is no record type {self.type_id}")
            row = found
            old = [FieldSpec.from_json(f) for f in row.fields]
            inverse = SaveRecordType(row.name, old, row.id, row.key)
            row.name, row.fields = self.name, data
        return Applied(Changes.of(record_types={row.id}), inverse, row.id)


class DeleteRecordType(Operation):
    label = "Delete Record Type"

    def __init__(self, type_id: int) -> None:
        self.type_id = type_id

    def apply(self, session: Session) -> Applied:
        row = session.get(s.RecordType, self.type_id)
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
        session.execute(insert(s.RecordType), [self.snapshot])
        inverse = DeleteRecordType(self.snapshot["id"])
        return Applied(Changes.of(record_types={self.snapshot["id"]}), inverse, self.snapshot["id"])


class SetCaseInfo(Operation):
    """Set facts about the case: title, author name, brief defaults. ``None`` removes a key."""

    label = "Edit Case Properties"

    def __init__(self, values: dict[str, str | None]) -> None:
        self.values = values

    def apply(self, session: Session) -> Applied:
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
        return Applied(Changes.of(case_info=True), SetCaseInfo(old))
