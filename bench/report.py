"""docs/benchmarks.md: machine, method, one table per bot, targets checked from the figures."""
from __future__ import annotations

import math
import os
import platform
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from load import Stats, percentile
from matching_figures import MatchingFigures

GENERATED_MARKER = ("<!-- Tout ce qui suit est produit par `make bench` (bench/run_bench.py) : "
                    "ne pas le modifier à la main. -->")
DEFAULT_INTRO = """# Performances d'Aiguillage

Ce document compare Aiguillage à un robot Rasa « de base » (celui que crée `rasa init`),
sur la même machine et avec le même Rasa. Il montre ce qu'un serveur supporte :
temps de réponse, nombre de messages traités par seconde, mémoire, et la vitesse de la
recherche des adresses dans un très grand catalogue.

Les chiffres ci-dessous sont refaits à chaque `make bench` ; ils dépendent de la machine
et de sa charge au moment de la mesure.
"""
COMPARED_LEVEL = 10
DISTURBED_CORES = 0.10  # other processes busier than this during a level: the figures are pessimistic
MATCHING_TARGET_MS = 20.0
REPRODUCE = "make bench"


@dataclass
class LevelResult:
    concurrency: int
    stats: Stats
    memory_mb: Dict[str, float]  # per role and "total", after the level
    cpu_s: Dict[str, float]  # server CPU time consumed during the level, per role and "total"
    client_cores: float = float("nan")  # cores used by the load generator during the level
    other_cores: float = float("nan")  # cores used by every other process of the machine
    round: int = 1  # the compared level is measured twice (order A-B-B-A)

    @property
    def p50(self) -> float:
        return percentile(self.stats.latencies_ms, 0.5)

    @property
    def p95(self) -> float:
        return percentile(self.stats.latencies_ms, 0.95)

    @property
    def max(self) -> float:
        return max(self.stats.latencies_ms, default=float("nan"))

    @property
    def throughput(self) -> float:
        """Successful turns per second over the level (failed turns do not count)."""
        ok = len(self.stats.latencies_ms)
        return ok / self.stats.elapsed_s if self.stats.elapsed_s else float("nan")

    def cpu_ms_per_turn(self, role: str) -> float:
        turns, cpu = self.stats.turns, self.cpu_s.get(role, float("nan"))
        if not turns or cpu < 0:  # negative: the process stopped during the level
            return float("nan")
        return cpu * 1000 / turns


@dataclass
class BotResult:
    name: str
    journey: str
    roles: Dict[str, str]  # role -> column label, e.g. {"rasa": "Rasa", "actions": "actions"}
    levels: List[LevelResult] = field(default_factory=list)
    idle_memory_mb: Dict[str, float] = field(default_factory=dict)
    startup_s: float = float("nan")
    crash: Optional[str] = None  # a server process stopped during the measure
    replicas: int = 1  # Rasa servers (each with its action server) behind nginx, production layout

    def rounds(self, concurrency: int) -> List[LevelResult]:
        return [lv for lv in self.levels if lv.concurrency == concurrency]

    def level(self, concurrency: int) -> Optional[LevelResult]:
        """Every measure of this level taken together (the compared level is measured twice)."""
        rounds = self.rounds(concurrency)
        return pooled(rounds) if len(rounds) > 1 else (rounds[0] if rounds else None)


def pooled(rounds: Sequence[LevelResult]) -> LevelResult:
    """Several measures of one level as one: all turns, all errors, total duration."""
    stats = Stats(
        latencies_ms=[x for lv in rounds for x in lv.stats.latencies_ms],
        started=sum(lv.stats.started for lv in rounds),
        completed=sum(lv.stats.completed for lv in rounds),
        interrupted=sum(lv.stats.interrupted for lv in rounds),
        elapsed_s=sum(lv.stats.elapsed_s for lv in rounds),
        surprises=[x for lv in rounds for x in lv.stats.surprises],
    )
    for lv in rounds:
        for kind, count in lv.stats.errors.items():
            stats.errors[kind] = stats.errors.get(kind, 0) + count
    cpu: Dict[str, float] = {}
    for lv in rounds:
        for role, seconds in lv.cpu_s.items():
            cpu[role] = cpu.get(role, 0.0) + seconds

    def weighted(name: str) -> float:
        return sum(getattr(lv, name) * lv.stats.elapsed_s for lv in rounds) / (stats.elapsed_s or 1)

    return LevelResult(rounds[0].concurrency, stats, rounds[-1].memory_mb, cpu,
                       client_cores=weighted("client_cores"), other_cores=weighted("other_cores"),
                       round=0)


