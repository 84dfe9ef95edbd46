"""Benchmarks report a ratio against a baseline measured in the same run, on the same data."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def best_of(function: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def report(name: str, ours: float, baseline: float, target: float) -> float:
    ratio = ours / baseline
    verdict = "meets" if ratio <= target else "MISSES"
    print(f"\n[benchmark] {name}: {ours * 1000:.1f} ms vs baseline {baseline * 1000:.1f} ms "
          f"= {ratio:.2f}x ({verdict} the {target}x target)")  # fmt: skip
    return ratio


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "benchmarks" in str(item.fspath):
            item.add_marker(pytest.mark.benchmark)
