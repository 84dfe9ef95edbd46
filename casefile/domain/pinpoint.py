"""Pinpoints for citations: "p. 7", "pp. 7–8", "para. 12", "paras. 3–4", "n. 2"."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable

from casefile.domain.text import Block, BlockKind


def _range(prefix_one: str, prefix_many: str, labels: list[str]) -> str:
    labels = [label for label in labels if label]
    if not labels:
        return ""
    if len(labels) == 1 or labels[0] == labels[-1]:
        return f"{prefix_one} {labels[0]}"
    return f"{prefix_many} {labels[0]}–{labels[-1]}"


class BlockIndex:
    """Blocks of one source, indexed for fast overlap look-ups (blocks of one
    kind do not overlap each other, so their ends are sorted like their starts)."""

    def __init__(self, blocks: Iterable[Block]) -> None:
        self._by_kind: dict[BlockKind, tuple[list[int], list[Block]]] = {}
        grouped: dict[BlockKind, list[Block]] = {}
        for block in blocks:
            grouped.setdefault(block.kind, []).append(block)
        for kind, items in grouped.items():
            if any(a.start > b.start for a, b in itertools.pairwise(items)):
                items.sort(key=lambda b: (b.start, b.end))
            self._by_kind[kind] = ([b.end for b in items], items)

    def overlapping(self, kind: BlockKind, start: int, end: int) -> list[Block]:
        ends, items = self._by_kind.get(kind, ([], []))
        end = max(end, start + 1)
        found: list[Block] = []
        for block in items[bisect_left(ends, start + 1) :]:
            if block.start >= end:
                break
            if block.end > start:
                found.append(block)
        return found

    def pinpoint(self, start: int, end: int) -> str:
        """Pages first; then the note the span sits in; paragraphs when there are no pages."""
        parts: list[str] = []
        pages = self.overlapping(BlockKind.PAGE, start, end)
        if pages:
            parts.append(_range("p.", "pp.", [b.label for b in pages]))
        for kind in (BlockKind.FOOTNOTE, BlockKind.ENDNOTE):
            notes = self.overlapping(kind, start, end)
            if notes:
                parts.append(_range("n.", "nn.", [b.label for b in notes]))
                break
        if not parts:
            paragraphs = self.overlapping(BlockKind.PARAGRAPH, start, end)
            parts.append(_range("para.", "paras.", [b.label for b in paragraphs]))
        return ", ".join(p for p in parts if p)


def pinpoint(blocks: Iterable[Block], start: int, end: int) -> str:
    """The pinpoint of the span ``start:end`` of a source with these blocks."""
    return BlockIndex(blocks).pinpoint(start, end)
