"""The 100,000-services matching measure of bench_matching.py, returned as figures for the report."""
from __future__ import annotations

import gc
import time
from dataclasses import dataclass

from bench_matching import (
    Matcher, generate_catalogue, idf_communes, percentile, random_situations,
)

WARM_UP = 200


@dataclass(frozen=True)
class MatchingFigures:
    services: int
    communes: int
    communes_source: str
    runs: int
    index_build_s: float
    p50_ms: float
    p95_ms: float
    max_ms: float


def measure(n_services: int = 100_000, runs: int = 2_000) -> MatchingFigures:
    """Same catalogue, situations and timing loop as `bench_matching.py` (seeded, reproducible)."""
    communes, ref, source = idf_communes()
    catalogue = generate_catalogue(communes, n_services=n_services, seed=0)
    started = time.perf_counter()
    matcher = Matcher(catalogue, ref)
    built = time.perf_counter() - started

    situations = random_situations(communes, runs)
    for sit in situations[:WARM_UP]:
        matcher.match(sit)
    gc.collect()
    timings = []
    for sit in situations:
        started = time.perf_counter()
        matcher.match(sit)
        timings.append((time.perf_counter() - started) * 1000)
    return MatchingFigures(
        services=len(catalogue.services), communes=len(communes), communes_source=source,
        runs=len(timings), index_build_s=built, p50_ms=percentile(timings, 0.5),
        p95_ms=percentile(timings, 0.95), max_ms=max(timings))
