"""Commands about the case file itself and its sources: gui, new, demo, import, sources, text."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.cli.common import add_case_argument, add_json_flag, opened, print_json, print_table
from casefile.cli.import_metadata import PER_DOCUMENT, SHARED, plan_import, today

if TYPE_CHECKING:
    from casefile.services import Case

IMPORT_HELP = """\
--title, --url, --author and --published describe one document: give them with one FILE.
To import several files, each with its own title and URL, list them in a --metadata
sidecar, CSV (a header row: file,title,url,published,...) or JSON ({"report.pdf":
{"title": ...}}); its file names are relative to its folder, and without FILE
arguments every file it lists is imported. --publisher, --language and --accessed apply
to every file (a sidecar's value wins for its file); --accessed defaults to today unless
the document gives the date it was saved."""


def register(commands: Any) -> None:
    p = commands.add_parser("gui", help="open the desktop app (the default)")
    p.add_argument("casefile", type=Path, nargs="?", metavar="CASEFILE", help="case file to open")
    p.add_argument("--source", type=int, metavar="ID", help="open at this source")
    p.add_argument("--page", metavar="LABEL", help="and at this page (its label, e.g. 7 or vii)")
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
        help="import documents (TXT, HTML, DOCX, PDF, EML) or a REFI-QDA project as sources",
        description="Import documents as sources; prints each new source's id.",
        epilog=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_case_argument(p)
    p.add_argument("files", type=Path, nargs="*", metavar="FILE")
    for name in PER_DOCUMENT:
        p.add_argument(f"--{name}", default="", help=f"the document's {name} (one FILE only)")
    for name in SHARED:
        p.add_argument(f"--{name}", default="", help=f"{name} of every file")
    p.add_argument(
        "--metadata", type=Path, default=None, metavar="FILE.csv|FILE.json",
        help="each file's own citation metadata (see below)",
    )  # fmt: skip
    p.add_argument("--password", default=None, help="password of an encrypted PDF (not stored)")
    p.add_argument(
        "--full-page",
        action="store_true",
        help="web pages: import the whole page's text, not only the article",
    )
    p.add_argument(
        "--ocr",
        action="store_true",
        help="recognise the text of PDFs from their page images even when they have a text "
        "layer (scans and images are always recognised when Tesseract is installed)",
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
    from casefile.display import NO_DISPLAY, display_missing

    if display_missing():  # before Qt is loaded: its own message blames the wrong thing
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from casefile import app  # imported lazily: the rest of the CLI never loads Qt

    argv = [str(args.casefile)] if args.casefile else []
    if args.source is not None:
        argv += ["--source", str(args.source)]
    if args.page:
        argv += ["--page", args.page]
    return app.main(argv)


def new(args: argparse.Namespace) -> int:
    from casefile.services import Case

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
    from casefile.domain.errors import DuplicateSource, ImportFailure
    from casefile.domain.text import SourceMetadata
    from casefile.ingest import ImportOptions
    from casefile.ingest.ocr import Recognition
    from casefile.services.importing import prepare_import
    from casefile.services.source_ops import ImportSource

    flags = {name: getattr(args, name) for name in (*PER_DOCUMENT, *SHARED)}
    plan = plan_import(list(args.files), args.metadata, flags)
    failures = 0
    imported: list[dict[str, Any]] = []
    with opened(args.casefile) as case:
        case_language = case.info().get("language", "")
        for item in plan:
            path = item.path
            # OCR reads the document's language (its sidecar's or --language), else the case's
            languages = tuple(x for x in (item.values.get("language", ""), case_language) if x)
            recognition = Recognition(force=args.ocr, languages=languages, progress=_ocr_progress)
            options = ImportOptions(
                password=args.password, html_full_page=args.full_page, recognition=recognition
            )
            if path.suffix.lower() in {".qdpx", ".qde"}:
                failures += _import_project(case, path, imported, args.json)
                continue
            try:
                new_source = prepare_import(path, SourceMetadata(**item.values), options)
                if not new_source.metadata.accessed and not new_source.extracted.metadata.accessed:
                    accessed = dataclasses.replace(new_source.metadata, accessed=today())
                    new_source = dataclasses.replace(new_source, metadata=accessed)
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


def _ocr_progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\rcasefile: recognising text: page {done} of {total}", end=end, file=sys.stderr)


def _import_project(case: Case, path: Path, imported: list[dict[str, Any]], as_json: bool) -> int:
    """A REFI-QDA project: one transaction; prints new source ids, notices on stderr."""
    from casefile.domain.errors import ImportFailure
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
