"""Operations on excerpts: highlight, delete, note, tags, links to records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from casefile.domain.anchoring import quote_at
from casefile.domain.errors import Conflict, InvalidInput, NotFound
from casefile.domain.model import Relation
from casefile.services.changes import Changes
from casefile.services.codec import register_sentinel
from casefile.services.operation import (
    Applied,
    Nothing,
    Operation,
    check_unchanged,
    fingerprint,
    now,
)
from casefile.storage import schema as s


def _require(session: Session, model: type[s.Base], key: int, what: str) -> Any:
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"there is no {what} {key}")
    return row


def _still_there(session: Session, model: type[s.Base], key: int, what: str) -> Any:
    """For an undo or redo: the row must still exist, or another writer removed it."""
    row = session.get(model, key)
    if row is None:
        what = "highlight" if what == "excerpt" else what
        raise Conflict(f"{what} {key} was removed since, by another change")
    return row


def excerpt_state(session: Session, excerpt_id: int) -> dict[str, Any] | None:
    """An excerpt with its tags and links: what an undo checks and a restore puts back."""
    row = session.execute(select(s.Excerpt.__table__).where(s.Excerpt.id == excerpt_id)).first()
    if row is None:
        return None
    tags = session.scalars(select(s.ExcerptTag.tag_id).where(s.ExcerptTag.excerpt_id == excerpt_id))
    links = session.execute(
        select(s.ExcerptRecord.record_id, s.ExcerptRecord.relation).where(
            s.ExcerptRecord.excerpt_id == excerpt_id
        )
    )
    return {
        "excerpt": dict(row._mapping),
        "tags": sorted(tags),
        "links": sorted([r, rel] for r, rel in links),
    }


def check_excerpt(what: str, expected: dict[str, Any], actual: dict[str, Any] | None) -> None:
    check_unchanged(what, expected["excerpt"], actual["excerpt"] if actual else None)
    assert actual is not None
    if sorted(actual["tags"]) != sorted(expected["tags"]):
        raise Conflict(f"the tags of {what} were changed since, by another change")
    if fingerprint(sorted(map(list, actual["links"]))) != sorted(map(list, expected["links"])):
        raise Conflict(f"the record links of {what} were changed since, by another change")


class CreateExcerpt(Operation):
    """Highlight ``start:end`` (code points) of a source, with tags, note and links."""

    def __init__(
        self,
        source_id: int,
        start: int,
        end: int,
        *,
        tag_ids: Sequence[int] = (),
        note: str = "",
        links: Sequence[tuple[int, Relation]] = (),
        author: str = "",
        label: str = "Highlight",
    ) -> None:
        self.source_id, self.start, self.end = source_id, start, end
        self.tag_ids = list(dict.fromkeys(tag_ids))
        self.note, self.author, self.label = note, author, label
        self.links = list(links)

    def apply(self, session: Session) -> Applied:
        text = session.scalar(
            select(s.SourceText.text).where(s.SourceText.source_id == self.source_id)
        )
        if text is None:
            raise NotFound(f"there is no source {self.source_id}")
        try:
            quote = quote_at(text, self.start, self.end)
        except InvalidInput as error:
            raise InvalidInput(f"source {self.source_id}: {error}") from None
        if not quote.exact.strip():
            raise InvalidInput("the selection holds only white space; nothing to highlight")
        for tag_id in self.tag_ids:
            _require(session, s.Tag, tag_id, "tag")
        for record_id, _ in self.links:
            _require(session, s.Record, record_id, "record")
        stamp = now()
        row = s.Excerpt(
            source_id=self.source_id,
            start=self.start,
            end=self.end,
            exact=quote.exact,
            prefix=quote.prefix,
            suffix=quote.suffix,
            note=self.note,
            author=self.author,
            created_at=stamp,
            updated_at=stamp,
            status="anchored",
        )
        session.add(row)
        session.flush()
        for tag_id in self.tag_ids:
            session.add(s.ExcerptTag(excerpt_id=row.id, tag_id=tag_id))
        for record_id, relation in self.links:
            session.add(
                s.ExcerptRecord(excerpt_id=row.id, record_id=record_id, relation=str(relation))
            )
        session.flush()
        changes = Changes.of(
            sources={self.source_id},
            excerpts={row.id},
            tags=set(self.tag_ids),
            records={r for r, _ in self.links},
        )
        inverse = DeleteExcerpt(row.id, expect=excerpt_state(session, row.id))
        return Applied(changes, inverse, row.id)


class DeleteExcerpt(Operation):
    """Remove a highlight. As an undo (``expect`` set) only if it is as it was left."""

    label = "Remove Highlight"

    def __init__(self, excerpt_id: int, expect: dict[str, Any] | None = None) -> None:
        self.excerpt_id = excerpt_id
        self.expect = fingerprint(expect) if expect is not None else None

    def apply(self, session: Session) -> Applied:
        eid = self.excerpt_id
        snapshot = excerpt_state(session, eid)
        if self.expect is not None:
            check_excerpt(f"highlight {eid}", self.expect, snapshot)
        if snapshot is None:
            raise NotFound(f"there is no excerpt {eid}")
        session.execute(delete(s.Excerpt).where(s.Excerpt.id == eid))
        changes = Changes.of(
            sources={snapshot["excerpt"]["source_id"]},
            excerpts={eid},
            tags=set(snapshot["tags"]),
            records={r for r, _ in snapshot["links"]},
        )
        inverse = RestoreExcerpt(snapshot)
        return Applied(changes, inverse)


class RestoreExcerpt(Operation):
    """Put a removed highlight back, with its id, tags and links (the undo of a removal)."""

    label = "Restore Highlight"
    holds_deleted = True  # the quote is a document's text: erased from the journal at close

    def __init__(self, snapshot: dict[str, Any]) -> None:
        self.snapshot = snapshot

    def apply(self, session: Session) -> Applied:
        snap = self.snapshot
        eid = snap["excerpt"]["id"]
        if session.get(s.Excerpt, eid) is not None:
            raise Conflict(f"highlight {eid} is already there (restored by another change)")
        _still_there(session, s.Source, snap["excerpt"]["source_id"], "its source")
        for tag_id in snap["tags"]:
            _still_there(session, s.Tag, tag_id, "its tag")
        for record_id, _ in snap["links"]:
            _still_there(session, s.Record, record_id, "its linked record")
        session.execute(insert(s.Excerpt), [snap["excerpt"]])
        if snap["tags"]:
            session.execute(
                insert(s.ExcerptTag), [{"excerpt_id": eid, "tag_id": t} for t in snap["tags"]]
            )
        if snap["links"]:
            session.execute(
                insert(s.ExcerptRecord),
                [{"excerpt_id": eid, "record_id": r, "relation": rel} for r, rel in snap["links"]],
            )
        changes = Changes.of(
            sources={snap["excerpt"]["source_id"]},
            excerpts={eid},
            tags=set(snap["tags"]),
            records={r for r, _ in snap["links"]},
        )
        inverse = DeleteExcerpt(eid, expect=snap)
        return Applied(changes, inverse, eid)


class SetExcerptNote(Operation):
    """Set a highlight's note. An undo (``expect`` set) puts back the old time stamp too."""

    label = "Edit Note"

    def __init__(
        self, excerpt_id: int, note: str, expect: str | None = None, stamp: str | None = None
    ) -> None:
        self.excerpt_id, self.note, self.stamp = excerpt_id, note, stamp
        self.expect = fingerprint(expect) if expect is not None else None

    def apply(self, session: Session) -> Applied:
        if self.expect is None:
            row = _require(session, s.Excerpt, self.excerpt_id, "excerpt")
        else:
            row = _still_there(session, s.Excerpt, self.excerpt_id, "highlight")
            if fingerprint(row.note) != self.expect:
                raise Conflict(
                    f"the note of highlight {self.excerpt_id} was changed since, by another change"
                )
        old, old_stamp = row.note, row.updated_at
        row.note = self.note
        row.updated_at = self.stamp or now()
        inverse = SetExcerptNote(self.excerpt_id, old, expect=self.note, stamp=old_stamp)
        return Applied(Changes.of(excerpts={self.excerpt_id}), inverse, self.excerpt_id)


