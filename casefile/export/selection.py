"""Which excerpts a brief or export covers: by record and by tag."""

from __future__ import annotations

from dataclasses import dataclass

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
    withheld: tuple[int, ...] = ()  # ids of unreviewed changed / orphaned excerpts left out


def select_evidence(case: Case, selection: Selection) -> SelectedEvidence:
    excerpts = case.excerpts()
    if selection.record_ids:
        wanted = set(selection.record_ids)
        excerpts = [e for e in excerpts if any(link.record_id in wanted for link in e.links)]
    if selection.tag_ids:
        wanted_tags = set(selection.tag_ids)
        excerpts = [e for e in excerpts if wanted_tags.intersection(e.tag_ids)]
    withheld = tuple(e.id for e in excerpts if e.status != m.ExcerptStatus.ANCHORED)
    if not selection.include_unreviewed:
        excerpts = [e for e in excerpts if e.status == m.ExcerptStatus.ANCHORED]
    return SelectedEvidence(
        case_title=case.title,
        excerpts=excerpts,
        sources={s.id: s for s in case.sources()},
        tags={t.id: t for t in case.tags()},
        records={r.id: r for r in case.records()},
        withheld=() if selection.include_unreviewed else withheld,
    )
