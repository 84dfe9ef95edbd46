"""Alembic, driven from code: no alembic.ini, the scripts live beside this file.

Opening a case only needs to know the known revisions and the head: those are
read from the scripts' ``revision``/``down_revision`` lines without loading
Alembic (which takes a noticeable part of a command's start-up). Alembic
itself is loaded to stamp or upgrade.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

SCRIPT_LOCATION = str(Path(__file__).parent)
_ASSIGNMENT = r"^{name}\s*(?::[^=]*)?=\s*(?P<value>None|['\"](?P<text>[^'\"]+)['\"])"


def config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


def _value(source: str, name: str) -> str | None:
    match = re.search(_ASSIGNMENT.format(name=name), source, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"a migration script has no {name}")
    return match.group("text")


@cache
def _scan(location: str) -> tuple[str, frozenset[str]]:
    """The head revision and every known one, from the scripts' text."""
    parents: dict[str, str | None] = {}
    for script in sorted(Path(location, "versions").glob("*.py")):
        source = script.read_text(encoding="utf-8")
        revision = _value(source, "revision")
        if revision is not None:
            parents[revision] = _value(source, "down_revision")
    heads = set(parents) - {p for p in parents.values() if p is not None}
    if len(heads) != 1:
        raise RuntimeError(f"the migration history has {len(heads)} heads: {sorted(heads)}")
    return heads.pop(), frozenset(parents)


def head_revision() -> str:
    return _scan(SCRIPT_LOCATION)[0]


def is_known(revision: str) -> bool:
    return revision in _scan(SCRIPT_LOCATION)[1]


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def stamp_head(connection: Connection) -> None:
    from alembic import command

    command.stamp(config(connection), "head")


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(config(connection), revision)
