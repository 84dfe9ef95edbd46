"""What the user chooses for a brief (the CLI flags and the GUI dialog fill this)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from casefile.export.selection import Selection


class Grouping(StrEnum):
    RECORD = "record"  # by record (the disputed issue), then by tag
    TAG = "tag"
    SOURCE = "source"


class CitationStyle(StrEnum):
    FULL = "full"
    SHORT = "short"


@dataclass(frozen=True)
class BriefOptions:
    selection: Selection = field(default_factory=Selection)
    grouping: Grouping = Grouping.RECORD
    include_notes: bool = True
    template: Path | None = None  # a DOCX whose styles and letterhead are used
    confidentiality: str = "Confidential — prepared for legal proceedings"
    pseudonyms: tuple[tuple[str, str], ...] = ()  # (name, replacement), applied everywhere
    citation_style: CitationStyle = CitationStyle.FULL
    prepared_by: str = ""
    title: str = ""  # default: the case's title


@dataclass(frozen=True)
class BriefReport:
    path: Path
    excerpts: int
    exhibits: int
