"""Sources on the command line: delete (with what hangs on them)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from casefile.cli.checks import add_yes_flag, confirm
from casefile.cli.common import add_case_argument, opened


def register(commands: Any) -> None:
    source = commands.add_parser(
        "source", help="edit or delete a source, or choose its bundle section"
    )
    actions = source.add_subparsers(required=True, title="actions")
    p = actions.add_parser("delete", help="delete a source with its excerpts")
    add_case_argument(p)
    p.add_argument("source_id", type=int, metavar="SOURCE_ID")
    add_yes_flag(p, "it has excerpts (they are deleted with it)")
    p.set_defaults(handler=source_delete)
    section = actions.add_parser(
        "section",
        help="put a source in a section of the hearing bundle",
        description='Sections: "applicant" (the applicant\'s documents), "country" '
        '(country information), "other", or any name; "" puts it back in the section '
        "its kind gives it (a source with a web address is country information).",
    )
    add_case_argument(section)
    section.add_argument("source_id", type=int, metavar="SOURCE_ID")
    section.add_argument("name", metavar="SECTION")
    section.set_defaults(handler=source_section)


def source_delete(args: argparse.Namespace) -> int:
    from casefile.services.source_ops import DeleteSource

    with opened(args.casefile) as case:
        source = case.source(args.source_id)
        if source.excerpt_count:
            confirm(args, f"source {source.id} ({source.title!r}) has {source.excerpt_count} "
                          "excerpt(s), which would be deleted with it")  # fmt: skip
        case.run(DeleteSource(source.id))
    print(f"casefile: deleted source {source.id} ({source.title!r})", file=sys.stderr)
    return 0


def source_section(args: argparse.Namespace) -> int:
    from casefile.export.bundle.sections import section_of
    from casefile.services.translation_ops import SetBundleSection

    with opened(args.casefile) as case:
        source = case.source(args.source_id)
        case.run(SetBundleSection(source.id, section_of(source, args.name) if args.name else ""))
        chosen = section_of(case.source(source.id), case.source(source.id).bundle_section)
    print(f"casefile: source {source.id} is in the bundle section {chosen!r}", file=sys.stderr)
    return 0
