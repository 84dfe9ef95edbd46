"""Compound actions as ONE operation, so that one Undo reverts all of it.

"Highlight with a new tag" creates the tag and the excerpt; "add a new tag to
an excerpt" creates the tag and tags the excerpt. The new tag's id is only
known inside the transaction, hence operations rather than a ``Batch``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from casefile.services.excerpt_ops import CreateExcerpt, TagExcerpt
from casefile.services.operation import Applied, Batch, Operation
from casefile.services.tag_ops import CreateTag


class CreateTagAndExcerpt(Operation):
    """A new tag and a highlight carrying it; the result is the excerpt's id."""

    def __init__(
        self, name: str, color: str, source_id: int, start: int, end: int, author: str = ""
    ) -> None:
        self.name, self.color, self.author = name, color, author
        self.source_id, self.start, self.end = source_id, start, end
        self.label = f"Highlight as {name}"

    def apply(self, session: Session) -> Applied:
        tag = CreateTag(self.name, self.color).apply(session)
        session.flush()
        assert tag.result is not None
        excerpt = CreateExcerpt(
            self.source_id, self.start, self.end, tag_ids=[tag.result], author=self.author
        ).apply(session)
        inverse = Batch(self.label, [excerpt.inverse, tag.inverse])
        return Applied(tag.changes | excerpt.changes, inverse, excerpt.result)


class CreateTagOnExcerpt(Operation):
    """A new tag, added to an existing excerpt; the result is the tag's id."""

    def __init__(self, name: str, color: str, excerpt_id: int) -> None:
        self.name, self.color, self.excerpt_id = name, color, excerpt_id
        self.label = f"Add Tag {name}"

    def apply(self, session: Session) -> Applied:
        tag = CreateTag(self.name, self.color).apply(session)
        session.flush()
        assert tag.result is not None
        tagged = TagExcerpt(self.excerpt_id, tag.result).apply(session)
        inverse = Batch(self.label, [tagged.inverse, tag.inverse])
        return Applied(tag.changes | tagged.changes, inverse, tag.result)
