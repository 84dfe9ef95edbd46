"""Recognise a source's text again (OCR) and put the new text in place of the old.

Reading the pages is pure, slow work (:func:`recognise_source`, on a worker
with progress and cancel); storing is one operation (:class:`ReplaceSourceText`)
that swaps the text, its blocks and page map, and re-anchors every excerpt by
its quote (an excerpt that cannot be found again is orphaned, never moved to
the wrong words). Its inverse restores the old text and the old positions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from casefile.domain.anchoring import TextQuote, reanchor
from casefile.domain.errors import ImportFailure, NotFound
from casefile.domain.model import ExcerptStatus
from casefile.domain.pagemap import PageMap
from casefile.domain.text import Block, BlockKind
from casefile.ingest import ImportOptions, extract
from casefile.ingest.ocr import Recognition
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Operation, now
from casefile.storage import schema as s


@dataclass(frozen=True)
class SourceText:
    """A source's text and everything that indexes it."""

    text: str
    blocks: tuple[Block, ...]
    page_map: bytes | None
    ocr: str
    notices: tuple[str, ...]


def recognise_source(data: bytes, filename: str, kind: str, recognition: Recognition) -> SourceText:
    """OCR a stored PDF or image again (pure: no database)."""
    if kind not in ("pdf", "image"):
        raise ImportFailure(filename, "only PDFs and scanned images have pages to recognise")
    forced = replace(recognition, force=True, allowed=True)
    extracted = extract(data, filename, ImportOptions(recognition=forced))
    if not extracted.ocr:
        raise ImportFailure(filename, extracted.notices[0] if extracted.notices else "no OCR")
    return SourceText(
        extracted.text,
        extracted.blocks,
        extracted.page_map.to_bytes() if extracted.page_map is not None else None,
        extracted.ocr,
        extracted.notices,
    )


class ReplaceSourceText(Operation):
    label = "Recognise Text Again"

    def __init__(
        self,
        source_id: int,
        new: SourceText,
        positions: dict[int, tuple[int, int, str]] | None = None,
    ) -> None:
        self.source_id = source_id
        self.new = new
        self.positions = positions  # exact excerpt places (for undo) instead of re-anchoring

    def _current(self, session: Session, row: s.Source) -> SourceText:
        sid = self.source_id
        text = session.scalar(select(s.SourceText.text).where(s.SourceText.source_id == sid))
        blocks = tuple(
            Block(BlockKind(b.kind), b.start, b.end, b.label)
            for b in session.scalars(
                select(s.TextBlock).where(s.TextBlock.source_id == sid).order_by(s.TextBlock.id)
            )
        )
        page_map = session.scalar(select(s.PageMap.data).where(s.PageMap.source_id == sid))
        return SourceText(text or "", blocks, page_map, row.ocr, tuple(row.notices or ()))

    def apply(self, session: Session) -> Applied:
        sid, new = self.source_id, self.new
        row = session.get(s.Source, sid)
        if row is None:
            raise NotFound(f"there is no source {sid}")
        old = self._current(session, row)
        if new.page_map is not None:
            PageMap.from_bytes(new.page_map)  # refuse a damaged map before changing anything
        session.execute(
            update(s.SourceText).where(s.SourceText.source_id == sid).values(text=new.text)
        )
        session.execute(delete(s.TextBlock).where(s.TextBlock.source_id == sid))
        if new.blocks:
            session.execute(
                insert(s.TextBlock),
                [
                    {"source_id": sid, "kind": str(b.kind), "start": b.start, "end": b.end,
                     "label": b.label}
                    for b in new.blocks
                ],
            )  # fmt: skip
        session.execute(delete(s.PageMap).where(s.PageMap.source_id == sid))
        if new.page_map is not None:
            session.execute(insert(s.PageMap), [{"source_id": sid, "data": new.page_map}])
        row.ocr = new.ocr
        row.notices = list(new.notices)
        old_positions: dict[int, tuple[int, int, str]] = {}
        for excerpt in session.scalars(select(s.Excerpt).where(s.Excerpt.source_id == sid)):
            old_positions[excerpt.id] = (excerpt.start, excerpt.end, excerpt.status)
            if self.positions is not None and excerpt.id in self.positions:
                excerpt.start, excerpt.end, excerpt.status = self.positions[excerpt.id]
                continue
            quote = TextQuote(excerpt.exact, excerpt.prefix, excerpt.suffix)
            found = reanchor(new.text, min(excerpt.start, len(new.text)),
                             min(excerpt.end, len(new.text)), quote)  # fmt: skip
            if found is None:
                excerpt.status = str(ExcerptStatus.ORPHANED)
            else:
                excerpt.start, excerpt.end = found
                excerpt.status = str(ExcerptStatus.ANCHORED)
            excerpt.updated_at = now()
        inverse = ReplaceSourceText(sid, old, old_positions)
        changes = Changes.of(sources={sid}, excerpts=set(old_positions))
        return Applied(changes, inverse, sid)
