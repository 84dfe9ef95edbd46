"""Backups: consistent snapshots of a case, automatic and rotating, and restoring one.

Snapshots use SQLite's backup API (a consistent copy even while the case is
open elsewhere) and are single files (no ``-wal``). Automatic backups go to
``<user data folder>/Casefile/backups/<case id>/`` (``$CASEFILE_BACKUP_DIR``
overrides the folder): when a case is opened and the newest is older than a
day, and before every destructive operation (deleting a source, merging tags,
importing a project, and undoing or redoing into one). Oldest backups are
removed while a case's backups exceed the size cap (``$CASEFILE_BACKUP_CAP_MB``,
default 1024), keeping at least the newest. ``CASEFILE_BACKUPS=0`` turns the
automatic ones off.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from casefile.domain.errors import CaseFileOpenError, CaseLocked, InvalidInput, StorageFailure
from casefile.services.case import Case
from casefile.services.lock import holder
from casefile.storage import engine as storage

DAY = timedelta(days=1)
SUFFIX = ".casefile"
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    created: datetime  # UTC
    reason: str  # "daily", "before-delete-source", "replaced-by-restore", "manual", ...
    size: int


def backup_root() -> Path:
    configured = os.environ.get("CASEFILE_BACKUP_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_data_path

    return user_data_path("Casefile", appauthor=False) / "backups"


def size_cap() -> int:
    try:
        megabytes = float(os.environ.get("CASEFILE_BACKUP_CAP_MB", "1024"))
    except ValueError:
        megabytes = 1024
    return int(megabytes * 1024 * 1024)


def automatic_enabled() -> bool:
    return os.environ.get("CASEFILE_BACKUPS", "1") not in {"0", "off", "no"}


def case_id_of(case_path: Path) -> str:
    """The case's UUID, read without changing or creating anything."""
    uri = case_path.resolve().as_uri() + "?mode=ro"
    if not storage.wal_path(case_path).exists():
        uri += "&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            found = connection.execute("SELECT value FROM case_info WHERE key='case_id'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise CaseFileOpenError(f"{case_path}: cannot read the case's id ({error})") from None
    if not found or not found[0]:
        raise CaseFileOpenError(f"{case_path}: has no case id (open it once to upgrade it)")
    return str(found[0])


def folder_for(case_id: str) -> Path:
    if not re.fullmatch(r"[0-9a-fA-F-]{8,64}", case_id):
        raise InvalidInput(f"not a case id: {case_id!r}")
    return backup_root() / case_id


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:48] or "backup"


