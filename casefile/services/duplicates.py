"""Noticing a text imported twice (the same article as HTML and as PDF, say)."""

from __future__ import annotations

from sqlalchemy import select

from casefile.domain import model as m
from casefile.services.case import Case
from casefile.storage import schema as s
from casefile.storage.search_index import content_digest, fill_digests


def same_text_as(case: Case, text: str, sha256: str = "") -> m.SourceInfo | None:
    """The first source whose normalised text equals ``text``'s, if any.

    None too when a source holds the very same bytes (``sha256``): importing
    those is refused outright (``DuplicateSource``), not offered to skip.

    Normalised: Unicode NFKC, case folded, spaces and punctuation ignored
    (``search_index.content_digest``); texts under 20 letters never count.
    """
    digest = content_digest(text)
    if digest is None:
        return None
    case.sync_index()
    with case.reading() as session:
        if sha256 and session.scalar(select(s.Source.id).where(s.Source.sha256 == sha256)):
            return None
    with case.engine.begin() as connection:
        fill_digests(connection)
    with case.reading() as session:
        found = session.scalar(
            select(s.SourceDigest.source_id)
            .where(s.SourceDigest.digest == digest)
            .order_by(s.SourceDigest.source_id)
        )
    return case.source(found) if found is not None else None
