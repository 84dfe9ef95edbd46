"""Readable PDF text: lines joined into paragraphs, hyphens, scripts, the page map, robustness."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from casefile.domain.errors import ImportFailure
from casefile.domain.pinpoint import pinpoint
from casefile.domain.text import BlockKind
from casefile.ingest import extract, pdf_reader
from casefile.ingest.pdf_layout import RawLine, RawPage, layout
from casefile.services.case import Case
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from tests.documents import make_pdf


def _line(
    text: str, y: float, x: float = 50.0, width: float = 6.0, height: float = 10.0
) -> RawLine:
    boxes = tuple((x + width * i, y, x + width * (i + 1), y + height) for i in range(len(text)))
    return RawLine(text, boxes)


def _page(*lines: str, pitch: float = 14.0, label: str = "1", gap_after: int = -1) -> RawPage:
    """Lines of equal pitch (one blank line's gap after line ``gap_after``), all the same width."""
    made, y = [], 100.0
    for i, text in enumerate(lines):
        made.append(_line(text, y))
        y += pitch * (2 if i == gap_after else 1)
    return RawPage(612.0, 792.0, label, tuple(made))


def _text(*pages: RawPage) -> str:
    return layout(list(pages))[0]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # lines of one paragraph are joined by a space
        (
            ("the officers carried him", "to the van and left."),
            "the officers carried him to the van and left.",
        ),
        # a line already ending with a space gets no second one
        (("the officers carried him ", "to the van."), "the officers carried him to the van."),
        # a real hyphenated word keeps its hyphen
        (("it was a well-", "known practice there."), "it was a well-known practice there."),
        # hyphenation: the document spells the word whole elsewhere, so the hyphen goes
        (
            ("the docu-", "ment is here; the document", "was signed."),
            "the document is here; the document was signed.",
        ),
        # hyphenation the document does not confirm: the word is left as printed
        (("the inter-", "view lasted long."), "the inter-view lasted long."),
        # a soft hyphen is dropped
        (("the inter\u00ad", "view lasted long."), "the interview lasted long."),
        # a hyphen before a capital or a digit is not hyphenation
        (("north-", "Korean border"), "north-Korean border"),
        # Korean keeps its word spaces across a line break
        (
            ("그는 돌아가면 죽는다는 것을", "알고 있었습니다."),
            "그는 돌아가면 죽는다는 것을 알고 있었습니다.",
        ),
        # Chinese and Japanese have no spaces between words
        (("他知道如果回去", "就会死"), "他知道如果回去就会死"),
        # characters outside the BMP are one code point each, boxes and all
        (("a 𠜎 and 😀 in", "one line"), "a 𠜎 and 😀 in one line"),
    ],
)
def test_lines_of_a_paragraph_are_joined(lines: tuple[str, ...], expected: str) -> None:
    assert _text(_page(*lines)) == expected


def test_paragraphs_and_pages_stay_apart_with_blocks() -> None:
    one = _page(
        "First paragraph line one",
        "and line two.",
        "Second paragraph here",
        "and more.",
        gap_after=1,
    )
    two = _page("Page two text.", label="vii")
    text, blocks, page_map = layout([one, two])
    assert text == (
        "First paragraph line one and line two.\n\n"
        "Second paragraph here and more.\n\nPage two text."
    )
    pages = [b for b in blocks if b.kind == BlockKind.PAGE]
    assert [(text[b.start : b.end], b.label) for b in pages] == [
        ("First paragraph line one and line two.\n\nSecond paragraph here and more.", "1"),
        ("Page two text.", "vii"),
    ]
    paragraphs = [text[b.start : b.end] for b in blocks if b.kind == BlockKind.PARAGRAPH]
    assert paragraphs[1] == "Second paragraph here and more."
    assert page_map.page_of(text.index("Page two")) == 1


def test_every_stored_character_from_the_page_keeps_its_box() -> None:
    page = _page("a well-", "known 𠜎 word and a docu-", "ment; a document.")
    text, _, page_map = layout([page])
    page_chars = "".join(line.text for line in page.lines)
    covered = "".join(text[run.start : run.end] for run in page_map.runs)
    # the runs hold the page's characters in order, minus only the dropped hyphen
    assert covered == page_chars.replace("docu-", "docu")
    for run in page_map.runs:
        line = next(line for line in page.lines if text[run.start : run.end] in line.text)
        offset = line.text.index(text[run.start : run.end])
        assert run.lefts == tuple(b[0] for b in line.boxes[offset : offset + len(run.lefts)])
    # inserted spaces belong to no run
    joint = text.index("known") - 1
    assert text[joint] == "-" and page_map.run_at(joint) is not None
    space = text.index(" ment") if " ment" in text else text.index("word and") + 8
    assert page_map.run_at(space) is not None or text[space] == " "


def test_a_quotation_across_a_line_has_one_rect_per_line() -> None:
    text, _, page_map = layout([_page("he said that they", "would kill him.")])
    start = text.index("they would")
    rects = page_map.rects(start, start + len("they would"))
    assert [r[0] for r in rects] == [0, 0]
    assert rects[0][1][1] == 100.0 and rects[1][1][1] == 114.0


# -- real PDFs -----------------------------------------------------------------

PARAGRAPH = (
    "The applicant stated that the officers had beaten him on the way\n"
    "to the border post, and that a docu-\n"
    "ment was taken from him by force, a well-\n"
    "known practice there.\n"
    "\n"
    "The document was signed by the officer who stood at the door."
)
KOREAN = "그는 돌아가면 죽는다는 것을\n알고 있었습니다."


