"""The export command: a Word brief (and, later, data formats)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from casefile.cli.common import add_case_argument, opened
from casefile.domain.errors import InvalidInput
from casefile.export.brief import write_brief
from casefile.export.brief_options import BriefOptions
from casefile.export.selection import Selection

FORMATS = ["docx"]


def register(commands: Any) -> None:
    p = commands.add_parser("export", help="export a Word brief of selected excerpts")
    add_case_argument(p)
    p.add_argument("--format", choices=FORMATS, default="docx")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    p.add_argument("--record", action="append", type=int, default=[], metavar="ID",
                   help="only excerpts linked to this record (repeatable)")  # fmt: skip
    p.add_argument("--tag", action="append", default=[], metavar="NAME",
                   help="only excerpts with this tag (repeatable)")  # fmt: skip
    p.set_defaults(handler=export)


def export(args: argparse.Namespace) -> int:
    if not args.output.parent.is_dir():
        raise InvalidInput(f"{args.output}: the folder {args.output.parent} does not exist")
    with opened(args.casefile) as case:
        for record_id in args.record:
            case.record(record_id)  # fails clearly on an unknown id
        selection = Selection(tuple(args.record), tuple(case.tag_named(t).id for t in args.tag))
        report = write_brief(case, args.output, BriefOptions(selection=selection))
    print(f"wrote {report.excerpts} excerpt(s) to {args.output}", file=sys.stderr)
    return 0