class TagExcerpt(Operation):
    """Add (``present=True``) or remove a tag on an excerpt."""

    def __init__(
        self, excerpt_id: int, tag_id: int, present: bool = True, expect: bool | None = None
    ) -> None:
        self.excerpt_id, self.tag_id, self.present = excerpt_id, tag_id, present
        self.expect = expect  # for an undo: whether the tag must be there now
        self.label = "Add Tag" if present else "Remove Tag"

    def apply(self, session: Session) -> Applied:
        check = _require if self.expect is None else _still_there
        check(session, s.Excerpt, self.excerpt_id, "excerpt")
        check(session, s.Tag, self.tag_id, "tag")
        existing = session.get(s.ExcerptTag, (self.excerpt_id, self.tag_id))
        if self.expect is not None and (existing is not None) != self.expect:
            state = "removed from" if self.expect else "added to"
            raise Conflict(
                f"tag {self.tag_id} was {state} highlight {self.excerpt_id} since, "
                "by another change"
            )
        if self.present and existing is None:
            session.add(s.ExcerptTag(excerpt_id=self.excerpt_id, tag_id=self.tag_id))
        elif not self.present and existing is not None:
            session.delete(existing)
        if (existing is None) != self.present:
            return Applied(Changes(), Nothing(self.label), self.excerpt_id)
        inverse = TagExcerpt(self.excerpt_id, self.tag_id, not self.present, expect=self.present)
        changes = Changes.of(excerpts={self.excerpt_id}, tags={self.tag_id})
        return Applied(changes, inverse, self.excerpt_id)


