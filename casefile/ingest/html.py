"""Saved web pages: the article's text and its citation metadata. Nothing is ever fetched.

Article extraction uses trafilatura (maintained, with metadata from meta tags,
Open Graph and JSON-LD). The page is parsed from a string we decoded
ourselves, so no URL is ever given to it and it has nothing to download.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

from casefile.domain.errors import ImportFailure
from casefile.domain.text import BlockKind, ExtractedText, SourceMetadata, normalise_newlines
from casefile.ingest.decoding import decode_text
from casefile.ingest.html_text import HIDDEN_TAGS, page_blocks, visible_length
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.structured import TextBuilder, clean_inline

if TYPE_CHECKING:
    from trafilatura.settings import Document

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_HTML = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)", re.I | re.S
)
SUFFIXES = (".html", ".htm", ".xhtml")
_LANG = re.compile(r"""<html[^>]*\slang\s*=\s*["']?([A-Za-z-]+)""", re.I)
ARTICLE_LIMIT_CHARS = 4_000_000  # larger pages: the full page text (trafilatura slows down sharply)
FULL_PAGE_HINT = "casefile import --full-page, or “Full page text” when importing in the app"


def decode_html(data: bytes, filename: str) -> str:
    declared = _DECLARED.search(data[:4096])
    text, _ = decode_text(data, filename, declared.group(1).decode("ascii") if declared else None)
    return normalise_newlines(text)


def _full_page(blocks: list[str]) -> TextBuilder:
    builder = TextBuilder()
    for block in blocks:
        builder.add(block)
    return builder


def _parse(markup: str) -> etree._Element | None:
    """The page as an lxml tree, with libxml2's size and depth limits raised (``huge_tree``).

    Safe here: the markup is already decoded text, nothing is fetched (``no_network``)
    and HTML has no entity declarations to expand.
    """
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, huge_tree=True
    )
    try:
        return lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _tree_visible_length(root: etree._Element) -> int:
    """Visible characters in the tree (as ``html_text.visible_length`` counts them)."""
    total = 0
    skipping = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        hidden = tag in HIDDEN_TAGS or tag == "head"
        if event == "start":
            if hidden:
                skipping += 1
            elif not skipping and element.text:
                total += visible_length(element.text)
        else:
            if hidden:
                skipping -= 1
            if not skipping and element.tail and element is not root:
                total += visible_length(element.tail)
    return total


def _article(body: etree._Element) -> TextBuilder:
    builder = TextBuilder()
    for element in body.iter("head", "p", "item", "cell", "quote", "code"):
        if element.getparent() is not None and element.getparent().tag in ("item", "quote", "cell"):
            continue  # text already taken with its container
        text = clean_inline(" ".join(element.itertext()))
        if element.tag == "head":
            builder.add(text, BlockKind.HEADING)
        elif element.tag == "cell":
            builder.add(text, BlockKind.TABLE_CELL)
        else:
            builder.add(text)
    return builder


def _lost(problem: str) -> str:
    return f"{problem}; the full page text was imported so that nothing is lost."


def _choose(
    page: TextBuilder, article: TextBuilder | None, full_page: bool, problem: str
) -> tuple[TextBuilder, list[str]]:
    """The article, or the full page where the article cannot be trusted; and what to say."""
    if full_page:
        return page, ["Imported with the full page text, as asked."]
    if problem:
        return page, [_lost(problem)]
    if article is None or not article.text.strip():
        return page, ["No article could be found in this page; the full page text was imported."]
    page_length, article_length = visible_length(page.text), visible_length(article.text)
    if article_length >= page_length:
        return article, []
    share = round(100 * article_length / max(page_length, 1))
    left_out = page_length - article_length
    return article, [
        f"Only the article was imported ({share}% of the page text): {left_out:,} characters "
        "of navigation, comments and other page furniture were left out. To import all of "
        f"it, import the page again with the full page text ({FULL_PAGE_HINT})."
    ]


def extract(data: bytes, filename: str, full_page: bool = False) -> ExtractedText:
    markup = decode_html(data, filename)
    blocks = page_blocks(markup)
    page = _full_page(blocks)
    del blocks
    if not page.text.strip():
        raise ImportFailure(filename, "the web page holds no visible text")
    document: Document | None = None
    article: TextBuilder | None = None
    problem = ""
    if len(markup) > ARTICLE_LIMIT_CHARS:
        problem = f"This page is too large ({len(markup) / 1e6:.0f} MB) to look for its article in"
    root = None if problem else _parse(markup)
    if root is None and not problem:
        problem = "This page could not be parsed to find its article"
    if root is not None:
        expected = visible_length(page.text)
        complete = _tree_visible_length(root) >= expected - max(2, expected // 1000)
        if not complete:
            problem = "Part of this page is nested too deeply or is too broken to find its article"
        try:
            import trafilatura  # loaded on first use: it takes a while to import
            from trafilatura.settings import Document

            if full_page or not complete:
                document = trafilatura.extract_metadata(root)
            else:
                found = trafilatura.bare_extraction(
                    root, with_metadata=True, include_comments=False, include_tables=True,
                    include_images=False, include_links=False, deduplicate=False,
                )  # fmt: skip
                document = found if isinstance(found, Document) else None
        except Exception:  # trafilatura on a hostile page: fall back to the full page
            document = None
            problem = problem or "The article finder failed on this page"
        del root
    body = document.body if document is not None and not problem else None
    article = _article(body) if body is not None else None
    chosen, notices = _choose(page, article, full_page, problem)
    lang = _LANG.search(markup[:4096])
    found_meta = {
        key: str(getattr(document, key, "") or "")
        for key in ("title", "author", "sitename", "date", "url", "language")
    }
    metadata = SourceMetadata(
        title=found_meta["title"], author=found_meta["author"],
        publisher=found_meta["sitename"], published=found_meta["date"], url=found_meta["url"],
        language=lang.group(1) if lang else found_meta["language"],
    )  # fmt: skip
    return ExtractedText(
        text=chosen.text, kind="html", media_type="text/html", blocks=tuple(chosen.blocks),
        metadata=metadata, notices=tuple(notices),
    )  # fmt: skip


def _extract(data: bytes, filename: str, options: ImportOptions) -> ExtractedText:
    return extract(data, filename, full_page=options.html_full_page)


def _sniff(data: bytes, filename: str) -> bool:
    return filename.lower().endswith(SUFFIXES) or bool(
        _HTML.match(data[:2048].lstrip(b"\xef\xbb\xbf"))
    )


register(
    Importer(
        "html", "Web pages", SUFFIXES, ("text/html", "application/xhtml+xml"), _extract, _sniff,
        priority=40,
    )
)  # fmt: skip
