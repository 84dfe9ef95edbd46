"""From Tesseract's TSV to stored text, page blocks and a page map.

Tesseract's TSV gives one row per word with its box in pixels and its place in
the page's layout (block, paragraph, line). Here those become:

- text: words of a line joined by single spaces, lines of a paragraph by a line
  break, paragraphs and pages by a blank line (as the PDF importer does);
- a ``page`` block per page, labelled with the page's label;
- a :class:`PageMap` line run per OCR line: the characters of a word share its
  box split evenly, and the space between two words spans the gap between them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from casefile.domain.pagemap import LineRun, PageInfo, PageMap, split_evenly
from casefile.domain.text import Block, BlockKind

Box = tuple[float, float, float, float]
CJK_SPACE = 0.3  # a gap wider than this share of the line's height between syllables is a space
CJK_SPACE_RANGE = (0.15, 0.6)
MIN_CONFIDENCE = 30.0  # below this, a word made only of symbols is speckle, not text


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    box: Box  # points, origin top-left


@dataclass(frozen=True, slots=True)
class OcrPage:
    """One recognised page: size in points, label, paragraphs of lines of words."""

    width: float
    height: float
    label: str
    paragraphs: tuple[tuple[tuple[Word, ...], ...], ...]


def _is_speckle(text: str, confidence: float) -> bool:
    return confidence < MIN_CONFIDENCE and not any(c.isalnum() for c in text)


def parse_tsv(
    tsv: str, width: float, height: float, label: str, points_per_pixel: float
) -> OcrPage:
    """Tesseract's ``tsv`` output for one page image -> an :class:`OcrPage`."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    order: list[tuple[int, int, int]] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        try:
            left, top, w, h = (int(cells[i]) for i in (6, 7, 8, 9))
            confidence = float(cells[10])
        except ValueError:
            continue
        if not text or _is_speckle(text, confidence):
            continue
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        if key not in lines:
            lines[key] = []
            order.append(key)
        s = points_per_pixel
        lines[key].append(Word(text, (left * s, top * s, (left + w) * s, (top + h) * s)))
    paragraphs: list[list[tuple[Word, ...]]] = []
    last: tuple[int, int] | None = None
    for key in order:
        if key[:2] != last:
            paragraphs.append([])
            last = key[:2]
        paragraphs[-1].append(tuple(lines[key]))
    return OcrPage(width, height, label, tuple(tuple(p) for p in paragraphs))


def _is_cjk(character: str) -> bool:
    code = ord(character)
    return (
        0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0x1100 <= code <= 0x11FF  # Hangul jamo
        or 0x3130 <= code <= 0x318F  # Hangul compatibility jamo
        or 0x3040 <= code <= 0x30FF  # kana
        or 0x4E00 <= code <= 0x9FFF  # CJK ideographs
    )


def _cjk_pair(before: Word, after: Word) -> bool:
    return _is_cjk(before.text[-1]) and _is_cjk(after.text[0])


def _space_threshold(words: tuple[Word, ...]) -> float:
    """The gap above which two CJK syllables of this line belong to different words.

    Tesseract gives Korean (and Chinese, Japanese) text as syllables rather than
    words: syllables of one word sit close, words a space apart. The line's gaps
    fall in those two groups; the split that separates them best (Otsu's method)
    is the threshold, kept within sane bounds of the line's height.
    """
    heights = sorted(w.box[3] - w.box[1] for w in words)
    height = heights[len(heights) // 2]
    gaps = sorted(
        max(b.box[0] - a.box[2], 0.0) for a, b in itertools.pairwise(words) if _cjk_pair(a, b)
    )
    low, high = CJK_SPACE_RANGE[0] * height, CJK_SPACE_RANGE[1] * height
    if len(gaps) < 4:
        return CJK_SPACE * height
    best, threshold = -1.0, CJK_SPACE * height
    for i in range(1, len(gaps)):
        small, large = gaps[:i], gaps[i:]
        mean_small, mean_large = sum(small) / len(small), sum(large) / len(large)
        score = len(small) * len(large) * (mean_large - mean_small) ** 2
        if score > best:
            best, threshold = score, (gaps[i - 1] + gaps[i]) / 2
    return min(max(threshold, low), high)


def _line_run(start: int, page: int, words: tuple[Word, ...]) -> tuple[str, LineRun]:
    parts: list[str] = []
    lefts: list[float] = []
    rights: list[float] = []
    threshold = _space_threshold(words)
    for i, word in enumerate(words):
        before = words[i - 1]
        if i and (not _cjk_pair(before, word) or word.box[0] - before.box[2] > threshold):
            gap_left = words[i - 1].box[2]
            parts.append(" ")
            lefts.append(gap_left)
            rights.append(max(gap_left, word.box[0]))
        parts.append(word.text)
        word_lefts, word_rights = split_evenly(word.box[0], word.box[2], len(word.text))
        lefts.extend(word_lefts)
        rights.extend(word_rights)
    top = min(w.box[1] for w in words)
    bottom = max(w.box[3] for w in words)
    text = "".join(parts)
    return text, LineRun(start, page, top, bottom, tuple(lefts), tuple(rights))


def assemble(pages: list[OcrPage]) -> tuple[str, list[Block], PageMap]:
    """Text, page blocks and the page map of recognised pages."""
    parts: list[str] = []
    length = 0
    blocks: list[Block] = []
    runs: list[LineRun] = []
    infos = [PageInfo(p.width, p.height, p.label) for p in pages]

    def append(piece: str) -> None:
        nonlocal length
        parts.append(piece)
        length += len(piece)

    for index, page in enumerate(pages):
        page_start: int | None = None
        for paragraph in page.paragraphs:
            for line_number, words in enumerate(paragraph):
                if not words:
                    continue
                if length:
                    append("\n" if line_number else "\n\n")
                if page_start is None:
                    page_start = length
                text, run = _line_run(length, index, words)
                runs.append(run)
                append(text)
        if page_start is not None:
            blocks.append(Block(BlockKind.PAGE, page_start, length, page.label))
    return "".join(parts), blocks, PageMap(infos, runs)
