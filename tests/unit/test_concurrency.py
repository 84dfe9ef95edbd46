"""Writers wait their turn and crashes lose nothing acknowledged: real processes.

No timing asserts: these tests count operations, they do not time them.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt
from casefile.services.importing import prepare_import
from casefile.services.source_ops import ImportSource

TEXT = "A witness said the officers came at night and took him away. " * 200

WRITER = """
import sys, time
from pathlib import Path
from casefile.domain.errors import CasefileError
from casefile.services import Case
from casefile.services.excerpt_ops import CreateExcerpt, SetExcerptNote, TagExcerpt
from casefile.services.operation import Batch

path, name, start_at = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
while time.time() < start_at:  # both writers start together
    time.sleep(0.005)
failures = 0
with Case.open(path) as case:
    for i in range(200):
        try:
            if i % 10 == 9:  # a longer transaction now and then
                pair = [CreateExcerpt(1, i, i + 5, note=f"{name}-{i}-a"),
                        CreateExcerpt(1, i + 1, i + 6, note=f"{name}-{i}-b")]
                case.run(Batch("Highlights", pair))
            else:
                eid = case.run(CreateExcerpt(1, i, i + 5, note=f"{name}-{i}")).result
                case.run(TagExcerpt(eid, 1))
        except CasefileError as error:
            failures += 1
            print(f"FAILED {i}: {error}", file=sys.stderr)
print(failures)
"""


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    document = tmp_path / "a.txt"
    document.write_text(TEXT, encoding="utf-8")
    with Case.create(tmp_path / "shared.casefile") as case:
        assert case.run(ImportSource(prepare_import(document))).result == 1
    return case.path


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def test_two_writer_processes_of_200_operations_each_all_succeed(shared: Path) -> None:
    start_at = time.time() + 3
    env = {**os.environ, "CASEFILE_BACKUPS": "0"}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(shared), name, str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("left", "right")
    ]
    results = [writer.communicate(timeout=300) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.strip() == "0", err  # zero failures
        assert "Traceback" not in err
    with Case.open(shared) as case:
        notes = [e.note for e in case.excerpts()]
        assert len(notes) == 2 * (180 + 40)
        for name in ("left", "right"):
            assert sum(n.startswith(f"{name}-") for n in notes) == 220
        assert len(case.journal()) == 1 + 2 * (180 * 2 + 20)
    assert _integrity(shared) == "ok"


def _child_writes(path: Path, pipe: int, run: int) -> None:
    os.environ["CASEFILE_BACKUPS"] = "0"
    case = Case.open(path)
    for i in range(10_000):
        eid = case.run(CreateExcerpt(1, i % 1000, i % 1000 + 7, note=f"{run}-{i}")).result
        os.write(pipe, f"{eid} {run}-{i}\n".encode())  # acknowledged: committed


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_sigkill_at_random_moments_loses_no_acknowledged_write(shared: Path) -> None:
    rng = random.Random(20261125)
    acknowledged: dict[int, str] = {}
    kills = 0
    for run in range(100):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write until killed, never return into pytest
            os.close(read_end)
            try:
                _child_writes(shared, write_end, run)
            finally:
                os._exit(0)
        os.close(write_end)
        # kill while opening, between commits or in the middle of one
        time.sleep(rng.choice([0.0, 0.02, 0.05, 0.1, 0.2]) + rng.random() * 0.05)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        kills += 1
        with os.fdopen(read_end, "rb") as reader:
            for line in reader.read().decode().splitlines():
                if line.count(" ") == 1:  # a torn last line was never acknowledged
                    eid, note = line.split(" ")
                    acknowledged[int(eid)] = note
    assert kills == 100
    assert len(acknowledged) > 100  # the children did get work done between kills
    assert _integrity(shared) == "ok"
    with Case.open(shared) as case:
        stored = {e.id: e.note for e in case.excerpts()}
    missing = {eid: note for eid, note in acknowledged.items() if stored.get(eid) != note}
    assert missing == {}
