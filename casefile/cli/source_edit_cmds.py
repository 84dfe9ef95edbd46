"""``casefile source edit``: citation fields, their confirmation, and the exhibit number.

A value given here is the user's (origin ``user``), so citations print it.
``--confirm FIELD`` accepts a suggested value (from the file's properties or a
guess) as it is. Registered into the ``source`` command, which other modules
share (``source delete``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from casefile.cli.common import add_case_argument, add_json_flag, opened, print_json
from casefile.domain.errors import InvalidInput

FIELDS = ("title", "author", "publisher", "published", "url", "accessed", "language")


def _actions(commands: Any) -> Any:
    """The ``source`` command's sub-commands, made here if no other module made them."""
    existing = commands._name_parser_map.get("source")
    if existing is None:
        source = commands.add_parser("source", help="edit a source's citation fields")
        return source.add_subparsers(required=True, title="actions")
    return next(a for a in existing._actions if isinstance(a, argparse._SubParsersAction))


def register(commands: Any) -> None:
    p = _actions(commands).add_parser(
        "edit",
        help="set a source's citation fields or exhibit number",
        description="Set citation fields. Values set here are yours: citations print them. "
        "Values read from a file's properties or guessed are not printed until confirmed "
        '(--confirm FIELD). An empty value ("") removes a field.',
    )
    add_case_argument(p)
    p.add_argument("source_id", type=int, metavar="SOURCE_ID")
    for name in FIELDS:
        p.add_argument(f"--{name}", default=None, metavar=name.upper())
    p.add_argument("--exhibit", type=int, default=None, metavar="N", help="its exhibit number")
    p.add_argument("--confirm", action="append", default=[], choices=FIELDS, metavar="FIELD",
                   help="accept a suggested value as it is (repeatable)")  # fmt: skip
    add_json_flag(p)
    p.set_defaults(handler=source_edit)


def source_edit(args: argparse.Namespace) -> int:
    from casefile.domain.provenance import origins_json
    from casefile.services.source_ops import UpdateSource

    values = {name: getattr(args, name) for name in FIELDS if getattr(args, name) is not None}
    if not values and args.exhibit is None and not args.confirm:
        raise InvalidInput("nothing to change: give a field (--title ...), --exhibit or --confirm")
    with opened(args.casefile) as case:
        source = case.source(args.source_id)
        for name in args.confirm:
            if name in values:
                continue
            if not getattr(source, name):
                raise InvalidInput(f"source {source.id} has no {name} to confirm")
            values[name] = getattr(source, name)
        case.run(UpdateSource(source.id, values, exhibit=args.exhibit))
        changed = case.source(source.id)
    if args.json:
        print_json({"id": changed.id, "exhibit": changed.exhibit, "origins": origins_json(changed)}
                   | {name: getattr(changed, name) for name in FIELDS})  # fmt: skip
    else:
        print(f"casefile: source {changed.id} is exhibit {changed.exhibit}", file=sys.stderr)
    return 0
