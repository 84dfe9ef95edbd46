"""Every operation: applied in one transaction, reverted exactly by its inverse, re-applied."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from casefile.domain.errors import DuplicateSource, InvalidInput, NotFound
from casefile.domain.model import FieldSpec, Relation
from casefile.services import Case, Operation
from casefile.services.excerpt_ops import (
    AdjustExcerpt,
    CreateExcerpt,
    DeleteExcerpt,
    LinkExcerpt,
    SetExcerptNote,
    TagExcerpt,
)
from casefile.services.importing import prepare_import
from casefile.services.record_ops import (
    CreateRecord,
    DeleteRecord,
    DeleteRecordType,
    SaveRecordType,
    SetCaseInfo,
    UpdateRecord,
)
from casefile.services.source_ops import DeleteSource, ImportSource, UpdateSource
from casefile.services.tag_ops import CreateTag, DeleteTag, UpdateTag, merge_tags

TEXT = (
    "Report 😀 of 2016.\n\nThe ambassador said “no refugee was returned”.\n\n"
    "A witness: Привет, 안녕.\n"
)


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, so that 'exactly as before' can be asserted."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


@pytest.fixture
def populated(case: Case, tmp_path: Path) -> dict[str, int]:
    document = tmp_path / "report.txt"
    document.write_text(TEXT, encoding="utf-8")
    source = case.run(ImportSource(prepare_import(document))).result
    assert source is not None
    claim = case.tag_named("Claim").id
    testimony = case.tag_named("Testimony").id
    refusal_type = case.record_type_named("asylum-refusal").id
    record = case.run(CreateRecord(refusal_type, "Asylum refusal — A.", date="2015-12")).result
    start = TEXT.index("no refugee")
    assert record is not None
    link = (record, Relation.CONTRADICTS)
    excerpt = case.run(
        CreateExcerpt(source, start, start + 24, tag_ids=[claim], links=[link])
    ).result
    custom = case.run(CreateTag("Risk on return", "#e06666", parent_id=testimony)).result
    assert excerpt is not None and record is not None and custom is not None
    return {
        "source": source,
        "claim": claim,
        "testimony": testimony,
        "record": record,
        "excerpt": excerpt,
        "custom": custom,
        "refusal_type": refusal_type,
    }


OPERATIONS: dict[str, Callable[[dict[str, int]], Operation]] = {
    "highlight": lambda ids: CreateExcerpt(
        ids["source"],
        TEXT.index("Привет"),
        TEXT.index("Привет") + 6,
        tag_ids=[ids["testimony"]],
        note="witness",
        links=[(ids["record"], Relation.SUPPORTS)],
    ),
    "delete excerpt": lambda ids: DeleteExcerpt(ids["excerpt"]),
    "adjust excerpt": lambda ids: AdjustExcerpt(
        ids["excerpt"], TEXT.index("The ambassador"), TEXT.index("returned") + 8
    ),
    "edit note": lambda ids: SetExcerptNote(ids["excerpt"], "A note with 😀 and Hangul 한글"),
    "add tag": lambda ids: TagExcerpt(ids["excerpt"], ids["custom"]),
    "remove tag": lambda ids: TagExcerpt(ids["excerpt"], ids["claim"], present=False),
    "link": lambda ids: LinkExcerpt(ids["excerpt"], ids["record"], Relation.SUPPORTS),
    "unlink": lambda ids: LinkExcerpt(ids["excerpt"], ids["record"], None),
    "create tag": lambda ids: CreateTag("Credibility", "#93c47d"),
    "rename tag": lambda ids: UpdateTag(ids["custom"], name="Risk"),
    "recolour tag": lambda ids: UpdateTag(ids["custom"], color="#000000"),
    "re-parent tag": lambda ids: UpdateTag(ids["custom"], parent_id=None),
    "delete tag": lambda ids: DeleteTag(ids["custom"]),
    "merge tags": lambda ids: merge_tags(ids["custom"], ids["testimony"]),
    "create record": lambda ids: CreateRecord(
        ids["refusal_type"], "Second refusal", date="c. 2014", fields={"applicant": "B."}
    ),
    "edit record": lambda ids: UpdateRecord(ids["record"], title="Renamed", date="2016-01-27"),
    "delete record": lambda ids: DeleteRecord(ids["record"]),
    "create record type": lambda ids: SaveRecordType("Hearing", [FieldSpec("judge", "Judge")]),
    "edit record type": lambda ids: SaveRecordType(
        "Refusal", [FieldSpec("applicant", "Applicant")], type_id=ids["refusal_type"]
    ),
    "edit source": lambda ids: UpdateSource(ids["source"], {"publisher": "UNHCR", "url": "x:y"}),
    "delete source": lambda ids: DeleteSource(ids["source"]),
    "case info": lambda ids: SetCaseInfo({"author": "A. Lawyer", "title": "New title"}),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_undo_restores_exactly_and_redo_reapplies_exactly(
    name: str, case: Case, populated: dict[str, int]
) -> None:
    operation = OPERATIONS[name](populated)
    before = dump(case.path)
    applied = case.run(operation)
    after = dump(case.path)
    assert after != before, "the operation changed nothing"
    assert not applied.changes.empty
    assert applied.inverse.label == operation.label  # Undo/Redo menus say the same name

    undone = case.run(applied.inverse)
    assert dump(case.path) == before
    redone = case.run(undone.inverse)
    assert dump(case.path) == after
    case.run(redone.inverse)
    assert dump(case.path) == before  # and once more, to be sure the chain holds


def test_a_failing_operation_leaves_nothing_behind(case: Case, populated: dict[str, int]) -> None:
    before = dump(case.path)
    with pytest.raises(NotFound):
        case.run(CreateExcerpt(populated["source"], 0, 5, tag_ids=[populated["claim"], 999]))
    with pytest.raises(InvalidInput):
        case.run(CreateExcerpt(populated["source"], 5, 5000))
    with pytest.raises(InvalidInput):
        case.run(CreateTag("claim", "#123456"))  # names are unique, case-insensitively
    with pytest.raises(InvalidInput):
        case.run(UpdateTag(populated["testimony"], parent_id=populated["custom"]))  # a cycle
    with pytest.raises(InvalidInput):
        case.run(DeleteTag(populated["claim"]))  # built in
    with pytest.raises(InvalidInput):
        case.run(DeleteRecordType(populated["refusal_type"]))  # in use
    assert dump(case.path) == before


def test_importing_the_same_bytes_twice_adds_nothing(case: Case, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("Same bytes.", encoding="utf-8")
    copy = tmp_path / "b.txt"
    copy.write_bytes(first.read_bytes())
    source_id = case.run(ImportSource(prepare_import(first))).result
    before = dump(case.path)
    with pytest.raises(DuplicateSource) as raised:
        case.run(ImportSource(prepare_import(copy)))
    assert raised.value.existing_id == source_id
    assert "already in this case file" in str(raised.value)
    assert dump(case.path) == before


def test_deleting_a_tag_keeps_the_excerpts_and_their_other_tags(
    case: Case, populated: dict[str, int]
) -> None:
    case.run(TagExcerpt(populated["excerpt"], populated["custom"]))
    case.run(DeleteTag(populated["custom"]))
    excerpt = case.excerpt(populated["excerpt"])
    assert excerpt.tag_ids == (populated["claim"],)


def test_deleting_a_source_takes_its_excerpts_but_not_records(
    case: Case, populated: dict[str, int]
) -> None:
    case.run(DeleteSource(populated["source"]))
    assert case.excerpts() == []
    assert [r.id for r in case.records()] == [populated["record"]]


def test_merging_tags_moves_the_tagging(case: Case, populated: dict[str, int]) -> None:
    case.run(TagExcerpt(populated["excerpt"], populated["custom"]))
    case.run(merge_tags(populated["custom"], populated["testimony"]))
    assert set(case.excerpt(populated["excerpt"]).tag_ids) == {
        populated["claim"],
        populated["testimony"],
    }
    assert "Risk on return" not in {t.name for t in case.tags()}


def test_excerpt_read_model_has_quote_context_and_pinpoint(
    case: Case, populated: dict[str, int]
) -> None:
    excerpt = case.excerpt(populated["excerpt"])
    text = case.text(populated["source"])
    assert text[excerpt.start : excerpt.end] == excerpt.exact == "no refugee was returned”"
    assert text[: excerpt.start].endswith(excerpt.prefix)
    assert text[excerpt.end :].startswith(excerpt.suffix)
    assert excerpt.pinpoint == "para. 2"
    assert excerpt.links[0].relation is Relation.CONTRADICTS


def test_changes_name_what_was_touched(case: Case, populated: dict[str, int]) -> None:
    applied = case.run(LinkExcerpt(populated["excerpt"], populated["record"], Relation.MENTIONS))
    assert applied.changes.excerpts == {populated["excerpt"]}
    assert applied.changes.records == {populated["record"]}
    assert not applied.changes.sources


def test_adjusting_an_excerpt_recomputes_quote_context_and_pinpoint(
    case: Case, populated: dict[str, int]
) -> None:
    text = case.text(populated["source"])
    start = text.index("Report")
    end = text.index("returned") + len("returned")
    applied = case.run(AdjustExcerpt(populated["excerpt"], start, end))
    assert applied.changes.excerpts == {populated["excerpt"]}
    assert applied.inverse.label == "Adjust Excerpt"
    excerpt = case.excerpt(populated["excerpt"])
    assert (excerpt.start, excerpt.end) == (start, end)
    assert excerpt.exact == text[start:end]
    assert excerpt.exact.startswith("Report 😀 of 2016.")  # code points, astral included
    assert excerpt.prefix == "" and text[end:].startswith(excerpt.suffix)
    assert excerpt.pinpoint == "paras. 1–2"
    assert excerpt.tag_ids == (populated["claim"],)  # tags, links and note untouched
    assert excerpt.links[0].record_id == populated["record"]


@pytest.mark.parametrize(("start", "end"), [(5, 5), (-1, 4), (10, 10_000), (17, 19)])
def test_an_impossible_adjustment_changes_nothing(
    case: Case, populated: dict[str, int], start: int, end: int
) -> None:
    assert TEXT[17:19] == "\n\n"  # white space only
    before = dump(case.path)
    with pytest.raises(InvalidInput):
        case.run(AdjustExcerpt(populated["excerpt"], start, end))
    with pytest.raises(NotFound):
        case.run(AdjustExcerpt(999, 0, 4))
    assert dump(case.path) == before
