"""Checks of what a user typed, shared by the command modules (light: domain only)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from casefile.domain.dates import parse_fuzzy_date
from casefile.domain.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from casefile.domain import model as m
    from casefile.services import Case

DATE_FORMS = "2015-09-03, 2015-09, 2015, 3 September 2015, c. 2014 or before 2016-01-27"


def check_date(option: str, value: str) -> str:
    """A date as written, refused when it cannot be placed in time ("2014-13-45", "yesterday")."""
    value = value.strip()
    if value and parse_fuzzy_date(value) is None:
        raise InvalidInput(f"{option} {value!r} is not a date; write it as {DATE_FORMS}")
    return value


def add_yes_flag(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--yes", action="store_true", help=f"go ahead even if {what}")


def confirm(args: argparse.Namespace, loss: str) -> None:
    """Refuse a destructive command unless ``--yes`` was given; ``loss`` says what would go."""
    if not args.yes:
        raise InvalidInput(f"{loss}; add --yes to go ahead")


def find_tag(case: Case, name: str) -> m.Tag:
    """A tag by its name (any letter case), or by its id when no tag has that name."""
    try:
        return case.tag_named(name)
    except NotFound:
        if name.strip().isdigit():
            for tag in case.tags():
                if tag.id == int(name):
                    return tag
        raise


def field_values(record_type: m.RecordType, items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` items matched to the type's fields by key or label (any letter case)."""
    by_name = {f.key.casefold(): f.key for f in record_type.fields}
    by_name |= {f.label.casefold(): f.key for f in record_type.fields}
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"--field {item!r}: write it as KEY=VALUE")
        known = by_name.get(key.strip().casefold())
        if known is None:
            keys = ", ".join(f.key for f in record_type.fields)
            raise InvalidInput(f"{record_type.name!r} has no field {key!r} (fields: {keys})")
        kind = next(f.kind for f in record_type.fields if f.key == known)
        values[known] = check_date(f"--field {known}", value) if kind == "date" else value
    return values
