"""Excerpts as data: CSV (one row per excerpt, every field) and JSON.

Pseudonyms apply here as everywhere: quotations carry bracketed substitutions,
links that name someone are withheld, every other text field is renamed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from casefile.export.citation import Citer, withheld
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.registry import Expected, Written
from casefile.export.selection import SelectedEvidence

COLUMNS = [
    "excerpt_id",
    "exhibit",
    "source_id",
    "source_title",
    "source_kind",
    "publisher",
    "author",
    "published",
    "url",
    "accessed",
    "language",
    "sha256",
    "start",
    "end",
    "pinpoint",
    "exact",
    "altered",
    "citation",
    "prefix",
    "suffix",
    "fact_date",
    "fact_status",
    "tags",
    "note",
    "records",
    "relations",
    "excerpt_author",
    "created_at",
    "updated_at",
    "status",
]


def rows(
    evidence: SelectedEvidence, rename: Pseudonymiser, citer: Citer, written: Written
) -> list[dict[str, Any]]:
    result = []
    for excerpt in evidence.excerpts:
        source = evidence.sources[excerpt.source_id]
        exhibit = evidence.exhibits[source.id]
        url = source.url
        if rename.in_url(url):
            written.warnings.append(f"link of exhibit {exhibit} withheld: it contains a name")
            url = withheld(exhibit)
        records = [
            evidence.records[k.record_id] for k in excerpt.links if k.record_id in evidence.records
        ]
        exact, altered = rename.quote(excerpt.exact)
        cited = citer.full(source, excerpt.pinpoint, exhibit)
        title = rename(source.title)
        written.expected.append(Expected(str(excerpt.id), exact, exhibit, excerpt.pinpoint, title))
        result.append(
            {
                "excerpt_id": excerpt.id,
                "exhibit": exhibit,
                "source_id": source.id,
                "source_title": title,
                "source_kind": source.kind,
                "publisher": rename(source.publisher),
                "author": rename(source.author),
                "published": source.published,
                "url": url,
                "accessed": source.accessed,
                "language": source.language,
                "sha256": source.sha256,
                "start": excerpt.start,
                "end": excerpt.end,
                "pinpoint": excerpt.pinpoint,
                "exact": exact,
                "altered": altered,
                "citation": cited,
                "prefix": rename(excerpt.prefix),
                "suffix": rename(excerpt.suffix),
                "fact_date": getattr(excerpt, "fact_date", ""),
                "fact_status": getattr(excerpt, "fact_status", ""),
                "tags": [
                    rename(evidence.tags[t].name) for t in excerpt.tag_ids if t in evidence.tags
                ],
                "note": rename(excerpt.note),
                "records": [rename(r.title) for r in records],
                "relations": [
                    str(k.relation) for k in excerpt.links if k.record_id in evidence.records
                ],
                "excerpt_author": rename(excerpt.author),
                "created_at": excerpt.created_at,
                "updated_at": excerpt.updated_at,
                "status": str(excerpt.status),
            }
        )
    written.count = len(result)
    written.exhibits = len({r["exhibit"] for r in result})
    return result


def write_csv(
    evidence: SelectedEvidence, out: Path, rename: Pseudonymiser, citer: Citer
) -> Written:
    """UTF-8 with a BOM, so that spreadsheet programs read Cyrillic and Hangul correctly."""
    written = Written(0)
    data = rows(evidence, rename, citer, written)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for row in data:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return written


def write_json(
    evidence: SelectedEvidence, out: Path, rename: Pseudonymiser, citer: Citer
) -> Written:
    written = Written(0)
    data = rows(evidence, rename, citer, written)
    payload = {"case": rename(evidence.case_title), "excerpts": data}
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return written


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_json(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    excerpts: list[dict[str, Any]] = data["excerpts"]
    return excerpts
