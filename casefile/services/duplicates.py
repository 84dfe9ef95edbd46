"""Noticing a text imported twice (the same article as HTML and as PDF, say)."""

from __future__ import annotations

from sqlalchemy import select

from casefile.domain import model as m
from casefile.services.case import Case
from casefile.storage import schema as s
from casefile.storage.search_index import content_digest, fill_digests


def same_text_as(case: Case, text: str) -> m.SourceInfo | None:
    """The first source whose normalised text equals ``text``'s, if any.

    Normalised: Unicode NFKC, case folded, spaces and punctuation ignored
    (``search_index.content_digest``); texts under 20 letters never count.
    """
    digest = content_digest(text)
    if digest is None:
        return None
    case.sync_index()
    with case.engine.begin() as connection:
        fill_digests(connection)
    with case.reading() as session:
        found = session.scalar(
            select(s.SourceDigest.source_id)
            .where(s.SourceDigest.digest == digest)
            .order_by(s.SourceDigest.source_id)
        )
    return case.source(found) if found is not None else None
