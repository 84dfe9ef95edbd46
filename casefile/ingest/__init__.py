"""Importers: pure functions from a file's bytes to :class:`ExtractedText`.

No database, no Qt, no network. :func:`extract` finds the format through the
registry (``ingest.registry``: content first, name second) and raises
:class:`ImportFailure` with a message that names the file and the reason.
Importing this package is cheap: the importer modules (which register
themselves) are loaded on the first look-up in the registry.
"""

from __future__ import annotations

import re
from dataclasses import replace

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText
from casefile.ingest import registry
from casefile.ingest.options import MAX_FILE_BYTES, ImportOptions

__all__ = ["MAX_FILE_BYTES", "ImportOptions", "extract", "registry", "supported_formats"]


def supported_formats() -> str:
    return registry.supported_formats()


def extract(data: bytes, filename: str, options: ImportOptions | None = None) -> ExtractedText:
    """Turn a document's bytes into text, blocks and metadata."""
    options = options or ImportOptions()
    if len(data) > options.max_bytes:
        raise ImportFailure(
            filename,
            f"too large ({len(data) / 1e6:.0f} MB; the limit is {options.max_bytes / 1e6:.0f} MB)",
        )
    if not data:
        raise ImportFailure(filename, "the file is empty")
    importer = registry.find(data, filename) or registry.get("text")
    return _storable(importer.extract(data, filename, options))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(result: ExtractedText) -> ExtractedText:
    """Lone surrogates (which no database or file can hold) become U+FFFD, one for one,
    so that every offset stays where it was."""
    if _SURROGATE.search(result.text) is None:  # a scan, not a copy of the text
        return result
    return replace(result, text=_SURROGATE.sub("\ufffd", result.text))
