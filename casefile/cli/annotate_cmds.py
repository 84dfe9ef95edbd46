"""Commands that annotate: highlights, links to records, and listing excerpts."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from casefile.cli.common import (
    add_case_argument,
    add_json_flag,
    excerpt_json,
    opened,
    print_json,
    print_table,
)
from casefile.domain.errors import InvalidInput
from casefile.domain.model import Relation

if TYPE_CHECKING:
    from casefile.domain import model as m
    from casefile.services import Case, Operation

RELATIONS = [str(r) for r in Relation]


def register(commands: Any) -> None:
    p = commands.add_parser(
        "highlight",
        help="highlight a passage of a source as an excerpt",
        description="Highlight a passage. --quote matches straight and typographic quotation "
        "marks, the dashes, and runs of white space as equal; the excerpt keeps the "
        "document's own characters. Highlighting a passage that is already an excerpt adds "
        "the new tags and records to that excerpt; it is an error if they are all on it.",
    )
    add_case_argument(p)
    p.add_argument("source_id", type=int, metavar="SOURCE_ID")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", help="the text to highlight, as it reads")
    where.add_argument("--start", type=int, help="start offset (code points, with --end)")
    p.add_argument("--end", type=int, help="end offset (code points, exclusive)")
    p.add_argument("--occurrence", type=int, default=None, help="which occurrence of --quote")
    p.add_argument("--tag", action="append", default=[], metavar="NAME")
    p.add_argument("--note", default="")
    p.add_argument("--record", action="append", type=int, default=[], metavar="RECORD_ID")
    p.add_argument("--relation", choices=RELATIONS, default=None,
                   help="relation to the --record(s) (default: supports)")  # fmt: skip
    add_json_flag(p)
    p.set_defaults(handler=highlight)

    p = commands.add_parser("link", help="link an excerpt to a record")
    add_case_argument(p)
    p.add_argument("excerpt_id", type=int, metavar="EXCERPT_ID")
    p.add_argument("record_id", type=int, metavar="RECORD_ID")
    p.add_argument("--relation", choices=RELATIONS, default="supports")
    p.set_defaults(handler=link)

    p = commands.add_parser("unlink", help="remove the link between an excerpt and a record")
    add_case_argument(p)
    p.add_argument("excerpt_id", type=int, metavar="EXCERPT_ID")
    p.add_argument("record_id", type=int, metavar="RECORD_ID")
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


def highlight(args: argparse.Namespace) -> int:
    from casefile.domain.anchoring import locate_quote
    from casefile.services.excerpt_ops import CreateExcerpt

    if args.relation is not None and not args.record:
        raise InvalidInput("--relation needs --record (the record the passage relates to)")
    if args.quote is None and args.end is None:
        raise InvalidInput("--start needs --end")
    if args.quote is not None and args.end is not None:
        raise InvalidInput("--end goes with --start, not with --quote")
    if args.occurrence is not None and args.quote is None:
        raise InvalidInput("--occurrence goes with --quote")
    relation = Relation(args.relation or "supports")
    with opened(args.casefile) as case:
        text = case.text(args.source_id)
        if args.quote is not None:
            start, end = locate_quote(text, args.quote, args.occurrence)
        else:
            start, end = args.start, args.end
        tags = [case.tag_named(name) for name in args.tag]
        for record_id in args.record:
            case.record(record_id)  # fails clearly on an unknown id
        same = [eid for eid, s, e, _ in case.spans(args.source_id) if (s, e) == (start, end)]
        if same:
            existing = case.excerpt(min(same))
            excerpt_id = _extend(case, existing, tags, args.record, relation, args.note)
        else:
            label = f"Highlight as {tags[0].name}" if len(tags) == 1 else "Highlight"
            op = CreateExcerpt(
                args.source_id, start, end, tag_ids=[t.id for t in tags], note=args.note,
                links=[(r, relation) for r in args.record], author=_author(case), label=label,
            )  # fmt: skip
            created = case.run(op).result
            assert created is not None
            excerpt_id = created
        if args.json:
            _print_excerpts(case, [excerpt_id], single=True)
        else:
            print(excerpt_id)
    return 0


def _extend(
    case: Case, existing: m.Excerpt, tags: list[m.Tag], records: list[int],
    relation: Relation, note: str,
) -> int:  # fmt: skip
    """The passage is an excerpt already: add what is new to it, as one step, or refuse."""
    from casefile.services import Batch
    from casefile.services.excerpt_ops import LinkExcerpt, SetExcerptNote, TagExcerpt

    where = f"this passage is already excerpt {existing.id}"
    doubled = [t.name for t in tags if t.id in existing.tag_ids]
    if doubled or not (tags or records or note):
        with_tag = f" tagged {', '.join(doubled)}" if doubled else ""
        raise InvalidInput(
            f"{where}{with_tag}; change it with `casefile excerpt edit {existing.id}`"
        )
    linked = {link.record_id: link.relation for link in existing.links}
    if any(linked.get(r) not in (None, relation) for r in records):
        raise InvalidInput(f"{where}, linked otherwise; change that with `casefile link`")
    if note and existing.note and note != existing.note:
        raise InvalidInput(
            f"{where}, with a note; change it with `casefile excerpt edit {existing.id} --note`"
        )
    steps: list[Operation] = [TagExcerpt(existing.id, t.id) for t in tags]
    steps += [LinkExcerpt(existing.id, r, relation) for r in records if r not in linked]
    if note and not existing.note:
        steps.append(SetExcerptNote(existing.id, note))
    case.run(Batch("Highlight", steps))
    print(f"casefile: {where}; added to it", file=sys.stderr)
    return existing.id


def link(args: argparse.Namespace) -> int:
    from casefile.services.excerpt_ops import LinkExcerpt

    relation = Relation(args.relation) if hasattr(args, "relation") else None
    with opened(args.casefile) as case:
        if relation is None:
            linked = {link.record_id for link in case.excerpt(args.excerpt_id).links}
            if args.record_id not in linked:
                case.record(args.record_id)  # fails clearly on an unknown record
                raise InvalidInput(
                    f"excerpt {args.excerpt_id} is not linked to record {args.record_id}"
                )
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
