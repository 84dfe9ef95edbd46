"""Which excerpts a brief or export covers: by record and by tag."""

from __future__ import annotations

from dataclasses import dataclass, field

from casefile.domain import model as m
from casefile.services import Case


@dataclass(frozen=True, slots=True)
class Selection:
    """Empty tuples mean "all". An excerpt is in when it links to one of the
    records (if any are named) and carries one of the tags (if any are named)."""

    record_ids: tuple[int, ...] = ()
    tag_ids: tuple[int, ...] = ()
    # excerpts a new source version left "changed" (unreviewed) or "orphaned" are not
    # cited unless asked: their words may not be what the source now says
    include_unreviewed: bool = False


@dataclass(frozen=True, slots=True)
class SelectedEvidence:
    case_title: str
    excerpts: list[m.Excerpt]
    sources: dict[int, m.SourceInfo]
    tags: dict[int, m.Tag]
    records: dict[int, m.Record]
    exhibits: dict[int, int]  # source id -> exhibit number, the case's own (never the filter's)
    withheld: tuple[int, ...] = ()  # ids of unreviewed changed / orphaned excerpts left out
    translations: dict[int, str] = field(default_factory=dict)  # excerpt id -> translated passage


def select_evidence(case: Case, selection: Selection) -> SelectedEvidence:
    # Filtered in SQL: the cost follows the selection, not the size of the case.
    excerpts = case.excerpts(tag_ids=selection.tag_ids, record_ids=selection.record_ids)
    sources = case.sources()
    withheld = tuple(e.id for e in excerpts if e.status != m.ExcerptStatus.ANCHORED)
    if not selection.include_unreviewed:
        excerpts = [e for e in excerpts if e.status == m.ExcerptStatus.ANCHORED]
    return SelectedEvidence(
        case_title=case.title,
        excerpts=excerpts,
        sources={s.id: s for s in sources},
        tags={t.id: t for t in case.tags()},
        records={r.id: r for r in case.records()},
        exhibits=exhibit_numbers(sources),
        withheld=() if selection.include_unreviewed else withheld,
    )


def exhibit_numbers(sources: list[m.SourceInfo]) -> dict[int, int]:
    """Each source's exhibit: its stored number, else its place in import order."""
    taken = {getattr(s, "exhibit", 0) for s in sources} - {0}
    numbers: dict[int, int] = {}
    following = 0
    for source in sorted(sources, key=lambda s: s.id):
        stored = getattr(source, "exhibit", 0)
        if stored:
            numbers[source.id] = stored
            continue
        following += 1
        while following in taken:
            following += 1
        numbers[source.id] = following
    return numbers
