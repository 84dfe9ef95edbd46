"""The export command: the Word brief; CSV, JSON, W3C annotations; a REFI-QDA project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.cli.common import add_case_argument, opened
from casefile.domain.errors import InvalidInput

if TYPE_CHECKING:  # the writers are imported by the handler: `--help` stays quick
    from casefile.export.brief_options import BriefOptions
    from casefile.export.selection import Selection
    from casefile.services import Case

FORMATS = ["docx", "csv", "json", "qdpx", "w3c"]
GROUPINGS = ["record", "tag", "source"]  # casefile.export.brief_options.Grouping (tested)


def register(commands: Any) -> None:
    p = commands.add_parser(
        "export",
        help="export a Word brief, or the excerpts as CSV or JSON",
        description="Export the selected excerpts. Without --record and --tag, everything.",
    )
    add_case_argument(p)
    p.add_argument("--format", choices=FORMATS, default="docx")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    p.add_argument(
        "--record",
        action="append",
        type=int,
        default=[],
        metavar="ID",
        help="only excerpts linked to this record (repeatable)",
    )
    p.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="NAME",
        help="only excerpts with this tag (repeatable)",
    )
    brief = p.add_argument_group("brief (docx) options")
    brief.add_argument(
        "--group-by",
        choices=GROUPINGS,
        default="record",
        help="evidence grouped by record (then tag), by tag, or by source",
    )
    brief.add_argument("--no-notes", action="store_true", help="leave the notes out")
    brief.add_argument(
        "--template",
        type=Path,
        default=None,
        metavar="FILE.docx",
        help="use this document's styles, headers and letterhead; "
        "its body text is replaced by the brief",
    )
    brief.add_argument(
        "--confidentiality",
        default=None,
        metavar="TEXT",
        help="the confidentiality line on the title page",
    )
    brief.add_argument(
        "--pseudonym",
        action="append",
        default=[],
        metavar="NAME=REPLACEMENT",
        help="replace a name everywhere, quotations included (repeatable)",
    )
    brief.add_argument(
        "--pseudonyms",
        type=Path,
        default=None,
        metavar="FILE",
        help="a file of NAME=REPLACEMENT lines",
    )
    brief.add_argument(
        "--short-citations", action="store_true", help="publisher, pinpoint and exhibit only"
    )
    brief.add_argument(
        "--prepared-by", default=None, metavar="NAME", help="default: the case file's author"
    )
    brief.add_argument("--title", default="", help="default: the case's title")
    p.set_defaults(handler=export)


def _pseudonyms(args: argparse.Namespace) -> tuple[tuple[str, str], ...]:
    lines = list(args.pseudonym)
    if args.pseudonyms is not None:
        try:
            lines += args.pseudonyms.read_text(encoding="utf-8-sig").splitlines()
        except OSError as error:
            raise InvalidInput(f"{args.pseudonyms}: cannot be read ({error.strerror})") from None
    pairs = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, replacement = line.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"pseudonym {line!r}: write it as NAME=REPLACEMENT")
        pairs.append((name.strip(), replacement.strip()))
    return tuple(pairs)


def brief_options(case: Case, args: argparse.Namespace, selection: Selection) -> BriefOptions:
    from casefile.export.brief_options import BriefOptions, CitationStyle, Grouping

    defaults = BriefOptions()
    return BriefOptions(
        selection=selection,
        grouping=Grouping(args.group_by),
        include_notes=not args.no_notes,
        template=args.template,
        confidentiality=defaults.confidentiality
        if args.confidentiality is None
        else args.confidentiality,
        pseudonyms=_pseudonyms(args),
        citation_style=CitationStyle.SHORT if args.short_citations else CitationStyle.FULL,
        prepared_by=case.info().get("author", "") if args.prepared_by is None else args.prepared_by,
        title=args.title,
    )


def export(args: argparse.Namespace) -> int:
    from casefile.export.selection import Selection, select_evidence

    if not args.output.parent.is_dir():
        raise InvalidInput(f"{args.output}: the folder {args.output.parent} does not exist")
    if args.template is not None and not args.template.is_file():
        raise InvalidInput(f"{args.template}: no such template")
    with opened(args.casefile) as case:
        for record_id in args.record:
            case.record(record_id)  # fails clearly on an unknown id
        selection = Selection(tuple(args.record), tuple(case.tag_named(t).id for t in args.tag))
        if args.format == "docx":
            from casefile.export.brief import write_brief

            report = write_brief(case, args.output, brief_options(case, args, selection))
            print(
                f"wrote {report.excerpts} quotation(s) from {report.exhibits} exhibit(s) "
                f"to {args.output}",
                file=sys.stderr,
            )
            return 0
        elif args.format == "qdpx":
            from casefile.export.qdpx_writer import write_qdpx

            count = write_qdpx(case, args.output)
        else:
            from casefile.export.tabular import write_csv, write_json
            from casefile.export.w3c import write_w3c

            writers = {"csv": write_csv, "json": write_json, "w3c": write_w3c}
            count = writers[args.format](select_evidence(case, selection), args.output)
    print(f"wrote {count} excerpt(s) to {args.output}", file=sys.stderr)
    return 0
