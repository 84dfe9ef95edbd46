"""Excerpts as W3C Web Annotations (JSON-LD): quote and position selectors, tags and notes
as bodies, the source named by a URN built from the SHA-256 of its original bytes."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from casefile.domain import model as m
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.selection import SelectedEvidence

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_SPACE = uuid.UUID("0b8f3c2e-8c1d-4b7a-9d52-61c0f2a7e5b4")


def annotation(
    evidence: SelectedEvidence, excerpt: m.Excerpt, rename: Pseudonymiser | None = None
) -> dict[str, Any]:
    """One excerpt as an annotation; with pseudonyms, its texts carry the aliases
    (the quotation with bracketed substitutions)."""
    rename = rename or Pseudonymiser()
    source = evidence.sources[excerpt.source_id]
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": rename(evidence.tags[t].name)}
        for t in excerpt.tag_ids
        if t in evidence.tags
    ]
    if excerpt.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": rename(excerpt.note),
                "format": "text/plain",
            }
        )
    for link in excerpt.links:
        record = evidence.records.get(link.record_id)
        if record:
            bodies.append(
                {
                    "type": "TextualBody",
                    "purpose": "linking",
                    "value": f"{link.relation}: {rename(record.title)}",
                }
            )
    stable = uuid.uuid5(_SPACE, f"{source.sha256}/{excerpt.start}/{excerpt.end}/{excerpt.id}")
    item: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{stable}",
        "type": "Annotation",
        "motivation": "highlighting",
        "target": {
            "source": f"urn:sha256:{source.sha256}",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": rename.quote(excerpt.exact)[0],
                    "prefix": rename(excerpt.prefix),
                    "suffix": rename(excerpt.suffix),
                },
                {"type": "TextPositionSelector", "start": excerpt.start, "end": excerpt.end},
            ],
        },
    }
    if bodies:
        item["body"] = bodies
    if excerpt.created_at:
        item["created"] = excerpt.created_at.replace("+00:00", "Z")
    if excerpt.updated_at:
        item["modified"] = excerpt.updated_at.replace("+00:00", "Z")
    if excerpt.author:
        item["creator"] = {"type": "Person", "name": rename(excerpt.author)}
    return item


def write_w3c(evidence: SelectedEvidence, out: Path, rename: Pseudonymiser | None = None) -> int:
    """An AnnotationCollection whose one page holds every annotation."""
    rename = rename or Pseudonymiser()
    items = [annotation(evidence, e, rename) for e in evidence.excerpts]
    for item in items:
        item.pop("@context")
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": rename(evidence.case_title),
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    out.write_text(json.dumps(collection, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(items)
