"""The demonstration case: documents written for Casefile, highlighted and linked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from casefile.domain.anchoring import locate_quote
from casefile.domain.errors import CaseFileOpenError
from casefile.domain.model import Relation
from casefile.domain.text import METADATA_FIELDS, SourceMetadata
from casefile.resources import resource
from casefile.services.case import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.fact_ops import SetExcerptFact
from casefile.services.importing import prepare_import
from casefile.services.record_ops import CreateRecord, SetCaseInfo
from casefile.services.source_ops import ImportSource
from casefile.services.translation_ops import AddTranslation, prepare_translation


def build_demo(path: Path) -> Case:
    """Write the demonstration case to ``path`` (which must not exist) and return it open."""
    if path.exists():
        raise CaseFileOpenError(f"{path}: already exists; choose another name")
    folder = resource("demo")
    spec: dict[str, Any] = json.loads((folder / "demo.json").read_text(encoding="utf-8"))
    case = Case.create(path, title=spec["title"])
    try:
        case.run(SetCaseInfo({"author": spec["author"]}))
        source_ids: dict[str, int] = {}
        for item in spec["sources"]:
            metadata = SourceMetadata(**{k: item.get(k, "") for k in METADATA_FIELDS})
            new = prepare_import(folder / item["file"], metadata)
            source_ids[item["key"]] = _result(case.run(ImportSource(new)).result)
        record_ids: dict[str, int] = {}
        for item in spec["records"]:
            record_type = case.record_type_named(item["type"])
            op = CreateRecord(
                record_type.id, item["title"], date=item.get("date", ""),
                fields=item.get("fields", {}), note=item.get("note", ""),
            )  # fmt: skip
            record_ids[item["key"]] = _result(case.run(op).result)
        for item in spec["excerpts"]:
            source_id = source_ids[item["source"]]
            start, end = locate_quote(case.text(source_id), item["quote"])
            tags = [case.tag_named(name).id for name in item.get("tags", [])]
            links = [(record_ids[key], Relation(rel)) for key, rel in item.get("links", [])]
            excerpt_id = case.run(
                CreateExcerpt(
                    source_id, start, end, tag_ids=tags, note=item.get("note", ""),
                    links=links, author=spec["author"],
                )
            ).result  # fmt: skip
            if (item.get("fact_date") or item.get("fact_status")) and excerpt_id is not None:
                case.run(SetExcerptFact(excerpt_id, item.get("fact_date"), item.get("fact_status")))
        for item in spec.get("translations", []):
            new_translation = prepare_translation(
                folder / item["file"], item["translator"], item.get("qualifications", ""),
                item.get("language", "en"),
            )  # fmt: skip
            case.run(AddTranslation(source_ids[item["source"]], new_translation))
    except Exception:
        case.close()
        path.unlink(missing_ok=True)
        raise
    return case


def _result(value: int | None) -> int:
    assert value is not None
    return value
