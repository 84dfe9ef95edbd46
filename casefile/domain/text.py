"""What an importer produces: text, its structure and citation metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from casefile.domain.pagemap import PageMap


class BlockKind(StrEnum):
    PAGE = "page"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    TABLE_CELL = "table_cell"
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"
    COMMENT = "comment"
    HEADER = "header"  # e-mail headers, document headers


@dataclass(frozen=True, slots=True)
class Block:
    """A span of the extracted text with a role.

    ``start``/``end`` are code-point offsets into :attr:`ExtractedText.text`.
    ``label`` is what a citation prints: the page label for pages ("vii", "7"),
    the number for paragraphs ("12"), the note number for footnotes.
    """

    kind: BlockKind
    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class SourceMetadata:
    """Citation metadata. Every field is optional; empty string means unknown."""

    title: str = ""
    author: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""
    accessed: str = ""
    language: str = ""

    def merged(self, override: SourceMetadata) -> SourceMetadata:
        """Fields set in ``override`` win; the rest are kept."""
        return SourceMetadata(
            **{
                name: getattr(override, name) or getattr(self, name)
                for name in self.__dataclass_fields__
            }
        )


METADATA_FIELDS = ("title", "author", "publisher", "published", "url", "accessed", "language")


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """The result of an importer: a pure value, never touched by the database."""

    text: str
    kind: str  # "text", "html", "docx", "pdf", "email"
    media_type: str
    blocks: tuple[Block, ...] = ()
    metadata: SourceMetadata = field(default_factory=SourceMetadata)
    notices: tuple[str, ...] = ()  # things the user should know, e.g. "no text layer"
    pages: int = 0
    page_map: PageMap | None = None  # where each character sits on its page (PDF, OCR)
    ocr: str = ""  # Tesseract languages ("eng+rus") when the text was recognised by OCR


_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def normalise_newlines(text: str) -> str:
    """CRLF, CR and Unicode line/paragraph separators become LF; a BOM is dropped.

    Done once, at import, so that stored offsets never drift.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    return _NEWLINES.sub("\n", text)


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def paragraph_blocks(text: str, offset: int = 0, first_number: int = 1) -> list[Block]:
    """Number the paragraphs of plain text.

    Paragraphs are separated by blank lines; a text without any blank line has
    one paragraph per line (many saved transcripts look like that).
    """
    separator = _BLANK_LINES if _BLANK_LINES.search(text) else re.compile(r"\n")
    blocks: list[Block] = []
    number = first_number
    position = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            start = position + lead
            blocks.append(
                Block(
                    BlockKind.PARAGRAPH, offset + start, offset + start + len(stripped), str(number)
                )
            )
            number += 1
        if match:
            position = match.end()
    return blocks
