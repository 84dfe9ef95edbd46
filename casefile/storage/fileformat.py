"""What makes a file a Casefile case file, read from its first 100 bytes.

The SQLite header holds the ``application_id`` (offset 68) that Casefile sets
on every case file, so a file manager's MIME magic and Casefile itself can
tell a case file from another program's SQLite database without opening it
through SQLite (which could change it).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
# "CsFl" in ASCII, big-endian, as SQLite stores it at offset 68 of the header.
APPLICATION_ID = 0x4373466C
HEADER_SIZE = 100


@dataclass(frozen=True, slots=True)
class Header:
    is_sqlite: bool
    application_id: int
    wal_mode: bool  # file format versions 2/2: the file was last used in WAL mode


def read_header(path: Path) -> Header:
    """The parts of the SQLite header Casefile cares about (OSError if unreadable)."""
    with path.open("rb") as handle:
        data = handle.read(HEADER_SIZE)
    if len(data) < HEADER_SIZE or not data.startswith(SQLITE_HEADER):
        # An empty or short file cannot be a case file either.
        return Header(False, 0, False)
    (application_id,) = struct.unpack(">i", data[68:72])
    return Header(True, application_id & 0xFFFFFFFF, data[18] == 2 or data[19] == 2)
