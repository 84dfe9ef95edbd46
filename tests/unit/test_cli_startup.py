"""Commands import only what they need; without a display the app says so in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casefile.display import NO_DISPLAY, display_missing

HEAVY = ("sqlalchemy", "alembic", "trafilatura", "lxml", "docx", "pypdfium2",
         "charset_normalizer", "PySide6", "casefile.storage", "casefile.services",
         "casefile.ingest", "casefile.export", "casefile.app", "casefile.ui")  # fmt: skip
IMPORTERS_AND_WRITER = ("trafilatura", "lxml", "docx", "pypdfium2", "charset_normalizer",
                        "casefile.ingest", "casefile.export", "PySide6")  # fmt: skip


def loaded_by(commands: list[list[str]], cwd: Path) -> list[str]:
    """The modules commands leave in sys.modules, run one after another in a fresh
    interpreter (so the answer covers all of them)."""
    code = (
        "import contextlib, io, sys\n"
        "from casefile.cli import main\n"
        f"for args in {commands!r}:\n"
        "    try:\n"
        "        with contextlib.redirect_stdout(io.StringIO()):\n"
        "            code = main(args)\n"
        "    except SystemExit as exit_:\n"
        "        code = exit_.code\n"
        "    assert code == 0, (args, code)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


def offenders(modules: list[str], forbidden: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden)]


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["import", "--help"], ["export", "--help"],
             ["excerpt", "edit", "--help"], ["tag", "--help"]],
)  # fmt: skip
def test_version_and_help_load_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    assert offenders(loaded_by([args], tmp_path), HEAVY) == []


def test_listings_load_no_importer_and_no_brief_writer(tmp_path: Path) -> None:
    from casefile.cli import main

    case = tmp_path / "demo.casefile"
    assert main(["demo", str(case)]) == 0
    listings = [
        [listing, str(case), *extra]
        for listing in ("sources", "tags", "records", "excerpts", "record-types")
        for extra in ([], ["--json"])
    ]
    modules = loaded_by(listings, tmp_path)
    assert "sqlalchemy" in modules  # the check itself works: a listing reads the file
    assert offenders(modules, IMPORTERS_AND_WRITER) == []


@pytest.mark.parametrize(
    ("environ", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ""}, "linux", True),
        ({"WAYLAND_DISPLAY": ""}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "minimal"}, "linux", False),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland"}, "linux", True),
        ({}, "freebsd14", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_display_missing(environ: dict[str, str], platform: str, missing: bool) -> None:
    assert display_missing(environ, platform) is missing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland rules")
@pytest.mark.parametrize("args", [[], ["gui"], ["gui", "x.casefile"], ["x.casefile"]])
def test_without_a_display_the_app_says_so_in_one_line(args: list[str], tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from casefile.cli import main\n"
        f"code = main({args!r})\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was loaded'\n"
        "sys.exit(code)\n"
    )
    emptied = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=emptied,
        encoding="utf-8", check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr == NO_DISPLAY + "\n"
    assert result.stdout == ""
    assert NO_DISPLAY.startswith("casefile: no display found — ")
    assert NO_DISPLAY.endswith("the command line works without one: casefile --help")


def test_plain_choice_lists_of_the_cli_match_the_enums_they_stand_for() -> None:
    from casefile.cli.annotate_cmds import RELATIONS
    from casefile.cli.export_cmds import GROUPINGS
    from casefile.domain.model import Relation
    from casefile.export.brief_options import Grouping

    assert [g.value for g in Grouping] == GROUPINGS
    assert [r.value for r in Relation] == RELATIONS
