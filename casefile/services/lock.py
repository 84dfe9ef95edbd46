"""Who has a case open: a lock file beside the case, and a warning for network disks.

The desktop app takes the lock when it opens a case for writing; a second app
learns from :func:`holder` that the case is "open elsewhere" (by whom, on which
computer, since when) and may offer to open it read-only. The command line
does not take the lock (its writes are short transactions that wait their
turn) but ``casefile restore`` refuses to replace a case that a live process
holds. A lock whose process is gone (same computer, no such process, or a new
process reusing the id) is stale and taken over.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from casefile.domain.errors import CaseLocked

NETWORK_FILE_SYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "afs", "ceph",
    "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "ncpfs", "fuse.rclone", "lustre",
    "fuse.s3fs", "gpfs", "ocfs2", "gfs2",
}  # fmt: skip


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".lock")


def _process_start(pid: int) -> str | None:
    """The kernel's start time of a process (tells a reused pid apart), where known."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class LockInfo:
    host: str
    pid: int
    user: str
    started: str  # ISO 8601, UTC
    token: str
    process_start: str | None = None

    def describe(self) -> str:
        try:
            when = datetime.fromisoformat(self.started).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            when = self.started
        who = self.user or "someone"
        return f"open in Casefile by {who} on {self.host} (process {self.pid}) since {when}"

    @property
    def stale(self) -> bool:
        """True if the process that took the lock is known to be gone."""
        if self.host != socket.gethostname():
            return False  # another computer: it cannot be checked from here
        if not pid_alive(self.pid):
            return True
        now_start = _process_start(self.pid)
        return bool(self.process_start and now_start and now_start != self.process_start)


def _read(path: Path) -> LockInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(
            host=str(data["host"]), pid=int(data["pid"]), user=str(data.get("user", "")),
            started=str(data.get("started", "")), token=str(data.get("token", "")),
            process_start=data.get("process_start"),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None


def holder(case_path: Path) -> LockInfo | None:
    """Who has the case open in another Casefile, or None (no lock, or a stale one)."""
    info = _read(lock_path(case_path))
    if info is None or info.stale:
        return None
    return info


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class CaseLock:
    """The lock of one open case. ``held`` is False where none could be written
    (a read-only folder): the case is then opened read-only anyway."""

    def __init__(self, case_path: Path, info: LockInfo | None) -> None:
        self.case_path = case_path
        self.info = info

    @property
    def held(self) -> bool:
        return self.info is not None

    @classmethod
    def acquire(cls, case_path: Path) -> CaseLock:
        """Take the lock, or raise :class:`CaseLocked` naming who has the case open."""
        path = lock_path(case_path)
        info = LockInfo(
            host=socket.gethostname(), pid=os.getpid(), user=_user(),
            started=datetime.now(UTC).isoformat(timespec="seconds"),
            token=uuid.uuid4().hex, process_start=_process_start(os.getpid()),
        )  # fmt: skip
        for _attempt in range(3):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                other = _read(path)
                if other is not None and not other.stale:
                    raise CaseLocked(f"{case_path}: {other.describe()}") from None
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()  # stale or unreadable: take it over
                continue
            except OSError:
                return cls(case_path, None)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(info), handle)
                handle.flush()
                os.fsync(handle.fileno())
            return cls(case_path, info)
        raise CaseLocked(f"{case_path}: another Casefile keeps taking the lock; try again")

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        if self.info is None:
            return
        current = _read(lock_path(self.case_path))
        if current is not None and current.token == self.info.token:
            with contextlib.suppress(OSError):
                lock_path(self.case_path).unlink()
        self.info = None

    def __enter__(self) -> CaseLock:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


def file_system_of(path: Path, mounts: str | None = None) -> str | None:
    """The type of the file system holding ``path`` (Linux, from /proc/mounts)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = str(path.resolve(strict=False))
    best, best_type = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type


def network_warning(path: Path, mounts: str | None = None) -> str | None:
    """A warning for a case file on a network file system (NFS, SMB, sshfs), else None."""
    kind = file_system_of(path, mounts)
    if kind is None or kind.lower() not in NETWORK_FILE_SYSTEMS:
        return None
    return (
        f"{path.name} is on a network drive ({kind}). Only one person may open it at a "
        "time: network file systems do not reliably lock SQLite files, and two people "
        "working on it at once can damage it. Copy it to this computer to work on it, "
        "or make sure nobody else has it open."
    )
