"""`make reliability`: how Aiguillage stands hostile messages, faults and a long steady load.

Writes docs/fiabilite.md. Three parts, each on servers started here and stopped at the end,
whatever happens:

1. The hostile corpus (tests/hostile/corpus.py, checked by tests/hostile/checks.py, the same checks
   as `make test`) against the bot started like `make run` (scripts/run.sh, demonstration
   catalogue) on free ports, 4 conversations at a time.
2. Fault injection on the production layout (deploy/local/prod-up.sh on free ports: PostgreSQL,
   Redis, 2 Rasa replicas, 2 action servers, nginx), while simulated residents talk through
   nginx: kill -9 of an action server, kill -9 of a Rasa replica, PostgreSQL stopped, Redis
   stopped, an invalid file in the served catalogue. Each fault is held, then repaired (the killed
   server started again with the very command line and environment prod-up.sh gave it), and the
   stack is whole again before the next one.
3. A soak: a fresh production stack under a steady load (3 conversations at a time, one message a
   second each) for --soak-minutes, the memory of the Rasa and action servers sampled every 30 s.

Run: .venv/bin/python bench/reliability.py [--soak-minutes 30] [--parts hostile,faults,soak]
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import requests

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from load import AIGUILLAGE_SCRIPT, reply_to_question, results_shown  # noqa: E402
from report import machine  # noqa: E402
from servers import _children_map, _subtree, cmdline, rss_mb  # noqa: E402

from tests.hostile.checks import (  # noqa: E402
    NOT_ANSWERED, SLOW_DOWN, Bot, Result, is_empty, leaks_in, log_findings, run_corpus, service_ids,
    texts_in_log, texts_of,
)
from tests.hostile.corpus import CATEGORIES, corpus  # noqa: E402

OUTPUT = ROOT / "docs" / "fiabilite.md"
SCRATCH = ROOT / "build" / "reliability_run"  # logs of the last run
DEMO_CATALOGUE = ROOT / "services_catalogue"
TOKEN = "jeton-de-la-mesure-de-fiabilite"
REPRODUCE = "make reliability"

HOSTILE_WORKERS = 4
RESIDENTS = 10  # simulated residents during the faults
THINK_SECONDS = 1.5  # a resident's pause between an answer and their next message
RETRY_SECONDS = 3.0  # a resident who got no proper answer sends the same message again after this
SLOW_SECONDS = 10.0  # an answer slower than this is not a normal answer
REQUEST_TIMEOUT = 120.0
WARM_UP_SECONDS = 15.0  # residents talking before the fault
FAULT_SECONDS = 30.0  # how long a fault is left before it is repaired
STEADY_SECONDS = 15.0  # answers are "normal again" after this long with only normal answers
RECOVERY_LIMIT_SECONDS = 240.0
SOAK_CONVERSATIONS = 3
SOAK_SAMPLE_SECONDS = 30.0
START_SECONDS = 420

# What the scripted resident's messages tell the bot, to find them in the slots after a fault.
FACTS: Dict[str, Tuple[str, Callable[[object], bool]]] = {
    "j'ai 24 ans": ("age", lambda v: v == 24),
    "j'habite à Montreuil": ("code_insee", lambda v: v == "93048"),
    "je cherche du travail": ("besoin", lambda v: v == "emploi"),
    "pas de permis": ("freins", lambda v: isinstance(v, list) and "mobilite" in v),
}
CONTINUE_PROBE = "aide"
GREETING = "pas une personne"  # in the bot's first message only (it says what it is)


def log(message: str) -> None:
    print(message, flush=True)


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(f"arrêt demandé (signal {signum})")


# === 1. Hostile corpus ========================================================================

@dataclass
class HostileFigures:
    results: List[Result]
    seconds: float
    log: Dict[str, int]
    logged_texts: List[str]
    startup_s: float
    error: Optional[str] = None


def measure_hostile(workdir: Path) -> HostileFigures:
    # scripts/run.sh on free ports, with the e2e tests' API token to read the conversations.
    from tests.e2e.conftest import TOKEN as E2E_TOKEN, start_bot, stop_bot

    log("\n== 1. Messages hostiles : démarrage du robot (scripts/run.sh, catalogue de démonstration)…")
    started = time.monotonic()
    try:
        process, bot = start_bot(workdir, DEMO_CATALOGUE)
    except BaseException as error:  # pytest.fail raises a BaseException
        if isinstance(error, KeyboardInterrupt):
            raise
        return HostileFigures([], 0, {}, [], 0, f"le robot n'a pas démarré : {error}"[:2000])
    startup = time.monotonic() - started
    log(f"  prêt en {startup:.0f} s ({bot.url}, journal {bot.log})")
    try:
        messages = corpus()
        log(f"  {len(messages)} messages, {HOSTILE_WORKERS} conversations à la fois…")
        t0 = time.monotonic()
        results = run_corpus(Bot(bot.url, E2E_TOKEN), messages, service_ids(DEMO_CATALOGUE), HOSTILE_WORKERS)
        seconds = time.monotonic() - t0
    finally:
        try:
            stop_bot(process, bot)
        except BaseException as error:  # an assertion of stop_bot: say it, do not hide the figures
            log(f"  ATTENTION : arrêt du robot : {error!r}")
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    text = bot.log.read_text(errors="replace")
    failed = sum(not r.ok for r in results)
    log(f"  {len(results)} messages en {seconds:.0f} s, {failed} mal traité(s)")
    return HostileFigures(results, seconds, log_findings(text), texts_in_log(text), startup)


# === 2. Production stack, residents, faults ====================================================

def _free_ports(count: int) -> List[int]:
    from tests.prod.conftest import _free_ports as free_ports

    return free_ports(count)


def _port_open(port: int) -> bool:
    from tests.prod.conftest import port_open

    return port_open(port)


@dataclass
class Stack:
    """deploy/local/prod-up.sh on free ports, in its own folder (as tests/prod/conftest.py does)."""

    folder: Path
    env: Dict[str, str]
    ports: Dict[str, int]
    rasa_ports: List[int]
    action_ports: List[int]

    @property
    def rest_url(self) -> str:  # nginx: the REST channel for this machine's clients
        return f"http://127.0.0.1:{self.ports['rest']}"

    def rasa_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.rasa_ports[i]}"

    def action_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.action_ports[i]}"

    @property
    def catalogue(self) -> Path:
        return self.folder / "catalogue"

    def pid_file(self, name: str) -> Path:
        return self.folder / "run" / f"{name}.pid"

    def pid(self, name: str) -> Optional[int]:
        try:
            pid = int(self.pid_file(name).read_text().split()[0])
        except (OSError, IndexError, ValueError):
            return None
        return pid if cmdline(pid) else None

    def servers(self) -> Dict[str, Optional[int]]:
        names = [f"rasa-{i + 1}" for i in range(len(self.rasa_ports))]
        names += [f"actions-{i + 1}" for i in range(len(self.action_ports))]
        return {name: self.pid(name) for name in names}

    def secrets(self) -> Dict[str, str]:
        return dict(line.split("=", 1) for line in (self.folder / "secrets.env").read_text().split())

    def slots(self, sender: str) -> Optional[Dict]:
        """The conversation's slots from whichever replica answers (None if none does)."""
        for i in range(len(self.rasa_ports)):
            try:
                response = requests.get(f"{self.rasa_url(i)}/conversations/{sender}/tracker",
                                        params={"token": TOKEN}, timeout=30)
                if response.status_code == 200:
                    return response.json().get("slots") or {}
            except requests.RequestException:
                continue
        return None

    def health(self) -> Dict[str, bool]:
        """Every piece of the stack answering."""
        state = {}
        for i, port in enumerate(self.rasa_ports):
            state[f"rasa-{i + 1}"] = _http_ok(f"http://127.0.0.1:{port}/")
        for i, port in enumerate(self.action_ports):
            state[f"actions-{i + 1}"] = _http_ok(f"http://127.0.0.1:{port}/health")
        state["nginx"] = _port_open(self.ports["rest"])
        state["postgresql"] = _port_open(self.ports["pg"])
        state["redis"] = _redis_ping(self)
        return state

    def database_mb(self) -> Optional[float]:
        try:
            import psycopg2

            connection = psycopg2.connect(host="127.0.0.1", port=self.ports["pg"], dbname="aiguillage",
                                          user="aiguillage", password=self.secrets()["PG_PASSWORD"],
                                          connect_timeout=5)
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_database_size('aiguillage')")
                    return cursor.fetchone()[0] / 1024 ** 2
            finally:
                connection.close()
        except Exception:  # the database is an extra figure: never stop the measure for it
            return None


