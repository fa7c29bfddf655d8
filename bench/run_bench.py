"""`make bench`: load-test Aiguillage and a stock `rasa init` bot, time the matching, write the report.

The report is docs/benchmarks.md.

Each bot runs alone (never both at once on a 2-core machine): start, warm up, 1 / 10 / 50
simultaneous conversations, stop; then the stock bot measures 10 again and Aiguillage, restarted,
too (order A-B-B-A for the compared level). Every server started here is stopped, whatever happens.
Then Aiguillage in its production layout (deploy/local/prod-up.sh: PostgreSQL, Redis, nginx) with
1 and 2 replicas, for the throughput gained by the second one.
Run: .venv/bin/python bench/run_bench.py [--levels 1,10,50] [--max-seconds 60]
     [--bots aiguillage,stock,replicas] [--replica-levels 10,50]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from load import Journey, Stats, aiguillage_journey, run_level, stock_journey
from report import (
    COMPARED_LEVEL, BotResult, LevelResult, machine, method, render, summary, write,
)
from servers import (
    ROOT, RunningServer, ensure_stock_bot, machine_cpu_seconds, start_aiguillage, start_replicated,
    start_stock,
)

AIGUILLAGE_MODEL = ROOT / "models" / "aiguillage.tar.gz"
SCRATCH = ROOT / "build" / "bench_run"  # server logs and tracker database of the last run
DEFAULT_CONVERSATIONS = {1: 10, 10: 60, 50: 100}
WARM_UP = [(1, 3), (5, 10)]  # (simultaneous, conversations)
WARM_UP_TEXT = "3 conversations l'une après l'autre, puis 10 conversations à 5 simultanées"
AIGUILLAGE_JOURNEY_TEXT = (
    "« bonjour » → « j'ai 24 ans » → « j'habite à Montreuil » → « je cherche du travail » → "
    "« pas de permis » → « Non » à chaque question oui/non restante (premier bouton si on demande "
    "le quartier) → adresses → « d'autres adresses »."
)
STOCK_JOURNEY_TEXT = ("« hi » → « I am sad » → « yes » → « are you a bot? » → « great » "
                      "→ « bye ».")


def log(message: str) -> None:
    print(message, flush=True)


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(f"arrêt demandé (signal {signum})")


def _level(server: RunningServer, journey: Journey, concurrency: int, conversations: int,
           max_seconds: float, label: str) -> LevelResult:
    cpu_before, machine_before, client_before = server.cpu_seconds(), machine_cpu_seconds(), _own_cpu()
    stats = asyncio.run(run_level(server.url, journey, concurrency, conversations, max_seconds, label))
    cpu_after, machine_after, client_after = server.cpu_seconds(), machine_cpu_seconds(), _own_cpu()
    cpu = {role: cpu_after.get(role, 0) - cpu_before.get(role, 0) for role in cpu_after}
    client = client_after - client_before
    others = (machine_after - machine_before) - client - cpu.get("total", 0)
    return LevelResult(concurrency, stats, server.memory(), cpu,
                       client_cores=client / stats.elapsed_s, other_cores=max(0.0, others) / stats.elapsed_s)


def _own_cpu() -> float:
    """CPU time of this process (the load generator)."""
    times = os.times()
    return times.user + times.system


class ServerStopped(Exception):
    """A process of the bot under test is gone: later levels would only measure a dead server."""


def _check_alive(server: RunningServer, labels: Dict[str, str], when: str) -> None:
    missing = [labels.get(role, role) for role in server.missing_roles()]
    if missing or not server.running():
        raise ServerStopped(f"{', '.join(missing) or 'script de lancement'} arrêté {when}")


def _warm_up_report(name: str, stats: List[Stats]) -> None:
    errors = sum(s.error_count for s in stats)
    failed = sum(s.failed for s in stats)
    log(f"  échauffement : {sum(s.turns for s in stats)} tours, {errors} erreur(s), "
        f"{failed} parcours en échec")
    for s in stats:
        for text in s.surprises:
            log(f"  réponse inattendue : {text}")


def measure_bot(result: BotResult, start: Callable[[], RunningServer], journey: Journey,
                plan: List[Tuple[int, int]], conversations: Dict[int, int],
                max_seconds: float) -> BotResult:
    """Start the bot, warm it up, run each (concurrency, round) of the plan, stop it."""
    first_session = not result.levels and result.crash is None
    log(f"\n== {result.name} : démarrage…")
    started = time.monotonic()
    server = start()
    try:
        startup_s = time.monotonic() - started
        if first_session:
            result.startup_s = startup_s
        log(f"  prêt en {startup_s:.0f} s sur {server.url} (journal : {server.log_path})")
        warm = [asyncio.run(run_level(server.url, journey, c, n, max_seconds, f"chauffe{c}"))
                for c, n in WARM_UP]
        _warm_up_report(result.name, warm)
        _check_alive(server, result.roles, "pendant l'échauffement")
        if first_session:
            result.idle_memory_mb = server.memory()
        for concurrency, round_number in plan:
            level = _level(server, journey, concurrency, conversations[concurrency], max_seconds,
                           f"{concurrency}-{round_number}")
            level.round = round_number
            result.levels.append(level)
            log(f"  {concurrency:>3} conversations simultanées (mesure {round_number}) : "
                f"{level.stats.turns} tours, p95 {level.p95:.0f} ms, "
                f"{level.throughput:.1f} tours/s, {level.stats.error_count} erreur(s)")
            _check_alive(server, result.roles,
                         f"pendant le niveau à {concurrency} conversations simultanées")
    except ServerStopped as stopped:
        result.crash = f"{stopped} ; les niveaux suivants n'ont pas été mesurés."
        log(f"  ATTENTION : {result.crash} Journal : {server.log_path}")
    finally:
        server.stop()
        log(f"  {result.name} arrêté.")
    return result


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,10,50",
                        help="conversations simultanées de chaque niveau (défaut : 1,10,50)")
    parser.add_argument("--conversations", default="",
                        help="conversations au plus par niveau, dans le même ordre (défaut : 10,60,100)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="durée maximale d'un niveau")
    parser.add_argument("--bots", default="aiguillage,stock,replicas",
                        help="robots mesurés (aiguillage,stock,replicas)")
    parser.add_argument("--replica-levels", default="10,50",
                        help="conversations simultanées mesurées avec 1 puis 2 exemplaires (défaut : 10,50)")
    parser.add_argument("--matching-services", type=int, default=100_000)
    parser.add_argument("--matching-runs", type=int, default=2_000)
    parser.add_argument("--no-matching", action="store_true", help="ne pas mesurer la mise en relation")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    levels = [int(x) for x in args.levels.split(",")]
    if args.conversations:
        conversations = dict(zip(levels, (int(x) for x in args.conversations.split(","))))
    else:
        conversations = {c: DEFAULT_CONVERSATIONS.get(c, 2 * c) for c in levels}
    bots = set(args.bots.split(","))
    if "aiguillage" in bots and not AIGUILLAGE_MODEL.exists():
        log(f"Modèle absent : {AIGUILLAGE_MODEL.relative_to(ROOT)}. Lancez d'abord `make train`.")
        return 2

    machine_rows = machine()  # load average before this script loads the machine
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    stock_model = ensure_stock_bot(log) if "stock" in bots else None

    aiguillage: Optional[BotResult] = None
    stock: Optional[BotResult] = None
    first = [(c, 1) for c in levels]
    # The compared level runs twice per bot, in the order A-B-B-A, so that a slow drift of the
    # machine's speed (frequent on shared virtual machines) weighs the same on both bots.
    repeat = ([(COMPARED_LEVEL, 2)]
              if COMPARED_LEVEL in levels and {"aiguillage", "stock"} <= bots else [])
    if "aiguillage" in bots:
        workdir = SCRATCH / "aiguillage"
        aiguillage = BotResult("Aiguillage", AIGUILLAGE_JOURNEY_TEXT,
                               {"rasa": "serveur Rasa", "actions": "serveur d'actions"})
        workdir.mkdir()
        measure_bot(aiguillage, lambda: start_aiguillage(workdir), aiguillage_journey, first,
                    conversations, args.max_seconds)
    if stock_model is not None:
        workdir = SCRATCH / "stock"
        workdir.mkdir()
        stock = BotResult("Robot Rasa de base (rasa init)", STOCK_JOURNEY_TEXT,
                          {"rasa": "serveur Rasa"})
        measure_bot(stock, lambda: start_stock(workdir, stock_model), stock_journey,
                    first + repeat, conversations, args.max_seconds)
    if aiguillage is not None and repeat and not aiguillage.crash:
        workdir = SCRATCH / "aiguillage_2"
        workdir.mkdir()
        measure_bot(aiguillage, lambda: start_aiguillage(workdir), aiguillage_journey, repeat,
                    conversations, args.max_seconds)

    replicated: List[BotResult] = []
    replica_levels = [int(x) for x in args.replica_levels.split(",")] if "replicas" in bots else []
    for count in (1, 2) if replica_levels else ():
        workdir = SCRATCH / f"replicas_{count}"  # not a 700 temporary folder: postgres works in it
        workdir.mkdir()
        result = BotResult(f"Aiguillage en production, {count} exemplaire{'s' if count > 1 else ''}",
                           AIGUILLAGE_JOURNEY_TEXT,
                           {"rasa": "serveurs Rasa", "actions": "serveurs d'actions",
                            "stores": "PostgreSQL, Redis, nginx"}, replicas=count)
        plan = [(c, 1) for c in replica_levels]
        replicated.append(measure_bot(result, lambda w=workdir, n=count: start_replicated(w, n),
                                      aiguillage_journey, plan,
                                      {c: conversations.get(c, DEFAULT_CONVERSATIONS.get(c, 2 * c))
                                       for c in replica_levels}, args.max_seconds))

    matching = None
    if not args.no_matching:
        from matching_figures import measure

        log(f"\n== Mise en relation : {args.matching_services} services…")
        matching = measure(args.matching_services, args.matching_runs)

    method_lines = method(levels, conversations, args.max_seconds, WARM_UP_TEXT, bool(repeat),
                          replica_levels)
    write(args.output, render(aiguillage, stock, matching, machine_rows, method_lines,
                              args.max_seconds, replicated=replicated))
    log("\n" + summary(aiguillage, stock, matching, replicated))
    log(f"\nRésultats écrits dans {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
