"""Case records and their types on the command line: add, edit, delete, list."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING, Any

from casefile.cli.checks import add_yes_flag, check_date, confirm, field_values
from casefile.cli.common import add_case_argument, add_json_flag, opened, print_json, print_table
from casefile.domain.errors import InvalidInput
from casefile.domain.field_specs import FIELD_KINDS, field_spec

if TYPE_CHECKING:
    from casefile.domain import model as m
    from casefile.services import Case

DATE_HELP = 'as written: "2015-09-03", "2015-09", "c. 2014", "before 2016-01-27"'
FIELD_SPEC = f"KEY[:LABEL[:KIND]], KIND one of {', '.join(FIELD_KINDS)} (default text)"


def register(commands: Any) -> None:
    record = commands.add_parser("record", help="add, edit or delete a case record")
    actions = record.add_subparsers(required=True, title="actions")

    p = actions.add_parser("add", help="add a case record")
    add_case_argument(p)
    p.add_argument("--type", required=True, help="record type: key or name (asylum-refusal)")
    p.add_argument("--title", required=True)
    p.add_argument("--date", default="", help=DATE_HELP)
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(handler=record_add)

    p = actions.add_parser("edit", help="change a record's title, date, fields or note")
    add_case_argument(p)
    p.add_argument("record_id", type=int, metavar="RECORD_ID")
    p.add_argument("--title", default=None)
    p.add_argument("--date", default=None, help=DATE_HELP + '; "" removes it')
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                   help="set a field (KEY= clears it)")  # fmt: skip
    p.add_argument("--note", default=None)
    add_json_flag(p)
    p.set_defaults(handler=record_edit)

    p = actions.add_parser("delete", help="delete a record; its excerpts stay, unlinked")
    add_case_argument(p)
    p.add_argument("record_id", type=int, metavar="RECORD_ID")
    add_yes_flag(p, "excerpts are linked to it")
    p.set_defaults(handler=record_delete)

    p = commands.add_parser("records", help="list the case records")
    add_case_argument(p)
    add_json_flag(p)
    p.set_defaults(handler=records)

    record_type = commands.add_parser(
        "record-type", help="add, edit or delete a type of case record"
    )
    actions = record_type.add_subparsers(required=True, title="actions")
    p = actions.add_parser("add", help="add a record type with its fields")
    add_case_argument(p)
    p.add_argument("name", metavar="NAME", help='the type\'s name, e.g. "Hearing"')
    p.add_argument("--key", default=None, help="its key (default: from the name, e.g. hearing)")
    p.add_argument("--field", action="append", default=[], metavar="SPEC", help=FIELD_SPEC)
    add_json_flag(p)
    p.set_defaults(handler=record_type_add)

    p = actions.add_parser("edit", help="rename a record type, add or remove fields")
    add_case_argument(p)
    p.add_argument("type", metavar="TYPE", help="the type's key or name")
    p.add_argument("--name", default=None, help="a new name (the key stays)")
    p.add_argument("--add-field", action="append", default=[], metavar="SPEC", help=FIELD_SPEC)
    p.add_argument("--remove-field", action="append", default=[], metavar="KEY")
    add_yes_flag(p, "records have values in a removed field")
    add_json_flag(p)
    p.set_defaults(handler=record_type_edit)

    p = actions.add_parser("delete", help="delete a record type that no record uses")
    add_case_argument(p)
    p.add_argument("type", metavar="TYPE", help="the type's key or name")
    p.set_defaults(handler=record_type_delete)

    p = commands.add_parser("record-types", help="list the record types and their fields")
    add_case_argument(p)
    add_json_flag(p)
    p.set_defaults(handler=record_types)


def record_add(args: argparse.Namespace) -> int:
    from casefile.services.record_ops import CreateRecord

    date = check_date("--date", args.date)
    with opened(args.casefile) as case:
        record_type = case.record_type_named(args.type)
        values = field_values(record_type, args.field)
        op = CreateRecord(record_type.id, args.title, date=date, fields=values, note=args.note)
        record_id = case.run(op).result
        assert record_id is not None
        _print_record(case, record_id, args.json)
    return 0


def record_edit(args: argparse.Namespace) -> int:
    from casefile.services.record_ops import UpdateRecord

    date = None if args.date is None else check_date("--date", args.date)
    if args.title is None and date is None and args.note is None and not args.field:
        raise InvalidInput("nothing to change: give --title, --date, --field or --note")
    with opened(args.casefile) as case:
        record = case.record(args.record_id)
        fields = None
        if args.field:
            record_type = next(t for t in case.record_types() if t.id == record.type_id)
            fields = record.fields | field_values(record_type, args.field)
        op = UpdateRecord(record.id, title=args.title, date=date, fields=fields, note=args.note)
        case.run(op)
        _print_record(case, record.id, args.json)
    return 0


def record_delete(args: argparse.Namespace) -> int:
    import sys

    from casefile.services.record_ops import DeleteRecord

    with opened(args.casefile) as case:
        record = case.record(args.record_id)
        if record.excerpt_count:
            confirm(args, f"{record.excerpt_count} excerpt(s) are linked to record {record.id} "
                          f"({record.title!r}) and would lose the link")  # fmt: skip
        case.run(DeleteRecord(record.id))
    print(f"casefile: deleted record {record.id} ({record.title!r})", file=sys.stderr)
    return 0


def _print_record(case: Case, record_id: int, as_json: bool) -> None:
    if as_json:
        print_json(dataclasses.asdict(case.record(record_id)))
    else:
        print(record_id)


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


def record_type_add(args: argparse.Namespace) -> int:
    from casefile.services.record_ops import SaveRecordType

    fields = [field_spec(spec) for spec in args.field]
    with opened(args.casefile) as case:
        type_id = case.run(SaveRecordType(args.name, fields, key=args.key)).result
        assert type_id is not None
        _print_type(case, type_id, args.json)
    return 0


def record_type_edit(args: argparse.Namespace) -> int:
    from casefile.services.record_ops import SaveRecordType

    added = [field_spec(spec) for spec in args.add_field]
    if args.name is None and not added and not args.remove_field:
        raise InvalidInput("nothing to change: give --name, --add-field or --remove-field")
    with opened(args.casefile) as case:
        record_type = case.record_type_named(args.type)
        keys = [f.key for f in record_type.fields]
        for key in args.remove_field:
            if key not in keys:
                raise InvalidInput(f"{record_type.name!r} has no field {key!r} (fields: "
                                   f"{', '.join(keys)})")  # fmt: skip
        for spec in added:
            if spec.key in keys and spec.key not in args.remove_field:
                raise InvalidInput(f"{record_type.name!r} already has a field {spec.key!r}")
        used = [r for r in case.records() if r.type_id == record_type.id
                and any(r.fields.get(k) for k in args.remove_field)]  # fmt: skip
        if used:
            confirm(args, f"{len(used)} record(s) have values in "
                          f"{', '.join(args.remove_field)}; they stay stored but are no longer "
                          "shown or exported")  # fmt: skip
        fields = [f for f in record_type.fields if f.key not in args.remove_field] + added
        name = record_type.name if args.name is None else args.name
        case.run(SaveRecordType(name, fields, type_id=record_type.id, key=record_type.key))
        _print_type(case, record_type.id, args.json)
    return 0


def record_type_delete(args: argparse.Namespace) -> int:
    import sys

    from casefile.services.record_ops import DeleteRecordType

    with opened(args.casefile) as case:
        record_type = case.record_type_named(args.type)
        case.run(DeleteRecordType(record_type.id))
    print(f"casefile: deleted the record type {record_type.name!r}", file=sys.stderr)
    return 0


def _type_json(record_type: m.RecordType, count: int) -> dict[str, Any]:
    return dataclasses.asdict(record_type) | {"records": count}


def _print_type(case: Case, type_id: int, as_json: bool) -> None:
    if as_json:
        found = next(t for t in case.record_types() if t.id == type_id)
        count = sum(1 for r in case.records() if r.type_id == type_id)
        print_json(_type_json(found, count))
    else:
        print(type_id)


def record_types(args: argparse.Namespace) -> int:
    with opened(args.casefile) as case:
        found = case.record_types()
        counts: dict[int, int] = {}
        for record in case.records():
            counts[record.type_id] = counts.get(record.type_id, 0) + 1
    if args.json:
        print_json([_type_json(t, counts.get(t.id, 0)) for t in found])
    else:
        print_table(
            [[str(t.id), t.key, t.name, ", ".join(f.key for f in t.fields),
              str(counts.get(t.id, 0))] for t in found],
            ["ID", "KEY", "NAME", "FIELDS", "RECORDS"],
        )  # fmt: skip
    return 0
