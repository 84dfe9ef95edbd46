"""`casefile --version` and `--help` against a bare `python -c pass`, measured in the same run.

Target: at most 0.3 s more than starting Python itself (it was 2.15 s before the
command modules imported their dependencies lazily). The ratio is printed too.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.benchmarks.conftest import best_of

TARGET_OVERHEAD = 0.3  # seconds over a bare interpreter


def _run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, capture_output=True)


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_start_quickly(flag: str) -> None:
    bare = best_of(lambda: _run("-c", "pass"), repeat=5)
    ours = best_of(lambda: _run("-m", "casefile", flag), repeat=5)
    verdict = "meets" if ours - bare <= TARGET_OVERHEAD else "MISSES"
    print(f"\n[benchmark] casefile {flag}: {ours * 1000:.0f} ms vs bare Python "
          f"{bare * 1000:.0f} ms = {ours / bare:.1f}x, {(ours - bare) * 1000:.0f} ms over it "
          f"({verdict} the {TARGET_OVERHEAD * 1000:.0f} ms target)")  # fmt: skip
    assert ours - bare <= TARGET_OVERHEAD
