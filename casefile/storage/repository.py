"""Read queries. They return domain objects, never live ORM rows."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ClauseElement

from casefile.domain import model as m
from casefile.domain.errors import NotFound
from casefile.domain.pagemap import PageMap
from casefile.domain.pinpoint import BlockIndex
from casefile.domain.text import Block, BlockKind
from casefile.storage import schema as s


def source_info(
    row: s.Source, excerpt_count: int = 0, origins: tuple[tuple[str, str], ...] = ()
) -> m.SourceInfo:
    return m.SourceInfo(
        id=row.id,
        title=row.title,
        kind=row.kind,
        filename=row.filename,
        media_type=row.media_type,
        sha256=row.sha256,
        size=row.size,
        imported_at=row.imported_at,
        author=row.author,
        publisher=row.publisher,
        published=row.published,
        url=row.url,
        accessed=row.accessed,
        language=row.language,
        note=row.note,
        pages=row.pages,
        notices=tuple(row.notices or ()),
        excerpt_count=excerpt_count,
        exhibit=row.exhibit,
        origins=origins,
        ocr=row.ocr,
        bundle_section=row.bundle_section,
    )


def origins(
    session: Session, source_id: int | None = None
) -> dict[int, tuple[tuple[str, str], ...]]:
    """Each source's (field, origin) pairs."""
    query = select(s.SourceField.source_id, s.SourceField.field, s.SourceField.origin)
    if source_id is not None:
        query = query.where(s.SourceField.source_id == source_id)
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for sid, name, origin in session.execute(query.order_by(s.SourceField.field)):
        found[sid].append((name, origin))
    return {sid: tuple(pairs) for sid, pairs in found.items()}


def sources(session: Session) -> list[m.SourceInfo]:
    counts = dict(
        session.execute(
            select(s.Excerpt.source_id, func.count()).group_by(s.Excerpt.source_id)
        ).all()
    )
    rows = session.scalars(select(s.Source).order_by(s.Source.id))
    known = origins(session)
    return [source_info(row, counts.get(row.id, 0), known.get(row.id, ())) for row in rows]


def source(session: Session, source_id: int) -> m.SourceInfo:
    row = session.get(s.Source, source_id)
    if row is None:
        raise NotFound(f"there is no source {source_id}")
    count = session.scalar(
        select(func.count()).select_from(s.Excerpt).where(s.Excerpt.source_id == source_id)
    )
    return source_info(row, count or 0, origins(session, source_id).get(source_id, ()))


def source_text(session: Session, source_id: int) -> str:
    text = session.scalar(select(s.SourceText.text).where(s.SourceText.source_id == source_id))
    if text is None:
        raise NotFound(f"there is no source {source_id}")
    return text


def source_blob(session: Session, source_id: int) -> bytes:
    data = session.scalar(select(s.SourceBlob.data).where(s.SourceBlob.source_id == source_id))
    if data is None:
        raise NotFound(f"there is no source {source_id}")
    return data


def page_map(session: Session, source_id: int) -> PageMap | None:
    """A source's page map; None for text-born sources (and for a damaged stored map)."""
    data = session.scalar(select(s.PageMap.data).where(s.PageMap.source_id == source_id))
    if data is None:
        return None
    try:
        return PageMap.from_bytes(data)
    except ValueError:
        return None


def attachments(session: Session, source_id: int) -> list[int]:
    """The sources that came attached to this one, in their order."""
    a = s.SourceAttachment
    query = select(a.source_id).where(a.parent_id == source_id).order_by(a.position, a.source_id)
    return list(session.scalars(query))


def attached_to(session: Session, source_id: int) -> int | None:
    """The source this one came attached to (an e-mail), if any."""
    a = s.SourceAttachment
    return session.scalar(select(a.parent_id).where(a.source_id == source_id))


def blocks(session: Session, source_id: int, within: tuple[int, int] | None = None) -> list[Block]:
    """A source's blocks, or only those overlapping ``within`` (start, end)."""
    b = s.TextBlock
    query = select(b.kind, b.start, b.end, b.label).where(b.source_id == source_id)
    if within is not None:
        query = query.where(b.start < within[1], b.end > within[0])
    rows = session.execute(query.order_by(b.start, b.id))
    return [Block(BlockKind(kind), start, end, label) for kind, start, end, label in rows]


