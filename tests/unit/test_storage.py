"""The case file on disk: pragmas, refusal of foreign files, the Alembic history."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from casefile.domain.errors import CaseFileOpenError
from casefile.services import Case
from casefile.storage import engine as storage
from casefile.storage import migrations, search_index
from casefile.storage.schema import Base


def test_every_connection_has_foreign_keys_wal_and_a_busy_timeout(case: Case) -> None:
    with case.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert connection.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0


def test_a_new_case_file_has_the_builtins_and_is_stamped_at_head(case: Case) -> None:
    assert [(t.name, t.builtin) for t in case.tags()] == [("Claim", True), ("Testimony", True)]
    keys = {t.key for t in case.record_types()}
    assert {"asylum-refusal", "person", "decision", "event", "agreement", "organisation"} <= keys
    refusal = case.record_type_named("Asylum refusal")
    assert [f.key for f in refusal.fields] == [
        "applicant",
        "nationality",
        "host_country",
        "authority",
        "decision_date",
        "outcome",
        "reference",
    ]
    with case.engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.head_revision()


def test_the_migration_history_is_linear() -> None:
    scripts = list(migrations.script_directory().walk_revisions())
    assert len(migrations.script_directory().get_heads()) == 1
    for newer, older in itertools.pairwise(scripts):
        assert newer.down_revision == older.revision
    assert scripts[-1].down_revision is None


def test_upgrading_from_nothing_gives_the_same_schema_as_create_all(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    with engine.begin() as connection:
        migrations.upgrade(connection)

    def mapped(name: str | None, type_: str, _parents: object) -> bool:
        return not (type_ == "table" and name is not None and search_index.owned_table(name))

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": mapped})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    fresh = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    Base.metadata.create_all(fresh)
    # the full-text index (virtual tables, triggers) is outside the ORM: compare its SQL
    extras = (
        "SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger' OR name LIKE 'search%'"
    )
    with engine.connect() as migrated_db, fresh.connect() as fresh_db:
        migrated_sql = sorted(migrated_db.exec_driver_sql(extras).all())
        assert migrated_sql == sorted(fresh_db.exec_driver_sql(extras).all())
    assert any(row[1] == "search_source" for row in migrated_sql)
    for table in Base.metadata.tables:
        migrated_columns = {c["name"] for c in inspect(engine).get_columns(table)}
        fresh_columns = {c["name"] for c in inspect(fresh).get_columns(table)}
        assert migrated_columns == fresh_columns, table
        assert {i["name"] for i in inspect(engine).get_indexes(table)} == {
            i["name"] for i in inspect(fresh).get_indexes(table)
        }


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CaseFileOpenError, match="no such case file"):
        Case.open(tmp_path / "nowhere.casefile")


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.casefile"
    path.write_text("just some notes", encoding="utf-8")
    with pytest.raises(CaseFileOpenError, match="not an SQLite database"):
        Case.open(path)
    assert path.read_text(encoding="utf-8") == "just some notes"


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.casefile"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE things (x)")
    connection.commit()
    connection.close()
    with pytest.raises(CaseFileOpenError, match="not a Casefile case file"):
        Case.open(path)


def test_a_damaged_file_is_refused(case: Case, tmp_path: Path) -> None:
    case.close()
    data = bytearray(case.path.read_bytes())
    damaged = tmp_path / "damaged.casefile"
    damaged.write_bytes(bytes(data[:100]) + b"\x00" * 50 + bytes(data[150:2048]))
    with pytest.raises(CaseFileOpenError):
        Case.open(damaged)


def test_a_file_from_a_newer_casefile_is_refused_and_not_touched(case: Case) -> None:
    with case.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    case.close()
    before = case.path.read_bytes()
    with pytest.raises(CaseFileOpenError, match="newer version of Casefile"):
        Case.open(case.path)
    assert case.path.read_bytes() == before
    assert not list(case.path.parent.glob("*.bak-*"))


def test_an_older_file_is_backed_up_then_upgraded(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulate a future release: a copy of the scripts with one more revision."""
    case.close()
    scripts = tmp_path / "scripts"
    shutil.copytree(
        migrations.SCRIPT_LOCATION, scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    head = migrations.head_revision()
    (scripts / "versions" / "9000_add_source_summary.py").write_text(
        f'''
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("source") as batch:
        batch.add_column(sa.Column("summary", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("source") as batch:
        batch.drop_column("summary")
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(migrations, "SCRIPT_LOCATION", str(scripts))
    engine = storage.open_case_file(case.path)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("source")}
        assert "summary" in columns
        with engine.connect() as connection:
            assert migrations.current_revision(connection) == "9000"
    finally:
        engine.dispose()
    backup = case.path.with_name(f"{case.path.name}.bak-{head}")
    assert backup.exists()
    connection = sqlite3.connect(backup)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
        assert connection.execute("SELECT count(*) FROM tag").fetchone() == (2,)
    finally:
        connection.close()


def test_creating_over_an_existing_file_is_refused(case: Case) -> None:
    with pytest.raises(CaseFileOpenError, match="already exists"):
        Case.create(case.path)
