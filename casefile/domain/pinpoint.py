"""Pinpoints for citations: "p. 7", "pp. 7–8", "para. 12", "paras. 3–4", "n. 2"."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable

from casefile.domain.text import Block, BlockKind


class _LazyBlocks(list[Block]):
    """Blocks made from columns on first access (a pinpoint mostly needs two labels)."""

    def __init__(self, kind: BlockKind, starts: list[int], ends: list[int], labels: list[str]):
        super().__init__()
        self._columns = (kind, starts, ends, labels)

    def __len__(self) -> int:
        return len(self._columns[1])

    def label_at(self, index: int) -> str:
        return self._columns[3][index]

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        kind, starts, ends, labels = self._columns
        if isinstance(index, slice):
            return [Block(kind, a, b, c) for a, b, c in
                    zip(starts[index], ends[index], labels[index], strict=True)]  # fmt: skip
        return Block(kind, starts[index], ends[index], labels[index])


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
        self._starts: dict[BlockKind, list[int]] = {}
        grouped: dict[BlockKind, list[Block]] = {}
        for block in blocks:
            grouped.setdefault(block.kind, []).append(block)
        for kind, items in grouped.items():
            if any(a.start > b.start for a, b in itertools.pairwise(items)):
                items.sort(key=lambda b: (b.start, b.end))
            self._by_kind[kind] = ([b.end for b in items], items)
            self._starts[kind] = [b.start for b in items]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, int, str]]) -> BlockIndex:
        """From (kind, start, end, label) rows sorted by start: no Block per row until needed."""
        index = cls(())
        columns: dict[str, tuple[list[int], list[int], list[str]]] = {}
        for kind, start, end, label in rows:
            found = columns.get(kind)
            if found is None:
                found = columns[kind] = ([], [], [])
            found[0].append(start)
            found[1].append(end)
            found[2].append(label)
        for kind, (starts, ends, labels) in columns.items():
            block_kind = BlockKind(kind)
            index._starts[block_kind] = starts
            index._by_kind[block_kind] = (ends, _LazyBlocks(block_kind, starts, ends, labels))
        return index

    def overlapping(self, kind: BlockKind, start: int, end: int) -> list[Block]:
        entry = self._by_kind.get(kind)
        if entry is None:
            return []
        ends, items = entry
        end = max(end, start + 1)
        found: list[Block] = []
        # walk from the first candidate (no copy of the rest of the list)
        for index in range(bisect_left(ends, start + 1), len(items)):
            block = items[index]
            if block.start >= end:
                break
            if block.end > start:
                found.append(block)
        return found

    def _labels(self, kind: BlockKind, start: int, end: int) -> list[str]:
        """The labels of the first and last block of ``kind`` overlapping the span
        (blocks of one kind are disjoint and sorted: two binary searches)."""
        entry = self._by_kind.get(kind)
        if entry is None:
            return []
        ends, items = entry
        end = max(end, start + 1)
        first = bisect_left(ends, start + 1)
        last = bisect_left(self._starts[kind], end) - 1
        if first > last:
            return []
        if isinstance(items, _LazyBlocks):
            labels = [items.label_at(first), items.label_at(last)]
        else:
            labels = [items[first].label, items[last].label]
        if not labels[0] or not labels[1]:  # unlabelled blocks: the careful way
            return [b.label for b in self.overlapping(kind, start, end)]
        return labels

    def pinpoint(self, start: int, end: int) -> str:
        """Pages first; then the note the span sits in; paragraphs when there are no pages."""
        parts: list[str] = []
        pages = self._labels(BlockKind.PAGE, start, end)
        if pages:
            parts.append(_range("p.", "pp.", pages))
        for kind in (BlockKind.FOOTNOTE, BlockKind.ENDNOTE):
            notes = self._labels(kind, start, end)
            if notes:
                parts.append(_range("n.", "nn.", notes))
                break
        if not parts:
            paragraphs = self._labels(BlockKind.PARAGRAPH, start, end)
            parts.append(_range("para.", "paras.", paragraphs))
        return ", ".join(p for p in parts if p)


def pinpoint(blocks: Iterable[Block], start: int, end: int) -> str:
    """The pinpoint of the span ``start:end`` of a source with these blocks."""
    return BlockIndex(blocks).pinpoint(start, end)
