"""Operations on sources: import, edit citation metadata, delete (and restore)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from casefile.domain.errors import Conflict, DuplicateSource, InvalidInput, NotFound
from casefile.domain.model import CITATION_FIELDS
from casefile.domain.provenance import Origin
from casefile.domain.text import ExtractedText, SourceMetadata
from casefile.services.changes import Changes
from casefile.services.codec import register_value
from casefile.services.operation import (
    Applied,
    Batch,
    Operation,
    check_unchanged,
    fingerprint,
    now,
)
from casefile.services.provenance import import_origins
from casefile.storage import schema as s


@dataclass(frozen=True)
class NewSource:
    """Everything an import stores: the original bytes and what was extracted."""

    filename: str
    data: bytes
    extracted: ExtractedText
    metadata: SourceMetadata = field(default_factory=SourceMetadata)  # user overrides

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class SourceSnapshot:
    """A deleted source with everything that hung on it, for undo."""

    row: dict[str, Any]
    data: bytes
    text: str
    blocks: list[dict[str, Any]]
    excerpts: list[dict[str, Any]]
    excerpt_tags: list[dict[str, Any]]
    excerpt_records: list[dict[str, Any]]
    page_map: bytes | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)  # links to and from it
    fields: list[dict[str, Any]] = field(default_factory=list)  # provenance rows
    versions: list[dict[str, Any]] = field(default_factory=list)  # earlier versions (search)
    reanchors: list[dict[str, Any]] = field(default_factory=list)  # excerpts' old places
    translations: list[dict[str, Any]] = field(default_factory=list)


def _title_from(new: NewSource, metadata: SourceMetadata) -> str:
    if metadata.title:
        return metadata.title
    for line in new.extracted.text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return new.filename


class ImportSource(Operation):
    label = "Import Source"

    def __init__(self, new: NewSource, source_id: int | None = None) -> None:
        self.new = new
        self.source_id = source_id
        self.attachment_ids: list[int] = []  # sources stored from the document's attachments

    def apply(self, session: Session) -> Applied:
        new, extracted = self.new, self.new.extracted
        sha = new.sha256
        existing = session.execute(
            select(s.Source.id, s.Source.title).where(s.Source.sha256 == sha)
        ).first()
        if existing:
            raise DuplicateSource(new.filename, existing[0], existing[1])
        metadata = extracted.metadata.merged(new.metadata)
        origins = import_origins(extracted, new.metadata, new.data)
        if not metadata.title:
            origins["title"] = Origin.GUESS
        metadata = replace(metadata, title=_title_from(new, metadata))
        exhibit = (session.scalar(select(func.max(s.Source.exhibit))) or 0) + 1
        row = s.Source(
            id=self.source_id,
            kind=extracted.kind,
            filename=new.filename,
            media_type=extracted.media_type,
            sha256=sha,
            size=len(new.data),
            imported_at=now(),
            pages=extracted.pages,
            notices=list(extracted.notices),
            exhibit=exhibit,
            ocr=extracted.ocr,
            **{name: getattr(metadata, name) for name in metadata.__dataclass_fields__},
        )
        session.add(row)
        session.flush()
        session.add(s.SourceBlob(source_id=row.id, data=new.data))
        session.add(s.SourceText(source_id=row.id, text=extracted.text))
        for name, origin in origins.items():
            if getattr(metadata, name, ""):
                session.add(s.SourceField(source_id=row.id, field=name, origin=str(origin)))
        if extracted.blocks:
            session.execute(
                insert(s.TextBlock),
                [
                    {"source_id": row.id, "kind": str(b.kind), "start": b.start, "end": b.end,
                     "label": b.label}
                    for b in extracted.blocks
                ],
            )  # fmt: skip
        if extracted.page_map is not None:
            session.add(s.PageMap(source_id=row.id, data=extracted.page_map.to_bytes()))
        session.flush()
        if not extracted.attachments:
            inverse = DeleteSource(row.id, expect=source_state(session, row.id))
            return Applied(Changes.of(sources={row.id}), inverse, row.id)
        return self._attachments(session, row)

    def _attachments(self, session: Session, row: s.Source) -> Applied:
        """Store each attachment as a source linked to this one; undone as one step."""
        changes = Changes.of(sources={row.id})
        inverses: list[Operation] = []
        notices = list(row.notices or [])
        self.attachment_ids = []
        for position, attachment in enumerate(self.new.extracted.attachments):
            child = ImportSource(
                NewSource(attachment.filename, attachment.data, attachment.extracted)
            )
            try:
                applied = child.apply(session)
            except DuplicateSource as duplicate:
                notices.append(
                    f"The attachment {attachment.filename!r} is already source "
                    f"{duplicate.existing_id}; it was not added again."
                )
                continue
            assert applied.result is not None
            session.add(
                s.SourceAttachment(
                    source_id=applied.result, parent_id=row.id, position=position,
                    filename=attachment.filename,
                )
            )  # fmt: skip
            session.flush()
            self.attachment_ids.append(applied.result)
            self.attachment_ids.extend(getattr(child, "attachment_ids", []))
            changes = changes | applied.changes
            inverses.append(applied.inverse)
        if notices != list(row.notices or []):
            session.execute(update(s.Source).where(s.Source.id == row.id).values(notices=notices))
        session.flush()
        # the e-mail goes last on undo, after its attachments
        inverses.insert(0, DeleteSource(row.id, expect=source_state(session, row.id)))
        return Applied(changes, Batch(self.label, inverses[::-1]), row.id)


def source_state(session: Session, source_id: int) -> dict[str, Any] | None:
    """A source's citation row and the ids of its excerpts: what an undo checks."""
    rows = _rows(session, s.Source, s.Source.id == source_id)
    if not rows:
        return None
    excerpts = session.scalars(select(s.Excerpt.id).where(s.Excerpt.source_id == source_id))
    return {"row": rows[0], "excerpts": sorted(excerpts)}