def snapshot(case_path: Path, out: Path) -> Path:
    """A consistent single-file copy of a case, written whole or not at all."""
    if out.resolve() == case_path.resolve():
        raise InvalidInput(f"{out}: is the case file itself; choose another name")
    if out.exists():
        raise InvalidInput(f"{out}: already exists; choose another name")
    storage.inspect_file(case_path)
    temporary = out.with_name(f".{out.name}.partial")
    temporary.unlink(missing_ok=True)
    try:
        storage.copy_case_file(case_path, temporary)
        temporary.replace(out)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(out.parent)
    return out


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_backup(case_path: Path, reason: str, case_id: str | None = None) -> Path:
    """Write a backup of the case into its backup folder, then keep the folder under the cap."""
    case_id = case_id or case_id_of(case_path)
    folder = folder_for(case_id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        about = folder / "case.json"
        about.write_text(json.dumps({"case_path": str(case_path.resolve())}), encoding="utf-8")
        stamp = datetime.now(UTC).strftime(_STAMP)
        out = snapshot(case_path, folder / f"{stamp}-{_slug(reason)}{SUFFIX}")
    except OSError as error:
        raise StorageFailure(f"{folder}: cannot write a backup ({error.strerror})") from None
    prune(folder)
    return out


def _info(path: Path) -> BackupInfo | None:
    match = re.fullmatch(r"(\d{8}T\d{12}Z)-(.+)\.casefile", path.name)
    if match is None:
        return None
    created = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    return BackupInfo(path, created, match.group(2), path.stat().st_size)


def list_backups(case_path: Path | None = None, case_id: str | None = None) -> list[BackupInfo]:
    """The case's backups, newest first."""
    folder = folder_for(case_id or case_id_of(case_path or Path()))
    if not folder.is_dir():
        return []
    found = [info for p in folder.glob(f"*{SUFFIX}") if (info := _info(p)) is not None]
    return sorted(found, key=lambda b: b.created, reverse=True)


def prune(folder: Path) -> list[Path]:
    """Remove the oldest backups while the folder is over the cap; the newest always stays."""
    found = [info for p in folder.glob(f"*{SUFFIX}") if (info := _info(p)) is not None]
    found.sort(key=lambda b: b.created, reverse=True)
    total, removed, cap = sum(b.size for b in found), [], size_cap()
    while len(found) > 1 and total > cap:
        oldest = found.pop()
        total -= oldest.size
        oldest.path.unlink(missing_ok=True)
        removed.append(oldest.path)
    return removed


def daily_backup(case: Case) -> Path | None:
    """On open: a backup if the newest is older than a day (never fails the open)."""
    if case.read_only or not automatic_enabled():
        return None
    try:
        newest = list_backups(case_id=case.case_id)
        if newest and datetime.now(UTC) - newest[0].created < DAY:
            return None
        return make_backup(case.path, "daily", case.case_id)
    except (CaseFileOpenError, StorageFailure, InvalidInput, OSError):
        return None


def before_destructive(case: Case, label: str) -> None:
    """Before a destructive step: a backup, or the step does not run."""
    if not automatic_enabled():
        return
    try:
        make_backup(case.path, f"before {label}", case.case_id)
    except (CaseFileOpenError, StorageFailure) as error:
        raise StorageFailure(
            f"cannot make the automatic backup before {label!r}, so nothing was changed: {error}"
        ) from None


def restore(case_path: Path, backup: Path) -> Path | None:
    """Replace the case with a backup; returns the backup made of the replaced case.

    Refused while a live Casefile holds the case's lock. A ``-wal`` or ``-shm``
    beside the case belongs to the replaced file: it is folded into the copy
    kept of it, then removed, and never applied to the restored file.
    """
    other = holder(case_path)
    if other is not None:
        raise CaseLocked(f"{case_path}: cannot restore while it is {other.describe()}")
    storage.inspect_file(backup)  # a Casefile case file, intact, not from a newer Casefile
    kept = None
    if case_path.exists():
        try:
            kept = make_backup(case_path, "replaced by restore")
        except (CaseFileOpenError, StorageFailure, InvalidInput):
            kept = _raw_copy(case_path, backup)  # a damaged case: keep its bytes as they are
    temporary = case_path.with_name(f".{case_path.name}.restoring")
    try:
        shutil.copyfile(backup, temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        for stray in (storage.wal_path(case_path), storage.shm_path(case_path)):
            stray.unlink(missing_ok=True)
        temporary.replace(case_path)
    except OSError as error:
        raise StorageFailure(f"{case_path}: cannot restore ({error.strerror})") from None
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(case_path.parent)
    storage.inspect_file(case_path)
    return kept


def _raw_copy(case_path: Path, backup: Path) -> Path | None:
    try:
        case_id = case_id_of(backup)
    except CaseFileOpenError:
        return None
    folder = folder_for(case_id)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(_STAMP)
    out = folder / f"{stamp}-replaced-by-restore-as-found{SUFFIX}"
    shutil.copyfile(case_path, out)
    for stray in (storage.wal_path(case_path), storage.shm_path(case_path)):
        if stray.exists():
            shutil.copyfile(stray, out.with_name(out.name + stray.name[len(case_path.name) :]))
    return out


def install() -> None:
    """Wire automatic backups into every Case (done when casefile.services is imported)."""
    Case.before_destructive = before_destructive
    Case.after_open = daily_backup
