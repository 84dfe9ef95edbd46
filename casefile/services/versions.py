"""New versions of a source: replace its text, keep the old one, re-anchor excerpts.

:class:`ReplaceSourceVersion` snapshots everything it will change; its inverse
is :class:`RestoreSourceState`, whose own inverse snapshots again, so undo and
redo restore the case file exactly. Also here: marking a ``changed`` excerpt
as reviewed, and placing an ``orphaned`` (or ``changed``) excerpt again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from casefile.domain import errors
from casefile.domain.anchoring import quote_at
from casefile.domain.errors import DuplicateSource, InvalidInput, NotFound
from casefile.domain.model import CITATION_FIELDS
from casefile.domain.reanchoring import Anchor, Placement, reanchor_all
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Operation, now
from casefile.services.source_ops import NewSource
from casefile.storage import schema as s

# the store's journal brings a Conflict error for undo that finds things changed
_CONFLICT: type[Exception] = getattr(errors, "Conflict", InvalidInput)


@dataclass
class SourceState:
    """A source's row, text, bytes, blocks, excerpts, versions and re-anchor notes."""

    source_id: int
    row: dict[str, Any]
    text: str
    data: bytes
    blocks: list[dict[str, Any]]
    excerpts: list[dict[str, Any]]
    versions: list[dict[str, Any]]
    reanchors: list[dict[str, Any]] = field(default_factory=list)


def _rows(session: Session, model: type[s.Base], *where: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in session.execute(select(model.__table__).where(*where))]


def capture(session: Session, source_id: int) -> SourceState:
    rows = _rows(session, s.Source, s.Source.id == source_id)
    if not rows:
        raise NotFound(f"there is no source {source_id}")
    excerpt_ids = select(s.Excerpt.id).where(s.Excerpt.source_id == source_id)
    return SourceState(
        source_id=source_id,
        row=rows[0],
        text=session.scalar(select(s.SourceText.text).where(s.SourceText.source_id == source_id))
        or "",
        data=session.scalar(select(s.SourceBlob.data).where(s.SourceBlob.source_id == source_id))
        or b"",
        blocks=_rows(session, s.TextBlock, s.TextBlock.source_id == source_id),
        excerpts=_rows(session, s.Excerpt, s.Excerpt.source_id == source_id),
        versions=_rows(session, s.SourceVersion, s.SourceVersion.source_id == source_id),
        reanchors=_rows(session, s.ExcerptReanchor, s.ExcerptReanchor.excerpt_id.in_(excerpt_ids)),
    )


def _changes(state: SourceState) -> Changes:
    return Changes.of(
        sources={state.source_id},
        excerpts={e["id"] for e in state.excerpts},
        texts={state.source_id},
    )


class RestoreSourceState(Operation):
    """Put a source back exactly as captured (the undo of a new version, and its redo)."""

    label = "Restore Source Version"

    def __init__(self, state: SourceState, expect: str | None = None) -> None:
        self.state = state
        self.expect = expect  # the source as the change left it; None: do not check

    def apply(self, session: Session) -> Applied:
        state = self.state
        sid = state.source_id
        current = capture(session, sid)
        if self.expect is not None and fingerprint(current) != self.expect:
            raise _CONFLICT(
                f"source {sid} or its highlights changed since its new version came in; "
                "undoing the new version would misplace them, so nothing was changed"
            )
        session.execute(update(s.Source).where(s.Source.id == sid).values(**state.row))
        session.execute(
            update(s.SourceText).where(s.SourceText.source_id == sid).values(text=state.text)
        )
        session.execute(
            update(s.SourceBlob).where(s.SourceBlob.source_id == sid).values(data=state.data)
        )
        session.execute(delete(s.TextBlock).where(s.TextBlock.source_id == sid))
        if state.blocks:
            session.execute(insert(s.TextBlock), state.blocks)
        ids = [e["id"] for e in current.excerpts]
        session.execute(delete(s.ExcerptReanchor).where(s.ExcerptReanchor.excerpt_id.in_(ids)))
        session.execute(delete(s.SourceVersion).where(s.SourceVersion.source_id == sid))
        if state.versions:
            session.execute(insert(s.SourceVersion), state.versions)
        present = set(ids)
        for row in state.excerpts:
            if row["id"] in present:
                values = {k: v for k, v in row.items() if k != "id"}
                session.execute(update(s.Excerpt).where(s.Excerpt.id == row["id"]).values(**values))
        reanchors = [r for r in state.reanchors if r["excerpt_id"] in present]
        if reanchors:
            session.execute(insert(s.ExcerptReanchor), reanchors)
        session.flush()
        after = fingerprint(capture(session, sid))
        inverse = RestoreSourceState(current, expect=after)
        return Applied(_changes(state) | _changes(current), inverse, sid)


