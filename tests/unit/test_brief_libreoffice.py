"""A real word processor opens the brief: LibreOffice converts it to PDF and the quotations
are in the PDF's text, in English, Russian and Korean."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casefile.export.brief import write_brief
from casefile.export.brief_options import BriefOptions
from casefile.services.demo import build_demo

pytestmark = pytest.mark.libreoffice


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_opens_the_brief_and_shows_every_quotation(tmp_path: Path) -> None:
    brief = tmp_path / "brief.docx"
    with build_demo(tmp_path / "demo.casefile") as case:
        write_brief(case, brief, BriefOptions())
        quotes = [e.exact for e in case.excerpts()]
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(brief),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "brief.pdf"
    assert pdf.exists(), result.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    flat = squash(text.stdout)
    for quote in quotes:  # line wrapping and hyphenation aside, every quotation is there
        if quote[:1] + quote[-1:] in ("\u00ab\u00bb", "\u201c\u201d"):
            quote = quote[1:-1]  # its own outer marks give way to the brief's (never doubled)
        assert squash(quote) in flat, quote
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text.stdout)
    assert "Exhibit index" in text.stdout
