"""Fact dates and statuses on excerpts: ``--date``/``--status`` flags for the commands that
create or edit an excerpt (highlight, excerpt edit), and ``casefile fact`` to set them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from casefile.cli.common import add_case_argument

if TYPE_CHECKING:
    from casefile.services import Case

STATUSES = ["disputed", "undisputed", "unclear", ""]


def add_fact_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", default=None, metavar="DATE",
                        help='the date of the fact it reports: "2014-11-12", "2014-11", '
                        '"c. 2014", "before 2016-01-27" ("" removes it)')  # fmt: skip
    parser.add_argument("--status", default=None, choices=STATUSES,
                        help="whether the fact is disputed, undisputed or unclear")  # fmt: skip


def apply_fact_flags(case: Case, excerpt_id: int, args: argparse.Namespace) -> None:
    """Set the fact date/status the flags give (nothing when neither was given)."""
    if getattr(args, "date", None) is None and getattr(args, "status", None) is None:
        return
    from casefile.services.fact_ops import SetExcerptFact

    case.run(SetExcerptFact(excerpt_id, args.date, args.status))


def check_fact_flags(args: argparse.Namespace) -> None:
    """Fail before anything is stored when a flag is malformed."""
    from casefile.services.fact_ops import check_fact_date, check_fact_status

    if getattr(args, "date", None) is not None:
        check_fact_date(args.date)
    if getattr(args, "status", None) is not None:
        check_fact_status(args.status)


def _extend_excerpt_edit(commands: Any) -> None:
    """Give ``excerpt edit`` (another module's command) --date and --status, when it exists.

    Its own handler runs for its own flags; the fact date and status are set after it (or
    alone, when they are all that was asked)."""
    excerpt = commands._name_parser_map.get("excerpt")
    if excerpt is None:
        return
    actions = next(
        (a for a in excerpt._actions if isinstance(a, argparse._SubParsersAction)),
        None,
    )
    edit = actions.choices.get("edit") if actions is not None else None
    if edit is None or any("--date" in a.option_strings for a in edit._actions):
        return
    add_fact_flags(edit)
    original = edit.get_default("handler")

    def handler(args: argparse.Namespace) -> int:
        from casefile.cli.common import opened

        check_fact_flags(args)
        own = [getattr(args, n, None) for n in ("note", "start", "end")]
        own += [getattr(args, n, None) for n in ("add_tag", "remove_tag")]
        result = original(args) if any(v not in (None, []) for v in own) else 0
        with opened(args.casefile) as case:
            case.excerpt(args.excerpt_id)
            apply_fact_flags(case, args.excerpt_id, args)
        if not any(v not in (None, []) for v in own) and not getattr(args, "json", False):
            print(args.excerpt_id)
        return int(result)

    edit.set_defaults(handler=handler)


def register(commands: Any) -> None:
    _extend_excerpt_edit(commands)
    p = commands.add_parser(
        "fact",
        help="set the date and status of the fact an excerpt reports",
        description="The chronology lists excerpts by the date of the fact they report "
        "(not their article's date), with the fact's status.",
    )
    add_case_argument(p)
    p.add_argument("excerpt_id", type=int, metavar="EXCERPT_ID")
    add_fact_flags(p)
    p.set_defaults(handler=fact)


def fact(args: argparse.Namespace) -> int:
    from casefile.cli.common import opened
    from casefile.domain.errors import InvalidInput

    if args.date is None and args.status is None:
        raise InvalidInput("nothing to change: give --date and/or --status")
    check_fact_flags(args)
    with opened(args.casefile) as case:
        case.excerpt(args.excerpt_id)
        apply_fact_flags(case, args.excerpt_id, args)
    print(args.excerpt_id)
    return 0
