"""Optical character recognition with Tesseract 5, page by page, two pages at a time.

Tesseract is run as a program (``tesseract stdin stdout -l … tsv``), not through
a wrapper library: its TSV output is a stable, documented format that carries
each word's box, the page image goes in on stdin and the result comes back on
stdout (no temporary files holding a client's documents), and each page is its
own process, so pages are recognised in parallel on both cores and a cancel
kills the running pages at once. OpenMP inside Tesseract is switched off
(``OMP_THREAD_LIMIT=1``): two single-threaded pages are faster than one page
fighting a second for the same two cores.

Pure: bytes in, words out; no Qt, no database.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from casefile.domain.errors import CasefileError
from casefile.ingest.ocr_layout import OcrPage, parse_tsv

OCR_DPI = 300  # pages are rendered (PDF) or scaled (images) to this before recognition
PAGE_TIME_LIMIT = 300.0  # seconds for one page; a page that takes longer is given up
INSTALL_HINT = (
    "install Tesseract to recognise scans (Debian/Ubuntu: sudo apt install tesseract-ocr "
    "tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-kor)"
)

# ISO 639-1 / -2 codes and English names -> Tesseract's traineddata names.
_TESSERACT_CODES = {
    "en": "eng", "ru": "rus", "ko": "kor", "uk": "ukr", "be": "bel", "fr": "fra",
    "de": "deu", "es": "spa", "it": "ita", "pt": "por", "ar": "ara", "fa": "fas",
    "ps": "pus", "ur": "urd", "tr": "tur", "ku": "kmr", "zh": "chi_sim", "ja": "jpn",
    "am": "amh", "ti": "tir", "so": "som", "sw": "swa", "ka": "kat", "hy": "hye",
    "az": "aze", "uz": "uzb", "kk": "kaz", "ky": "kir", "tg": "tgk", "vi": "vie",
    "th": "tha", "hi": "hin", "bn": "ben", "ta": "tam", "si": "sin", "my": "mya",
    "ne": "nep", "pa": "pan", "sq": "sqi", "sr": "srp", "hr": "hrv", "bs": "bos",
    "pl": "pol", "ro": "ron", "bg": "bul", "el": "ell", "he": "heb", "nl": "nld",
    "english": "eng", "russian": "rus", "korean": "kor",
}  # fmt: skip


class OcrUnavailable(CasefileError):
    """Tesseract is not installed (or has no language data)."""


class OcrCancelled(CasefileError):
    """The user stopped the recognition."""


@dataclass(frozen=True, slots=True)
class PageImage:
    """A page to recognise: a greyscale image and how it maps to points."""

    pixels: bytes  # binary PGM (P5): Tesseract reads it from stdin without a decoder
    dpi: float  # image pixels per inch
    width: float  # page size in points
    height: float
    label: str


def pgm(width: int, height: int, grey: bytes) -> bytes:
    """A binary PGM image from 8-bit grey rows with no padding."""
    return f"P5\n{width} {height}\n255\n".encode() + grey


def tesseract() -> str | None:
    return shutil.which("tesseract")


@functools.cache
def installed_languages() -> tuple[str, ...]:
    """Tesseract's installed languages (without ``osd``), or () without Tesseract."""
    program = tesseract()
    if program is None:
        return ()
    try:
        listing = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    lines = (listing.stdout or listing.stderr).splitlines()
    return tuple(
        line.strip()
        for line in lines[1:]
        if line.strip() and line.strip() != "osd" and " " not in line.strip()
    )


def tesseract_code(language: str) -> str:
    """``en``, ``en-GB``, ``eng``, ``English`` -> ``eng`` (unknown codes pass through)."""
    key = language.strip().lower().replace("_", "-")
    return _TESSERACT_CODES.get(key) or _TESSERACT_CODES.get(key.split("-")[0]) or key


def choose_languages(preferred: Iterable[str]) -> str:
    """Tesseract's ``-l`` argument: the preferred languages that are installed, else all.

    ``preferred`` lists language names or codes, most specific first (the source's,
    then the case's). English is added to a non-English choice: documents about
    asylum claims mix the two constantly (names, quotations, headers).
    """
    installed = installed_languages()
    if not installed:
        raise OcrUnavailable(INSTALL_HINT)
    chosen: list[str] = []
    for language in preferred:
        for part in language.replace("+", ",").split(","):
            code = tesseract_code(part) if part.strip() else ""
            if code in installed and code not in chosen:
                chosen.append(code)
        if chosen:
            break
    if not chosen:
        return "+".join(installed)
    if "eng" in installed and "eng" not in chosen:
        chosen.append("eng")
    return "+".join(chosen)


