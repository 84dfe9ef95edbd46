"""Commands for search and new versions: search, highlight --all-matches, reimport,
review, place."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.cli.common import add_case_argument, add_json_flag, opened, print_json, print_table
from casefile.domain.errors import InvalidInput

if TYPE_CHECKING:
    from casefile.services import Case

# heavy modules (SQLAlchemy, importers) are imported by each command, not here:
# `casefile --help` stays fast
WHERE = {"all": ("text", "note", "record"), "text": ("text",), "notes": ("note",),
         "records": ("record",)}  # fmt: skip


def register(commands: Any) -> None:
    p = commands.add_parser("search", help="search every source, note and record of a case")
    add_case_argument(p)
    p.add_argument("query", metavar="QUERY",
                   help='words, "a phrase", prefix*, AND, OR, NOT, (…)')  # fmt: skip
    p.add_argument("--source", type=int, default=None, metavar="ID", help="only this source")
    p.add_argument("--tag", default=None, metavar="NAME", help="only inside excerpts with this tag")
    p.add_argument("--record", type=int, default=None, metavar="ID",
                   help="only inside excerpts linked to this record")  # fmt: skip
    p.add_argument("--from", dest="date_from", default="", metavar="DATE",
                   help="only sources published on or after DATE")  # fmt: skip
    p.add_argument("--to", dest="date_to", default="", metavar="DATE",
                   help="only sources published on or before DATE")  # fmt: skip
    p.add_argument("--in", dest="where", choices=list(WHERE), default="all",
                   help="search source texts, excerpt notes, records or all (default)")  # fmt: skip
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N hits (0: all)")
    add_json_flag(p)
    p.set_defaults(handler=search_command)

    p = commands.add_parser("reimport", help="replace a source with a new version of its file")
    add_case_argument(p)
    p.add_argument("source_id", type=int, metavar="SOURCE_ID")
    p.add_argument("file", type=Path, metavar="FILE")
    add_json_flag(p)
    p.set_defaults(handler=reimport)

    p = commands.add_parser("review", help="accept a changed excerpt where it now is")
    add_case_argument(p)
    p.add_argument("excerpt_id", type=int, metavar="EXCERPT_ID")
    p.set_defaults(handler=review)

    p = commands.add_parser("place", help="place an orphaned or changed excerpt again")
    add_case_argument(p)
    p.add_argument("excerpt_id", type=int, metavar="EXCERPT_ID")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", help="the exact text to anchor it to")
    where.add_argument("--start", type=int, help="start offset (code points, with --end)")
    p.add_argument("--end", type=int)
    p.add_argument("--occurrence", type=int, default=None, help="which occurrence of --quote")
    p.set_defaults(handler=place)


def search_command(args: argparse.Namespace) -> int:
    from casefile.services.search import search

    if args.limit < 0:
        raise InvalidInput("--limit must be 0 (all) or more")
    dates = (args.date_from, args.date_to) if (args.date_from or args.date_to) else None
    with opened(args.casefile) as case:
        hits = search(
            case, args.query, source_id=args.source, tag=args.tag, record=args.record,
            date_range=dates, limit=args.limit or None, kinds=WHERE[args.where],
        )  # fmt: skip
        if args.json:
            print_json([hit.to_json() for hit in hits])
            return 0
        titles = {s.id: s.title for s in case.sources()}
        rows = []
        for hit in hits:
            where = (
                f"{hit.source_id}: {titles.get(hit.source_id, '')}" if hit.source_id is not None
                else f"note of excerpt {hit.excerpt_id}" if hit.kind == "note"
                else f"record {hit.record_id}"
            )  # fmt: skip
            rows.append([where, hit.pinpoint, f"{hit.start}–{hit.end}",
                         f"{hit.before}[{hit.match}]{hit.after}"])  # fmt: skip
        print_table(rows, ["where", "pinpoint", "offsets", "in context"])
    return 0


def highlight_all_matches(args: argparse.Namespace) -> int:
    """``casefile highlight CASEFILE --all-matches QUERY --tag NAME [--source ID]``."""
    from casefile.services.bulk_highlight import highlight_all

    if len(args.tag) != 1:
        raise InvalidInput("--all-matches codes the hits with one tag: give exactly one --tag")
    with opened(args.casefile) as case:
        tag = case.tag_named(args.tag[0])
        author = case.info().get("author", "")
        operation = highlight_all(case, args.all_matches, tag.id, args.source, author)
        applied = case.run(operation)
        created = applied.result or 0
        skipped = len(operation.spans) - created
        if args.json:
            print_json({"created": created, "already_coded": skipped, "tag": tag.name,
                        "excerpts": sorted(applied.changes.excerpts)})  # fmt: skip
        else:
            print(f"highlighted {created} hit(s) as {tag.name}"
                  + (f" ({skipped} already were)" if skipped else ""))  # fmt: skip
    return 0


def reimport(args: argparse.Namespace) -> int:
    from casefile.ingest import ImportOptions
    from casefile.services.importing import prepare_import
    from casefile.services.versions import ReplaceSourceVersion

    with opened(args.casefile) as case:
        case.source(args.source_id)  # a clear error before reading the file
        new = prepare_import(args.file, options=ImportOptions())
        operation = ReplaceSourceVersion(args.source_id, new)
        case.run(operation)
        report = operation.report
        assert report is not None
        result = {
            "source_id": args.source_id,
            "version_id": report.version_id,
            "unmoved": report.ids("anchored", moved=False),
            "moved": report.ids("anchored", moved=True),
            "changed": report.ids("changed"),
            "orphaned": report.ids("orphaned"),
        }
        if args.json:
            print_json(result)
        else:
            print(f"source {args.source_id}: new version from {args.file.name}; the old one is "
                  f"kept as version {report.version_id}")  # fmt: skip
            for key in ("unmoved", "moved", "changed", "orphaned"):
                ids = result[key]
                assert isinstance(ids, list)
                print(f"  {key}: {len(ids)}" + (f" (excerpts {_ids(ids)})" if ids and key in
                      ("changed", "orphaned") else ""))  # fmt: skip
            if result["changed"] or result["orphaned"]:
                print("  review changed excerpts with `casefile review`, place orphans with "
                      "`casefile place`")  # fmt: skip
    return 0


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids[:20]) + (", …" if len(ids) > 20 else "")


def _run_on_excerpt(case: Case, excerpt_id: int, build: Any) -> None:
    with case.reading() as session:
        operation = build(session)
    case.run(operation)


def review(args: argparse.Namespace) -> int:
    from casefile.services.versions import mark_reviewed

    with opened(args.casefile) as case:
        _run_on_excerpt(case, args.excerpt_id, lambda s: mark_reviewed(s, args.excerpt_id))
        print(f"excerpt {args.excerpt_id} reviewed: anchored where it now is")
    return 0


def place(args: argparse.Namespace) -> int:
    from casefile.domain.anchoring import locate_quote
    from casefile.services.versions import place_again

    with opened(args.casefile) as case:
        excerpt = case.excerpt(args.excerpt_id)
        if args.quote is not None:
            start, end = locate_quote(case.text(excerpt.source_id), args.quote, args.occurrence)
        else:
            if args.end is None:
                raise InvalidInput("--start needs --end")
            start, end = args.start, args.end
        _run_on_excerpt(
            case, args.excerpt_id, lambda s: place_again(s, args.excerpt_id, start, end)
        )
        print(f"excerpt {args.excerpt_id} anchored at {start}–{end}")
    return 0
