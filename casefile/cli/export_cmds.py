"""The export command: every registered format (brief, schedule, CSV, JSON, W3C, QDPX).

Each export is verified before it replaces the output file (see
``casefile.export.registry``); warnings (withheld links, near-miss names, a
schedule over 12 pages) go to stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casefile.cli.common import add_case_argument, opened
from casefile.domain.errors import InvalidInput

if TYPE_CHECKING:
    from casefile.export.brief_options import ExportOptions
    from casefile.export.selection import Selection
    from casefile.services import Case

# For --help only (it must load no exporter): the registry decides at run time, and an
# unknown format fails there with the list of the registered ones.
FORMATS_HELP = (
    "docx: the Word brief; schedule: the country information evidence schedule (.docx); "
    "bundle: the hearing bundle (.pdf); csv; json; w3c: W3C Web Annotations (.jsonld); "
    "qdpx: a REFI-QDA project; "
    "and any other registered exporter"
)
CITATION_STYLES = ["oscola", "bluebook", "accord"]
PAPERS = ["a4", "letter"]
GROUPINGS = ["record", "tag", "source"]


def register(commands: Any) -> None:
    p = commands.add_parser(
        "export",
        help="export a Word brief, the evidence schedule, or the excerpts as data",
        description="Export the selected excerpts. Without --record and --tag, everything. "
        "The file is checked (quotations, citations, exhibits, names) before it is written.",
    )
    add_case_argument(p)
    p.add_argument("--format", default="docx", metavar="FORMAT", help=FORMATS_HELP)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    p.add_argument("--record", action="append", type=int, default=[], metavar="ID",
                   help="only excerpts linked to this record (repeatable)")  # fmt: skip
    p.add_argument("--tag", action="append", default=[], metavar="NAME",
                   help="only excerpts with this tag (repeatable)")  # fmt: skip
    p.add_argument("--include-unreviewed", action="store_true",
                   help="also cite excerpts that a new version of their source left changed "
                   "(not yet reviewed) or orphaned; left out by default")  # fmt: skip
    names_group = p.add_argument_group("pseudonyms (every format)")
    names_group.add_argument(
        "--pseudonym", action="append", default=[], metavar="NAME[|VARIANT...]=ALIAS",
        help="replace a name in all its forms (parts, possessive, hyphenless; add "
        "transliterations as |VARIANTs) everywhere, quotations included (repeatable)",
    )  # fmt: skip
    names_group.add_argument("--pseudonyms", type=Path, default=None, metavar="FILE",
                             help="a file of NAME[|VARIANT...]=ALIAS lines")  # fmt: skip
    brief = p.add_argument_group("brief and schedule options")
    brief.add_argument("--citation-style", choices=CITATION_STYLES,
                       default="oscola", help="default: oscola")  # fmt: skip
    brief.add_argument("--paper", choices=PAPERS, default="a4")
    brief.add_argument(
        "--group-by", choices=GROUPINGS, default="record",
        help="evidence grouped by record (then tag), by tag, or by source",
    )  # fmt: skip
    brief.add_argument("--no-notes", action="store_true", help="leave the notes out")
    brief.add_argument(
        "--template", type=Path, default=None, metavar="FILE.docx",
        help="use this document's styles, page set-up, headers and footers",
    )  # fmt: skip
    brief.add_argument("--confidentiality", default=None, metavar="TEXT")
    brief.add_argument(
        "--matrix", action=argparse.BooleanOptionalAction, default=None,
        help="the evidence matrix (default: in the brief, not in the schedule)",
    )  # fmt: skip
    brief.add_argument("--quote-once", action="store_true",
                       help="print each quotation once; cross-references elsewhere")  # fmt: skip
    brief.add_argument("--undated-facts", action="store_true",
                       help="list excerpts without a fact date in the chronology too")  # fmt: skip
    brief.add_argument("--prepared-by", default=None, metavar="NAME",
                       help="default: the case file's author")  # fmt: skip
    brief.add_argument(
        "--title", default="", help="default: the case's title (bundle: \"Appellant's bundle\")"
    )
    brief.add_argument("--signed-on", default="", metavar="DATE",
                       help="the date of the signature block (default: today)")  # fmt: skip
    brief.add_argument("--estimate-pages", action="store_true",
                       help="schedule: estimate its length instead of laying it out")  # fmt: skip
    bundle = p.add_argument_group("hearing bundle (--format bundle) options")
    bundle.add_argument("--prefix", default="AB", metavar="AB",
                        help="page numbers: AB 1, AB 2, ... (default: AB)")  # fmt: skip
    bundle.add_argument(
        "--bundle-refs", action="store_true",
        help="docx and schedule: cite the pages of the bundle built from the same case and "
        "selection (\"AB 14, para 7\") instead of the sources' own pages and paragraphs",
    )  # fmt: skip
    p.set_defaults(handler=run_export)


def pseudonym_lines(args: argparse.Namespace) -> list[str]:
    lines = list(args.pseudonym)
    if args.pseudonyms is not None:
        try:
            lines += args.pseudonyms.read_text(encoding="utf-8-sig").splitlines()
        except OSError as error:
            raise InvalidInput(f"{args.pseudonyms}: cannot be read ({error.strerror})") from None
    return [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _pairs(lines: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in lines:
        name, sep, alias = line.partition("=")
        if not sep or not name.strip() or not alias.strip():
            raise InvalidInput(f"pseudonym {line!r}: write it as NAME[|VARIANT...]=ALIAS")
        pairs.append((name.strip(), alias.strip()))
    return tuple(pairs)


def export_options(case: Case, args: argparse.Namespace, selection: Selection) -> ExportOptions:
    from casefile.export.brief_options import CitationStyle, ExportOptions, Grouping, Paper

    defaults = ExportOptions()
    matrix = args.matrix if args.matrix is not None else args.format != "schedule"
    return ExportOptions(
        selection=selection,
        grouping=Grouping(args.group_by),
        include_notes=not args.no_notes,
        template=args.template,
        confidentiality=defaults.confidentiality
        if args.confidentiality is None
        else args.confidentiality,
        pseudonyms=_pairs(pseudonym_lines(args)),
        citation_style=CitationStyle(args.citation_style),
        prepared_by=case.info().get("author", "") if args.prepared_by is None else args.prepared_by,
        title=args.title,
        paper=Paper(args.paper),
        matrix=matrix,
        quote_once=args.quote_once,
        undated_facts=args.undated_facts,
        signed_on=args.signed_on,
        measure_pages=not args.estimate_pages,
        bundle_prefix=args.prefix,
        bundle_refs=args.bundle_refs,
    )


def run_export(args: argparse.Namespace) -> int:
    from casefile.export.registry import check_suffix, export
    from casefile.export.selection import Selection, select_evidence

    check_suffix(args.format, args.output)
    if not args.output.parent.is_dir():
        raise InvalidInput(f"{args.output}: the folder {args.output.parent} does not exist")
    if args.template is not None and not args.template.is_file():
        raise InvalidInput(f"{args.template}: no such template")
    with opened(args.casefile) as case:
        for record_id in args.record:
            case.record(record_id)  # fails clearly on an unknown id
        selection = Selection(
            tuple(args.record),
            tuple(case.tag_named(t).id for t in args.tag),
            include_unreviewed=args.include_unreviewed,
        )
        withheld = () if args.include_unreviewed else select_evidence(case, selection).withheld
        if withheld:
            shown = ", ".join(str(i) for i in withheld[:10]) + (", …" if len(withheld) > 10 else "")
            print(
                f"casefile: left out {len(withheld)} excerpt(s) that a new source version changed "
                f"or orphaned (excerpts {shown}): `casefile review` / `casefile place` them, "
                "or export with --include-unreviewed",
                file=sys.stderr,
            )
        result = export(case, args.format, args.output, export_options(case, args, selection))
    for warning in result.warnings:
        print(f"casefile: warning: {warning}", file=sys.stderr)
    what = "quotation(s)" if args.format in ("docx", "schedule") else "excerpt(s)"
    if args.format == "bundle":
        what = "highlighted passage(s)"
    exhibits = f" from {result.exhibits} exhibit(s)" if result.exhibits else ""
    pages = f", {result.pages} page(s)" if result.pages else ""
    print(
        f"wrote {result.count} {what}{exhibits}{pages} to {args.output} (verified)",
        file=sys.stderr,
    )
    return 0
