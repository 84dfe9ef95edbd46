"""Where each character of a source's stored text sits on its page.

A PDF importer (or OCR) records, for every line of every page, the code-point
offset of the line's first character in the stored text and the left and right
edge of each of its characters. From that the page view, mouse selection, the
bundle's highlights and pinpoints find any span of the text on its pages.

Coordinates are PDF points with the origin at the TOP-LEFT of the page after
``/Rotate`` is applied (y grows downwards, as renderers and Qt draw).
Offsets are Unicode code points, like every offset in Casefile.

Characters that the importer inserted (a space replacing a joined line break,
paragraph and page breaks) belong to no run: they have no place on a page.
"""

from __future__ import annotations

import itertools
import json
import struct
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]  # x0, y0, x1, y1; origin top-left, y downwards

_MAGIC = b"CFPM"
_VERSION = 1
_HEADER = struct.Struct("<4sBIII")  # magic, version, pages, runs, characters
_MAX_DECOMPRESSED = 1 << 30  # a stored map is never near this; refuse a zlib bomb


@dataclass(frozen=True, slots=True)
class PageInfo:
    """One page: its size in points (after /Rotate) and the label a citation prints."""

    width: float
    height: float
    label: str  # the PDF's own page label ("vii", "7") or str(index + 1)


@dataclass(frozen=True, slots=True)
class LineRun:
    """One line of a page (or one OCR line).

    The run covers stored text ``[start, start + len(lefts))``; ``lefts[i]`` and
    ``rights[i]`` are the horizontal edges of code point ``start + i``.
    """

    start: int
    page: int  # 0-based page index
    top: float
    bottom: float
    lefts: tuple[float, ...]
    rights: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.lefts) != len(self.rights):
            raise ValueError("a line run needs one left and one right edge per character")
        if self.start < 0 or self.page < 0:
            raise ValueError("a line run starts at a non-negative offset on a page >= 0")

    @property
    def end(self) -> int:
        """The offset just after the run's last character."""
        return self.start + len(self.lefts)

    def box(self, start: int, end: int) -> Box:
        """The box of the run's characters in ``[start, end)`` (clipped to the run)."""
        first, last = max(start, self.start) - self.start, min(end, self.end) - self.start
        return (
            min(self.lefts[first:last]),
            self.top,
            max(self.rights[first:last]),
            self.bottom,
        )


