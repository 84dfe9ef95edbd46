"""Plain text (and Markdown): decode, normalise line endings, number paragraphs."""

from __future__ import annotations

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText, normalise_newlines, paragraph_blocks

_CONTROL = {chr(c) for c in range(32)} - {"\n", "\t", "\r", "\f"}


def decode(data: bytes, filename: str) -> str:
    """Decode UTF-8 (with or without a BOM). Other encodings come with charset detection."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailure(
            filename, f"not a text file, or not UTF-8 (byte {error.start} cannot be decoded)"
        ) from None
    if any(ch in _CONTROL for ch in text[:65536]):
        raise ImportFailure(filename, "not a text file (it contains binary data)")
    return text


def extract(data: bytes, filename: str) -> ExtractedText:
    text = normalise_newlines(decode(data, filename)).replace("\f", "\n")
    if not text.strip():
        raise ImportFailure(filename, "the file holds no text")
    media_type = (
        "text/markdown" if filename.lower().endswith((".md", ".markdown")) else "text/plain"
    )
    return ExtractedText(
        text=text, kind="text", media_type=media_type, blocks=tuple(paragraph_blocks(text))
    )
