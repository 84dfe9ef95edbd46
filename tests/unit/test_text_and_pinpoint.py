from __future__ import annotations

from casefile.domain.pinpoint import BlockIndex, pinpoint
from casefile.domain.text import (
    Block,
    BlockKind,
    SourceMetadata,
    normalise_newlines,
    paragraph_blocks,
)


def test_line_endings_and_bom_are_normalised_once() -> None:
    assert normalise_newlines("\ufeffa\r\nb\rc\u2028d\ne") == "a\nb\nc\nd\ne"


def test_paragraphs_are_separated_by_blank_lines() -> None:
    text = "  First para\nstill first.\n\n\nSecond 😀 para.\n \nThird."
    blocks = paragraph_blocks(text)
    assert [text[b.start : b.end] for b in blocks] == [
        "First para\nstill first.",
        "Second 😀 para.",
        "Third.",
    ]
    assert [b.label for b in blocks] == ["1", "2", "3"]


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    text = "PRESENTER: Hello.\nAMBASSADOR: No.\n"
    assert [text[b.start : b.end] for b in paragraph_blocks(text)] == [
        "PRESENTER: Hello.",
        "AMBASSADOR: No.",
    ]


def test_pinpoint_prefers_page_labels_then_notes_then_paragraphs() -> None:
    blocks = [
        Block(BlockKind.PAGE, 0, 100, "vii"),
        Block(BlockKind.PAGE, 100, 200, "viii"),
        Block(BlockKind.PARAGRAPH, 0, 50, "1"),
        Block(BlockKind.PARAGRAPH, 50, 150, "2"),
        Block(BlockKind.FOOTNOTE, 160, 200, "3"),
    ]
    assert pinpoint(blocks, 10, 20) == "p. vii"
    assert pinpoint(blocks, 90, 110) == "pp. vii–viii"
    assert pinpoint(blocks, 170, 180) == "p. viii, n. 3"
    no_pages = [b for b in blocks if b.kind != BlockKind.PAGE]
    assert pinpoint(no_pages, 10, 20) == "para. 1"
    assert pinpoint(no_pages, 40, 60) == "paras. 1–2"
    assert pinpoint(no_pages, 170, 180) == "n. 3"
    assert pinpoint([], 0, 5) == ""


def test_block_index_finds_overlaps_among_many_blocks() -> None:
    blocks = [Block(BlockKind.PARAGRAPH, i * 10, i * 10 + 8, str(i + 1)) for i in range(10_000)]
    index = BlockIndex(blocks)
    assert index.pinpoint(55_001, 55_003) == "para. 5501"
    assert index.pinpoint(55_009, 55_011) == "para. 5502"  # starts in a gap
    assert index.pinpoint(55_005, 55_025) == "paras. 5501–5503"


def test_metadata_overrides_win_field_by_field() -> None:
    found = SourceMetadata(title="From file", publisher="Meridian")
    merged = found.merged(SourceMetadata(title="Typed by user"))
    assert (merged.title, merged.publisher) == ("Typed by user", "Meridian")
