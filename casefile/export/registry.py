"""The exporter registry: every export is written, re-read, checked, then put in place.

An exporter is one module and one ``register(Exporter(...))``. ``export()`` writes
to a temporary file in the target's folder, runs the exporter's ``verify`` on it
(an independent reader: zip + XML, csv, json — never the writer's own objects),
and only then ``os.replace``s it over the target. A failed check raises
``ExportCheckFailed(check, where)`` and leaves no file behind.

``write`` returns :class:`Written`: what the verifier checks against (the
quotations as they must read, their exhibits and pinpoints) and the forbidden
names of the pseudonymiser.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from casefile.domain.errors import ExportCheckFailed, InvalidInput
from casefile.export.brief_options import ExportOptions
from casefile.export.pseudonyms import Pseudonymiser
from casefile.services import Case

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True, slots=True)
class Expected:
    """One quotation as the written file must hold it."""

    key: str  # where the verifier finds it: a bookmark name, a row id, an annotation id
    text: str  # as printed (after pseudonymisation), before whitespace/quote normalisation
    exhibit: int
    pinpoint: str
    source_title: str  # as printed in its citation


@dataclass
class Written:
    count: int  # quotations, excerpts or annotations written
    exhibits: int = 0
    expected: list[Expected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None  # estimated or measured, where a format has pages
    index: dict[int, str] = field(default_factory=dict)  # exhibit number -> title, as printed


Write = Callable[[Case, Path, ExportOptions, Pseudonymiser, Progress | None], Written]
Verify = Callable[[Path, Written, Pseudonymiser], None]


@dataclass(frozen=True)
class Exporter:
    name: str  # the CLI's --format value
    suffixes: tuple[str, ...]  # the first is the default
    label: str  # what the GUI lists
    write: Write
    verify: Verify
    pseudonymises: bool = True  # False: refuses to run with pseudonyms (originals inside)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    count: int
    exhibits: int
    warnings: tuple[str, ...]
    pages: int | None = None


_EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    _EXPORTERS[exporter.name] = exporter
    return exporter


def exporters() -> list[Exporter]:
    """Every registered exporter, in registration order."""
    _load_builtin()
    return list(_EXPORTERS.values())


def exporter(name: str) -> Exporter:
    _load_builtin()
    try:
        return _EXPORTERS[name]
    except KeyError:
        known = ", ".join(_EXPORTERS)
        raise InvalidInput(f"there is no export format {name!r} (known: {known})") from None


def _load_builtin() -> None:
    from casefile.export import formats  # noqa: F401  (registers the built-in exporters)


def pseudonymiser(options: ExportOptions) -> Pseudonymiser:
    try:
        return Pseudonymiser.from_lines(options.pseudonym_lines())
    except ValueError as error:
        raise InvalidInput(str(error)) from None


def check_suffix(format_name: str, path: Path) -> None:
    chosen = exporter(format_name)
    if path.suffix.lower() not in chosen.suffixes:
        raise InvalidInput(
            f"{path}: a {chosen.label} is written as {' or '.join(chosen.suffixes)}, "
            f"not {path.suffix or 'a file without an extension'}"
        )


def usual_mode(path: Path) -> None:
    """Give a file the mode a new file gets here (0666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    path.chmod(0o666 & ~mask)


def export(
    case: Case,
    format_name: str,
    path: Path,
    options: ExportOptions,
    progress: Progress | None = None,
) -> ExportResult:
    """Write, verify, replace. Raises ExportCheckFailed / InvalidInput; writes nothing then."""
    chosen = exporter(format_name)
    check_suffix(format_name, path)
    if not path.parent.is_dir():
        raise InvalidInput(f"{path}: the folder {path.parent} does not exist")
    rename = pseudonymiser(options)
    if rename and not chosen.pseudonymises:
        raise InvalidInput(
            f"{path}: a {chosen.label} carries the original documents, which cannot be "
            "pseudonymised; export without pseudonyms, or choose another format"
        )
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    temp = Path(temporary)
    try:
        try:
            written = chosen.write(case, temp, options, rename, progress)
        except OSError as error:
            raise InvalidInput(f"{path}: cannot be written ({error.strerror})") from None
        try:
            chosen.verify(temp, written, rename)
        except ExportCheckFailed:
            raise
        except Exception as error:  # a file the independent reader cannot read is a failure
            raise ExportCheckFailed("readable", temp.name, type(error).__name__) from None
        usual_mode(temp)  # mkstemp made it private (0600); an export is an ordinary file
        temp.replace(path)  # atomic on one file system: the temp file is in the same folder
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return ExportResult(
        path,
        format_name,
        written.count,
        written.exhibits,
        tuple(dict.fromkeys(written.warnings)),
        written.pages,
    )
