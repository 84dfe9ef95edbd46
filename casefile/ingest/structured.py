"""Building text and blocks together, so that every block's offsets are right by construction."""

from __future__ import annotations

import re

from casefile.domain.text import Block, BlockKind

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


_WHITE_SPACE = (" ", "\n", "\t", "\r", "\f", "\v", "\u00a0")


def visible_length(text: str) -> int:
    """Characters other than white space: what two extractions of one text must agree on."""
    return len(text) - sum(map(text.count, _WHITE_SPACE))


def clean_inline(text: str) -> str:
    """Collapse runs of spaces (as a browser or word processor shows them)."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


class TextBuilder:
    """Appends blocks of text separated by blank lines and numbers the paragraphs."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self._paragraphs = 0
        self.visible = 0  # characters other than white space, for completeness checks

    @property
    def length(self) -> int:
        return self._length

    def add(self, text: str, kind: BlockKind = BlockKind.PARAGRAPH, label: str = "") -> None:
        """Add one block. Paragraph-like blocks also get a paragraph number."""
        text = text.strip()
        if not text:
            return
        if self._parts:
            self._append("\n\n")
        start = self._length
        self._append(text)
        if kind in (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TABLE_CELL):
            self._paragraphs += 1
            self.blocks.append(
                Block(BlockKind.PARAGRAPH, start, self._length, str(self._paragraphs))
            )
        if kind != BlockKind.PARAGRAPH:
            self.blocks.append(Block(kind, start, self._length, label))

    def mark(self, kind: BlockKind, start: int, label: str = "") -> None:
        """Record a block that spans from ``start`` to the current end (e.g. a page)."""
        if self._length > start:
            self.blocks.append(Block(kind, start, self._length, label))

    def separate(self) -> None:
        """Make sure the next block starts after a blank line (used between pages)."""

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)
        self.visible += visible_length(text)

    @property
    def text(self) -> str:
        return "".join(self._parts)
