"""Starts the production layout once (deploy/local/prod-up.sh: PostgreSQL, Redis, 2 Rasa replicas,
2 action servers, nginx) on free ports, in its own folder, and stops it with prod-down.sh.

The tests talk to nginx (the public entry) or to one replica directly, read conversations with
Rasa's tracker API and straight from PostgreSQL. Tests marked `kills_servers` run last: they
leave the stack with one replica and one action server down.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List

import psycopg2
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
LOGS_KEPT = ROOT / "build" / "prod_test_logs"  # the servers' logs of the last run, to read after a failure
E2E_CATALOGUE = ROOT / "tests" / "data" / "catalogue_e2e"
TOKEN = "jeton-de-test-prod"
START_SECONDS = 420  # prod-up.sh itself gives up after 5 minutes of waiting
LOCK_LIFETIME_SECONDS = 10  # a killed replica's conversation locks expire after this
REQUEST_TIMEOUT = 120


def _free_ports(count: int) -> List[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


@dataclass
class ProdStack:
    folder: Path
    url: str  # nginx, the public entry
    rest_url: str  # nginx, the REST channel for this machine's clients (127.0.0.1 only)
    rasa_urls: List[str]  # each replica directly
    action_urls: List[str]
    ports: List[int]
    env: Dict[str, str]

    def send(self, sender: str, message: str, base_url: str = "") -> List[Dict]:
        response = requests.post(f"{base_url or self.rest_url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=REQUEST_TIMEOUT)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str, replica: int) -> Dict:
        response = requests.get(f"{self.rasa_urls[replica]}/conversations/{sender}/tracker",
                                params={"token": TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()

    def pid(self, name: str) -> int:
        """Process id of a server started by prod-up.sh, e.g. "rasa-1", "actions-2"."""
        return int((self.folder / "run" / f"{name}.pid").read_text().split()[0])

    def stored_events(self, sender: str) -> List[Dict]:
        """The conversation's events as PostgreSQL holds them, in the order they were written."""
        secrets = dict(line.split("=", 1) for line in
                       (self.folder / "secrets.env").read_text().split())
        connection = psycopg2.connect(host="127.0.0.1", port=self.env["PROD_PG_PORT"],
                                      dbname="aiguillage", user="aiguillage",
                                      password=secrets["PG_PASSWORD"])
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
                return [json.loads(row[0]) for row in cursor.fetchall()]
        finally:
            connection.close()

    def user_texts(self, sender: str) -> List[str]:
        return [e.get("text") for e in self.stored_events(sender) if e["event"] == "user"]


def new_sender(prefix: str = "prod") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def prod_stack() -> Iterator[ProdStack]:
    # Not under pytest's tmp_path (mode 700): the postgres and redis users must reach their folders.
    folder = Path(tempfile.mkdtemp(prefix="aiguillage-prod-"))
    folder.chmod(0o755)
    catalogue = folder / "catalogue"
    shutil.copytree(E2E_CATALOGUE, catalogue)
    http, proxy, rest, rasa_1, rasa_2, action_1, action_2, pg, redis = _free_ports(9)
    env = {
        **os.environ,
        "PROD_DIR": str(folder),
        "PROD_HTTP_PORT": str(http),
        "PROD_ACTIONS_PROXY_PORT": str(proxy),
        "PROD_REST_PORT": str(rest),
        "PROD_RASA_PORTS": f"{rasa_1} {rasa_2}",
        "PROD_ACTION_PORTS": f"{action_1} {action_2}",
        "PROD_PG_PORT": str(pg),
        "PROD_REDIS_PORT": str(redis),
        "PROD_LOCK_LIFETIME": str(LOCK_LIFETIME_SECONDS),
        "CATALOGUE_DIR": str(catalogue),
        "BOT_API_TOKEN": TOKEN,
        "DEMO_PAGE": "1",  # the widget through nginx is tested on it
    }
    env.pop("RASA_PUBLIC_URL", None)
    stack = ProdStack(folder, f"http://127.0.0.1:{http}", f"http://127.0.0.1:{rest}",
                      [f"http://127.0.0.1:{p}" for p in (rasa_1, rasa_2)],
                      [f"http://127.0.0.1:{p}" for p in (action_1, action_2)],
                      [http, proxy, rest, rasa_1, rasa_2, action_1, action_2, pg, redis], env)
    try:
        started = subprocess.run([str(ROOT / "deploy" / "local" / "prod-up.sh")], cwd=ROOT, env=env,
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                 timeout=START_SECONDS)
        if started.returncode != 0:
            pytest.fail(f"prod-up.sh failed:\n{started.stdout[-3000:]}\n{started.stderr[-3000:]}")
        assert "est prêt" in started.stdout
        yield stack
    finally:
        stopped = subprocess.run([str(ROOT / "deploy" / "local" / "prod-down.sh")], cwd=ROOT, env=env,
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180)
        still_open = [p for p in stack.ports if port_open(p)]
        _kill_leftovers(folder, stack.ports)
        _keep_logs(folder)
        shutil.rmtree(folder, ignore_errors=True)
    assert stopped.returncode == 0, f"prod-down.sh failed:\n{stopped.stdout}\n{stopped.stderr}"
    assert not still_open, f"ports still open after prod-down.sh: {still_open}"


def _keep_logs(folder: Path) -> None:
    shutil.rmtree(LOGS_KEPT, ignore_errors=True)
    LOGS_KEPT.mkdir(parents=True)
    for log in [*folder.glob("log/*.log"), *folder.glob("nginx/logs/*.log"),
                folder / "postgres" / "postgres.log", folder / "redis" / "redis.log"]:
        if log.is_file():
            shutil.copy(log, LOGS_KEPT / f"{log.parent.name}-{log.name}")


def _kill_leftovers(folder: Path, ports: List[int]) -> None:
    """Only useful when prod-down.sh failed: SIGKILL what still runs of this stack (command line
    naming its folder or one of its ports), so that nothing is left using the machine."""
    marks = [str(folder)] + [f"--port {p}" for p in ports] + [f"127.0.0.1:{p}" for p in ports]
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if any(mark in cmdline.replace("\0", " ") for mark in marks):
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    """Tests that kill servers go last, whatever the file order."""
    items.sort(key=lambda item: item.get_closest_marker("kills_servers") is not None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "kills_servers: the test leaves part of the stack down")
