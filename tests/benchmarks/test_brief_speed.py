"""The brief's export time against bare python-docx, and its growth: 2,000, 20,000 and
50,000 excerpts must cost the same per excerpt (linear), which they did not before
(5,020 quotations 5.8 s, 16,686 23 s, 50,020 265 s)."""

from __future__ import annotations

import time
from pathlib import Path

from docx import Document
from sqlalchemy import insert

from casefile.export.brief import write_brief
from casefile.export.brief_options import ExportOptions
from casefile.services import Case
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.storage import schema as s
from tests.benchmarks.conftest import best_of, report

SENTENCE = "The witness said that officers carried him to the van and that he had no shoes on. "


def big_case(folder: Path, count: int) -> tuple[Path, list[str]]:
    document = folder / f"report-{count}.txt"
    document.write_text("\n\n".join(f"{i}. {SENTENCE}" for i in range(count)), encoding="utf-8")
    path = folder / f"big-{count}.casefile"
    with Case.create(path) as case:
        source_id = case.run(ImportSource(prepare_import(document))).result
        text = case.text(source_id or 0)
        starts, at = [], 0
        for i in range(count):
            at = text.index(f"{i}. The", at)
            starts.append(at)
        with case.engine.begin() as connection:
            connection.execute(
                insert(s.Excerpt),
                [
                    {"source_id": source_id, "start": a, "end": a + 60, "exact": text[a : a + 60],
                     "prefix": "", "suffix": "", "note": "A note.", "author": "", "created_at": "",
                     "updated_at": "", "status": "anchored"}
                    for a in starts
                ],
            )  # fmt: skip
            connection.execute(
                insert(s.ExcerptTag), [{"excerpt_id": i + 1, "tag_id": 2} for i in range(count)]
            )
    return path, [text[a : a + 60] for a in starts]


def _export(path: Path, out: Path) -> float:
    with Case.open(path) as case:
        began = time.perf_counter()
        write_brief(case, out, ExportOptions())
        return time.perf_counter() - began


def test_brief_of_2000_excerpts(tmp_path: Path) -> None:
    path, quotes = big_case(tmp_path, 2000)

    def bare() -> None:
        doc = Document()
        for quote in quotes:
            doc.add_paragraph(f"\u201c{quote}\u201d", style="Quote")
            doc.add_paragraph("Note: A note.")
        doc.save(str(tmp_path / "bare.docx"))

    baseline = best_of(bare, repeat=2)
    ours = min(_export(path, tmp_path / "brief.docx") for _ in range(2))
    assert report("brief of 2,000 excerpts", ours, baseline, 1.5) < 4.0


def test_brief_time_grows_linearly_to_50000_excerpts(tmp_path: Path) -> None:
    times = {}
    for count in (2000, 20000, 50000):
        path, _quotes = big_case(tmp_path, count)
        times[count] = _export(path, tmp_path / f"brief-{count}.docx")
        print(f"\n[benchmark] brief of {count:,} excerpts: {times[count]:.1f} s "
              f"({times[count] / count * 1000:.2f} ms per excerpt)")  # fmt: skip
    per_small = times[2000] / 2000
    ratio_20k = (times[20000] / 20000) / per_small
    ratio_50k = (times[50000] / 50000) / per_small
    print(f"[benchmark] time per excerpt against 2,000: 20,000 {ratio_20k:.2f}x, "
          f"50,000 {ratio_50k:.2f}x (linear: 1.0x)")  # fmt: skip
    assert ratio_50k < 2.0  # linear within noise; quadratic growth would give ~25x
