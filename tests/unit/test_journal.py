"""The journal as other processes see it: data_version, new entries, safe decoding."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from casefile.domain.errors import InvalidInput
from casefile.services import Case, Changes
from casefile.services.tag_ops import CreateTag


def test_another_writer_is_noticed_and_its_entries_become_changes(case: Case) -> None:
    seen = case.last_journal_id()
    version = case.data_version()
    other = Case.open(case.path)
    try:
        created = other.run(CreateTag("Risk", "#e06666"))
    finally:
        other.close()
    assert case.data_version() != version
    (entry,) = case.journal(since_id=seen)
    assert entry.origin == other.origin != case.origin
    assert entry.label == "New Tag" and entry.author == other.author
    assert entry.changes.tags == {created.result}
    assert entry.changes.journal and entry.can_undo


def test_changes_survive_json() -> None:
    changes = Changes.of(sources={3, 1}, excerpts={7}, case_info=True, journal=True)
    assert Changes.from_json(changes.to_json()) == changes
    assert Changes.from_json({"excerpts": [1], "from_the_future": [2]}) == Changes.of(excerpts={1})
    everything = Changes.everything()
    assert everything.refresh_all and not everything.empty


def test_a_journal_naming_an_unknown_class_is_refused_not_run(case: Case, tmp_path: Path) -> None:
    entry = case.run(CreateTag("Risk", "#e06666")).entry_id
    case.close()
    connection = sqlite3.connect(case.path)
    with connection:
        connection.execute(
            "UPDATE journal SET inverse = ? WHERE id = ?",
            ('{"$": "op", "type": "Popen", "state": {"args": ["touch", "x"]}}', entry),
        )
    connection.close()
    with Case.open(case.path) as reopened:
        assert entry is not None
        with pytest.raises(InvalidInput, match="does not know"):
            reopened.undo(entry)
        assert [t.name for t in reopened.tags()][-1] == "Risk"
    assert not (tmp_path / "x").exists()