def split_evenly(x0: float, x1: float, count: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Left and right edges of ``count`` characters sharing one box (OCR words)."""
    if count <= 0:
        return (), ()
    step = (x1 - x0) / count
    lefts = tuple(x0 + step * i for i in range(count))
    rights = tuple(x0 + step * (i + 1) for i in range(count))
    return lefts, rights


class _Reader:
    """Little-endian arrays, one after another, from a byte string."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.position = 0

    def _take(self, part: array[Any], count: int) -> None:
        size = count * part.itemsize
        if self.position + size > len(self.body):
            raise ValueError("a truncated page map")
        part.frombytes(self.body[self.position : self.position + size])
        if sys.byteorder == "big":  # pragma: no cover
            part.byteswap()
        self.position += size

    def ints(self, count: int) -> array[int]:
        part = array("i")
        self._take(part, count)
        return part

    def floats(self, count: int) -> array[float]:
        part = array("f")
        self._take(part, count)
        return part


class PageMap:
    """Pages and line runs of one source; ``runs`` sorted by ``start``, never overlapping."""

    __slots__ = ("_by_page", "_starts", "pages", "runs")

    def __init__(self, pages: Sequence[PageInfo], runs: Iterable[LineRun]) -> None:
        self.pages: tuple[PageInfo, ...] = tuple(pages)
        ordered = sorted(runs, key=lambda run: run.start)
        for before, after in itertools.pairwise(ordered):
            if after.start < before.end:
                raise ValueError(f"line runs overlap at offset {after.start}")
        for run in ordered:
            if run.page >= len(self.pages):
                raise ValueError(f"a line run is on page {run.page}, which the map lacks")
        self.runs: tuple[LineRun, ...] = tuple(ordered)
        self._starts = [run.start for run in self.runs]
        self._by_page: dict[int, list[LineRun]] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PageMap):
            return NotImplemented
        return self.pages == other.pages and self.runs == other.runs

    def __hash__(self) -> int:
        return hash((self.pages, self.runs))

    def __repr__(self) -> str:
        return f"PageMap({len(self.pages)} pages, {len(self.runs)} runs)"

    # -- from text to page ------------------------------------------------------
    def _run_index_at_or_before(self, offset: int) -> int:
        """Index of the last run starting at or before ``offset`` (-1 if none)."""
        return bisect_right(self._starts, offset) - 1

    def run_at(self, offset: int) -> LineRun | None:
        """The run holding code point ``offset``, or None (an inserted character)."""
        index = self._run_index_at_or_before(offset)
        if index >= 0 and offset < self.runs[index].end:
            return self.runs[index]
        return None

    def page_of(self, offset: int) -> int | None:
        """The page holding that code point (or the nearest run before it).

        An offset before the first run gets the first run's page; None when
        the map has no runs or the offset is negative.
        """
        if not self.runs or offset < 0:
            return None
        index = self._run_index_at_or_before(offset)
        return self.runs[max(index, 0)].page

    def rects(self, start: int, end: int) -> list[tuple[int, Box]]:
        """(page, box) for each line piece covering text ``[start, end)``, in text order."""
        if end <= start or not self.runs:
            return []
        index = max(self._run_index_at_or_before(start), 0)
        found: list[tuple[int, Box]] = []
        for run in self.runs[index:]:
            if run.start >= end:
                break
            if run.end > start and run.lefts:
                found.append((run.page, run.box(start, end)))
        return found

    # -- from page to text ------------------------------------------------------
    def runs_on(self, page: int) -> list[LineRun]:
        """The runs of one page, in text order."""
        if self._by_page is None:
            by_page: dict[int, list[LineRun]] = {}
            for run in self.runs:
                by_page.setdefault(run.page, []).append(run)
            self._by_page = by_page
        return self._by_page.get(page, [])

    def offset_at(self, page: int, x: float, y: float) -> int | None:
        """The character nearest to point (x, y) of a page, or None if the page has no text.

        The line is chosen first (the one containing y, else the nearest one
        vertically), then the character on it nearest to x.
        """
        best: tuple[float, float, int] | None = None
        for run in self.runs_on(page):
            if not run.lefts:
                continue
            dy = max(run.top - y, 0.0, y - run.bottom)
            for i, (left, right) in enumerate(zip(run.lefts, run.rights, strict=True)):
                dx = max(left - x, 0.0, x - right)
                key = (dy, dx, run.start + i)
                if best is None or key < best:
                    best = key
        return None if best is None else best[2]

    def caret_at(self, page: int, x: float, y: float) -> int | None:
        """The text position (between characters) nearest to a point: for selections."""
        offset = self.offset_at(page, x, y)
        if offset is None:
            return None
        run = self.run_at(offset)
        assert run is not None
        i = offset - run.start
        middle = (run.lefts[i] + run.rights[i]) / 2
        return offset + 1 if x > middle else offset

    # -- storage ----------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """A compact form: a header, then zlib of float32/int32 arrays and the labels.

        Coordinates keep float32 precision (far below a hundredth of a point).
        """
        sizes = array("i", [len(run.lefts) for run in self.runs])
        ints = array("i", [v for run in self.runs for v in (run.start, run.page)])
        page_sizes = array("f", [v for page in self.pages for v in (page.width, page.height)])
        verticals = array("f", [v for run in self.runs for v in (run.top, run.bottom)])
        lefts = array("f", [v for run in self.runs for v in run.lefts])
        rights = array("f", [v for run in self.runs for v in run.rights])
        labels = json.dumps([page.label for page in self.pages], ensure_ascii=False).encode()
        parts: list[array[Any]] = [sizes, ints, page_sizes, verticals, lefts, rights]
        if sys.byteorder == "big":  # pragma: no cover - stored little-endian everywhere
            for part in parts:
                part.byteswap()
        body = b"".join(part.tobytes() for part in parts) + labels
        header = _HEADER.pack(_MAGIC, _VERSION, len(self.pages), len(self.runs), len(lefts))
        return header + zlib.compress(body, 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> PageMap:
        """Read :meth:`to_bytes`' form; ValueError if it is damaged."""
        if len(data) < _HEADER.size:
            raise ValueError("a page map too short to read")
        magic, version, n_pages, n_runs, n_chars = _HEADER.unpack_from(data)
        if magic != _MAGIC or version != _VERSION:
            raise ValueError("not a page map this version of Casefile reads")
        try:
            inflater = zlib.decompressobj()
            body = inflater.decompress(data[_HEADER.size :], _MAX_DECOMPRESSED)
        except zlib.error as error:
            raise ValueError(f"a damaged page map ({error})") from None
        if inflater.unconsumed_tail:
            raise ValueError("a page map too large to read")
        if not inflater.eof:
            raise ValueError("a truncated page map")
        reader = _Reader(body)
        sizes = reader.ints(n_runs)
        ints = reader.ints(2 * n_runs)
        page_sizes = reader.floats(2 * n_pages)
        verticals = reader.floats(2 * n_runs)
        lefts = reader.floats(n_chars)
        rights = reader.floats(n_chars)
        position = reader.position
        try:
            labels = json.loads(body[position:].decode())
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ValueError("a page map with damaged page labels") from None
        if (
            not isinstance(labels, list)
            or len(labels) != n_pages
            or sum(sizes) != n_chars
            or min(sizes, default=0) < 0
        ):
            raise ValueError("a page map whose parts do not agree")
        pages = [
            PageInfo(page_sizes[2 * i], page_sizes[2 * i + 1], str(labels[i]))
            for i in range(n_pages)
        ]
        runs: list[LineRun] = []
        char = 0
        for i, size in enumerate(sizes):
            runs.append(
                LineRun(
                    start=int(ints[2 * i]),
                    page=int(ints[2 * i + 1]),
                    top=verticals[2 * i],
                    bottom=verticals[2 * i + 1],
                    lefts=tuple(lefts[char : char + size]),
                    rights=tuple(rights[char : char + size]),
                )
            )
            char += size
        return cls(pages, runs)
