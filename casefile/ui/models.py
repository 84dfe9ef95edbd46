"""The item models of the main window's panels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casefile.domain import model as m
from casefile.ui.table_model import Column, RowTableModel

if TYPE_CHECKING:
    from casefile.services.chronology import ChronologyEntry  # noqa: F401 (a base-class string)


def one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class SourcesModel(RowTableModel[m.SourceInfo]):
    def __init__(self) -> None:
        super().__init__(
            [
                Column(
                    "Title",
                    lambda s: s.title,
                    lambda s: f"{s.title}\n{s.publisher} {s.published}\n{s.filename}",
                ),
                Column("Kind", lambda s: s.kind.upper()),
                Column("Excerpts", lambda s: str(s.excerpt_count), align_right=True),
            ]
        )


class ExcerptsModel(RowTableModel[m.Excerpt]):
    def __init__(self) -> None:
        self.tags: dict[int, m.Tag] = {}
        self.sources: dict[int, m.SourceInfo] = {}
        super().__init__(
            [
                Column(
                    "Excerpt",
                    lambda e: one_line(e.exact),
                    lambda e: e.exact,
                    color=lambda e: (
                        self.tags[e.tag_ids[0]].color
                        if e.tag_ids and e.tag_ids[0] in self.tags
                        else None
                    ),
                ),
                Column(
                    "Tags",
                    lambda e: ", ".join(self.tags[t].name for t in e.tag_ids if t in self.tags),
                ),
                Column("Pinpoint", lambda e: e.pinpoint),
                Column(
                    "Source",
                    lambda e: (
                        self.sources[e.source_id].title if e.source_id in self.sources else ""
                    ),
                ),
                Column("Note", lambda e: one_line(e.note, 80), lambda e: e.note),
            ]
        )


class RecordsModel(RowTableModel[m.Record]):
    def __init__(self) -> None:
        super().__init__(
            [
                Column("Record", lambda r: r.title, lambda r: _record_tooltip(r)),
                Column("Type", lambda r: r.type_name),
                Column("Date", lambda r: r.date),
                Column("Excerpts", lambda r: str(r.excerpt_count), align_right=True),
            ]
        )


class ChronologyModel(RowTableModel["ChronologyEntry"]):
    def __init__(self) -> None:
        super().__init__(
            [
                Column("Date", lambda e: e.date),
                Column("What", lambda e: one_line(e.title), lambda e: e.title),
                Column("Kind / source", lambda e: e.detail),
            ]
        )


def _record_tooltip(record: m.Record) -> str:
    lines = [record.title, record.type_name + (f", {record.date}" if record.date else "")]
    lines += [f"{key}: {value}" for key, value in record.fields.items()]
    return "\n".join(lines)
