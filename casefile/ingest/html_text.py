"""The whole text of a web page, read by a streaming parser without limits.

libxml2 (under lxml) stops silently at nesting depth 256 (2048 with
``huge_tree``), after 256 unclosed inline tags, or at a text node over 10 MB.
Python's own ``html.parser`` builds no tree and has none of those limits, so
the full page text taken here is the reference every web page import is
checked against: the text a reader of the page can see, block by block.
"""

from __future__ import annotations

from html.parser import HTMLParser

from casefile.ingest.structured import clean_inline, visible_length

__all__ = ["BLOCK_TAGS", "HIDDEN_TAGS", "page_blocks", "visible_length"]

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "li", "dd", "dt", "blockquote", "pre", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "main", "aside", "figcaption",
    "caption", "address", "br", "hr", "table", "ul", "ol", "dl", "nav", "form", "body", "html",
    "figure", "details", "summary", "fieldset", "legend", "option", "textarea",
})  # fmt: skip
HIDDEN_TAGS = frozenset({"script", "style", "template"})  # never shown as text
_HEAD_TAGS = frozenset({"head", "title", "meta", "link", "base", "script", "style", "noscript"})
_CHUNK = 1 << 20


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._hidden = ""  # the hidden element we are inside (script/style/template)
        self._in_head = False
        self.hidden_chars = 0

    def _break(self) -> None:
        if self._current:
            self.blocks.append("".join(self._current))
            self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden:
            return
        if tag == "head":
            self._in_head = True
        elif self._in_head and tag not in _HEAD_TAGS:
            self._in_head = False  # a browser closes <head> at the first body element
        if tag in HIDDEN_TAGS:
            self._hidden = tag
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._hidden and tag in BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag == self._hidden:
                self._hidden = ""
            return
        if tag == "head":
            self._in_head = False
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self._hidden or self._in_head:
            self.hidden_chars += len(data)
            return
        self._current.append(data)

    def finish(self) -> list[str]:
        self.close()
        self._break()
        return self.blocks


def page_blocks(markup: str) -> list[str]:
    """The page's visible text, one string per block (spaces collapsed, empty ones dropped)."""
    parser = _PageText()
    for start in range(0, len(markup), _CHUNK):
        parser.feed(markup[start : start + _CHUNK])
    return [text for block in parser.finish() if (text := clean_inline(block))]