# --- machine ------------------------------------------------------------------------------------

def _value(path: str, key: str, separator: str) -> Optional[str]:
    """The value of the first `key<separator>value` line of a small system file."""
    try:
        with open(path) as f:
            for line in f:
                name, sep, value = line.partition(separator)
                if sep and name.strip() == key:
                    return value.strip().strip('"')
    except OSError:
        pass
    return None


def machine() -> List[Tuple[str, str]]:
    mem_kb = _value("/proc/meminfo", "MemTotal", ":")
    os_name = _value("/etc/os-release", "PRETTY_NAME", "=") or platform.system()

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "absent"

    return [
        ("Processeur", _value("/proc/cpuinfo", "model name", ":") or platform.processor()),
        ("Cœurs", str(os.cpu_count())),
        ("Mémoire vive", f"{int(mem_kb.split()[0]) / 1024 ** 2:.1f} Gio" if mem_kb else "inconnue"),
        ("Système", f"{os_name}, noyau Linux {platform.release()}"),
        ("Python", platform.python_version()),
        ("Rasa", f"{version('rasa')} (rasa_sdk {version('rasa-sdk')})"),
        ("Charge moyenne avant la mesure", " / ".join(f"{x:.2f}" for x in os.getloadavg())
         + " (1, 5, 15 min)"),
    ]


# --- targets ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    label: str
    measured: str
    met: Optional[bool]  # None: not measured in this run

    @property
    def mark(self) -> str:
        return {True: "✅", False: "❌", None: "❔ non mesuré"}[self.met]


def targets(aiguillage: Optional[BotResult], stock: Optional[BotResult],
            matching: Optional[MatchingFigures], replicated: Sequence[BotResult] = ()) -> List[Target]:
    ours = aiguillage.level(COMPARED_LEVEL) if aiguillage else None
    base = stock.level(COMPARED_LEVEL) if stock else None
    both = ours is not None and base is not None
    result = [
        Target(f"p95 d'Aiguillage à {COMPARED_LEVEL} conversations simultanées pas plus élevé "
               "que celui du robot de base",
               f"{ours.p95:.0f} ms contre {base.p95:.0f} ms" if both else "—",
               ours.p95 <= base.p95 if both else None),
        Target(f"Débit d'Aiguillage à {COMPARED_LEVEL} conversations simultanées au moins égal "
               "à celui du robot de base",
               f"{ours.throughput:.1f} contre {base.throughput:.1f} tours/s" if both else "—",
               ours.throughput >= base.throughput if both else None),
        Target(f"Mise en relation d'une situation avec {_count(matching.services if matching else 100_000)} "
               f"services en moins de {MATCHING_TARGET_MS:.0f} ms (p95)",
               f"p95 {matching.p95_ms:.2f} ms" if matching else "—",
               matching.p95_ms < MATCHING_TARGET_MS if matching else None),
    ]
    bots = [b for b in (aiguillage, stock, *replicated) if b is not None]
    if bots:
        errors = sum(lv.stats.error_count for b in bots for lv in b.levels)
        failed = sum(lv.stats.failed for b in bots for lv in b.levels)
        crashes = [b.name for b in bots if b.crash]
        measured = f"{errors} erreur(s), {failed} parcours en échec"
        if crashes:
            measured += f", serveur arrêté : {', '.join(crashes)}"
        result.append(Target("Aucune erreur, aucun parcours en échec, aucun serveur arrêté",
                             measured, errors == 0 and failed == 0 and not crashes))
    return result


def _spread(bot: BotResult) -> Optional[float]:
    """Relative gap between the two measures of the compared level for one bot."""
    rounds = bot.rounds(COMPARED_LEVEL)
    if len(rounds) < 2:
        return None
    a, b = rounds[0].throughput, rounds[1].throughput
    return abs(a - b) / ((a + b) / 2) if a + b else None