def _http_ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=3).status_code == 200
    except requests.RequestException:
        return False


def _redis_ping(stack: Stack) -> bool:
    try:
        done = subprocess.run(["redis-cli", "-p", str(stack.ports["redis"]), "ping"], capture_output=True,
                              text=True, timeout=5,
                              env={**os.environ, "REDISCLI_AUTH": stack.secrets().get("REDIS_PASSWORD", "")})
        return done.stdout.strip() == "PONG"
    except (OSError, subprocess.TimeoutExpired):
        return False


PROD_UP = ROOT / "deploy" / "local" / "prod-up.sh"
MODEL = ROOT / "models" / "aiguillage.tar.gz"


def start_stack(name: str, catalogue: Path = DEMO_CATALOGUE) -> Stack:
    # Not a 700 temporary folder: the postgres and redis users must reach their folders.
    folder = Path(tempfile.mkdtemp(prefix=f"aiguillage-fiabilite-{name}-"))
    folder.chmod(0o755)
    shutil.copytree(catalogue, folder / "catalogue")  # a copy: the faults write into it
    http, proxy, rest, rasa_1, rasa_2, action_1, action_2, pg, redis = _free_ports(9)
    env = {
        **os.environ, "RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PROD_DIR": str(folder), "PROD_HTTP_PORT": str(http), "PROD_ACTIONS_PROXY_PORT": str(proxy),
        "PROD_REST_PORT": str(rest), "PROD_RASA_PORTS": f"{rasa_1} {rasa_2}",
        "PROD_ACTION_PORTS": f"{action_1} {action_2}", "PROD_PG_PORT": str(pg), "PROD_REDIS_PORT": str(redis),
        "CATALOGUE_DIR": str(folder / "catalogue"), "BOT_API_TOKEN": TOKEN,
    }
    env.pop("RASA_PUBLIC_URL", None)
    stack = Stack(folder, env, {"http": http, "proxy": proxy, "rest": rest, "pg": pg, "redis": redis},
                  [rasa_1, rasa_2], [action_1, action_2])
    started = subprocess.run([str(PROD_UP)], cwd=ROOT, env=env,
                             stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=START_SECONDS)
    if started.returncode != 0:
        stop_stack(stack, SCRATCH / f"{name}-echec")
        raise RuntimeError(f"prod-up.sh a échoué :\n{started.stdout[-2000:]}\n{started.stderr[-2000:]}")
    return stack


def stop_stack(stack: Stack, keep_logs: Optional[Path] = None) -> None:
    from tests.prod.conftest import _kill_leftovers

    try:
        subprocess.run([str(ROOT / "deploy" / "local" / "prod-down.sh")], cwd=ROOT, env=stack.env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        pass
    _kill_leftovers(stack.folder, list(stack.ports.values()) + stack.rasa_ports + stack.action_ports)
    if keep_logs is not None:
        keep_logs.mkdir(parents=True, exist_ok=True)
        for path in [*stack.folder.glob("log/*.log"), *stack.folder.glob("nginx/logs/*.log"),
                     stack.folder / "postgres" / "postgres.log", stack.folder / "redis" / "redis.log"]:
            if path.is_file():
                shutil.copy(path, keep_logs / f"{path.parent.name}-{path.name}")
    shutil.rmtree(stack.folder, ignore_errors=True)


def _as_user(user: str, command: List[str]) -> List[str]:
    """As prod-up.sh does: the service's own user when we are root."""
    return ["runuser", "-u", user, "--", *command] if os.geteuid() == 0 else command


# --- the servers, killed and started again --------------------------------------------------

@dataclass
class Launch:
    """How prod-up.sh started a server: its command line, environment and folder, read from /proc."""

    argv: List[str]
    env: Dict[str, str]
    cwd: str


def launch_of(pid: int) -> Launch:
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    raw_env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    env = dict(item.decode(errors="surrogateescape").split("=", 1) for item in raw_env if b"=" in item)
    return Launch([a.decode(errors="surrogateescape") for a in argv if a], env, os.readlink(f"/proc/{pid}/cwd"))


def start_again(stack: Stack, name: str, launch: Launch) -> int:
    """The server started as prod-up.sh's `start` does: own session, output appended to its log,
    pid file written."""
    with open(stack.folder / "log" / f"{name}.log", "a") as out:
        process = subprocess.Popen(launch.argv, cwd=launch.cwd, env=launch.env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    stack.pid_file(name).write_text(f"{process.pid}\n")
    return process.pid


def kill_server(stack: Stack, name: str) -> Launch:
    pid = stack.pid(name)
    if pid is None:
        raise RuntimeError(f"{name} ne tourne pas")
    launch = launch_of(pid)
    os.kill(pid, signal.SIGKILL)
    return launch


def _wait(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return check()


def pg_stop(stack: Stack) -> None:
    pg_bin = _pg_bin()
    subprocess.run(_as_user("postgres", [f"{pg_bin}/pg_ctl", "-D", str(stack.folder / "postgres" / "data"),
                                         "-m", "fast", "-w", "-t", "60", "stop"]),
                   capture_output=True, timeout=90)


def pg_start(stack: Stack) -> None:
    """pg_ctl start with the server options prod-up.sh gave (recorded by PostgreSQL in postmaster.opts)."""
    data = stack.folder / "postgres" / "data"
    recorded = shlex.split((data / "postmaster.opts").read_text())
    options, skip = [], False
    for arg in recorded[1:]:
        if skip:
            skip = False
            continue
        if arg == "-D":
            skip = True
            continue
        options.append(arg)
    subprocess.run(_as_user("postgres", [f"{_pg_bin()}/pg_ctl", "-D", str(data), "-l",
                                         str(stack.folder / "postgres" / "postgres.log"), "-w", "-t", "60",
                                         "-o", shlex.join(options), "start"]),
                   capture_output=True, timeout=90)


def _pg_bin() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                   key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)])
    return str(found[-1])


