"""What the user chooses for an export (the CLI flags and the GUI dialog fill this).

One ``ExportOptions`` serves every format: the selection, the pseudonyms, the
citation style and the layout choices of the brief and the schedule. Exhibit
numbers are not an option: they are the case's own (``source.exhibit``).
"""

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
    OSCOLA = "oscola"
    BLUEBOOK = "bluebook"
    ACCORD = "accord"  # ACCORD / EUAA country-of-origin information


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


@dataclass(frozen=True)
class ExportOptions:
    selection: Selection = field(default_factory=Selection)
    format: str = "docx"  # the exporter (registry name) ``write_brief`` runs
    grouping: Grouping = Grouping.RECORD
    include_notes: bool = True
    template: Path | None = None  # a DOCX whose styles and letterhead are used
    confidentiality: str = "Confidential — prepared for legal proceedings"
    # lines "NAME[|VARIANT...]=ALIAS" (or (name, alias) pairs), applied to every format
    pseudonyms: tuple[tuple[str, str], ...] = ()
    citation_style: CitationStyle = CitationStyle.OSCOLA
    prepared_by: str = ""
    title: str = ""  # default: the case's title
    paper: Paper = Paper.A4
    matrix: bool = True  # the evidence matrix (in the brief; in the schedule when asked)
    quote_once: bool = False  # each quotation printed once, cross-referenced elsewhere
    undated_facts: bool = False  # chronology: excerpts without a fact date too
    signed_on: str = ""  # the date of the signature block (default: today)
    measure_pages: bool = True  # the schedule: lay it out with LibreOffice to count pages
    bundle_prefix: str = "AB"  # the bundle's page numbers: "AB 14"
    bundle_refs: bool = False  # brief and schedule cite bundle pages ("AB 14, para 7")

    def pseudonym_lines(self) -> list[str]:
        return [f"{name}={alias}" for name, alias in self.pseudonyms]


BriefOptions = ExportOptions  # the name the brief's callers have always used


@dataclass(frozen=True)
class BriefReport:
    path: Path
    excerpts: int
    exhibits: int
    warnings: tuple[str, ...] = ()
