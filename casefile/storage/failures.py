"""SQLite's and the OS's errors, said in one line a user can act on."""

from __future__ import annotations

import errno
from pathlib import Path

from casefile.domain.errors import CasefileError, ReadOnlyCase, StorageFailure

NOTHING_CHANGED = "nothing was changed"


def storage_failure(error: BaseException, path: Path) -> CasefileError | None:
    """The user's view of a database or file-system error, or None if it is not one."""
    original = getattr(error, "orig", None) or error
    if isinstance(original, OSError) and original.errno is not None:
        if original.errno == errno.ENOSPC:
            return StorageFailure(f"{path}: the disk is full; {NOTHING_CHANGED}")
        if original.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return ReadOnlyCase(f"{path}: the case file is read-only; {NOTHING_CHANGED}")
    text = str(original).lower()
    if "readonly" in text or "read-only" in text:
        return ReadOnlyCase(f"{path}: the case file is read-only; {NOTHING_CHANGED}")
    if "disk is full" in text or "disk full" in text:
        return StorageFailure(f"{path}: the disk is full; {NOTHING_CHANGED}")
    if "database is locked" in text or "database is busy" in text:
        return StorageFailure(
            f"{path}: another program kept the case file busy for too long; "
            f"{NOTHING_CHANGED}, try again"
        )
    if "disk i/o error" in text:
        return StorageFailure(f"{path}: the disk reported an input/output error; {NOTHING_CHANGED}")
    if "unable to open database file" in text:
        return StorageFailure(f"{path}: the case file or its folder cannot be written")
    return None
