"""Shared fixtures. Qt runs offscreen; real documents come from $CASEFILE_CORPUS."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Automatic backups of the cases tests make go to a temporary folder, never the user's.
os.environ.setdefault("CASEFILE_BACKUP_DIR", tempfile.mkdtemp(prefix="casefile-test-backups-"))

from casefile.services import Case


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    """A new, empty case file in a temporary folder."""
    opened = Case.create(tmp_path / "test.casefile", title="Test case")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The folder of real documents written by others (../shared/corpus in CI)."""
    value = os.environ.get("CASEFILE_CORPUS", "")
    path = Path(value) if value else None
    if path is None or not path.is_dir():
        pytest.skip("CASEFILE_CORPUS is not set to a folder of real documents")
    return path


@pytest.fixture(scope="session")
def schemas_dir() -> Path:
    """The REFI-QDA schema and W3C test suite ($CASEFILE_SCHEMAS, else ../shared/schemas)."""
    value = os.environ.get("CASEFILE_SCHEMAS", "")
    path = Path(value) if value else Path(__file__).resolve().parents[2] / "shared" / "schemas"
    if not (path / "refi-qda").is_dir():
        pytest.skip("the standards' schemas are not available (set CASEFILE_SCHEMAS)")
    return path
