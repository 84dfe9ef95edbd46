"""Code every hit of a search at once: one operation, one undo step."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from casefile.domain.errors import NotFound
from casefile.services.bulk_ops import CreateExcerpts, NewExcerpt
from casefile.services.case import Case
from casefile.services.operation import Applied, Operation
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
        items = [
            NewExcerpt(source_id, start, end, tag_ids=(self.tag_id,), author=self.author)
            for source_id, start, end in self.spans
            if (source_id, start, end) not in tagged
        ]
        # The shared bulk insert: its inverse checks that nobody changed the excerpts
        # since, and the quotes it keeps for a redo are erased from the journal at close.
        return CreateExcerpts(items, self.label).apply(session)


def highlight_all(
    case: Case, query: str, tag_id: int, source_id: int | None = None, author: str = ""
) -> HighlightSpans:
    """The operation that codes every text hit of ``query`` (optionally in one source)."""
    hits = search(case, query, source_id=source_id, limit=None, kinds=("text",))
    spans = [(h.source_id, h.start, h.end) for h in hits if h.source_id is not None]
    tag = next((t for t in case.tags() if t.id == tag_id), None)
    label = f"Highlight All Hits as {tag.name}" if tag else "Highlight All Hits"
    return HighlightSpans(spans, tag_id, author=author, label=label)
