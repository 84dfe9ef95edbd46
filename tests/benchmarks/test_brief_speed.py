"""Exporting 2,000 excerpts against bare python-docx writing the same paragraphs (target 1.5x).

The brief does more than the baseline (footnotes, tables, the chronology), so the assertion
allows 4x for a noisy machine; the printed ratio is the measurement."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from sqlalchemy import insert

from casefile.export.brief import write_brief
from casefile.export.brief_options import BriefOptions
from casefile.services import Case
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.storage import schema as s
from tests.benchmarks.conftest import best_of, report

COUNT = 2000


def test_brief_of_2000_excerpts(tmp_path: Path) -> None:
    sentence = "The witness said that officers carried him to the van and that he had no shoes on. "
    document = tmp_path / "report.txt"
    document.write_text("\n\n".join(f"{i}. {sentence}" for i in range(COUNT)), encoding="utf-8")
    path = tmp_path / "big.casefile"
    with Case.create(path) as case:
        source_id = case.run(ImportSource(prepare_import(document))).result
        text = case.text(source_id or 0)
        starts = [text.index(f"{i}. The") for i in range(COUNT)]
        with case.engine.begin() as connection:
            connection.execute(
                insert(s.Excerpt),
                [
                    {
                        "source_id": source_id,
                        "start": a,
                        "end": a + 60,
                        "exact": text[a : a + 60],
                        "prefix": "",
                        "suffix": "",
                        "note": "A note.",
                        "author": "",
                        "created_at": "",
                        "updated_at": "",
                        "status": "anchored",
                    }
                    for a in starts
                ],
            )
            connection.execute(
                insert(s.ExcerptTag), [{"excerpt_id": i + 1, "tag_id": 2} for i in range(COUNT)]
            )
        quotes = [text[a : a + 60] for a in starts]

    def bare() -> None:
        doc = Document()
        for quote in quotes:
            doc.add_paragraph(f"\u201c{quote}\u201d", style="Quote")
            doc.add_paragraph("Note: A note.")
        doc.save(str(tmp_path / "bare.docx"))

    with Case.open(path) as case:
        baseline = best_of(bare, repeat=2)
        ours = best_of(lambda: write_brief(case, tmp_path / "brief.docx", BriefOptions()), repeat=2)
    assert report("brief of 2,000 excerpts", ours, baseline, 1.5) < 4.0
