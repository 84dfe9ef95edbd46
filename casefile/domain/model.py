"""Plain, immutable views of what a case file holds. Repositories return these."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Relation(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    MENTIONS = "mentions"


class ExcerptStatus(StrEnum):
    ANCHORED = "anchored"
    CHANGED = "changed"  # re-anchored by a fuzzy match to a new version: please review
    ORPHANED = "orphaned"


CLAIM = "Claim"
TESTIMONY = "Testimony"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: int
    title: str
    kind: str
    filename: str
    media_type: str
    sha256: str
    size: int
    imported_at: str
    author: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""
    accessed: str = ""
    language: str = ""
    note: str = ""
    pages: int = 0
    notices: tuple[str, ...] = ()
    excerpt_count: int = 0
    exhibit: int = 0  # stable: import order by default, changed only by the user
    origins: tuple[tuple[str, str], ...] = ()  # (field, origin): see domain.provenance
    ocr: str = ""  # Tesseract languages when the text was recognised by OCR ("" otherwise)
    bundle_section: str = ""  # the hearing bundle's section chosen by the user ("" : by kind)


CITATION_FIELDS = (
    "title",
    "author",
    "publisher",
    "published",
    "url",
    "accessed",
    "language",
    "note",
)


@dataclass(frozen=True, slots=True)
class Tag:
    id: int
    name: str
    color: str
    parent_id: int | None = None
    builtin: bool = False
    excerpt_count: int = 0


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a record type. ``kind`` is "text", "date" or "longtext"."""

    key: str
    label: str
    kind: str = "text"

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "kind": self.kind}

    @staticmethod
    def from_json(data: dict[str, Any]) -> FieldSpec:
        return FieldSpec(
            str(data["key"]), str(data.get("label", data["key"])), str(data.get("kind", "text"))
        )


@dataclass(frozen=True, slots=True)
class RecordType:
    id: int
    key: str
    name: str
    fields: tuple[FieldSpec, ...] = ()
    builtin: bool = False


@dataclass(frozen=True, slots=True)
class Record:
    id: int
    type_id: int
    type_key: str
    type_name: str
    title: str
    date: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    note: str = ""
    excerpt_count: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    excerpt_id: int
    record_id: int
    relation: Relation = Relation.SUPPORTS


@dataclass(frozen=True, slots=True)
class Excerpt:
    id: int
    source_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    note: str = ""
    author: str = ""
    created_at: str = ""
    updated_at: str = ""
    status: ExcerptStatus = ExcerptStatus.ANCHORED
    tag_ids: tuple[int, ...] = ()
    links: tuple[Link, ...] = ()
    pinpoint: str = ""
    fact_date: str = ""  # the date of the fact it reports (fuzzy, as records' dates)
    fact_status: str = ""  # "disputed", "undisputed", "unclear" or ""


class FactStatus(StrEnum):
    DISPUTED = "disputed"
    UNDISPUTED = "undisputed"
    UNCLEAR = "unclear"
    NONE = ""


@dataclass(frozen=True, slots=True)
class Translation:
    """A typed translation of a source and who made it (text only; bytes stay stored)."""

    id: int
    source_id: int
    filename: str
    sha256: str
    text: str
    translator: str
    qualifications: str = ""
    language: str = "en"
    added_at: str = ""