def _margin_note(aiguillage: Optional[BotResult], stock: Optional[BotResult]) -> List[str]:
    ours = aiguillage.level(COMPARED_LEVEL) if aiguillage else None
    base = stock.level(COMPARED_LEVEL) if stock else None
    if ours is None or base is None or not base.throughput:
        return []
    gap = ours.throughput / base.throughput - 1
    note = (f"Écart de débit à {COMPARED_LEVEL} conversations simultanées, les deux mesures de "
            f"chaque robot réunies : {gap * 100:+.0f} %.")
    spreads = {bot.name: _spread(bot) for bot in (aiguillage, stock)}
    if all(v is not None for v in spreads.values()):
        widest = max(spreads.values())
        detail = ", ".join(f"{name} {value * 100:.0f} %" for name, value in spreads.items())
        verdict = ("n'est pas plus grand que cette variation : il n'est pas significatif"
                   if abs(gap) <= widest else "est plus grand que cette variation")
        note += (f" Entre ses deux mesures, le débit d'un même robot a varié de : {detail} ; "
                 f"l'écart entre les deux robots ({abs(gap) * 100:.0f} %) {verdict}.")
    note += (" Temps CPU du serveur Rasa par message à ce niveau : Aiguillage "
             f"{_ms(ours.cpu_ms_per_turn('rasa'))} ms, robot de base "
             f"{_ms(base.cpu_ms_per_turn('rasa'))} ms (un seul cœur traite les messages : "
             "c'est lui qui fixe le débit).")
    return [note, ""]


# --- production layout: replicas ---------------------------------------------------------------

def scaling_section(replicated: Sequence[BotResult], max_seconds: float) -> List[str]:
    """Throughput, p95 and memory per replica when going from 1 to 2 replicas behind nginx."""
    lines = ["### Production : plusieurs exemplaires derrière nginx", "",
             "Aiguillage lancé par `make prod-up` (PostgreSQL, Redis, nginx), avec 1 puis 2 "
             "exemplaires du serveur Rasa et du serveur d'actions. Sur une machine à 2 cœurs, le "
             "second exemplaire partage les mêmes cœurs que le premier, que la base et nginx : le "
             "gain de débit mesure ce qu'apporte le second cœur, pas ce que donnerait une seconde "
             "machine.", ""]
    first, last = replicated[0], replicated[-1]
    counts = [first.replicas, last.replicas]
    levels = sorted({lv.concurrency for lv in last.levels})
    names = [f"{n} exemplaire{'s' if n > 1 else ''}" for n in counts]
    headers = ["Conversations simultanées", f"Débit, {names[0]} (tours/s)",
               f"Débit, {names[1]} (tours/s)", "Rapport", f"p95, {names[0]} (ms)",
               f"p95, {names[1]} (ms)", f"Mémoire par serveur Rasa, {names[1]} (Mo)",
               "Mémoire par serveur d'actions (Mo)", "Mémoire PostgreSQL + Redis + nginx (Mo)"]
    lines += ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for concurrency in levels:
        one, two = first.level(concurrency), last.level(concurrency)
        if one is None or two is None:
            continue
        ratio = two.throughput / one.throughput if one.throughput else float("nan")
        lines.append("| " + " | ".join([
            str(concurrency), f"{one.throughput:.1f}", f"{two.throughput:.1f}", f"× {ratio:.2f}",
            _ms(one.p95), _ms(two.p95), f"{two.memory_mb.get('rasa', 0) / counts[1]:.0f}",
            f"{two.memory_mb.get('actions', 0) / counts[1]:.0f}", f"{two.memory_mb.get('stores', 0):.0f}",
        ]) + " |")
    lines.append("")
    for bot in replicated:
        lines += _bot_section(bot, max_seconds)
    return lines


# --- rendering ----------------------------------------------------------------------------------

def _count(value: int) -> str:
    """French thousands separator: 100 000."""
    return f"{value:,}".replace(",", "\u202f")


def _ms(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.0f}"


def _errors(stats: Stats) -> str:
    if not stats.errors:
        return "0"
    detail = ", ".join(f"{kind} : {count}" for kind, count in sorted(stats.errors.items()))
    return f"**{stats.error_count}** ({detail})"


