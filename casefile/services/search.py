"""Case-wide search: the FTS5 index finds candidates, a pattern finds the hits.

The index answers "which sources (notes, records) match this query", in
source order, lazily. Each candidate's stored text is then scanned with the
query's pattern (``domain/search_query.py``), which yields exact code-point
spans: for a text hit, ``text[start:end]`` is the hit. The first ``limit``
hits are returned without touching the remaining candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from casefile.domain.dates import parse_fuzzy_date
from casefile.domain.errors import InvalidInput
from casefile.domain.pinpoint import BlockIndex
from casefile.domain.search_query import SearchQuery, parse
from casefile.domain.text import Block, BlockKind
from casefile.services.case import Case
from casefile.storage import repository as repo
from casefile.storage import schema as s
from casefile.storage import search_index

KINDS = ("text", "note", "record")
_TEXT = "SELECT text FROM source_text WHERE source_id = ?"  # plain SQL: no ORM cost per source
_BLOCKS = 'SELECT kind, start, "end", label FROM text_block WHERE source_id = ? ORDER BY start, id'
CONTEXT = 40


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence. ``kind`` "text": ``start:end`` index the source's text;
    "note": the excerpt's note; "record": the record's title, note and fields
    joined by line breaks (``source_id`` is then None)."""

    kind: str
    source_id: int | None
    start: int
    end: int
    before: str
    match: str
    after: str
    pinpoint: str = ""
    excerpt_id: int | None = None
    record_id: int | None = None

    @property
    def snippet(self) -> str:
        return f"{self.before}{self.match}{self.after}"

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind, "source_id": self.source_id, "start": self.start,
            "end": self.end, "snippet": self.snippet, "match": self.match,
            "pinpoint": self.pinpoint,
        }  # fmt: skip
        if self.excerpt_id is not None:
            data["excerpt_id"] = self.excerpt_id
        if self.record_id is not None:
            data["record_id"] = self.record_id
        return data


@dataclass(frozen=True, slots=True)
class Filters:
    source_id: int | None = None
    tag_id: int | None = None
    record_id: int | None = None
    date_range: tuple[str, str] | None = None  # dates as written: "2015", "2019-03-01"


def kwic(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str, str]:
    """Keyword in context: (before, hit, after), on one line, cut at word boundaries."""
    left = text[max(0, start - context) : start]
    right = text[end : end + context]
    if start - context > 0 and " " in left.strip():
        left = "…" + left[left.find(" ") + 1 :]
    if end + context < len(text) and " " in right.strip():
        right = right[: right.rfind(" ")] + "…"
    one_line = re.compile(r"\s+")
    return one_line.sub(" ", left), one_line.sub(" ", text[start:end]), one_line.sub(" ", right)


def search(
    case: Case,
    query: str,
    source_id: int | None = None,
    tag: int | str | None = None,
    record: int | None = None,
    date_range: tuple[str, str] | None = None,
    limit: int | None = 50,
    kinds: tuple[str, ...] = KINDS,
) -> list[Hit]:
    """The first ``limit`` hits (all with ``limit=None``): text, then notes, then records."""
    parsed = parse(query)
    tag_id = case.tag_named(tag).id if isinstance(tag, str) else tag
    filters = Filters(source_id, tag_id, record, date_range)
    case.sync_index()
    hits: list[Hit] = []
    with case.reading() as session:
        for hit in _hits(session, parsed, filters, kinds):
            hits.append(hit)
            if limit is not None and len(hits) >= limit:
                break
    return hits


def _hits(
    session: Session, query: SearchQuery, filters: Filters, kinds: tuple[str, ...]
) -> Iterator[Hit]:
    connection = session.connection()
    pattern = query.pattern()
    if "text" in kinds:
        yield from _text_hits(session, connection, query, pattern, filters)
    if "note" in kinds:
        yield from _note_hits(connection, query, pattern, filters)
    if "record" in kinds and filters.tag_id is None and filters.source_id is None:
        yield from _record_hits(connection, query, pattern, filters)


def _candidates(connection: Connection, table: str, query: SearchQuery) -> Iterator[int]:
    try:
        rows = connection.exec_driver_sql(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid", (query.fts,)
        )
    except Exception as error:  # FTS5 syntax errors are not typed
        raise InvalidInput(f"search query: SQLite cannot use it ({error})") from None
    for (rowid,) in rows:
        yield int(rowid)


