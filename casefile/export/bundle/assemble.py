"""Putting the bundle together with pikepdf: pages, stamps, highlights, links, outline, labels.

Typeset pages are A4 already. A PDF source's pages are placed on A4 pages as
form XObjects (content and text layer untouched), scaled down to fit between
the header and footer bands when larger, landscape when wider than tall.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from casefile.export.bundle import stamps
from casefile.export.bundle.options import Cancelled, Progress, no_progress
from casefile.export.bundle.placement import Placement
from casefile.export.bundle.plan import Entry, Passage, Plan
from casefile.export.bundle.typesetter import A4


def lighter(colour: str, amount: float = 0.55) -> tuple[float, float, float]:
    """A tag colour ("#4a90d9") mixed with white: a highlighter, text stays readable."""
    value = colour.lstrip("#")
    if len(value) != 6:
        value = "fff176"
    rgb = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    return (rgb[0] + (1 - rgb[0]) * amount, rgb[1] + (1 - rgb[1]) * amount,
            rgb[2] + (1 - rgb[2]) * amount)  # fmt: skip


def _place_pdf_pages(out: pikepdf.Pdf, entry: Entry) -> None:
    assert entry.pdf is not None
    for page, geo, place in zip(entry.pdf.pages, entry.geometries, entry.placements(), strict=True):
        form = out.copy_foreign(page.as_form_xobject(True))
        target = out.add_blank_page(page_size=(place.page_width, place.page_height))
        name = target.add_resource(form, Name.XObject, prefix="Src")
        # form space -> bundle page: undo the displayed box's offset, scale, move
        s = place.scale
        tx, ty = place.left - geo.x0 * s, place.top - geo.height * s - geo.y0 * s
        target.contents_add(
            out.make_stream(f"q {s:.6f} 0 0 {s:.6f} {tx:.3f} {ty:.3f} cm {name} Do Q".encode())
        )


def _highlight(out: pikepdf.Pdf, page: pikepdf.Page, passage: Passage,
               rects: list[tuple[float, float, float, float]]) -> pikepdf.Dictionary:  # fmt: skip
    r, g, b = lighter(passage.colour)
    gs = page.add_resource(Dictionary(Type=Name.ExtGState, BM=Name.Multiply), Name.ExtGState,
                           prefix="Hl")  # fmt: skip
    drawn = " ".join(
        f"{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re" for x0, y0, x1, y1 in rects
    )
    page.contents_add(out.make_stream(f"q {gs} gs {r:.3f} {g:.3f} {b:.3f} rg {drawn} f Q".encode()))
    quads: list[float] = []
    for x0, y0, x1, y1 in rects:
        quads += [x0, y1, x1, y1, x0, y0, x1, y0]
    bbox = [min(q[0] for q in rects), min(q[1] for q in rects),
            max(q[2] for q in rects), max(q[3] for q in rects)]  # fmt: skip
    empty = out.make_stream(b"q Q")
    empty.Type, empty.Subtype, empty.BBox = Name.XObject, Name.Form, Array(bbox)
    note = passage.excerpt.note
    label = ", ".join(passage.tags) or "Essential passage"
    return out.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Highlight, Rect=Array(bbox), QuadPoints=Array(quads),
            C=Array([r, g, b]), F=4, T=String(passage.excerpt.author or "Casefile"),
            Contents=String(f"{label}: {note}" if note else label),
            NM=String(f"casefile-excerpt-{passage.excerpt.id}"),
            AP=Dictionary(N=empty),  # drawn on the page already: no second layer of colour
        )
    )  # fmt: skip


def _mark_translations(out: pikepdf.Pdf, plan: Plan) -> None:
    """A bar in the tag's colour beside each translated paragraph that matches a highlighted
    passage of the original: the reader finds the passage in the translation."""
    translations = {e.source.id: e for e in plan.entries if e.translation and e.boxes}
    bars: dict[int, list[str]] = {}
    for passage in plan.passages:
        entry = translations.get(passage.entry.source.id)
        if entry is None or entry.boxes is None:
            continue
        r, g, b = lighter(passage.colour, 0.15)
        for start, end in passage.translation_spans:
            for page, (_, top, _, bottom) in entry.boxes.rects(start, end):
                y0, y1 = A4[1] - bottom - 1.2, A4[1] - top + 1.0
                bars.setdefault(entry.first + page, []).append(
                    f"{r:.3f} {g:.3f} {b:.3f} rg 69.5 {y0:.2f} 2.5 {y1 - y0:.2f} re f"
                )
    for index, drawn in bars.items():
        out.pages[index].contents_add(out.make_stream(f"q {' '.join(drawn)} Q".encode()))


def _link(out: pikepdf.Pdf, rect: list[float], target: pikepdf.Page) -> pikepdf.Dictionary:
    return out.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array(rect), Border=Array([0, 0, 0]),
            Dest=Array([target.obj, Name.XYZ, None, None, None]),
        )
    )  # fmt: skip


def _outline(out: pikepdf.Pdf, plan: Plan) -> None:
    with out.open_outline() as outline:
        root = outline.root
        root.append(pikepdf.OutlineItem(plan.options.title, 0))
        headers = plan.front_headers
        for title in dict.fromkeys(h for h in headers if h):
            root.append(pikepdf.OutlineItem(title, headers.index(title)))
        section_item: pikepdf.OutlineItem | None = None
        for entry in plan.entries:
            if section_item is None or section_item.title != entry.section:
                section_item = pikepdf.OutlineItem(entry.section, entry.first)
                root.append(section_item)
            section_item.children.append(
                pikepdf.OutlineItem(f"Tab {entry.tab} — {entry.title}", entry.first)
            )


def assemble(plan: Plan, progress: Progress = no_progress) -> pikepdf.Pdf:
    """The whole bundle as a pikepdf document (not yet saved)."""
    out = pikepdf.new()
    typeset = pikepdf.open(io.BytesIO(plan.typeset_pdf))
    placements: dict[int, list[Placement]] = {}
    out.pages.extend(typeset.pages[plan.front_first : plan.front_first + plan.front_pages])
    total = len(plan.entries) + 3
    for number, entry in enumerate(plan.entries):
        if not progress(number, total, f"Adding tab {entry.tab}"):
            raise Cancelled
        placements[id(entry)] = entry.placements()
        if entry.typeset_first is not None:
            first = entry.typeset_first
            out.pages.extend(typeset.pages[first : first + entry.pages])
        else:
            _place_pdf_pages(out, entry)
    if len(out.pages) != plan.total_pages:
        raise RuntimeError("the bundle's pages do not add up to its layout")
    if not progress(total - 3, total, "Numbering pages"):
        raise Cancelled
    stamps.stamp(out, typeset, plan)
    if not progress(total - 2, total, "Highlighting passages"):
        raise Cancelled
    annots: dict[int, list[pikepdf.Dictionary]] = {}
    for passage in plan.passages:
        entry_places = placements[id(passage.entry)]
        per_page: dict[int, list[tuple[float, float, float, float]]] = {}
        for page, box in passage.boxes:
            per_page.setdefault(page, []).append(entry_places[page].box(box))
        for page, rects in per_page.items():
            index = passage.entry.first + page
            annot = _highlight(out, out.pages[index], passage, rects)
            annots.setdefault(index, []).append(annot)
    _mark_translations(out, plan)
    for entry_number, page, top, bottom in plan.index_rows:
        entry = plan.entries[entry_number]
        rect = [60.0, A4[1] - bottom, A4[0] - 50.0, A4[1] - top]
        annots.setdefault(page, []).append(_link(out, rect, out.pages[entry.first]))
    for index, found in annots.items():
        target = out.pages[index]
        existing = list(target.obj.get("/Annots", Array()))
        target.obj.Annots = out.make_indirect(Array(existing + found))
    _outline(out, plan)
    prefix = f"{plan.options.prefix} " if plan.options.prefix else ""
    out.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, P=String(prefix))]))
    out.Root.Lang = String("en")
    out.Root.PageMode = Name.UseOutlines
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = f"{plan.options.title} — {plan.case_title}"
        meta["pdf:Producer"] = "Casefile"
    out.docinfo[Name.Title] = String(f"{plan.options.title} — {plan.case_title}")
    out.docinfo[Name.Creator] = String("Casefile")
    return out
