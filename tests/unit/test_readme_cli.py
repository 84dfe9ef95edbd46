"""The README's command-line section runs as written and lists exactly what `--help` lists."""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
from pathlib import Path

import pytest
from docx import Document

from casefile.cli import main
from casefile.cli.parser import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
DEMO = README.parent / "resources" / "demo"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## The command line")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", section(), flags=re.S)


def commands() -> list[str]:
    """Every `casefile …` line of the section's shell blocks, continuations joined."""
    found = []
    for block in blocks("sh"):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("source .venv/bin/activate"):
                continue
            assert line.startswith("casefile "), f"an example that is not run: {line!r}"
            found.append(line)
    return found


def test_every_example_runs_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # as the reader's clone: the demo documents in resources/demo
    shutil.copytree(DEMO, tmp_path / "resources" / "demo")
    examples = commands()
    assert len(examples) >= 15
    for line in examples:
        args = shlex.split(line, comments=True)[1:]
        if "--metadata" in args:  # the sidecar shown in the README, written as shown
            (sidecar,) = blocks("csv")
            (tmp_path / args[args.index("--metadata") + 1]).write_text(sidecar, encoding="utf-8")
        code = main(args)
        _, err = capsys.readouterr()
        assert code == 0, f"{line}\n{err}"
    body = "\n".join(p.text for p in Document(str(tmp_path / "brief.docx")).paragraphs)
    assert "“No refugee has ever been returned against his will" in body  # as the text has it
    assert "«Он кричал, что его убьют" in body
    assert (tmp_path / "matter.qdpx").stat().st_size > 0
    assert (tmp_path / "demo.casefile").exists()


def leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict:
    """Every runnable command: its words, parser and the help line `--help` shows for it."""
    found: dict[tuple[str, ...], tuple[argparse.ArgumentParser, str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if name not in helps:
                    continue  # an alias ("recolour")
                inner = leaves(sub, (*path, name))
                found |= inner or {(*path, name): (sub, helps[name])}
    return found


def table() -> list[tuple[tuple[str, ...], str, str]]:
    """(command words, synopsis, description) per row of the section's command table."""
    rows = []
    for line in section().splitlines():
        if not line.startswith("| `casefile"):
            continue
        synopsis, description = (c.strip() for c in re.split(r"(?<!\\)\|", line)[1:3])
        synopsis = synopsis.replace("\\|", "|")
        for each in re.findall(r"`(casefile[^`]*)`", synopsis):
            words = tuple(re.match(r"casefile((?: [a-z][a-z-]*)*)", each)[1].split())  # type: ignore[index]
            if words:
                rows.append((words, each, description))
    return rows


def test_the_command_table_matches_the_parser_exactly() -> None:
    parser = build_parser()
    runnable = leaves(parser)
    rows = table()
    assert [r[0] for r in rows] == list(runnable)  # every command, in `--help` order
    for words, synopsis, description in rows:
        sub, help_line = runnable[words]
        assert description == help_line, words
        options = {s for a in sub._actions for s in a.option_strings} - {"-h", "--help"}
        written = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", synopsis))
        assert written <= options, (words, written - options)
        for action in sub._actions:
            if action.option_strings and "-h" not in action.option_strings:
                assert set(action.option_strings) & written, (words, action.option_strings)
        for action in sub._actions:
            if not action.option_strings and action.metavar and action.nargs != "?":
                assert str(action.metavar) in synopsis, (words, action.metavar)
