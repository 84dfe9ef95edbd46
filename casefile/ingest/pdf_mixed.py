"""PDFs that are partly scans: text pages keep their text layer, scanned pages are read by OCR.

A bundle of evidence often mixes typed pages with a scanned letter or an
identity document. Pages with (almost) no text that hold an image are recognised;
the text of every page is then put together in page order, with its blocks and
page-map runs moved to their place and paragraphs numbered through the document.
"""

from __future__ import annotations

from casefile.domain.pagemap import LineRun, PageInfo, PageMap
from casefile.domain.text import Block, BlockKind
from casefile.ingest.pdf_ocr import MIN_CHARACTERS_PER_PAGE

Part = tuple[str, list[Block], PageMap]


def scanned_pages(data: bytes, password: str | None, texts: list[str]) -> list[int]:
    """Indices of pages without text that hold an image (blank pages are left alone)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    textless = [
        i for i, text in enumerate(texts)
        if sum(1 for c in text if not c.isspace()) < MIN_CHARACTERS_PER_PAGE
    ]  # fmt: skip
    if not textless:
        return []
    document = pdfium.PdfDocument(data, password=password)
    try:
        found = []
        for index in textless:
            page = document[index]
            if next(iter(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE])), None) is not None:
                found.append(index)
            page.close()
        return found
    finally:
        document.close()


def combine(parts: list[Part], infos: list[PageInfo]) -> Part:
    """One page's text, blocks and map per part (its page 0 is page ``i``) -> the document's."""
    texts: list[str] = []
    blocks: list[Block] = []
    runs: list[LineRun] = []
    offset = 0
    paragraph = 0
    for index, (text, part_blocks, page_map) in enumerate(parts):
        if not text:
            continue
        if offset:
            texts.append("\n\n")
            offset += 2
        for block in part_blocks:
            label = block.label
            if block.kind == BlockKind.PARAGRAPH:
                paragraph += 1
                label = str(paragraph)
            elif block.kind == BlockKind.PAGE:
                label = infos[index].label
            blocks.append(Block(block.kind, block.start + offset, block.end + offset, label))
        for run in page_map.runs:
            runs.append(
                LineRun(run.start + offset, index, run.top, run.bottom, run.lefts, run.rights)
            )
        texts.append(text)
        offset += len(text)
    return "".join(texts), blocks, PageMap(infos, runs)
