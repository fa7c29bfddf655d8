"""Starts the real bot (scripts/run.sh: Rasa server + action server) once for the e2e tests."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple

import pytest
import requests

from bot.channels.pseudonyms import CHANNEL_HEADER, channel_token

from .fake_graph import FakeGraph, whatsapp_env

ROOT = Path(__file__).resolve().parents[2]
E2E_CATALOGUE = ROOT / "tests" / "data" / "catalogue_e2e"
TOKEN = "jeton-de-test-e2e"
# The bot, the Telegram bridge and these tests name conversations with the same pseudonym key.
os.environ.setdefault("PSEUDONYM_KEY", "clé-des-pseudonymes-des-tests-e2e-0123456789")
STAFF_PASSWORD = "mot-de-passe-personnel-e2e"
STARTUP_SECONDS = 240


def eventually(check: Callable[[], bool], seconds: float = 20) -> bool:
    """True as soon as `check()` is, False if it never is within `seconds` (hot reload, logs)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningBot:
    def __init__(self, url: str, action_url: str, log: Path, catalogue: Path) -> None:
        self.url = url
        self.action_url = action_url  # the action server, which also serves the HTTP pages
        self.log = log
        self.catalogue = catalogue  # a copy of the e2e catalogue that tests may edit
        self.fake_graph: Optional[FakeGraph] = None  # Meta's Graph API, for the WhatsApp channel

    def send(self, sender: str, message: str) -> List[Dict]:
        # The tests speak as this machine's channels do (the Telegram bridge shows the channel token).
        response = requests.post(f"{self.url}/webhooks/rest/webhook", headers={CHANNEL_HEADER: channel_token()},
                                 json={"sender": sender, "message": message}, timeout=60)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> Dict:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker",
                                params={"token": TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()

    def slots(self, sender: str) -> Dict:
        return self.tracker(sender)["slots"]


class Conversation:
    """One resident talking to the bot; keeps every answer for the assertions."""

    def __init__(self, bot: RunningBot) -> None:
        self.bot = bot
        self.sender = f"e2e-{uuid.uuid4().hex[:10]}"
        self.last: List[Dict] = []

    def say(self, message: str) -> List[Dict]:
        self.last = self.bot.send(self.sender, message)
        assert self.last, f"no answer to {message!r}"
        return self.last

    @property
    def text(self) -> str:
        return "\n".join(m.get("text", "") for m in self.last)

    @property
    def buttons(self) -> List[Dict]:
        return [b for m in self.last for b in m.get("buttons", [])]

    def press(self, title_start: str) -> List[Dict]:
        matching = [b for b in self.buttons if b["title"].startswith(title_start)]
        assert matching, f"no button starting with {title_start!r} in {self.buttons}"
        return self.say(matching[0]["payload"])

    @property
    def slots(self) -> Dict:
        return self.bot.slots(self.sender)


def start_bot(workdir: Path, catalogue: Path, extra_env: Optional[Dict[str, str]] = None
              ) -> Tuple[subprocess.Popen, RunningBot]:
    """scripts/run.sh on free ports, serving `catalogue`; returns once the bot says it is ready."""
    rasa_port, action_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "CATALOGUE_DIR": str(catalogue),
        "TRACKER_DB": str(workdir / "tracker.db"),
        "BOT_API_TOKEN": TOKEN,
        "STAFF_PASSWORD": STAFF_PASSWORD,
        **(extra_env or {}),
    }
    log = workdir / "bot.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    bot = RunningBot(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", log, catalogue)
    deadline = time.monotonic() + STARTUP_SECONDS
    while "Aiguillage est prêt" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL) if process.poll() is None else None
            pytest.fail(f"the bot did not start:\n{log.read_text()[-4000:]}")
        time.sleep(0.5)
    return process, bot


def stop_bot(process: subprocess.Popen, bot: RunningBot) -> None:
    """SIGTERM (what a service manager sends) stops both servers and frees their ports."""
    process.send_signal(signal.SIGTERM)
    try:
        assert process.wait(timeout=30) == 0
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    for url in (bot.url, bot.action_url):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", int(url.rsplit(":", 1)[1]))) != 0, f"{url} still open after SIGTERM"


@pytest.fixture(scope="session")
def running_bot(tmp_path_factory) -> Iterator[RunningBot]:
    workdir = tmp_path_factory.mktemp("bot")
    catalogue = workdir / "catalogue"
    shutil.copytree(E2E_CATALOGUE, catalogue)
    fake_graph = FakeGraph().start()  # before the bot: the WhatsApp channel sends to it
    process, bot = start_bot(workdir, catalogue, whatsapp_env(fake_graph))
    bot.fake_graph = fake_graph
    yield bot
    stop_bot(process, bot)
    fake_graph.stop()


@pytest.fixture(scope="session")
def demo_bot(tmp_path_factory) -> Iterator[RunningBot]:
    """The bot on the demonstration catalogue (services_catalogue), as `make run` serves it."""
    workdir = tmp_path_factory.mktemp("demo-bot")
    process, bot = start_bot(workdir, ROOT / "services_catalogue")
    yield bot
    stop_bot(process, bot)


@pytest.fixture
def resident(running_bot: RunningBot) -> Conversation:
    return Conversation(running_bot)
