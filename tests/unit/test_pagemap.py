"""The page map: from stored text to page boxes and back (domain.pagemap)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.domain.pagemap import LineRun, PageInfo, PageMap, split_evenly
from casefile.domain.text import ExtractedText
from casefile.services.case import Case
from casefile.services.source_ops import DeleteSource, ImportSource, NewSource


def _run(start: int, page: int, top: float, text: str, x: float = 10.0, w: float = 5.0) -> LineRun:
    """A line of equal-width characters starting at x."""
    n = len(text)
    return LineRun(
        start=start,
        page=page,
        top=top,
        bottom=top + 10.0,
        lefts=tuple(x + w * i for i in range(n)),
        rights=tuple(x + w * (i + 1) for i in range(n)),
    )


# Stored text: "Hello world" on two lines of page 0 (joined by an inserted
# space), a paragraph break, then "Next 𠜎😀 page" on page 1 (astral characters
# are one code point each).
TEXT = "Hello wor" + " " + "ld" + "\n\n" + "Next 𠜎😀 page"
RUNS = [
    _run(0, 0, 100.0, "Hello wor"),  # offsets 0..8
    _run(10, 0, 112.0, "ld"),  # offsets 10..11 (9 is the inserted space)
    _run(14, 1, 50.0, "Next 𠜎😀 page"),  # offsets 14..25
]
PAGES = [PageInfo(612.0, 792.0, "vii"), PageInfo(612.0, 792.0, "viii")]
MAP = PageMap(PAGES, RUNS)


def test_the_runs_cover_exactly_their_characters_of_the_text() -> None:
    assert len(TEXT) == 26
    assert TEXT[RUNS[2].start : RUNS[2].end] == "Next 𠜎😀 page"
    assert TEXT[RUNS[0].end] == " "  # inserted: belongs to no run
    assert MAP.run_at(9) is None
    assert MAP.run_at(10) == RUNS[1]


@pytest.mark.parametrize(
    ("offset", "page"),
    [(-1, None), (0, 0), (8, 0), (9, 0), (11, 0), (12, 0), (13, 0), (14, 1), (25, 1), (99, 1)],
)
def test_page_of(offset: int, page: int | None) -> None:
    assert MAP.page_of(offset) == page


def test_page_of_before_the_first_run_and_without_runs() -> None:
    late = PageMap(PAGES, [_run(5, 1, 0.0, "abc")])
    assert late.page_of(0) == 1
    assert PageMap(PAGES, []).page_of(0) is None


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # one word on one line: "Hello" = characters 0..4 → x 10..35
        (0, 5, [(0, (10.0, 100.0, 35.0, 110.0))]),
        # "world" crosses the line: "wor" on line 1 (6..8), "ld" on line 2
        (6, 12, [(0, (40.0, 100.0, 55.0, 110.0)), (0, (10.0, 112.0, 20.0, 122.0))]),
        # across the page break: "ld" ... "Next"
        (10, 18, [(0, (10.0, 112.0, 20.0, 122.0)), (1, (10.0, 50.0, 30.0, 60.0))]),
        # the astral characters 𠜎😀 are offsets 19 and 20
        (19, 21, [(1, (35.0, 50.0, 45.0, 60.0))]),
        # only inserted characters: nothing on any page
        (9, 10, []),
        (12, 14, []),
        # empty and reversed spans
        (5, 5, []),
        (7, 3, []),
        # beyond the text
        (26, 40, []),
    ],
)
def test_rects(start: int, end: int, expected: list[tuple[int, tuple[float, ...]]]) -> None:
    assert MAP.rects(start, end) == expected


def test_rects_of_a_line_whose_characters_are_not_left_to_right() -> None:
    rtl = LineRun(0, 0, 0.0, 10.0, lefts=(30.0, 20.0, 10.0), rights=(40.0, 30.0, 20.0))
    assert PageMap(PAGES[:1], [rtl]).rects(0, 2) == [(0, (20.0, 0.0, 40.0, 10.0))]


@pytest.mark.parametrize(
    ("page", "x", "y", "offset"),
    [
        (0, 11.0, 105.0, 0),  # on "H"
        (0, 36.0, 101.0, 5),  # on the space after "Hello"
        (0, 500.0, 105.0, 8),  # far right of line 1: its last character
        (0, 0.0, 115.0, 10),  # left of line 2: its first character
        (0, 12.0, 300.0, 10),  # below everything: the nearest line (2)
        (0, 12.0, 0.0, 0),  # above everything: line 1
        (1, 36.0, 55.0, 19),  # on 𠜎
        (1, 41.0, 55.0, 20),  # on 😀
    ],
)
def test_offset_at(page: int, x: float, y: float, offset: int) -> None:
    assert MAP.offset_at(page, x, y) == offset


def test_offset_at_a_page_without_text_is_none() -> None:
    with_blank = PageMap([*PAGES, PageInfo(100.0, 100.0, "3")], RUNS)
    assert with_blank.offset_at(2, 10.0, 10.0) is None
    assert with_blank.offset_at(7, 10.0, 10.0) is None


def test_caret_at_chooses_the_nearer_side_of_a_character() -> None:
    assert MAP.caret_at(0, 11.0, 105.0) == 0
    assert MAP.caret_at(0, 14.0, 105.0) == 1
    assert MAP.caret_at(1, 44.0, 55.0) == 21


def test_bytes_round_trip_keeps_everything() -> None:
    data = MAP.to_bytes()
    assert isinstance(data, bytes)
    assert PageMap.from_bytes(data) == MAP
    assert PageMap.from_bytes(PageMap([], []).to_bytes()) == PageMap([], [])


def test_bytes_round_trip_keeps_float32_precision_and_labels() -> None:
    labels = ["i", "Seite 2", "제3면", "𠜎"]
    pages = [PageInfo(595.2756, 841.8898, label) for label in labels]
    run = LineRun(7, 3, 1.1, 2.2, (0.1, 0.2), (0.15, 0.3))
    back = PageMap.from_bytes(PageMap(pages, [run]).to_bytes())
    assert [p.label for p in back.pages] == labels
    assert back.pages[0].width == pytest.approx(595.2756, abs=1e-4)
    assert back.runs[0].start == 7 and back.runs[0].page == 3
    assert back.runs[0].lefts == pytest.approx((0.1, 0.2), abs=1e-6)


def test_a_large_map_stays_compact() -> None:
    runs = [_run(i * 81, i // 50, float(i % 50) * 14, "x" * 80) for i in range(2000)]
    page_map = PageMap([PageInfo(612, 792, str(i)) for i in range(40)], runs)
    data = page_map.to_bytes()
    assert len(data) < 2000 * 80 * 8 / 4  # well under the raw float32 size
    assert PageMap.from_bytes(data) == page_map


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:10],
        lambda data: b"XXXX" + data[4:],
        lambda data: data[:20] + b"\x00" * 10 + data[30:],
        lambda data: data[:-5],
        lambda data: data[:5] + b"\xff\xff\xff\x7f" + data[9:],
    ],
)
def test_a_damaged_map_raises_value_error(damage: object) -> None:
    with pytest.raises(ValueError):
        PageMap.from_bytes(damage(MAP.to_bytes()))  # type: ignore[operator]


def test_bad_maps_are_refused() -> None:
    with pytest.raises(ValueError, match="overlap"):
        PageMap(PAGES, [_run(0, 0, 0.0, "abc"), _run(2, 0, 20.0, "de")])
    with pytest.raises(ValueError, match="page 5"):
        PageMap(PAGES, [_run(0, 5, 0.0, "abc")])
    with pytest.raises(ValueError):
        LineRun(0, 0, 0.0, 1.0, (1.0,), ())


def test_split_evenly_shares_a_word_box() -> None:
    assert split_evenly(10.0, 40.0, 3) == ((10.0, 20.0, 30.0), (20.0, 30.0, 40.0))
    assert split_evenly(0.0, 1.0, 0) == ((), ())


def test_the_case_file_stores_the_map_and_undo_of_delete_restores_it(tmp_path: Path) -> None:
    case = Case.create(tmp_path / "a.casefile")
    extracted = ExtractedText(TEXT, "pdf", "application/pdf", pages=2, page_map=MAP)
    source_id = case.run(ImportSource(NewSource("a.pdf", b"%PDF-1.4 x", extracted))).result
    assert case.page_map(source_id) == MAP
    plain = ExtractedText("plain", "text", "text/plain")
    text_id = case.run(ImportSource(NewSource("a.txt", b"plain", plain))).result
    assert case.page_map(text_id) is None
    undo = case.run(DeleteSource(source_id)).inverse
    assert case.page_map(source_id) is None
    case.run(undo)
    assert case.page_map(source_id) == MAP
    case.close()
