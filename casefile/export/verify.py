"""Independent checks of a written export: it is re-read as bytes, zip, XML, CSV or JSON.

The normalisation a quotation may undergo is documented here and nowhere else:
whitespace runs (line breaks from a PDF, tabs) become one space, and one pair of
outer quotation marks is removed. Nothing else may differ from the stored
excerpt (after the pseudonymiser's bracketed substitutions).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

from casefile.domain.errors import ExportCheckFailed
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.registry import Expected

QUOTE_PAIRS = {
    "\u201c": "\u201d",
    '"': '"',
    "\u2018": "\u2019",
    "\u00ab": "\u00bb",
    "\u201e": "\u201c",
    "'": "'",
}
_SPACE = re.compile(r"\s+")
_LINKISH = re.compile(r"://|^www\.|^/|^[\w.-]+\.\w{2,5}$")
_EXHIBIT = re.compile(r"Exhibit\s+(\d+)")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)


def joined(text: str) -> str:
    """Whitespace inside an excerpt joined: every run of whitespace is one space."""
    return _SPACE.sub(" ", text).strip()


def normalise(text: str) -> str:
    """What a printed quotation is compared as: whitespace joined, outer marks removed."""
    text = joined(text)
    if len(text) >= 2 and QUOTE_PAIRS.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


def check_quotation(found: str, expected: Expected, where: str) -> None:
    if normalise(found) != normalise(expected.text):
        raise ExportCheckFailed(
            "quotation", where, f"excerpt text differs from the case ({len(found)} characters)"
        )


def check_citation(citation: str, expected: Expected, where: str) -> None:
    """Exactly one exhibit number, the quotation's own; its pinpoint and its source named."""
    numbers = {int(n) for n in _EXHIBIT.findall(citation)}
    if numbers != {expected.exhibit}:
        shown = ", ".join(str(n) for n in sorted(numbers)) or "none"
        raise ExportCheckFailed(
            "exhibit", where, f"cites exhibit {shown}, the case says {expected.exhibit}"
        )
    if expected.pinpoint and expected.pinpoint not in citation:
        raise ExportCheckFailed("pinpoint", where, f"{expected.pinpoint!r} is not in the citation")
    if expected.source_title and joined(expected.source_title) not in joined(citation):
        raise ExportCheckFailed("citation", where, "the citation does not name its own source")


def check_names(pieces: Iterable[tuple[str, str]], rename: Pseudonymiser) -> None:
    """No pseudonymised name, in any form, in any piece of text (where, text)."""
    if not rename:
        return
    for where, text in pieces:
        found = rename.found_in(text)
        if found is None and _LINKISH.search(text) and rename.in_url(text):
            found = "(in a link or file name)"
        if found is not None:
            raise ExportCheckFailed("name", where, "a pseudonymised name is still there")


def xml_texts(where: str, root: etree._Element) -> Iterator[tuple[str, str]]:
    """Every text of an XML part: each paragraph joined (Word splits words into runs),
    each text node, each attribute value (hyperlink targets, titles, descriptions)."""
    for paragraph in root.iter(f"{W}p"):
        yield where, "".join(t.text or "" for t in paragraph.iter(f"{W}t", f"{W}instrText"))
    for element in root.iter():
        if isinstance(element.tag, str):
            if element.text and element.text.strip():
                yield where, element.text
            for value in element.attrib.values():
                yield where, value
        elif element.text:  # comments, processing instructions
            yield where, element.text


def package_texts(path: Path) -> Iterator[tuple[str, str]]:
    """Every file name and every text of every XML part of a zip package."""
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            yield f"file name {info.filename}", "/" + info.filename
            data = package.read(info)
            if info.filename.endswith((".xml", ".rels", ".qde", ".vml")):
                root = etree.fromstring(data, _PARSER)
                yield from xml_texts(info.filename, root)
            elif info.filename.endswith(".txt"):
                yield info.filename, data.decode("utf-8", "replace")


def package_parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as package:
        return {
            name: etree.fromstring(package.read(name), _PARSER)
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def by_key(expected: Iterable[Expected]) -> dict[str, Expected]:
    return {e.key: e for e in expected}
