"""What an operation changed, so that each view can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class Changes:
    """Ids touched by one operation, per kind of thing. A link touches both sides."""

    sources: frozenset[int] = field(default_factory=frozenset)
    excerpts: frozenset[int] = field(default_factory=frozenset)
    tags: frozenset[int] = field(default_factory=frozenset)
    records: frozenset[int] = field(default_factory=frozenset)
    record_types: frozenset[int] = field(default_factory=frozenset)
    case_info: bool = False
    texts: frozenset[int] = field(default_factory=frozenset)  # sources whose text was replaced

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
        texts: set[int] | frozenset[int] | tuple[int, ...] = (),
    ) -> Changes:
        return Changes(
            frozenset(sources),
            frozenset(excerpts),
            frozenset(tags),
            frozenset(records),
            frozenset(record_types),
            case_info,
            frozenset(texts),
        )
