"""What a brief says, as plain data: sections, quotations, chronology, matrix, exhibits.

Pure: no python-docx here, so the structure is tested on its own and the writer
only lays it out. Citations are made by the writer (a full form in the first
note of a source, short forms after, which point back to that note).

Quotations are typeset as lawyers set them: the excerpt's whitespace joined into
single spaces, one pair of outer quotation marks it carries removed (the brief
adds its own, so marks are never doubled), long quotations as blocks without
marks, short ones inline with marks. Name substitutions are in square brackets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import zip_longest

from casefile.domain import model as m
from casefile.domain.builtins import ISSUE
from casefile.domain.dates import date_sort_key
from casefile.export.brief_options import ExportOptions, Grouping
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.selection import SelectedEvidence
from casefile.export.verify import normalise

BLOCK_WORDS = 40  # longer quotations are set as blocks (OSCOLA: "more than three lines")
STATUS_LABELS = {"disputed": "Disputed", "undisputed": "Undisputed", "unclear": "Unclear"}


@dataclass(frozen=True)
class Exhibit:
    number: int
    source: m.SourceInfo


@dataclass(frozen=True)
class Quotation:
    excerpt: m.Excerpt
    source: m.SourceInfo
    exhibit: int
    text: str  # as printed: whitespace joined, outer marks removed, names in [brackets]
    altered: bool
    block: bool
    note: str
    key: str  # the bookmark the verifier finds it by
    relation: str = ""  # to the record it is grouped under
    language: str = ""
    repeat_of: str = ""  # print-once mode: the key of the first printing; this is a cross-ref
    translation: str = ""  # the passage in the source's certified translation, printed beside


@dataclass
class Group:
    heading: str
    subgroups: list[tuple[str, list[Quotation]]] = field(default_factory=list)
    intro: str = ""


@dataclass(frozen=True)
class ChronologyRow:
    date: str
    what: str
    status: str
    reference: str


@dataclass(frozen=True)
class MatrixRow:
    claim: str
    claim_ref: str
    testimony: str
    testimony_ref: str


@dataclass(frozen=True)
class Matrix:
    heading: str
    rows: list[MatrixRow]


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
    matrices: list[Matrix]
    rename: Pseudonymiser
    warnings: list[str] = field(default_factory=list)


def printed_text(excerpt: m.Excerpt, rename: Pseudonymiser) -> tuple[str, bool]:
    """The quotation as printed, and whether a name in it was replaced."""
    return rename.quote(normalise(excerpt.exact))


def reference(exhibit: int, pinpoint: str) -> str:
    return ", ".join(p for p in (f"Exhibit {exhibit}", pinpoint) if p)


class _Quoter:
    def __init__(self, evidence: SelectedEvidence, options: ExportOptions, rename: Pseudonymiser):
        self.evidence, self.options, self.rename = evidence, options, rename
        self.used: dict[int, int] = defaultdict(int)
        self.exhibits: dict[int, Exhibit] = {}

    def __call__(self, excerpt: m.Excerpt, relation: str = "") -> Quotation:
        source = self.evidence.sources[excerpt.source_id]
        number = self.evidence.exhibits[source.id]
        self.exhibits.setdefault(source.id, Exhibit(number, source))
        text, altered = printed_text(excerpt, self.rename)
        self.used[excerpt.id] += 1
        count = self.used[excerpt.id]
        first = f"_cfq{excerpt.id}_1"
        return Quotation(
            excerpt, source, number, text, altered,
            block=len(text.split()) > BLOCK_WORDS,
            note=self.rename(excerpt.note) if self.options.include_notes else "",
            key=f"_cfq{excerpt.id}_{count}", relation=relation, language=source.language,
            repeat_of=first if self.options.quote_once and count > 1 else "",
            translation=self.rename(self.evidence.translations.get(excerpt.id, "")),
        )  # fmt: skip


def _tag_groups(
    evidence: SelectedEvidence, quote: _Quoter, excerpts: list[m.Excerpt], record: int | None
) -> list[tuple[str, list[Quotation]]]:
    """Every tag of an excerpt is a group (an excerpt with two tags is under both)."""
    buckets: dict[str, list[Quotation]] = {}
    for excerpt in excerpts:
        relation = next((str(k.relation) for k in excerpt.links if k.record_id == record), "")
        labels = [
            _plural(evidence.tags[t].name) for t in excerpt.tag_ids if t in evidence.tags
        ] or ["Untagged"]
        for label in dict.fromkeys(labels):
            buckets.setdefault(label, []).append(quote(excerpt, relation))
    return sorted(buckets.items(), key=lambda item: _tag_order(item[0]))


def _chronology(
    evidence: SelectedEvidence,
    records: list[m.Record],
    options: ExportOptions,
    rename: Pseudonymiser,
) -> list[ChronologyRow]:
    """Facts by the date they happened (CaseMap's model): records and excerpts with a fact date;
    excerpts without one only when asked (then last, as "undated"). Same date: source order."""
    rows: list[tuple[tuple[str, int, int, int], ChronologyRow]] = []
    for record in records:
        key = date_sort_key(record.date)
        if key:
            ref = record.type_name
            if record.fields.get("reference"):
                ref += f", {record.fields['reference']}"
            rows.append(((key, 0, 0, record.id), ChronologyRow(
                record.date, rename(record.title), "", rename(ref))))  # fmt: skip
    for position, excerpt in enumerate(evidence.excerpts):
        key = date_sort_key(excerpt.fact_date) if excerpt.fact_date else None
        if not key and not options.undated_facts:
            continue
        exhibit = evidence.exhibits[excerpt.source_id]
        text, _altered = printed_text(excerpt, rename)
        rows.append(((key or "9999", 1, exhibit, position), ChronologyRow(
            excerpt.fact_date or "undated", f"\u201c{text}\u201d",
            STATUS_LABELS.get(excerpt.fact_status, ""), reference(exhibit, excerpt.pinpoint),
        )))  # fmt: skip
    rows.sort(key=lambda item: item[0])
    return [row for _key, row in rows]


def _matrices(
    evidence: SelectedEvidence, records: list[m.Record], rename: Pseudonymiser
) -> list[Matrix]:
    """Per record (disputed issues first): the claims set against the testimony that takes
    the other side (a claim that contradicts our case against testimony that supports it)."""
    claim_tag = {t.id for t in evidence.tags.values() if t.name == m.CLAIM}
    testimony_tag = {t.id for t in evidence.tags.values() if t.name == m.TESTIMONY}
    result = []
    opposite = {m.Relation.SUPPORTS: m.Relation.CONTRADICTS,
                m.Relation.CONTRADICTS: m.Relation.SUPPORTS}  # fmt: skip
    for record in sorted(records, key=lambda r: r.type_key != ISSUE):
        relation = {
            e.id: k.relation for e in evidence.excerpts for k in e.links if k.record_id == record.id
        }
        linked = [e for e in evidence.excerpts if e.id in relation]
        claims = [
            e for e in linked
            if claim_tag.intersection(e.tag_ids) and relation[e.id] in opposite
        ]  # fmt: skip
        claimed = {e.id for e in claims}
        against = {opposite[relation[e.id]] for e in claims}
        testimony = [
            e for e in linked
            if testimony_tag.intersection(e.tag_ids) and e.id not in claimed
            and relation[e.id] in against
        ]  # fmt: skip
        if not claims or not testimony:
            continue
        rows = []
        for claim, witness in zip_longest(claims, testimony):
            cells = []
            for excerpt in (claim, witness):
                if excerpt is None:
                    cells += ["", ""]
                    continue
                text = printed_text(excerpt, rename)[0]
                ex = evidence.exhibits[excerpt.source_id]
                cells += [f"\u201c{text}\u201d", reference(ex, excerpt.pinpoint)]
            rows.append(MatrixRow(*cells))
        result.append(Matrix(rename(record.title), rows))
    return result


def build_brief(
    evidence: SelectedEvidence,
    options: ExportOptions,
    types: dict[int, m.RecordType],
    rename: Pseudonymiser,
) -> BriefModel:
    quote = _Quoter(evidence, options, rename)
    records = [
        r
        for r in evidence.records.values()
        if not options.selection.record_ids or r.id in options.selection.record_ids
    ]
    records.sort(key=lambda r: (r.type_key != ISSUE, date_sort_key(r.date) or "9999", r.id))
    groups: list[Group] = []
    if options.grouping is Grouping.RECORD:
        placed: set[int] = set()
        for record in records:
            linked = [
                e for e in evidence.excerpts if any(k.record_id == record.id for k in e.links)
            ]
            if linked:
                placed.update(e.id for e in linked)
                groups.append(Group(
                    rename(record.title), _tag_groups(evidence, quote, linked, record.id),
                    rename(record.note),
                ))  # fmt: skip
        rest = [e for e in evidence.excerpts if e.id not in placed]
        if rest:
            groups.append(Group("Other evidence", _tag_groups(evidence, quote, rest, None)))
    elif options.grouping is Grouping.TAG:
        for label, quotes in _tag_groups(evidence, quote, evidence.excerpts, None):
            groups.append(Group(label, [("", quotes)]))
    else:
        for source_id in dict.fromkeys(e.source_id for e in evidence.excerpts):
            mine = [e for e in evidence.excerpts if e.source_id == source_id]
            groups.append(
                Group(
                    rename(evidence.sources[source_id].title),
                    _tag_groups(evidence, quote, mine, None),
                )
            )
    return BriefModel(
        title=rename(options.title or evidence.case_title),
        prepared_by=rename(options.prepared_by),
        confidentiality=options.confidentiality,
        records=records,
        record_types=types,
        chronology=_chronology(evidence, records, options, rename),
        groups=groups,
        exhibits=sorted(quote.exhibits.values(), key=lambda x: x.number),
        matrices=_matrices(evidence, records, rename) if options.matrix else [],
        rename=rename,
    )


def _plural(name: str) -> str:
    return {"Claim": "Claims", "Testimony": "Testimony"}.get(name, name)


def _tag_order(label: str) -> tuple[int, str]:
    return ({"Claims": 0, "Testimony": 1}.get(label, 2), label)
