"""What an operation changed, so that each view can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Changes:
    """Ids touched by one operation, per kind of thing. A link touches both sides."""

    sources: frozenset[int] = field(default_factory=frozenset)
    excerpts: frozenset[int] = field(default_factory=frozenset)
    tags: frozenset[int] = field(default_factory=frozenset)
    records: frozenset[int] = field(default_factory=frozenset)
    record_types: frozenset[int] = field(default_factory=frozenset)
    case_info: bool = False
    journal: bool = False  # the history gained or changed an entry
    refresh_all: bool = False  # anything may have changed: every view reloads

    @staticmethod
    def everything() -> Changes:
        """For "another process changed the case in ways not recorded": refresh everything."""
        return Changes(case_info=True, journal=True, refresh_all=True)

    def __or__(self, other: Changes) -> Changes:
        merged = {f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)}
        return Changes(**merged)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    @staticmethod
    def of(
        *,
        sources: set[int] | frozenset[int] | tuple[int, ...] = (),
        excerpts: set[int] | frozenset[int] | tuple[int, ...] = (),
        tags: set[int] | frozenset[int] | tuple[int, ...] = (),
        records: set[int] | frozenset[int] | tuple[int, ...] = (),
        record_types: set[int] | frozenset[int] | tuple[int, ...] = (),
        case_info: bool = False,
        journal: bool = False,
    ) -> Changes:
        return Changes(
            frozenset(sources),
            frozenset(excerpts),
            frozenset(tags),
            frozenset(records),
            frozenset(record_types),
            case_info,
            journal,
        )

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (sorted id lists), as the journal stores it for other processes."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, frozenset):
                if value:
                    data[f.name] = sorted(value)
            elif value:
                data[f.name] = value
        return data

    @staticmethod
    def from_json(data: dict[str, Any]) -> Changes:
        known = {f.name: f for f in fields(Changes)}
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name not in known:
                continue  # written by a newer Casefile: ignore what this one cannot show
            if isinstance(value, list):
                values[name] = frozenset(int(v) for v in value)
            else:
                values[name] = bool(value)
        return Changes(**values)
