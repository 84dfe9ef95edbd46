"""The case file on disk: refused files stay untouched, read-only opens read-only, the
closed case is one file, deleted means deleted, a full disk changes nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from casefile.domain.errors import CaseFileOpenError, ReadOnlyCase, StorageFailure
from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import DeleteSource, ImportSource
from casefile.services.tag_ops import CreateTag

MARKER = "Zebrafish-Quokka-7731 confidential client statement"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casefile", *map(str, args)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")}


def test_every_connection_is_durable_and_erases_deleted_content(case: Case) -> None:
    with case.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_closed_case_is_one_file(case: Case) -> None:
    case.run(CreateTag("Risk", "#e06666"))
    assert beside(case.path)  # open: -wal and -shm
    case.close()
    assert beside(case.path) == set()
    with sqlite3.connect(f"{case.path.as_uri()}?mode=ro&immutable=1", uri=True) as connection:
        assert connection.execute("SELECT count(*) FROM tag").fetchone() == (3,)


@pytest.mark.parametrize("kind", ["newer", "foreign app id", "foreign tables", "foreign wal"])
def test_a_refused_file_stays_byte_identical_with_nothing_beside_it(
    kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "refused.casefile"
    if kind == "newer":
        Case.create(path).close()
        with sqlite3.connect(path) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
        connection.close()
    else:
        connection = sqlite3.connect(path)
        if kind == "foreign wal":
            connection.execute("PRAGMA journal_mode=WAL")
        if kind == "foreign app id":
            connection.execute("PRAGMA application_id = 1234")
            connection.execute("CREATE TABLE source (x)")  # even with tables named like ours
            connection.execute("CREATE TABLE excerpt (x)")
            connection.execute("CREATE TABLE alembic_version (version_num)")
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.commit()
        connection.close()
    assert beside(path) == set()
    before = digest(path)
    with pytest.raises(CaseFileOpenError) as raised:
        Case.open(path)
    assert "\n" not in str(raised.value)
    assert digest(path) == before
    assert beside(path) == set()
    done = cli("sources", path)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert digest(path) == before and beside(path) == set()


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "folder" / "case.casefile"
    path.parent.mkdir()
    document = tmp_path / "report.txt"
    document.write_text("A report.\n\nA witness said so.\n", encoding="utf-8")
    with Case.create(path) as case:
        source = case.run(ImportSource(prepare_import(document))).result
        assert source is not None
        case.run(CreateExcerpt(source, 0, 8))
    yield path
    path.parent.chmod(0o755)
    path.chmod(0o644)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_case_opens_read_only(what: str, filled: Path) -> None:
    (filled if what == "file" else filled.parent).chmod(0o444 if what == "file" else 0o555)
    before = digest(filled)
    with Case.open(filled) as case:
        assert case.read_only
        assert len(case.sources()) == 1 and len(case.excerpts()) == 1  # listing works
        with pytest.raises(ReadOnlyCase, match="the case file is read-only"):
            case.run(CreateTag("Risk", "#e06666"))
        with pytest.raises(ReadOnlyCase):
            case.undo(case.journal()[0].id)
    assert digest(filled) == before
    assert beside(filled) == set()
    done = cli("tag", "add", filled, "Risk")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "the case file is read-only" in done.stderr
    listing = cli("excerpts", filled, "--json")
    assert listing.returncode == 0, listing.stderr
    assert digest(filled) == before and beside(filled) == set()


def test_deleted_means_deleted(case: Case, tmp_path: Path) -> None:
    document = tmp_path / "statement.txt"
    document.write_text(f"Preamble.\n\n{MARKER}\n" * 20, encoding="utf-8")
    source = case.run(ImportSource(prepare_import(document))).result
    assert source is not None
    case.run(CreateExcerpt(source, 11, 11 + len(MARKER)))
    deletion = case.run(DeleteSource(source))
    assert deletion.entry_id is not None
    assert case.journal(limit=1)[0].can_undo  # undo works while the case is open
    case.close()
    data = case.path.read_bytes()
    assert MARKER.encode() not in data
    assert MARKER.encode("utf-16-le") not in data
    assert beside(case.path) == set()
    with Case.open(case.path) as reopened:
        (entry,) = [e for e in reopened.journal() if e.id == deletion.entry_id]
        assert not entry.can_undo and "erased" in entry.note


def test_undo_works_after_reopening(case: Case, tmp_path: Path) -> None:
    document = tmp_path / "a.txt"
    document.write_text("Words to highlight.", encoding="utf-8")
    source = case.run(ImportSource(prepare_import(document))).result
    assert source is not None
    entry = case.run(CreateExcerpt(source, 0, 5)).entry_id
    case.close()
    with Case.open(case.path) as reopened:
        assert entry is not None
        reopened.undo(entry)
        assert reopened.excerpts() == []


def _can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (needs root); the test is skipped where mounting is not allowed."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if not _can_mount():
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
        capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path, leave: int) -> Path:
    filler = folder / "filler"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))
    return filler


def test_a_full_disk_says_so_and_changes_nothing(small_disk: Path, tmp_path: Path) -> None:
    path = small_disk / "case.casefile"
    with Case.create(path) as case:
        case.run(CreateTag("Risk", "#e06666"))
    filler = _fill(small_disk, leave=64 * 1024)
    big = tmp_path / "big.txt"
    big.write_text("A long statement of facts. " * 40_000, encoding="utf-8")  # ~1 MB
    with Case.open(path) as case:
        tags = case.tags()
        with pytest.raises(StorageFailure) as raised:
            case.run(ImportSource(prepare_import(big)))
        assert "the disk is full" in str(raised.value) and "\n" not in str(raised.value)
        assert case.tags() == tags and case.sources() == []
        case.run(CreateTag("Small", "#000000"))  # a small write may still fit
    done = cli("import", path, big)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "the disk is full" in done.stderr
    filler.unlink()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM source").fetchone() == (0,)
    connection.close()


def test_a_read_only_medium_opens_read_only(small_disk: Path) -> None:
    path = small_disk / "case.casefile"
    Case.create(path).close()
    done = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=False)
    if done.returncode != 0:
        pytest.skip("cannot remount read-only here")
    assert stat.S_IMODE(path.stat().st_mode)  # still readable
    with Case.open(path) as case:
        assert case.read_only
        assert [t.name for t in case.tags()] == ["Claim", "Testimony"]
        with pytest.raises(ReadOnlyCase):
            case.run(CreateTag("Risk", "#e06666"))


DURABLE = """
import sys
from pathlib import Path
from casefile.services import Case
from casefile.services.tag_ops import CreateTag
with Case.open(Path(sys.argv[1])) as case:
    print("opened", flush=True)
    for i in range(20):
        case.run(CreateTag(f"Tag {i}", "#123456"))
"""


def test_every_commit_reaches_the_disk(case: Case, tmp_path: Path) -> None:
    """20 committed changes: at least 20 fsync calls (the issue counted none)."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    case.close()
    log = tmp_path / "strace.log"
    done = subprocess.run(
        [strace, "-f", "-e", "trace=fsync,fdatasync", "-o", str(log),
         sys.executable, "-c", DURABLE, str(case.path)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "CASEFILE_BACKUPS": "0"},
    )  # fmt: skip
    if done.returncode != 0 and "ptrace" in done.stderr:
        pytest.skip("ptrace is not allowed here")
    assert done.returncode == 0, done.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    syncs = [line for line in lines if "fsync(" in line or "fdatasync(" in line]
    assert len(syncs) >= 20
