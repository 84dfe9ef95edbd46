"""Which section of the bundle a document goes in, and the order of documents.

A source's field "bundle section" (set by the user) wins; otherwise the kind of
document decides: a source with a web address is country information (reports,
news, the state's statements); anything else without one — letters, testimony,
e-mails, the applicant's own papers — is among the applicant's documents.
"""

from __future__ import annotations

from casefile.domain.model import SourceInfo

APPLICANT = "The applicant's documents"
COUNTRY = "Country information"
OTHER = "Other documents"
DEFAULT_ORDER = (APPLICANT, COUNTRY, OTHER)
FIELD = "bundle section"

_ALIASES = {
    "applicant": APPLICANT,
    "the applicant's documents": APPLICANT,
    "applicant's documents": APPLICANT,
    "country": COUNTRY,
    "country information": COUNTRY,
    "coi": COUNTRY,
    "other": OTHER,
    "other documents": OTHER,
}


def default_section(source: SourceInfo) -> str:
    if source.url or source.kind == "html":
        return COUNTRY
    if source.kind in ("email", "docx", "pdf", "text"):
        return APPLICANT
    return OTHER


def section_of(source: SourceInfo, chosen: str = "") -> str:
    """The section named by the user (known names normalised), else the default."""
    chosen = chosen.strip()
    if not chosen:
        return default_section(source)
    return _ALIASES.get(chosen.casefold(), chosen)


def section_order(names: list[str]) -> list[str]:
    """The default sections first (those in use), then the user's own in first-seen order."""
    ordered = [name for name in DEFAULT_ORDER if name in names]
    for name in names:
        if name not in ordered:
            ordered.append(name)
    return ordered
