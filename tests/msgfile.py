"""Writing small Outlook .msg files for tests: a minimal Compound File (CFB v3) writer.

Outlook messages are OLE compound files: storages and streams, named by MAPI
property tags (``__substg1.0_0037001F`` is the subject as UTF-16). No library
writes them, so the tests make their own; extract-msg (what Casefile reads
them with) is the judge that they are well formed.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class Node:
    name: str
    data: bytes | None = None  # None: a storage
    children: list[Node] = field(default_factory=list)
    index: int = 0
    start: int = END
    size: int = 0


def _sort_key(node: Node) -> tuple[int, str]:
    return (len(node.name), node.name.upper())


def _flatten(root: Node) -> list[Node]:
    nodes = [root]
    for node in nodes:
        nodes.extend(node.children)
    for i, node in enumerate(nodes):
        node.index = i
    return nodes


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i + 1 < count else END


def write_cfb(root_children: list[Node]) -> bytes:
    root = Node("Root Entry", None, root_children)
    nodes = _flatten(root)
    mini_stream = bytearray()
    mini_fat: list[int] = []
    big: list[tuple[Node, bytes]] = []
    for node in nodes[1:]:
        if node.data is None:
            continue
        node.size = len(node.data)
        if not node.data:
            continue
        if node.size < CUTOFF:
            node.start = len(mini_fat)
            count = -(-node.size // MINI)
            mini_fat.extend(node.start + i + 1 if i + 1 < count else END for i in range(count))
            mini_stream += node.data + bytes(count * MINI - node.size)
        else:
            big.append((node, node.data))
    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        count = max(1, -(-len(data) // SECTOR))
        first = len(sectors)
        padded = data + bytes(count * SECTOR - len(data))
        sectors.extend(padded[i * SECTOR : (i + 1) * SECTOR] for i in range(count))
        fat.extend([FREE] * count)
        _chain(fat, first, count)
        return first

    for node, data in big:
        node.start = place(data)
    if mini_stream:
        root.start, root.size = place(bytes(mini_stream)), len(mini_stream)
    mini_fat_start = place(struct.pack(f"<{len(mini_fat)}I", *mini_fat)) if mini_fat else END
    mini_fat_sectors = -(-len(mini_fat) * 4 // SECTOR) if mini_fat else 0
    directory = bytearray()
    for node in nodes:
        siblings = sorted(node.children, key=_sort_key)
        for a, b in itertools.pairwise(siblings):
            a.__dict__["right"] = b.index
        child = siblings[0].index if siblings else NOSTREAM
        node.__dict__["child"] = child
    for node in nodes:
        name = node.name.encode("utf-16-le") + b"\x00\x00"
        kind = 5 if node is root else (1 if node.data is None else 2)
        entry = struct.pack(
            "<64sHBBIII16sIQQIQ",
            name, len(name), kind, 1, NOSTREAM, node.__dict__.get("right", NOSTREAM),
            node.__dict__["child"], bytes(16), 0, 0, 0,
            node.start if (node.data or node is root) else END, node.size,
        )  # fmt: skip
        directory += entry
    while len(directory) % SECTOR:
        directory += struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM,
                                 NOSTREAM, bytes(16), 0, 0, 0, END, 0)  # fmt: skip
    directory_start = place(bytes(directory))
    # FAT sectors: enough to describe every sector including themselves
    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_start = len(sectors)
    fat.extend([FATSECT] * fat_count)
    fat.extend([FREE] * (fat_count * (SECTOR // 4) - len(fat)))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    sectors.extend(fat_bytes[i * SECTOR : (i + 1) * SECTOR] for i in range(fat_count))
    difat = [fat_start + i for i in range(fat_count)] + [FREE] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII109I",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6),
        0, fat_count, directory_start, 0, CUTOFF, mini_fat_start, mini_fat_sectors, END, 0,
        *difat,
    )  # fmt: skip
    return header + b"".join(sectors)


def _string(tag: int, value: str) -> Node:
    return Node(f"__substg1.0_{tag:04X}001F", value.encode("utf-16-le"))


def _properties(header: bytes, entries: list[tuple[int, int, bytes]]) -> Node:
    body = b"".join(
        struct.pack("<II", tag, flags) + value.ljust(8, b"\x00") for tag, flags, value in entries
    )
    return Node("__properties_version1.0", header + body)


def make_msg(
    subject: str,
    body: str,
    sender: str,
    to: str,
    date: str,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """An Outlook message with a plain-text body and attachments stored by value."""
    headers = f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\n\r\n"
    children = [
        _string(0x001A, "IPM.Note"),
        _string(0x0037, subject),
        _string(0x1000, body),
        _string(0x0C1A, sender),
        _string(0x0E04, to),
        _string(0x007D, headers),
        Node(
            "__nameid_version1.0",
            None,
            [
                Node("__substg1.0_00020102", b""),
                Node("__substg1.0_00030102", b""),
                Node("__substg1.0_00040102", b""),
            ],
        ),
    ]
    for index, (name, mime, data) in enumerate(attachments):
        props = _properties(bytes(8), [(0x37050003, 6, struct.pack("<I", 1)),
                                       (0x0E210003, 6, struct.pack("<I", index))])  # fmt: skip
        children.append(
            Node(
                f"__attach_version1.0_#{index:08X}",
                None,
                [
                    props,
                    _string(0x3707, name),
                    _string(0x3704, name[:8]),
                    _string(0x370E, mime),
                    Node("__substg1.0_37010102", data),
                ],
            )
        )
    top = struct.pack("<8sIIII8s", bytes(8), 0, len(attachments), 0, len(attachments), bytes(8))
    children.append(_properties(top, []))
    return write_cfb(children)