def tags(session: Session) -> list[m.Tag]:
    counts = dict(
        session.execute(
            select(s.ExcerptTag.tag_id, func.count()).group_by(s.ExcerptTag.tag_id)
        ).all()
    )
    rows = session.scalars(select(s.Tag).order_by(s.Tag.builtin.desc(), s.Tag.name))
    return [m.Tag(r.id, r.name, r.color, r.parent_id, r.builtin, counts.get(r.id, 0)) for r in rows]


def record_type(row: s.RecordType) -> m.RecordType:
    return m.RecordType(
        row.id,
        row.key,
        row.name,
        tuple(m.FieldSpec.from_json(f) for f in row.fields or ()),
        row.builtin,
    )


def record_types(session: Session) -> list[m.RecordType]:
    rows = session.scalars(select(s.RecordType).order_by(s.RecordType.id))
    return [record_type(row) for row in rows]


def records(session: Session, ids: Iterable[int] | None = None) -> list[m.Record]:
    counts = dict(
        session.execute(
            select(s.ExcerptRecord.record_id, func.count()).group_by(s.ExcerptRecord.record_id)
        ).all()
    )
    query = (
        select(s.Record, s.RecordType)
        .join(s.RecordType, s.Record.type_id == s.RecordType.id)
        .order_by(s.Record.date_sort.is_(None), s.Record.date_sort, s.Record.title, s.Record.id)
    )
    if ids is not None:
        query = query.where(s.Record.id.in_(list(ids)))
    return [
        m.Record(
            id=r.id,
            type_id=t.id,
            type_key=t.key,
            type_name=t.name,
            title=r.title,
            date=r.date,
            fields=dict(r.fields or {}),
            note=r.note,
            excerpt_count=counts.get(r.id, 0),
        )
        for r, t in session.execute(query)
    ]


def record(session: Session, record_id: int) -> m.Record:
    found = records(session, [record_id])
    if not found:
        raise NotFound(f"there is no record {record_id}")
    return found[0]


def _raw_rows(connection: Connection, statement: ClauseElement) -> list[tuple[Any, ...]]:
    """Plain tuples straight from sqlite3, for queries of tens of thousands of rows
    (SQLAlchemy's result rows cost more than the query itself there)."""
    compiled = statement.compile(connection, compile_kwargs={"render_postcompile": True})
    names: list[str] = getattr(compiled, "positiontup", None) or []  # SQLite: "?" in order
    parameters = [compiled.params[name] for name in names]
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        rows: list[tuple[Any, ...]] = cursor.execute(str(compiled), parameters).fetchall()
        return rows
    finally:
        cursor.close()


