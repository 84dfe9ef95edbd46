"""Text-born sources (TXT, HTML, DOCX, e-mail) and translations, typeset for the bundle.

The citation data comes first; then the text, chunk by chunk, with the number
of each numbered paragraph (the source's own paragraph blocks, so the numbers
are the ones pinpoints cite) in the left margin. Text between numbered
paragraphs (headings, e-mail headers) is printed without a number. Every
printed character's box is recorded, keyed by its offset in the stored text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from casefile.domain.text import Block, BlockKind
from casefile.export.bundle.charboxes import CharBoxes, Run
from casefile.export.bundle.typesetter import BODY, SMALL, Style, Typesetter

TITLE = Style(size=14.0, bold=True, leading=1.3)
TAB = Style(size=10.0, bold=True, grey=70)
HEADING = Style(size=11.0, bold=True)


@dataclass(frozen=True)
class Heading:
    """What prints above the text: tab line, title, citation lines."""

    tab: str
    title: str
    lines: tuple[str, ...] = ()


def _chunks(text: str, blocks: Sequence[Block]) -> list[tuple[int, int, str]]:
    """(start, end, paragraph number or "") covering the text, in order."""
    numbered = sorted(
        (b for b in blocks if b.kind == BlockKind.PARAGRAPH and b.end > b.start),
        key=lambda b: b.start,
    )
    chunks: list[tuple[int, int, str]] = []
    position = 0
    for block in numbered:
        if block.start < position:
            continue
        if text[position : block.start].strip():
            chunks.append((position, block.start, ""))
        chunks.append((block.start, block.end, block.label))
        position = block.end
    if text[position:].strip():
        chunks.append((position, len(text), ""))
    return chunks


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def typeset_text(
    ts: Typesetter, heading: Heading, text: str, blocks: Sequence[Block], headings: bool = True
) -> CharBoxes:
    """Typeset one document into ``ts`` from a new page on; returns its character boxes
    (page numbers counted from its own first page)."""
    first = ts.page + 1
    ts.new_page()
    ts.line(heading.tab, TAB)
    ts.paragraph(heading.title, TITLE)
    for line in heading.lines:
        ts.paragraph(line, SMALL)
    ts.space(4)
    ts.rule()
    ts.space(4)
    heading_spans = {(b.start, b.end) for b in blocks if headings and b.kind == BlockKind.HEADING}
    runs: list[Run] = []
    for start, end, label in _chunks(text, blocks):
        start, end = _trimmed(text, start, end)
        if start >= end:
            continue
        style = HEADING if (start, end) in heading_spans else BODY
        ts.paragraph(text[start:end], style, offset=start, runs=runs, label=label)
        ts.space(5)
    return CharBoxes(runs).shifted(-first)