def recognise_page(
    page: PageImage, languages: str, running: set[subprocess.Popen[bytes]] | None = None
) -> OcrPage:
    """Recognise one page (in this thread; Tesseract is a separate process)."""
    program = tesseract()
    if program is None:
        raise OcrUnavailable(INSTALL_HINT)
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [program, "stdin", "stdout", "-l", languages, "--dpi", str(round(page.dpi))]
    command += ["--psm", page_segmentation(languages)]
    process = subprocess.Popen(
        [*command, "tsv"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    if running is not None:
        running.add(process)
    try:
        out, err = process.communicate(page.pixels, timeout=PAGE_TIME_LIMIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise CasefileError(
            f"page {page.label}: recognition took over {PAGE_TIME_LIMIT:.0f} s"
        ) from None
    finally:
        if running is not None:
            running.discard(process)
    if process.returncode != 0:
        if process.returncode < 0:  # killed: cancelled
            raise OcrCancelled("recognition cancelled")
        message = err.decode(errors="replace").strip().splitlines()
        raise CasefileError(
            f"page {page.label}: Tesseract failed ({message[-1] if message else 'no message'})"
        )
    return parse_tsv(
        out.decode("utf-8", errors="replace"), page.width, page.height, page.label,
        72.0 / page.dpi,
    )  # fmt: skip


def page_segmentation(languages: str) -> str:
    """Tesseract's page segmentation mode for these languages.

    Automatic layout analysis (3) finds columns, but on Korean pages made here it
    dropped whole lines (8% of words recalled against 100% with mode 4, "one
    column of text of varying sizes"); with a CJK language mode 4 is used.
    """
    cjk = {"kor", "kor_vert", "chi_sim", "chi_tra", "jpn", "jpn_vert"}
    return "4" if cjk & set(languages.split("+")) else "3"


Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def recognise(
    pages: Iterable[PageImage],
    count: int,
    languages: str,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    workers: int | None = None,
) -> list[OcrPage]:
    """Recognise ``count`` pages, at most ``workers`` (default: the cores) at a time.

    ``pages`` may be a generator: pages are rendered only as fast as they are
    recognised, so a 500-page scan never sits in memory at 300 dpi all at once.
    ``progress(done, count)`` is called after each page; when ``cancel()`` turns
    true the running Tesseract processes are killed and :class:`OcrCancelled` raised.
    """
    workers = max(1, workers or os.cpu_count() or 1)
    running: set[subprocess.Popen[bytes]] = set()
    lock = threading.Lock()
    results: dict[int, OcrPage] = {}
    source: Iterator[PageImage] = iter(pages)

    def stop() -> None:
        with lock:
            for process in list(running):
                process.kill()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[OcrPage], int] = {}
        index = 0
        exhausted = False
        try:
            while pending or not exhausted:
                while not exhausted and len(pending) < workers:
                    if cancel is not None and cancel():
                        raise OcrCancelled("recognition cancelled")
                    page = next(source, None)
                    if page is None:
                        exhausted = True
                        break
                    pending[pool.submit(recognise_page, page, languages, running)] = index
                    index += 1
                if not pending:
                    break
                done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                if cancel is not None and cancel():
                    raise OcrCancelled("recognition cancelled")
                for future in done:
                    results[pending.pop(future)] = future.result()
                    if progress is not None:
                        progress(len(results), count)
        except BaseException:
            stop()
            for future in pending:
                future.cancel()
            raise
    return [results[i] for i in sorted(results)]


def scale_for(dpi: float) -> float:
    """How much to enlarge an image of ``dpi`` before recognition (Tesseract reads
    small type far better at 300 dpi; photos and 150-dpi scans gain most)."""
    return 1.0 if dpi >= OCR_DPI * 0.9 else min(OCR_DPI / max(dpi, 1.0), 4.0)


def notice(languages: str, text: str) -> str:
    """What the source's properties say about recognised text."""
    if not text.strip():
        return f"Text recognition (OCR, {languages}) found no text on these pages."
    return (
        f"The text was recognised by OCR ({languages}) from page images: check a "
        "quotation against the page before relying on it."
    )


@dataclass(frozen=True, slots=True)
class Recognition:
    """How an import uses OCR: when, in which languages, with progress and cancel."""

    force: bool = False  # recognise even a PDF whose text layer looks fine
    allowed: bool = True  # False: never recognise (keep a PDF's text layer as it is)
    languages: tuple[str, ...] = ()  # the source's language, then the case's; () = all
    progress: Progress | None = None
    cancel: Cancel | None = None
