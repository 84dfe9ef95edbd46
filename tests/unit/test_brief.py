"""The Word brief, opened with python-docx and checked part by part."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from casefile.cli import main
from casefile.export.brief import write_brief
from casefile.export.brief_options import BriefOptions, CitationStyle, Grouping
from casefile.export.selection import Selection
from casefile.services import Case
from casefile.services.demo import build_demo

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.casefile"
    build_demo(path).close()
    return path


def footnotes(path: Path) -> dict[int, str]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/footnotes.xml"))
    return {
        int(note.get(f"{W}id")): "".join(note.itertext()).strip()
        for note in root.iter(f"{W}footnote")
        if note.get(f"{W}type") is None
    }


def quotations(document: object) -> list[tuple[str, int]]:
    """(quoted text, footnote id) of each block quotation."""
    found = []
    for paragraph in document.paragraphs:  # type: ignore[attr-defined]
        if paragraph.style.name != "Block Quotation":
            continue
        text = "".join(r.text for r in paragraph.runs)
        quoted = text[text.index("\u201c") + 1 : text.rindex("\u201d")]
        reference = paragraph._p.find(f".//{W}footnoteReference")
        found.append((quoted, int(reference.get(f"{W}id"))))
    return found


def test_the_brief_has_its_parts_and_verbatim_footnoted_quotations(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        report = write_brief(case, out, BriefOptions(prepared_by="A. Counsel"))
        excerpts = {e.exact: e for e in case.excerpts()}
        sources = {s.id: s for s in case.sources()}
    document = Document(str(out))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert [t for s, t in headings if s == "Heading 1"] == [
        "Contents",
        "Case summary",
        "Chronology",
        "Evidence",
        "Exhibit index",
    ]
    assert ("Heading 2", "Asylum refusal — Pak Chol-su") in headings
    assert ("Heading 3", "Claims") in headings and ("Heading 3", "Testimony") in headings
    assert document.paragraphs[0].style.name == "Title"
    assert "Prepared by A. Counsel" in [p.text for p in document.paragraphs[:4]]
    body = etree.tostring(document.element.body, encoding=str)
    assert re.search(r"<w:instrText[^>]*> TOC \\o", body)

    quoted = quotations(document)
    notes = footnotes(out)
    assert len(quoted) == len(notes) == report.excerpts
    assert len({n for _, n in quoted}) == len(quoted)  # one footnote per quotation
    for text, note_id in quoted:
        excerpt = excerpts[text]  # verbatim: the quotation is exactly the stored excerpt
        source = sources[excerpt.source_id]
        citation = notes[note_id]
        for part in (source.title, excerpt.pinpoint, source.published, source.url):
            assert part in citation
        assert re.search(r"Exhibit \d+\.$", citation)
        if source.accessed:
            assert f"accessed {source.accessed}" in citation

    exhibits = document.tables[-1]
    assert [c.text for c in exhibits.rows[0].cells][:3] == ["No.", "Title", "Publisher"]
    assert len(exhibits.rows) == 1 + len(sources)
    shas = {row.cells[6].text.replace("\n", "") for row in exhibits.rows[1:]}
    assert shas == {s.sha256 for s in sources.values()}


def test_the_chronology_sorts_fuzzy_dates_and_prints_them_as_written(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, BriefOptions())
    document = Document(str(out))
    chronology = next(t for t in document.tables if t.rows[0].cells[0].text == "Date")
    dates = [row.cells[0].text for row in chronology.rows[1:]]
    assert "c. 2016-02" in dates and "2017-06" in dates
    assert dates.index("2016-01-27") < dates.index("c. 2016-02") < dates.index("2016-02-14")


def test_korean_and_russian_runs_say_their_language(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, BriefOptions())
    body = Document(str(out)).element.body
    korean = [r for r in body.iter(f"{W}r") if re.search("[가-힣]", "".join(r.itertext()))]
    assert korean
    for run in korean:
        assert run.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "ko-KR"
        assert run.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")
    russian = [r for r in body.iter(f"{W}r") if re.search("[А-Яа-я]", "".join(r.itertext()))]
    assert all(r.find(f"{W}rPr/{W}lang").get(f"{W}val") == "ru-RU" for r in russian)


def test_pseudonyms_replace_names_everywhere_and_mark_altered_quotations(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "brief.docx"
    options = BriefOptions(
        pseudonyms=(("Pak Chol-su", "P."), ("Jang Song-il", "the Ambassador"), ("철수", "P."))
    )
    with Case.open(demo) as case:
        write_brief(case, out, options)
    with zipfile.ZipFile(out) as package:
        everything = "".join(
            "".join(etree.fromstring(package.read(name)).itertext())
            for name in ("word/document.xml", "word/footnotes.xml")
        )
    assert "Pak Chol-su" not in everything and "Jang Song-il" not in everything
    assert "철수" not in everything
    assert "Asylum refusal — P." in everything
    document = Document(str(out))
    altered = [p for p in document.paragraphs if "[names altered]" in p.text]
    assert any("P.는 절대" in p.text for p in altered)


def test_options_group_by_tag_short_citations_no_notes(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        claim = case.tag_named("Claim").id
        options = BriefOptions(
            selection=Selection(tag_ids=(claim,)),
            grouping=Grouping.TAG,
            include_notes=False,
            citation_style=CitationStyle.SHORT,
        )
        report = write_brief(case, out, options)
        claims = case.excerpts(tag_id=claim)
    document = Document(str(out))
    assert report.excerpts == len(claims)
    assert ("Heading 2", "Claims") in [(p.style.name, p.text) for p in document.paragraphs]
    assert not any(p.text.startswith("Note:") for p in document.paragraphs)
    assert all("http" not in note for note in footnotes(out).values())


def test_a_template_gives_styles_and_letterhead(demo: Path, tmp_path: Path) -> None:
    template = tmp_path / "chambers.docx"
    letterhead = Document()
    letterhead.sections[0].header.paragraphs[0].text = "Garden Court Chambers — letterhead"
    letterhead.add_paragraph("Template body text that must not stay.")
    letterhead.save(str(template))
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        write_brief(case, out, BriefOptions(template=template))
    document = Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == "Garden Court Chambers — letterhead"
    assert "Template body text" not in "\n".join(p.text for p in document.paragraphs)
    assert quotations(document)


def test_csv_and_json_have_one_row_per_excerpt(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Case.open(demo) as case:
        excerpts = case.excerpts()
    assert main(["export", str(demo), "--format", "csv", "-o", str(tmp_path / "x.csv")]) == 0
    raw = (tmp_path / "x.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    import csv

    table = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert [r["exact"] for r in table] == [e.exact for e in excerpts]
    assert main(["export", str(demo), "--format", "json", "-o", str(tmp_path / "x.json")]) == 0
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert [(r["start"], r["end"]) for r in data["excerpts"]] == [
        (e.start, e.end) for e in excerpts
    ]


def test_cli_brief_flags_and_errors(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b.docx"
    names = tmp_path / "names.txt"
    names.write_text("# who\nPak Chol-su=P.\n", encoding="utf-8")
    code = main(
        [
            "export",
            str(demo),
            "-o",
            str(out),
            "--pseudonyms",
            str(names),
            "--short-citations",
            "--group-by",
            "source",
            "--no-notes",
            "--confidentiality",
            "Privileged",
        ]
    )
    assert code == 0
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Pak Chol-su" not in text and "Privileged" in text
    capsys.readouterr()
    assert main(["export", str(demo), "-o", str(out), "--template", str(tmp_path / "no.docx")]) == 1
    assert "no such template" in capsys.readouterr().err
    assert main(["export", str(demo), "-o", str(out), "--pseudonym", "nonsense"]) == 1
    assert "NAME=REPLACEMENT" in capsys.readouterr().err
