"""Turning bytes of unknown encoding into text.

BOMs first; then strict UTF-8 (most files today, and a wrong legacy guess on
UTF-8 is the commonest mojibake); then UTF-16 without a BOM, recognised by its
NUL pattern; then charset-normalizer for legacy code pages (cp1251, KOI8-R,
EUC-KR/CP949, ...). A declared charset (HTML meta, e-mail header) is used only
when the bytes agree with it.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from casefile.domain.errors import ImportFailure

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The legacy encodings documents really come in. Letting the detector consider
# every codec it knows makes short Cyrillic texts come out as Shift-JIS.
LEGACY_ENCODINGS = [
    "cp1251", "koi8_r", "koi8_u", "cp866", "iso8859_5", "mac_cyrillic",  # Cyrillic
    "cp949", "euc_kr", "shift_jis", "euc_jp", "gb18030", "big5",  # CJK
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1257",  # Latin
    "cp1253", "cp1254", "cp1255", "cp1256", "cp1258", "tis_620",  # Greek .. Thai
]  # fmt: skip
_CONTROL = frozenset(chr(c) for c in range(32)) - {"\n", "\t", "\r", "\f", "\x0b"}


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM.

    Latin text has a NUL in every other byte. Other scripts do not, so each
    byte order is also tried: the right one gives letters from a few Unicode
    ranges, the wrong one scattered code points, private-use characters or
    unpaired surrogates.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[int, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        readable = sum(
            1
            for ch in sample
            if ch.isalnum() or ch.isspace() or unicodedata.category(ch)[0] in "PS"
        )
        ranges = len({ord(ch) >> 12 for ch in sample if not ch.isspace()})
        if readable >= 0.95 * len(sample) and ranges <= 6 and (best is None or ranges < best[0]):
            best = (ranges, text)
    return best[1] if best else None


def _valid(name: str) -> str | None:
    """The codec's name if ``name`` is a text encoding (``base64``, ``zlib``, ``rot13`` are not)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def decode_text(data: bytes, filename: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns ``(text, encoding)``. Raises ImportFailure for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ImportFailure(filename, f"damaged {encoding} text ({error.reason})") from None
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = "", ""
    if encoding and _binary(text):  # e.g. UTF-16 Cyrillic: every byte < 0x80, NULs between
        text, encoding = "", ""
    if not encoding and (utf16 := _utf16_without_bom(data)) is not None:
        text, encoding = utf16, "utf-16"
    if not encoding:
        declared_name = _valid(declared) if declared else None
        best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
        guess = _valid(best.encoding) if best is not None else None
        # trust a declaration only if the detector finds the bytes plausible in it
        if declared_name and (guess is None or _plausible(data, declared_name)):
            encoding = declared_name
        elif guess:
            encoding = guess
        else:
            raise ImportFailure(filename, "not a text file (no text encoding fits its bytes)")
        try:
            text = data.decode(encoding, errors="replace")
        except (LookupError, TypeError, ValueError):
            raise ImportFailure(filename, f"cannot be decoded as {encoding}") from None
    if _binary(text):
        raise ImportFailure(filename, "not a text file (it contains binary data)")
    return text, encoding


def _binary(text: str) -> bool:
    return "\x00" in text or sum(ch in _CONTROL for ch in text[:65536]) > 8


def _plausible(data: bytes, encoding: str) -> bool:
    try:
        decoded = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    matches = from_bytes(data, cp_isolation=[encoding])
    best = matches.best()
    return best is not None and best.chaos < 0.2 and bool(decoded)
