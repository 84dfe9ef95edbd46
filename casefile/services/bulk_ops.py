"""Many highlights in one step (a project import, auto-coding): one transaction, one
journal entry, one inverse, at tens of thousands of excerpts a second.

The inverse keeps a digest of what it created, not a copy: undoing checks that
none of the highlights was changed or removed since (by anyone), and refuses
otherwise. Removing many highlights keeps their rows for redo while the case is
open (``holds_deleted``), like removing one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from casefile.domain.anchoring import quote_at
from casefile.domain.errors import Conflict, InvalidInput, NotFound
from casefile.domain.model import Relation
from casefile.services.changes import Changes
from casefile.services.codec import register_value
from casefile.services.operation import Applied, Operation, now
from casefile.storage import schema as s

CHUNK = 500  # ids per IN (...) list: under SQLite's variable limit


@dataclass(frozen=True, slots=True)
class NewExcerpt:
    source_id: int
    start: int
    end: int
    tag_ids: tuple[int, ...] = ()
    note: str = ""
    author: str = ""
    links: tuple[tuple[int, Relation], ...] = field(default=())


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def _rows(session: Session, ids: Sequence[int]) -> dict[str, list[dict[str, Any]]]:
    """The excerpts with their taggings and links, sorted: what a digest is taken of."""
    e, t, r = s.Excerpt.__table__, s.ExcerptTag.__table__, s.ExcerptRecord.__table__
    found: dict[str, list[dict[str, Any]]] = {"excerpt": [], "excerpt_tag": [],
                                              "excerpt_record": []}  # fmt: skip
    for chunk in _chunks(ids):
        for name, table, column in (("excerpt", e, e.c.id), ("excerpt_tag", t, t.c.excerpt_id),
                                    ("excerpt_record", r, r.c.excerpt_id)):  # fmt: skip
            found[name].extend(dict(row._mapping) for row in session.execute(
                select(table).where(column.in_(chunk))))  # fmt: skip
    found["excerpt"].sort(key=lambda row: row["id"])
    found["excerpt_tag"].sort(key=lambda row: (row["excerpt_id"], row["tag_id"]))
    found["excerpt_record"].sort(key=lambda row: (row["excerpt_id"], row["record_id"]))
    return found


def _digest(rows: dict[str, list[dict[str, Any]]]) -> str:
    """One digest of every value of every row (columns in the tables' order)."""
    return _digest_of(
        {name: [tuple(row.values()) for row in found] for name, found in rows.items()}
    )


def _digest_of(tuples: dict[str, list[tuple[Any, ...]]]) -> str:
    hasher = hashlib.sha256()
    for name in sorted(tuples):
        hasher.update(repr(tuples[name]).encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


class CreateExcerpts(Operation):
    """Highlight many spans at once; the result is the number created."""

    def __init__(self, items: Sequence[NewExcerpt], label: str = "Highlight Many") -> None:
        self.items = list(items)
        self.label = label
        self.ids: list[int] = []  # filled by apply, in the order of ``items``

    def apply(self, session: Session) -> Applied:
        items = self.items
        sources = sorted({item.source_id for item in items})
        texts: dict[int, str] = {}
        for chunk in _chunks(sources):
            query = select(s.SourceText.source_id, s.SourceText.text)
            for source_id, source_text in session.execute(
                query.where(s.SourceText.source_id.in_(chunk))
            ):
                texts[source_id] = source_text
        tags = {t for item in items for t in item.tag_ids}
        records = {r for item in items for r, _ in item.links}
        known_tags = set(session.scalars(select(s.Tag.id).where(s.Tag.id.in_(tags))))
        known_records = set(session.scalars(select(s.Record.id).where(s.Record.id.in_(records))))
        stamp = now()
        rows = []
        for item in items:
            found = texts.get(item.source_id)
            if found is None:
                raise NotFound(f"there is no source {item.source_id}")
            try:
                quote = quote_at(found, item.start, item.end)
            except InvalidInput as error:
                raise InvalidInput(f"source {item.source_id}: {error}") from None
            rows.append({"source_id": item.source_id, "start": item.start, "end": item.end,
                         "exact": quote.exact, "prefix": quote.prefix, "suffix": quote.suffix,
                         "note": item.note, "author": item.author, "created_at": stamp,
                         "updated_at": stamp, "status": "anchored"})  # fmt: skip
        if tags - known_tags:
            raise NotFound(f"there is no tag {min(tags - known_tags)}")
        if records - known_records:
            raise NotFound(f"there is no record {min(records - known_records)}")
        if not rows:
            self.ids = []
            return Applied(Changes(), DeleteExcerpts([], ""), 0)
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        columns = list(rows[0])
        values = [tuple(row[c] for c in columns) for row in rows]
        cursor.executemany(
            f"INSERT INTO excerpt ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            values,
        )
        last = int(cursor.execute("SELECT last_insert_rowid()").fetchone()[0])
        # One IMMEDIATE transaction and AUTOINCREMENT: the new ids are consecutive.
        ids = list(range(last - len(rows) + 1, last + 1))
        taggings = sorted({(eid, t) for eid, item in zip(ids, items, strict=True)
                           for t in item.tag_ids})  # fmt: skip
        cursor.executemany("INSERT INTO excerpt_tag (excerpt_id, tag_id) VALUES (?, ?)", taggings)
        links = sorted((eid, r, str(rel)) for eid, item in zip(ids, items, strict=True)
                       for r, rel in item.links)  # fmt: skip
        cursor.executemany(
            "INSERT INTO excerpt_record (excerpt_id, record_id, relation) VALUES (?, ?, ?)", links
        )
        cursor.close()
        self.ids = ids
        changes = Changes.of(sources=set(sources), excerpts=set(ids), tags=tags, records=records)
        # The digest of what was just written, as _rows would read it back (columns in
        # table order, id first), without reading 20,000 rows again.
        created: dict[str, list[tuple[Any, ...]]] = {
                   "excerpt": [(eid, *row) for eid, row in zip(ids, values, strict=True)],
                   "excerpt_tag": taggings, "excerpt_record": links}  # fmt: skip
        inverse = DeleteExcerpts(ids, _digest_of(created))
        return Applied(changes, inverse, len(ids))


class DeleteExcerpts(Operation):
    """Remove many highlights; as an undo, only if all are as ``expect`` (a digest) says."""

    label = "Remove Highlights"

    def __init__(self, ids: Sequence[int], expect: str | None = None) -> None:
        self.ids = list(ids)
        self.expect = expect

    def apply(self, session: Session) -> Applied:
        rows = _rows(session, self.ids)
        if self.expect is not None and _digest(rows) != self.expect:
            missing = len(self.ids) - len(rows["excerpt"])
            detail = f"{missing} were removed" if missing else "some were changed"
            raise Conflict(f"of the {len(self.ids)} highlights, {detail} since, by another change")
        if len(rows["excerpt"]) != len(self.ids):
            raise NotFound("some of these excerpts do not exist")
        for chunk in _chunks(self.ids):
            session.execute(delete(s.Excerpt).where(s.Excerpt.id.in_(chunk)))
        changes = Changes.of(
            sources={r["source_id"] for r in rows["excerpt"]}, excerpts=set(self.ids),
            tags={r["tag_id"] for r in rows["excerpt_tag"]},
            records={r["record_id"] for r in rows["excerpt_record"]},
        )  # fmt: skip
        return Applied(changes, RestoreExcerpts(rows), len(self.ids))


class RestoreExcerpts(Operation):
    """Put removed highlights back with their ids (the undo of a removal)."""

    label = "Restore Highlights"
    holds_deleted = True

    def __init__(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        self.rows = rows

    def apply(self, session: Session) -> Applied:
        rows = self.rows
        ids = [r["id"] for r in rows["excerpt"]]
        if _rows(session, ids)["excerpt"]:
            raise Conflict(
                "some of these highlights are already there (restored by another change)"
            )
        needed = (
            ("source", {r["source_id"] for r in rows["excerpt"]}, s.Source.id),
            ("tag", {r["tag_id"] for r in rows["excerpt_tag"]}, s.Tag.id),
            ("record", {r["record_id"] for r in rows["excerpt_record"]}, s.Record.id),
        )
        for what, wanted, column in needed:
            present = set()
            for chunk in _chunks(sorted(wanted)):
                present |= set(session.scalars(select(column).where(column.in_(chunk))))
            if wanted - present:
                raise Conflict(f"{what} {min(wanted - present)} was deleted since")
        for model, name in ((s.Excerpt, "excerpt"), (s.ExcerptTag, "excerpt_tag"),
                            (s.ExcerptRecord, "excerpt_record")):  # fmt: skip
            if rows[name]:
                session.execute(insert(model), rows[name])
        changes = Changes.of(
            sources={r["source_id"] for r in rows["excerpt"]}, excerpts=set(ids),
            tags={r["tag_id"] for r in rows["excerpt_tag"]},
            records={r["record_id"] for r in rows["excerpt_record"]},
        )  # fmt: skip
        return Applied(changes, DeleteExcerpts(ids, _digest(_rows(session, ids))), len(ids))


register_value(NewExcerpt)
