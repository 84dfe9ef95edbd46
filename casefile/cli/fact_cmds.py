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


def register(commands: Any) -> None:
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
