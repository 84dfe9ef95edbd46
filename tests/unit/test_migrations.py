"""Migrations cannot lose data: stable ids (0002), table rebuilds, foreign_key_check."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine

from casefile.domain.errors import CaseFileOpenError
from casefile.domain.model import FieldSpec, Relation
from casefile.services import Case
from casefile.services.demo import build_demo
from casefile.services.excerpt_ops import CreateExcerpt, DeleteExcerpt
from casefile.services.importing import prepare_import
from casefile.services.record_ops import CreateRecord, SaveRecordType, SetCaseInfo
from casefile.services.source_ops import ImportSource
from casefile.services.tag_ops import CreateTag
from casefile.storage import engine as storage
from casefile.storage import migrations
from casefile.storage.fileformat import APPLICATION_ID, read_header
from casefile.storage.schema import Base

SKIP = {"alembic_version", "journal", "sqlite_sequence"}


def dump(path: Path, skip: set[str] = SKIP) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables
            if t not in skip
        }
    finally:
        connection.close()


def every_kind_of_row(path: Path, tmp_path: Path) -> None:
    """A case with a row in every table: sources with blobs, text and blocks, excerpts with
    tags and links, nested tags, a custom record type, records, case facts, history."""
    document = tmp_path / "report.txt"
    document.write_text("Report 😀 of 2016.\n\nA witness: Привет, 안녕, 𠜎.\n", encoding="utf-8")
    with Case.create(path, title="Every kind") as case:
        source = case.run(ImportSource(prepare_import(document))).result
        assert source is not None
        parent = case.run(CreateTag("Risk", "#e06666")).result
        child = case.run(CreateTag("Risk on return", "#93c47d", parent_id=parent)).result
        hearing = case.run(SaveRecordType("Hearing", [FieldSpec("judge", "Judge")])).result
        assert child is not None and hearing is not None
        record = case.run(CreateRecord(hearing, "First hearing", date="2016-01")).result
        assert record is not None
        for start in (0, 20, 31):
            case.run(
                CreateExcerpt(source, start, start + 5, tag_ids=[child],
                              links=[(record, Relation.SUPPORTS)], note="n")
            )  # fmt: skip
        case.run(SetCaseInfo({"author": "A. Lawyer"}))


@pytest.fixture(params=["demo", "every kind"])
def filled(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "case.casefile"
    if request.param == "demo":
        build_demo(path).close()
    else:
        every_kind_of_row(path, tmp_path)
    return path


def _downgrade_to_0001(path: Path) -> None:
    engine = storage.make_engine(path)
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            with connection.begin():
                command.downgrade(migrations.config(connection), "0001")
        storage.checkpoint(engine)
    finally:
        engine.dispose()


def test_upgrading_to_stable_ids_keeps_every_row(filled: Path) -> None:
    before = dump(filled)
    assert sum(map(len, before.values())) > 20
    _downgrade_to_0001(filled)
    assert read_header(filled).application_id == 0
    assert "journal" not in dump(filled, set())
    with Case.open(filled) as case:  # upgraded by the runner, after a backup
        assert case.case_id
        after = dump(filled, SKIP | {"case_info"})
    assert after == {k: v for k, v in before.items() if k != "case_info"}
    assert [r for r in dump(filled)["case_info"] if r[0] != "case_id"] == [
        r for r in before["case_info"] if r[0] != "case_id"
    ]
    assert read_header(filled).application_id == APPLICATION_ID
    assert filled.with_name(f"{filled.name}.bak-0001").exists()


def _future_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    scripts = tmp_path / "scripts"
    shutil.copytree(
        migrations.SCRIPT_LOCATION, scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    (scripts / "versions" / "9000_future.py").write_text(
        f'''
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{migrations.head_revision()}"
branch_labels = None
depends_on = None


def upgrade():
{body}
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(migrations, "SCRIPT_LOCATION", str(scripts))


REBUILD = """
    for table in ("source", "excerpt", "tag", "record"):
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
"""


def test_a_migration_that_rebuilds_tables_keeps_every_row(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(filled)
    _future_revision(tmp_path, monkeypatch, REBUILD)
    Case.open(filled).close()
    assert dump(filled) == before
    with sqlite3.connect(filled) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("9000",)


def test_the_same_rebuild_with_foreign_keys_on_loses_rows(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: what the runner protects against (the bug the issue measured)."""
    before = dump(filled)
    _future_revision(tmp_path, monkeypatch, REBUILD)
    engine = storage.make_engine(filled)  # foreign keys on, as every connection has them
    try:
        with engine.begin() as connection:
            migrations.upgrade(connection)
    finally:
        engine.dispose()
    after = dump(filled)
    assert len(after["excerpt"]) < len(before["excerpt"]) or len(after["source_text"]) < len(
        before["source_text"]
    )


def test_a_migration_that_breaks_references_is_rolled_back(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(filled, {"sqlite_sequence"})
    _future_revision(
        tmp_path, monkeypatch, '    op.execute("UPDATE excerpt SET source_id = 999999")'
    )
    with pytest.raises(CaseFileOpenError) as raised:
        Case.open(filled)
    message = str(raised.value)
    assert "broken reference" in message and "left as it was" in message
    assert "\n" not in message
    assert dump(filled, {"sqlite_sequence"}) == before


def test_ids_are_never_reused(case: Case, tmp_path: Path) -> None:
    document = tmp_path / "a.txt"
    document.write_text("Some words to highlight here.", encoding="utf-8")
    source = case.run(ImportSource(prepare_import(document))).result
    assert source is not None
    first = case.run(CreateExcerpt(source, 0, 4)).result
    second = case.run(CreateExcerpt(source, 5, 10)).result
    assert first is not None and second is not None
    case.run(DeleteExcerpt(second))
    third = case.run(CreateExcerpt(source, 5, 10)).result
    assert third is not None and third > second


def _clauses(sql: str) -> tuple[str, list[str]]:
    """A CREATE statement's head and its top-level clauses, sorted (their order is free)."""
    sql = re.sub(r"\s+", " ", sql).replace('"', "")
    head, _, body = sql.partition("(")
    parts, depth, current = [], 0, ""
    for ch in body.rstrip().rstrip(")"):
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += (ch == "(") - (ch == ")")
        current += ch
    parts.append(current.strip())
    return head.strip(), sorted(parts)


def test_migrations_create_exactly_what_create_all_creates(tmp_path: Path) -> None:
    """Including what compare_metadata cannot see: AUTOINCREMENT, constraint names."""
    migrated = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    with migrated.begin() as connection:
        migrations.upgrade(connection)
    fresh = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    Base.metadata.create_all(fresh)
    schemas = []
    for path in (tmp_path / "migrated.db", tmp_path / "fresh.db"):
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                "AND name NOT IN ('alembic_version', 'sqlite_sequence')"
            ).fetchall()
        schemas.append({name: _clauses(sql) for name, sql in rows})
    assert schemas[0] == schemas[1]
    assert "AUTOINCREMENT" in " ".join(schemas[0]["excerpt"][1])


def test_the_quick_scan_of_the_scripts_agrees_with_alembic() -> None:
    scripts = migrations.script_directory()
    assert migrations.head_revision() == scripts.get_current_head()
    for script in scripts.walk_revisions():
        assert migrations.is_known(script.revision)
    assert not migrations.is_known("9999_future")
