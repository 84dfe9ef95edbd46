"""Citations in OSCOLA (default), Bluebook and the ACCORD/EUAA COI style.

Only fields whose origin is the user or the document itself are printed
(``domain.provenance``); the title is always printed (a citation must name its
source). Dates are written out ("12 November 2014"; Bluebook "Nov. 12, 2014").
The accessed date is always there: the user's, else the day of import. The first
citation of a source is the full form; later ones are the short form, which in
the brief refers back to the note of the full one.

A citation is a list of pieces (text, link) so that a writer can make the URL a
real hyperlink; ``text()`` joins them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casefile.domain import model as m
from casefile.domain.provenance import printable
from casefile.export.brief_options import CitationStyle
from casefile.export.pseudonyms import Pseudonymiser

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
BLUEBOOK_MONTHS = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
]  # fmt: skip
WITHHELD = "[link withheld — Exhibit {n}]"


def withheld(exhibit: int) -> str:
    return WITHHELD.format(n=exhibit)


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    link: str = ""  # a URL: the writer makes the text a hyperlink to it


def written_date(value: str, style: CitationStyle = CitationStyle.OSCOLA) -> str:
    """ISO dates written out; anything else as the user wrote it."""
    value = value.strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?", value)
    if not match:
        return value
    year, month = match[1], int(match[2])
    day = int(match[3]) if match[3] else 0
    if not 1 <= month <= 12:
        return value
    if style is CitationStyle.BLUEBOOK:
        name = BLUEBOOK_MONTHS[month - 1]
        return f"{name} {day}, {year}" if day else f"{name} {year}"
    return f"{day} {MONTHS[month - 1]} {year}" if day else f"{MONTHS[month - 1]} {year}"


def ocr_marked(source: m.SourceInfo, pinpoint: str) -> str:
    """A pinpoint into text recognised by OCR says so: "p. 2 (OCR)"."""
    return f"{pinpoint} (OCR)".strip() if getattr(source, "ocr", "") else pinpoint


def text(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces)


@dataclass
class Citer:
    """Cites sources in one style, through one pseudonymiser; remembers first citations."""

    style: CitationStyle = CitationStyle.OSCOLA
    rename: Pseudonymiser = field(default_factory=Pseudonymiser)
    first_note: dict[int, int] = field(default_factory=dict)  # source id -> note of the full form
    withheld_links: set[int] = field(default_factory=set)  # exhibits whose link was withheld

    def _fields(self, source: m.SourceInfo) -> dict[str, str]:
        values = {name: printable(source, name) for name in m.CITATION_FIELDS}
        values["title"] = source.title
        values["accessed"] = values["accessed"] or source.imported_at[:10]
        return {k: self.rename(v) if k not in ("url",) else v for k, v in values.items()}

    def _url(self, url: str, exhibit: int) -> list[Piece]:
        if not url:
            return []
        if self.rename.in_url(url):
            self.withheld_links.add(exhibit)
            return [Piece(withheld(exhibit))]
        return [Piece(url, url)]

    def full_pieces(self, source: m.SourceInfo, pinpoint: str, exhibit: int) -> list[Piece]:
        pinpoint = ocr_marked(source, pinpoint)
        f = self._fields(source)
        who = f["author"] or f["publisher"]
        by = f["publisher"] if f["author"] and f["publisher"] else ""
        accessed = written_date(f["accessed"], self.style)
        published = written_date(f["published"], self.style)
        url = self._url(f["url"], exhibit)
        out: list[Piece] = []
        if self.style is CitationStyle.BLUEBOOK:
            head = ", ".join(p for p in (who, f"\u2018{f['title']}\u2019", by) if p)
            out.append(Piece(head + (f" ({published})" if published else "")))
            if pinpoint:
                out.append(Piece(f", {pinpoint}"))
            if url:
                out += [Piece(", "), *url]
            out.append(Piece(f" (last visited {accessed}) (Exhibit {exhibit})."))
        elif self.style is CitationStyle.ACCORD:
            head = ", ".join(p for p in (who, f["title"], by, published) if p)
            out.append(Piece(head))
            if pinpoint:
                out.append(Piece(f", {pinpoint}"))
            if url:
                out += [Piece(", "), *url]
            out.append(Piece(f", accessed {accessed}, Exhibit {exhibit}."))
        else:  # OSCOLA
            bracket = ", ".join(p for p in (by or (f["publisher"] if not f["author"] else ""),
                                            published) if p)  # fmt: skip
            head = ", ".join(p for p in (f["author"], f"\u2018{f['title']}\u2019") if p)
            out.append(Piece(head + (f" ({bracket})" if bracket else "")))
            if pinpoint:
                out.append(Piece(f" {pinpoint}"))
            if url:
                out += [Piece(" <"), *url, Piece(">")]
            out.append(Piece(f" accessed {accessed} (Exhibit {exhibit})."))
        return out

    def short_pieces(
        self, source: m.SourceInfo, pinpoint: str, exhibit: int, note: int
    ) -> list[Piece]:
        pinpoint = ocr_marked(source, pinpoint)
        f = self._fields(source)
        who = f["author"] or f["publisher"]
        title = f["title"]
        pin = f" {pinpoint}" if pinpoint else ""
        if self.style is CitationStyle.BLUEBOOK:
            lead = who or f"\u2018{title}\u2019"
            body = f"{lead}, supra note {note}"
            if who:
                body = f"{who}, \u2018{title}\u2019, supra note {note}"
            return [Piece(f"{body},{pin} (Exhibit {exhibit}).")]
        if self.style is CitationStyle.ACCORD:
            return [Piece(", ".join(p for p in (who, title) if p) + f",{pin} (Exhibit {exhibit}).")]
        lead = ", ".join(p for p in (f["author"], f"\u2018{title}\u2019") if p)
        return [Piece(f"{lead} (n {note}){pin} (Exhibit {exhibit}).")]

    def cite(self, source: m.SourceInfo, pinpoint: str, exhibit: int, note: int) -> list[Piece]:
        """Full form the first time a source is cited, short form (pointing to it) after."""
        first = self.first_note.get(source.id)
        if first is None:
            self.first_note[source.id] = note
            return self.full_pieces(source, pinpoint, exhibit)
        return self.short_pieces(source, pinpoint, exhibit, first)

    def full(self, source: m.SourceInfo, pinpoint: str, exhibit: int) -> str:
        return text(self.full_pieces(source, pinpoint, exhibit))


def citation(source: m.SourceInfo, pinpoint: str = "", exhibit: str = "") -> str:
    """A full OSCOLA citation, without pseudonyms (kept for older callers)."""
    return Citer().full(source, pinpoint, int(exhibit) if exhibit.isdigit() else 0)
