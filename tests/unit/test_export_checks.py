"""Verified exports: any template works, no real name survives anywhere in the package, and a
failed check writes nothing. Every part is unzipped and read."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from casefile.cli import main
from casefile.domain.errors import ExportCheckFailed, InvalidInput
from casefile.export import docx_footnotes
from casefile.export.brief_options import ExportOptions
from casefile.export.registry import export
from casefile.services import Case
from casefile.services.demo import build_demo
from casefile.services.excerpt_ops import SetExcerptNote
from casefile.services.source_ops import UpdateSource
from tests.unit.brief_helpers import all_text, footnotes, quotations

NAME = "Pak Chol-su"
PAIRS = (("Pak Chol-su|박철수|철수", "the Appellant"),)
FORMS = re.compile(r"Pak|Chol-?su|Cholsu|박철수|철수", re.IGNORECASE)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


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


def _notes_part(kind: str, text: str) -> str:
    return (
        f'<w:{kind}s xmlns:w="{W_NS}">'
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:{kind}>"
        f'<w:{kind} w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{kind}>'
        f"</w:{kind}s>"
    )


def make_template(path: Path) -> Path:
    """A letterhead as chambers have them: the client's name in the header, the footer, a
    comment, a footnote, an endnote, a section break, the properties and a custom property."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = f"Chambers — client {NAME}"
    section.footer.paragraphs[0].text = f"Re {NAME}'s appeal"
    first = document.add_paragraph(f"Dear {NAME}, see the note.")
    document.add_comment(first.runs, text=f"Check {NAME}'s file", author=NAME, initials="PC")
    document.add_section()  # a section break inside the body
    document.add_paragraph("Second section of the template.")
    properties = document.core_properties
    properties.title, properties.author, properties.subject = f"Brief for {NAME}", NAME, NAME
    properties.comments, properties.keywords = f"{NAME} appeal", NAME
    document.save(str(path))
    with zipfile.ZipFile(path) as package:
        files = {n: package.read(n) for n in package.namelist()}
    body = files["word/document.xml"].decode()
    body = body.replace(
        "see the note.</w:t></w:r>",
        'see the note.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
        '<w:r><w:endnoteReference w:id="1"/></w:r>',
        1,
    )
    files["word/document.xml"] = body.encode()
    files["word/footnotes.xml"] = _notes_part("footnote", f"{NAME}'s statement").encode()
    files["word/endnotes.xml"] = _notes_part("endnote", f"Endnote on {NAME}").encode()
    rels = files["word/_rels/document.xml.rels"].decode()
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdF1" Type="{base}/footnotes" Target="footnotes.xml"/>'
        f'<Relationship Id="rIdE1" Type="{base}/endnotes" Target="endnotes.xml"/>'
        "</Relationships>",
    )
    files["word/_rels/document.xml.rels"] = rels.encode()
    files["docProps/custom.xml"] = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="Client"><vt:lpwstr>{NAME}</vt:lpwstr></property></Properties>'
    ).encode()
    package_rels = (
        files["_rels/.rels"]
        .decode()
        .replace(
            "</Relationships>",
            f'<Relationship Id="rIdC1" Type="{base}/custom-properties" '
            'Target="docProps/custom.xml"/>'
            "</Relationships>",
        )
    )
    files["_rels/.rels"] = package_rels.encode()
    types = (
        files["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            f'<Override PartName="/word/footnotes.xml" ContentType="{CT}.footnotes+xml"/>'
            f'<Override PartName="/word/endnotes.xml" ContentType="{CT}.endnotes+xml"/>'
            '<Override PartName="/docProps/custom.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
        )
    )
    files["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(name, data)
    check = all_text(path)
    assert check.count(NAME) >= 8  # the template really holds the name everywhere
    return path


def test_a_template_with_notes_comments_header_and_properties_leaks_no_name(
    demo: Path, tmp_path: Path
) -> None:
    template = make_template(tmp_path / "letterhead.docx")
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        result = export(case, "docx", out, ExportOptions(template=template, pseudonyms=PAIRS))
        sources = {s.exhibit: s for s in case.sources()}
    text = all_text(out)
    assert not FORMS.search(text), FORMS.search(text)
    assert "Chambers — client the Appellant" in text  # the header stays, pseudonymised
    assert "comments.xml" not in text and "custom.xml" not in text  # dropped with their data
    assert "statement" not in text and "Endnote on" not in text  # the template's own notes
    notes = footnotes(out)
    quoted = quotations(out)
    assert len(quoted) == result.count == len(notes)
    for _name, _text, refs in quoted:  # one correct citation per quotation
        assert len(refs) == 1
        note = notes[refs[0]]
        exhibit = int(re.search(r"Exhibit (\d+)", note).group(1))  # type: ignore[union-attr]
        assert sources[exhibit].title.replace("박철수", "the Appellant") in note
    assert any("[the Appellant]" in t for _n, t, _r in quoted)  # altered quotations bracketed


def test_a_template_without_any_style_is_no_problem(demo: Path, tmp_path: Path) -> None:
    template = tmp_path / "bare.docx"
    Document().save(str(template))
    with zipfile.ZipFile(template) as package:
        files = {n: package.read(n) for n in package.namelist()}
    files["word/styles.xml"] = f'<w:styles xmlns:w="{W_NS}"/>'.encode()
    with zipfile.ZipFile(template, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        result = export(case, "docx", out, ExportOptions(template=template))
    assert result.count == len(quotations(out)) > 0


def test_a_template_that_is_not_a_word_file_is_one_clear_error(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "letter.docx"
    bad.write_bytes(b"not a zip")
    code = main(["export", str(demo), "-o", str(tmp_path / "b.docx"), "--template", str(bad)])
    err = capsys.readouterr().err
    assert code == 1 and "letter.docx" in err and "Traceback" not in err
    assert not (tmp_path / "b.docx").exists()


def test_a_failed_check_writes_nothing_and_says_where(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "brief.docx"
    out.write_bytes(b"the earlier brief")
    original = docx_footnotes.Footnotes.add

    def wrong_exhibit(self: docx_footnotes.Footnotes, paragraph: object, text: object) -> int:
        from casefile.export.citation import Piece

        pieces = [Piece(p.text.replace("(Exhibit 1)", "(Exhibit 2)"), p.link) for p in text]  # type: ignore[attr-defined]
        return original(self, paragraph, pieces)

    monkeypatch.setattr(docx_footnotes.Footnotes, "add", wrong_exhibit)
    with Case.open(demo) as case, pytest.raises(ExportCheckFailed) as failure:
        export(case, "docx", out, ExportOptions())
    assert failure.value.check == "exhibit" and failure.value.where.startswith("quotation")
    assert "nothing was written" in str(failure.value)
    assert out.read_bytes() == b"the earlier brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.docx", "demo.casefile"]


def test_the_wrong_extension_is_an_error(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(demo), "-o", str(tmp_path / "brief.pdf")]) == 1
    assert ".docx" in capsys.readouterr().err
    assert not (tmp_path / "brief.pdf").exists()
    with Case.open(demo) as case, pytest.raises(InvalidInput):
        export(case, "csv", tmp_path / "x.json", ExportOptions())


def test_links_naming_the_client_are_withheld_with_a_warning(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    with Case.open(demo) as case:
        source = case.sources()[0]
        case.run(UpdateSource(source.id, {"url": "https://news.example/2016/pak-chol-su-deported"}))
        excerpt = case.excerpts(source_id=source.id)[0]
        case.run(SetExcerptNote(excerpt.id, "Mr Pakk's cousin confirmed this."))
        result = export(case, "docx", out, ExportOptions(pseudonyms=PAIRS))
    text = all_text(out)
    assert "pak-chol-su" not in text.lower()
    assert f"[link withheld — Exhibit {source.exhibit}]" in text
    assert any("withheld" in w for w in result.warnings)
    assert any("'Pakk'" in w for w in result.warnings)  # a near-miss is reported


@pytest.mark.parametrize("kind", ["csv", "json", "w3c"])
def test_data_exports_are_pseudonymised_too(
    demo: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    suffix = {"csv": ".csv", "json": ".json", "w3c": ".jsonld"}[kind]
    out = tmp_path / f"excerpts{suffix}"
    args = ["export", str(demo), "--format", kind, "-o", str(out)]
    assert main([*args, "--pseudonym", "Pak Chol-su|박철수|철수=the Appellant"]) == 0
    raw = out.read_text(encoding="utf-8-sig")
    assert not FORMS.search(raw), FORMS.search(raw)
    assert "[the Appellant]" in raw
    if kind == "csv":
        rows = list(csv.DictReader(raw.splitlines(keepends=True)))
        assert all(r["citation"].count("Exhibit") == 1 for r in rows)
    if kind == "json":
        data = json.loads(raw)
        assert all(r["exhibit"] >= 1 for r in data["excerpts"])


def test_a_project_with_the_originals_refuses_pseudonyms(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "case.qdpx"
    args = ["export", str(demo), "--format", "qdpx", "-o", str(out), "--pseudonym", "Pak=P."]
    assert main(args) == 1
    assert "cannot be pseudonymised" in capsys.readouterr().err and not out.exists()


def test_the_documented_normalisation_of_a_quotation() -> None:
    from casefile.export.verify import normalise

    assert normalise("\u201cline one\nline\ttwo\u201d") == "line one line two"
    assert normalise("«кричал»") == "кричал"
    assert normalise("a\x02b\x0bc") == "ab c"  # what XML cannot hold is dropped
    assert normalise("\u201conly one mark") == "\u201conly one mark"  # not a pair: kept


@pytest.mark.parametrize("suffix", ["csv", "json", "docx"])
def test_an_export_gets_the_mode_of_an_ordinary_new_file(
    demo: Path, tmp_path: Path, suffix: str
) -> None:
    """The checked temporary file is made private (0600); the export itself must not be."""
    import os

    mask = os.umask(0o022)
    try:
        out = tmp_path / f"out.{suffix}"
        with Case.open(demo) as case:
            export(case, suffix, out, ExportOptions())
        assert out.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(mask)
