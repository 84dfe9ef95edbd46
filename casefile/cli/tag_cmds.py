"""The codebook on the command line: list, add, rename, recolour, move, merge, delete tags."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from casefile.cli.checks import add_yes_flag, confirm, find_tag
from casefile.cli.common import add_case_argument, add_json_flag, opened, print_json, print_table
from casefile.domain.errors import InvalidInput

TAG = "a tag's name (any letter case) or id"


def register(commands: Any) -> None:
    tag = commands.add_parser("tag", help="add, rename, recolor, move, merge or delete a tag")
    actions = tag.add_subparsers(required=True, title="actions")

    p = actions.add_parser("add", help="add a tag to the codebook")
    add_case_argument(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--color", default=None, help="#RRGGBB (default: the next free colour)")
    p.add_argument("--parent", default=None, metavar="NAME", help="the parent tag's name")
    add_json_flag(p)
    p.set_defaults(handler=tag_add)

    p = actions.add_parser("rename", help="rename a tag (its excerpts keep it)")
    add_case_argument(p)
    p.add_argument("tag", metavar="TAG", help=TAG)
    p.add_argument("new_name", metavar="NEW_NAME")
    p.set_defaults(handler=tag_rename)

    p = actions.add_parser("recolor", aliases=["recolour"], help="give a tag another colour")
    add_case_argument(p)
    p.add_argument("tag", metavar="TAG", help=TAG)
    p.add_argument("color", metavar="COLOR", help="#RRGGBB")
    p.set_defaults(handler=tag_recolor)

    p = actions.add_parser("move", help="place a tag under another, or at the top level")
    add_case_argument(p)
    p.add_argument("tag", metavar="TAG", help=TAG)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--parent", metavar="PARENT", help="the new parent tag")
    where.add_argument("--top", action="store_true", help="make it a top-level tag")
    p.set_defaults(handler=tag_move)

    p = actions.add_parser(
        "merge", help="merge a tag into another: its excerpts get the other tag, it goes"
    )
    add_case_argument(p)
    p.add_argument("tag", metavar="TAG", help="the tag that goes")
    p.add_argument("into", metavar="INTO", help="the tag that stays")
    p.set_defaults(handler=tag_merge)

    p = actions.add_parser("delete", help="delete a tag; its excerpts stay, its child tags move up")
    add_case_argument(p)
    p.add_argument("tag", metavar="TAG", help=TAG)
    add_yes_flag(p, "excerpts carry the tag")
    p.set_defaults(handler=tag_delete)

    p = commands.add_parser("tags", help="list the tags")
    add_case_argument(p)
    add_json_flag(p)
    p.set_defaults(handler=tags)


def tag_add(args: argparse.Namespace) -> int:
    from casefile.domain.builtins import next_tag_color
    from casefile.services.tag_ops import CreateTag

    with opened(args.casefile) as case:
        existing = case.tags()
        parent = find_tag(case, args.parent).id if args.parent else None
        color = args.color or next_tag_color(len(existing))
        tag_id = case.run(CreateTag(args.name, color, parent)).result
        created = next(t for t in case.tags() if t.id == tag_id)
    if args.json:
        print_json(dataclasses.asdict(created))
    else:
        print(tag_id)
    return 0


def tag_rename(args: argparse.Namespace) -> int:
    from casefile.services.tag_ops import UpdateTag

    with opened(args.casefile) as case:
        case.run(UpdateTag(find_tag(case, args.tag).id, name=args.new_name))
    return 0


def tag_recolor(args: argparse.Namespace) -> int:
    from casefile.services.tag_ops import UpdateTag

    with opened(args.casefile) as case:
        case.run(UpdateTag(find_tag(case, args.tag).id, color=args.color))
    return 0


def tag_move(args: argparse.Namespace) -> int:
    from casefile.services.tag_ops import UpdateTag

    with opened(args.casefile) as case:
        tag = find_tag(case, args.tag)
        parent = None if args.top else find_tag(case, args.parent).id
        case.run(UpdateTag(tag.id, parent_id=parent))
    return 0


def tag_merge(args: argparse.Namespace) -> int:
    from casefile.services.tag_ops import merge_tags

    with opened(args.casefile) as case:
        gone, kept = find_tag(case, args.tag), find_tag(case, args.into)
        if gone.builtin:
            raise InvalidInput(f"{gone.name!r} is built in and cannot be merged away")
        case.run(merge_tags(gone.id, kept.id))
    print(f"casefile: merged {gone.name!r} into {kept.name!r}", file=sys.stderr)
    return 0


def tag_delete(args: argparse.Namespace) -> int:
    from casefile.services.tag_ops import DeleteTag

    with opened(args.casefile) as case:
        tag = find_tag(case, args.tag)
        if tag.excerpt_count and not tag.builtin:
            confirm(args, f"{tag.excerpt_count} excerpt(s) carry {tag.name!r} and would lose it")
        case.run(DeleteTag(tag.id))
    print(f"casefile: deleted the tag {tag.name!r}", file=sys.stderr)
    return 0


def tags(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        found = case.tags()
    names = {t.id: t.name for t in found}
    if args.json:
        print_json(
            [dataclasses.asdict(t) | {"parent": names.get(t.parent_id or -1)} for t in found]
        )
    else:
        print_table(
            [[str(t.id), t.name, t.color, names.get(t.parent_id or -1, ""), str(t.excerpt_count)]
             for t in found],
            ["ID", "NAME", "COLOUR", "PARENT", "EXCERPTS"],
        )  # fmt: skip
    return 0
