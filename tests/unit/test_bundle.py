"""The hearing bundle, checked with PDF libraries the writer does not use for reading
(pypdf for structure, PDFium for text): A4, outline, labels, index links, highlights,
text on every page, translations, bundle pinpoints; bad sources and cancels."""

from __future__ import annotations

import io
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from casefile.cli import main
from casefile.domain.anchoring import locate_quote
from casefile.domain.errors import CasefileError
from casefile.export.brief_options import ExportOptions
from casefile.export.bundle.exporter import bundle_options, bundle_refs
from casefile.export.bundle.options import BundleOptions, Cancelled
from casefile.export.bundle.plan import plan_bundle
from casefile.export.bundle.writer import write_bundle
from casefile.export.registry import export
from casefile.services import Case
from casefile.services.demo import build_demo
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.services.translation_ops import AddTranslation, prepare_translation, translations
from tests.documents import EN, KO, RU, make_pdf

A4 = (595.28, 841.89)
SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return SPACE.sub("", text)


def _scan_pdf(path: Path) -> Path:
    """An image-only PDF (a scan without OCR): two grey pages with no text layer."""
    pages = [Image.new("RGB", (620, 877), (235, 235, 235)) for _ in range(2)]
    pages[0].save(path, "PDF", resolution=75.0, save_all=True, append_images=pages[1:])
    return path


def _wide_pdf(path: Path) -> Path:
    """One A3 landscape page with text: larger than A4, must be scaled to fit."""
    from fpdf import FPDF

    from casefile.export.bundle.fonts import REGULAR, font_path

    pdf = FPDF(orientation="L", unit="pt", format="A3")
    pdf.add_font("dv", fname=str(font_path(REGULAR)))
    pdf.add_page()
    pdf.set_font("dv", size=14)
    pdf.text(60, 120, "Chronology of the removal, drawn on a wide sheet.")
    pdf.text(60, 160, "The applicant was detained at Sinhung for four months.")
    pdf.set_title("Wide chronology")
    pdf.output(str(path))
    return path


def _add(case: Case, path: Path, title: str) -> int:
    from casefile.domain.text import SourceMetadata

    new = prepare_import(path, SourceMetadata(title=title))
    result = case.run(ImportSource(new)).result
    assert result is not None
    return result


def _highlight(case: Case, source_id: int, quote: str, tag: str) -> int:
    start, end = locate_quote(case.text(source_id), quote)
    result = case.run(CreateExcerpt(source_id, start, end, tag_ids=[case.tag_named(tag).id]))
    assert result.result is not None
    return result.result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Case, Path, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("bundle")
    case = build_demo(folder / "demo.casefile")
    ids: dict[str, int] = {}
    pages = [
        f"Page one of the report.\n{EN}",
        f"Страница вторая.\n{RU}",
        f"세 번째 페이지.\n{KO}\nThe final line of page three.",
    ]
    ids["pdf"] = _add(case, make_pdf(folder / "report.pdf", pages), "Multi-page report")
    ids["scan"] = _add(case, _scan_pdf(folder / "scan.pdf"), "Scanned identity card")
    ids["wide"] = _add(case, _wide_pdf(folder / "wide.pdf"), "Wide chronology")
    ids["ex_en"] = _highlight(case, ids["pdf"], "no refugee had ever been returned", "Claim")
    ids["ex_ru"] = _highlight(case, ids["pdf"], "ни один беженец не был выслан", "Claim")
    ids["ex_ko"] = _highlight(case, ids["pdf"], "죽는다는 것을 알고", "Testimony")
    ids["ex_wide"] = _highlight(
        case, ids["wide"], "detained at Sinhung for four months", "Testimony"
    )
    korean = next(s for s in case.sources() if s.language == "ko")
    ids["korean"] = korean.id
    translation = folder / "translation.txt"
    translation.write_text(
        "Page one of the report. The ambassador said that no refugee had ever been returned.\n\n"
        "Page two. The ambassador stated that not one refugee had been expelled.\n\n"
        "Page three. He knew that if he went back he would die.\n",
        encoding="utf-8",
    )
    new = prepare_translation(translation, "Test Translator", "DPSI (Russian, Korean)", "en")
    case.run(AddTranslation(ids["pdf"], new))
    out = folder / "bundle.pdf"
    report = write_bundle(case, out, BundleOptions(prefix="AB", date="1 December 2026"))
    assert report.pages > 10
    yield case, out, ids
    case.close()


