"""Fuzzy dates as users write them: "2015-09", "c. 2014", "before 2016-01-27".

A fuzzy date is printed as written and sorted by a key derived from it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9

_QUALIFIERS = (
    (re.compile(r"^(?:c\.|ca\.|circa|about|around|approx\.?|~)\s*", re.I), "circa", 0),
    (re.compile(r"^(?:before|by|until|prior to)\s+", re.I), "before", -1),
    (re.compile(r"^(?:after|since|from)\s+", re.I), "after", 1),
)


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    text: str  # as the user wrote it
    earliest: date
    latest: date
    qualifier: str  # "", "circa", "before", "after"

    @property
    def sort_key(self) -> str:
        """A string that sorts chronologically (stored in an indexed column).

        "before X" sorts just before X, "after X" just after the whole of X,
        and a coarse date ("2015-09") before the days inside it.
        """
        if self.qualifier == "before":
            return f"{self.earliest.isoformat()}/0"
        if self.qualifier == "after":
            return f"{self.latest.isoformat()}/3"
        precision = "1" if self.earliest != self.latest else "2"
        return f"{self.earliest.isoformat()}/{precision}"


def _span(text: str) -> tuple[date, date] | None:
    text = text.strip().rstrip(".")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, number = int(m[1]), int(m[2])
        return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
    if m := re.fullmatch(r"(\d{4})", text):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"(\d{4})\s*(?:-|–|/|to)\s*(\d{4})", text):
        return date(int(m[1]), 1, 1), date(int(m[2]), 12, 31)
    if (m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)) and (
        month := _MONTHS.get(m[2].lower())
    ):
        d = date(int(m[3]), month, int(m[1]))
        return d, d
    if (m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)) and (
        month := _MONTHS.get(m[1].lower())
    ):
        d = date(int(m[3]), month, int(m[2]))
        return d, d
    if (m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", text)) and (
        month := _MONTHS.get(m[1].lower())
    ):
        year = int(m[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text):
        d = date(int(m[3]), int(m[2]), int(m[1]))  # day first, as in most of the world
        return d, d
    return None


def parse_fuzzy_date(text: str) -> FuzzyDate | None:
    """Parse a date as written, or return None if it cannot be placed in time."""
    raw = text.strip()
    rest, qualifier = raw, ""
    for pattern, name, _ in _QUALIFIERS:
        if m := pattern.match(raw):
            rest, qualifier = raw[m.end() :], name
            break
    try:
        span = _span(rest)
    except ValueError:  # 2015-02-30 and the like
        return None
    if span is None:
        return None
    return FuzzyDate(raw, span[0], span[1], qualifier)


def date_sort_key(text: str) -> str | None:
    """The sort key of a date as written, or None if it is empty or unreadable."""
    parsed = parse_fuzzy_date(text) if text.strip() else None
    return parsed.sort_key if parsed else None
