"""Backups: consistent while open elsewhere, automatic and capped, restored safely."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.domain.errors import CaseLocked
from casefile.services import Case, backups
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import DeleteSource, ImportSource
from casefile.services.tag_ops import CreateTag, merge_tags


@pytest.fixture(autouse=True)
def backup_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "backups"
    monkeypatch.setenv("CASEFILE_BACKUP_DIR", str(folder))
    monkeypatch.delenv("CASEFILE_BACKUP_CAP_MB", raising=False)
    return folder


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casefile", *map(str, args)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def count(path: Path, table: str) -> int:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # "no such table": still only in the -wal
        return 0
    finally:
        connection.close()


def _with_source(case: Case, tmp_path: Path) -> int:
    document = tmp_path / "report.txt"
    document.write_text("Words enough to highlight forty times over. " * 20, encoding="utf-8")
    source = case.run(ImportSource(prepare_import(document))).result
    assert source is not None
    return source


def test_a_backup_of_an_open_case_has_every_committed_row(case: Case, tmp_path: Path) -> None:
    source = _with_source(case, tmp_path)
    for i in range(40):
        case.run(CreateExcerpt(source, i * 5, i * 5 + 4))
    raw = tmp_path / "raw-copy.casefile"
    shutil.copyfile(case.path, raw)  # what a file manager copies while the case is open
    assert count(raw, "excerpt") < 40  # the control: the -wal holds the rest
    done = cli("backup", case.path, tmp_path / "snapshot.casefile")
    assert done.returncode == 0, done.stderr
    snapshot = tmp_path / "snapshot.casefile"
    assert count(snapshot, "excerpt") == 40
    assert not (tmp_path / "snapshot.casefile-wal").exists()
    with sqlite3.connect(snapshot) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    again = cli("backup", case.path, snapshot)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_opening_backs_up_once_a_day(case: Case) -> None:
    case.close()
    assert backups.list_backups(case.path) == []
    Case.open(case.path).close()
    (first,) = backups.list_backups(case.path)
    assert first.reason == "daily"
    Case.open(case.path).close()
    assert len(backups.list_backups(case.path)) == 1


def test_destructive_operations_back_up_first(case: Case, tmp_path: Path) -> None:
    source = _with_source(case, tmp_path)
    case.run(CreateTag("Risk", "#e06666"))
    case.run(merge_tags(case.tag_named("Risk").id, case.tag_named("Claim").id))
    deletion = case.run(DeleteSource(source))
    found = backups.list_backups(case.path)
    assert [b.reason for b in found] == ["before-delete-source", "before-merge-tags"]
    assert count(found[0].path, "source") == 1  # the source is in the backup
    assert count(found[1].path, "tag") == 3  # and "Risk" before the merge
    assert deletion.entry_id is not None
    case.undo(deletion.entry_id)  # restoring is not destructive: no new backup
    assert len(backups.list_backups(case.path)) == 2


def test_the_size_cap_removes_the_oldest(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for reason in ("one", "two", "three"):
        backups.make_backup(case.path, reason)
    assert len(backups.list_backups(case.path)) == 3
    monkeypatch.setenv("CASEFILE_BACKUP_CAP_MB", "0.001")
    backups.make_backup(case.path, "four")
    assert [b.reason for b in backups.list_backups(case.path)] == ["four"]


HOLD = """
import sys, time
from pathlib import Path
from casefile.services.lock import CaseLock
lock = CaseLock.acquire(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(60)
"""


def test_restore_refuses_a_case_open_in_a_live_casefile(case: Case) -> None:
    backup = backups.make_backup(case.path, "manual")
    case.close()
    before = case.path.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(case.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(CaseLocked, match=f"process {child.pid}"):
            backups.restore(case.path, backup)
        done = cli("restore", case.path, backup)
        assert done.returncode == 1 and done.stderr.count("\n") == 1
        assert case.path.read_bytes() == before
    finally:
        child.kill()
        child.wait()


CRASH = """
import os, sys
from pathlib import Path
from casefile.services import Case
from casefile.services.tag_ops import CreateTag
case = Case.open(Path(sys.argv[1]))
for i in range(5):
    case.run(CreateTag(f"Crash {i}", "#123456"))
print("written", flush=True)
os.kill(os.getpid(), 9)
"""


def test_restore_never_applies_a_stray_wal(case: Case) -> None:
    case.close()
    backup = backups.make_backup(case.path, "manual")
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH, str(case.path)], capture_output=True, text=True, check=False
    )
    assert crashed.returncode == -signal.SIGKILL and "written" in crashed.stdout
    wal = case.path.with_name(case.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the crash's commits live in the -wal
    done = cli("restore", case.path, "1")  # by number: the newest (made before the crash)
    assert done.returncode == 0, done.stderr
    assert not wal.exists()
    with Case.open(case.path) as restored:
        assert [t.name for t in restored.tags()] == ["Claim", "Testimony"]
    kept = [b for b in backups.list_backups(case.path) if b.reason == "replaced-by-restore"]
    assert kept and count(kept[0].path, "tag") == 7  # the replaced case, crash included
    assert os.path.getsize(backup) > 0
