"""Commands that annotate: tags, records, highlights, links, and listing excerpts."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from casefile.cli.common import (
    add_case_argument,
    add_json_flag,
    excerpt_json,
    opened,
    print_json,
    print_table,
)
from casefile.domain.anchoring import locate_quote
from casefile.domain.builtins import next_tag_color
from casefile.domain.errors import InvalidInput
from casefile.domain.model import Relation
from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt, LinkExcerpt
from casefile.services.record_ops import CreateRecord
from casefile.services.tag_ops import CreateTag

RELATIONS = [str(r) for r in Relation]


def register(commands: Any) -> None:
    tag = commands.add_parser("tag", help="manage tags (see `casefile tag add --help`)")
    tag_commands = tag.add_subparsers(metavar="ACTION", required=True)
    p = tag_commands.add_parser("add", help="add a tag to the codebook")
    add_case_argument(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--color", default=None, help="#RRGGBB (default: the next free colour)")
    p.add_argument("--parent", default=None, metavar="NAME", help="the parent tag's name")
    add_json_flag(p)
    p.set_defaults(handler=tag_add)

    p = commands.add_parser("tags", help="list the tags")
    add_case_argument(p)
    add_json_flag(p)
    p.set_defaults(handler=tags)

    record = commands.add_parser("record", help="manage case records (see `record add --help`)")
    record_commands = record.add_subparsers(metavar="ACTION", required=True)
    p = record_commands.add_parser("add", help="add a case record")
    add_case_argument(p)
    p.add_argument("--type", required=True, help="record type: key or name (asylum-refusal)")
    p.add_argument("--title", required=True)
    p.add_argument("--date", default="", help='as written: "2015-09-03", "2015-09", "c. 2014"')
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(handler=record_add)

    p = commands.add_parser("records", help="list the case records")
    add_case_argument(p)
    add_json_flag(p)
    p.set_defaults(handler=records)

    p = commands.add_parser("highlight", help="highlight a passage of a source as an excerpt")
    add_case_argument(p)
    p.add_argument("source_id", type=int, metavar="SOURCE_ID", nargs="?")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--all-matches", metavar="QUERY",
                       help="code every hit of a search query (one undo step)")  # fmt: skip
    p.add_argument("--source", type=int, default=None, metavar="ID",
                   help="with --all-matches: only hits in this source")  # fmt: skip
    where.add_argument("--quote", help="the exact text to highlight")
    where.add_argument("--start", type=int, help="start offset (code points, with --end)")
    p.add_argument("--end", type=int, help="end offset (code points, exclusive)")
    p.add_argument("--occurrence", type=int, default=None, help="which occurrence of --quote")
    p.add_argument("--tag", action="append", default=[], metavar="NAME")
    p.add_argument("--note", default="")
    p.add_argument("--record", action="append", type=int, default=[], metavar="RECORD_ID")
    p.add_argument("--relation", choices=RELATIONS, default="supports",
                   help="relation to the --record(s)")  # fmt: skip
    add_json_flag(p)
    p.set_defaults(handler=highlight)

    for verb in ("link", "unlink"):
        p = commands.add_parser(verb, help=f"{verb} an excerpt and a record")
        add_case_argument(p)
        p.add_argument("excerpt_id", type=int, metavar="EXCERPT_ID")
        p.add_argument("record_id", type=int, metavar="RECORD_ID")
        if verb == "link":
            p.add_argument("--relation", choices=RELATIONS, default="supports")
        p.set_defaults(handler=link)

    p = commands.add_parser("excerpts", help="list excerpts")
    add_case_argument(p)
    p.add_argument("--source", type=int, default=None, metavar="ID")
    p.add_argument("--tag", default=None, metavar="NAME")
    p.add_argument("--record", type=int, default=None, metavar="ID")
    add_json_flag(p)
    p.set_defaults(handler=excerpts)


def _author(case: Case) -> str:
    return case.info().get("author", "")


def tag_add(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        existing = case.tags()
        parent = case.tag_named(args.parent).id if args.parent else None
        color = args.color or next_tag_color(len(existing))
        tag_id = case.run(CreateTag(args.name, color, parent)).result
        created = next(t for t in case.tags() if t.id == tag_id)
    if args.json:
        print_json(dataclasses.asdict(created))
    else:
        print(tag_id)
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


def record_add(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        record_type = case.record_type_named(args.type)
        by_name = {f.key.casefold(): f.key for f in record_type.fields}
        by_name |= {f.label.casefold(): f.key for f in record_type.fields}
        values: dict[str, str] = {}
        for item in args.field:
            key, sep, value = item.partition("=")
            if not sep:
                raise InvalidInput(f"--field {item!r}: write it as KEY=VALUE")
            known = by_name.get(key.strip().casefold())
            if known is None:
                keys = ", ".join(f.key for f in record_type.fields)
                raise InvalidInput(f"{record_type.name!r} has no field {key!r} (fields: {keys})")
            values[known] = value
        op = CreateRecord(record_type.id, args.title, date=args.date, fields=values, note=args.note)
        record_id = case.run(op).result
        assert record_id is not None
        created = case.record(record_id)
    if args.json:
        print_json(dataclasses.asdict(created))
    else:
        print(record_id)
    return 0


def records(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        found = case.records()
    if args.json:
        print_json([dataclasses.asdict(r) for r in found])
    else:
        print_table(
            [[str(r.id), r.type_name, r.title, r.date, str(r.excerpt_count)] for r in found],
            ["ID", "TYPE", "TITLE", "DATE", "EXCERPTS"],
        )
    return 0


def highlight(args: argparse.Namespace) -> int:
    if args.all_matches is not None:
        from casefile.cli.search_cmds import highlight_all_matches

        return highlight_all_matches(args)
    if args.source_id is None:
        raise InvalidInput("highlight needs a SOURCE_ID (or --all-matches QUERY)")
    with opened(args.casefile) as case:
        text = case.text(args.source_id)
        if args.quote is not None:
            start, end = locate_quote(text, args.quote, args.occurrence)
        else:
            if args.end is None:
                raise InvalidInput("--start needs --end")
            start, end = args.start, args.end
        tag_ids = [case.tag_named(name).id for name in args.tag]
        names = [case.tag_named(name).name for name in args.tag]
        label = f"Highlight as {names[0]}" if len(names) == 1 else "Highlight"
        op = CreateExcerpt(
            args.source_id, start, end, tag_ids=tag_ids, note=args.note,
            links=[(r, Relation(args.relation)) for r in args.record],
            author=_author(case), label=label,
        )  # fmt: skip
        excerpt_id = case.run(op).result
        assert excerpt_id is not None
        if args.json:
            _print_excerpts(case, [excerpt_id], single=True)
        else:
            print(excerpt_id)
    return 0


def link(args: argparse.Namespace) -> int:
    relation = Relation(args.relation) if hasattr(args, "relation") else None
    with opened(args.casefile) as case:
        case.run(LinkExcerpt(args.excerpt_id, args.record_id, relation))
    return 0


def excerpts(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        tag_id = case.tag_named(args.tag).id if args.tag else None
        found = case.excerpts(source_id=args.source, tag_id=tag_id, record_id=args.record)
        if args.json:
            _print_excerpts(case, [e.id for e in found])
            return 0
        tag_names = {t.id: t.name for t in case.tags()}
    print_table(
        [[str(e.id), str(e.source_id), e.pinpoint, ", ".join(tag_names[t] for t in e.tag_ids),
          " ".join(e.exact.split())] for e in found],
        ["ID", "SOURCE", "PINPOINT", "TAGS", "TEXT"],
    )  # fmt: skip
    return 0


def _print_excerpts(case: Case, ids: list[int], single: bool = False) -> None:
    tag_map = {t.id: t for t in case.tags()}
    record_map = {r.id: r for r in case.records()}
    data = [excerpt_json(e, tag_map, record_map) for e in case.excerpts(ids=ids)]
    print_json(data[0] if single else data)
