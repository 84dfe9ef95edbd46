"""Where each citation field came from, and which origins a citation may print.

- ``user``: typed or confirmed by the user;
- ``document``: stated by the document as its own publication data (a web
  article's metadata, an e-mail's headers);
- ``file``: the file's properties (a PDF's Info dictionary, a DOCX's core
  properties): the day a file was converted and the tool that wrote it;
- ``guess``: inferred (a date read out of a URL, a title from the first line).

Citations print ``user`` and ``document`` values only; a value that names a
producing tool is never printed as an author, whatever its origin claims.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Protocol


class Origin(StrEnum):
    USER = "user"
    DOCUMENT = "document"
    FILE = "file"
    GUESS = "guess"


PRINTED = frozenset({Origin.USER, Origin.DOCUMENT})
TOOL_NAMES = re.compile(
    r"python-docx|microsoft\s*(?:office\s*)?word|libreoffice|openoffice|writer|"
    r"acrobat|distiller|pdftex|latex|ghostscript|quartz|skia|chromium|chrome|wkhtmltopdf|"
    r"itext|reportlab|pdfium|mozilla|firefox|safari|^word$|^user$|^admin(?:istrator)?$|"
    r"^unknown$|^owner$|^author$",
    re.IGNORECASE,
)


class HasOrigins(Protocol):
    origins: tuple[tuple[str, str], ...]


def origin_of(source: HasOrigins, field: str) -> Origin:
    """A field's origin; a value stored before origins were recorded counts as the user's."""
    for name, origin in source.origins:
        if name == field:
            return Origin(origin)
    return Origin.USER


def printable(source: object, field: str) -> str:
    """The field's value if a citation may print it, else ""."""
    value = str(getattr(source, field, "") or "")
    if not value:
        return ""
    origin = origin_of(source, field) if hasattr(source, "origins") else Origin.USER
    if origin not in PRINTED:
        return ""
    if field in ("author", "publisher") and origin is not Origin.USER and TOOL_NAMES.search(value):
        return ""
    return value