_UNSET: Any = object()


class LinkExcerpt(Operation):
    """Link an excerpt to a record with a relation; ``relation=None`` unlinks."""

    def __init__(
        self, excerpt_id: int, record_id: int, relation: Relation | None, expect: Any = _UNSET
    ) -> None:
        self.excerpt_id, self.record_id, self.relation = excerpt_id, record_id, relation
        self.expect = expect  # for an undo: the relation that must be there now (or None)
        self.label = "Link to Record" if relation else "Unlink from Record"

    def apply(self, session: Session) -> Applied:
        check = _require if self.expect is _UNSET else _still_there
        check(session, s.Excerpt, self.excerpt_id, "excerpt")
        check(session, s.Record, self.record_id, "record")
        existing = session.get(s.ExcerptRecord, (self.excerpt_id, self.record_id))
        old = Relation(existing.relation) if existing else None
        if self.expect is not _UNSET and old != self.expect:
            raise Conflict(
                f"the link between highlight {self.excerpt_id} and record {self.record_id} "
                "was changed since, by another change"
            )
        if existing is not None:
            session.delete(existing)
            session.flush()
        if self.relation is not None:
            session.add(
                s.ExcerptRecord(
                    excerpt_id=self.excerpt_id,
                    record_id=self.record_id,
                    relation=str(self.relation),
                )
            )
        inverse = LinkExcerpt(self.excerpt_id, self.record_id, old, expect=self.relation)
        changes = Changes.of(excerpts={self.excerpt_id}, records={self.record_id})
        return Applied(changes, inverse, self.excerpt_id)


_SPAN_COLUMNS = ("start", "end", "exact", "prefix", "suffix", "status", "updated_at")


class _SetExcerptSpan(Operation):
    """Put back exactly the span columns an :class:`AdjustExcerpt` replaced (undo/redo).

    ``expect`` is what the columns must hold now; if another change moved the
    excerpt since, it refuses and changes nothing.
    """

    label = "Adjust Excerpt"

    def __init__(
        self, excerpt_id: int, values: dict[str, Any], expect: dict[str, Any] | None = None
    ) -> None:
        self.excerpt_id, self.values = excerpt_id, dict(values)
        self.expect = dict(expect) if expect is not None else None

    def apply(self, session: Session) -> Applied:
        row = _require(session, s.Excerpt, self.excerpt_id, "excerpt")
        old = {key: getattr(row, key) for key in _SPAN_COLUMNS}
        if self.expect is not None and any(old[k] != v for k, v in self.expect.items()):
            raise Conflict(
                f"highlight {self.excerpt_id} was changed since, by another change; "
                "nothing was undone"
            )
        for key, value in self.values.items():
            setattr(row, key, value)
        new = {key: getattr(row, key) for key in _SPAN_COLUMNS}
        changes = Changes.of(sources={row.source_id}, excerpts={self.excerpt_id})
        return Applied(changes, _SetExcerptSpan(self.excerpt_id, old, expect=new), self.excerpt_id)


class AdjustExcerpt(Operation):
    """Move an excerpt's boundaries to ``start:end`` (code points) of its source's text.

    The quote (exact, prefix, suffix) is recomputed from the stored text, so is the
    pinpoint (it is derived from the text blocks when read); an orphaned excerpt
    placed again becomes anchored. The inverse restores every column exactly.
    """

    label = "Adjust Excerpt"

    def __init__(self, excerpt_id: int, start: int, end: int) -> None:
        self.excerpt_id, self.start, self.end = excerpt_id, start, end

    def apply(self, session: Session) -> Applied:
        row = _require(session, s.Excerpt, self.excerpt_id, "excerpt")
        text = session.scalar(
            select(s.SourceText.text).where(s.SourceText.source_id == row.source_id)
        )
        if text is None:
            raise NotFound(f"there is no source {row.source_id}")
        try:
            quote = quote_at(text, self.start, self.end)
        except InvalidInput as error:
            raise InvalidInput(f"excerpt {self.excerpt_id}: {error}") from None
        if not quote.exact.strip():
            raise InvalidInput("the new span holds only white space; nothing to highlight")
        values = {
            "start": self.start,
            "end": self.end,
            "exact": quote.exact,
            "prefix": quote.prefix,
            "suffix": quote.suffix,
            "status": "anchored",
            "updated_at": now(),
        }
        return _SetExcerptSpan(self.excerpt_id, values).apply(session)


register_sentinel("excerpt_ops.unset", _UNSET)
