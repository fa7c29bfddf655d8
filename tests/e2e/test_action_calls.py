"""One action-server call per message during the questions: the form reads the reply, validates
it and asks the next question (a domain response, filled by Rasa) in that single call.

Rasa reaches the action server through a proxy that counts the calls, by action name."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, List

import pytest
import requests

from .conftest import E2E_CATALOGUE, Conversation, start_bot, stop_bot


class CountingProxy:
    """Forwards Rasa's calls to the action server, noting the action each one runs."""

    def __init__(self) -> None:
        self.target = ""  # the action server's webhook, known once the bot has started
        self.calls: List[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.calls.append(json.loads(body).get("next_action"))
                answer = requests.post(proxy.target, data=body, timeout=30,
                                       headers={"Content-Type": "application/json"})
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/webhook"

    def calls_for(self, resident: Conversation, message: str) -> List[str]:
        before = len(self.calls)
        resident.say(message)
        return self.calls[before:]


@pytest.fixture(scope="module")
def counted(tmp_path_factory) -> Iterator[tuple]:
    proxy = CountingProxy()
    process, bot = start_bot(tmp_path_factory.mktemp("counted-bot"), E2E_CATALOGUE,
                             {"ACTION_SERVER_URL": proxy.url})
    proxy.target = f"{bot.action_url}/webhook"
    yield proxy, bot
    stop_bot(process, bot)
    proxy.server.shutdown()


def test_one_call_per_answer_during_the_questions(counted) -> None:
    proxy, bot = counted
    resident = Conversation(bot)
    # The greeting, then the form starts and asks its first question.
    assert proxy.calls_for(resident, "bonjour") == ["action_accueillir", "validate_situation_form"]
    form_only = ["validate_situation_form"]
    assert proxy.calls_for(resident, "24") == form_only  # the next question, asked in the same call
    assert proxy.calls_for(resident, "xqzw plop") == form_only  # not understood: asked again, in other words
    assert proxy.calls_for(resident, "bondy") == form_only
    assert proxy.calls_for(resident, "c'est quoi ?") == form_only  # explained, then asked again
    assert proxy.calls_for(resident, "jsp") == form_only  # skipped, said in one sentence, next question
    assert "Est-ce que quelque chose vous freine" in resident.text
    # The remaining questions, then the addresses (their own action, after the form's call).
    for answer in ("rien", "non", "non", "non"):
        calls = proxy.calls_for(resident, answer)
        if calls != form_only:
            break
    assert calls == ["validate_situation_form", "action_proposer_services"]
    assert any("fiche" in (m.get("custom") or {}) for m in resident.last)
