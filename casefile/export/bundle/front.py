"""The front of the bundle: cover page, index and the schedule of essential passages.

Its length depends only on the entries and passages (numbers sit in fixed
columns), so it is typeset once with placeholder page numbers to measure it,
then again with the real ones.
"""

from __future__ import annotations

import datetime as dt

from casefile.export.bundle.assemble import lighter
from casefile.export.bundle.plan import Plan
from casefile.export.bundle.typeset_source import TITLE
from casefile.export.bundle.typesetter import BODY, SMALL, Style, Typesetter

COVER_TITLE = Style(size=24.0, bold=True, leading=1.3)
CASE = Style(size=16.0, leading=1.4)
SECTION = Style(size=11.0, bold=True, leading=1.6)
INDEX_TITLE = "Index"
SCHEDULE_TITLE = "Schedule of essential passages"
TRANSLATED = Style(size=9.5, grey=40)
QUOTE_LIMIT = 600  # characters of a passage printed in the schedule

TAB_X, DATE_X, PAGES_X = 0.0, 300.0, 385.0  # columns, from the left margin
PLACEHOLDER = 9999


def _pages_text(plan: Plan, first: int, last: int) -> str:
    ref = plan.options.page_ref
    return ref(first + 1) if first == last else f"{ref(first + 1)}–{last + 1}"


def _cover(ts: Typesetter, plan: Plan) -> None:
    ts.new_page()
    ts.space(150)
    ts.paragraph(plan.case_title, CASE)
    ts.space(16)
    ts.paragraph(plan.options.title, COVER_TITLE)
    ts.space(30)
    date = plan.options.date or dt.date.today().strftime("%-d %B %Y")
    ts.paragraph(f"Date: {date}", BODY)
    if plan.prepared_by:
        ts.paragraph(f"Prepared by: {plan.prepared_by}", BODY)
    ts.paragraph(f"{plan.total_pages} pages, numbered {plan.options.page_ref(1)} onwards", BODY)
    ts.space(40)
    ts.paragraph(
        "Every page is A4 and numbered at its foot; the index links to each document, "
        "the PDF bookmarks list them, and the essential passages are highlighted in the "
        "documents and listed in the schedule.",
        SMALL,
    )


def _index(ts: Typesetter, plan: Plan, rows: list[tuple[int, int, float, float]]) -> None:
    ts.new_page()
    ts.paragraph(INDEX_TITLE, TITLE)
    ts.space(6)
    heading_style = Style(size=9.0, bold=True, grey=60)
    ts.ensure_room(20)
    for text, x in (("Tab", TAB_X), ("Document", 40.0), ("Date", DATE_X), ("Pages", PAGES_X)):
        ts.draw(ts.left + x, ts.y + 9, text, heading_style)
    ts.y += 14
    ts.rule()
    section = None
    for number, entry in enumerate(plan.entries):
        if entry.section != section:
            section = entry.section
            ts.space(4)
            ts.ensure_room(40)
            ts.paragraph(section, SECTION)
        ts.ensure_room(BODY.size * BODY.leading * 2)
        top, page = ts.y, ts.page
        baseline = top + BODY.size
        ts.draw(ts.left + TAB_X, baseline, entry.tab, BODY)
        ts.draw(ts.left + DATE_X, baseline, entry.date, BODY)
        ts.draw(ts.left + PAGES_X, baseline, _pages_text(plan, entry.first, entry.last), BODY)
        ts.paragraph(entry.title, BODY, indent=40.0, width=DATE_X - 8)
        rows.append((number, page, top - 2, ts.y + 1 if ts.page == page else ts.height))
        ts.space(3)


def _schedule(ts: Typesetter, plan: Plan) -> None:
    ts.new_page()
    ts.paragraph(SCHEDULE_TITLE, TITLE)
    ts.paragraph(
        "The passages relied on, in bundle order. Each is highlighted on the page cited.", SMALL
    )
    ts.space(8)
    if not plan.passages:
        ts.paragraph("No passages are selected.", BODY)
    for number, passage in enumerate(plan.passages, start=1):
        ts.ensure_room(60)
        ref = plan.ref(passage)
        tags = f" — {', '.join(passage.tags)}" if passage.tags else ""
        ts.ensure_room(SECTION.size * SECTION.leading)
        ts.swatch(ts.left - 16, ts.y + 3, 9, lighter(passage.colour))
        ts.paragraph(f"{number}. {ref} (tab {passage.entry.tab}){tags}", SECTION)
        quote = " ".join(passage.excerpt.exact.split())
        if len(quote) > QUOTE_LIMIT:
            quote = quote[:QUOTE_LIMIT].rstrip() + " …"
        ts.paragraph(f"“{quote}”", BODY, indent=18.0)
        if passage.translation:
            translated = " ".join(passage.translation.split())
            if len(translated) > QUOTE_LIMIT:
                translated = translated[:QUOTE_LIMIT].rstrip() + " …"
            ts.paragraph(
                f"Translation (tab {passage.entry.tab}T): {translated}", TRANSLATED, indent=18.0
            )
        if passage.excerpt.note:
            ts.paragraph(passage.excerpt.note, SMALL, indent=18.0)
        ts.space(6)


def typeset_front(
    plan: Plan, ts: Typesetter
) -> tuple[int, list[tuple[int, int, float, float]], list[str]]:
    """Cover, index and schedule from a new page of ``ts`` on: the number of pages,
    the index rows (entry, page, top, bottom) and each page's header."""
    first = ts.page + 1
    headers: list[str] = []
    _cover(ts, plan)
    headers += [""] * (ts.page + 1 - first - len(headers))
    rows: list[tuple[int, int, float, float]] = []
    _index(ts, plan, rows)
    headers += [INDEX_TITLE] * (ts.page + 1 - first - len(headers))
    _schedule(ts, plan)
    headers += [SCHEDULE_TITLE] * (ts.page + 1 - first - len(headers))
    rows = [(entry, page - first, top, bottom) for entry, page, top, bottom in rows]
    return ts.page + 1 - first, rows, headers


def measure_front(plan: Plan) -> None:
    """Give every entry its first bundle page: the front is measured (not drawn) with
    placeholder numbers as wide as real ones, then with the real numbers until stable."""
    for entry in plan.entries:
        entry.first = PLACEHOLDER
    pages, _, _ = typeset_front(plan, Typesetter())
    for _ in range(4):
        first = pages
        for entry in plan.entries:
            entry.first = first
            first += entry.pages
        plan.front_pages = pages
        pages, plan.index_rows, plan.front_headers = typeset_front(plan, Typesetter())
        if pages == plan.front_pages:
            return
    raise RuntimeError("the bundle's front matter does not settle on a length")


def render_front(plan: Plan) -> None:
    """Draw the measured front matter into the plan's typeset PDF."""
    assert plan.typesetter is not None
    plan.front_first = plan.typesetter.pdf.page if plan.typesetter.pdf else 0
    pages, _, _ = typeset_front(plan, Typesetter(plan.typesetter.pdf))
    if pages != plan.front_pages:
        raise RuntimeError("the bundle's front matter changed length when drawn")
