"""Sources on the command line: delete (with what hangs on them)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from casefile.cli.checks import add_yes_flag, confirm
from casefile.cli.common import add_case_argument, opened


def register(commands: Any) -> None:
    source = commands.add_parser("source", help="delete a source")
    actions = source.add_subparsers(required=True, title="actions")
    p = actions.add_parser("delete", help="delete a source with its excerpts")
    add_case_argument(p)
    p.add_argument("source_id", type=int, metavar="SOURCE_ID")
    add_yes_flag(p, "it has excerpts (they are deleted with it)")
    p.set_defaults(handler=source_delete)


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