def redis_stop(stack: Stack) -> None:
    pid = int((stack.folder / "redis" / "redis.pid").read_text().split()[0])
    os.kill(pid, signal.SIGTERM)
    _wait(lambda: not cmdline(pid), 30)


def redis_start(stack: Stack) -> None:
    """redis-server with the configuration prod-up.sh wrote (daemonized, pid file)."""
    subprocess.run(_as_user("redis", ["redis-server", str(stack.folder / "redis" / "redis.conf")]),
                   capture_output=True, timeout=30)
    _wait(lambda: _redis_ping(stack), 20)


BROKEN_FILE = "zz-fiche-cassee-par-la-mesure.yml"
BROKEN_YAML = "structure:\n  id: [fiche cassée\n  nom: : :\n\tservices: {\n"


def catalogue_status(stack: Stack) -> List[Dict]:
    out = []
    for i in range(len(stack.action_ports)):
        try:
            body = requests.get(f"{stack.action_url(i)}/health/catalogue", timeout=5).json()
            out.append(body.get("catalogue", body) if isinstance(body, dict) else {})
        except (requests.RequestException, ValueError):
            out.append({})
    return out


# --- simulated residents --------------------------------------------------------------------

@dataclass
class Turn:
    resident: int
    sender: str
    message: str
    sent: float
    received: float
    status: Optional[int]
    answer: Optional[List[Dict]]
    error: str = ""

    @property
    def texts(self) -> List[str]:
        return texts_of(self.answer)

    @property
    def seconds(self) -> float:
        return self.received - self.sent

    @property
    def outcome(self) -> str:
        """What the resident saw, in a few words."""
        if self.status is None:
            return f"pas de réponse ({self.error})"
        if self.status != 200:
            return f"HTTP {self.status}"
        if is_empty(self.answer):
            return "réponse vide"
        if NOT_ANSWERED in self.texts:
            return "« Désolé, je n'arrive pas à vous répondre pour le moment… 39 49 »"
        if SLOW_DOWN in self.texts:
            return "« Vous m'envoyez beaucoup de messages… » (limite par minute)"
        if leaks_in(self.texts):
            return f"texte anormal : {leaks_in(self.texts)[0]}"
        if self.message != AIGUILLAGE_SCRIPT[0] and any(GREETING in t for t in self.texts):
            return "le robot se présente de nouveau, comme à une nouvelle conversation"
        if self.seconds > SLOW_SECONDS:
            return f"réponse normale mais lente (plus de {SLOW_SECONDS:.0f} s)"
        return "réponse normale"

    @property
    def normal(self) -> bool:
        return self.outcome == "réponse normale"


@dataclass
class ConversationState:
    sender: str
    facts: Dict[str, Callable[[object], bool]] = field(default_factory=dict)  # slot -> check
    finished: bool = False


class Residents:
    """`count` residents, each going through conversations one after the other (new id each time):
    the journey of `make bench` on the demonstration catalogue, then the remaining questions
    answered "non" or skipped, the addresses, "d'autres adresses". A message that gets no proper
    answer is sent again after RETRY_SECONDS, as a resident would."""

    def __init__(self, url: str, count: int, think: float = THINK_SECONDS, pace: Optional[float] = None,
                 prefix: str = "fiabilite") -> None:
        self.url = f"{url}/webhooks/rest/webhook"
        self.count = count
        self.think = think
        self.pace = pace  # one message every `pace` seconds per resident (soak), instead of `think`
        self.prefix = prefix
        self.turns: List[Turn] = []
        self.conversations: Dict[str, ConversationState] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: List[threading.Thread] = []

    def start(self) -> "Residents":
        for i in range(self.count):
            thread = threading.Thread(target=self._live, args=(i,), daemon=True)
            thread.start()
            self._threads.append(thread)
            time.sleep(0.2)  # not all at the same instant
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=REQUEST_TIMEOUT + 10)

    def _say(self, session: requests.Session, resident: int, sender: str, message: str) -> Turn:
        sent = time.monotonic()
        status, answer, error = None, None, ""
        try:
            response = session.post(self.url, json={"sender": sender, "message": message}, timeout=REQUEST_TIMEOUT)
            status = response.status_code
            if status == 200:
                body = response.json()
                answer = body if isinstance(body, list) else None
        except requests.Timeout:
            error = "délai dépassé"
        except (requests.RequestException, ValueError) as exc:
            error = type(exc).__name__
        turn = Turn(resident, sender, message, sent, time.monotonic(), status, answer, error)
        with self._lock:
            self.turns.append(turn)
        return turn

    def _pause(self, turn: Turn, seconds: float) -> None:
        if self.pace is not None:
            seconds = max(0.0, self.pace - turn.seconds)
        self._stop.wait(seconds)

    def _live(self, resident: int) -> None:
        with requests.Session() as session:
            while not self._stop.is_set():
                sender = f"{self.prefix}-{resident}-{uuid.uuid4().hex[:8]}"
                state = ConversationState(sender)
                with self._lock:
                    self.conversations[sender] = state
                queue = list(AIGUILLAGE_SCRIPT)
                adaptive, more_asked = 0, False
                while queue and not self._stop.is_set():
                    message = queue[0]
                    turn = self._say(session, resident, sender, message)
                    if not turn.normal:
                        self._pause(turn, RETRY_SECONDS)
                        continue
                    queue.pop(0)
                    if message in FACTS:
                        slot, check = FACTS[message]
                        state.facts[slot] = check
                    if not queue:  # what comes after the scripted part depends on the answer
                        if results_shown(turn.answer) and not more_asked:
                            queue.append("d'autres adresses")
                            more_asked = True
                        elif not more_asked and adaptive < 8:
                            adaptive += 1
                            reply = reply_to_question(turn.answer) or "/ne_sait_pas"
                            queue.append(reply)
                    self._pause(turn, self.think)
                state.finished = not queue


# --- one fault ------------------------------------------------------------------------------