def bot_table(bot: BotResult) -> List[str]:
    memory_headers = [f"Mémoire {label} (Mo)" for label in bot.roles.values()]
    if len(bot.roles) > 1:
        memory_headers.append("Mémoire totale (Mo)")
    cpu_headers = [f"CPU {label} par tour (ms)" for label in bot.roles.values()]
    headers = (["Conversations simultanées", "Parcours terminés / lancés", "Tours", "p50 (ms)",
                "p95 (ms)", "max (ms)", "Tours/s", "Erreurs"] + memory_headers + cpu_headers
               + ["CPU hors serveur (cœurs) : client / autres"])
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    rows = []
    for lv in bot.levels:
        rows.append(lv)
        rounds = bot.rounds(lv.concurrency)
        if len(rounds) > 1 and lv is rounds[-1]:
            rows.append(pooled(rounds))
    for lv in rows:
        memory = [f"{lv.memory_mb.get(role, 0):.0f}" for role in bot.roles]
        if len(bot.roles) > 1:
            memory.append(f"{lv.memory_mb.get('total', 0):.0f}")
        cpu = [_ms(lv.cpu_ms_per_turn(role)) for role in bot.roles]
        s = lv.stats
        label = {0: f"**{lv.concurrency} (2 mesures réunies)**", 1: str(lv.concurrency)}.get(
            lv.round, f"{lv.concurrency} ({lv.round}ᵉ mesure)")
        cells = ([label, f"{s.completed} / {s.started}", str(s.turns), _ms(lv.p50),
                  _ms(lv.p95), _ms(lv.max), f"{lv.throughput:.1f}", _errors(s)] + memory + cpu
                 + [f"{lv.client_cores:.2f} / {lv.other_cores:.2f}"])
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _bot_section(bot: BotResult, max_seconds: float) -> List[str]:
    idle = ", ".join(f"{label} {bot.idle_memory_mb.get(role, 0):.0f} Mo"
                     for role, label in bot.roles.items())
    lines = [f"### {bot.name}", "", f"Parcours : {bot.journey}", ""] + bot_table(bot) + [
        "",
        f"Démarrage (jusqu'à ce que le serveur réponde) : {bot.startup_s:.0f} s. "
        f"Mémoire après l'échauffement : {idle}.",
    ]
    busiest = max((lv.other_cores for lv in bot.levels if not math.isnan(lv.other_cores)),
                  default=0.0)
    if busiest >= DISTURBED_CORES:
        lines += ["", f"⚠️ D'autres processus ont occupé jusqu'à {busiest:.2f} cœur pendant ces "
                      "mesures : chiffres moins fiables, à refaire sur une machine au repos."]
    if bot.crash:
        lines += ["", f"**Arrêt pendant la mesure : {bot.crash}**"]
    cut = sum(lv.stats.interrupted for lv in bot.levels)
    if cut:
        lines += ["", f"{cut} parcours arrêtés en cours de route par la limite de "
                      f"{max_seconds:.0f} s d'un niveau (ni terminés, ni en échec)."]
    surprises = [text for lv in bot.levels for text in lv.stats.surprises]
    if surprises:
        lines += ["", "Réponses inattendues qui ont arrêté des parcours :", ""]
        lines += [f"- « {text} »" for text in surprises[:5]]
    return lines + [""]


def method(levels: Sequence[int], conversations: Dict[int, int], max_seconds: float,
           warmup: str, repeated: bool, replica_levels: Sequence[int] = ()) -> List[str]:
    plan = ", ".join(f"{c} à la fois ({conversations[c]} conversations au plus)" for c in levels)
    order = (f" Ordre : Aiguillage, robot de base, puis Aiguillage relancé ; le niveau à "
             f"{COMPARED_LEVEL} est mesuré deux fois par robot (A-B-B-A), pour qu'une variation de "
             "vitesse de la machine pèse autant sur les deux." if repeated else "")
    return [
        "1. Chaque robot est lancé seul (l'un après l'autre, jamais en même temps), "
        f"échauffé ({warmup}), "
        "mesuré, puis arrêté. Aiguillage est lancé comme en production par `scripts/run.sh` "
        "(catalogue `services_catalogue`, historique SQLite dans un dossier temporaire) ; "
        "le robot de base par `rasa run --enable-api` (historique en mémoire, son réglage par défaut)."
        + order,
        f"2. Niveaux de charge, en conversations simultanées : {plan} ; "
        f"chaque niveau s'arrête aussi au bout de {max_seconds:.0f} s. "
        "Chaque conversation est un parcours écrit à l'avance, avec son propre identifiant, "
        "envoyé message par message au canal REST (`POST /webhooks/rest/webhook`).",
        "3. Latence d'un tour : du début de l'envoi à la réception de toute la réponse, mesurée par le "
        "client (asyncio + aiohttp, sur la même machine). Débit : tours réussis divisés par la durée "
        "du niveau.",
        "4. Erreur : réponse HTTP autre que 200, réponse vide, délai de 30 s dépassé ou connexion "
        "refusée. Les erreurs sont comptées, jamais relancées ni cachées.",
        "5. Mémoire : somme des VmRSS (`/proc/<pid>/status`) de l'arbre de processus du serveur, "
        "après chaque niveau. CPU par tour : temps CPU consommé par le serveur pendant le niveau, "
        "divisé par le nombre de tours. CPU hors serveur : cœurs occupés pendant le niveau par le "
        "client de charge et par les autres processus de la machine (au-delà de 0,1, la mesure "
        "a été perturbée).",
    ] + ([
        "6. Production (`make prod-up`, deploy/local/) : historique PostgreSQL, verrous Redis, nginx "
        "devant ; mesuré avec 1 puis 2 exemplaires (serveur Rasa + serveur d'actions chacun), "
        "à " + ", ".join(str(c) for c in replica_levels) + " conversations simultanées, "
        "même parcours, même échauffement, par le port de nginx.",
    ] if replica_levels else [])


