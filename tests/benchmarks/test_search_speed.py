"""Search, indexing and re-import speed on a large case (run with ``pytest -m benchmark``).

The case: 1,000 sources of 100,000 characters (100 MB, English, Russian and
Korean words), 50,000 excerpts. ``CASEFILE_BENCH_SCALE=0.1`` runs a tenth of it.
Baselines, measured in the same run on the same texts:
- indexing: bare inserts into a contentless FTS5 table with the same tokenizer
  (ours: the queue the triggers filled, applied by ``search_index.sync``);
- search: a bare FTS5 query on a content-storing FTS5 table of the same texts,
  returning its first 50 rows with ``snippet()`` (keyword in context).
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from casefile.domain.text import ExtractedText
from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.search import search
from casefile.services.source_ops import ImportSource, NewSource
from casefile.services.versions import ReplaceSourceVersion
from casefile.storage import search_index
from tests.benchmarks.conftest import best_of, report

SCALE = float(os.environ.get("CASEFILE_BENCH_SCALE", "1"))
SOURCES = max(10, int(1000 * SCALE))
CHARACTERS = 100_000
EXCERPTS_PER_SOURCE = 50
VOCABULARY = (
    "asylum applicant police detained village army report protection state court "
    "witness claim refugee border family prison torture evidence hearing decision "
    "полиция задержан заявитель армия суд беженец ёлка граница свидетель решение "
    "정부는 경찰이 난민 법원 증거 가족 국경 결정 보고서 군대"
)
WORDS = VOCABULARY.split(" ")


def _text(rng: random.Random, size: int, rare: str) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))) + ". "
        words.append(sentence.capitalize())
        length += len(sentence)
        if rng.random() < 0.1:
            words.append("\n\n")
    words.insert(len(words) // 2, f" {rare} ")
    return "".join(words)[:size]


@pytest.fixture(scope="module")
def big_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, list[str], float, float]:
    """The large case, built with raw inserts; returns indexing times (ours, bare)."""
    rng = random.Random(15)
    path = tmp_path_factory.mktemp("bench") / "big.casefile"
    case = Case.create(path)
    texts = [_text(rng, CHARACTERS, f"rarissimo{i % 7}") for i in range(SOURCES)]
    with case.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO source(id, title, kind, filename, media_type, sha256, size, imported_at,"
            " author, publisher, published, url, accessed, language, note, pages, notices)"
            " VALUES (?, ?, 'text', 'f.txt', 'text/plain', ?, 0, '', '', '', '', '', '', '', '',"
            " 0, '[]')",
            [(i + 1, f"Source {i + 1}", f"{i:064d}") for i in range(SOURCES)],
        )
        connection.exec_driver_sql(
            "INSERT INTO source_blob(source_id, data) SELECT id, x'' FROM source"
        )
        connection.exec_driver_sql(
            "INSERT INTO source_text(source_id, text) VALUES (?, ?)",
            [(i + 1, t) for i, t in enumerate(texts)],
        )
        connection.exec_driver_sql(
            "INSERT INTO excerpt(source_id, start, end, exact, prefix, suffix, note, author,"
            " created_at, updated_at, status) VALUES (?, ?, ?, ?, '', '', '', '', '', '',"
            " 'anchored')",
            [(i + 1, k * 1000, k * 1000 + 40, texts[i][k * 1000 : k * 1000 + 40])
             for i in range(SOURCES) for k in range(EXCERPTS_PER_SOURCE)],
        )  # fmt: skip
    with case.engine.begin() as connection:  # ours: the queue the triggers filled
        began = time.perf_counter()
        search_index.sync(connection)
        ours = time.perf_counter() - began
    bodies = [(i + 1, search_index.index_body(t)) for i, t in enumerate(texts)]
    with case.engine.begin() as connection:  # bare: the same texts straight into FTS5
        connection.exec_driver_sql(  # of the same kind as ours: contentless
            f"CREATE VIRTUAL TABLE bare_index USING fts5(body, content='', "
            f"tokenize='{search_index.TOKENIZER}')"
        )
        began = time.perf_counter()
        connection.exec_driver_sql("INSERT INTO bare_index(rowid, body) VALUES (?, ?)", bodies)
        bare = time.perf_counter() - began
    with case.engine.begin() as connection:  # for the query baseline: snippet() needs content
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE bare USING fts5(body, tokenize='{search_index.TOKENIZER}')"
        )
        connection.exec_driver_sql("INSERT INTO bare(rowid, body) VALUES (?, ?)", bodies)
    return case, texts, ours, bare


def test_indexing_costs_at_most_one_and_a_half_bare_inserts(
    big_case: tuple[Case, list[str], float, float],
) -> None:
    _, texts, ours, bare = big_case
    megabytes = sum(len(t) for t in texts) / 1e6
    ratio = report(f"indexing {len(texts)} sources, {megabytes:.0f} M characters", ours, bare, 1.5)
    assert ratio <= 1.5


@pytest.mark.parametrize("query", ["police", "rarissimo3", '"state protection"', "정부", "ёлка"])
def test_first_fifty_hits_within_twice_a_bare_query_and_100_ms(
    query: str, big_case: tuple[Case, list[str], float, float]
) -> None:
    case, texts, _, _ = big_case
    hits = search(case, query, limit=50)
    assert len(hits) == 50 or query.startswith("rarissimo")
    for hit in hits[:5]:
        assert hit.source_id is not None
        assert texts[hit.source_id - 1][hit.start : hit.end] == hit.match

    def bare() -> None:
        with case.engine.connect() as connection:
            connection.exec_driver_sql(
                "SELECT rowid, snippet(bare, 0, '[', ']', '…', 8) FROM bare WHERE bare MATCH ?"
                " LIMIT 50",
                (query.replace("ёлка", "елка").replace("정부", "정부*"),),
            ).all()

    ours = best_of(lambda: search(case, query, limit=50), repeat=5)
    baseline = best_of(bare, repeat=5)
    ratio = report(f"first 50 hits of {query}", ours, baseline, 2.0)
    assert ours <= 0.1
    assert ratio <= 2.0


def test_reimporting_a_million_characters_with_a_thousand_excerpts(tmp_path: Path) -> None:
    rng = random.Random(7)
    text = _text(rng, 1_000_000, "rarissimo")
    case = Case.create(tmp_path / "reimport.casefile")
    source = (
        case.run(
            ImportSource(
                NewSource("v1.txt", text.encode(), ExtractedText(text, "text", "text/plain"))
            )
        ).result
        or 0
    )
    for k in range(1000):
        start = 500 + k * 997
        case.run(CreateExcerpt(source, start, start + 60))
    edited = "A new preface.\n\n" * 5 + text[:400_000] + " An inserted sentence. " + text[400_000:]
    edited = edited.replace(text[700_010:700_030], text[700_010:700_030].upper(), 1)
    new = NewSource("v2.txt", edited.encode(), ExtractedText(edited, "text", "text/plain"))
    began = time.perf_counter()
    operation = ReplaceSourceVersion(source, new)
    case.run(operation)
    ours = time.perf_counter() - began
    third = NewSource("v3.txt", b"x" + text.encode(), ExtractedText(text, "text", "text/plain"))
    baseline = best_of(lambda: case.run(ImportSource(third)).inverse and None, repeat=1)
    assert operation.report is not None
    counts = {k: len(operation.report.ids(k)) for k in ("anchored", "changed", "orphaned")}
    print(f"\n[benchmark] re-import of 1,000,000 characters with 1,000 excerpts: "
          f"{ours * 1000:.0f} ms (target 2,000 ms); importing the same text anew: "
          f"{baseline * 1000:.0f} ms; {counts}")  # fmt: skip
    assert counts["orphaned"] == 0
    assert ours <= 2.0
    case.close()


def test_reanchoring_a_reflowed_million_characters(tmp_path: Path) -> None:
    """Every line changes (as when a report is re-issued with another layout)."""
    import textwrap

    from casefile.domain.anchoring import quote_at
    from casefile.domain.reanchoring import Anchor, reanchor_all

    text = _text(random.Random(7), 1_000_000, "rarissimo")
    anchors = []
    for k in range(1000):
        quote = quote_at(text, 500 + k * 997, 560 + k * 997)
        anchors.append(Anchor(k, 500 + k * 997, 560 + k * 997, quote.exact, quote.prefix,
                              quote.suffix))  # fmt: skip
    reflowed = "\n\n".join(textwrap.fill(p, width=70) for p in text.split("\n\n"))
    began = time.perf_counter()
    placements = reanchor_all(text, reflowed, anchors)
    ours = time.perf_counter() - began
    print(f"\n[benchmark] re-anchoring 1,000 excerpts in a reflowed 1,000,000-character text: "
          f"{ours * 1000:.0f} ms (target 2,000 ms)")  # fmt: skip
    assert {p.status for p in placements} == {"anchored"}
    assert ours <= 2.0