@dataclass
class FaultResult:
    name: str
    how: str
    repair: str
    fault_at: float = 0.0
    repaired_at: Optional[float] = None  # seconds after the fault
    ready_at: Optional[float] = None  # the repaired piece answering, seconds after the fault
    normal_again: Optional[float] = None  # seconds after the fault; 0 if the residents saw nothing
    seen: Counter = field(default_factory=Counter)  # outcome -> turns, from the fault to normal again
    turns_during: int = 0
    server_errors: int = 0
    conversations_checked: int = 0
    lost: List[str] = field(default_factory=list)  # "sender: why"
    notes: List[str] = field(default_factory=list)
    error: Optional[str] = None


_LOG_ERROR = re.compile(r"^\S+ \S+ ERROR\s+(.*)$")


def server_log_errors(sizes: Dict[Path, int]) -> Counter:
    """The ERROR records the servers wrote since `sizes` (log file -> size then), by message."""
    found: Counter = Counter()
    for path, size in sizes.items():
        try:
            with open(path, "rb") as f:
                f.seek(size)
                new = f.read().decode("utf-8", "replace")
        except OSError:
            continue
        for line in new.splitlines():
            match = _LOG_ERROR.match(line)
            if match:
                text = " ".join(match.group(1).split())
                found[text if len(text) <= 170 else text[:170] + "…"] += 1
    return found


def _server_error(turn: Turn) -> bool:
    return turn.status is None or turn.status >= 500


def run_fault(stack: Stack, name: str, how: str, repair: str, inject: Callable[[], object],
              restore: Callable[[object], None], ready: Callable[[], bool],
              observe: Optional[Callable[[FaultResult], None]] = None) -> FaultResult:
    result = FaultResult(name, how, repair)
    log(f"\n  -- {name}")
    if not _wait(lambda: all(stack.health().values()), 120):
        result.error = f"pile incomplète avant la panne : {stack.health()}"
        log(f"  ATTENTION : {result.error}")
        return result
    residents = Residents(stack.rest_url, RESIDENTS).start()
    log_sizes: Dict[Path, int] = {}
    try:
        time.sleep(WARM_UP_SECONDS)
        log_sizes = {path: path.stat().st_size for path in (stack.folder / "log").glob("*.log")}
        t0 = time.monotonic()
        result.fault_at = t0
        token = inject()
        log(f"  panne à t=0 ({how})")
        time.sleep(FAULT_SECONDS / 2)
        if observe is not None:
            observe(result)
        time.sleep(FAULT_SECONDS / 2)
        restore(token)
        result.repaired_at = time.monotonic() - t0
        log(f"  réparée à t={result.repaired_at:.0f} s ({repair})")
        if _wait(ready, RECOVERY_LIMIT_SECONDS):
            result.ready_at = time.monotonic() - t0
            log(f"  de nouveau prête à t={result.ready_at:.0f} s")
        else:
            result.notes.append(f"la pièce réparée ne répondait toujours pas {RECOVERY_LIMIT_SECONDS:.0f} s après")
        deadline = time.monotonic() + RECOVERY_LIMIT_SECONDS
        while time.monotonic() < deadline:  # until STEADY_SECONDS of normal answers only
            now = time.monotonic()
            recent = [t for t in list(residents.turns) if t.received >= now - STEADY_SECONDS]
            if (now - t0 > (result.ready_at or 0) + STEADY_SECONDS and len(recent) >= 5
                    and all(t.normal for t in recent)):
                break
            time.sleep(1)
    finally:
        residents.stop()
    errors = server_log_errors(log_sizes)
    if errors:
        result.notes.append("erreurs écrites dans les journaux des serveurs Rasa et d'actions pendant la mesure : "
                            + " ; ".join(f"{count} × « {text} »" for text, count in errors.most_common(3)))
    turns = sorted(residents.turns, key=lambda t: t.sent)
    after = [t for t in turns if t.received >= t0]
    abnormal = [t for t in after if not t.normal]
    if not abnormal:
        result.normal_again = 0.0
        end = t0 + (result.ready_at or result.repaired_at or FAULT_SECONDS)
    else:
        last_bad = max(t.received for t in abnormal)
        later_good = [t for t in after if t.sent >= last_bad and t.normal]
        result.normal_again = (min(t.received for t in later_good) - t0) if later_good else None
        end = last_bad
    window = [t for t in after if t.sent <= max(end, t0 + FAULT_SECONDS)]
    result.turns_during = len(window)
    result.seen = Counter(t.outcome for t in window)
    result.server_errors = sum(_server_error(t) for t in after)
    # Conversations that had a turn from the fault on: after recovery, their facts are still there
    # and they go on (one more message gets a normal answer).
    touched = sorted({t.sender for t in after})
    result.conversations_checked = len(touched)
    with requests.Session() as session:
        for sender in touched:
            state = residents.conversations[sender]
            slots = stack.slots(sender)
            if slots is None:
                result.lost.append(f"{sender} : historique introuvable")
                continue
            missing = [slot for slot, check in state.facts.items() if not check(slots.get(slot))]
            if missing:
                result.lost.append(f"{sender} : réponses perdues ({', '.join(missing)})")
                continue
            probe = residents._say(session, -1, sender, CONTINUE_PROBE)
            if not probe.normal:
                result.lost.append(f"{sender} : ne peut pas continuer ({probe.outcome})")
    log(f"  normal de nouveau à t={_s(result.normal_again)} ; {result.server_errors} erreur(s) serveur ; "
        f"{len(result.lost)} conversation(s) perdue(s) sur {result.conversations_checked}")
    for outcome, count in result.seen.most_common():
        log(f"    {count:4d} × {outcome}")
    return result


