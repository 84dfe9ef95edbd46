"""OCR: scans and photos the tests make themselves, in English, Russian and Korean.

Each page is typeset with the system's fonts, rendered to an image at 150 dpi,
speckled with noise, then imported like a user's file. Word recall (the share
of the typeset words found in the stored text) is printed; run with ``-s``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from casefile.cli import main as cli
from casefile.domain.errors import ImportFailure
from casefile.export.citation import citation
from casefile.ingest import ImportOptions, extract, ocr
from casefile.ingest.ocr import Recognition
from casefile.ingest.ocr_layout import Word, _line_run, assemble, parse_tsv
from casefile.ingest.pdf_ocr import text_layer_problem
from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.recognition_ops import ReplaceSourceText, recognise_source
from casefile.services.source_ops import ImportSource
from tests.scans import TEXTS, image_bytes, recall, scanned_pdf, typeset_page

needs_tesseract = pytest.mark.skipif(
    not ocr.installed_languages(), reason="Tesseract is not installed"
)
# Measured here (clean typeset pages, 150 dpi, light noise): EN 1.00, RU 0.98-1.00, KO 0.8-1.0.
MIN_RECALL = {"en": 0.95, "ru": 0.9, "ko": 0.6}


def report(label: str, expected: str, found: str) -> float:
    value = recall(expected, found)
    print(f"\nOCR word recall, {label}: {value:.1%}")
    return value


def options(*languages: str, force: bool = False) -> ImportOptions:
    return ImportOptions(recognition=Recognition(force=force, languages=languages))


@needs_tesseract
@pytest.mark.parametrize("language", ["en", "ru", "ko"])
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_photos_and_scans_are_recognised(language: str, fmt: str) -> None:
    page = typeset_page(TEXTS[language], language, dpi=150, noise=0.002, seed=7)
    data = image_bytes([page.convert("RGB") if fmt == "JPEG" else page], fmt)
    found = extract(data, f"letter.{fmt.lower()}", options(language))
    assert found.kind == "image" and found.ocr.startswith(ocr.tesseract_code(language))
    assert report(f"{language} {fmt}", TEXTS[language], found.text) >= MIN_RECALL[language]
    assert found.page_map is not None and len(found.page_map.pages) == 1
    assert [b.label for b in found.blocks if b.kind == "page"] == ["1"]
    assert any("OCR" in notice for notice in found.notices)


@needs_tesseract
def test_a_scanned_pdf_in_three_languages_has_pages_words_and_boxes() -> None:
    pages = [typeset_page(TEXTS[lang], lang, noise=0.002, seed=i) for i, lang in enumerate(TEXTS)]
    found = extract(scanned_pdf(pages), "scan.pdf", options())  # all installed languages
    assert found.kind == "pdf" and found.pages == 3
    assert set(found.ocr.split("+")) >= {"eng", "rus", "kor"}
    assert found.page_map is not None and [p.label for p in found.page_map.pages] == ["1", "2", "3"]
    page_blocks = [b for b in found.blocks if b.kind == "page"]
    assert [b.label for b in page_blocks] == ["1", "2", "3"]
    for index, language in enumerate(TEXTS):
        block = page_blocks[index]
        value = report(f"scanned PDF page {index + 1} ({language})", TEXTS[language],
                       found.text[block.start : block.end])  # fmt: skip
        assert value >= MIN_RECALL[language]
    # the words' boxes sit where the typesetter put the text: one inch in, from the top
    word = found.text.index("appellant")
    (page, (x0, y0, x1, y1)), *_ = found.page_map.rects(word, word + len("appellant"))
    assert page == 0 and 72 < x0 < x1 < 300 and 60 < y0 < y1 < 110
    assert found.page_map.offset_at(0, (x0 + x1) / 2, (y0 + y1) / 2) in range(word, word + 9)


@needs_tesseract
def test_a_multi_page_tiff_gives_one_page_each() -> None:
    pages = [typeset_page(TEXTS["en"], "en", seed=1), typeset_page(TEXTS["ru"], "ru", seed=2)]
    found = extract(image_bytes(pages, "TIFF"), "fax.tiff", options("ru"))
    assert found.pages == 2
    labels = [b.label for b in found.blocks if b.kind == "page"]
    assert labels == ["1", "2"]
    assert found.ocr == "rus+eng"  # the source's language, with English for names and headers
    assert report("TIFF, two pages", TEXTS["en"] + " " + TEXTS["ru"], found.text) >= 0.9


@needs_tesseract
def test_progress_is_reported_per_page_and_cancel_stops() -> None:
    pages = [typeset_page(TEXTS["en"], "en", seed=i) for i in range(3)]
    seen: list[tuple[int, int]] = []
    recognition = Recognition(progress=lambda d, t: seen.append((d, t)))
    extract(scanned_pdf(pages), "three.pdf", ImportOptions(recognition=recognition))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    stop = Recognition(cancel=lambda: True)
    with pytest.raises(ocr.OcrCancelled):
        extract(scanned_pdf(pages), "three.pdf", ImportOptions(recognition=stop))


def test_without_tesseract_a_scan_imports_as_today_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr, "tesseract", lambda: None)
    ocr.installed_languages.cache_clear()
    try:
        page = typeset_page(TEXTS["en"], "en")
        found = extract(scanned_pdf([page]), "scan.pdf")
        assert found.text == "" and found.ocr == ""
        assert (
            "no text layer" in found.notices[0] and "apt install tesseract-ocr" in found.notices[0]
        )
        photo = extract(image_bytes([page], "PNG"), "photo.png")
        assert photo.text == "" and photo.kind == "image" and photo.pages == 1
        assert "tesseract-ocr" in photo.notices[0]
    finally:
        ocr.installed_languages.cache_clear()


def test_garbage_text_layers_are_detected() -> None:
    english = TEXTS["en"] * 2
    assert text_layer_problem([english]) == ""
    assert text_layer_problem([TEXTS["ru"] * 2]) == ""
    assert text_layer_problem([TEXTS["ko"] * 2]) == ""
    assert "no text layer" in text_layer_problem(["", " ", "12"])
    assert "unreadable" in text_layer_problem(["\ufffd\ufffd ab \ue000\ue001" * 40])
    assert "symbols" in text_layer_problem(["#$%& ()*+ ,-./ 0123 " * 40])
    shifted = "".join(chr((ord(c) - 97 + 3) % 26 + 97) if c.islower() else c for c in english)
    assert "no words" in text_layer_problem([shifted])  # "Wkh dsshoodqw vwdwhv"


def test_languages_map_from_iso_codes_to_tesseract() -> None:
    assert ocr.tesseract_code("en-GB") == "eng"
    assert ocr.tesseract_code("Russian") == "rus"
    assert ocr.tesseract_code("ko") == "kor"
    assert ocr.page_segmentation("kor+eng") == "4" and ocr.page_segmentation("eng") == "3"


def test_tsv_words_become_text_and_a_page_map_with_even_character_boxes() -> None:
    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t100\t40\t20\t96\tHe",
        "5\t1\t1\t1\t1\t2\t160\t100\t80\t20\t95\tsaid",
        "5\t1\t1\t1\t1\t3\t400\t300\t5\t5\t10\t~",  # speckle: dropped
        "5\t1\t1\t1\t2\t1\t100\t130\t60\t20\t94\t😀𠀋x",
        "5\t1\t2\t1\t1\t1\t100\t300\t60\t20\t90\tEnd",
    ]
    page = parse_tsv("\n".join([header, *rows]), 595, 842, "vii", 0.5)
    text, blocks, page_map = assemble([page])
    assert text == "He said\n😀𠀋x\n\nEnd"
    assert [(b.start, b.end, b.label) for b in blocks] == [(0, len(text), "vii")]
    run = page_map.runs[0]
    assert run.lefts[:2] == (50.0, 60.0) and run.rights[:2] == (60.0, 70.0)  # "He" split evenly
    assert (run.lefts[2], run.rights[2]) == (70.0, 80.0)  # the space spans the gap
    emoji = text.index("😀")  # code points, not UTF-16: three characters share the word box
    assert page_map.rects(emoji, emoji + 3) == [(0, (50.0, 65.0, 80.0, 75.0))]
    assert page_map.page_of(text.index("End")) == 0


def test_korean_syllables_join_into_words_by_their_gaps() -> None:
    def syllable(text: str, x: float) -> Word:
        return Word(text, (x, 0.0, x + 10.0, 10.0))

    # 신청인은 경찰이: syllables 1 pt apart inside a word, 4 pt between words
    xs, words, x = [], [], 0.0
    for i, char in enumerate("신청인은경찰이"):
        x += 11.0 if i != 4 else 14.0
        xs.append(x)
        words.append(syllable(char, x))
    text, _run = _line_run(0, 0, tuple(words))
    assert text == "신청인은 경찰이"


@needs_tesseract
def test_cli_import_ocr_flag_and_citations_say_ocr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_path = tmp_path / "m.casefile"
    scan = tmp_path / "letter.png"
    typeset_page(TEXTS["en"], "en", noise=0.002).save(scan, dpi=(150, 150))
    assert cli(["new", str(case_path)]) == 0
    assert cli(["import", str(case_path), str(scan), "--language", "en"]) == 0
    err = capsys.readouterr().err
    assert "recognised by OCR (eng)" in err
    with Case.open(case_path) as case:
        info = case.sources()[0]
        assert info.ocr == "eng" and info.kind == "image"
        assert "p. 1 (OCR)" in citation(info, "p. 1")


@needs_tesseract
def test_recognise_again_replaces_the_text_and_keeps_excerpts_anchored(tmp_path: Path) -> None:
    page = typeset_page(TEXTS["en"], "en", noise=0.002)
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scanned_pdf([page]))
    with Case.create(tmp_path / "m.casefile") as case:
        source = case.run(ImportSource(prepare_import(pdf))).result
        assert source is not None
        text = case.text(source)
        start = text.index("three days")
        excerpt = case.run(CreateExcerpt(source, start, start + 10, tag_ids=[1])).result
        info = case.source(source)
        new = recognise_source(case.blob(source), info.filename, info.kind, Recognition())
        # the new text differs (say a different engine read a header): the quote is found again
        moved = type(new)("Header line\n\n" + new.text, (), None, new.ocr, new.notices)
        applied = case.run(ReplaceSourceText(source, moved))
        after = case.excerpt(excerpt or 0)
        assert case.text(source).startswith("Header line")
        assert (after.start, after.exact) == (
            start + 13,
            "three days",
        ) and after.status == "anchored"
        case.run(applied.inverse)
        assert case.text(source) == text and case.excerpt(excerpt or 0).start == start
        assert case.page_map(source) is not None
        with pytest.raises(ImportFailure):
            recognise_source(b"plain", "notes.txt", "text", Recognition())


def test_a_damaged_image_fails_clearly() -> None:
    with pytest.raises(ImportFailure) as raised:
        extract(b"\xff\xd8\xff\xe0" + bytes(100), "photo.jpg")
    assert str(raised.value) == "photo.jpg: damaged: not a readable JPEG image"


def _png_without_dpi() -> bytes:
    out = io.BytesIO()
    Image.new("L", (1654, 2339), 255).save(out, "PNG")
    return out.getvalue()


def test_an_image_without_resolution_is_taken_as_an_a4_wide_page() -> None:
    from casefile.ingest.image import _frames, image_dpi

    (frame,) = _frames(_png_without_dpi(), "x.png")
    assert image_dpi(frame) == pytest.approx(1654 / 8.27)
