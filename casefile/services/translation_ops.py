"""Translations of sources: attach one (with its translator), remove it (undo), list them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from casefile.domain import model as m
from casefile.domain.errors import ImportFailure, InvalidInput, NotFound
from casefile.domain.text import Block, BlockKind, paragraph_blocks
from casefile.ingest import ImportOptions, extract
from casefile.services.case import Case
from casefile.services.changes import Changes
from casefile.services.importing import read_file
from casefile.services.operation import Applied, Operation, now
from casefile.storage import schema as s


@dataclass(frozen=True)
class NewTranslation:
    filename: str
    data: bytes
    text: str
    translator: str
    qualifications: str = ""
    language: str = "en"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def prepare_translation(
    path: Path, translator: str, qualifications: str = "", language: str = "en"
) -> NewTranslation:
    """Read a translation file (any format Casefile imports) and take its text."""
    if not translator.strip():
        raise InvalidInput("a translation needs the translator's name (--translator)")
    data = read_file(path, ImportOptions())
    try:
        extracted = extract(data, path.name, ImportOptions())
    except ImportFailure as failure:
        raise type(failure)(str(path), failure.reason) from None
    if not extracted.text.strip():
        raise ImportFailure(str(path), "has no text to use as a translation")
    return NewTranslation(
        path.name, data, extracted.text, translator.strip(), qualifications.strip(),
        language.strip() or "en",
    )  # fmt: skip


class AddTranslation(Operation):
    label = "Add Translation"

    def __init__(
        self, source_id: int, new: NewTranslation, translation_id: int | None = None
    ) -> None:
        self.source_id = source_id
        self.new = new
        self.translation_id = translation_id

    def apply(self, session: Session) -> Applied:
        if session.get(s.Source, self.source_id) is None:
            raise NotFound(f"there is no source {self.source_id}")
        new = self.new
        row = s.Translation(
            id=self.translation_id, source_id=self.source_id, filename=new.filename,
            data=new.data, sha256=new.sha256, text=new.text, translator=new.translator,
            qualifications=new.qualifications, language=new.language, added_at=now(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        return Applied(Changes.of(sources={self.source_id}), RemoveTranslation(row.id), row.id)


class RemoveTranslation(Operation):
    label = "Remove Translation"

    def __init__(self, translation_id: int) -> None:
        self.translation_id = translation_id

    def apply(self, session: Session) -> Applied:
        row = session.get(s.Translation, self.translation_id)
        if row is None:
            raise NotFound(f"there is no translation {self.translation_id}")
        kept: dict[str, Any] = {
            c.name: getattr(row, c.name) for c in s.Translation.__table__.columns
        }
        session.execute(delete(s.Translation).where(s.Translation.id == self.translation_id))
        return Applied(Changes.of(sources={kept["source_id"]}), _Restore(kept))


class _Restore(Operation):
    label = "Restore Translation"

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row

    def apply(self, session: Session) -> Applied:
        session.execute(insert(s.Translation), [self.row])
        return Applied(
            Changes.of(sources={self.row["source_id"]}),
            RemoveTranslation(self.row["id"]),
            self.row["id"],
        )


def translations(case: Case, source_id: int | None = None) -> list[m.Translation]:
    """A case's translations (of one source, or all), oldest first."""
    t = s.Translation
    query = select(
        t.id, t.source_id, t.filename, t.sha256, t.text, t.translator, t.qualifications,
        t.language, t.added_at,
    ).order_by(t.source_id, t.id)  # fmt: skip
    if source_id is not None:
        query = query.where(t.source_id == source_id)
    with case.reading() as session:
        return [m.Translation(*row) for row in session.execute(query)]


def aligned_spans(
    original_blocks: list[Block], translation: str, start: int, end: int
) -> list[tuple[int, int]]:
    """Spans of the translation's paragraphs that match those ``start:end`` of the original
    touches. Only when the translation has as many paragraphs as the original (paragraph
    for paragraph, as translators of evidence deliver it); else none."""
    originals = sorted(
        (b for b in original_blocks if b.kind == BlockKind.PARAGRAPH), key=lambda b: b.start
    )
    translated = paragraph_blocks(translation)
    if not originals or len(originals) != len(translated):
        return []
    return [
        (translated[i].start, translated[i].end)
        for i, b in enumerate(originals)
        if b.start < max(end, start + 1) and b.end > start
    ]


def aligned_passage(original_blocks: list[Block], translation: str, start: int, end: int) -> str:
    """The text of :func:`aligned_spans`, paragraphs separated by a blank line."""
    spans = aligned_spans(original_blocks, translation, start, end)
    return "\n\n".join(translation[a:b] for a, b in spans)


def translated_passages(case: Case, excerpts: list[m.Excerpt]) -> dict[int, str]:
    """Excerpt id -> the aligned passage of its source's (first) translation, where one is."""
    found: dict[int, str] = {}
    by_source: dict[int, m.Translation] = {}
    for translation in reversed(translations(case)):
        by_source[translation.source_id] = translation
    blocks: dict[int, list[Block]] = {}
    for excerpt in excerpts:
        chosen = by_source.get(excerpt.source_id)
        if chosen is None:
            continue
        if excerpt.source_id not in blocks:
            blocks[excerpt.source_id] = case.blocks(excerpt.source_id)
        passage = aligned_passage(
            blocks[excerpt.source_id], chosen.text, excerpt.start, excerpt.end
        )
        if passage:
            found[excerpt.id] = passage
    return found


class SetBundleSection(Operation):
    """Put a source in a section of the hearing bundle ("" : the default for its kind)."""

    label = "Set Bundle Section"

    def __init__(self, source_id: int, section: str) -> None:
        self.source_id = source_id
        self.section = section.strip()

    def apply(self, session: Session) -> Applied:
        row = session.get(s.Source, self.source_id)
        if row is None:
            raise NotFound(f"there is no source {self.source_id}")
        before = row.bundle_section
        row.bundle_section = self.section
        return Applied(
            Changes.of(sources={self.source_id}), SetBundleSection(self.source_id, before)
        )
