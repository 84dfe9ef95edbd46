"""The built-in exporters and their verifiers, registered in the order the user sees them.

Each verifier re-reads the written file with a reader the writer did not use
(zip + lxml for DOCX and QDPX, ``csv`` and ``json`` for data) and compares it
with the case: see ``export.verify``.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from lxml import etree

from casefile.domain.errors import ExportCheckFailed
from casefile.export import docx_verify
from casefile.export.brief import write_brief_docx, write_schedule_docx
from casefile.export.brief_options import ExportOptions
from casefile.export.bundle.hooks import verify_bundle_pdf, write_bundle_pdf
from casefile.export.citation import Citer
from casefile.export.pseudonyms import Pseudonymiser
from casefile.export.qdpx_writer import NS as QDA
from casefile.export.qdpx_writer import guid, write_qdpx
from casefile.export.registry import Expected, Exporter, Progress, Written, register
from casefile.export.selection import select_evidence
from casefile.export.tabular import read_csv, read_json, write_csv, write_json
from casefile.export.verify import by_key, check_citation, check_names, check_quotation
from casefile.export.w3c import write_w3c
from casefile.services import Case


def _tabular(kind: str):  # type: ignore[no-untyped-def]
    def write(
        case: Case, out: Path, options: ExportOptions, rename: Pseudonymiser, _p: Progress | None
    ) -> Written:
        evidence = select_evidence(case, options.selection)
        citer = Citer(options.citation_style, rename)
        writer = write_csv if kind == "csv" else write_json
        return writer(evidence, out, rename, citer)

    return write


def _verify_rows(rows: list[dict[str, object]], written: Written, rename: Pseudonymiser) -> None:
    expected = by_key(written.expected)
    if len(rows) != len(expected):
        raise ExportCheckFailed("count", "the file", f"{len(rows)} rows, {len(expected)} expected")
    for number, row in enumerate(rows, start=2):
        where = f"row {number}"
        key = str(row.get("excerpt_id"))
        if key not in expected:
            raise ExportCheckFailed("quotation", where, "an excerpt the case did not select")
        wanted = expected[key]
        check_quotation(str(row.get("exact", "")), wanted, where)
        if str(row.get("exhibit")) != str(wanted.exhibit):
            raise ExportCheckFailed("exhibit", where, f"the case says {wanted.exhibit}")
        if str(row.get("pinpoint", "")) != wanted.pinpoint:
            raise ExportCheckFailed("pinpoint", where, f"the case says {wanted.pinpoint!r}")
        check_citation(str(row.get("citation", "")), wanted, where)
        check_names(((f"{where}, {k}", _flat(v)) for k, v in row.items()), rename)


def _flat(value: object) -> str:
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)


def _verify_csv(path: Path, written: Written, rename: Pseudonymiser) -> None:
    _verify_rows(read_csv(path), written, rename)  # type: ignore[arg-type]


def _verify_json(path: Path, written: Written, rename: Pseudonymiser) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    check_names([("case", str(data.get("case", "")))], rename)
    _verify_rows(read_json(path), written, rename)


def _write_w3c(
    case: Case, out: Path, options: ExportOptions, rename: Pseudonymiser, _p: Progress | None
) -> Written:
    evidence = select_evidence(case, options.selection)
    count = write_w3c(evidence, out, rename)
    expected = [
        Expected(str(n), rename.quote(e.exact)[0], evidence.exhibits[e.source_id], e.pinpoint, "")
        for n, e in enumerate(evidence.excerpts)
    ]
    return Written(count, len({e.source_id for e in evidence.excerpts}), expected)


def _strings(value: object, where: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, f"{where}[{i}]")]
    return [(where, str(value))]


def _verify_w3c(path: Path, written: Written, rename: Pseudonymiser) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["first"]["items"]
    if len(items) != len(written.expected) or data.get("total") != len(items):
        raise ExportCheckFailed("count", "the collection", f"{len(items)} annotations")
    for index, (item, wanted) in enumerate(zip(items, written.expected, strict=True)):
        selector = next(s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
        check_quotation(selector["exact"], wanted, f"annotation {index + 1}")
    check_names(_strings(data, "collection"), rename)


def _write_qdpx(
    case: Case, out: Path, _o: ExportOptions, _r: Pseudonymiser, _p: Progress | None
) -> Written:
    key = case.info().get("project_guid") or case.title
    excerpts = case.excerpts()
    count = write_qdpx(case, out)
    expected = [Expected(guid(key, "excerpt", e.id), e.exact, 0, "", "") for e in excerpts]
    return Written(count, len({e.source_id for e in excerpts}), expected)


def _verify_qdpx(path: Path, written: Written, _rename: Pseudonymiser) -> None:
    expected = by_key(written.expected)
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("project.qde"))
        found = 0
        for holder in root.iter(f"{{{QDA}}}TextSource", f"{{{QDA}}}Representation"):
            text_path = (holder.get("plainTextPath") or "").removeprefix("internal://")
            if not text_path:
                continue
            text = package.read(f"sources/{text_path}").decode("utf-8")
            for selection in holder.findall(f"{{{QDA}}}PlainTextSelection"):
                key = selection.get("guid", "")
                where = f"selection {key}"
                if key not in expected:
                    raise ExportCheckFailed("quotation", where, "not an excerpt of the case")
                start, end = (
                    int(selection.get("startPosition", 0)),
                    int(selection.get("endPosition", 0)),
                )
                if text[start:end] != expected[key].text:
                    raise ExportCheckFailed("quotation", where, "offsets do not give the excerpt")
                found += 1
    if found != len(expected):
        raise ExportCheckFailed("count", "project.qde", f"{found} of {len(expected)} selections")


register(Exporter("docx", (".docx",), "Word brief", write_brief_docx, docx_verify.verify_brief))
register(
    Exporter(
        "schedule",
        (".docx",),
        "Country information evidence schedule",
        write_schedule_docx,
        docx_verify.verify_brief,
    )
)
register(Exporter("csv", (".csv",), "CSV table", _tabular("csv"), _verify_csv))
register(Exporter("json", (".json",), "JSON data", _tabular("json"), _verify_json))
register(Exporter("w3c", (".jsonld", ".json"), "W3C Web Annotations", _write_w3c, _verify_w3c))
register(
    Exporter(
        "qdpx",
        (".qdpx",),
        "REFI-QDA project",
        _write_qdpx,
        _verify_qdpx,
        pseudonymises=False,
    )
)
register(
    Exporter(
        "bundle",
        (".pdf",),
        "Hearing bundle (PDF)",
        write_bundle_pdf,
        verify_bundle_pdf,
        pseudonymises=False,
    )
)
