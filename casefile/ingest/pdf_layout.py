"""From a PDF's lines of characters to readable text and its page map (pure).

The PDF reader gives each page as lines: the characters of each line and a
box per character. Here the lines of a paragraph are joined, so that a
quotation that crosses a line is found; paragraphs and pages stay apart
(a blank line). The stored text is the page's characters verbatim apart from
line breaks:

- a line break inside a paragraph becomes one space, or nothing between two
  Chinese/Japanese characters (which have no spaces between words); a line
  that already ends with a space gets no second one;
- a soft hyphen (U+00AD) at a line end is dropped and the word joined;
- a hard hyphen at a line end between letters joins the word; the hyphen is
  dropped only when the document itself spells the word without it ("docu-" +
  "ment" where "document" occurs elsewhere and "docu-ment" does not), so a
  real hyphenated word ("well-known") is never changed.

Every character taken from the page keeps its box (``domain.pagemap``);
inserted spaces and breaks have none.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from casefile.domain.pagemap import Box, LineRun, PageInfo, PageMap
from casefile.domain.text import Block, BlockKind

SOFT_HYPHEN = "\u00ad"
_HARD_HYPHENS = "-\u2010"
_WORD = re.compile(r"\w+(?:[-\u2010]\w+)*")
_TRAILING_WORD = re.compile(r"(\w+)[-\u2010\u00ad]$")
_LEADING_WORD = re.compile(r"^(\w+)")
_OPEN_ENDS = ("-", "\u2010", SOFT_HYPHEN, ",")  # a line ending so goes on
_SENTENCE_END = tuple(".!?:;\"'”’»)")
_BULLET = re.compile(r"^([•▪◦‣·\-–—*※]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")


@dataclass(frozen=True, slots=True)
class RawLine:
    """One line as the reader found it: code points and one box per code point.

    ``boxes`` are display boxes (top-left origin, after /Rotate: what the page
    map stores). ``reading`` is the line's box in the direction the text runs
    (the PDF's own space, y downwards), which the paragraph logic uses; without
    it the display boxes serve. ``vertical``: the page is turned by 90° or 270°,
    so a line runs down the displayed page.
    """

    text: str
    boxes: tuple[Box, ...]
    reading: Box | None = None
    vertical: bool = False

    def _frame(self) -> Box:
        if self.reading is not None:
            return self.reading
        tall = [b for b in self.boxes if b[3] > b[1]] or list(self.boxes)
        return (
            min(b[0] for b in self.boxes),
            min(b[1] for b in tall),
            max(b[2] for b in self.boxes),
            max(b[3] for b in self.boxes),
        )

    @property
    def top(self) -> float:
        return self._frame()[1]

    @property
    def bottom(self) -> float:
        return self._frame()[3]

    @property
    def left(self) -> float:
        return self._frame()[0]

    @property
    def right(self) -> float:
        return self._frame()[2]


@dataclass(frozen=True, slots=True)
class RawPage:
    width: float
    height: float
    label: str
    lines: tuple[RawLine, ...]


@dataclass
class _Piece:
    """A line after trimming: ``text[i]`` has box ``boxes[i]``."""

    text: str
    boxes: list[Box]
    page: int
    vertical: bool


@dataclass
class _Output:
    parts: list[str] = field(default_factory=list)
    length: int = 0
    runs: list[LineRun] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    paragraphs: int = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def add_piece(self, piece: _Piece) -> None:
        if not piece.text:
            return
        if piece.vertical:  # a line down a turned page: a run per character
            for i, box in enumerate(piece.boxes):
                self.runs.append(
                    LineRun(self.length + i, piece.page, box[1], box[3], (box[0],), (box[2],))
                )
        else:
            tall = [b for b in piece.boxes if b[3] > b[1]] or piece.boxes
            self.runs.append(
                LineRun(
                    self.length, piece.page, min(b[1] for b in tall),
                    max(b[3] for b in piece.boxes),
                    tuple(b[0] for b in piece.boxes), tuple(b[2] for b in piece.boxes),
                )
            )  # fmt: skip
        self.add(piece.text)


def _is_cjk_unspaced(char: str) -> bool:
    """Chinese and Japanese write words without spaces (Korean uses spaces)."""
    if not char:
        return False
    name = unicodedata.name(char, "")
    return name.startswith(("CJK UNIFIED", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA"))


class Vocabulary:
    """The words a document spells on one line, to judge line-end hyphens by."""

    def __init__(self, lines: Iterable[str]) -> None:
        """From the text of every line (a line's end is left out: it may be a hyphen)."""
        self.words: set[str] = set()
        for line in lines:
            text = line.rstrip(" " + _HARD_HYPHENS + SOFT_HYPHEN)
            for match in _WORD.finditer(text):
                word = match.group().casefold()
                self.words.add(word)
                self.words.update(re.split(r"[-\u2010]", word))

    def drop_hyphen(self, before: str, after: str) -> bool:
        """Is ``before`` + ``after`` a word of the document, and the hyphenated form not?"""
        joined = (before + after).casefold()
        hyphenated = f"{before}-{after}".casefold()
        return joined in self.words and hyphenated not in self.words


def _joint(a: str, b: str, vocabulary: Vocabulary) -> tuple[int, str]:
    """How line ``a`` joins line ``b`` in a paragraph: (characters of ``a`` to drop, inserted)."""
    if not a or not b:
        return 0, ""
    last = a[-1]
    if last == SOFT_HYPHEN:
        return 1, ""
    if last in _HARD_HYPHENS and len(a) > 1 and a[-2].isalpha() and b[0].isalpha():
        before = _TRAILING_WORD.search(a)
        after = _LEADING_WORD.match(b)
        if before and after and b[0].islower() and vocabulary.drop_hyphen(before[1], after[1]):
            return 1, ""
        return 0, ""
    if last.isspace() or b[0].isspace():
        return 0, ""
    if _is_cjk_unspaced(last) and _is_cjk_unspaced(b[0]):
        return 0, ""
    return 0, " "


def _pitch(lines: list[RawLine]) -> float:
    """The usual distance between baselines of consecutive lines on a page."""
    steps = [
        b.bottom - a.bottom
        for a, b in itertools.pairwise(lines)
        if 0 < b.bottom - a.bottom < 4 * max(a.bottom - a.top, 1.0)
    ]
    if steps:
        return statistics.median(steps)
    heights = [line.bottom - line.top for line in lines]
    return 1.3 * (statistics.median(heights) if heights else 10.0)


def _breaks(a: RawLine, b: RawLine, pitch: float, width: float) -> bool:
    """Does a paragraph end between line ``a`` and the next line ``b``?

    ``width`` is how far right the paragraph's lines reach so far.
    """
    step = b.bottom - a.bottom
    if step <= 0.3 * pitch:  # not below: another column, a table cell, text out of order
        return True
    if step > 1.45 * pitch:  # a blank line's worth of space
        return True
    if b.left > a.right or b.right < a.left:  # no horizontal overlap: another column
        return True
    em = max(a.bottom - a.top, 4.0)
    ends_sentence = a.text.rstrip().endswith(_SENTENCE_END)
    reach = max(width, b.right)
    open_end = a.text.rstrip().endswith(_OPEN_ENDS)
    short = a.right < reach - 4 * em and not open_end
    # a short line ends a paragraph: after a full stop, or when far shorter than the rest
    if short and (ends_sentence or a.right - a.left < 0.6 * (reach - min(a.left, b.left))):
        return True
    if b.left > a.left + 1.2 * em and ends_sentence:  # the first line of a paragraph is indented
        return True
    bullet = _BULLET.match(b.text.lstrip())
    if bullet is None:
        return False
    return ends_sentence or not bullet.group(1)[0].isalnum()


def _trimmed(line: RawLine, page: int, drop_end: int) -> _Piece:
    text, boxes = line.text, list(line.boxes)
    if drop_end:
        text, boxes = text[:-drop_end], boxes[:-drop_end]
    return _Piece(text, boxes, page, line.vertical)


def _paragraphs(lines: list[RawLine]) -> list[list[RawLine]]:
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return []
    pitch = _pitch(lines)
    paragraphs: list[list[RawLine]] = [[lines[0]]]
    width = lines[0].right
    for a, b in itertools.pairwise(lines):
        if _breaks(a, b, pitch, width):
            paragraphs.append([b])
            width = b.right
        else:
            paragraphs[-1].append(b)
            width = max(width, b.right)
    return paragraphs


def _strip(pieces: list[_Piece]) -> None:
    """Leading spaces of a paragraph's first line, trailing ones of its last."""
    first, last = pieces[0], pieces[-1]
    lead = len(first.text) - len(first.text.lstrip())
    first.text, first.boxes = first.text[lead:], first.boxes[lead:]
    keep = len(last.text.rstrip())
    last.text, last.boxes = last.text[:keep], last.boxes[:keep]


def layout(
    pages: Iterable[RawPage], vocabulary: Vocabulary | None = None
) -> tuple[str, list[Block], PageMap]:
    """Text, blocks (pages and numbered paragraphs) and page map of a PDF's lines.

    Given the document's ``vocabulary``, ``pages`` may be a generator: each page's
    lines are then dropped as soon as they are laid out (memory for one page only).
    """
    if vocabulary is None:
        pages = list(pages)
        vocabulary = Vocabulary(line.text for page in pages for line in page.lines)
    out = _Output()
    infos: list[PageInfo] = []
    for index, page in enumerate(pages):
        infos.append(PageInfo(page.width, page.height, page.label))
        page_start: int | None = None
        for lines in _paragraphs(list(page.lines)):
            pieces: list[_Piece] = []
            inserted: list[str] = []
            for i, line in enumerate(lines):
                drop, insert = 0, ""
                if i + 1 < len(lines):
                    drop, insert = _joint(line.text, lines[i + 1].text, vocabulary)
                pieces.append(_trimmed(line, index, drop))
                inserted.append(insert)
            _strip(pieces)
            if not any(piece.text for piece in pieces):
                continue
            if out.length:
                out.add("\n\n")
            start = out.length
            page_start = start if page_start is None else page_start
            for piece, insert in zip(pieces, inserted, strict=True):
                out.add_piece(piece)
                if insert:
                    out.add(insert)
            out.paragraphs += 1
            out.blocks.append(Block(BlockKind.PARAGRAPH, start, out.length, str(out.paragraphs)))
        if page_start is not None:
            out.blocks.append(Block(BlockKind.PAGE, page_start, out.length, page.label))
    return "".join(out.parts), out.blocks, PageMap(infos, out.runs)


def _fill_gaps(xs0: list[float], ys0: list[float], xs1: list[float], ys1: list[float]) -> None:
    """Give a character without a box (a space PDFium inferred) the gap beside it."""
    empty = [i for i in range(len(xs0)) if xs1[i] <= xs0[i] or ys1[i] <= ys0[i]]
    if not empty:
        return
    tall = [i for i in range(len(xs0)) if ys1[i] > ys0[i]]
    if not tall:
        return
    low, high = min(ys0[i] for i in tall), max(ys1[i] for i in tall)
    last = len(xs0) - 1
    for i in empty:
        if xs1[i] > xs0[i] and ys1[i] > ys0[i]:
            continue
        before = xs1[i - 1] if i else xs0[i]
        after = xs0[i + 1] if i < last else before
        xs0[i], xs1[i] = (before, after) if after >= before else (before, before)
        if ys1[i] <= ys0[i]:
            ys0[i], ys1[i] = low, high


def _line_ends(text: str, boxes: Sequence[float], generated: bytes) -> list[tuple[int, int]]:
    """(start, end) of each line: at a reported line break, or where the next visible
    character sits on another baseline; spaces the reader inferred there are dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    last_bottom = last_top = 0.0
    have_last = False
    made = len(generated)

    def close(end: int) -> None:
        while end > start and text[end - 1].isspace() and end - 1 < made and generated[end - 1]:
            end -= 1
        if end > start and text[start:end].strip():
            spans.append((start, end))

    for i, char in enumerate(text):
        if char == "\n" or char == "\r":
            close(i)
            start, have_last = i + 1, False
            continue
        bottom, top = boxes[4 * i + 1], boxes[4 * i + 3]
        if top <= bottom or char.isspace():
            continue
        if have_last:
            height = max(last_top - last_bottom, top - bottom, 1.0)
            if abs(bottom - last_bottom) > 0.5 * height and abs(top - last_top) > 0.5 * height:
                close(i)
                start = i
        last_bottom, last_top, have_last = bottom, top, True
    close(len(text))
    return spans


def page_from_chars(
    size: tuple[float, float],
    label: str,
    matrix: Sequence[float],
    text: str,
    boxes: Sequence[float],
    generated: bytes,
) -> RawPage:
    """Lines of one page from the reader's characters.

    ``boxes`` holds (left, bottom, right, top) per character in PDF space
    (y upwards); ``matrix`` (ox, oy, ax, ay, bx, by) maps PDF space to the
    display. A line ends at a line break the reader reports, or where the
    next visible character sits on another baseline (spaces the reader
    inferred at that point are the line break, so they are dropped).
    """
    ox, oy, ax, ay, bx, by = matrix
    vertical = abs(ax) < abs(ay)
    lines: list[RawLine] = []
    for start, end in _line_ends(text, boxes, generated):
        lefts = list(boxes[4 * start : 4 * end : 4])
        bottoms = list(boxes[4 * start + 1 : 4 * end : 4])
        rights = list(boxes[4 * start + 2 : 4 * end : 4])
        tops = list(boxes[4 * start + 3 : 4 * end : 4])
        _fill_gaps(lefts, bottoms, rights, tops)
        chars = text[start:end]
        seen = [i for i, ch in enumerate(chars) if not ch.isspace()]
        reading = (
            min(lefts[i] for i in seen), -max(tops[i] for i in seen),
            max(rights[i] for i in seen), -min(bottoms[i] for i in seen),
        )  # fmt: skip
        # the display box of each character: the transformed corners' extent
        x_a = [ox + ax * x for x in lefts]
        x_b = [ox + ax * x for x in rights]
        y_a = [oy + by * y for y in bottoms]
        y_b = [oy + by * y for y in tops]
        if bx or ay:  # a page turned by 90° or 270° (or skewed): x and y mix
            x_a = [v + bx * y for v, y in zip(x_a, bottoms, strict=True)]
            x_b = [v + bx * y for v, y in zip(x_b, tops, strict=True)]
            y_a = [v + ay * x for v, x in zip(y_a, lefts, strict=True)]
            y_b = [v + ay * x for v, x in zip(y_b, rights, strict=True)]
        display = tuple(
            zip(map(min, x_a, x_b), map(min, y_a, y_b), map(max, x_a, x_b), map(max, y_a, y_b),
                strict=True)
        )  # fmt: skip
        lines.append(RawLine(chars, display, reading, vertical))
    return RawPage(size[0], size[1], label, tuple(lines))
