"""A generated big case: 1,000 sources, 100 MB of text, 50,000 excerpts (cached under /tmp).

Reusable by any benchmark: ``big_case()`` returns the path of a cached, closed
case file (rebuilt only when the generator's version or the sizes change); copy
it before writing to it. Generation writes through raw SQLite (it is not what
is measured); the file is a normal Casefile case at the current schema.
Excerpts tagged "Brief" (the first 2,000) are the selection of the brief benchmark.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
from pathlib import Path

from casefile.domain.text import paragraph_blocks
from casefile.services import Case

VERSION = 1
CACHE = Path(os.environ.get("CASEFILE_BENCH_CACHE", "/tmp/casefile-bench"))
_VOCABULARY = (
    "the applicant stated that officers detained him at the border and questioned him for "
    "three days about his brother who had joined the opposition party in two thousand sixteen "
    "according to the report of the ministry security forces in the northern province used "
    "arbitrary detention against returnees witnesses described beatings and threats Привет "
    "свидетель сказал 안녕하세요 증인 😀 𠜎"
)
WORDS = tuple(_VOCABULARY.split())
BRIEF_TAG = "Brief"


def _pool(size: int) -> str:
    rng = random.Random(20261125)
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choices(WORDS, k=rng.randint(8, 30))).capitalize() + ". "
        parts.append(sentence)
        length += len(sentence)
        if rng.random() < 0.2:
            parts.append("\n\n")
            length += 2
    return "".join(parts)


def big_case(sources: int = 1000, chars: int = 100_000, excerpts: int = 50_000,
             brief: int = 2000) -> Path:  # fmt: skip
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"big-v{VERSION}-{sources}x{chars}-{excerpts}.casefile"
    if path.exists():
        return path
    partial = path.with_name(path.name + ".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    Case.create(partial, title="Generated big case").close()
    _fill(partial, sources, chars, excerpts, brief)
    partial.rename(path)
    return path


def _fill(path: Path, sources: int, chars: int, excerpts: int, brief: int) -> None:
    pool = _pool(chars * 4)
    rng = random.Random(7)
    per_source = excerpts // sources
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("BEGIN")
    tags = {}
    for name, color in (("Risk", "#e06666"), ("Credibility", "#93c47d"), (BRIEF_TAG, "#000000")):
        tags[name] = connection.execute(
            "INSERT INTO tag (name, color, parent_id, builtin) VALUES (?, ?, NULL, 0)",
            (name, color),
        ).lastrowid
    event = connection.execute("SELECT id FROM record_type WHERE key='event'").fetchone()[0]
    records = [
        connection.execute(
            "INSERT INTO record (type_id, title, date, date_sort, fields, note) "
            "VALUES (?, ?, ?, ?, '{}', '')",
            (event, f"Event {i}", f"2016-{i % 12 + 1:02d}", f"2016-{i % 12 + 1:02d}"),
        ).lastrowid
        for i in range(100)
    ]
    excerpt_number = 0
    for i in range(sources):
        offset = rng.randrange(0, len(pool) - chars)
        text = f"Report {i}\n\n" + pool[offset : offset + chars - 20]
        data = text.encode("utf-8")
        source_id = connection.execute(
            "INSERT INTO source (title, kind, filename, media_type, sha256, size, imported_at, "
            "author, publisher, published, url, accessed, language, note, pages, notices) "
            "VALUES (?, 'text', ?, 'text/plain', ?, ?, '2026-11-25T00:00:00+00:00', '', "
            "'Ministry', '2016', '', '', 'en', '', 0, '[]')",
            (f"Report {i}", f"report-{i}.txt", hashlib.sha256(data).hexdigest(), len(data)),
        ).lastrowid
        connection.execute("INSERT INTO source_blob VALUES (?, ?)", (source_id, data))
        connection.execute("INSERT INTO source_text VALUES (?, ?)", (source_id, text))
        connection.executemany(
            'INSERT INTO text_block (source_id, kind, start, "end", label) VALUES (?, ?, ?, ?, ?)',
            [(source_id, str(b.kind), b.start, b.end, b.label) for b in paragraph_blocks(text)],
        )
        step = (len(text) - 200) // per_source
        for k in range(per_source):
            start = 20 + k * step + rng.randrange(0, max(1, step - 120))
            end = start + rng.randint(20, 100)
            excerpt_id = connection.execute(
                "INSERT INTO excerpt (source_id, start, \"end\", exact, prefix, suffix, note, "
                "author, created_at, updated_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, '', "
                "'2026-11-25T00:00:00+00:00', '2026-11-25T00:00:00+00:00', 'anchored')",
                (source_id, start, end, text[start:end], text[max(0, start - 32) : start],
                 text[end : end + 32], "A note." if k % 3 == 0 else ""),
            ).lastrowid  # fmt: skip
            connection.execute(
                "INSERT INTO excerpt_tag VALUES (?, ?)", (excerpt_id, 1 + excerpt_number % 2)
            )
            if excerpt_number < brief:
                connection.execute("INSERT INTO excerpt_tag VALUES (?, ?)",
                                   (excerpt_id, tags[BRIEF_TAG]))  # fmt: skip
            if excerpt_number % 10 == 0:
                connection.execute(
                    "INSERT INTO excerpt_record VALUES (?, ?, ?)",
                    (excerpt_id, records[excerpt_number % len(records)], "supports"),
                )
            excerpt_number += 1
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


if __name__ == "__main__":  # python -m tests.benchmarks.bigcase: build the cache
    print(json.dumps({"path": str(big_case())}))
