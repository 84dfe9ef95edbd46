"""REFI-QDA projects out and in, and W3C Web Annotations, checked against the standards."""

from __future__ import annotations

import getpass
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from casefile.cli import main
from casefile.export.qdpx_writer import write_qdpx
from casefile.export.selection import Selection, select_evidence
from casefile.export.w3c import write_w3c
from casefile.services import Case
from casefile.services.demo import build_demo
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.project_import import prepare_project
from casefile.services.source_ops import ImportSource
from casefile.services.tag_ops import CreateTag

QDA = "{urn:QDA-XML:project:1.0}"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.casefile"
    with build_demo(path) as case:  # add a child tag, and a source with astral characters
        parent = case.tag_named("Testimony").id
        child = case.run(CreateTag("Risk on return", "#e06666", parent)).result or 0
        document = tmp_path / "astral.txt"
        document.write_text("Shavian 𐑜𐑮𐑱𐑑 and 😀 before the quoted words here.", encoding="utf-8")
        source = case.run(ImportSource(prepare_import(document))).result or 0
        text = case.text(source)
        start = text.index("quoted words")
        case.run(CreateExcerpt(source, start, start + 12, tag_ids=[child], note="after astral"))
    return path


def test_exported_projects_validate_and_leak_nothing(
    demo: Path, tmp_path: Path, schemas_dir: Path
) -> None:
    out = tmp_path / "case.qdpx"
    with Case.open(demo) as case:
        assert write_qdpx(case, out) == len(case.excerpts())
    schema = etree.XMLSchema(etree.parse(str(schemas_dir / "refi-qda" / "Project-mrt2019.xsd")))
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        xml = package.read("project.qde")
    project = etree.fromstring(xml)
    assert schema.validate(project), schema.error_log
    assert all(n == "project.qde" or n.startswith("sources/") for n in names)
    paths = [
        e.get(a)
        for e in project.iter()
        for a in ("plainTextPath", "richTextPath", "path")
        if e.get(a)
    ]
    assert paths and all(p.startswith("internal://") for p in paths)
    for path in paths:
        assert f"sources/{path.removeprefix('internal://')}" in names
    text = xml.decode("utf-8")
    assert str(tmp_path) not in text and "/home/" not in text and "/root" not in text
    user = getpass.getuser()
    assert f'name="{user}"' not in text
    risk = next(c for c in project.iter(f"{QDA}Code") if c.get("name") == "Risk on return")
    assert risk.getparent().get("name") == "Testimony" and risk.get("color") == "#E06666"


def test_round_trip_keeps_everything(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "case.qdpx"
    with Case.open(demo) as case:
        write_qdpx(case, out)
        before = snapshot(case)
    with Case.create(tmp_path / "copy.casefile") as copy:
        operation = prepare_project(out)
        applied = copy.run(operation)
        assert operation.report.notices == []
        assert snapshot(copy) == before
        copy.run(applied.inverse)  # one undo takes the whole import back
        assert copy.sources() == [] and copy.excerpts() == []


def snapshot(case: Case) -> dict[str, object]:
    tags = {t.id: t for t in case.tags()}
    sources = {s.id: s for s in case.sources()}
    records = {r.id: r for r in case.records()}
    return {
        "sources": sorted(
            (
                s.title,
                s.kind,
                s.sha256,
                s.publisher,
                s.published,
                s.url,
                s.accessed,
                s.language,
                case.text(s.id),
            )
            for s in sources.values()
        ),
        "tags": sorted(
            (t.name, t.color, tags[t.parent_id].name if t.parent_id else None)
            for t in tags.values()
        ),
        "excerpts": sorted(
            (
                sources[e.source_id].sha256,
                e.start,
                e.end,
                e.exact,
                e.note,
                e.author,
                tuple(sorted(tags[t].name for t in e.tag_ids)),
                tuple(sorted((records[k.record_id].title, str(k.relation)) for k in e.links)),
            )
            for e in case.excerpts()
        ),
        "records": sorted(
            (r.title, r.type_key, r.date, tuple(sorted(r.fields.items())), r.note)
            for r in records.values()
        ),
    }


@pytest.mark.parametrize(
    "name", ["sky-loom-TestProject.qdpx", "atlasti-8.4-REFI-standard-project.qde"]
)
def test_projects_from_other_tools(name: str, schemas_dir: Path, tmp_path: Path) -> None:
    with Case.create(tmp_path / "c.casefile") as case:
        operation = prepare_project(schemas_dir / "refi-qda" / name)
        case.run(operation)
        tags = {t.name: t for t in case.tags()}
        assert {"Coke", "happiness", "Breakfast food", "milk"} <= set(tags)
        assert tags["Coke"].color == "#966450" and tags["happiness"].color == "#f00082"
        memos = {r.title: r for r in case.records() if r.type_key == "memo"}
        assert memos["Research Plan"].note.startswith("This is a great project")
        notices = "\n".join(operation.report.notices)
        assert "Mabêl 2ième.txt" in notices and "not in the package" in notices
        assert "selection(s) on it were not imported" in notices


def test_cli_imports_a_project_and_reports_missing_sources(
    schemas_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "c.casefile"
    main(["new", str(case)])
    code = main(["import", str(case), str(schemas_dir / "refi-qda" / "sky-loom-TestProject.qdpx")])
    err = capsys.readouterr().err
    assert code == 0
    assert "Simon.docx" in err and "14 tag(s)" in err


def test_w3c_annotations_pass_the_suites_musts(
    demo: Path, tmp_path: Path, schemas_dir: Path
) -> None:
    suite = tmp_path / "suite"
    with tarfile.open(
        schemas_dir / "w3c-web-annotation" / "web-annotation-tests-assertions.tar.gz"
    ) as tar:
        tar.extractall(suite, filter="data")
    root = next(p.parent for p in suite.rglob("annotationMusts.test")).parent
    out = tmp_path / "annotations.jsonld"
    with Case.open(demo) as case:
        evidence = select_evidence(case, Selection())
        assert write_w3c(evidence, out) == len(evidence.excerpts)
        texts = {s.sha256: case.text(s.id) for s in case.sources()}
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "AnnotationCollection"
    checker = schemas_dir / "w3c-web-annotation" / "check_wat.py"
    for item in collection["first"]["items"]:
        single = tmp_path / "one.json"
        single.write_text(
            json.dumps({"@context": collection["@context"], **item}), encoding="utf-8"
        )
        result = subprocess.run(
            [
                sys.executable,
                str(checker),
                str(root),
                "annotations/annotationMusts.test",
                str(single),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        quote, position = item["target"]["selector"]
        text = texts[item["target"]["source"].removeprefix("urn:sha256:")]
        assert text[position["start"] : position["end"]] == quote["exact"]  # code points
    astral = [
        i
        for i in collection["first"]["items"]
        if i["target"]["selector"][0]["exact"] == "quoted words"
    ]
    assert astral and astral[0]["target"]["selector"][1]["start"] == texts[
        astral[0]["target"]["source"].removeprefix("urn:sha256:")
    ].index("quoted words")
