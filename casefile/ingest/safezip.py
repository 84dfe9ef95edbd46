"""Opening ZIP packages (DOCX, QDPX) and their XML without bombs or entity tricks."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from casefile.domain.errors import ImportFailure

MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # a deflated XML part rarely shrinks more than ~20x; bombs shrink 1000x


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def secure_parser() -> etree.XMLParser:
    """No DTD loading, no entity expansion, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip


class SafeZip:
    def __init__(self, data: bytes, filename: str, max_unzipped: int = MAX_UNZIPPED_BYTES) -> None:
        self.filename = filename
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError) as error:
            raise ImportFailure(filename, f"damaged or not a ZIP package ({error})") from None
        total = 0
        for info in self.zip.infolist():
            total += info.file_size
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise ImportFailure(filename, f"refused: {info.filename} looks like a zip bomb")
        if total > max_unzipped:
            raise ImportFailure(
                filename, f"too large when unpacked ({total / 1e6:.0f} MB; the limit is "
                f"{max_unzipped / 1e6:.0f} MB)",
            )  # fmt: skip
        self._names = {name.lower(): name for name in self.zip.namelist()}

    def names(self) -> list[str]:
        return self.zip.namelist()

    def find(self, name: str) -> str | None:
        """The entry's real name, matched case-insensitively (``Project.qde`` occurs)."""
        return self._names.get(name.lower().lstrip("/"))

    def read(self, name: str) -> bytes | None:
        real = self.find(name)
        if real is None:
            return None
        try:
            return self.zip.read(real)
        except (zipfile.BadZipFile, OSError, RuntimeError) as error:  # CRC errors, encryption
            raise ImportFailure(self.filename, f"damaged part {real} ({error})") from None

    def xml(self, name: str) -> etree._Element | None:
        data = self.read(name)
        if data is None:
            return None
        try:
            return etree.fromstring(data, secure_parser())
        except etree.XMLSyntaxError as error:
            raise ImportFailure(self.filename, f"damaged XML in {name} ({error})") from None
