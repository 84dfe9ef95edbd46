"""The origin of each citation field an importer found (see ``domain.provenance``).

Importers stay pure functions of bytes that return plain metadata; what each
kind of file's metadata *is* is decided here, once:

- PDF Info dictionary and DOCX core properties describe the file (``file``): the
  day it was converted, the tool or account that wrote it;
- a web article's metadata and an e-mail's headers are the document's own
  statement of its publication (``document``) — except a date that only the URL
  suggests (``/2016/``), which is a ``guess``;
- what the user typed at import time is the user's.
"""

from __future__ import annotations

import re

from casefile.domain.provenance import Origin
from casefile.domain.text import METADATA_FIELDS, ExtractedText, SourceMetadata

_BY_KIND = {
    "pdf": Origin.FILE,
    "docx": Origin.FILE,
    "html": Origin.DOCUMENT,
    "email": Origin.DOCUMENT,
    "text": Origin.GUESS,
}
_DATE_MARKUP = re.compile(
    rb"published_time|datePublished|dateCreated|pubdate|publish[-_]?date|dc\.date|"
    rb"DC\.date|<time[^>]+datetime|name=[\"']date[\"']|itemprop=[\"']date",
    re.IGNORECASE,
)


def _url_date(published: str, url: str) -> bool:
    """Whether the URL itself holds the date (``/2016/05/``): where a guesser would find it."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?", published)
    if not match or not url:
        return False
    year, month = match.group(1), match.group(2)
    return (
        bool(re.search(rf"[/_-]{year}(?:[/_-]{month})?(?:[/_-]|$)", url))
        if month
        else (f"/{year}/" in url)
    )


def import_origins(
    extracted: ExtractedText, overrides: SourceMetadata, data: bytes
) -> dict[str, Origin]:
    base = _BY_KIND.get(extracted.kind, Origin.GUESS)
    found = extracted.metadata
    origins: dict[str, Origin] = {}
    for name in METADATA_FIELDS:
        if getattr(overrides, name):
            origins[name] = Origin.USER
        elif getattr(found, name):
            origins[name] = base
    if (
        extracted.kind == "html"
        and origins.get("published") is Origin.DOCUMENT
        and _url_date(found.published, found.url or overrides.url)
        and not _DATE_MARKUP.search(data[:500_000])
    ):
        origins["published"] = Origin.GUESS
    return origins
