"""Turning bytes of unknown encoding into text.

BOMs first; then strict UTF-8 (most files today, and a wrong legacy guess on
UTF-8 is the commonest mojibake); then UTF-16 without a BOM, recognised by its
NUL pattern; then charset-normalizer for legacy code pages (cp1251, KOI8-R,
EUC-KR/CP949, ...). A declared charset (HTML meta, e-mail header) is used only
when the bytes agree with it.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from casefile.domain.errors import ImportFailure

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = frozenset(chr(c) for c in range(32)) - {"\n", "\t", "\r", "\f", "\x0b"}


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text has a NUL in every other byte for Latin script; check both parities."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    for encoding, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > half * 0.3:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _valid(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


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
        text = ""
        encoding = ""
    if not encoding and (utf16 := _utf16_without_bom(data)) is not None:
        text, encoding = utf16, "utf-16"
    if not encoding:
        declared_name = _valid(declared) if declared else None
        best = from_bytes(data).best()
        guess = _valid(best.encoding) if best is not None else None
        # trust a declaration only if the detector finds the bytes plausible in it
        if declared_name and (guess is None or _plausible(data, declared_name)):
            encoding = declared_name
        elif guess:
            encoding = guess
        else:
            raise ImportFailure(filename, "not a text file (no text encoding fits its bytes)")
        text = data.decode(encoding, errors="replace")
    if "\x00" in text or sum(ch in _CONTROL for ch in text[:65536]) > 8:
        raise ImportFailure(filename, "not a text file (it contains binary data)")
    return text, encoding


def _plausible(data: bytes, encoding: str) -> bool:
    try:
        decoded = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    matches = from_bytes(data, cp_isolation=[encoding])
    best = matches.best()
    return best is not None and best.chaos < 0.2 and bool(decoded)
