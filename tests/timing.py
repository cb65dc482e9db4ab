"""Linear time shown by a ratio, never by a wall-clock budget: the time at 4n over the time at n.

A linear function gives ~4, a quadratic one ~16.  CPU time of this process (other jobs on the
machine barely move it), the minimum of a few repeats, and a retry: a busy machine slows both
sizes alike, so the ratio holds where an absolute budget would fail.
"""
from __future__ import annotations

import time
from typing import Callable

RATIO = 8.0       # well under 16 (quadratic), well over 4 (linear) plus noise
REPEATS = 3


def best_time(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float('inf')
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def ratio(run: Callable[[int], object], n: int, repeats: int = REPEATS) -> tuple[float, float]:
    """(time at n, time at 4n), each the minimum of `repeats` runs."""
    small = best_time(lambda: run(n), repeats)
    large = best_time(lambda: run(4 * n), repeats)
    return small, large


def assert_linear(run: Callable[[int], object], n: int, what: str, limit: float = RATIO) -> None:
    """time(4n) / time(n) < limit.  Tiny timings are dominated by noise: under a millisecond
    at 4n counts as linear."""
    small, large = ratio(run, n, repeats=1)
    if large < 1e-3 or large / max(small, 1e-4) < limit:
        return
    small, large = ratio(run, n)  # confirm a failure with the minimum of a few runs
    assert large < 1e-3 or large / max(small, 1e-4) < limit, (
        f'{what}: {large:.3f}s at 4n={4 * n} vs {small:.3f}s at n={n} '
        f'(ratio {large / max(small, 1e-4):.1f}, linear ~4, limit {limit})'
    )