def excerpts(
    session: Session,
    *,
    source_id: int | None = None,
    tag_id: int | None = None,
    record_id: int | None = None,
    ids: Sequence[int] | None = None,
    tag_ids: Sequence[int] = (),
    record_ids: Sequence[int] = (),
) -> list[m.Excerpt]:
    """Excerpts in document order (source, then position), with tags, links and pinpoints.

    Three plain-column queries share one filter, so a source with 10,000 excerpts
    costs no ORM objects and no 10,000-item IN lists.
    """
    e = s.Excerpt
    conditions: list[Any] = []
    if source_id is not None:
        conditions.append(e.source_id == source_id)
    if tag_id is not None:
        conditions.append(
            e.id.in_(select(s.ExcerptTag.excerpt_id).where(s.ExcerptTag.tag_id == tag_id))
        )
    if record_id is not None:
        conditions.append(
            e.id.in_(
                select(s.ExcerptRecord.excerpt_id).where(s.ExcerptRecord.record_id == record_id)
            )
        )
    if ids is not None:
        conditions.append(e.id.in_(list(ids)))
    if tag_ids:  # any of these tags
        conditions.append(
            e.id.in_(select(s.ExcerptTag.excerpt_id).where(s.ExcerptTag.tag_id.in_(list(tag_ids))))
        )
    if record_ids:  # linked to any of these records
        conditions.append(
            e.id.in_(
                select(s.ExcerptRecord.excerpt_id).where(
                    s.ExcerptRecord.record_id.in_(list(record_ids))
                )
            )
        )
    core = session.connection()  # Core rows: no ORM loading machinery for 50,000 rows
    columns = (e.id, e.source_id, e.start, e.end, e.exact, e.prefix, e.suffix, e.note, e.author,
               e.created_at, e.updated_at, e.status, e.fact_date, e.fact_status)  # fmt: skip
    rows = _raw_rows(core, select(*columns).where(*conditions).order_by(e.source_id, e.start, e.id))
    if not rows:
        return []
    chosen = select(e.id).where(*conditions).scalar_subquery() if conditions else None
    tag_query = select(s.ExcerptTag.excerpt_id, s.ExcerptTag.tag_id).order_by(s.ExcerptTag.tag_id)
    link_query = select(
        s.ExcerptRecord.excerpt_id, s.ExcerptRecord.record_id, s.ExcerptRecord.relation
    ).order_by(s.ExcerptRecord.record_id)
    if chosen is not None:
        tag_query = tag_query.where(s.ExcerptTag.excerpt_id.in_(chosen))
        link_query = link_query.where(s.ExcerptRecord.excerpt_id.in_(chosen))
    tag_lists: dict[int, list[int]] = defaultdict(list)
    for excerpt_id, tag in _raw_rows(core, tag_query):
        tag_lists[excerpt_id].append(tag)
    tag_map = {excerpt_id: tuple(found) for excerpt_id, found in tag_lists.items()}
    link_lists: dict[int, list[m.Link]] = defaultdict(list)
    for excerpt_id, rec, relation in _raw_rows(core, link_query):
        link_lists[excerpt_id].append(m.Link(excerpt_id, rec, m.Relation(relation)))
    link_map = {excerpt_id: tuple(found) for excerpt_id, found in link_lists.items()}
    # One pass over the rows (never sources x excerpts): each source's span and count.
    spans: dict[int, list[int]] = {}
    for _id, sid, start, end, *_rest in rows:
        span = spans.get(sid)
        if span is None:
            spans[sid] = [start, end, 1]
        else:
            span[0], span[1], span[2] = min(span[0], start), max(span[1], end), span[2] + 1
    indexes: dict[int, BlockIndex] = {}
    if len(spans) > 20 and chosen is None:  # the whole case: every block in one query
        b = s.TextBlock
        query = select(b.source_id, b.kind, b.start, b.end, b.label).order_by(
            b.source_id, b.kind, b.start
        )
        for sid, group in itertools.groupby(_raw_rows(core, query), key=itemgetter(0)):
            if sid in spans:
                indexes[sid] = BlockIndex.from_rows(group)
    for sid, (low, high, count) in spans.items():
        if sid not in indexes:
            # a few excerpts (after an edit): only the blocks around them
            window = (low, high) if count < 50 else None
            indexes[sid] = BlockIndex(blocks(session, sid, window))
    statuses = {status.value: status for status in m.ExcerptStatus}
    no_tags: tuple[int, ...] = ()
    no_links: tuple[m.Link, ...] = ()
    return [
        m.Excerpt(
            eid, sid, start, end, exact, prefix, suffix, note, author, created, updated,
            statuses[status], tag_map.get(eid, no_tags), link_map.get(eid, no_links),
            indexes[sid].pinpoint(start, end), fact_date, fact_status,
        )
        for eid, sid, start, end, exact, prefix, suffix, note, author, created, updated, status,
            fact_date, fact_status in rows
    ]  # fmt: skip


def spans(
    session: Session, source_id: int, ids: Sequence[int] | None = None
) -> list[tuple[int, int, int, int | None]]:
    """What the document view paints: (excerpt id, start, end, first tag id), cheaply."""
    e, t = s.Excerpt, s.ExcerptTag
    query = (
        select(e.id, e.start, e.end, func.min(t.tag_id))
        .outerjoin(t, t.excerpt_id == e.id)
        .where(e.source_id == source_id, e.status != "orphaned")  # orphans have no place
        .group_by(e.id)
    )
    if ids is not None:
        query = query.where(e.id.in_(list(ids)))
    return [(row[0], row[1], row[2], row[3]) for row in session.execute(query)]


def excerpt(session: Session, excerpt_id: int) -> m.Excerpt:
    found = excerpts(session, ids=[excerpt_id])
    if not found:
        raise NotFound(f"there is no excerpt {excerpt_id}")
    return found[0]


def case_info(session: Session) -> dict[str, str]:
    return dict(session.execute(select(s.CaseInfo.key, s.CaseInfo.value)).all())
