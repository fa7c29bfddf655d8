"""Start, watch and stop the bots under test: Aiguillage (scripts/run.sh), a stock `rasa init` bot,
and Aiguillage in its production layout (deploy/local/prod-up.sh: replicas behind nginx)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
STOCK_DIR = ROOT / "build" / "stock_bot"
READY_MARKER = "Aiguillage est prêt"
STARTUP_SECONDS = 300
STOP_SECONDS = 30

BASE_ENV = {"RASA_TELEMETRY_ENABLED": "false", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONDONTWRITEBYTECODE": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stock_model() -> Optional[Path]:
    models = sorted((STOCK_DIR / "models").glob("*.tar.gz"))
    return models[-1] if models else None


def ensure_stock_bot(log: Callable[[str], None]) -> Path:
    """Build (once) the moodbot of `rasa init` with the project's own Rasa; return its model."""
    model = stock_model()
    if model is not None:
        log(f"Robot Rasa de base déjà construit : {model.relative_to(ROOT)}")
        return model
    STOCK_DIR.mkdir(parents=True, exist_ok=True)
    log("Construction du robot Rasa de base (rasa init, entraînement de quelques minutes)…")
    build_log = STOCK_DIR.parent / "stock_bot_init.log"
    with open(build_log, "w") as out:
        done = subprocess.run(
            [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
            cwd=ROOT, env={**os.environ, **BASE_ENV}, stdin=subprocess.DEVNULL,
            stdout=out, stderr=subprocess.STDOUT)
    model = stock_model()
    if done.returncode != 0 or model is None:
        raise RuntimeError(f"rasa init a échoué (code {done.returncode}), voir {build_log}")
    return model


# --- memory of a process tree -------------------------------------------------------------------

def _children_map() -> Dict[int, List[int]]:
    children: Dict[int, List[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: fields start after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _subtree(root: int, children: Dict[int, List[int]]) -> List[int]:
    """The root then its descendants, breadth first (parents always before their children)."""
    tree, i = [root], 0
    while i < len(tree):
        tree.extend(children.get(tree[i], []))
        i += 1
    return tree


def rss_mb(pid: int) -> float:
    """Resident memory of one process (VmRSS), in MB; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_cpu_seconds() -> float:
    """CPU time spent by the whole machine, all cores, all processes (busy time only)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    guest = sum(fields[8:10]) if len(fields) > 9 else 0  # already counted in user / nice
    return (sum(fields) - idle - guest) / CLOCK_TICKS


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


# --- running servers ----------------------------------------------------------------------------

@dataclass
class RunningServer:
    """A bot started in its own session; `memory()` splits the tree's RSS by role."""

    name: str
    url: str
    process: subprocess.Popen
    log_path: Path
    roles: Dict[str, Callable[[str], bool]] = field(default_factory=dict)

    def memory(self) -> Dict[str, float]:
        """RSS in MB per role (each role: the matching process and all its descendants) and in total."""
        return self._per_role(rss_mb)

    def cpu_seconds(self) -> Dict[str, float]:
        """CPU time (user + system) consumed so far, per role and in total."""
        return self._per_role(cpu_seconds)

    def _per_role(self, metric: Callable[[int], float]) -> Dict[str, float]:
        children = _children_map()
        tree = _subtree(self.process.pid, children)
        result = dict.fromkeys(self.roles, 0.0)
        counted: set = set()
        for pid in tree:  # parents come before their children: a role takes its whole subtree
            if pid in counted:
                continue
            for role, matches in self.roles.items():
                if matches(cmdline(pid)):
                    subtree = _subtree(pid, children)
                    counted.update(subtree)
                    result[role] += sum(metric(p) for p in subtree)
                    break
        result["total"] = sum(metric(p) for p in tree)
        return result

    def missing_roles(self) -> List[str]:
        """Roles with no running process left (e.g. the action server stopped under load)."""
        children = _children_map()
        running = [cmdline(pid) for pid in _subtree(self.process.pid, children)]
        return [role for role, matches in self.roles.items()
                if not any(matches(c) for c in running)]

    def running(self) -> bool:
        """The launcher is still there (scripts/run.sh stays in the foreground while both run)."""
        return self.process.poll() is None

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        stop_process_group(self.process)


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM to the whole session, then SIGKILL if it is still there after a while."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            pass
    try:  # leftovers of the group (children that outlived the script), whatever happened above
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        pass


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait(server: RunningServer, ready: Callable[[], bool]) -> RunningServer:
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while not ready():
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{server.name} n'a pas démarré :\n{server.log_tail()}")
            time.sleep(0.5)
    except BaseException:  # including Ctrl-C and SIGTERM while waiting: never leave it running
        server.stop()
        raise
    return server


def start_aiguillage(workdir: Path, catalogue_dir: str = "services_catalogue") -> RunningServer:
    """Start the bot exactly as users do: scripts/run.sh, no terminal, its own session."""
    rasa_port, action_port = free_port(), free_port()
    env = {**os.environ, **BASE_ENV, "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port),
           "TRACKER_DB": str(workdir / "tracker.db"), "CATALOGUE_DIR": catalogue_dir}
    env.pop("BOT_API_TOKEN", None)
    log_path = workdir / "aiguillage.log"
    with open(log_path, "w") as out:
        process = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = RunningServer(
        "Aiguillage", f"http://127.0.0.1:{rasa_port}", process, log_path,
        roles={"rasa": lambda c: " -m bot.serve " in c or " run --model" in c,  # bot.serve: scripts/run.sh
               "actions": lambda c: " -m actions " in c or " run actions" in c})
    return _wait(server, lambda: READY_MARKER in server.log_tail(100_000))


def start_stock(workdir: Path, model: Path) -> RunningServer:
    """Start the stock bot as `rasa run --enable-api` from its folder (in-memory tracker store)."""
    port = free_port()
    log_path = workdir / "stock_bot.log"
    with open(log_path, "w") as out:
        process = subprocess.Popen(
            [str(VENV_BIN / "rasa"), "run", "--port", str(port), "--enable-api",
             "--model", str(model)],
            cwd=STOCK_DIR, env={**os.environ, **BASE_ENV}, stdin=subprocess.DEVNULL,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    server = RunningServer("Robot Rasa de base", f"http://127.0.0.1:{port}", process, log_path,
                           roles={"rasa": lambda c: " run" in c})
    return _wait(server, lambda: _http_ok(server.url + "/"))


@dataclass
class ReplicatedServer(RunningServer):
    """Aiguillage started by deploy/local/prod-up.sh: daemons found by their pid files, per role."""

    pid_files: Dict[str, List[Path]] = field(default_factory=dict)  # role -> pid files
    env: Dict[str, str] = field(default_factory=dict)

    def _pids(self, role: str) -> List[int]:
        pids = []
        for path in self.pid_files[role]:
            try:
                pids.append(int(path.read_text().split()[0]))
            except (OSError, IndexError, ValueError):
                pass
        return [pid for pid in pids if cmdline(pid)]  # a killed process has no command line

    def _per_role(self, metric: Callable[[int], float]) -> Dict[str, float]:
        children = _children_map()
        result = {role: sum(metric(p) for pid in self._pids(role) for p in _subtree(pid, children))
                  for role in self.pid_files}
        result["total"] = sum(result.values())
        return result

    def missing_roles(self) -> List[str]:
        return [role for role, files in self.pid_files.items() if len(self._pids(role)) < len(files)]

    def running(self) -> bool:
        return True  # prod-up.sh returns once every server answers: missing_roles() tells

    def stop(self) -> None:
        subprocess.run([str(ROOT / "deploy" / "local" / "prod-down.sh")], cwd=ROOT, env=self.env,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=STARTUP_SECONDS)


def start_replicated(workdir: Path, replicas: int, catalogue_dir: str = "services_catalogue") -> ReplicatedServer:
    """`make prod-up` with `replicas` Rasa servers and as many action servers, on free ports.

    workdir must be reachable by the postgres and redis users (not a 700 temporary folder)."""
    rasa_ports = [free_port() for _ in range(replicas)]
    action_ports = [free_port() for _ in range(replicas)]
    env = {**os.environ, **BASE_ENV, "PROD_DIR": str(workdir), "PROD_HTTP_PORT": str(free_port()),
           "PROD_ACTIONS_PROXY_PORT": str(free_port()), "PROD_REST_PORT": str(free_port()),
           "PROD_PG_PORT": str(free_port()),
           "PROD_REDIS_PORT": str(free_port()), "CATALOGUE_DIR": catalogue_dir,
           "PROD_RASA_PORTS": " ".join(map(str, rasa_ports)),
           "PROD_ACTION_PORTS": " ".join(map(str, action_ports))}
    env.pop("BOT_API_TOKEN", None)
    log_path = workdir / "prod-up.log"
    with open(log_path, "w") as out:
        process = subprocess.Popen([str(ROOT / "deploy" / "local" / "prod-up.sh")], cwd=ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    numbers = range(1, replicas + 1)
    server = ReplicatedServer(
        # The load goes through nginx to the REST channel (its listener for this machine's clients).
        f"Aiguillage, {replicas} exemplaire(s)", f"http://127.0.0.1:{env['PROD_REST_PORT']}", process,
        log_path, pid_files={
            "rasa": [workdir / "run" / f"rasa-{i}.pid" for i in numbers],
            "actions": [workdir / "run" / f"actions-{i}.pid" for i in numbers],
            "stores": [workdir / "postgres" / "data" / "postmaster.pid", workdir / "redis" / "redis.pid",
                       workdir / "nginx" / "nginx.pid"]},
        env=env)
    try:
        if process.wait(timeout=STARTUP_SECONDS + 120) != 0:
            raise RuntimeError(f"{server.name} n'a pas démarré :\n{server.log_tail()}")
    except BaseException:  # including Ctrl-C and SIGTERM while waiting: never leave it running
        stop_process_group(process)
        server.stop()
        raise
    return server
