"""Operations on excerpts: highlight, delete, note, tags, links to records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from casefile.domain.anchoring import quote_at
from casefile.domain.errors import InvalidInput, NotFound
from casefile.domain.model import Relation
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Nothing, Operation, now
from casefile.storage import schema as s


def _require(session: Session, model: type[s.Base], key: int, what: str) -> Any:
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"there is no {what} {key}")
    return row


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
        changes = Changes.of(
            sources={self.source_id},
            excerpts={row.id},
            tags=set(self.tag_ids),
            records={r for r, _ in self.links},
        )
        inverse = DeleteExcerpt(row.id)
        return Applied(changes, inverse, row.id)


class DeleteExcerpt(Operation):
    label = "Remove Highlight"

    def __init__(self, excerpt_id: int) -> None:
        self.excerpt_id = excerpt_id

    def apply(self, session: Session) -> Applied:
        eid = self.excerpt_id
        row = _require(session, s.Excerpt, eid, "excerpt")
        snapshot: dict[str, Any] = {
            "excerpt": {c.key: getattr(row, c.key) for c in s.Excerpt.__table__.columns},
            "tags": list(
                session.scalars(select(s.ExcerptTag.tag_id).where(s.ExcerptTag.excerpt_id == eid))
            ),
            "links": [
                (r, rel)
                for r, rel in session.execute(
                    select(s.ExcerptRecord.record_id, s.ExcerptRecord.relation).where(
                        s.ExcerptRecord.excerpt_id == eid
                    )
                )
            ],
        }  # fmt: skip
        session.execute(delete(s.Excerpt).where(s.Excerpt.id == eid))
        session.expunge(row)
        changes = Changes.of(
            sources={row.source_id},
            excerpts={eid},
            tags=set(snapshot["tags"]),
            records={r for r, _ in snapshot["links"]},
        )
        inverse = RestoreExcerpt(snapshot)
        return Applied(changes, inverse)


class RestoreExcerpt(Operation):
    label = "Restore Highlight"

    def __init__(self, snapshot: dict[str, Any]) -> None:
        self.snapshot = snapshot

    def apply(self, session: Session) -> Applied:
        snap = self.snapshot
        eid = snap["excerpt"]["id"]
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
        inverse = DeleteExcerpt(eid)
        return Applied(changes, inverse, eid)


class SetExcerptNote(Operation):
    label = "Edit Note"

    def __init__(self, excerpt_id: int, note: str) -> None:
        self.excerpt_id, self.note = excerpt_id, note

    def apply(self, session: Session) -> Applied:
        row = _require(session, s.Excerpt, self.excerpt_id, "excerpt")
        old = row.note
        row.note = self.note
        row.updated_at = now()
        inverse = SetExcerptNote(self.excerpt_id, old)
        return Applied(Changes.of(excerpts={self.excerpt_id}), inverse, self.excerpt_id)


class TagExcerpt(Operation):
    """Add (``present=True``) or remove a tag on an excerpt."""

    def __init__(self, excerpt_id: int, tag_id: int, present: bool = True) -> None:
        self.excerpt_id, self.tag_id, self.present = excerpt_id, tag_id, present
        self.label = "Add Tag" if present else "Remove Tag"

    def apply(self, session: Session) -> Applied:
        _require(session, s.Excerpt, self.excerpt_id, "excerpt")
        _require(session, s.Tag, self.tag_id, "tag")
        existing = session.get(s.ExcerptTag, (self.excerpt_id, self.tag_id))
        if self.present and existing is None:
            session.add(s.ExcerptTag(excerpt_id=self.excerpt_id, tag_id=self.tag_id))
        elif not self.present and existing is not None:
            session.delete(existing)
        if (existing is None) != self.present:
            return Applied(Changes(), Nothing(self.label), self.excerpt_id)
        inverse = TagExcerpt(self.excerpt_id, self.tag_id, not self.present)
        changes = Changes.of(excerpts={self.excerpt_id}, tags={self.tag_id})
        return Applied(changes, inverse, self.excerpt_id)


class LinkExcerpt(Operation):
    """Link an excerpt to a record with a relation; ``relation=None`` unlinks."""

    def __init__(self, excerpt_id: int, record_id: int, relation: Relation | None) -> None:
        self.excerpt_id, self.record_id, self.relation = excerpt_id, record_id, relation
        self.label = "Link to Record" if relation else "Unlink from Record"

    def apply(self, session: Session) -> Applied:
        _require(session, s.Excerpt, self.excerpt_id, "excerpt")
        _require(session, s.Record, self.record_id, "record")
        existing = session.get(s.ExcerptRecord, (self.excerpt_id, self.record_id))
        old = Relation(existing.relation) if existing else None
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
        inverse = LinkExcerpt(self.excerpt_id, self.record_id, old)
        changes = Changes.of(excerpts={self.excerpt_id}, records={self.record_id})
        return Applied(changes, inverse, self.excerpt_id)


_SPAN_COLUMNS = ("start", "end", "exact", "prefix", "suffix", "status", "updated_at")


class _SetExcerptSpan(Operation):
    """Put back exactly the span columns an :class:`AdjustExcerpt` replaced (undo/redo)."""

    label = "Adjust Excerpt"

    def __init__(self, excerpt_id: int, values: dict[str, Any]) -> None:
        self.excerpt_id, self.values = excerpt_id, dict(values)

    def apply(self, session: Session) -> Applied:
        row = _require(session, s.Excerpt, self.excerpt_id, "excerpt")
        old = {key: getattr(row, key) for key in _SPAN_COLUMNS}
        for key, value in self.values.items():
            setattr(row, key, value)
        changes = Changes.of(sources={row.source_id}, excerpts={self.excerpt_id})
        return Applied(changes, _SetExcerptSpan(self.excerpt_id, old), self.excerpt_id)


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
