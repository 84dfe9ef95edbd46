"""Rich Text Format (.rtf): the text, paragraph by paragraph.

striprtf is small, pure Python and maintained (releases through 2025), and
decodes ``\\'hh`` escapes in the document's own code page (``\\ansicpg``) as
well as ``\\uN`` characters; RTF files from Word, WordPad and LibreOffice read
correctly. Nothing in an RTF file is fetched or run.
"""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import rtf_to_text

from casefile.domain.errors import ImportFailure
from casefile.domain.text import (
    ExtractedText,
    SourceMetadata,
    normalise_newlines,
    paragraph_blocks,
)
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register

_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")
_TITLE = re.compile(r"\{\\title ([^}]*)\}")
_AUTHOR = re.compile(r"\{\\author ([^}]*)\}")


def _encoding(data: bytes) -> str:
    found = _CODEPAGE.search(data[:4096])
    if found:
        name = f"cp{int(found.group(1))}"
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    return "cp1252"


def extract(data: bytes, filename: str, _options: ImportOptions | None = None) -> ExtractedText:
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ImportFailure(filename, "not an RTF document (it does not start with {\\rtf)")
    encoding = _encoding(data)
    markup = data.decode(encoding, errors="replace")  # mostly 7-bit; escapes carry the rest
    try:
        text = rtf_to_text(markup, encoding=encoding, errors="replace")  # type: ignore[no-untyped-call]
    except (ValueError, IndexError, LookupError, RecursionError) as error:
        raise ImportFailure(filename, f"damaged RTF ({type(error).__name__})") from None
    text = normalise_newlines(text).replace("\x00", "")
    if not text.strip():
        raise ImportFailure(filename, "the document holds no text")
    title = _TITLE.search(markup[:65536])
    author = _AUTHOR.search(markup[:65536])
    return ExtractedText(
        text=text, kind="rtf", media_type="application/rtf",
        blocks=tuple(paragraph_blocks(text)),
        metadata=SourceMetadata(
            title=title.group(1).strip() if title else "",
            author=author.group(1).strip() if author else "",
        ),
    )  # fmt: skip


register(
    Importer(
        "rtf", "Rich Text documents", (".rtf",), ("application/rtf", "text/rtf"), extract,
        lambda data, _name: data[:64].lstrip().startswith(b"{\\rtf"), priority=20,
    )
)  # fmt: skip
