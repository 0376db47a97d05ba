"""Shared by the benchmark scripts."""

from __future__ import annotations

import statistics


def p50_p95_ms(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank) in milliseconds."""
    if not seconds:
        return 0.0, 0.0
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return 1000 * statistics.median(ordered), 1000 * p95
