"""Commands about the case file itself and its sources: gui, new, demo, import, sources, text."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from casefile.cli.common import add_case_argument, add_json_flag, opened, print_json, print_table
from casefile.domain.errors import CasefileError, DuplicateSource, ImportFailure
from casefile.domain.text import SourceMetadata
from casefile.ingest import ImportOptions, supported_formats
from casefile.ingest.registry import file_dialog_filters
from casefile.services import Case
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource


def register(commands: Any) -> None:
    p = commands.add_parser("gui", help="open the desktop app (the default)")
    p.add_argument("casefile", type=Path, nargs="?", metavar="CASEFILE", help="case file to open")
    p.set_defaults(handler=gui)

    p = commands.add_parser("new", help="create a new, empty case file")
    add_case_argument(p)
    p.add_argument("--title", default="", help="the case's title (default: the file name)")
    p.set_defaults(handler=new)

    p = commands.add_parser("demo", help="write a ready-made demonstration case file")
    p.add_argument("path", type=Path, metavar="PATH", help="where to write it (.casefile)")
    p.set_defaults(handler=demo)

    p = commands.add_parser(
        "import",
        help=f"import documents ({supported_formats()}) or REFI-QDA projects as sources",
        description="Import documents as sources. Formats: "
        + "; ".join(f"{label} ({' '.join(globs)})" for label, globs in file_dialog_filters()[1:])
        + "; REFI-QDA projects (*.qdpx *.qde).",
    )
    add_case_argument(p)
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    for name in ("title", "url", "publisher", "author", "published", "accessed", "language"):
        p.add_argument(f"--{name}", default="", help=f"citation {name} (overrides the file's own)")
    p.add_argument("--password", default=None, help="password of an encrypted PDF (not stored)")
    p.add_argument(
        "--full-page",
        action="store_true",
        help="web pages: import the whole page's text, not only the article",
    )
    add_json_flag(p)
    p.set_defaults(handler=import_files)

    p = commands.add_parser("sources", help="list the sources")
    add_case_argument(p)
    add_json_flag(p)
    p.set_defaults(handler=sources)

    p = commands.add_parser("text", help="print a source's stored text (the text offsets index)")
    add_case_argument(p)
    p.add_argument("source_id", type=int, metavar="SOURCE_ID")
    p.set_defaults(handler=text)


def gui(args: argparse.Namespace) -> int:
    from casefile import app  # imported lazily: the rest of the CLI never loads Qt

    return app.main([str(args.casefile)] if args.casefile else [])


def new(args: argparse.Namespace) -> int:
    case = Case.create(args.casefile, title=args.title)
    case.close()
    print(f"created {args.casefile}")
    return 0


def demo(args: argparse.Namespace) -> int:
    from casefile.services.demo import build_demo

    build_demo(args.path).close()
    print(f"wrote the demonstration case to {args.path}")
    return 0


def import_files(args: argparse.Namespace) -> int:
    overrides = SourceMetadata(
        **{f.name: getattr(args, f.name) for f in dataclasses.fields(SourceMetadata)}
    )
    if args.title and len(args.files) > 1:
        raise CasefileError("--title names one source; import the files one at a time")
    options = ImportOptions(password=args.password, html_full_page=args.full_page)
    failures = 0
    imported: list[dict[str, Any]] = []
    with opened(args.casefile) as case:
        for path in args.files:
            if path.suffix.lower() in {".qdpx", ".qde"}:
                failures += _import_project(case, path, imported, args.json)
                continue
            try:
                new_source = prepare_import(path, overrides, options)
                applied = case.run(ImportSource(new_source))
            except (ImportFailure, DuplicateSource) as error:
                print(f"casefile: {error}", file=sys.stderr)
                failures += 1
                continue
            assert applied.result is not None
            info = case.source(applied.result)
            imported.append({"id": info.id, "title": info.title, "file": str(path),
                             "notices": list(info.notices)})  # fmt: skip
            for notice in info.notices:
                print(f"casefile: {path}: {notice}", file=sys.stderr)
            if not args.json:
                print(info.id)
    if args.json:
        print_json(imported)
    return 1 if failures else 0


def _import_project(case: Case, path: Path, imported: list[dict[str, Any]], as_json: bool) -> int:
    """A REFI-QDA project: one transaction; prints new source ids, notices on stderr."""
    from casefile.services.project_import import prepare_project

    try:
        operation = prepare_project(path)
        case.run(operation)
    except ImportFailure as error:
        print(f"casefile: {error}", file=sys.stderr)
        return 1
    report = operation.report
    for notice in report.notices:
        print(f"casefile: {path}: {notice}", file=sys.stderr)
    print(
        f"casefile: {path}: {len(report.sources)} source(s), {report.excerpts} excerpt(s), "
        f"{report.tags} tag(s), {report.records} record(s) imported",
        file=sys.stderr,
    )
    for source_id in report.sources:
        imported.append(
            {
                "id": source_id,
                "title": case.source(source_id).title,
                "file": str(path),
                "notices": [],
            }
        )
        if not as_json:
            print(source_id)
    return 0


def sources(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        found = case.sources()
    if args.json:
        print_json([dataclasses.asdict(s) | {"notices": list(s.notices)} for s in found])
    else:
        print_table(
            [[str(s.id), s.kind, s.title, s.publisher, s.published, str(s.excerpt_count)]
             for s in found],
            ["ID", "KIND", "TITLE", "PUBLISHER", "PUBLISHED", "EXCERPTS"],
        )  # fmt: skip
    return 0


def text(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        content = case.text(args.source_id)
    sys.stdout.write(content)
    sys.stdout.flush()
    return 0
