"""Citation metadata per imported file: flags for one file, a sidecar for several.

``--title``, ``--url``, ``--author`` and ``--published`` describe one document, so
they are accepted only when one file is imported. ``--publisher``, ``--language``
and ``--accessed`` (default: today, unless the document says) apply to every file.
For several files, ``--metadata FILE`` names a sidecar, CSV or JSON, giving each
file its own values (they win over the shared flags for that file):

CSV, with a header row; ``file`` and any of the citation fields::

    file,title,url,published
    report.pdf,Country report 2016,https://example.org/report,2016-03

JSON, an object keyed by file, or a list of objects with a ``file`` key::

    {"report.pdf": {"title": "Country report 2016", "published": "2016-03"}}

A sidecar's file names are relative to the sidecar's folder; a FILE given on the
command line matches an entry by path, or by its name alone when that is unique.
Without FILE arguments, every file the sidecar lists is imported.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from casefile.cli.checks import check_date
from casefile.domain.errors import InvalidInput

PER_DOCUMENT = ("title", "url", "author", "published")
SHARED = ("publisher", "language", "accessed")
FIELDS = ("title", "author", "publisher", "published", "url", "accessed", "language")


@dataclass(frozen=True, slots=True)
class PlannedFile:
    path: Path
    values: dict[str, str]  # citation fields the user gave for this file (not the defaults)


def _check_values(where: str, values: dict[str, Any]) -> dict[str, str]:
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise InvalidInput(
            f"{where}: unknown field(s) {', '.join(unknown)} (known: file, {', '.join(FIELDS)})"
        )
    checked: dict[str, str] = {}
    for key, value in values.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidInput(f"{where}: {key} must be text")
        if value.strip():
            value = value.strip()
            checked[key] = check_date(f"{where}: {key}", value) if key in {
                "published", "accessed"
            } else value  # fmt: skip
    return checked


def read_sidecar(path: Path) -> list[PlannedFile]:
    """The entries of a CSV or JSON sidecar, their files resolved against its folder."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such metadata file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"{path}: cannot be read ({error})") from None
    entries: list[tuple[str, dict[str, Any]]] = []
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise InvalidInput(f"{path}: not valid JSON (line {error.lineno})") from None
        if isinstance(data, dict):
            items = [{"file": k, **v} if isinstance(v, dict) else None for k, v in data.items()]
        elif isinstance(data, list):
            items = [item if isinstance(item, dict) else None for item in data]
        else:
            items = [None]
        for number, item in enumerate(items, 1):
            if item is None or not isinstance(item.get("file"), str):
                raise InvalidInput(f'{path}: entry {number} is not an object with a "file"')
            entries.append((item.pop("file"), item))
    elif path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(raw))
        if "file" not in (reader.fieldnames or []):
            raise InvalidInput(f'{path}: the first row must name the columns, one of them "file"')
        for row in reader:
            if None in row:
                raise InvalidInput(f"{path}: line {reader.line_num} has more cells than columns")
            name = (row.pop("file") or "").strip()
            if not name:
                raise InvalidInput(f"{path}: line {reader.line_num} names no file")
            entries.append((name, dict(row)))
    else:
        raise InvalidInput(f"{path}: a metadata file must be .csv or .json")
    planned: list[PlannedFile] = []
    seen: set[Path] = set()
    for name, values in entries:
        target = Path(name) if Path(name).is_absolute() else path.parent / name
        if target.resolve() in seen:
            raise InvalidInput(f"{path}: {name!r} is listed twice")
        seen.add(target.resolve())
        planned.append(PlannedFile(target, _check_values(f"{path}: {name}", values)))
    return planned


def plan_import(
    files: list[Path], sidecar: Path | None, flags: dict[str, str]
) -> list[PlannedFile]:
    """Which files to import with which user-given values; refuses contradictions."""
    given = {k: v.strip() for k, v in flags.items() if v and v.strip()}
    per_document = [k for k in PER_DOCUMENT if k in given]
    if per_document and sidecar is not None:
        raise InvalidInput(
            f"--{per_document[0]} and --metadata both describe the files; give it in one place"
        )
    if per_document and len(files) != 1:
        raise InvalidInput(
            f"--{per_document[0]} describes one document, but {len(files)} files were given; "
            "give each file its own values in a --metadata sidecar"
        )
    typed = {
        k: check_date(f"--{k}", v) if k in {"published", "accessed"} else v
        for k, v in given.items()
    }
    if sidecar is None:
        if not files:
            raise InvalidInput("name the files to import, or a --metadata file that lists them")
        return [PlannedFile(f, dict(typed)) for f in files]
    entries = read_sidecar(sidecar)
    if not files:
        return [PlannedFile(e.path, typed | e.values) for e in entries]
    unused = {id(e): e for e in entries}
    planned = []
    for file in files:
        match = [e for e in entries if e.path.resolve() == file.resolve()]
        if not match:
            match = [e for e in entries if e.path.name == file.name]
            if len(match) > 1:
                raise InvalidInput(
                    f"{sidecar}: several entries are named {file.name!r}; give their folders"
                )
        for entry in match:
            unused.pop(id(entry), None)
        planned.append(PlannedFile(file, typed | (match[0].values if match else {})))
    if unused:
        first = next(iter(unused.values()))
        raise InvalidInput(f"{sidecar}: {first.path.name!r} is not among the files to import")
    return planned


def today() -> str:
    return date.today().isoformat()