def fingerprint(state: SourceState) -> str:
    """The text and every excerpt's place and status, as one digest (what an undo checks)."""
    digest = hashlib.sha256(state.text.encode("utf-8"))
    for row in sorted(state.excerpts, key=lambda r: r["id"]):
        digest.update(f"|{row['id']}:{row['start']}:{row['end']}:{row['status']}".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class VersionReport:
    version_id: int
    placements: list[Placement]

    def ids(self, status: str, moved: bool | None = None) -> list[int]:
        return [
            p.id for p in self.placements
            if p.status == status and (moved is None or p.moved == moved)
        ]  # fmt: skip


class ReplaceSourceVersion(Operation):
    """The new file's text becomes the source's; the old version goes to its history."""

    label = "Replace with New Version"

    def __init__(self, source_id: int, new: NewSource) -> None:
        self.source_id, self.new = source_id, new
        self.report: VersionReport | None = None

    def apply(self, session: Session) -> Applied:
        sid, new = self.source_id, self.new
        before = capture(session, sid)
        old = before.row
        sha = new.sha256
        if sha == old["sha256"]:
            raise InvalidInput(
                f"{new.filename}: is the same file as source {sid}'s current version"
            )
        other = session.execute(
            select(s.Source.id, s.Source.title).where(s.Source.sha256 == sha, s.Source.id != sid)
        ).first()
        if other:
            raise DuplicateSource(new.filename, other[0], other[1])
        version = session.scalars(
            insert(s.SourceVersion).returning(s.SourceVersion.id),
            [{
                "source_id": sid, "replaced_at": now(), "sha256": old["sha256"],
                "filename": old["filename"], "media_type": old["media_type"], "kind": old["kind"],
                "size": old["size"], "imported_at": old["imported_at"], "pages": old["pages"],
                "notices": old["notices"], "fields": {k: old[k] for k in CITATION_FIELDS},
                "blocks": [{k: b[k] for k in ("kind", "start", "end", "label")}
                           for b in before.blocks],
                "text": before.text, "data": before.data,
            }],
        ).one()  # fmt: skip
        self._store_new(session, old)
        placements = self._reanchor(session, before, version)
        self.report = VersionReport(version, placements)
        session.flush()
        after = fingerprint(capture(session, sid))
        return Applied(_changes(before), RestoreSourceState(before, expect=after), version)

    def _store_new(self, session: Session, old: dict[str, Any]) -> None:
        sid, new, extracted = self.source_id, self.new, self.new.extracted
        metadata = extracted.metadata.merged(new.metadata)
        values: dict[str, Any] = {
            "sha256": new.sha256, "filename": new.filename, "media_type": extracted.media_type,
            "kind": extracted.kind, "size": len(new.data), "imported_at": now(),
            "pages": extracted.pages, "notices": list(extracted.notices),
        }  # fmt: skip
        for name in CITATION_FIELDS:  # the user's metadata stays; blanks are filled in
            found = str(getattr(metadata, name, "") or "")
            if not old[name] and found:
                values[name] = found
        session.execute(update(s.Source).where(s.Source.id == sid).values(**values))
        session.execute(
            update(s.SourceText).where(s.SourceText.source_id == sid).values(text=extracted.text)
        )
        session.execute(
            update(s.SourceBlob).where(s.SourceBlob.source_id == sid).values(data=new.data)
        )
        session.execute(delete(s.TextBlock).where(s.TextBlock.source_id == sid))
        if extracted.blocks:
            session.execute(
                insert(s.TextBlock),
                [{"source_id": sid, "kind": str(b.kind), "start": b.start, "end": b.end,
                  "label": b.label} for b in extracted.blocks],
            )  # fmt: skip

    def _reanchor(self, session: Session, before: SourceState, version: int) -> list[Placement]:
        text = self.new.extracted.text
        anchors = [
            Anchor(e["id"], e["start"], e["end"], e["exact"], e["prefix"], e["suffix"])
            for e in before.excerpts
            if e["status"] != "orphaned"
        ]
        placements = reanchor_all(before.text, text, anchors)
        stamp = now()
        old = {e["id"]: e for e in before.excerpts}
        unmoved_or_moved: list[tuple[int, int, str, str, str, int]] = []
        for placement in placements:
            if placement.status == "anchored":  # the common case, in one statement
                quote = quote_at(text, placement.start, placement.end)
                unmoved_or_moved.append((placement.start, placement.end, quote.exact,
                                         quote.prefix, quote.suffix, placement.id))  # fmt: skip
                continue
            previous = old[placement.id]
            values: dict[str, Any] = {"status": placement.status}
            if placement.status != "orphaned":
                quote = quote_at(text, placement.start, placement.end)
                values |= {"start": placement.start, "end": placement.end, "exact": quote.exact,
                           "prefix": quote.prefix, "suffix": quote.suffix}  # fmt: skip
            if placement.status != "anchored":
                values["updated_at"] = stamp
                session.execute(
                    delete(s.ExcerptReanchor).where(s.ExcerptReanchor.excerpt_id == placement.id)
                )
                session.execute(
                    insert(s.ExcerptReanchor),
                    [{"excerpt_id": placement.id, "version_id": version,
                      "old_start": previous["start"], "old_end": previous["end"],
                      "old_exact": previous["exact"]}],
                )  # fmt: skip
            session.execute(update(s.Excerpt).where(s.Excerpt.id == placement.id).values(**values))
        if unmoved_or_moved:
            session.connection().exec_driver_sql(
                'UPDATE excerpt SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
                "status = 'anchored' WHERE id = ?",
                unmoved_or_moved,
            )
        return placements


class SetExcerptAnchor(Operation):
    """Set an excerpt's place and status (reviewing a changed one, placing an orphan)."""

    def __init__(self, excerpt_id: int, values: dict[str, Any], reanchor: dict[str, Any] | None,
                 label: str) -> None:  # fmt: skip
        self.excerpt_id, self.values, self.reanchor, self.label = (
            excerpt_id,
            values,
            reanchor,
            label,
        )

    def apply(self, session: Session) -> Applied:
        row = session.get(s.Excerpt, self.excerpt_id)
        if row is None:
            raise NotFound(f"there is no excerpt {self.excerpt_id}")
        old_values = {k: getattr(row, k) for k in self.values}
        old_reanchor = _rows(
            session, s.ExcerptReanchor, s.ExcerptReanchor.excerpt_id == self.excerpt_id
        )
        session.execute(
            update(s.Excerpt).where(s.Excerpt.id == self.excerpt_id).values(**self.values)
        )
        session.expire(row)
        session.execute(
            delete(s.ExcerptReanchor).where(s.ExcerptReanchor.excerpt_id == self.excerpt_id)
        )
        if self.reanchor is not None:
            session.execute(insert(s.ExcerptReanchor), [self.reanchor])
        inverse = SetExcerptAnchor(
            self.excerpt_id, old_values, old_reanchor[0] if old_reanchor else None, self.label
        )
        changes = Changes.of(sources={row.source_id}, excerpts={self.excerpt_id})
        return Applied(changes, inverse, self.excerpt_id)


def mark_reviewed(session: Session, excerpt_id: int) -> SetExcerptAnchor:
    """The operation that accepts a ``changed`` excerpt where it now is."""
    row = session.get(s.Excerpt, excerpt_id)
    if row is None:
        raise NotFound(f"there is no excerpt {excerpt_id}")
    if row.status != "changed":
        raise InvalidInput(f"excerpt {excerpt_id} is {row.status}, not changed; nothing to review")
    return SetExcerptAnchor(excerpt_id, {"status": "anchored"}, None, "Mark Excerpt Reviewed")


def place_again(session: Session, excerpt_id: int, start: int, end: int) -> SetExcerptAnchor:
    """The operation that anchors an orphaned or changed excerpt at ``start:end``."""
    row = session.get(s.Excerpt, excerpt_id)
    if row is None:
        raise NotFound(f"there is no excerpt {excerpt_id}")
    text = session.scalar(select(s.SourceText.text).where(s.SourceText.source_id == row.source_id))
    quote = quote_at(text or "", start, end)
    values = {"start": start, "end": end, "exact": quote.exact, "prefix": quote.prefix,
              "suffix": quote.suffix, "status": "anchored", "updated_at": now()}  # fmt: skip
    return SetExcerptAnchor(excerpt_id, values, None, "Place Excerpt Again")


def previous_quotes(session: Session, source_id: int | None = None) -> dict[int, dict[str, Any]]:
    """Excerpt id → its place and quote before the last new version (changed/orphaned)."""
    query = select(s.ExcerptReanchor.__table__)
    if source_id is not None:
        query = query.where(
            s.ExcerptReanchor.excerpt_id.in_(
                select(s.Excerpt.id).where(s.Excerpt.source_id == source_id)
            )
        )
    return {r.excerpt_id: dict(r._mapping) for r in session.execute(query)}


def _register_with_journal() -> None:
    """Let the operations journal (the store's ``services/codec``) store these values.

    Looked up by name: a build without the journal simply has nothing to register."""
    import importlib

    try:
        codec = importlib.import_module("casefile.services.codec")
    except ImportError:
        return
    for cls in (SourceState, VersionReport, Placement):
        codec.register_value(cls)


_register_with_journal()
