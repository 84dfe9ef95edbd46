"""The parts of the main window, in the order they are built (CONTRACTS §3).

A new panel is one module with a ``Part`` subclass and one line here.
"""

from __future__ import annotations

from casefile.ui.parts.base import Part, PartContext, make_action

PART_MODULES: list[str] = [
    "casefile.ui.parts.document",
    "casefile.ui.parts.pages",
    "casefile.ui.parts.sources",
    "casefile.ui.parts.tags",
    "casefile.ui.parts.excerpts",
    "casefile.ui.parts.records",
    "casefile.ui.parts.chronology",
    "casefile.ui.parts.history",
]


def part_classes() -> list[type[Part]]:
    """Each registered module's ``PART`` (a Part subclass)."""
    from importlib import import_module

    return [import_module(name).PART for name in PART_MODULES]


__all__ = ["PART_MODULES", "Part", "PartContext", "make_action", "part_classes"]