def render(aiguillage: Optional[BotResult], stock: Optional[BotResult],
           matching: Optional[MatchingFigures], machine_rows: List[Tuple[str, str]],
           method_lines: List[str], max_seconds: float, command: str = REPRODUCE,
           replicated: Sequence[BotResult] = ()) -> str:
    now = datetime.now(timezone.utc).astimezone()
    lines = [f"## Mesures du {now:%d/%m/%Y à %H:%M} ({now:%Z})", "", "### Machine", "",
             "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in machine_rows]
    lines += ["", "### Méthode", ""] + method_lines + ["", "### Objectifs", "",
                                                        "| Objectif | Mesure | Atteint |",
                                                        "|---|---|---|"]
    lines += [f"| {t.label} | {t.measured} | {t.mark} |"
              for t in targets(aiguillage, stock, matching, replicated)]
    lines += ["", *_margin_note(aiguillage, stock)]
    for bot in (aiguillage, stock):
        if bot is not None:
            lines += _bot_section(bot, max_seconds)
    if replicated:
        lines += scaling_section(replicated, max_seconds)
    if matching is not None:
        lines += [
            "### Mise en relation sur un très grand catalogue", "",
            f"`bench/bench_matching.py` : {_count(matching.services)} services générés sur "
            f"{_count(matching.communes)} communes d'Île-de-France ({matching.communes_source}), "
            f"{_count(matching.runs)} situations différentes, un appel à `Matcher.match()` chacune.",
            "",
            "| Construction de l'index (s) | p50 (ms) | p95 (ms) | max (ms) | Objectif p95 |",
            "|---|---|---|---|---|",
            f"| {matching.index_build_s:.1f} | {matching.p50_ms:.2f} | {matching.p95_ms:.2f} | "
            f"{matching.max_ms:.2f} | < {MATCHING_TARGET_MS:.0f} ms |",
            "",
        ]
    lines += ["### Refaire la mesure", "", "```", command, "```", ""]
    return "\n".join(lines)


def write(path: Path, generated: str) -> None:
    """Keep the hand-written text above the marker, replace everything below it."""
    intro = DEFAULT_INTRO
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if GENERATED_MARKER in text:
            intro = text.split(GENERATED_MARKER, 1)[0].rstrip("\n") + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{intro}\n{GENERATED_MARKER}\n\n{generated}", encoding="utf-8")


def summary(aiguillage: Optional[BotResult], stock: Optional[BotResult],
            matching: Optional[MatchingFigures], replicated: Sequence[BotResult] = ()) -> str:
    lines = []
    for bot in (aiguillage, stock, *replicated):
        if bot is None:
            continue
        for lv in bot.levels:
            memory = lv.memory_mb.get("total", 0)
            tag = f" ({lv.round})" if len(bot.rounds(lv.concurrency)) > 1 else ""
            lines.append(f"{bot.name:<31} {lv.concurrency:>3} conv.{tag} : p50 {_ms(lv.p50):>5} ms, "
                         f"p95 {_ms(lv.p95):>5} ms, max {_ms(lv.max):>5} ms, "
                         f"{lv.throughput:5.1f} tours/s, {lv.stats.error_count} erreur(s), "
                         f"{lv.stats.completed}/{lv.stats.started} parcours terminés, {memory:.0f} Mo, "
                         f"autres processus {lv.other_cores:.2f} cœur")
    if matching is not None:
        lines.append(f"Mise en relation ({matching.services} services) : p50 {matching.p50_ms:.2f} ms, "
                     f"p95 {matching.p95_ms:.2f} ms, index {matching.index_build_s:.1f} s")
    lines += [f"{t.mark} {t.label} : {t.measured}" for t in targets(aiguillage, stock, matching, replicated)]
    return "\n".join(lines)
