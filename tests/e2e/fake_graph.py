"""A fake of Meta's Graph API for the WhatsApp channel: a real HTTP server on 127.0.0.1 that
records every message the bot sends (`POST /<version>/<phone_number_id>/messages`)."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional

VERSION = "v25.0"


@dataclass
class Request:
    path: str
    authorization: Optional[str]
    body: Dict[str, Any]

    @property
    def to(self) -> str:
        return self.body.get("to", "")

    @property
    def type(self) -> str:
        return self.body.get("type", "")


class FakeGraph:
    def __init__(self) -> None:
        self.requests: List[Request] = []  # every POST, including those answered with an error
        self._failures: List[int] = []
        self._changed = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"invalid_json": raw.decode("utf-8", "replace")}
                status = fake._record(Request(self.path, self.headers.get("Authorization"), body))
                answer = ({"messaging_product": "whatsapp", "messages": [{"id": f"wamid.fake{len(fake.requests)}"}]}
                          if status == 200 else
                          {"error": {"message": "Service temporarily unavailable", "type": "OAuthException",
                                     "code": 2, "is_transient": True}})
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/{VERSION}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "FakeGraph":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, count: int, status: int = 503) -> None:
        """The next `count` POSTs are answered with `status` (a temporary outage of Meta)."""
        with self._changed:
            self._failures.extend([status] * count)

    def _record(self, request: Request) -> int:
        with self._changed:
            self.requests.append(request)
            status = self._failures.pop(0) if self._failures else 200
            self._changed.notify_all()
            return status

    def sent_to(self, wa_id: str) -> List[Request]:
        with self._changed:
            return [r for r in self.requests if r.to == wa_id]

    def wait_for(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("the fake Graph API did not receive what was expected")
                self._changed.wait(left)


# The WhatsApp settings the e2e bot runs with (scripts/run.sh passes them to credentials.yml).
VERIFY_TOKEN = "jeton-verification-e2e"
APP_SECRET = "secret-app-meta-e2e"
ACCESS_TOKEN = "jeton-acces-e2e"
PHONE_NUMBER_ID = "100000000000001"


def whatsapp_env(fake: FakeGraph) -> Dict[str, str]:
    return {"WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN, "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN, "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_API_BASE_URL": fake.base_url}