@pytest.fixture(scope="module")
def plan(built: tuple[Case, Path, dict[str, int]]):  # type: ignore[no-untyped-def]
    case, _, _ = built
    laid_out = plan_bundle(case, BundleOptions(prefix="AB", date="1 December 2026"), render=False)
    yield laid_out
    laid_out.close()


def _texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return texts


def test_every_page_is_a4_numbered_labelled_and_has_text(built, plan) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = built
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == plan.total_pages
    for page in reader.pages:
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == pytest.approx(sorted(A4), abs=0.5)
    labels = list(reader.page_labels)
    assert labels == [f"AB {n}" for n in range(1, len(reader.pages) + 1)]
    for number, text in enumerate(_texts(out), start=1):
        assert f"AB {number}" in text
        assert squeeze(text.replace(f"AB {number}", ""))  # more than the number
    wide = next(e for e in plan.entries if e.title == "Wide chronology")
    page = reader.pages[wide.first]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape A4


def test_outline_lists_sections_index_and_every_document(built, plan) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = built
    reader = pypdf.PdfReader(out)

    def flat(items, depth=0):  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                yield from flat(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    outline = list(flat(reader.outline))
    titles = {title: page for _, title, page in outline}
    assert titles["Index"] == plan.front_headers.index("Index")
    assert "The applicant's documents" in titles and "Country information" in titles
    for entry in plan.entries:
        assert titles[f"Tab {entry.tab} — {entry.title}"] == entry.first
    assert any(t.startswith("Tab ") and "T — Translation" in t for t in titles)


def test_index_entries_link_to_their_documents_first_pages(built, plan) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = built
    reader = pypdf.PdfReader(out)
    texts = _texts(out)
    targets = []
    for index, page in enumerate(reader.pages[: plan.front_pages]):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot["/Subtype"] == "/Link":
                target = reader.get_page_number(annot["/Dest"][0].get_object())
                targets.append(target)
                assert index > 0  # the index, not the cover
    assert targets == [e.first for e in plan.entries]
    for entry in plan.entries:
        assert squeeze(entry.title)[:30] in squeeze(texts[entry.first])


def test_each_excerpt_has_a_highlight_over_its_characters_on_its_cited_page(built, plan) -> None:  # type: ignore[no-untyped-def]
    case, out, ids = built
    reader = pypdf.PdfReader(out)
    document = pdfium.PdfDocument(str(out))
    highlights = {}
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot["/Subtype"] == "/Highlight":
                highlights.setdefault(str(annot["/NM"]), []).append((index, annot))
    assert len(plan.passages) == len(case.excerpts())
    for passage in plan.passages:
        cited = int(plan.ref(passage).split(",")[0].split()[1].split("–")[0]) - 1
        found = highlights[f"casefile-excerpt-{passage.excerpt.id}"]
        assert found[0][0] == cited
        text = ""
        for index, annot in found:
            quads = [float(v) for v in annot["/QuadPoints"]]
            textpage = document[index].get_textpage()
            for q in range(0, len(quads), 8):
                x0, y1, x1, _, _, y0 = quads[q : q + 6]
                inset = min(2.0, (y1 - y0) / 4)
                text += textpage.get_text_bounded(x0 + 0.3, y0 + inset, x1 - 0.3, y1 - inset)
        assert squeeze(text) == squeeze(passage.excerpt.exact)
    pdf_passages = [p for p in plan.passages if p.excerpt.id in (ids["ex_ru"], ids["ex_ko"])]
    assert [p.entry.first + p.boxes[0][0] for p in pdf_passages] == [
        pdf_passages[0].entry.first + 1,
        pdf_passages[0].entry.first + 2,
    ]  # on pages two and three of the multi-page PDF
    document.close()


def test_translation_and_certificate_follow_the_original(built, plan) -> None:  # type: ignore[no-untyped-def]
    _, out, ids = built
    texts = _texts(out)
    for source_id, translator, words in (
        (ids["pdf"], "Test Translator", "not one refugee had been expelled"),
        (ids["korean"], "Min-ji Lee", "Did you hear any news of Mr Pak Chol-su"),
    ):
        number = next(i for i, e in enumerate(plan.entries) if e.source.id == source_id)
        original, translated = plan.entries[number], plan.entries[number + 1]
        assert translated.translation is not None and translated.first == original.last + 1
        assert translated.tab == f"{original.tab}T"
        assert words in " ".join(texts[translated.first : translated.last]).replace("\r\n", " ")
        certificate = texts[translated.last]
        assert "Certificate of translation" in certificate
        assert translator in certificate and "true, accurate and complete" in certificate


def test_text_born_sources_print_their_paragraph_numbers(built, plan) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = built
    texts = _texts(out)
    for passage in plan.passages:
        if passage.paragraph:
            page = texts[passage.pages[0]]
            assert re.search(rf"(^|\s){passage.paragraph}\s", page)


def test_bundle_refs_point_at_pages_holding_their_quotations(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    case, out, _ = built
    refs = bundle_refs(case, ExportOptions(bundle_prefix="AB", signed_on="1 December 2026"))
    texts = [squeeze(t) for t in _texts(out)]
    assert len(refs) == len(case.excerpts())
    for excerpt in case.excerpts():
        match = re.fullmatch(r"AB (\d+)(?:–(\d+))?(?:, para (\d+))?", refs[excerpt.id])
        assert match, refs[excerpt.id]
        first, last = int(match[1]), int(match[2] or match[1])
        assert squeeze(excerpt.exact) in "".join(texts[first - 1 : last])
    brief = tmp_path / "brief.docx"
    assert main(["export", str(case.path), "--format", "docx", "--bundle-refs",
                 "-o", str(brief)]) == 0  # fmt: skip
    import zipfile

    with zipfile.ZipFile(brief) as package:
        notes = package.read("word/footnotes.xml").decode("utf-8")
    for ref in refs.values():
        assert ref in notes
    schedule = tmp_path / "schedule.docx"
    assert main(["export", str(case.path), "--format", "schedule", "--bundle-refs",
                 "--estimate-pages", "-o", str(schedule)]) == 0  # fmt: skip
    with zipfile.ZipFile(schedule) as package:
        body = "".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )
    in_schedule = [ref for ref in refs.values() if ref in body]
    assert in_schedule  # the schedule's extracts cite bundle pages too
    assert not re.search(r"\bpara\. \d", body)  # no source pinpoints left


def test_the_cli_writes_a_verified_bundle(built, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    case, _, _ = built
    out = tmp_path / "cli.pdf"
    previous = os.umask(0o022)
    try:
        code = main(["export", str(case.path), "--format", "bundle", "--prefix", "RB",
                     "--title", "Respondent's bundle", "--tag", "Claim",
                     "-o", str(out)])  # fmt: skip
    finally:
        os.umask(previous)
    assert code == 0
    err = capsys.readouterr().err
    assert "verified" in err and "no text of its own" not in err  # the scan has no Claim
    assert out.stat().st_mode & 0o777 == 0o644  # not the temporary file's private mode
    reader = pypdf.PdfReader(out)
    assert reader.page_labels[0] == "RB 1"
    assert "Respondent's bundle" in _texts(out)[0]
    claims = case.tag_named("Claim").id
    sources = {e.source_id for e in case.excerpts() if claims in e.tag_ids}
    titles = [case.source(s).title for s in sources]
    outline = " ".join(i.title for i in reader.outline if not isinstance(i, list))
    outline += " ".join(
        i.title for group in reader.outline if isinstance(group, list) for i in group
    )
    assert all(f"— {title}" in outline for title in titles)


def test_a_scan_without_text_is_included_and_reported(built, plan) -> None:  # type: ignore[no-untyped-def]
    case, out, ids = built
    warnings = write_bundle(case, out.with_name("again.pdf"), BundleOptions()).warnings
    scan = next(e for e in plan.entries if e.source.id == ids["scan"])
    assert scan.pages == 2
    assert any(f"AB {scan.first + 1} has no text of its own" in w for w in warnings)


def _damage(case: Case, source_id: int, data: bytes) -> None:
    with sqlite3.connect(case.path) as db:
        db.execute("UPDATE source_blob SET data = ? WHERE source_id = ?", (data, source_id))


@pytest.mark.parametrize("kind", ["damaged", "encrypted"])
def test_a_bad_source_stops_the_build_naming_it_and_leaves_no_file(
    tmp_path: Path, kind: str
) -> None:
    case = Case.create(tmp_path / "bad.casefile")
    source = _add(case, make_pdf(tmp_path / "refusal.pdf", [EN]), "Refusal letter")
    original = case.blob(source)
    if kind == "damaged":
        data = original[: len(original) // 3]
    else:
        pdf = pikepdf.open(io.BytesIO(original))
        buffer = io.BytesIO()
        pdf.save(buffer, encryption=pikepdf.Encryption(owner="o", user="u"))
        data = buffer.getvalue()
    _damage(case, source, data)
    out = tmp_path / "bundle.pdf"
    with pytest.raises(CasefileError, match=r"refusal\.pdf: the PDF is (damaged|encrypted)"):
        export(case, "bundle", out, ExportOptions())
    assert list(tmp_path.glob("*.pdf")) == [tmp_path / "refusal.pdf"]
    case.close()


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    case = build_demo(tmp_path / "demo.casefile")
    out = tmp_path / "bundle.pdf"
    calls = []

    def progress(done: int, total: int, what: str) -> bool:
        calls.append(what)
        return len(calls) < 4

    with pytest.raises(Cancelled):
        write_bundle(case, out, BundleOptions(), progress)
    assert not list(tmp_path.glob("*.pdf"))
    case.close()


def test_add_translation_is_undone_and_redone(tmp_path: Path) -> None:
    case = Case.create(tmp_path / "t.casefile")
    source = _add(case, make_pdf(tmp_path / "letter.pdf", [RU]), "Letter")
    file = tmp_path / "t.txt"
    file.write_text("A translation.", encoding="utf-8")
    applied = case.run(AddTranslation(source, prepare_translation(file, "A. Translator")))
    assert [t.translator for t in translations(case, source)] == ["A. Translator"]
    redo = case.run(applied.inverse).inverse
    assert translations(case) == []
    case.run(redo)
    assert [t.text for t in translations(case)] == ["A translation."]
    case.close()


def test_translation_cli(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.casefile"
    build_demo(path).close()
    file = tmp_path / "t.txt"
    file.write_text("Перевод.", encoding="utf-8")
    assert main(["translation", "add", str(path), "2", str(file), "--translator", "I. Ivanova",
                 "--qualifications", "CIOL", "--language", "ru"]) == 0  # fmt: skip
    assert main(["translation", "list", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"translator": "I. Ivanova"' in out and '"language": "ru"' in out
    assert main(["translation", "add", str(path), "99", str(file), "--translator", "X"]) == 1
    assert "there is no source 99" in capsys.readouterr().err
    with Case.open(path) as case:
        added = [t.id for t in translations(case) if t.translator == "I. Ivanova"]
    assert main(["translation", "remove", str(path), str(added[0])]) == 0
    with Case.open(path) as case:
        assert added[0] not in [t.id for t in translations(case)]
    assert main(["translation", "remove", str(path), str(added[0])]) == 1


def test_layout_is_deterministic(built) -> None:  # type: ignore[no-untyped-def]
    case, _, _ = built
    options = bundle_options(ExportOptions())
    first = plan_bundle(case, options, render=False)
    second = plan_bundle(case, options, render=False)
    try:
        assert [(e.tab, e.first, e.pages) for e in first.entries] == [
            (e.tab, e.first, e.pages) for e in second.entries
        ]
        assert [first.ref(p) for p in first.passages] == [second.ref(p) for p in second.passages]
    finally:
        first.close()
        second.close()


def test_a_source_put_in_another_section_moves_there_and_undo_moves_it_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.casefile"
    build_demo(path).close()
    assert main(["source", "section", str(path), "1", "other"]) == 0
    with Case.open(path) as case:
        laid_out = plan_bundle(case, BundleOptions(), render=False)
        try:
            moved = next(e for e in laid_out.entries if e.source.id == 1)
            assert moved.section == "Other documents"
            assert laid_out.entries[-1] is moved  # the last section
        finally:
            laid_out.close()
        from casefile.services.translation_ops import SetBundleSection

        applied = case.run(SetBundleSection(1, "Country information"))
        assert case.source(1).bundle_section == "Country information"
        case.run(applied.inverse)
        assert case.source(1).bundle_section == "Other documents"


@pytest.mark.skipif(not __import__("casefile.ingest.ocr", fromlist=["x"]).installed_languages(),
                    reason="Tesseract is not installed")  # fmt: skip
def test_scans_and_photos_carry_their_ocr_text_and_highlights(tmp_path: Path) -> None:
    from tests.scans import TEXTS, image_bytes, scanned_pdf, typeset_page

    case = Case.create(tmp_path / "ocr.casefile")
    pages = [typeset_page(TEXTS["en"], "en", noise=0.001, seed=1)]
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(pages))
    photo = tmp_path / "photo.png"
    photo.write_bytes(image_bytes([typeset_page(TEXTS["en"], "en", noise=0.001, seed=2)], "PNG"))
    ids = [_add(case, scan, "Scanned statement"), _add(case, photo, "Photographed statement")]
    excerpts = []
    for source_id in ids:
        text = case.text(source_id)
        at = text.index("appellant")
        end = text.index(" ", at + 20)
        excerpts.append(case.run(CreateExcerpt(source_id, at, end)).result)
    out = tmp_path / "bundle.pdf"
    report = write_bundle(case, out, BundleOptions())  # verified: highlights hold their text
    assert not any("no text of its own" in w for w in report.warnings)
    texts = _texts(out)
    laid_out = plan_bundle(case, BundleOptions(), render=False)
    try:
        for entry in laid_out.entries:
            assert "appellant" in texts[entry.first]  # the invisible OCR layer is extractable
        assert {p.excerpt.id for p in laid_out.passages} == set(excerpts)
    finally:
        laid_out.close()
    case.close()


def test_translated_paragraphs_of_highlighted_passages_are_marked_in_the_margin(
    built, plan
) -> None:  # type: ignore[no-untyped-def]
    _, out, ids = built
    number = next(i for i, e in enumerate(plan.entries) if e.source.id == ids["korean"])
    translated = plan.entries[number + 1]
    passages = [p for p in plan.passages if p.entry.source.id == ids["korean"]]
    marked = {span for p in passages for span in p.translation_spans}
    assert marked and all(p.translation for p in passages)
    document = pdfium.PdfDocument(str(out))
    image = document[translated.first].render(scale=2).to_pil().convert("RGB")
    document.close()

    def margin(start: int, end: int) -> tuple[int, int, int]:
        page, (_, top, _, bottom) = translated.boxes.rects(start, end)[0]
        assert page == 0
        return image.getpixel((round(70.7 * 2), round(top + bottom)))

    first_paragraph = (0, 10)
    assert margin(*first_paragraph) == (255, 255, 255)
    for start, end in marked:
        red, _, blue = margin(start, end)
        assert blue > red + 40  # the Testimony tag's blue
