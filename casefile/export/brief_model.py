"""What a brief says, as plain data: sections, quotations with citations, exhibits.

Pure: no python-docx here, so the structure is tested on its own and any
writer (DOCX today) only lays it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casefile.domain import model as m
from casefile.export.brief_options import BriefOptions, CitationStyle, Grouping
from casefile.export.citation import citation
from casefile.export.selection import SelectedEvidence
from casefile.services.chronology import chronology

ALTERED = "[names altered]"


@dataclass(frozen=True)
class Exhibit:
    number: int
    source: m.SourceInfo


@dataclass(frozen=True)
class Quotation:
    excerpt: m.Excerpt
    text: str  # verbatim, or pseudonymised (then ``altered``)
    altered: bool
    citation: str
    note: str
    relation: str = ""  # to the record it is grouped under
    language: str = ""


@dataclass
class Group:
    heading: str
    subgroups: list[tuple[str, list[Quotation]]] = field(default_factory=list)
    intro: str = ""


@dataclass(frozen=True)
class ChronologyRow:
    date: str
    what: str
    reference: str


@dataclass
class BriefModel:
    title: str
    prepared_by: str
    confidentiality: str
    records: list[m.Record]
    record_types: dict[int, m.RecordType]
    chronology: list[ChronologyRow]
    groups: list[Group]
    exhibits: list[Exhibit]
    rename: Pseudonymiser


_NO_SPACES = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")


def _pattern(name: str) -> re.Pattern[str]:
    """Whole words; but Korean particles (철수는) and CJK names run on, so not there."""
    if _NO_SPACES.search(name):
        return re.compile(re.escape(name))
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


class Pseudonymiser:
    """Replaces names everywhere, longest first, case-insensitively."""

    def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
        ordered = sorted((p for p in pairs if p[0].strip()), key=lambda p: -len(p[0]))
        self._pairs = [(_pattern(name.strip()), new) for name, new in ordered]

    def __call__(self, text: str) -> str:
        for pattern, replacement in self._pairs:
            text = pattern.sub(replacement, text)
        return text


def build_brief(
    evidence: SelectedEvidence, options: BriefOptions, types: dict[int, m.RecordType]
) -> BriefModel:
    rename = Pseudonymiser(options.pseudonyms)
    exhibits: dict[int, Exhibit] = {}

    def exhibit_of(source_id: int) -> Exhibit:
        if source_id not in exhibits:
            exhibits[source_id] = Exhibit(len(exhibits) + 1, evidence.sources[source_id])
        return exhibits[source_id]

    def quote(excerpt: m.Excerpt, relation: str = "") -> Quotation:
        source = evidence.sources[excerpt.source_id]
        number = exhibit_of(source.id).number
        if options.citation_style is CitationStyle.SHORT:
            cited = (
                ", ".join(
                    p
                    for p in (
                        source.publisher or source.author,
                        excerpt.pinpoint,
                        f"Exhibit {number}",
                    )
                    if p
                )
                + "."
            )
        else:
            cited = citation(source, excerpt.pinpoint, str(number))
        text = rename(excerpt.exact)
        return Quotation(
            excerpt,
            text,
            text != excerpt.exact,
            rename(cited),
            rename(excerpt.note) if options.include_notes else "",
            relation,
            source.language,
        )

    def by_tag(
        excerpts: list[m.Excerpt], relation_to: int | None
    ) -> list[tuple[str, list[Quotation]]]:
        buckets: dict[str, list[Quotation]] = {}
        for excerpt in excerpts:
            tag = evidence.tags.get(excerpt.tag_ids[0]) if excerpt.tag_ids else None
            label = _plural(tag.name) if tag else "Untagged"
            relation = next(
                (str(link.relation) for link in excerpt.links if link.record_id == relation_to), ""
            )
            buckets.setdefault(label, []).append(quote(excerpt, relation))
        return sorted(buckets.items(), key=lambda item: _tag_order(item[0]))

    records = [
        r
        for r in evidence.records.values()
        if not options.selection.record_ids or r.id in options.selection.record_ids
    ]
    groups: list[Group] = []
    if options.grouping is Grouping.RECORD:
        placed: set[int] = set()
        for record in records:
            linked = [
                e for e in evidence.excerpts if any(k.record_id == record.id for k in e.links)
            ]
            if linked:
                placed.update(e.id for e in linked)
                groups.append(
                    Group(rename(record.title), by_tag(linked, record.id), rename(record.note))
                )
        rest = [e for e in evidence.excerpts if e.id not in placed]
        if rest:
            groups.append(Group("Other evidence", by_tag(rest, None)))
    elif options.grouping is Grouping.TAG:
        for label, quotes in by_tag(evidence.excerpts, None):
            groups.append(Group(label, [("", quotes)]))
    else:
        for source_id in dict.fromkeys(e.source_id for e in evidence.excerpts):
            mine = [e for e in evidence.excerpts if e.source_id == source_id]
            groups.append(Group(rename(evidence.sources[source_id].title), by_tag(mine, None)))

    rows = [
        ChronologyRow(
            entry.date,
            rename(entry.title),
            rename(entry.detail)
            if entry.kind == "record"
            else f"Exhibit {exhibit_of(entry.source_id or 0).number}, {rename(entry.detail)}",
        )
        for entry in chronology(records, evidence.excerpts, evidence.sources)
    ]
    return BriefModel(
        title=rename(options.title or evidence.case_title),
        prepared_by=rename(options.prepared_by),
        confidentiality=options.confidentiality,
        records=records,
        record_types=types,
        chronology=rows,
        groups=groups,
        exhibits=sorted(exhibits.values(), key=lambda x: x.number),
        rename=rename,
    )


def _plural(name: str) -> str:
    return {"Claim": "Claims", "Testimony": "Testimony"}.get(name, name)


def _tag_order(label: str) -> tuple[int, str]:
    return ({"Claims": 0, "Testimony": 1}.get(label, 2), label)
