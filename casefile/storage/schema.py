"""The case file's tables, as typed SQLAlchemy 2 models.

Offsets (``start``/``end``) are Unicode code points into ``source_text.text``.
Foreign keys say what happens on delete: a source takes its excerpts with it;
a tag or a record never takes an excerpt.
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

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


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
    __table_args__ = (Index("ix_text_block_source_start", "source_id", "start"),)


class Excerpt(Base):
    __tablename__ = "excerpt"
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
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    fields: Mapped[list[Any]] = mapped_column(default=list)
    builtin: Mapped[bool] = mapped_column(default=False)


class Record(Base):
    __tablename__ = "record"
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
