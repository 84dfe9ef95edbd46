"""Editing and deleting excerpts on the command line."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from casefile.cli.common import add_case_argument, add_json_flag, excerpt_json, opened, print_json
from casefile.domain.errors import InvalidInput

if TYPE_CHECKING:
    from casefile.services import Operation


def register(commands: Any) -> None:
    excerpt = commands.add_parser("excerpt", help="edit or delete an excerpt")
    actions = excerpt.add_subparsers(required=True, title="actions")

    p = actions.add_parser(
        "edit",
        help="change an excerpt's note, tags or boundaries (one step)",
        description="Change an excerpt. --start and --end move its boundaries (code points "
        "into the stored text, see `casefile text`); its quote, context and pinpoint "
        "follow. All the changes are one step.",
    )
    add_case_argument(p)
    p.add_argument("excerpt_id", type=int, metavar="EXCERPT_ID")
    p.add_argument("--note", default=None, help='the new note ("" removes it)')
    p.add_argument("--add-tag", action="append", default=[], metavar="NAME")
    p.add_argument("--remove-tag", action="append", default=[], metavar="NAME")
    p.add_argument("--start", type=int, default=None, help="new start offset (with --end)")
    p.add_argument("--end", type=int, default=None, help="new end offset (exclusive)")
    add_json_flag(p)
    p.set_defaults(handler=excerpt_edit)

    p = actions.add_parser("delete", help="delete an excerpt (the source stays)")
    add_case_argument(p)
    p.add_argument("excerpt_id", type=int, metavar="EXCERPT_ID")
    p.set_defaults(handler=excerpt_delete)


def excerpt_edit(args: argparse.Namespace) -> int:
    from casefile.cli.checks import find_tag
    from casefile.services import Batch
    from casefile.services.excerpt_ops import AdjustExcerpt, SetExcerptNote, TagExcerpt

    if (args.start is None) != (args.end is None):
        raise InvalidInput("--start and --end go together")
    if args.note is None and args.start is None and not (args.add_tag or args.remove_tag):
        raise InvalidInput(
            "nothing to change: give --note, --add-tag, --remove-tag or --start/--end"
        )
    with opened(args.casefile) as case:
        excerpt = case.excerpt(args.excerpt_id)
        added = [find_tag(case, name) for name in args.add_tag]
        removed = [find_tag(case, name) for name in args.remove_tag]
        both = {t.name for t in added} & {t.name for t in removed}
        if both:
            raise InvalidInput(f"{sorted(both)[0]!r} is both added and removed")
        for tag in removed:
            if tag.id not in excerpt.tag_ids:
                raise InvalidInput(f"excerpt {excerpt.id} does not carry {tag.name!r}")
        steps: list[Operation] = []
        if args.start is not None:
            steps.append(AdjustExcerpt(excerpt.id, args.start, args.end))
        steps += [TagExcerpt(excerpt.id, t.id) for t in added if t.id not in excerpt.tag_ids]
        steps += [TagExcerpt(excerpt.id, t.id, present=False) for t in removed]
        if args.note is not None and args.note != excerpt.note:
            steps.append(SetExcerptNote(excerpt.id, args.note))
        label = steps[0].label if len(steps) == 1 else "Edit Excerpt"
        if steps:
            case.run(Batch(label, steps))
        if args.json:
            tags = {t.id: t for t in case.tags()}
            records = {r.id: r for r in case.records()}
            print_json(excerpt_json(case.excerpt(excerpt.id), tags, records))
        else:
            print(excerpt.id)
    return 0


def excerpt_delete(args: argparse.Namespace) -> int:
    from casefile.services.excerpt_ops import DeleteExcerpt

    with opened(args.casefile) as case:
        case.run(DeleteExcerpt(args.excerpt_id))
    print(f"casefile: deleted excerpt {args.excerpt_id}", file=sys.stderr)
    return 0
