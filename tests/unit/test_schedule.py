"""The PD 10.6 country information evidence schedule: per disputed issue, its extracts marked
supporting or contradicting, each with a full citation, pinpoint and hyperlink; a warning
when it runs over 12 pages; the evidence matrix on request."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casefile.cli import main
from casefile.domain.model import Relation
from casefile.domain.text import SourceMetadata
from casefile.export.brief_options import ExportOptions
from casefile.export.registry import export
from casefile.services import Case
from casefile.services.demo import build_demo
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.record_ops import CreateRecord
from casefile.services.source_ops import ImportSource
from tests.unit.brief_helpers import R, W, all_text, paragraphs, quotations, squash, xml


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.casefile"
    build_demo(path).close()
    return path


def _rows(out: Path) -> list[list[str]]:
    document = xml(out, "word/document.xml")
    return [
        ["".join(c.itertext()) for c in tr.findall(f"{W}tc")]
        for tbl in document.iter(f"{W}tbl")
        for tr in tbl.findall(f"{W}tr")
    ]


def test_the_schedule_lists_each_disputed_issue_with_marked_cited_linked_extracts(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "schedule.docx"
    with Case.open(demo) as case:
        result = export(case, "schedule", out, ExportOptions(matrix=False, measure_pages=False))
        issues = [r for r in case.records() if r.type_key == "issue"]
        linked = {r.id: case.excerpts(record_id=r.id) for r in issues}
        sources = {s.id: s for s in case.sources()}
    headings = [t for s, t in paragraphs(out) if s == "Heading2"]
    assert headings == [f"Issue {i}: {r.title}" for i, r in enumerate(issues, start=1)]
    assert result.count == sum(len(v) for v in linked.values()) == len(quotations(out))
    rows = [r for r in _rows(out) if r[0].isdigit()]
    assert len(rows) == result.count
    marks = {r[3] for r in rows}
    assert marks == {"Supports", "Contradicts"}
    for _number, extract, citation, _mark in rows:
        exhibit = int(citation.split("(Exhibit ")[1].split(")")[0])
        source = next(s for s in sources.values() if s.exhibit == exhibit)
        assert source.title in citation and "accessed" in citation  # the full form, each time
        assert squash(extract)[1:-1]  # the extract, in marks
        if source.url:
            assert source.url in citation
    targets = {r.get("Target") for r in xml(out, "word/_rels/document.xml.rels")}
    hyperlinks = [h.get(f"{R}id") for h in xml(out, "word/document.xml").iter(f"{W}hyperlink")]
    assert len([h for h in hyperlinks if h]) >= len([r for r in rows if "https://" in r[2]])
    assert all(s.url in targets for s in sources.values() if s.url)
    assert "Claims set against" not in all_text(out)  # no matrix unless asked


def test_the_matrix_sets_claims_against_contradicting_testimony(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "schedule.docx"
    with Case.open(demo) as case:
        export(case, "schedule", out, ExportOptions(matrix=True, measure_pages=False))
    rows = _rows(out)
    header = ["Claim", "Reference", "Contradicting testimony", "Reference"]
    assert header in rows
    matrix = rows[rows.index(header) + 1]
    assert matrix[0].startswith("\u201cNo refugee has ever been returned")
    assert matrix[1].startswith("Exhibit 1, para.")
    assert matrix[3].startswith("Exhibit ")


def _long_case(path: Path, folder: Path, count: int) -> None:
    paragraph = (
        "Returnees are taken from the airport to the interrogation centre, where officers "
        "question them for weeks about their contacts abroad and beat those who refuse. "
    ) * 3
    text = "\n\n".join(f"{i}. {paragraph}" for i in range(count))
    document = folder / "report.txt"
    document.write_text(text, encoding="utf-8")
    with Case.create(path, "Long schedule") as case:
        new = prepare_import(document, SourceMetadata(title="Annual report", publisher="NGO"))
        source = case.run(ImportSource(new)).result
        issue_type = case.record_type_named("issue").id
        issue = case.run(CreateRecord(issue_type, "Risk on return")).result
        assert source is not None and issue is not None
        stored = case.text(source)
        start = 0
        for _ in range(count):
            end = stored.index("\n\n", start) if "\n\n" in stored[start:] else len(stored)
            case.run(CreateExcerpt(source, start, end, links=[(issue, Relation.SUPPORTS)]))
            start = end + 2


def test_a_schedule_over_twelve_pages_warns_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "long.casefile"
    _long_case(case, tmp_path, 60)
    out = tmp_path / "schedule.docx"
    args = ["export", str(case), "--format", "schedule", "-o", str(out), "--estimate-pages"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "warning: the schedule runs to" in err and "allows 12" in err
    assert out.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_schedule_length_is_measured_with_libreoffice(tmp_path: Path) -> None:
    case_path = tmp_path / "long.casefile"
    _long_case(case_path, tmp_path, 60)
    with Case.open(case_path) as case:
        result = export(case, "schedule", tmp_path / "s.docx", ExportOptions())
    assert result.pages is not None and result.pages > 12
    assert any("as LibreOffice lays it out" in w for w in result.warnings)
    small = tmp_path / "small.casefile"
    _long_case(small, tmp_path, 3)
    with Case.open(small) as case:
        result = export(case, "schedule", tmp_path / "small.docx", ExportOptions())
    assert result.pages is not None and result.pages <= 12 and not result.warnings
