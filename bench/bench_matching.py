"""Benchmark of `Matcher.match()` on 100,000 generated services across Île-de-France.

Run: .venv/bin/python bench/bench_matching.py [--services N] [--runs N]
Target: p95 under 20 ms per match. Uses the real commune reference when it is available,
otherwise about 1,270 made-up communes laid out like Île-de-France's.
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalogue.matching import Matcher
from bot.catalogue import situation_vocabulary
from tests.support.catalogue_factory import (
    IDF_DEPARTEMENTS, StubCommunes, generate_catalogue, generate_idf_communes, situation,
)

BESOINS = [*situation_vocabulary.BESOINS, None]
# Six obstacles, as in every earlier run of this bench (its figures stay comparable).
FREINS = ["garde_enfants", "mobilite", "francais", "numerique", "logement", "sante"]


def idf_communes():
    """Île-de-France communes and a reference that knows them (the real one when it exists)."""
    try:
        from bot.catalogue.communes import CommuneRef

        ref = CommuneRef.load_default()
    except (ImportError, AttributeError, OSError):
        communes = generate_idf_communes()
        return communes, StubCommunes(communes), "made-up communes (stub)"
    codes = [f"{dep}{n:03d}" for dep in IDF_DEPARTEMENTS for n in range(1, 1000)]
    communes = [c for c in (ref.get(code) for code in codes) if c is not None]
    return communes, ref, "CommuneRef.load_default()"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def random_situations(communes, runs: int, seed: int = 1) -> list:
    """Residents spread over the communes, with every kind of answer (seeded, reproducible)."""
    rng = random.Random(seed)
    situations = []
    for _ in range(runs):
        commune = rng.choice(communes)
        situations.append(situation(
            code_insee=commune.code_insee, commune=commune.nom, age=rng.randint(16, 66),
            besoin=rng.choice(BESOINS), freins=rng.sample(FREINS, rng.randint(0, 2)),
            inscrit_france_travail=rng.choice([True, False, None]),
            beneficiaire_rsa=rng.choice([True, False, None]), rqth=rng.choice([True, False, None]),
            quartier=rng.choice([None, None, "Quartier 1"]),
        ))
    return situations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2_000)
    args = parser.parse_args()

    communes, ref, source = idf_communes()
    started = time.perf_counter()
    catalogue = generate_catalogue(communes, n_services=args.services, seed=0)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    matcher = Matcher(catalogue, ref)
    built = time.perf_counter() - started

    situations = random_situations(communes, args.runs)
    for sit in situations[:200]:  # warm-up: commune zone cache, allocator
        matcher.match(sit)
    gc.collect()
    timings, fallback_timings = [], []
    for sit in situations:
        started = time.perf_counter()
        result = matcher.match(sit)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        if result.repli:
            fallback_timings.append(elapsed)

    print(f"communes: {len(communes)} ({source})")
    print(f"services: {len(catalogue.services)} (generated in {generated:.1f} s, indexed in {built:.1f} s)")
    print(f"match() over {len(timings)} situations: p50 {percentile(timings, 0.5):.2f} ms, "
          f"p95 {percentile(timings, 0.95):.2f} ms, max {max(timings):.2f} ms, "
          f"mean {statistics.fmean(timings):.2f} ms")
    if fallback_timings:
        print(f"  of which generalist fallback: {len(fallback_timings)}, "
              f"p50 {percentile(fallback_timings, 0.5):.2f} ms, p95 {percentile(fallback_timings, 0.95):.2f} ms")


if __name__ == "__main__":
    main()