def _allowed_spans(session: Session, filters: Filters) -> dict[int, list[tuple[int, int]]] | None:
    """With a tag or record filter: the excerpts' spans per source a hit must lie in."""
    if filters.tag_id is None and filters.record_id is None:
        return None
    spans: dict[int, list[tuple[int, int]]] = {}
    for excerpt in repo.excerpts(session, tag_id=filters.tag_id, record_id=filters.record_id):
        spans.setdefault(excerpt.source_id, []).append((excerpt.start, excerpt.end))
    return spans


def _date_bounds(date_range: tuple[str, str]) -> tuple[date, date]:
    low, high = (parse_fuzzy_date(d) if d.strip() else None for d in date_range)
    if (date_range[0].strip() and low is None) or (date_range[1].strip() and high is None):
        raise InvalidInput(f"search: cannot read the dates {date_range[0]!r}–{date_range[1]!r}")
    return (low.earliest if low else date.min, high.latest if high else date.max)


def _sources_in_dates(session: Session, date_range: tuple[str, str]) -> set[int]:
    low, high = _date_bounds(date_range)
    inside: set[int] = set()
    for source_id, published in session.execute(select(s.Source.id, s.Source.published)):
        parsed = parse_fuzzy_date(published) if published.strip() else None
        if parsed and parsed.latest >= low and parsed.earliest <= high:
            inside.add(source_id)
    return inside


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _text_hits(
    session: Session,
    connection: Connection,
    query: SearchQuery,
    pattern: re.Pattern[str],
    filters: Filters,
) -> Iterator[Hit]:
    allowed = _allowed_spans(session, filters)
    in_dates = _sources_in_dates(session, filters.date_range) if filters.date_range else None
    for source_id in _candidates(connection, "search_source", query):
        if filters.source_id is not None and source_id != filters.source_id:
            continue
        if allowed is not None and source_id not in allowed:
            continue
        if in_dates is not None and source_id not in in_dates:
            continue
        row = connection.exec_driver_sql(_TEXT, (source_id,)).first()
        text = row[0] if row is not None else ""
        index: BlockIndex | None = None
        for found in pattern.finditer(text):
            start, end = found.span()
            if allowed is not None and not _inside(allowed[source_id], start, end):
                continue
            if index is None:
                index = BlockIndex(
                    Block(BlockKind(kind), start_, end_, label)
                    for kind, start_, end_, label in connection.exec_driver_sql(
                        _BLOCKS, (source_id,)
                    )
                )
            before, match, after = kwic(text, start, end)
            pinpoint = index.pinpoint(start, end)
            yield Hit("text", source_id, start, end, before, match, after, pinpoint)


def _note_hits(
    connection: Connection, query: SearchQuery, pattern: re.Pattern[str], filters: Filters
) -> Iterator[Hit]:
    for excerpt_id in _candidates(connection, "search_note", query):
        row = connection.exec_driver_sql(
            "SELECT source_id, note FROM excerpt WHERE id = ?", (excerpt_id,)
        ).first()
        if row is None or (filters.source_id is not None and row[0] != filters.source_id):
            continue
        if (
            filters.tag_id is not None
            and not connection.exec_driver_sql(
                "SELECT 1 FROM excerpt_tag WHERE excerpt_id = ? AND tag_id = ?",
                (excerpt_id, filters.tag_id),
            ).first()
        ):
            continue
        if (
            filters.record_id is not None
            and not connection.exec_driver_sql(
                "SELECT 1 FROM excerpt_record WHERE excerpt_id = ? AND record_id = ?",
                (excerpt_id, filters.record_id),
            ).first()
        ):
            continue
        note = row[1]
        for found in pattern.finditer(note):
            before, match, after = kwic(note, *found.span())
            yield Hit("note", None, found.start(), found.end(), before, match, after,
                      excerpt_id=excerpt_id)  # fmt: skip


def _record_hits(
    connection: Connection, query: SearchQuery, pattern: re.Pattern[str], filters: Filters
) -> Iterator[Hit]:
    for record_id in _candidates(connection, "search_record", query):
        if filters.record_id is not None and record_id != filters.record_id:
            continue
        row = connection.exec_driver_sql(
            "SELECT title, note, fields FROM record WHERE id = ?", (record_id,)
        ).first()
        if row is None:
            continue
        body = search_index.raw_body("record", tuple(row))
        for found in pattern.finditer(body):
            before, match, after = kwic(body, *found.span())
            yield Hit("record", None, found.start(), found.end(), before, match, after,
                      record_id=record_id)  # fmt: skip