@pytest.fixture(scope="module")
def lines_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "lines.pdf", [PARAGRAPH, KOREAN])


def test_a_real_pdf_reads_as_paragraphs(lines_pdf: Path) -> None:
    result = extract(lines_pdf.read_bytes(), "lines.pdf")
    assert result.text == (
        "The applicant stated that the officers had beaten him on the way to the border post, "
        "and that a document was taken from him by force, a well-known practice there.\n\n"
        "The document was signed by the officer who stood at the door.\n\n"
        "그는 돌아가면 죽는다는 것을 알고 있었습니다."
    )
    start = result.text.index("on the way to the border")
    assert pinpoint(result.blocks, start, start + 10) == "p. 1"
    korean = result.text.index("것을 알고")
    assert pinpoint(result.blocks, korean, korean + 5) == "p. 2"


def _poppler_words(path: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    import re

    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words: list[tuple[int, str, tuple[float, float, float, float]]] = []
    for page, chunk in enumerate(html.split("<page ")[1:]):
        for m in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', chunk
        ):
            box = (float(m[1]), float(m[2]), float(m[3]), float(m[4]))
            words.append((page, m[5], box))
    return words


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], slack: float = 2.0) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("rotate", [0, 90])
def test_page_map_boxes_agree_with_poppler(lines_pdf: Path, tmp_path: Path, rotate: int) -> None:
    path = lines_pdf
    if rotate:
        writer = PdfWriter()
        for page in PdfReader(str(lines_pdf)).pages:
            writer.add_page(page)
        writer.pages[1].rotate(rotate)
        path = tmp_path / "turned.pdf"
        writer.write(str(path))
    result = extract(path.read_bytes(), "lines.pdf")
    page_map = result.page_map
    assert page_map is not None
    if rotate:
        assert (page_map.pages[1].width, page_map.pages[1].height) == (842.0, 595.0)
    poppler = _poppler_words(path)
    # Qt writes no space characters, so poppler sees each line as one "word"
    for quote, page in (("border post", 0), ("well-known", 0), ("돌아가면", 1), ("알고", 1)):
        start = result.text.index(quote)
        rects = page_map.rects(start, start + len(quote))
        assert rects and {p for p, _ in rects} == {page}
        lines = [box for p, word, box in poppler if p == page]
        for _, box in rects:
            assert any(_inside(box, line) for line in lines), (quote, box, lines)
        first = page_map.rects(start, start + 1)[0][1]
        centre = ((first[0] + first[2]) / 2, (first[1] + first[3]) / 2)
        assert page_map.offset_at(page, *centre) == start


def test_the_case_file_keeps_the_pdf_page_map(lines_pdf: Path, tmp_path: Path) -> None:
    case = Case.create(tmp_path / "c.casefile")
    source_id = case.run(ImportSource(prepare_import(lines_pdf))).result
    assert source_id is not None
    page_map = case.page_map(source_id)
    assert page_map is not None and len(page_map.pages) == 2
    text = case.text(source_id)
    assert page_map.page_of(text.index("알고")) == 1
    case.close()


def test_a_crash_of_the_reader_is_reported_at_once_with_its_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crash = "import os, signal, sys; sys.stdin.buffer.read(); os.kill(os.getpid(), signal.SIGSEGV)"
    monkeypatch.setattr(pdf_reader, "reader_command", lambda: [sys.executable, "-c", crash])
    with pytest.raises(ImportFailure) as raised:
        extract(b"%PDF-1.4\n", "crash.pdf", None)
    assert "crashed" in raised.value.reason and "SIGSEGV" in raised.value.reason
    assert "longer than" not in raised.value.reason


def test_a_loop_is_stopped_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    loop = "import time; time.sleep(60)"
    monkeypatch.setattr(pdf_reader, "reader_command", lambda: [sys.executable, "-c", loop])
    from casefile.ingest import ImportOptions

    with pytest.raises(ImportFailure, match="took longer than 1 seconds"):
        extract(b"%PDF-1.4\n", "slow.pdf", ImportOptions(pdf_time_limit=1.0))


def test_the_reader_is_never_forked_from_the_parent() -> None:
    # a new interpreter running the reader module: safe beside Qt threads
    assert pdf_reader.reader_command()[:3] == [sys.executable, "-m", "casefile.ingest.pdf_reader"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", "damaged"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 50, "damaged"),
    ],
)
def test_a_damaged_pdf_is_refused_not_stored_as_a_scan(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure) as raised:
        extract(data, "broken.pdf")
    assert reason in raised.value.reason
    assert "scan" not in raised.value.reason


def test_a_truncated_pdf_is_refused_or_keeps_what_it_has(lines_pdf: Path) -> None:
    data = lines_pdf.read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 200):
        try:
            result = extract(data[:cut], "cut.pdf")
        except ImportFailure as failure:
            assert "scan" not in failure.reason
        else:
            assert result.text.strip() and not result.notices


def test_a_scan_without_text_is_imported_with_a_notice(tmp_path: Path) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QImage, QPainter, QPdfWriter
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    path = tmp_path / "scan.pdf"
    writer = QPdfWriter(str(path))
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("gray"))
    painter = QPainter(writer)
    painter.drawImage(100, 100, image)
    painter.end()
    result = extract(path.read_bytes(), "scan.pdf")
    assert result.text == ""
    assert "no text layer" in result.notices[0]
