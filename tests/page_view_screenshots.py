"""Make the README's page-view screenshots (English PDF, Russian scan, Korean photo).

Run under a display (Xvfb + a window manager)::

    python -m tests.page_view_screenshots OUT_FOLDER

It writes a case file with three sources made here (a PDF with a text layer, a
scanned PDF read by OCR, a phone-style photo read by OCR), highlights passages
in each, then opens the real app at each source's page (``casefile gui CASE
--source ID --page 1``), sizes its window with xdotool and grabs the screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.services.tag_ops import CreateTag
from tests.documents import make_pdf
from tests.scans import TEXTS, scanned_pdf, typeset_page

REPORT = [
    "Country Policy Note: Returns to Haedong (2026)\n"
    "1. Summary\n"
    "Returnees who are relatives of activists face a real risk of detention.\n"
    "The authorities question returnees at the airport about their families.\n"
    "Two officers carried him to the van, a witness told the Council.\n"
    "He had no shoes on and was shouting that they would kill him.\n"
    "2. Sources\n"
    "The Northern Refugee Council interviewed 41 returnees in 2025.\n"
    "Nine said they were beaten during questioning.",
    "3. Assessment\nDetention after return is not limited to prominent activists.\n"
    "Complaints to the prosecutor are rarely investigated.",
]
HIGHLIGHTS = {  # source file -> (quote, tag) pairs
    "policy-note.pdf": [
        ("face a real risk of detention", "Claim"),
        ("Two officers carried him to the van", "Testimony"),
        ("Nine said they were beaten during questioning", "Ill-treatment"),
    ],
    "letter-ru.pdf": [
        ("полиция дважды обыскала дом", "Testimony"),
        ("держали три дня без", "Ill-treatment"),
        ("родственников", "Claim"),
    ],
    "statement-ko.png": [
        ("경찰이 집을", "Testimony"),
        ("사흘 동안 구금되었다", "Ill-treatment"),
        ("활동가로 의심되는", "Claim"),
    ],
}


def build(folder: Path) -> tuple[Path, dict[str, int]]:
    folder.mkdir(parents=True, exist_ok=True)
    make_pdf(folder / "policy-note.pdf", REPORT)
    ru = [typeset_page(TEXTS["ru"], "ru", noise=0.001), typeset_page(TEXTS["ru"], "ru", seed=2)]
    (folder / "letter-ru.pdf").write_bytes(scanned_pdf(ru))
    typeset_page(TEXTS["ko"], "ko", points=14, noise=0.001).save(
        folder / "statement-ko.png", dpi=(150, 150)
    )
    path = folder / "page-view.casefile"
    path.unlink(missing_ok=True)
    ids: dict[str, int] = {}
    with Case.create(path, title="Matter of P. — page view") as case:
        case.run(CreateTag("Ill-treatment", "#c0392b"))
        for name, quotes in HIGHLIGHTS.items():
            language = {"letter-ru.pdf": "ru", "statement-ko.png": "ko"}.get(name, "en")
            from casefile.domain.text import SourceMetadata

            new = prepare_import(folder / name, SourceMetadata(language=language))
            source = case.run(ImportSource(new)).result
            assert source is not None
            ids[name] = source
            text = case.text(source)
            for quote, tag in quotes:
                start = text.find(quote)
                if start < 0:
                    print(f"not found by OCR, skipped: {quote!r}", file=sys.stderr)
                    continue
                tag_id = case.tag_named(tag).id
                case.run(CreateExcerpt(source, start, start + len(quote), tag_ids=[tag_id]))
    return path, ids


def _window_of(pid: int, timeout: float = 60.0) -> str:
    """The X window of a process, once it is mapped (xdotool's --sync misses it here)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--pid", str(pid)], capture_output=True, text=True
        ).stdout.split()
        if found:
            time.sleep(2)  # let it show the case file
            return found[-1]
        time.sleep(0.5)
    raise TimeoutError(f"no window for process {pid}")


def main(out: Path, size: tuple[int, int] = (1600, 1000)) -> None:
    work = out / "page-view-work"
    case, ids = build(work)
    environment = {**os.environ, "XDG_CONFIG_HOME": str(work / "config")}
    environment.pop("QT_QPA_PLATFORM", None)  # make_pdf set "offscreen": the app needs X
    for stem, name in (("en", "policy-note.pdf"), ("ru", "letter-ru.pdf"),
                       ("ko", "statement-ko.png")):  # fmt: skip
        shot = out / f"screenshot-page-view-{stem}.png"
        app = subprocess.Popen(
            [sys.executable, "-m", "casefile", "gui", str(case), "--source", str(ids[name]),
             "--page", "1"],
            env=environment,
        )  # fmt: skip
        try:
            window = _window_of(app.pid)
            subprocess.run(["xdotool", "windowmove", window, "0", "0"], check=True)
            subprocess.run(["xdotool", "windowsize", window, *map(str, size)], check=True)
            time.sleep(4)  # the pages render after the resize (fit width)
            grab = (
                "import sys; from PySide6.QtGui import QGuiApplication; "
                "app = QGuiApplication(sys.argv[:1]); "
                f"app.primaryScreen().grabWindow(0, 0, 0, {size[0]}, {size[1]})"
                f".save({str(shot)!r})"
            )
            subprocess.run([sys.executable, "-c", grab], check=True, timeout=60, env=environment)
        finally:
            app.terminate()
            app.wait(30)
        print(shot)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
