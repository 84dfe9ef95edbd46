"""What the user chooses for a bundle (the CLI flags and the GUI dialog fill this)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from casefile.export.selection import Selection

DEFAULT_TITLE = "Appellant's bundle"
DEFAULT_PREFIX = "AB"

# progress(done, total, what); return False to cancel
Progress = Callable[[int, int, str], bool]


class Cancelled(Exception):
    """The user cancelled the build; nothing was written."""


@dataclass(frozen=True)
class BundleOptions:
    selection: Selection = field(default_factory=Selection)
    title: str = DEFAULT_TITLE
    prefix: str = DEFAULT_PREFIX
    prepared_by: str = ""  # default: the case file's author
    date: str = ""  # printed on the cover; default: today (does not affect the layout)

    def page_ref(self, number: int) -> str:
        """The printed number of bundle page ``number`` (1-based): "AB 14"."""
        return f"{self.prefix} {number}" if self.prefix else str(number)


def no_progress(done: int, total: int, what: str) -> bool:
    return True
