"""`make run` as a service manager runs it: no terminal, API off without a token, SIGTERM stops all."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import requests

from .conftest import ROOT, STARTUP_SECONDS, _free_port, eventually


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


async def test_make_run_serves_without_terminal_keeps_the_api_closed_and_stops_on_sigterm(tmp_path) -> None:
    from tests.privacy.test_retention import fill
    from tests.privacy.test_tracker_store import stored_rows
    await fill(tmp_path / "t.db")  # a conversation of 40 days ago, and two recent ones
    rasa_port, action_port = _free_port(), _free_port()
    # A fresh machine: no token, no staff password, no WhatsApp account.
    env = {k: v for k, v in os.environ.items()
           if k not in ("BOT_API_TOKEN", "STAFF_PASSWORD") and not k.startswith("WHATSAPP_")}
    env.update(RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port), TRACKER_DB=str(tmp_path / "t.db"))
    log = tmp_path / "run.log"
    with open(log, "w") as out:
        make = subprocess.Popen(["make", "--no-print-directory", "run"], cwd=ROOT, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while "Aiguillage est prêt" not in log.read_text():
            assert make.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
        assert "make chat" in log.read_text()  # it says how to talk to it
        url = f"http://127.0.0.1:{rasa_port}"
        answer = requests.post(f"{url}/webhooks/rest/webhook",
                               json={"sender": "service", "message": "bonjour"}, timeout=60).json()
        assert "robot" in answer[0]["text"]
        tracker = requests.get(f"{url}/conversations/service/tracker", timeout=30)
        assert tracker.status_code in (403, 404)  # Rasa's HTTP API is off without BOT_API_TOKEN
        pages = f"http://127.0.0.1:{action_port}"
        assert "/personnel/ (fermée : définissez STAFF_PASSWORD" in log.read_text()
        assert requests.get(f"{pages}/personnel/", timeout=10).status_code == 503
        assert requests.get(f"{url}/webhooks/whatsapp/webhook", timeout=10).status_code == 503
        demo = requests.get(f"{pages}/demo/", timeout=10)
        assert demo.status_code == 200 and "aiguillage-widget.js" in demo.text
        assert requests.get(f"{pages}/health/catalogue", timeout=10).json()["status"] == "ok"
        # The retention period holds with `make run` too: conversations of more than 30 days are gone.
        assert eventually(lambda: stored_rows(tmp_path / "t.db", "ancienne") == [])
        assert stored_rows(tmp_path / "t.db", "recente")
        # A service manager stops `make run` with SIGTERM to the process it started.
        make.send_signal(signal.SIGTERM)
        make.wait(timeout=60)
        deadline = time.monotonic() + 30
        while (_port_open(rasa_port) or _port_open(action_port)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _port_open(rasa_port) and not _port_open(action_port)
    finally:
        if make.poll() is None:
            make.kill()
