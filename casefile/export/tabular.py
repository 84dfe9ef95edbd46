"""Excerpts as data: CSV (one row per excerpt, every field) and JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from casefile.export.selection import SelectedEvidence

COLUMNS = [
    "excerpt_id",
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
    "prefix",
    "suffix",
    "tags",
    "note",
    "records",
    "relations",
    "excerpt_author",
    "created_at",
    "updated_at",
    "status",
]


def rows(evidence: SelectedEvidence) -> list[dict[str, Any]]:
    result = []
    for excerpt in evidence.excerpts:
        source = evidence.sources[excerpt.source_id]
        records = [
            evidence.records[k.record_id] for k in excerpt.links if k.record_id in evidence.records
        ]
        result.append(
            {
                "excerpt_id": excerpt.id,
                "source_id": source.id,
                "source_title": source.title,
                "source_kind": source.kind,
                "publisher": source.publisher,
                "author": source.author,
                "published": source.published,
                "url": source.url,
                "accessed": source.accessed,
                "language": source.language,
                "sha256": source.sha256,
                "start": excerpt.start,
                "end": excerpt.end,
                "pinpoint": excerpt.pinpoint,
                "exact": excerpt.exact,
                "prefix": excerpt.prefix,
                "suffix": excerpt.suffix,
                "tags": [evidence.tags[t].name for t in excerpt.tag_ids if t in evidence.tags],
                "note": excerpt.note,
                "records": [r.title for r in records],
                "relations": [
                    str(k.relation) for k in excerpt.links if k.record_id in evidence.records
                ],
                "excerpt_author": excerpt.author,
                "created_at": excerpt.created_at,
                "updated_at": excerpt.updated_at,
                "status": str(excerpt.status),
            }
        )
    return result


def write_csv(evidence: SelectedEvidence, out: Path) -> int:
    """UTF-8 with a BOM, so that spreadsheet programs read Cyrillic and Hangul correctly."""
    data = rows(evidence)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for row in data:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return len(data)


def write_json(evidence: SelectedEvidence, out: Path) -> int:
    data = rows(evidence)
    payload = {"case": evidence.case_title, "excerpts": data}
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(data)
