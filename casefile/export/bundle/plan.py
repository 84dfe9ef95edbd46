"""The bundle's layout, computed from the case alone: which documents, in what order,
on which bundle pages, and where each essential passage sits.

It is a pure function of the case's state and the options (typesetting is
deterministic), so a brief exported with ``--bundle-refs`` cites the same pages
as the bundle built from the same case. Front matter (cover, index, schedule)
comes first; its length is measured with placeholder numbers, then filled in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pikepdf

from casefile.domain import model as m
from casefile.domain.pinpoint import BlockIndex
from casefile.domain.provenance import printable
from casefile.domain.text import BlockKind, paragraph_blocks
from casefile.export.bundle import sections
from casefile.export.bundle.charboxes import Box, BoxSource, CharBoxes
from casefile.export.bundle.ocr_layer import Word, images_to_pdf, words
from casefile.export.bundle.options import BundleOptions, Cancelled, Progress, no_progress
from casefile.export.bundle.pdf_source import PageGeometry, TextFinder, geometry, open_pdf
from casefile.export.bundle.placement import Placement, fit
from casefile.export.bundle.translation_pages import typeset_translation
from casefile.export.bundle.typeset_source import Heading, typeset_text
from casefile.export.bundle.typesetter import Typesetter, new_pdf
from casefile.export.citation import citation
from casefile.export.selection import exhibit_numbers, select_evidence
from casefile.services import Case
from casefile.services.translation_ops import aligned_spans, translations

HIGHLIGHT = "#fff176"  # an excerpt without a tag is marked in highlighter yellow


@dataclass
class Entry:
    """One document of the bundle: an original, or a translation (with its certificate)."""

    tab: str
    title: str
    date: str
    section: str
    source: m.SourceInfo
    translation: m.Translation | None = None
    typeset_first: int | None = None  # text-born sources: first page in the typeset PDF
    boxes: CharBoxes | None = None  # and where their characters are
    pdf: pikepdf.Pdf | None = None  # PDF sources, as they are
    ocr_words: list[Word] = field(default_factory=list)  # scans: their invisible text layer
    geometries: list[PageGeometry] = field(default_factory=list)
    pages: int = 0
    first: int = 0  # 0-based bundle page index, set once front matter is measured

    @property
    def last(self) -> int:
        return self.first + self.pages - 1

    @property
    def typeset(self) -> bool:
        return self.typeset_first is not None

    def placements(self) -> list[Placement]:
        if self.geometries:
            return [fit(geo) for geo in self.geometries]
        return [Placement()] * self.pages


@dataclass(frozen=True)
class Passage:
    """An essential passage: an excerpt and where it is in the bundle."""

    excerpt: m.Excerpt
    entry: Entry
    colour: str
    tags: tuple[str, ...]
    paragraph: str
    boxes: tuple[tuple[int, Box], ...]  # (page within its document, top-left box)
    translation: str = ""  # the aligned passage of the source's translation, if any
    translation_spans: tuple[tuple[int, int], ...] = ()  # where it is in the translation

    @property
    def pages(self) -> list[int]:
        """0-based bundle page indexes holding the passage, in order."""
        return sorted({self.entry.first + page for page, _ in self.boxes})


@dataclass
class Plan:
    options: BundleOptions
    case_title: str
    prepared_by: str
    entries: list[Entry]
    passages: list[Passage]
    warnings: list[str]
    typesetter: Typesetter | None = None  # text-born sources, then front matter and stamps
    front_pages: int = 0
    front_first: int = 0  # the front matter's first page in the typeset PDF
    stamps_first: int = 0  # the first stamp page in the typeset PDF
    typeset_pdf: bytes = b""  # everything Casefile typeset, once rendered
    index_rows: list[tuple[int, int, float, float]] = field(default_factory=list)
    front_headers: list[str] = field(default_factory=list)

    @property
    def total_pages(self) -> int:
        return self.front_pages + sum(e.pages for e in self.entries)

    def ref(self, passage: Passage) -> str:
        """The bundle pinpoint of a passage: "AB 14, para 7" (or "AB 14–15")."""
        pages = passage.pages
        if not pages:
            return ""
        first, last = pages[0] + 1, pages[-1] + 1
        text = self.options.page_ref(first)
        if last != first:
            text += f"–{last}"
        if passage.paragraph:
            text += f", para {passage.paragraph}"
        return text

    def close(self) -> None:
        for entry in self.entries:
            if entry.pdf is not None:
                entry.pdf.close()


def _citation_lines(source: m.SourceInfo, tab: int) -> tuple[str, ...]:
    lines = [citation(source, exhibit=str(tab))]
    if source.language:
        lines.append(f"Language: {source.language}")
    lines.append("Numbers in the margin are the paragraph numbers that pinpoints cite.")
    return tuple(lines)


def plan_bundle(
    case: Case, options: BundleOptions, progress: Progress = no_progress, render: bool = True
) -> Plan:
    """Lay the bundle out (and draw what Casefile typesets, unless ``render`` is False).
    The caller closes the plan (it holds open PDFs)."""
    from casefile.export.bundle.front import measure_front, render_front  # they import Plan
    from casefile.export.bundle.stamps import render_stamps

    evidence = select_evidence(case, options.selection)
    all_sources = case.sources()
    tabs = exhibit_numbers(all_sources)
    excerpts = [e for e in evidence.excerpts if e.status == m.ExcerptStatus.ANCHORED]
    warnings = [
        f"excerpt {e.id} is orphaned (its text changed) and is not highlighted"
        for e in evidence.excerpts
        if e.status != m.ExcerptStatus.ANCHORED
    ]
    filtered = bool(options.selection.record_ids or options.selection.tag_ids)
    wanted = {e.source_id for e in evidence.excerpts}
    chosen = [s for s in all_sources if not filtered or s.id in wanted]
    section = {s.id: sections.section_of(s, s.bundle_section) for s in chosen}
    order = sections.section_order([section[s.id] for s in chosen])
    chosen.sort(key=lambda s: (order.index(section[s.id]), tabs[s.id], s.id))
    by_source = {t.source_id: t for t in reversed(translations(case))}  # first one wins
    plan = Plan(
        options, case.title, options.prepared_by or case.info().get("author", ""), [], [],
        warnings, Typesetter(new_pdf()),
    )  # fmt: skip
    finders: dict[int, BoxSource | TextFinder] = {}
    try:
        for done, source in enumerate(chosen):
            if not progress(done, len(chosen) + 2, f"Laying out {source.title}"):
                raise Cancelled
            entry, boxes = _entry(plan, case, source, tabs[source.id], section[source.id])
            plan.entries.append(entry)
            if boxes is not None:
                finders[source.id] = boxes
            translation = by_source.get(source.id)
            if translation is not None:
                plan.entries.append(_translation_entry(plan, entry, translation))
        _passages(case, plan, excerpts, evidence.tags, finders)
        measure_front(plan)
        if render:
            render_front(plan)
            render_stamps(plan)
            assert plan.typesetter is not None and plan.typesetter.pdf is not None
            plan.typeset_pdf = bytes(plan.typesetter.pdf.output())
    except BaseException:
        plan.close()
        raise
    finally:
        for finder in finders.values():
            if isinstance(finder, TextFinder):
                finder.close()
    return plan


def _typeset(plan: Plan, entry: Entry, make: Callable[[Typesetter], CharBoxes]) -> None:
    ts = plan.typesetter
    assert ts is not None
    entry.typeset_first = ts.page + 1
    entry.boxes = make(ts)
    entry.pages = ts.page + 1 - entry.typeset_first


def _entry(
    plan: Plan, case: Case, source: m.SourceInfo, tab: int, section: str
) -> tuple[Entry, BoxSource | TextFinder | None]:
    entry = Entry(str(tab), source.title, printable(source, "published"), section, source)
    if source.kind in ("pdf", "image"):
        data = case.blob(source.id)
        if source.kind == "image":
            data = images_to_pdf(data, source.filename or source.title)
        entry.pdf = open_pdf(data, source.filename or source.title)
        entry.geometries = [geometry(p.as_form_xobject(True)) for p in entry.pdf.pages]
        entry.pages = len(entry.pdf.pages)
        stored = case.page_map(source.id)
        if stored is not None:
            if source.ocr or source.kind == "image":
                entry.ocr_words = words(stored, case.text(source.id))
            return entry, stored
        return entry, TextFinder(data, case.text(source.id), case.blocks(source.id))
    heading = Heading(f"Tab {tab}", source.title, _citation_lines(source, tab))
    text, blocks = case.text(source.id), case.blocks(source.id)
    _typeset(plan, entry, lambda ts: typeset_text(ts, heading, text, blocks))
    return entry, entry.boxes


def _translation_entry(plan: Plan, original: Entry, translation: m.Translation) -> Entry:
    entry = Entry(
        f"{original.tab}T", f"Translation ({translation.language}): {original.title}",
        original.date, original.section, original.source, translation,
    )  # fmt: skip
    _typeset(
        plan, entry, lambda ts: typeset_translation(ts, original.tab, original.source, translation)
    )
    return entry


def _passages(
    case: Case,
    plan: Plan,
    excerpts: list[m.Excerpt],
    tags: dict[int, m.Tag],
    finders: dict[int, BoxSource | TextFinder],
) -> None:
    originals = {e.source.id: e for e in plan.entries if e.translation is None}
    translated_sources = {e.source.id: e.translation for e in plan.entries if e.translation}
    indexes: dict[int, BlockIndex] = {}
    rank = {e.source.id: i for i, e in enumerate(plan.entries)}
    for excerpt in sorted(excerpts, key=lambda e: (rank.get(e.source_id, 0), e.start, e.id)):
        entry = originals.get(excerpt.source_id)
        if entry is None:
            continue
        finder = finders.get(excerpt.source_id)
        boxes: list[tuple[int, Box]] = []
        if isinstance(finder, TextFinder):
            boxes = finder.boxes(excerpt.start, excerpt.end, entry.geometries)
        elif finder is not None:
            boxes = _page_map_boxes(finder, excerpt.start, excerpt.end, entry)
        if not boxes:
            plan.warnings.append(
                f"excerpt {excerpt.id} could not be found on the pages of tab {entry.tab} "
                "and is not highlighted"
            )
            continue
        if excerpt.source_id not in indexes:
            blocks = case.blocks(excerpt.source_id)
            if not any(b.kind == BlockKind.PARAGRAPH for b in blocks) and entry.typeset:
                blocks = paragraph_blocks(case.text(excerpt.source_id))
            indexes[excerpt.source_id] = BlockIndex(blocks)
        paragraphs = indexes[excerpt.source_id].overlapping(
            BlockKind.PARAGRAPH, excerpt.start, excerpt.start + 1
        )
        tag_list = [tags[t] for t in excerpt.tag_ids if t in tags]
        translated, spans = "", []
        if excerpt.source_id in translated_sources:
            translated_text = translated_sources[excerpt.source_id].text
            spans = aligned_spans(
                case.blocks(excerpt.source_id), translated_text, excerpt.start, excerpt.end
            )
            translated = "\n\n".join(translated_text[a:b] for a, b in spans)
        plan.passages.append(
            Passage(
                excerpt, entry, tag_list[0].color if tag_list else HIGHLIGHT,
                tuple(t.name for t in tag_list),
                paragraphs[0].label if paragraphs and entry.typeset else "",
                tuple(boxes), translated, tuple(spans),
            )
        )  # fmt: skip


def _page_map_boxes(
    page_map: BoxSource, start: int, end: int, entry: Entry
) -> list[tuple[int, Box]]:
    """Page-map boxes are in the page's displayed, top-left coordinates already."""
    return [(page, box) for page, box in page_map.rects(start, end) if page < entry.pages]