def measure_faults(scratch: Path) -> Tuple[List[FaultResult], Optional[str], float]:
    log("\n== 2. Pannes provoquées : démarrage de la version de production (prod-up.sh)…")
    started = time.monotonic()
    try:
        stack = start_stack("pannes")
    except Exception as error:
        return [], f"la version de production n'a pas démarré : {error}", 0.0
    startup = time.monotonic() - started
    log(f"  prête en {startup:.0f} s (nginx {stack.rest_url})")
    results: List[FaultResult] = []
    try:
        def kill(name: str) -> Callable[[], Launch]:
            return lambda: kill_server(stack, name)

        def again(name: str) -> Callable[[Launch], None]:
            return lambda launch: start_again(stack, name, launch)

        results.append(run_fault(
            stack, "Un serveur d'actions tué", "kill -9 du serveur d'actions 1",
            "serveur d'actions 1 relancé avec la commande et l'environnement que prod-up.sh lui avait donnés",
            kill("actions-1"), again("actions-1"), lambda: _http_ok(f"{stack.action_url(0)}/health")))
        results.append(run_fault(
            stack, "Un serveur Rasa tué", "kill -9 du serveur Rasa 1",
            "serveur Rasa 1 relancé avec la commande et l'environnement que prod-up.sh lui avait donnés "
            "(il recharge le modèle)",
            kill("rasa-1"), again("rasa-1"), lambda: _http_ok(f"{stack.rasa_url(0)}/")))
        results.append(run_fault(
            stack, "PostgreSQL arrêté", "pg_ctl stop -m fast (les connexions ouvertes sont coupées)",
            "pg_ctl start avec les options de prod-up.sh",
            lambda: pg_stop(stack), lambda _: pg_start(stack), lambda: _port_open(stack.ports["pg"])))
        results.append(run_fault(
            stack, "Redis arrêté", "SIGTERM à redis-server (les verrous des conversations disparaissent)",
            "redis-server relancé avec le fichier de configuration de prod-up.sh",
            lambda: redis_stop(stack), lambda _: redis_start(stack), lambda: _redis_ping(stack)))

        def corrupt() -> None:
            (stack.catalogue / BROKEN_FILE).write_text(BROKEN_YAML, encoding="utf-8")

        def repair_catalogue(_: object) -> None:
            (stack.catalogue / BROKEN_FILE).unlink(missing_ok=True)

        def observe_catalogue(result: FaultResult) -> None:
            statuses = catalogue_status(stack)
            refused = [bool(s.get("last_refused")) for s in statuses]
            result.notes.append(
                f"pendant la panne, /health/catalogue des {len(statuses)} serveurs d'actions : version servie "
                f"{', '.join(str(s.get('version')) for s in statuses)}, {sum(refused)} signale(nt) la "
                f"modification refusée (last_refused)")

        version_before = [s.get("version") for s in catalogue_status(stack)]
        catalogue = run_fault(
            stack, "Catalogue corrompu", f"fichier YAML invalide écrit dans le catalogue servi ({BROKEN_FILE})",
            "fichier retiré", corrupt, repair_catalogue,
            lambda: all(not s.get("last_refused") for s in catalogue_status(stack)), observe_catalogue)
        after = catalogue_status(stack)
        catalogue.notes.append(f"version servie avant la panne : {', '.join(map(str, version_before))} ; "
                               f"après réparation : {', '.join(str(s.get('version')) for s in after)} ; "
                               f"modification refusée encore signalée : "
                               f"{sum(bool(s.get('last_refused')) for s in after)} serveur(s)")
        results.append(catalogue)
    except Exception as error:  # a fault that could not be injected or repaired: report what was measured
        log(f"  ATTENTION : {error!r}")
        return results, f"mesure interrompue : {error!r}", startup
    finally:
        stop_stack(stack, scratch / "pannes")
        log("  version de production arrêtée.")
    return results, None, startup


# === 3. Soak ===================================================================================

@dataclass
class SoakFigures:
    minutes: float
    samples: List[Tuple[float, Dict[str, float], Optional[float]]]  # (seconds, RSS MB per server, database MB)
    turns: List[Turn]
    restarts: List[str]
    error: Optional[str] = None


def _rss_tree(pid: Optional[int]) -> float:
    if pid is None:
        return 0.0
    children = _children_map()
    return sum(rss_mb(p) for p in _subtree(pid, children))


def measure_soak(minutes: float, scratch: Path) -> SoakFigures:
    log(f"\n== 3. Endurance ({minutes:g} min) : démarrage d'une version de production neuve…")
    try:
        stack = start_stack("endurance")
    except Exception as error:
        return SoakFigures(minutes, [], [], [], f"la version de production n'a pas démarré : {error}")
    samples: List[Tuple[float, Dict[str, float], Optional[float]]] = []
    restarts: List[str] = []
    try:
        first_pids = stack.servers()
        restarted: set = set()
        residents = Residents(stack.rest_url, SOAK_CONVERSATIONS, pace=1.0, prefix="endurance").start()
        t0 = time.monotonic()
        try:
            while True:
                elapsed = time.monotonic() - t0
                pids = stack.servers()
                for name, pid in pids.items():
                    if pid != first_pids.get(name) and name not in restarted:
                        restarted.add(name)
                        restarts.append(f"{name} (pid {first_pids.get(name)} → {pid}) à {elapsed:.0f} s")
                samples.append((elapsed, {name: _rss_tree(pid) for name, pid in pids.items()}, stack.database_mb()))
                log(f"  t={elapsed:5.0f} s  " + "  ".join(f"{n} {v:.0f} Mo" for n, v in samples[-1][1].items())
                    + f"  ({len(residents.turns)} messages)")
                if elapsed >= minutes * 60:
                    break
                time.sleep(max(0.0, SOAK_SAMPLE_SECONDS - (time.monotonic() - t0 - elapsed)))
        finally:
            residents.stop()
        return SoakFigures(minutes, samples, residents.turns, restarts)
    finally:
        stop_stack(stack, scratch / "endurance")
        log("  version de production arrêtée.")


# === report =====================================================================================

def _s(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.0f} s"