def _rows(session: Session, model: type[s.Base], *where: Any) -> list[dict[str, Any]]:
    table = model.__table__
    return [dict(r._mapping) for r in session.execute(select(table).where(*where))]


class DeleteSource(Operation):
    """Delete a source with its excerpts. As an undo (``expect`` set) only if nobody
    changed its details or highlighted in it since."""

    label = "Delete Source"
    destructive = True

    def __init__(self, source_id: int, expect: dict[str, Any] | None = None) -> None:
        self.source_id = source_id
        self.expect = fingerprint(expect) if expect is not None else None

    def apply(self, session: Session) -> Applied:
        sid = self.source_id
        if self.expect is not None:
            state = source_state(session, sid)
            check_unchanged(f"source {sid}", self.expect["row"], state["row"] if state else None)
            assert state is not None
            added = sorted(set(state["excerpts"]) - set(self.expect["excerpts"]))
            if added:
                raise Conflict(
                    f"source {sid} has {len(added)} highlight(s) made since, by another change"
                )
            if set(self.expect["excerpts"]) - set(state["excerpts"]):
                raise Conflict(f"highlights of source {sid} were removed since, by another change")
        rows = _rows(session, s.Source, s.Source.id == sid)
        if not rows:
            raise NotFound(f"there is no source {sid}")
        excerpt_ids = select(s.Excerpt.id).where(s.Excerpt.source_id == sid)
        snapshot = SourceSnapshot(
            row=rows[0],
            data=session.scalar(select(s.SourceBlob.data).where(s.SourceBlob.source_id == sid))
            or b"",
            text=session.scalar(select(s.SourceText.text).where(s.SourceText.source_id == sid))
            or "",
            blocks=_rows(session, s.TextBlock, s.TextBlock.source_id == sid),
            excerpts=_rows(session, s.Excerpt, s.Excerpt.source_id == sid),
            excerpt_tags=_rows(session, s.ExcerptTag, s.ExcerptTag.excerpt_id.in_(excerpt_ids)),
            excerpt_records=_rows(
                session, s.ExcerptRecord, s.ExcerptRecord.excerpt_id.in_(excerpt_ids)
            ),
            page_map=session.scalar(select(s.PageMap.data).where(s.PageMap.source_id == sid)),
            attachments=_rows(
                session,
                s.SourceAttachment,
                (s.SourceAttachment.source_id == sid) | (s.SourceAttachment.parent_id == sid),
            ),
            fields=_rows(session, s.SourceField, s.SourceField.source_id == sid),
            versions=_rows(session, s.SourceVersion, s.SourceVersion.source_id == sid),
            reanchors=_rows(
                session, s.ExcerptReanchor, s.ExcerptReanchor.excerpt_id.in_(excerpt_ids)
            ),
            translations=_rows(session, s.Translation, s.Translation.source_id == sid),
        )
        session.execute(delete(s.Source).where(s.Source.id == sid))
        changes = Changes.of(
            sources={sid},
            excerpts={e["id"] for e in snapshot.excerpts},
            tags={t["tag_id"] for t in snapshot.excerpt_tags},
            records={r["record_id"] for r in snapshot.excerpt_records},
        )
        return Applied(changes, RestoreSource(snapshot))


