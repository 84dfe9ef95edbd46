"""Plain text and Markdown in any encoding: decode, normalise line endings, number paragraphs."""

from __future__ import annotations

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText, normalise_newlines, paragraph_blocks
from casefile.ingest.decoding import decode_text


def extract(data: bytes, filename: str) -> ExtractedText:
    decoded, _encoding = decode_text(data, filename)
    text = normalise_newlines(decoded).replace("\f", "\n").replace("\x0b", "\n")
    if not text.strip():
        raise ImportFailure(filename, "the file holds no text")
    markdown = filename.lower().endswith((".md", ".markdown"))
    return ExtractedText(
        text=text,
        kind="text",
        media_type="text/markdown" if markdown else "text/plain",
        blocks=tuple(paragraph_blocks(text)),
    )
