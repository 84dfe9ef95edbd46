"""Helpers shared by the command modules: opening a case, printing JSON.

Command modules import only the standard library and ``casefile.domain`` at the
top; everything heavier (SQLAlchemy, importers, the brief writer) is imported
inside the handler that needs it, so ``casefile --help`` starts at once.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.domain import model as m

if TYPE_CHECKING:
    from casefile.services import Case


def add_case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("casefile", type=Path, metavar="CASEFILE", help="the case file (.casefile)")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


@contextmanager
def opened(path: Path) -> Iterator[Case]:
    from casefile.services import Case

    case = Case.open(path)
    try:
        yield case
    finally:
        case.close()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _width(text: str) -> int:
    """Terminal columns: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _width(text))


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    if not rows:
        print("(none)")
        return
    widths = [min(60, max(_width(h), *(_width(r[i]) for r in rows))) for i, h in enumerate(headers)]
    for row in [headers, *rows]:
        print("  ".join(_fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip())


def excerpt_json(
    excerpt: m.Excerpt, tags: dict[int, m.Tag], records: dict[int, m.Record]
) -> dict[str, Any]:
    return {
        "id": excerpt.id,
        "source_id": excerpt.source_id,
        "start": excerpt.start,
        "end": excerpt.end,
        "exact": excerpt.exact,
        "prefix": excerpt.prefix,
        "suffix": excerpt.suffix,
        "tags": [tags[t].name for t in excerpt.tag_ids if t in tags],
        "note": excerpt.note,
        "records": [
            {"id": link.record_id, "title": records[link.record_id].title,
             "relation": str(link.relation)}
            for link in excerpt.links
            if link.record_id in records
        ],
        "pinpoint": excerpt.pinpoint,
        "status": str(excerpt.status),
        "author": excerpt.author,
        "created_at": excerpt.created_at,
        "updated_at": excerpt.updated_at,
    }  # fmt: skip
