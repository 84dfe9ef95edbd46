"""OCR quality and speed, page view speed (issue 14's targets), each against a baseline.

- word recall on a clean 150-dpi typeset English scan: at least 97% (a quality figure);
- a 10-page scan recognised in at most 60 s; baseline: the same pages through the bare
  ``tesseract`` program one after another (ours runs two pages at a time);
- a 500-page PDF shows its first page in at most 1 s; baseline: bare pypdfium2 opening the
  file and rendering page 1 at the same scale;
- a page renders in at most 30 ms at 100%; baseline: bare pypdfium2 rendering to a bitmap.

Each test prints the absolute time against the issue's target and the ratio; the
assertions are on the ratios (a loaded, shared machine makes absolute times noisy).
"""

from __future__ import annotations

import os
import subprocess
import time

import pypdfium2 as pdfium
import pytest

from casefile.ingest import ImportOptions, extract, ocr
from casefile.ingest.image import page_images
from casefile.ingest.ocr import Recognition
from tests.benchmarks.conftest import best_of, report
from tests.documents import EN, KO, RU, make_pdf
from tests.scans import TEXTS, image_bytes, recall, scanned_pdf, typeset_page

needs_tesseract = pytest.mark.skipif(not ocr.installed_languages(), reason="no Tesseract")


def absolute(name: str, seconds: float, target: float) -> None:
    verdict = "meets" if seconds <= target else "MISSES"
    print(f"\n[benchmark] {name}: {seconds:.3f} s ({verdict} the {target} s target)")


@needs_tesseract
def test_word_recall_on_a_clean_150_dpi_english_scan() -> None:
    text = "\n\n".join([TEXTS["en"]] * 3)
    page = typeset_page(text, "en", dpi=150)
    found = extract(image_bytes([page], "PNG"), "clean.png", ImportOptions())
    value = recall(text, found.text)
    print(f"\n[benchmark] OCR word recall, clean 150-dpi English scan: {value:.1%} (target 97%)")
    assert value >= 0.97


@needs_tesseract
def test_a_10_page_scan_in_at_most_60_seconds() -> None:
    pages = [typeset_page(TEXTS["en"] * 2, "en", dpi=150, noise=0.001, seed=i) for i in range(10)]
    data = scanned_pdf(pages)
    images = list(page_images(pages))  # the same 300-dpi grey images Casefile gives Tesseract
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def bare() -> None:
        for image in images:
            subprocess.run(
                ["tesseract", "stdin", "stdout", "-l", "eng", "--dpi", "300", "tsv"],
                input=image.pixels, capture_output=True, check=True, env=environment,
            )  # fmt: skip

    baseline = best_of(bare, repeat=1)
    began = time.perf_counter()
    found = extract(data, "ten.pdf", ImportOptions(recognition=Recognition(languages=("en",))))
    ours = time.perf_counter() - began
    assert found.pages == 10 and recall(TEXTS["en"] * 20, found.text) > 0.95
    absolute("recognise a 10-page scan (render at 300 dpi + OCR)", ours, 60.0)
    # two pages at a time: below 1x when both cores are free (a shared machine may not be)
    assert report("10-page scan vs bare tesseract, page after page", ours, baseline, 1.0) < 1.5


@pytest.fixture(scope="module")
def big_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    page = "\n".join(f"{n}. {EN} {RU} {KO}"[:110] for n in range(45))
    path = make_pdf(tmp_path_factory.mktemp("pdf") / "long.pdf", [page] * 500)
    return path.read_bytes()


def test_a_500_page_pdf_shows_its_first_page_within_a_second(qtbot: object, big_pdf: bytes) -> None:
    from casefile.ui.page_view import PageView

    view = PageView()
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    view.resize(1000, 900)
    view.show()
    scale = 96 / 72

    def bare() -> None:
        document = pdfium.PdfDocument(big_pdf)
        document[0].render(scale=scale)
        document.close()

    baseline = best_of(bare)
    times = []
    for _ in range(3):
        view.set_zoom(1.0)
        began = time.perf_counter()
        with qtbot.waitSignal(view.first_page_shown, timeout=10000):  # type: ignore[attr-defined]
            view.open_document(big_pdf, "pdf")
        times.append(time.perf_counter() - began)
    ours = min(times)
    assert view.page_count == 500
    absolute("500-page PDF: first page shown", ours, 1.0)
    assert report("500-page PDF first page vs bare open + render", ours, baseline, 3.0) < 5.0


def test_a_page_renders_within_30_ms_at_100_percent(big_pdf: bytes) -> None:
    from casefile.ui.page_render import _Document

    scale = 96 / 72
    document = _Document(big_pdf, "pdf")
    bare_pdf = pdfium.PdfDocument(big_pdf)

    def bare() -> None:
        for index in range(10, 20):
            bare_pdf[index].render(scale=scale)

    def ours() -> None:
        for index in range(10, 20):
            document.render(index, scale)

    baseline = best_of(bare) / 10
    per_page = best_of(ours) / 10
    absolute("render one page at 100% (to a QImage)", per_page, 0.030)
    ratio = report("page render vs bare pypdfium2 bitmap", per_page, baseline, 1.3)
    document.close()
    bare_pdf.close()
    assert ratio < 2.0
