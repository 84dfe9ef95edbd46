"""The date and status of the fact an excerpt reports (CaseMap's model of a chronology).

An article of 2016 may report a deportation of 2014: the chronology places the
excerpt by the fact's date, not the article's. The status says whether the
fact is disputed, undisputed or unclear.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from casefile.domain.dates import date_sort_key
from casefile.domain.errors import InvalidInput, NotFound
from casefile.domain.model import FactStatus
from casefile.services.changes import Changes
from casefile.services.operation import Applied, Operation
from casefile.storage import schema as s


def check_fact_date(text: str) -> str:
    text = text.strip()
    if text and date_sort_key(text) is None:
        raise InvalidInput(
            f"fact date {text!r}: write a date such as 2014-11-12, 2014-11, 2014, "
            "c. 2014 or before 2016-01-27"
        )
    return text


def check_fact_status(text: str) -> str:
    try:
        return str(FactStatus(text.strip().lower()))
    except ValueError:
        raise InvalidInput(
            f"fact status {text!r}: one of disputed, undisputed, unclear (or empty)"
        ) from None


class SetExcerptFact(Operation):
    """Set an excerpt's fact date and/or status; None leaves a value as it is."""

    label = "Set Fact Date"

    def __init__(
        self, excerpt_id: int, fact_date: str | None = None, fact_status: str | None = None
    ) -> None:
        self.excerpt_id = excerpt_id
        self.fact_date = None if fact_date is None else check_fact_date(fact_date)
        self.fact_status = None if fact_status is None else check_fact_status(fact_status)

    def apply(self, session: Session) -> Applied:
        row = session.get(s.Excerpt, self.excerpt_id)
        if row is None:
            raise NotFound(f"there is no excerpt {self.excerpt_id}")
        values: dict[str, Any] = {}
        old = SetExcerptFact(self.excerpt_id)
        if self.fact_date is not None:
            values["fact_date"] = self.fact_date
            old.fact_date = row.fact_date
        if self.fact_status is not None:
            values["fact_status"] = self.fact_status
            old.fact_status = row.fact_status
        if values:
            session.execute(update(s.Excerpt).where(s.Excerpt.id == row.id).values(**values))
            session.expire(row)
        return Applied(Changes.of(excerpts={self.excerpt_id}), old, self.excerpt_id)
