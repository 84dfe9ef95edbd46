"""Cost that follows what is shown: the generated big case (1,000 sources, 100 MB of text,
50,000 excerpts), durable commits, bulk highlights. Ratios against baselines measured here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from casefile.export.brief import write_brief
from casefile.export.brief_options import BriefOptions
from casefile.export.selection import Selection
from casefile.services import Case
from casefile.services.bulk_ops import CreateExcerpts, NewExcerpt
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource
from casefile.storage import engine as storage
from tests.benchmarks.bigcase import BRIEF_TAG, big_case
from tests.benchmarks.conftest import best_of, report

ENV = {**os.environ, "CASEFILE_BACKUPS": "0"}  # measure the command, not a daily backup

BASELINE = """
import json, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
tags = dict(connection.execute("SELECT id, name FROM tag"))
titles = dict(connection.execute("SELECT id, title FROM record"))
tagged, linked = {}, {}
for e, t in connection.execute("SELECT excerpt_id, tag_id FROM excerpt_tag ORDER BY tag_id"):
    tagged.setdefault(e, []).append(tags[t])
for e, r, rel in connection.execute("SELECT * FROM excerpt_record ORDER BY record_id"):
    linked.setdefault(e, []).append({"id": r, "title": titles[r], "relation": rel})
columns = ("id", "source_id", "start", "end", "exact", "prefix", "suffix", "note", "status",
           "author", "created_at", "updated_at")
rows = [dict(zip(columns, row)) for row in connection.execute(
    'SELECT id, source_id, start, "end", exact, prefix, suffix, note, status, author, '
    "created_at, updated_at FROM excerpt ORDER BY source_id, start, id")]
for row in rows:
    row["tags"], row["records"] = tagged.get(row["id"], []), linked.get(row["id"], [])
sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
"""


def _run(args: list[str]) -> None:
    with open(os.devnull, "w") as sink:
        subprocess.run(args, stdout=sink, check=True, env=ENV)


def test_excerpts_json_in_the_big_case() -> None:
    path = str(big_case())
    baseline = best_of(lambda: _run([sys.executable, "-c", BASELINE, path]), repeat=2)
    ours = best_of(lambda: _run([sys.executable, "-m", "casefile", "excerpts", path, "--json"]),
                   repeat=2)  # fmt: skip
    assert report("excerpts --json, 50,000 excerpts", ours, baseline, 2.0) < 4.0


def test_brief_of_2000_excerpts_in_the_big_case(tmp_path: Path) -> None:
    with Case.open(big_case(), read_only=True) as case:
        brief_tag = case.tag_named(BRIEF_TAG).id
        chosen = case.excerpts(tag_ids=(brief_tag,))
        assert len(chosen) == 2000

        def bare() -> None:
            doc = Document()
            for excerpt in chosen:
                doc.add_paragraph(f"\u201c{excerpt.exact}\u201d", style="Quote")
                doc.add_paragraph(f"Note: {excerpt.note}")
            doc.save(str(tmp_path / "bare.docx"))

        options = BriefOptions(selection=Selection(tag_ids=(brief_tag,)))
        baseline = best_of(bare, repeat=2)
        ours = best_of(lambda: write_brief(case, tmp_path / "brief.docx", options), repeat=2)
    assert report("brief of 2,000 excerpts in the big case", ours, baseline, 1.5) < 4.0


def _source(case: Case, tmp_path: Path, size: int) -> int:
    document = tmp_path / "long.txt"
    document.write_text(("A witness said the officers came at night. " * (size // 43)),
                        encoding="utf-8")  # fmt: skip
    source = case.run(ImportSource(prepare_import(document))).result
    assert source is not None
    return source


def test_bulk_highlights_per_second(tmp_path: Path) -> None:
    count = 20_000
    with Case.create(tmp_path / "bulk.casefile") as case:
        source = _source(case, tmp_path, 1_000_000)
        items = [NewExcerpt(source, i * 40, i * 40 + 30, (1,)) for i in range(count)]
        began, cpu = time.perf_counter(), time.process_time()
        applied = case.run(CreateExcerpts(items))
        ours, cpu = time.perf_counter() - began, time.process_time() - cpu
        assert applied.result == count
    rate = count / ours
    print(f"\n[benchmark] CreateExcerpts: {count} excerpts in {ours * 1000:.0f} ms = "
          f"{rate:,.0f} excerpts/s (target 20,000/s); CPU {cpu * 1000:.0f} ms = "
          f"{count / cpu:,.0f}/s (the rest is waiting for the disk and the machine)")  # fmt: skip
    assert rate > 10_000


def test_cost_of_durable_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """synchronous=FULL (an fsync per commit) against NORMAL, 200 single highlights each."""
    results = {}
    for mode in ("NORMAL", "FULL"):
        path = tmp_path / f"{mode}.casefile"
        with Case.create(path) as case:
            source = _source(case, tmp_path, 100_000)
            original = storage._connect_hook

            def hook(read_only: bool, mode: str = mode, original: object = original) -> object:
                inner = original(read_only)  # type: ignore[operator]

                def on_connect(connection: object, record: object) -> None:
                    inner(connection, record)
                    connection.execute(f"PRAGMA synchronous={mode}")  # type: ignore[attr-defined]

                return on_connect

            monkeypatch.setattr(storage, "_connect_hook", hook)
        with Case.open(path) as case:
            with case.engine.connect() as connection:
                level = connection.exec_driver_sql("PRAGMA synchronous").scalar()
                assert level == {"NORMAL": 1, "FULL": 2}[mode]
            began = time.perf_counter()
            for i in range(200):
                case.run(CreateExcerpt(source, i * 43, i * 43 + 20))
            results[mode] = (time.perf_counter() - began) / 200
        monkeypatch.undo()
    report("one highlight, synchronous=FULL vs NORMAL", results["FULL"], results["NORMAL"], 3.0)
    print(f"[benchmark] per highlight: FULL {results['FULL'] * 1000:.2f} ms, "
          f"NORMAL {results['NORMAL'] * 1000:.2f} ms")  # fmt: skip


def test_opening_the_big_case(tmp_path: Path) -> None:
    """Open (checks included) and list what the panels show first, against raw SQLite."""
    path = tmp_path / "big.casefile"
    shutil.copyfile(big_case(), path)

    def ours() -> None:
        with Case.open(path) as case:
            case.sources()
            case.tags()
            case.records()
            case.excerpts(source_id=1)

    def bare() -> None:
        import sqlite3

        connection = sqlite3.connect(path)
        connection.execute("SELECT * FROM source").fetchall()
        connection.execute("SELECT source_id, count(*) FROM excerpt GROUP BY source_id").fetchall()
        connection.execute("SELECT * FROM tag").fetchall()
        connection.execute("SELECT * FROM record").fetchall()
        connection.execute("SELECT * FROM excerpt WHERE source_id = 1").fetchall()
        connection.close()

    os.environ["CASEFILE_BACKUPS"] = "0"
    try:
        baseline = best_of(bare, repeat=2)
        measured = best_of(ours, repeat=2)
    finally:
        del os.environ["CASEFILE_BACKUPS"]
    report("open the big case and list sources, tags, records, one source's excerpts",
           measured, baseline, 10.0)  # fmt: skip
    assert storage.inspect_file(path)