class RestoreSource(Operation):
    """Put a deleted source back with its id, text and excerpts (the undo of a deletion)."""

    label = "Restore Source"
    holds_deleted = True  # the document itself: erased from the journal at close

    def __init__(self, snapshot: SourceSnapshot) -> None:
        self.snapshot = snapshot

    def apply(self, session: Session) -> Applied:
        snap = self.snapshot
        sid = snap.row["id"]
        if session.get(s.Source, sid) is not None:
            raise Conflict(f"source {sid} is already there (restored by another change)")
        twin = session.scalar(select(s.Source.id).where(s.Source.sha256 == snap.row["sha256"]))
        if twin is not None:
            raise Conflict(f"the same document was imported again since, as source {twin}")
        for tag_id in {t["tag_id"] for t in snap.excerpt_tags}:
            if session.get(s.Tag, tag_id) is None:
                raise Conflict(f"tag {tag_id}, used by its highlights, was deleted since")
        for record_id in {r["record_id"] for r in snap.excerpt_records}:
            if session.get(s.Record, record_id) is None:
                raise Conflict(f"record {record_id}, linked to its highlights, was deleted since")
        session.execute(insert(s.Source), [snap.row])
        session.execute(insert(s.SourceBlob), [{"source_id": sid, "data": snap.data}])
        session.execute(insert(s.SourceText), [{"source_id": sid, "text": snap.text}])
        if snap.page_map is not None:
            session.execute(insert(s.PageMap), [{"source_id": sid, "data": snap.page_map}])
        for model, rows in (
            (s.TextBlock, snap.blocks),
            (s.Excerpt, snap.excerpts),
            (s.ExcerptTag, snap.excerpt_tags),
            (s.ExcerptRecord, snap.excerpt_records),
            (s.SourceAttachment, snap.attachments),
            (s.SourceField, snap.fields),
            (s.SourceVersion, snap.versions),
            (s.ExcerptReanchor, snap.reanchors),
            (s.Translation, snap.translations),
        ):
            if rows:
                session.execute(insert(model), rows)
        changes = Changes.of(
            sources={sid},
            excerpts={e["id"] for e in snap.excerpts},
            tags={t["tag_id"] for t in snap.excerpt_tags},
            records={r["record_id"] for r in snap.excerpt_records},
        )
        session.flush()
        return Applied(changes, DeleteSource(sid, expect=source_state(session, sid)), sid)


class UpdateSource(Operation):
    """Edit citation metadata (title, author, publisher, dates, URL, language, note) and the
    exhibit number. Every value set here becomes the user's (origin ``user``): typing or
    confirming a suggested value is what lets a citation print it."""

    label = "Edit Source Properties"

    def __init__(
        self,
        source_id: int,
        values: dict[str, str],
        exhibit: int | None = None,
        origins: dict[str, str | None] | None = None,
        expect: dict[str, Any] | None = None,
    ) -> None:
        values = dict(values)
        if "exhibit" in values:  # a form's text field: "7"
            text = str(values.pop("exhibit")).strip()
            if not text.isdigit():
                raise InvalidInput(f"exhibit {text!r}: an exhibit number is 1 or more")
            exhibit = int(text) if exhibit is None else exhibit
        unknown = set(values) - set(CITATION_FIELDS)
        if unknown:
            raise InvalidInput(f"not a source field: {', '.join(sorted(unknown))}")
        if "title" in values and not values["title"].strip():
            raise InvalidInput("a source needs a title")
        if exhibit is not None and exhibit < 1:
            raise InvalidInput(f"exhibit {exhibit}: an exhibit number is 1 or more")
        self.source_id = source_id
        self.values = values
        self.exhibit = exhibit
        # the origin each field gets (None: no record, i.e. the user's); default: user
        self.origins = origins if origins is not None else {k: str(Origin.USER) for k in values}
        # as an undo: the values (and exhibit) this step must find, else it refuses
        self.expect = fingerprint(expect) if expect is not None else None

    def apply(self, session: Session) -> Applied:
        row = session.get(s.Source, self.source_id)
        if self.expect is not None:
            current = {key: getattr(row, key) for key in self.expect} if row else None
            check_unchanged(f"the details of source {self.source_id}", self.expect, current)
        if row is None:
            raise NotFound(f"there is no source {self.source_id}")
        if self.exhibit is not None and self.exhibit != row.exhibit:
            holder = session.scalar(
                select(s.Source.id).where(s.Source.exhibit == self.exhibit, s.Source.id != row.id)
            )
            if holder is not None:
                raise InvalidInput(
                    f"exhibit {self.exhibit} is already source {holder}; give that one "
                    "another number first"
                )
        old = {key: getattr(row, key) for key in self.values}
        old_exhibit = row.exhibit
        stored = dict(
            session.execute(
                select(s.SourceField.field, s.SourceField.origin).where(
                    s.SourceField.source_id == row.id
                )
            ).all()
        )
        old_origins: dict[str, str | None] = {k: stored.get(k) for k in self.origins}
        changes: dict[str, Any] = dict(self.values)
        if self.exhibit is not None:
            changes["exhibit"] = self.exhibit
        if changes:
            session.execute(update(s.Source).where(s.Source.id == row.id).values(**changes))
        for name, origin in self.origins.items():
            session.execute(
                delete(s.SourceField).where(
                    s.SourceField.source_id == row.id, s.SourceField.field == name
                )
            )
            if origin is not None and origin != Origin.USER:
                session.add(s.SourceField(source_id=row.id, field=name, origin=origin))
        session.expire(row)
        expected: dict[str, Any] = dict(self.values)
        if self.exhibit is not None:
            expected["exhibit"] = self.exhibit
        inverse = UpdateSource(
            self.source_id,
            old,
            old_exhibit if self.exhibit is not None else None,
            old_origins,
            expect=expected,
        )
        return Applied(Changes.of(sources={self.source_id}), inverse, self.source_id)


register_value(NewSource)
register_value(SourceSnapshot)
