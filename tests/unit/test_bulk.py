"""Many highlights in one step: one transaction, one journal entry, one checked inverse."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.domain.errors import Conflict, NotFound
from casefile.domain.model import Relation
from casefile.services import Case
from casefile.services.bulk_ops import CreateExcerpts, NewExcerpt
from casefile.services.excerpt_ops import SetExcerptNote
from casefile.services.importing import prepare_import
from casefile.services.record_ops import CreateRecord
from casefile.services.source_ops import ImportSource

TEXT = "Words 😀 and 𠜎 " * 400


@pytest.fixture
def source(case: Case, tmp_path: Path) -> int:
    document = tmp_path / "a.txt"
    document.write_text(TEXT, encoding="utf-8")
    found = case.run(ImportSource(prepare_import(document))).result
    assert found is not None
    return found


def test_many_highlights_in_one_step_with_tags_links_and_quotes(case: Case, source: int) -> None:
    claim = case.tag_named("Claim").id
    record_type = case.record_type_named("event").id
    record = case.run(CreateRecord(record_type, "Hearing")).result
    assert record is not None
    items = [
        NewExcerpt(source, i * 13, i * 13 + 7, (claim,), f"note {i}", "me",
                   ((record, Relation.MENTIONS),) if i % 2 else ())
        for i in range(300)
    ]  # fmt: skip
    applied = case.run(CreateExcerpts(items))
    assert applied.result == 300
    found = case.excerpts()
    assert len(found) == 300 and len(applied.changes.excerpts) == 300
    text = case.text(source)
    for excerpt, item in zip(found, items, strict=True):
        assert excerpt.exact == text[item.start : item.end]
        assert excerpt.tag_ids == (claim,)
        assert len(excerpt.links) == (1 if excerpt.note.endswith(("1", "3", "5", "7", "9")) else 0)
    assert len(case.journal()) == 3  # import, record, and one entry for the 300
    assert case.journal(limit=1)[0].label == "Highlight Many"
    assert applied.entry_id is not None
    case.undo(applied.entry_id)
    assert case.excerpts() == []
    case.redo(applied.entry_id)
    assert [e.id for e in case.excerpts()] == [e.id for e in found]


def test_undoing_many_refuses_when_one_was_changed_by_another_writer(
    case: Case, source: int
) -> None:
    applied = case.run(CreateExcerpts([NewExcerpt(source, i, i + 3) for i in range(0, 90, 9)]))
    assert applied.entry_id is not None
    other = Case.open(case.path)
    try:
        other.run(SetExcerptNote(case.excerpts()[4].id, "someone else's note"))
    finally:
        other.close()
    with pytest.raises(Conflict, match="some were changed since"):
        case.undo(applied.entry_id)
    assert len(case.excerpts()) == 10


def test_a_bad_item_stores_nothing(case: Case, source: int) -> None:
    with pytest.raises(NotFound):
        case.run(CreateExcerpts([NewExcerpt(source, 0, 3), NewExcerpt(source, 5, 9, (999,))]))
    assert case.excerpts() == []
