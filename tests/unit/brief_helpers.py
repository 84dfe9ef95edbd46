"""Reading a written brief the way the tests check it: unzipped, part by part (no python-docx)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def all_text(path: Path) -> str:
    """Every text node and attribute of every XML part, and every file name, as one string."""
    found = []
    for name, data in parts(path).items():
        found.append(name)
        if name.endswith((".xml", ".rels")):
            root = etree.fromstring(data)
            for element in root.iter():
                if isinstance(element.tag, str):
                    found.append(element.text or "")
                    found.extend(element.attrib.values())
            for paragraph in root.iter(f"{W}p"):
                found.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return "\n".join(found)


def xml(path: Path, name: str) -> etree._Element:
    return etree.fromstring(parts(path)[name])


def footnotes(path: Path) -> dict[str, str]:
    root = xml(path, "word/footnotes.xml")
    return {
        note.get(f"{W}id"): "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
        for note in root.iter(f"{W}footnote")
        if note.get(f"{W}type") in (None, "normal")
    }


def quotations(path: Path) -> list[tuple[str, str, list[str]]]:
    """(bookmark name, text inside it, footnote ids of its paragraph) of each quotation."""
    root = xml(path, "word/document.xml")
    found = []
    for paragraph in root.iter(f"{W}p"):
        inside: str | None = None
        texts: list[str] = []
        for element in paragraph.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}t"):
            if element.tag == f"{W}bookmarkStart" and element.get(f"{W}name", "").startswith(
                "_cfq"
            ):
                inside = element.get(f"{W}name")
            elif element.tag == f"{W}bookmarkEnd":
                if inside:
                    refs = [r.get(f"{W}id") for r in paragraph.iter(f"{W}footnoteReference")]
                    found.append((inside, "".join(texts), refs))
                inside, texts = None, []
            elif inside:
                texts.append(element.text or "")
    return found


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style id, text) of each body paragraph."""
    root = xml(path, "word/document.xml")
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append(
            (style.get(f"{W}val") if style is not None else "", "".join(p.itertext()).strip())
        )
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def soffice() -> str | None:
    return shutil.which("soffice")
