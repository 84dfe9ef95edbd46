"""The case's chronology: dated records and excerpts (dated by their source), in date order."""

from __future__ import annotations

from dataclasses import dataclass

from casefile.domain import model as m
from casefile.domain.dates import date_sort_key


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    date: str  # as written
    sort_key: str
    kind: str  # "record" or "excerpt"
    title: str
    record_id: int | None = None
    excerpt_id: int | None = None
    source_id: int | None = None
    detail: str = ""  # record type, or the source's title and pinpoint


def chronology(
    records: list[m.Record], excerpts: list[m.Excerpt], sources: dict[int, m.SourceInfo]
) -> list[ChronologyEntry]:
    """Entries whose date can be placed in time, oldest first; undated ones are left out."""
    entries: list[ChronologyEntry] = []
    for record in records:
        key = date_sort_key(record.date)
        if key:
            entries.append(
                ChronologyEntry(
                    record.date, key, "record", record.title, record_id=record.id,
                    detail=record.type_name,
                )
            )  # fmt: skip
    for excerpt in excerpts:
        source = sources.get(excerpt.source_id)
        key = date_sort_key(source.published) if source else None
        if source and key:
            quote = " ".join(excerpt.exact.split())
            entries.append(ChronologyEntry(
                source.published, key, "excerpt", quote, excerpt_id=excerpt.id,
                source_id=source.id, detail=f"{source.title}, {excerpt.pinpoint}".rstrip(", "),
            ))  # fmt: skip
    entries.sort(key=lambda e: (e.sort_key, e.kind != "record", e.title))
    return entries
