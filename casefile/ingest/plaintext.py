"""Plain text and Markdown in any encoding: decode, normalise line endings, number paragraphs."""

from __future__ import annotations

from casefile.domain.errors import ImportFailure
from casefile.domain.text import ExtractedText, normalise_newlines, paragraph_blocks
from casefile.ingest.decoding import decode_text
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register, supported_formats


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


def _extract(data: bytes, filename: str, _options: ImportOptions) -> ExtractedText:
    try:
        return extract(data, filename)
    except ImportFailure as failure:
        if "not a text file" in failure.reason:
            raise ImportFailure(
                filename,
                f"unsupported file type: {failure.reason} (Casefile reads {supported_formats()})",
            ) from None
        raise


register(
    Importer(
        "text", "Plain text and Markdown", (".txt", ".md", ".markdown"),
        ("text/plain", "text/markdown"), _extract, priority=90,
    )
)  # fmt: skip