def _fr(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _slope_per_hour(points: Sequence[Tuple[float, float]]) -> Optional[float]:
    if len(points) < 2:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return None if not var else sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var * 3600


def _percentile(values: List[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def render_hostile(h: Optional[HostileFigures]) -> List[str]:
    out = ["## 1. Messages hostiles", ""]
    if h is None:
        return out + ["Non mesuré dans cette exécution.", ""]
    if h.error:
        return out + [f"**Mesure impossible** : {h.error}", ""]
    results = h.results
    failed = [r for r in results if not r.ok]
    flood_sends = sum(r.sends for r in results if r.message.repeat > 1)
    out += [
        "### Méthode", "",
        f"- {len(results)} messages écrits par un programme (`tests/hostile/corpus.py`, sans données "
        "extérieures, toujours les mêmes), en 20 catégories. Beaucoup sont envoyés trois fois : en premier "
        "message, en réponse à la première question (après « bonjour ») et, pour les commandes, après "
        "l'âge et la commune ou après les adresses.",
        f"- Le robot est lancé comme `make run` (`scripts/run.sh`, catalogue de démonstration, historique "
        f"SQLite), sur des ports libres, avec un jeton pour lire les conversations (démarrage en "
        f"{h.startup_s:.0f} s). {HOSTILE_WORKERS} conversations à la fois ; les rafales à part.",
        "- Chaque message part dans une conversation neuve (après ses éventuels messages d'avant), puis "
        "vient un message normal : « bonjour j'ai 30 ans j'habite à Bondy ». Une rafale, c'est le même "
        f"message 20 fois en même temps dans une conversation ({flood_sends} envois en tout) ; son message "
        "normal attend la fin de la minute de la limite par conversation.",
        "- Vérifié pour chaque message, par `tests/hostile/checks.py` (les mêmes vérifications que "
        "`make test`) : pas d'erreur serveur (HTTP 5xx ou pas de réponse) ; jamais une réponse vide "
        "(sauf au-delà de la limite de messages par minute, voulue : « petite pause », puis rien) ; pas "
        "d'excuse « je n'arrive pas à vous répondre » (le robot a échoué en dedans) ; rien d'anormal dans "
        "les textes (`Traceback`, `Exception`, `Error`, `None`, `null`, `NaN`, accolades, `%s`, `${`) ; "
        "aucune balise HTML ni `javascript:` du message renvoyée telle quelle ; aucun créneau hors de ce que "
        "la validation du robot permet, après le message et après la suite (âge entier de 14 à 99, commune "
        "et code INSEE réels et accordés, besoin et freins parmi les valeurs connues, statuts oui/non, "
        "question en cours connue, aucune question posée plus de deux fois…) ; la suite comprise (âge 30) ; "
        "pour la détresse, les numéros nationaux (3114, 3919, 119, 115, 17) ; jamais la même phrase deux "
        "fois de suite dans une réponse.",
        "", "### Résultats par catégorie", "",
        "| catégorie | messages | erreurs serveur | réponses vides | excuses « je n'arrive pas à vous répondre » "
        "| textes anormaux | HTML renvoyé | créneaux invalides | numéros d'urgence manquants "
        "| suites comprises | messages mal traités |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    totals = Counter()
    for category, description in CATEGORIES.items():
        rs = [r for r in results if r.message.category == category]
        if not rs:
            continue
        row = {
            "messages": len(rs), "server": sum(r.server_errors for r in rs), "empty": sum(r.empty for r in rs),
            "apologies": sum(r.apologies for r in rs), "leaks": sum(bool(r.leaks) for r in rs),
            "html": sum(bool(r.echoed_html) for r in rs), "invalid": sum(bool(r.invalid) for r in rs),
            "numbers": sum(bool(r.numbers_missing) for r in rs), "follow": sum(r.follow_up_ok for r in rs),
            "failed": sum(not r.ok for r in rs),
        }
        totals.update(row)
        out.append(f"| {category} — {description} | {row['messages']} | {row['server']} | {row['empty']} | "
                   f"{row['apologies']} | {row['leaks']} | {row['html']} | {row['invalid']} | {row['numbers']} | "
                   f"{row['follow']} / {row['messages']} | {row['failed']} |")
    out.append(f"| **total** | {totals['messages']} | {totals['server']} | {totals['empty']} | {totals['apologies']} | "
               f"{totals['leaks']} | {totals['html']} | {totals['invalid']} | {totals['numbers']} | "
               f"{totals['follow']} / {totals['messages']} | {totals['failed']} |")
    out += ["", "Les colonnes comptent des messages (une rafale compte pour un), sauf erreurs serveur, réponses "
            "vides et excuses, qui comptent des réponses. Durée : "
            f"{h.seconds:.0f} s.", ""]
    out += ["### Journal des serveurs pendant la mesure", "",
            f"- Traces d'erreur Python (`Traceback`) : {h.log.get('tracebacks', 0)}.",
            f"- Lignes qui contiennent le texte d'un message : {len(h.logged_texts)}"
            + (f" (par exemple : `{_cell(h.logged_texts[0][:150])}`)." if h.logged_texts else "."), ""]
    if failed:
        out += [f"### Messages mal traités ({len(failed)})", "",
                "| catégorie | message | problème | réponse du robot, puis réponse à la suite |", "|---|---|---|---|"]
        for r in failed[:60]:
            out.append(f"| {r.message.category} — {_cell(r.message.label)} | `{_cell(r.message.shown[:80])}` | "
                       f"{_cell(' ; '.join(r.problems[:3])[:300])} | {_cell(r.answer[:300])} |")
        if len(failed) > 60:
            out.append(f"| … | {len(failed) - 60} autres | | |")
        out.append("")
    out += ["### Ce que cela veut dire", ""]
    if not failed:
        out.append(f"Aucun des {len(results)} messages n'a mis le robot en défaut.")
    else:
        by_category = Counter(r.message.category for r in failed)
        out.append(f"{len(failed)} message(s) sur {len(results)} ({_fr(len(failed) / len(results) * 100)} %) ont été "
                   f"mal traités, dans {len(by_category)} catégorie(s) : "
                   + ", ".join(f"{c} ({n})" for c, n in by_category.most_common()) + ".")
        if totals["server"]:
            out.append(f"- {totals['server']} erreur(s) serveur : l'habitant n'a rien reçu, ou une page d'erreur.")
        if totals["empty"]:
            out.append(f"- {totals['empty']} réponse(s) vide(s) : l'habitant n'a rien lu en retour.")
        if totals["apologies"]:
            out.append(f"- {totals['apologies']} excuse(s) : le canal a rattrapé une erreur ou un délai du robot "
                       "(« Désolé, je n'arrive pas à vous répondre… 39 49 ») ; l'habitant n'est pas laissé sans "
                       "réponse, mais son message n'a pas été traité.")
        if totals["invalid"]:
            out.append(f"- {totals['invalid']} message(s) ont laissé dans la conversation une valeur que la "
                       "validation du robot n'y met jamais (détail dans le tableau des messages mal traités).")
        if totals["numbers"]:
            out.append(f"- {totals['numbers']} message(s) de détresse n'ont pas reçu les numéros nationaux attendus.")
        if totals["messages"] - totals["follow"]:
            out.append(f"- Dans {totals['messages'] - totals['follow']} conversation(s), le message normal qui "
                       "suivait n'a pas été compris (âge 30 non pris) : la conversation était cassée pour l'habitant.")
    out.append("")
    return out


def render_faults(faults: Optional[List[FaultResult]], error: Optional[str], startup: float) -> List[str]:
    out = ["## 2. Pannes provoquées dans la version de production", ""]
    if faults is None:
        return out + ["Non mesuré dans cette exécution.", ""]
    out += [
        "### Méthode", "",
        f"- La version de production est lancée par `deploy/local/prod-up.sh` sur des ports libres, dans un "
        f"dossier temporaire, avec une copie du catalogue de démonstration (prête en {startup:.0f} s) : "
        "PostgreSQL, Redis, 2 serveurs Rasa, 2 serveurs d'actions, nginx devant. Réglages de prod-up.sh "
        "(verrou d'une conversation d'un serveur mort : 60 s ; limite de 20 messages par minute et par "
        "conversation).",
        f"- {RESIDENTS} habitants simulés parlent au robot par nginx (canal REST), chacun à son rythme : une "
        f"pause de {_fr(THINK_SECONDS)} s entre une réponse et son message suivant, le parcours de `make bench` "
        "(« bonjour », « j'ai 24 ans », « j'habite à Montreuil », « je cherche du travail », « pas de permis », "
        "puis « non » ou « je ne sais pas » aux questions qui restent, les adresses, « d'autres adresses »), "
        f"puis une nouvelle conversation. Sans réponse normale, l'habitant renvoie le même message "
        f"{_fr(RETRY_SECONDS, 0)} s après.",
        f"- Pour chaque panne : {WARM_UP_SECONDS:.0f} s de conversations, la panne, {FAULT_SECONDS:.0f} s sans "
        "rien réparer, la réparation (le serveur tué est relancé avec exactement la commande et "
        "l'environnement que prod-up.sh lui avait donnés, lus dans /proc), puis les conversations continuent "
        f"jusqu'à {STEADY_SECONDS:.0f} s de réponses toutes normales. La pile est entière avant chaque panne.",
        f"- Réponse normale : HTTP 200, du texte, pas d'excuse, rien d'anormal, en moins de {SLOW_SECONDS:.0f} s. "
        "« Normal de nouveau » : temps entre la panne et la première réponse normale après la dernière "
        "réponse anormale (0 : les habitants n'ont rien vu).",
        "- Conversation perdue : une conversation qui a envoyé un message après la panne et qui, une fois tout "
        "réparé, a perdu une réponse déjà donnée et acceptée (âge, commune, besoin, freins, lus par l'API de "
        f"Rasa) ou ne peut pas continuer (« {CONTINUE_PROBE} » n'obtient pas une réponse normale).",
        "",
    ]
    if error:
        out += [f"**Mesure incomplète** : {_cell(error)}", ""]
    if not faults:
        return out
    out += ["### Résultats", "",
            "| panne | réparation à | pièce de nouveau prête à | normal de nouveau à | messages pendant la panne "
            "| dont réponses normales | erreurs serveur | conversations perdues |",
            "|---|---|---|---|---|---|---|---|"]
    for f in faults:
        if f.error:
            out.append(f"| {f.name} | — | — | — | — | — | — | mesure impossible : {_cell(f.error)} |")
            continue
        normal = f.seen.get("réponse normale", 0)
        out.append(f"| {f.name} ({_cell(f.how)}) | {_s(f.repaired_at)} | {_s(f.ready_at)} | "
                   f"{_s(f.normal_again) if f.normal_again is not None else 'jamais pendant la mesure'} | "
                   f"{f.turns_during} | {normal} | {f.server_errors} | {len(f.lost)} sur {f.conversations_checked} |")
    out += ["", "### Ce que les habitants ont vu", ""]
    for f in faults:
        if f.error:
            continue
        out.append(f"**{f.name}** — réparation : {f.repair}.")
        out.append("")
        for outcome, count in f.seen.most_common():
            out.append(f"- {count} × {outcome}")
        for note in f.notes:
            out.append(f"- Note : {note}.")
        for lost in f.lost[:5]:
            out.append(f"- Conversation perdue : {lost}.")
        if len(f.lost) > 5:
            out.append(f"- … et {len(f.lost) - 5} autre(s).")
        out.append("")
    out += ["### Ce que cela veut dire", ""]
    for f in faults:
        if f.error:
            continue
        bad = f.turns_during - f.seen.get("réponse normale", 0)
        if f.normal_again == 0:
            text = "les habitants n'ont rien vu : toutes les réponses sont restées normales"
        elif f.normal_again is None:
            text = (f"{bad} réponse(s) anormale(s), et les réponses n'étaient pas encore toutes normales à la fin "
                    "de la mesure")
        else:
            text = (f"{bad} réponse(s) anormale(s) sur {f.turns_during}, normal de nouveau {f.normal_again:.0f} s "
                    f"après la panne (réparation à {f.repaired_at:.0f} s)")
        text += f" ; {len(f.lost)} conversation(s) perdue(s) sur {f.conversations_checked}"
        if f.lost and f.normal_again == 0:
            text += (" : les habitants n'ont rien vu, mais une fois tout réparé ces conversations avaient perdu "
                     "des réponses que le robot avait acceptées pendant la panne")
        text += "."
        out.append(f"- **{f.name}** : {text}")
    out.append("")
    return out


def render_soak(soak: Optional[SoakFigures]) -> List[str]:
    out = ["## 3. Endurance", ""]
    if soak is None:
        return out + ["Non mesuré dans cette exécution.", ""]
    if soak.error:
        return out + [f"**Mesure impossible** : {soak.error}", ""]
    turns = soak.turns
    duration = soak.samples[-1][0] if soak.samples else 0
    names = list(soak.samples[0][1]) if soak.samples else []
    out += [
        "### Méthode", "",
        f"- Une version de production neuve (`prod-up.sh`, ports libres, catalogue de démonstration) ; "
        f"{SOAK_CONVERSATIONS} habitants simulés parlent par nginx en même temps, chacun un message par "
        f"seconde (le parcours de la partie 2, puis une nouvelle conversation), pendant {soak.minutes:g} min.",
        f"- Toutes les {SOAK_SAMPLE_SECONDS:.0f} s : la mémoire résidente (RSS) de chaque serveur Rasa et de chaque "
        "serveur d'actions (processus et enfants), et la taille de la base PostgreSQL. Croissance : pente de la "
        "droite des moindres carrés, ramenée à une heure.",
        "",
    ]
    if not soak.samples:
        return out + ["Aucun échantillon.", ""]
    out += ["### Mémoire", "", "| temps | " + " | ".join(names) + " | base PostgreSQL |",
            "|---|" + "---|" * (len(names) + 1)]
    step = max(1, len(soak.samples) // 30)
    shown = soak.samples[::step] + ([soak.samples[-1]] if (len(soak.samples) - 1) % step else [])
    for t, rss, db in shown:
        out.append(f"| {_fr(t / 60)} min | " + " | ".join(f"{rss.get(n, 0):.0f} Mo" for n in names)
                   + f" | {'—' if db is None else f'{_fr(db)} Mo'} |")
    out += ["", "| serveur | au début | à la fin | croissance par heure |", "|---|---|---|---|"]
    slopes = {}
    for name in names:
        points = [(t, rss[name]) for t, rss, _ in soak.samples]
        slopes[name] = _slope_per_hour(points)
        out.append(f"| {name} | {points[0][1]:.0f} Mo | {points[-1][1]:.0f} Mo | "
                   f"{'—' if slopes[name] is None else f'{slopes[name]:+.0f} Mo/h'} |")
    dbs = [(t, db) for t, _, db in soak.samples if db is not None]
    if dbs:
        db_slope = _slope_per_hour(dbs)
        out.append(f"| base PostgreSQL | {_fr(dbs[0][1])} Mo | {_fr(dbs[-1][1])} Mo | "
                   f"{'—' if db_slope is None else ('+' if db_slope >= 0 else '') + _fr(db_slope) + ' Mo/h'} |")
    outcomes = Counter(t.outcome for t in turns)
    errors = sum(_server_error(t) for t in turns)
    ok = [t.seconds * 1000 for t in turns if t.normal]
    quarter = duration / 4 if duration else 0
    t_first = min((t.sent for t in turns), default=0)
    early = [t.seconds * 1000 for t in turns if t.normal and t.sent - t_first <= quarter]
    late = [t.seconds * 1000 for t in turns if t.normal and t.sent - t_first >= 3 * quarter]
    conversations = len({t.sender for t in turns})
    out += ["", "### Messages", "",
            f"- {len(turns)} messages en {_fr(duration / 60)} min ({_fr(len(turns) / duration if duration else 0)} "
            f"par seconde), {conversations} conversations.",
            f"- Erreurs serveur : {errors}. Réponses : "
            + ", ".join(f"{count} × {outcome}" for outcome, count in outcomes.most_common()) + ".",
            f"- Temps de réponse des réponses normales : p50 {_percentile(ok, 0.5):.0f} ms, p95 "
            f"{_percentile(ok, 0.95):.0f} ms ; premier quart de la durée p95 {_percentile(early, 0.95):.0f} ms, "
            f"dernier quart p95 {_percentile(late, 0.95):.0f} ms.",
            f"- Serveurs redémarrés pendant la mesure : {', '.join(soak.restarts) if soak.restarts else 'aucun'}.",
            "", "### Ce que cela veut dire", ""]
    if duration < 10 * 60:
        out.append(f"- La mesure n'a duré que {_fr(duration / 60)} min : la croissance par heure est extrapolée de "
                   "quelques points et ne permet pas de conclure (une pente de quelques dizaines de Mo/h sur "
                   "2 minutes est du bruit : allocation des premiers messages, ramasse-miettes). "
                   f"`{REPRODUCE}` sans réglage mesure 30 minutes.")
    growing = {n: s for n, s in slopes.items() if s is not None and s > 20}
    if duration >= 10 * 60:
        if growing:
            out.append("- La mémoire augmente de façon soutenue pour : " + ", ".join(
                f"{n} ({s:+.0f} Mo/h)" for n, s in growing.items())
                + " ; à surveiller sur un serveur qui tourne des semaines (redémarrage périodique ou recherche "
                "de fuite).")
        else:
            out.append("- Aucune croissance de plus de 20 Mo/h : pas de fuite de mémoire visible à cette échelle.")
    out.append(f"- {errors} erreur(s) serveur sur {len(turns)} messages sous charge régulière.")
    out.append("")
    return out


def summary(hostile: Optional[HostileFigures], faults: Optional[List[FaultResult]],
            soak: Optional[SoakFigures]) -> List[str]:
    out = ["### En bref", ""]
    if hostile is not None and not hostile.error:
        rs = hostile.results
        failed = [r for r in rs if not r.ok]
        by_category = Counter(r.message.category for r in failed)
        out.append(f"- **Messages hostiles** : {len(rs)} messages, {len(failed)} mal traités"
                   + (f" ({', '.join(f'{c} {n}' for c, n in by_category.most_common())})" if failed else "")
                   + f" ; {sum(r.server_errors for r in rs)} erreur serveur, {sum(r.empty for r in rs)} réponse vide, "
                   f"{sum(r.apologies for r in rs)} excuse(s) « je n'arrive pas à vous répondre ».")
    for f in faults or []:
        if f.error:
            out.append(f"- **{f.name}** : mesure impossible.")
            continue
        seen = ("rien vu" if f.normal_again == 0 else
                f"{f.turns_during - f.seen.get('réponse normale', 0)} réponse(s) anormale(s), normal de nouveau "
                f"{'jamais pendant la mesure' if f.normal_again is None else f'à {f.normal_again:.0f} s'}")
        main = f.seen.most_common(1)[0][0] if f.seen else "—"
        out.append(f"- **{f.name}** : {seen}" + (f" (surtout : {main})" if f.normal_again else "")
                   + f" ; {len(f.lost)} conversation(s) perdue(s) sur {f.conversations_checked}.")
    if soak is not None and not soak.error and soak.samples:
        duration = soak.samples[-1][0]
        growth = [_slope_per_hour([(t, rss[n]) for t, rss, _ in soak.samples]) for n in soak.samples[0][1]]
        growth = [g for g in growth if g is not None]
        line = (f"- **Endurance** ({_fr(duration / 60)} min, {len(soak.turns)} messages) : "
                f"{sum(_server_error(t) for t in soak.turns)} erreur serveur")
        if growth:
            line += f" ; croissance de la mémoire du serveur qui grossit le plus : {max(growth):+.0f} Mo/h"
            line += " (durée trop courte pour conclure)" if duration < 10 * 60 else ""
        out.append(line + ".")
    return out + [""] if len(out) > 2 else []




def render(hostile: Optional[HostileFigures], faults: Optional[List[FaultResult]], faults_error: Optional[str],
           faults_startup: float, soak: Optional[SoakFigures], machine_rows: List[Tuple[str, str]],
           started: datetime, total_s: float) -> str:
    lines = [
        "# Fiabilité d'Aiguillage", "",
        "Ce document dit comment le robot tient quand on le met sur Internet : des messages écrits pour le "
        "casser, des pannes de ses serveurs et de ses bases pendant que des habitants lui parlent, et une charge "
        "régulière pendant longtemps. Il est produit par `make reliability` (`bench/reliability.py`) : tous les "
        "chiffres ci-dessous ont été mesurés par cette commande, sur la machine décrite, à la date indiquée. "
        "`make reliability SOAK_MINUTES=2` fait une mesure rapide (endurance de 2 minutes).", "",
        f"## Mesures du {started:%d/%m/%Y à %H:%M} (UTC), durée {total_s / 60:.0f} min", "",
        "### Machine", "", "| | |", "|---|---|",
    ]
    lines += [f"| {k} | {_cell(v)} |" for k, v in machine_rows]
    lines += [""]
    lines += summary(hostile, faults, soak)
    lines += render_hostile(hostile)
    lines += render_faults(faults, faults_error, faults_startup)
    lines += render_soak(soak)
    lines += ["## Limites de la mesure", "",
              "- Tout tourne sur une seule machine (les clients simulés aussi) : une panne de réseau entre "
              "machines, un disque plein ou une machine qui redémarre ne sont pas mesurés.",
              "- Les habitants simulés suivent un parcours écrit et parlent par le canal REST (comme le pont "
              "Telegram) ; le widget (socket.io) n'est pas mesuré ici.",
              "- Les chiffres dépendent de la machine et de ce qui tournait à côté ; la charge moyenne avant la "
              "mesure est dans le tableau de la machine.", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soak-minutes", type=float, default=30.0)
    parser.add_argument("--parts", default="hostile,faults,soak", help="parties mesurées (hostile,faults,soak)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    parts = set(args.parts.split(","))
    if not (ROOT / "models" / "aiguillage.tar.gz").exists():
        log("Modèle absent : lancez d'abord `make train`.")
        return 2
    machine_rows = machine()
    started, t0 = datetime.now(timezone.utc), time.monotonic()
    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    hostile = faults = soak = None
    faults_error, faults_startup = None, 0.0
    if "hostile" in parts:
        workdir = SCRATCH / "hostile"
        workdir.mkdir()
        hostile = measure_hostile(workdir)
    if "faults" in parts:
        faults, faults_error, faults_startup = measure_faults(SCRATCH)
    if "soak" in parts:
        soak = measure_soak(args.soak_minutes, SCRATCH)
    text = render(hostile, faults, faults_error, faults_startup, soak, machine_rows, started, time.monotonic() - t0)
    args.output.write_text(text, encoding="utf-8")
    log(f"\nRésultats écrits dans {args.output} (journaux des serveurs : {SCRATCH})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
