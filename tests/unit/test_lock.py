"""The lock beside an open case: who has it, stale locks, network file systems."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from casefile.domain.errors import CaseLocked
from casefile.services.lock import CaseLock, holder, lock_path, network_warning

HOLD = """
import sys, time
from pathlib import Path
from casefile.services.lock import CaseLock
lock = CaseLock.acquire(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(60)
"""


def test_a_second_app_learns_who_has_the_case_open(tmp_path: Path) -> None:
    case_path = tmp_path / "case.casefile"
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(case_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        info = holder(case_path)
        assert info is not None and info.pid == child.pid
        assert info.host == socket.gethostname()
        with pytest.raises(CaseLocked) as raised:
            CaseLock.acquire(case_path)
        message = str(raised.value)
        assert f"process {child.pid}" in message and socket.gethostname() in message
        assert "since" in message and "\n" not in message
    finally:
        child.kill()
        child.wait()
    # the holder died without releasing: its lock is stale and is taken over
    assert lock_path(case_path).exists()
    assert holder(case_path) is None
    with CaseLock.acquire(case_path) as lock:
        assert lock.held and holder(case_path) is not None
    assert not lock_path(case_path).exists()


def test_a_lock_of_a_reused_process_id_is_stale(tmp_path: Path) -> None:
    case_path = tmp_path / "case.casefile"

    lock_path(case_path).write_text(
        json.dumps(
            {
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "user": "x",
                "started": "2026-01-01T00:00:00+00:00",
                "token": "t",
                "process_start": "1",
            }
        ),
        encoding="utf-8",
    )
    assert holder(case_path) is None  # our pid, but not the process that took the lock


def test_a_lock_from_another_computer_is_respected(tmp_path: Path) -> None:
    case_path = tmp_path / "case.casefile"
    lock_path(case_path).write_text(
        json.dumps(
            {
                "host": "laptop-of-a-colleague",
                "pid": 1,
                "user": "amira",
                "started": "2026-01-01T09:30:00+00:00",
                "token": "t",
            }
        ),
        encoding="utf-8",
    )
    info = holder(case_path)
    assert info is not None and "amira on laptop-of-a-colleague" in info.describe()
    with pytest.raises(CaseLocked):
        CaseLock.acquire(case_path)


def test_release_leaves_someone_elses_lock_alone(tmp_path: Path) -> None:
    case_path = tmp_path / "case.casefile"
    lock = CaseLock.acquire(case_path)
    lock_path(case_path).write_text(
        json.dumps({"host": "elsewhere", "pid": 1, "user": "b", "started": "", "token": "u"}),
        encoding="utf-8",
    )
    lock.release()
    assert lock_path(case_path).exists()


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/cases /mnt/cases nfs4 rw,relatime 0 0
//nas/share /mnt/nas cifs rw 0 0
user@host:/home /mnt/ssh\\040home fuse.sshfs rw 0 0
tmpfs /mnt/cases/local tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/cases/a.casefile", "nfs4"),
        ("/mnt/nas/b/c.casefile", "cifs"),
        ("/mnt/ssh home/d.casefile", "fuse.sshfs"),
        ("/mnt/cases/local/e.casefile", None),
        ("/home/me/f.casefile", None),
        ("/mnt/casesX/g.casefile", None),
    ],
)
def test_network_file_systems_get_a_warning(path: str, kind: str | None) -> None:
    warning = network_warning(Path(path), MOUNTS)
    if kind is None:
        assert warning is None
    else:
        assert warning is not None and kind in warning and "Only one person" in warning
