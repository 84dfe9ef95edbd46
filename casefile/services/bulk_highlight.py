"""Code every hit of a search at once: one operation, one undo step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from casefile.domain.anchoring import quote_at
from casefile.domain.errors import NotFound
from casefile.services.case import Case
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Operation, now
from casefile.services.search import search
from casefile.storage import schema as s


class HighlightSpans(Operation):
    """Create one excerpt per (source id, start, end), all carrying ``tag_id``.

    A span that already has an excerpt with this tag is left alone, so coding
    the same search twice adds nothing the second time."""

    def __init__(
        self, spans: Sequence[tuple[int, int, int]], tag_id: int, *, author: str = "",
        label: str = "Highlight All Hits",
    ) -> None:  # fmt: skip
        self.spans = sorted(set(spans))
        self.tag_id, self.author, self.label = tag_id, author, label

    def apply(self, session: Session) -> Applied:
        if session.get(s.Tag, self.tag_id) is None:
            raise NotFound(f"there is no tag {self.tag_id}")
        tagged = set(
            session.execute(
                select(s.Excerpt.source_id, s.Excerpt.start, s.Excerpt.end)
                .join(s.ExcerptTag, s.ExcerptTag.excerpt_id == s.Excerpt.id)
                .where(s.ExcerptTag.tag_id == self.tag_id)
            ).all()
        )
        stamp = now()
        texts: dict[int, str] = {}
        rows: list[dict[str, Any]] = []
        for source_id, start, end in self.spans:
            if (source_id, start, end) in tagged:
                continue
            if source_id not in texts:
                text = session.scalar(
                    select(s.SourceText.text).where(s.SourceText.source_id == source_id)
                )
                if text is None:
                    raise NotFound(f"there is no source {source_id}")
                texts[source_id] = text
            quote = quote_at(texts[source_id], start, end)
            rows.append({
                "source_id": source_id, "start": start, "end": end, "exact": quote.exact,
                "prefix": quote.prefix, "suffix": quote.suffix, "note": "",
                "author": self.author, "created_at": stamp, "updated_at": stamp,
                "status": "anchored",
            })  # fmt: skip
        ids: list[int] = []
        if rows:
            returning = insert(s.Excerpt).returning(s.Excerpt.id, sort_by_parameter_order=True)
            ids = [int(i) for i in session.scalars(returning, rows)]
            session.execute(
                insert(s.ExcerptTag), [{"excerpt_id": i, "tag_id": self.tag_id} for i in ids]
            )
        changes = Changes.of(sources=set(texts), excerpts=set(ids), tags={self.tag_id})
        return Applied(changes, RemoveHighlightedSpans(ids, self.label), len(ids))


def _rows(
    session: Session, model: type[s.Base], column: Any, ids: list[int]
) -> list[dict[str, Any]]:
    table = model.__table__
    return [dict(r._mapping) for r in session.execute(select(table).where(column.in_(ids)))]


class RemoveHighlightedSpans(Operation):
    """Remove many excerpts at once (the undo of coding every hit)."""

    def __init__(self, ids: list[int], label: str = "Remove Highlights") -> None:
        self.ids, self.label = ids, label

    def apply(self, session: Session) -> Applied:
        snapshot = {
            "excerpts": _rows(session, s.Excerpt, s.Excerpt.id, self.ids),
            "tags": _rows(session, s.ExcerptTag, s.ExcerptTag.excerpt_id, self.ids),
            "links": _rows(session, s.ExcerptRecord, s.ExcerptRecord.excerpt_id, self.ids),
        }
        session.execute(delete(s.Excerpt).where(s.Excerpt.id.in_(self.ids)))
        return Applied(
            _changes(snapshot), RestoreHighlightedSpans(snapshot, self.label), len(self.ids)
        )


class RestoreHighlightedSpans(Operation):
    """Put back excerpts removed by :class:`RemoveHighlightedSpans`, with the same ids."""

    def __init__(self, snapshot: dict[str, list[dict[str, Any]]], label: str) -> None:
        self.snapshot, self.label = snapshot, label

    def apply(self, session: Session) -> Applied:
        for model, key in ((s.Excerpt, "excerpts"), (s.ExcerptTag, "tags"),
                           (s.ExcerptRecord, "links")):  # fmt: skip
            if self.snapshot[key]:
                session.execute(insert(model), self.snapshot[key])
        ids = [row["id"] for row in self.snapshot["excerpts"]]
        return Applied(_changes(self.snapshot), RemoveHighlightedSpans(ids, self.label), len(ids))


def _changes(snapshot: dict[str, list[dict[str, Any]]]) -> Changes:
    return Changes.of(
        sources={row["source_id"] for row in snapshot["excerpts"]},
        excerpts={row["id"] for row in snapshot["excerpts"]},
        tags={row["tag_id"] for row in snapshot["tags"]},
        records={row["record_id"] for row in snapshot["links"]},
    )


def highlight_all(
    case: Case, query: str, tag_id: int, source_id: int | None = None, author: str = ""
) -> HighlightSpans:
    """The operation that codes every text hit of ``query`` (optionally in one source)."""
    hits = search(case, query, source_id=source_id, limit=None, kinds=("text",))
    spans = [(h.source_id, h.start, h.end) for h in hits if h.source_id is not None]
    tag = next((t for t in case.tags() if t.id == tag_id), None)
    label = f"Highlight All Hits as {tag.name}" if tag else "Highlight All Hits"
    return HighlightSpans(spans, tag_id, author=author, label=label)
