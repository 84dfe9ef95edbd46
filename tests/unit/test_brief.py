"""The Word brief, unzipped and checked part by part: structure, quotations, citations,
chronology by fact date, submission format (A4, page numbers, 12 pt, 1.5 lines)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casefile.domain import model as m
from casefile.export.brief import write_brief
from casefile.export.brief_options import CitationStyle, ExportOptions, Grouping, Paper
from casefile.export.selection import Selection
from casefile.services import Case
from casefile.services.demo import build_demo
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.fact_ops import SetExcerptFact
from tests.unit.brief_helpers import (
    R,
    W,
    all_text,
    footnotes,
    paragraphs,
    parts,
    quotations,
    squash,
    xml,
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.casefile"
    build_demo(path).close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.casefile"
    shutil.copy(demo_file, copy)
    return copy


def test_the_brief_has_its_parts_and_one_correct_footnote_per_quotation(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        report = write_brief(case, out, ExportOptions(prepared_by="A. Counsel"))
        excerpts = {e.id: e for e in case.excerpts()}
        sources = {s.id: s for s in case.sources()}
    heads = [t for s, t in paragraphs(out) if s == "Heading1"]
    assert heads == [
        "Contents", "Case summary", "Chronology", "Evidence matrix", "Evidence", "Exhibit index",
    ]  # fmt: skip
    quoted = quotations(out)
    notes = footnotes(out)
    assert len(quoted) == report.excerpts == len(notes)
    seen_sources: set[int] = set()
    for name, text, refs in quoted:
        excerpt = excerpts[int(name[4:].split("_")[0])]
        stored = squash(excerpt.exact)
        if stored[:1] + stored[-1:] in ("\u00ab\u00bb", "\u201c\u201d"):  # the brief adds its own
            stored = stored[1:-1]
        assert squash(text) == stored
        assert len(refs) == 1
        note = notes[refs[0]]
        source = sources[excerpt.source_id]
        assert source.title in note and excerpt.pinpoint in note
        assert f"(Exhibit {source.exhibit})" in note
        if source.id not in seen_sources:  # the full form first: date written out, accessed
            assert "accessed" in note
            seen_sources.add(source.id)
        else:
            assert "(n " in note  # the short form points back to the full note
    # URLs are real hyperlinks (relationships of the footnotes part)
    rels = parts(out)["word/_rels/footnotes.xml.rels"].decode()
    assert "https://nrc-geneva.example/reports/returned-and-punished" in rels
    assert xml(out, "word/footnotes.xml").find(f".//{W}hyperlink") is not None
    assert "3 September 2015" in "\n".join(notes.values())  # dates written out


def test_submission_format_a4_page_numbers_12pt_toc_entries_and_repeating_headers(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, ExportOptions(prepared_by="A. Counsel", signed_on="2026-11-20"))
    document = xml(out, "word/document.xml")
    sizes = [s for s in document.iter(f"{W}pgSz")]
    portrait = sizes[0]
    assert (portrait.get(f"{W}w"), portrait.get(f"{W}h")) == ("11906", "16838")  # A4 in twips
    footers = [n for n in parts(out) if n.startswith("word/footer")]
    assert footers and any(b" PAGE " in parts(out)[n] for n in footers)
    styles = xml(out, "word/styles.xml")
    normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    assert normal.find(f".//{W}sz").get(f"{W}val") == "24"  # 12 pt
    assert normal.find(f".//{W}spacing").get(f"{W}line") == "360"  # 1.5 lines
    # the TOC's result holds its entries: LibreOffice shows them without an update
    text = [t for _s, t in paragraphs(out)]
    toc = [t for s, t in paragraphs(out) if s.startswith("TOC")]
    assert "Chronology" in toc[0] or "Case summary" in toc[0]
    assert any(t == "Evidence" for t in toc) and not any("Update Field" in t for t in text)
    assert all(t.find(f"{W}trPr/{W}tblHeader") is not None for t in
               (tbl.find(f"{W}tr") for tbl in document.iter(f"{W}tbl")))  # fmt: skip
    assert "Signed: ______________________________" in text
    assert "Dated: 20 November 2026" in text
    assert any(t.startswith("1.\t") for t in text)  # the lawyer's own text is numbered
    core = parts(out)["docProps/core.xml"].decode()
    assert "Pak Chol-su v. Kestrian Migration Service" in core and "A. Counsel" in core
    assert "python-docx" not in core


def test_letter_paper_on_request(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, ExportOptions(paper=Paper.LETTER))
    size = xml(out, "word/document.xml").find(f".//{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("12240", "15840")


def test_the_chronology_lists_facts_by_fact_date_with_status_in_source_order(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        # a 2017 report tells of a 2014 deportation: it goes under 2014, not 2017
        report = next(s for s in case.sources() if s.title.startswith("Returned"))
        text = case.text(report.id)
        start = text.index("He was shouting")
        new = case.run(CreateExcerpt(report.id, start, start + 15)).result
        assert new is not None
        case.run(SetExcerptFact(new, "2014-11-12", "disputed"))
        write_brief(case, out, ExportOptions())
        undated = [e for e in case.excerpts() if not e.fact_date]
    table = next(
        t for t in xml(out, "word/document.xml").iter(f"{W}tbl")
        if "".join(t.find(f"{W}tr").itertext()).startswith("Date")
    )  # fmt: skip
    rows = [["".join(c.itertext()) for c in tr.findall(f"{W}tc")] for tr in table.findall(f"{W}tr")]
    dates = [r[0] for r in rows[1:]]
    assert dates[0] == "2014-11-12" and rows[1][2] == "Disputed"
    assert dates.index("2016-01-27") < dates.index("c. 2016-02") < dates.index("2016-02-14")
    same_day = [r for r in rows[1:] if r[0] == "2016-01-27" and r[3].startswith("Exhibit")]
    exhibits = [int(r[3].split(",")[0].split()[1]) for r in same_day]
    assert exhibits == sorted(exhibits)  # same date: source order, not alphabetical
    assert not any(squash(e.exact)[:30] in "".join(map(str, rows)) for e in undated)


def test_undated_facts_only_when_asked(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, ExportOptions(undated_facts=True))
    assert "undated" in all_text(out)


def test_grouping_by_tag_uses_every_tag_and_quote_once_cross_refers(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        claim, testimony = case.tag_named(m.CLAIM).id, case.tag_named(m.TESTIMONY).id
        first = case.excerpts()[0]
        from casefile.services.excerpt_ops import TagExcerpt

        case.run(TagExcerpt(first.id, testimony))  # now Claim and Testimony
        write_brief(case, out, ExportOptions(grouping=Grouping.TAG))
        names = [n for n, _t, _r in quotations(out)]
        assert f"_cfq{first.id}_1" in names and f"_cfq{first.id}_2" in names
        once = tmp_path / "once.docx"
        write_brief(case, once, ExportOptions(grouping=Grouping.TAG, quote_once=True))
        assert claim != testimony
    names = [n for n, _t, _r in quotations(once)]
    assert f"_cfq{first.id}_1" in names and f"_cfq{first.id}_2" not in names
    assert "See the quotation above" in all_text(once)


def test_selection_no_notes_and_exhibits_that_do_not_change_when_filtered(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        testimony = case.tag_named(m.TESTIMONY).id
        options = ExportOptions(selection=Selection(tag_ids=(testimony,)), include_notes=False)
        report = write_brief(case, out, options)
        chosen = case.excerpts(tag_id=testimony)
        exhibit = {s.id: s.exhibit for s in case.sources()}
    quoted = {int(n[4:].split("_")[0]) for n, _t, _r in quotations(out)}
    assert quoted == {e.id for e in chosen} and report.excerpts >= len(chosen)
    assert not any(t.startswith("Note:") for _s, t in paragraphs(out))
    assert "The disputed issue: was the risk" not in all_text(out)  # record notes too
    for excerpt in chosen:  # the filtered brief cites the case's own exhibit numbers
        assert f"(Exhibit {exhibit[excerpt.source_id]})" in "\n".join(footnotes(out).values())


@pytest.mark.parametrize(
    ("style", "full", "short"),
    [
        (CitationStyle.OSCOLA, "(Meridian Press, 3 September 2015)", "(n 1)"),
        (CitationStyle.BLUEBOOK, "(Sept. 3, 2015)", "supra note 1"),
        (CitationStyle.ACCORD, "Meridian Press, 3 September 2015", "Lena Ortiz, Haedong"),
    ],
)
def test_each_citation_style_full_form_first_then_short(
    demo: Path, tmp_path: Path, style: CitationStyle, full: str, short: str
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, ExportOptions(citation_style=style, grouping=Grouping.SOURCE))
    notes = list(footnotes(out).values())
    assert full in notes[0] and "https://meridian-press.example" in notes[0]
    assert short in notes[1] and "https://" not in notes[1]
    last_visited = "last visited Nov. 2, 2026" if style is CitationStyle.BLUEBOOK else "2 November"
    assert last_visited in notes[0]


def test_korean_and_russian_runs_say_their_language(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, ExportOptions())
    body = xml(out, "word/document.xml")
    korean = [
        r for r in body.iter(f"{W}r") if any("가" <= c <= "힣" for c in "".join(r.itertext()))
    ]
    assert korean
    assert all(r.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "ko-KR" for r in korean)
    russian = [r for r in body.iter(f"{W}r") if any("А" <= c <= "я" for c in "".join(r.itertext()))]
    assert russian and all(r.find(f"{W}rPr/{W}lang").get(f"{W}val") == "ru-RU" for r in russian)


def test_quotations_never_double_their_marks_and_join_whitespace(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        vestnik = next(s for s in case.sources() if s.language == "ru")
        text = case.text(vestnik.id)
        start = text.index("«Он кричал")
        end = text.index("»", start) + 1
        assert any(e.start == start and e.end == end for e in case.excerpts())
        write_brief(case, out, ExportOptions())
    body = all_text(out)
    assert "\u201c«Он" not in body and "кричал»\u201d" not in body  # its own marks, not two pairs
    assert "\u201c\u201c" not in body and "\u201d\u201d" not in body
    for _name, quote, _refs in quotations(out):
        assert "\n" not in quote and "  " not in quote


def test_the_exhibit_index_links_each_source(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, ExportOptions())
        sources = case.sources()
    rels = xml(out, "word/_rels/document.xml.rels")
    targets = {r.get("Target") for r in rels}
    for source in sources:
        assert not source.url or source.url in targets
    links = list(xml(out, "word/document.xml").iter(f"{W}hyperlink"))
    assert sum(1 for link in links if link.get(f"{R}id")) >= len([s for s in sources if s.url])
