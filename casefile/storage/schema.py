"""The case file's tables, as typed SQLAlchemy 2 models.

Offsets (``start``/``end``) are Unicode code points into ``source_text.text``.
Foreign keys say what happens on delete: a source takes its excerpts with it;
a tag or a record never takes an excerpt. Integer keys use AUTOINCREMENT: an id
is never given twice, so an undo can never touch a row that another writer
created after the original was deleted.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from casefile.storage import search_index

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Integer keys are never reused: an id deleted stays unused (SQLite AUTOINCREMENT).
AUTOINCREMENT: Any = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class CaseInfo(Base):
    """Key/value facts about the case: its title, the author name, brief defaults."""

    __tablename__ = "case_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Source(Base):
    __tablename__ = "source"
    __table_args__ = AUTOINCREMENT
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(Text, default="")
    media_type: Mapped[str] = mapped_column(String(128), default="")
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(default=0)
    imported_at: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[str] = mapped_column(String(64), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    accessed: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    pages: Mapped[int] = mapped_column(default=0)
    notices: Mapped[list[Any]] = mapped_column(default=list)
    exhibit: Mapped[int] = mapped_column(default=0, server_default="0")
    # Tesseract languages ("eng+rus") when the text was recognised by OCR; "" otherwise
    ocr: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # the bundle section the user put it in ("" : by kind; see export.bundle.sections)
    bundle_section: Mapped[str] = mapped_column(Text, default="", server_default="")


class SourceField(Base):
    """Where a source's citation field came from: user, document, file or guess."""

    __tablename__ = "source_field"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    origin: Mapped[str] = mapped_column(String(16))


class SourceBlob(Base):
    """The original bytes, kept apart so that listings never load them."""

    __tablename__ = "source_blob"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class SourceText(Base):
    __tablename__ = "source_text"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)


class PageMap(Base):
    """Where each character of a paged source's text sits (``domain.pagemap``, compact bytes)."""

    __tablename__ = "page_map"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class SourceAttachment(Base):
    """A source that came attached to another (a PDF in an e-mail); ``position`` orders them."""

    __tablename__ = "source_attachment"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), primary_key=True
    )
    parent_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(Text, default="")


class TextBlock(Base):
    __tablename__ = "text_block"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int]
    end: Mapped[int]
    label: Mapped[str] = mapped_column(String(64), default="")
    __table_args__ = (
        Index("ix_text_block_source_start", "source_id", "start"),
        AUTOINCREMENT,
    )


class Excerpt(Base):
    __tablename__ = "excerpt"
    __table_args__ = AUTOINCREMENT
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="anchored")
    fact_date: Mapped[str] = mapped_column(String(64), default="", server_default="")
    fact_status: Mapped[str] = mapped_column(String(16), default="", server_default="")


class Tag(Base):
    __tablename__ = "tag"
    __table_args__ = AUTOINCREMENT
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tag.id", ondelete="SET NULL"))
    builtin: Mapped[bool] = mapped_column(default=False)


class ExcerptTag(Base):
    __tablename__ = "excerpt_tag"
    excerpt_id: Mapped[int] = mapped_column(
        ForeignKey("excerpt.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class RecordType(Base):
    __tablename__ = "record_type"
    __table_args__ = AUTOINCREMENT
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    fields: Mapped[list[Any]] = mapped_column(default=list)
    builtin: Mapped[bool] = mapped_column(default=False)


class Record(Base):
    __tablename__ = "record"
    __table_args__ = AUTOINCREMENT
    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("record_type.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[str] = mapped_column(String(64), default="")
    date_sort: Mapped[str | None] = mapped_column(String(32), index=True)
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(Text, default="")


class ExcerptRecord(Base):
    __tablename__ = "excerpt_record"
    excerpt_id: Mapped[int] = mapped_column(
        ForeignKey("excerpt.id", ondelete="CASCADE"), primary_key=True
    )
    record_id: Mapped[int] = mapped_column(
        ForeignKey("record.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    relation: Mapped[str] = mapped_column(String(16), default="supports")
    __table_args__ = (UniqueConstraint("excerpt_id", "record_id"),)


class Journal(Base):
    """The operations journal: who did what, when, and how to undo or redo it.

    ``forward`` and ``inverse`` are operations serialised as JSON through the
    operation registry (``casefile.services.codec``), never pickled. ``kind`` is
    ``op`` for an operation, ``undo``/``redo`` for a step that undid or redid
    entry ``target``. ``changes`` lets another process turn an entry into a
    change record without decoding operations. ``holds_deleted`` marks an entry
    whose stored operation carries deleted content (a document's text): that
    payload is erased when the session that wrote it closes the case.
    """

    __tablename__ = "journal"
    __table_args__ = AUTOINCREMENT
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    forward: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    inverse: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    undone: Mapped[bool] = mapped_column(default=False)
    kind: Mapped[str] = mapped_column(String(8), default="op")
    target: Mapped[int | None] = mapped_column(nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    holds_deleted: Mapped[bool] = mapped_column(default=False)  # erased when its session ends


class SearchPending(Base):
    """Changes not yet applied to the full-text index (see ``search_index``).

    Filled by triggers with the *old* indexed values; emptied by ``sync``."""

    __tablename__ = "search_pending"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    item: Mapped[int]
    old1: Mapped[str | None] = mapped_column(Text)
    old2: Mapped[str | None] = mapped_column(Text)
    old3: Mapped[str | None] = mapped_column(Text)
    __table_args__ = ({"sqlite_autoincrement": True},)


class SourceDigest(Base):
    """SHA-256 of a source's normalised text, to notice the same text imported twice."""

    __tablename__ = "source_digest"
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), primary_key=True
    )
    digest: Mapped[str] = mapped_column(String(64), index=True)


class SourceVersion(Base):
    """An earlier version of a source, kept when a new version replaced it."""

    __tablename__ = "source_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    replaced_at: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(Text, default="")
    media_type: Mapped[str] = mapped_column(String(128), default="")
    kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(default=0)
    imported_at: Mapped[str] = mapped_column(String(32))
    pages: Mapped[int] = mapped_column(default=0)
    notices: Mapped[list[Any]] = mapped_column(default=list)
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)  # citation metadata then
    blocks: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    __table_args__ = ({"sqlite_autoincrement": True},)


class ExcerptReanchor(Base):
    """Where an excerpt was before a new version of its source moved it away.

    Kept for excerpts that came out ``changed`` or ``orphaned``, so the user
    can compare or place the old quotation again."""

    __tablename__ = "excerpt_reanchor"
    excerpt_id: Mapped[int] = mapped_column(
        ForeignKey("excerpt.id", ondelete="CASCADE"), primary_key=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("source_version.id", ondelete="CASCADE"))
    old_start: Mapped[int]
    old_end: Mapped[int]
    old_exact: Mapped[str] = mapped_column(Text)


class Translation(Base):
    """A typed translation of a source, with its translator: the bundle prints it after
    the original, followed by the translator's certificate."""

    __tablename__ = "translation"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    translator: Mapped[str] = mapped_column(Text)
    qualifications: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(32), default="en")
    added_at: Mapped[str] = mapped_column(String(32), default="")
    __table_args__ = ({"sqlite_autoincrement": True},)


search_index.install(Base.metadata)
