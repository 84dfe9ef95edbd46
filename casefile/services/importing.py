"""Importing files: read with limits, extract (pure), store (one operation)."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import replace
from pathlib import Path

from casefile.domain.errors import ImportFailure
from casefile.domain.text import SourceMetadata
from casefile.ingest import ImportOptions, extract
from casefile.services.source_ops import NewSource

_READ_CHUNK = 1 << 20


def display_name(path: Path | str) -> str:
    """A file name fit to print: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def _too_large(name: str, size: int, limit: int) -> ImportFailure:
    return ImportFailure(
        name, f"too large ({size / 1e6:.0f} MB; the limit is {limit / 1e6:.0f} MB)"
    )


def read_file(path: Path, options: ImportOptions) -> bytes:
    """The bytes of a regular file, never more than ``options.max_bytes``.

    FIFOs, devices, sockets and folders are refused at once (opening without
    blocking, then checking what was opened); the size is checked before
    reading and again while reading, in case the file grows.
    """
    name = display_name(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ImportFailure(name, "no such file") from None
    except IsADirectoryError:
        raise ImportFailure(name, "is a folder, not a document") from None
    except OSError as error:
        reason = "permission denied" if error.errno == errno.EACCES else error.strerror
        raise ImportFailure(name, f"cannot be read ({reason})") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise ImportFailure(name, "is a folder, not a document")
        if not stat.S_ISREG(info.st_mode):
            raise ImportFailure(name, "not a regular file (a device, pipe or socket); not read")
        if info.st_size > options.max_bytes:
            raise _too_large(name, info.st_size, options.max_bytes)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(descriptor, min(_READ_CHUNK, options.max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > options.max_bytes:
                raise _too_large(name, total, options.max_bytes)
        return b"".join(chunks)
    except OSError as error:
        raise ImportFailure(name, f"cannot be read ({error.strerror})") from None
    finally:
        os.close(descriptor)


def unexpected(error: BaseException) -> str:
    """The reason to print for an error no importer foresaw: its kind only, never its
    message (which may quote the document)."""
    if isinstance(error, RecursionError):
        return "nested too deeply to be read"
    if isinstance(error, MemoryError):
        return "too large to be read in the memory available"
    return f"cannot be read (an unexpected {type(error).__name__} in the importer)"


def prepare_import(
    path: Path,
    metadata: SourceMetadata | None = None,
    options: ImportOptions | None = None,
) -> NewSource:
    """Read and extract a file. Pure work: safe on a worker thread, stores nothing."""
    options = options or ImportOptions()
    if metadata is not None and metadata.language and not options.recognition.languages:
        # OCR reads the document's own language when the user gave it
        recognition = replace(options.recognition, languages=(metadata.language,))
        options = replace(options, recognition=recognition)
    data = read_file(path, options)
    name = display_name(path)
    try:
        extracted = extract(data, display_name(path.name), options)
    except ImportFailure as failure:  # name the file as the user gave it
        raise type(failure)(name, failure.reason) from None
    except Exception as error:  # an importer's bug or a library's surprise: one clean line
        raise ImportFailure(name, unexpected(error)) from None
    return NewSource(display_name(path.name), data, extracted, metadata or SourceMetadata())
