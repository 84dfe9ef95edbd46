"""Importing 50 MB of web page, Word XML and plain text: time and peak memory against the
bare parsers, each measured in a fresh child process (its own peak resident size, VmHWM).

Run with ``pytest -m benchmark tests/benchmarks/test_import_memory.py -s``. The
peak memory of an import must stay within 8 × the file size + 300 MB (the
contract of issue 12); times are reported as ratios to the bare parser.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.documents import EN, KO, RU

SIZE = 50_000_000
WORDS = (EN + " " + RU + " " + KO).split()

CHILD = r"""
import json, sys, time
kind, path, name = sys.argv[1:4]
if kind == "ours":
    from casefile.ingest import extract, registry
    registry.importers()
    began = time.perf_counter()
    result = extract(open(path, "rb").read(), name)
    size = len(result.text)
elif kind == "lxml":
    import lxml.html
    began = time.perf_counter()
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    data = open(path, "rb").read()
    size = len(lxml.html.document_fromstring(data, parser=parser).text_content())
elif kind == "python-docx":
    import docx
    began = time.perf_counter()
    size = sum(len(p.text) for p in docx.Document(path).paragraphs)
else:
    began = time.perf_counter()
    size = len(open(path, "rb").read().decode("utf-8"))
seconds = time.perf_counter() - began
# VmHWM: this process's own high-water mark (ru_maxrss would include the parent's
# resident size at fork time, which Linux carries across exec)
status = open("/proc/self/status").read()
peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
print(json.dumps({"seconds": seconds, "peak": peak, "chars": size}))
"""


def _paragraphs(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80)))


def _html(path: Path, rng: random.Random) -> None:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Transcript</title>"
             "</head><body><nav><a href='/'>Home</a></nav><article><h1>Hearing</h1>"]  # fmt: skip
    size = 0
    while size < SIZE:
        part = f"<p>{_paragraphs(rng)}</p>\n"
        parts.append(part)
        size += len(part.encode())
    parts.append("</article></body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def _text(path: Path, rng: random.Random) -> None:
    parts, size = [], 0
    while size < SIZE:
        part = _paragraphs(rng) + "\n\n"
        parts.append(part)
        size += len(part.encode())
    path.write_text("".join(parts), encoding="utf-8")


def _docx(path: Path, rng: random.Random) -> None:
    """A DOCX whose document.xml is 50 MB (the file itself is smaller: XML compresses)."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    template = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    body, size = [], 0
    while size < SIZE:
        part = f'<w:p><w:r><w:t xml:space="preserve">{_paragraphs(rng)}</w:t></w:r></w:p>'
        body.append(part)
        size += len(part.encode())
    document = template.read("word/document.xml").decode()
    at = document.index("<w:body>") + len("<w:body>")
    document = document[:at] + "".join(body) + document[at:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in template.infolist():
            data = template.read(info.filename)
            main_part = info.filename == "word/document.xml"
            out.writestr(info.filename, document.encode() if main_part else data)


def _measure(kind: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), path.name],
        capture_output=True, text=True, timeout=1800, check=True,
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    ("name", "make", "bare"),
    [("page.html", _html, "lxml"), ("hearing.docx", _docx, "python-docx"),
     ("transcript.txt", _text, "decode")],
)  # fmt: skip
def test_fifty_megabytes(tmp_path: Path, name: str, make: object, bare: str) -> None:
    path = tmp_path / name
    make(path, random.Random(1))  # type: ignore[operator]
    size = path.stat().st_size
    ours = _measure("ours", path)
    baseline = _measure(bare, path)
    limit = 8 * size + 300 * 1024 * 1024
    print(
        f"\n[benchmark] import {name} ({size / 1e6:.1f} MB file): {ours['seconds']:.1f} s, "
        f"peak {ours['peak'] / 1e6:.0f} MB (limit {limit / 1e6:.0f} MB) | bare {bare}: "
        f"{baseline['seconds']:.1f} s, peak {baseline['peak'] / 1e6:.0f} MB | time "
        f"{ours['seconds'] / max(baseline['seconds'], 1e-3):.1f}x, memory "
        f"{ours['peak'] / baseline['peak']:.2f}x"
    )
    assert ours["chars"] > 0
    assert ours["peak"] <= limit
