"""Saved web pages: the article's text and its citation metadata. Nothing is ever fetched.

Article extraction uses trafilatura (maintained, with metadata from meta tags,
Open Graph and JSON-LD). The page is parsed from a string we decoded
ourselves, so no URL is ever given to it and it has nothing to download.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from casefile.domain.errors import ImportFailure
from casefile.domain.text import BlockKind, ExtractedText, SourceMetadata, normalise_newlines
from casefile.ingest.decoding import decode_text
from casefile.ingest.options import ImportOptions
from casefile.ingest.registry import Importer, register
from casefile.ingest.structured import TextBuilder, clean_inline

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_HTML = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)", re.I | re.S
)
SUFFIXES = (".html", ".htm", ".xhtml")
_LANG = re.compile(r"""<html[^>]*\slang\s*=\s*["']?([A-Za-z-]+)""", re.I)
UNSURE_RATIO = 0.25  # article text below this share of the page text: say so
_BLOCK_TAGS = {
    "p", "div", "section", "article", "li", "dd", "dt", "blockquote", "pre", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "main", "aside", "figcaption",
    "caption", "address", "br", "hr", "table", "ul", "ol", "dl", "nav", "form",
}  # fmt: skip
_DROP_TAGS = ["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]


def decode_html(data: bytes, filename: str) -> str:
    declared = _DECLARED.search(data[:4096])
    text, _ = decode_text(data, filename, declared.group(1).decode("ascii") if declared else None)
    return normalise_newlines(text)


def _full_page(markup: str) -> TextBuilder:
    builder = TextBuilder()
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=_parser())
    except (etree.ParserError, ValueError):
        return builder
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, with_tail=False)
    chunks: list[str] = []
    current: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if block and current:
            chunks.append("".join(current))
            current.clear()
        if element.text:
            current.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block and current:
            chunks.append("".join(current))
            current.clear()

    body = root.find("body")
    walk(body if body is not None else root)
    if current:
        chunks.append("".join(current))
    for chunk in chunks:
        builder.add(clean_inline(chunk))
    return builder


def _parser() -> lxml.html.HTMLParser:
    # we decoded the bytes ourselves; the encoding given here overrides any <meta charset>
    return lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, huge_tree=False
    )


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


def extract(data: bytes, filename: str, full_page: bool = False) -> ExtractedText:
    markup = decode_html(data, filename)
    page = _full_page(markup)
    if not page.text.strip():
        raise ImportFailure(filename, "the web page holds no text")
    found = trafilatura.bare_extraction(
        markup, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
    )  # fmt: skip
    document = found if isinstance(found, Document) else None
    body = document.body if document is not None else None
    article = _article(body) if body is not None else None
    notices: list[str] = []
    chosen = page
    if full_page:
        notices.append("Imported with the full page text, as asked.")
    elif article is None or not article.text.strip():
        notices.append("No article could be found in this page; the full page text was imported.")
    else:
        chosen = article
        if len(article.text) < UNSURE_RATIO * len(page.text):
            share = round(100 * len(article.text) / len(page.text))
            notices.append(
                f"The article is {share}% of the page text; if something is missing, "
                "re-import the page with the full page text."
            )
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
