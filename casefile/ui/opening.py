"""Opening a case file for the window: the lock, read-only, a network drive.

``open_case_file`` runs on the database worker; ``ask_read_only`` asks the
user on the GUI thread when the case is open in another Casefile.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from casefile.services import Case
from casefile.services.lock import CaseLock, LockInfo, holder, network_warning


@dataclass
class Opened:
    case: Case
    lock: CaseLock | None  # None when opened read-only (or the folder cannot hold a lock)
    network_note: str | None  # set for a case file on a network file system


def open_case_file(path: Path, read_only: bool) -> Opened:
    """Take the lock (raises CaseLocked if another Casefile has it), then open."""
    lock = None if read_only else CaseLock.acquire(path)
    try:
        case = Case.open(path, read_only=read_only)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if case.read_only and lock is not None:  # the file or folder cannot be written
        lock.release()
        lock = None
    return Opened(case, lock, network_warning(path))


def other_holder(path: Path) -> LockInfo | None:
    """Who has the case open in another Casefile (a small file read, no database).

    This process's own lock is not "another": its release is queued on the
    worker ahead of the open (a window reopening the case it just closed).
    """
    info = holder(path)
    if info is not None and info.pid == os.getpid() and info.host == socket.gethostname():
        return None
    return info


def ask_read_only(parent: QWidget, path: Path, description: str) -> bool:
    """The case is open elsewhere: True to open it read-only, False to leave it."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Case file open elsewhere",
        f"{path.name} is {description}.\n\n"
        "Two people changing one case file at once can lose work. You can open it "
        "read-only: read, search and export, but not change it.",
        parent=parent,
    )
    read_only = box.addButton("Open &Read-Only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only
