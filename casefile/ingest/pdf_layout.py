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
from collections.abc import Sequence
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

    def __init__(self, pages: list[RawPage]) -> None:
        self.words: set[str] = set()
        for page in pages:
            for line in page.lines:
                text = line.text.rstrip(" " + _HARD_HYPHENS + SOFT_HYPHEN)
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


def layout(pages: list[RawPage]) -> tuple[str, list[Block], PageMap]:
    """Text, blocks (pages and numbered paragraphs) and page map of a PDF's lines."""
    vocabulary = Vocabulary(pages)
    out = _Output()
    for index, page in enumerate(pages):
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
    infos = [PageInfo(page.width, page.height, page.label) for page in pages]
    return "".join(out.parts), out.blocks, PageMap(infos, out.runs)


def _fill_gaps(boxes: list[list[float]]) -> None:
    """Give a character without a box (a space PDFium inferred) the gap beside it."""
    tall = [b for b in boxes if b[3] > b[1]]
    if not tall:
        return
    low, high = min(b[1] for b in tall), max(b[3] for b in tall)
    for i, box in enumerate(boxes):
        if box[2] > box[0] and box[3] > box[1]:
            continue
        before = boxes[i - 1][2] if i else box[0]
        after = boxes[i + 1][0] if i + 1 < len(boxes) else before
        box[0], box[2] = (before, after) if after >= before else (before, before)
        if box[3] <= box[1]:
            box[1], box[3] = low, high


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
    chars: list[str] = []
    pdf_boxes: list[list[float]] = []
    made: list[bool] = []
    last: list[float] | None = None

    def flush() -> None:
        nonlocal last
        while chars and made[-1] and chars[-1].isspace():
            del chars[-1], pdf_boxes[-1], made[-1]
        if chars and "".join(chars).strip():
            _fill_gaps(pdf_boxes)
            display: list[Box] = []
            for left, bottom, right, top in pdf_boxes:
                xs = [ox + ax * x + bx * y for x in (left, right) for y in (bottom, top)]
                ys = [oy + ay * x + by * y for x in (left, right) for y in (bottom, top)]
                display.append((min(xs), min(ys), max(xs), max(ys)))
            seen = [b for b, ch in zip(pdf_boxes, chars, strict=True) if not ch.isspace()]
            reading = (
                min(b[0] for b in seen), -max(b[3] for b in seen),
                max(b[2] for b in seen), -min(b[1] for b in seen),
            )  # fmt: skip
            lines.append(RawLine("".join(chars), tuple(display), reading, vertical))
        del chars[:], pdf_boxes[:], made[:]
        last = None

    for i, char in enumerate(text):
        if char in "\r\n":
            flush()
            continue
        box = [boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]]
        visible = not char.isspace() and box[3] > box[1]
        if visible and last is not None:
            height = max(last[3] - last[1], box[3] - box[1], 1.0)
            if abs(box[1] - last[1]) > 0.5 * height and abs(box[3] - last[3]) > 0.5 * height:
                flush()
        chars.append(char)
        pdf_boxes.append(box)
        made.append(bool(generated[i]) if i < len(generated) else False)
        if visible:
            last = box
    flush()
    return RawPage(size[0], size[1], label, tuple(lines))
