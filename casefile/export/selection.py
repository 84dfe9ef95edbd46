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


@dataclass(frozen=True, slots=True)
class SelectedEvidence:
    case_title: str
    excerpts: list[m.Excerpt]
    sources: dict[int, m.SourceInfo]
    tags: dict[int, m.Tag]
    records: dict[int, m.Record]


def select_evidence(case: Case, selection: Selection) -> SelectedEvidence:
    # Filtered in SQL: the cost follows the selection, not the size of the case.
    excerpts = case.excerpts(tag_ids=selection.tag_ids, record_ids=selection.record_ids)
    return SelectedEvidence(
        case_title=case.title,
        excerpts=excerpts,
        sources={s.id: s for s in case.sources()},
        tags={t.id: t for t in case.tags()},
        records={r.id: r for r in case.records()},
    )
