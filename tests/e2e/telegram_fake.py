"""A fake Telegram Bot API server (real HTTP on 127.0.0.1) for the bridge's end-to-end tests.

It implements what python-telegram-bot calls, records every request, serves queued updates to
getUpdates (long polling: the request waits until an update comes or its timeout passes), and
can answer the next call of a method with an error (flood limit, server error).
"""
from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qsl

BOT_ID = 7000000001
BOT_USERNAME = "aiguillage_test_bot"
# Parameters PTB sends JSON-encoded (strings are sent as they are).
JSON_FIELDS = {"chat_id", "reply_markup", "latitude", "longitude", "offset", "timeout", "limit",
               "allowed_updates", "commands", "message_id", "drop_pending_updates",
               "max_connections", "show_alert", "cache_time", "disable_notification"}
TRUE_METHODS = {"deleteWebhook", "setWebhook", "setMyCommands", "answerCallbackQuery",
                "sendChatAction", "editMessageReplyMarkup", "close", "logOut", "deleteMyCommands"}
SEND_METHODS = {"sendMessage", "sendVenue", "sendLocation", "sendContact"}


@dataclass
class Call:
    method: str
    params: Dict[str, Any]
    refused: bool = False  # answered with an injected error

    @property
    def chat_id(self) -> Optional[int]:
        return self.params.get("chat_id")

    @property
    def keyboard(self) -> List[Dict[str, Any]]:
        """The inline keyboard's buttons, flattened."""
        markup = self.params.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class _Failure:
    method: str
    chat_id: Optional[int]
    status: int
    body: Dict[str, Any]

    def applies_to(self, method: str, params: Dict[str, Any]) -> bool:
        return method == self.method and self.chat_id in (None, params.get("chat_id"))


@dataclass
class FakeTelegram:
    token: str
    calls: List[Call] = field(default_factory=list)
    webhook_url: str = ""

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: List[Dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._failures: List[_Failure] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "FakeTelegram":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- what tests do ----------------------------------------------------------------------
    def queue(self, update: Dict[str, Any]) -> None:
        """Makes an update available to getUpdates (long polling)."""
        with self._lock:
            self._updates.append({"update_id": next(self._update_ids), **update})
            self._lock.notify_all()

    def numbered(self, update: Dict[str, Any]) -> Dict[str, Any]:
        """An update with its id, to post to a webhook."""
        return {"update_id": next(self._update_ids), **update}

    def fail_next(self, method: str, status: int, description: str,
                  parameters: Optional[Dict[str, Any]] = None, chat_id: Optional[int] = None) -> None:
        """The next call of `method` (for `chat_id` if given) gets this error."""
        body: Dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        with self._lock:
            self._failures.append(_Failure(method, chat_id, status, body))

    def calls_to(self, method: str, chat_id: Optional[int] = None) -> List[Call]:
        with self._lock:
            return [c for c in self.calls
                    if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def sent_to(self, chat_id: int) -> List[Call]:
        """Messages delivered to a chat (refused attempts left out), in order."""
        with self._lock:
            return [c for c in self.calls
                    if c.method in SEND_METHODS and c.chat_id == chat_id and not c.refused]

    def wait_until(self, condition: Callable[[], Any], timeout: float = 90.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"the fake Telegram server never saw what the test waited for; "
                                     f"calls: {[c.method for c in self.calls][-30:]}")
            time.sleep(0.2)  # conditions may ask Rasa for a tracker: not too often

    # --- the Bot API ------------------------------------------------------------------------
    def handle(self, token: str, method: str, params: Dict[str, Any]) -> tuple:
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        with self._lock:
            failure = next((f for f in self._failures if f.applies_to(method, params)), None)
            if failure:
                self._failures.remove(failure)
            self.calls.append(Call(method, params, refused=failure is not None))
            self._lock.notify_all()
        if failure:
            return failure.status, failure.body
        if method == "getMe":
            return 200, {"ok": True, "result": {"id": BOT_ID, "is_bot": True, "first_name": "Aiguillage",
                                                "username": BOT_USERNAME}}
        if method == "setWebhook":
            self.webhook_url = params.get("url", "")
        if method == "deleteWebhook":
            self.webhook_url = ""
        if method == "getWebhookInfo":
            return 200, {"ok": True, "result": {"url": self.webhook_url, "has_custom_certificate": False,
                                                "pending_update_count": 0}}
        if method in TRUE_METHODS:
            return 200, {"ok": True, "result": True}
        if method in SEND_METHODS:
            message = {"message_id": next(self._message_ids), "date": int(time.time()),
                       "chat": {"id": params.get("chat_id"), "type": "private"}}
            if method == "sendMessage":
                message["text"] = params.get("text", "")
            return 200, {"ok": True, "result": message}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def _get_updates(self, params: Dict[str, Any]) -> List[Dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._lock:
            self.calls.append(Call("getUpdates", params))
            self._lock.notify_all()
            while True:
                # Telegram forgets the updates below the offset: they were received.
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                remaining = deadline - time.monotonic()
                if self._updates or remaining <= 0:
                    return list(self._updates)
                self._lock.wait(min(remaining, 0.5))


def _handler_for(fake: FakeTelegram):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet test output
            pass

        def _params(self) -> Dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            if "json" in (self.headers.get("Content-Type") or ""):
                return json.loads(body or "{}")
            params: Dict[str, Any] = {}
            for name, value in parse_qsl(body, keep_blank_values=True):
                params[name] = json.loads(value) if name in JSON_FIELDS else value
            return params

        def _serve(self) -> None:
            parts = self.path.strip("/").split("/")
            if len(parts) != 2 or not parts[0].startswith("bot"):
                status, answer = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            else:
                status, answer = fake.handle(parts[0][3:], parts[1], self._params())
            data = json.dumps(answer).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _serve

    return Handler


# --- updates as Telegram sends them ---------------------------------------------------------
def _user(chat_id: int) -> Dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Habitant", "language_code": "fr"}


def _message(chat_id: int, **content: Any) -> Dict[str, Any]:
    return {"message": {"message_id": int(time.time() * 1000) % 1_000_000, "date": int(time.time()),
                        "chat": {"id": chat_id, "type": "private", "first_name": "Habitant"},
                        "from": _user(chat_id), **content}}


def text_update(chat_id: int, text: str) -> Dict[str, Any]:
    entities = []
    if text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return _message(chat_id, text=text, **({"entities": entities} if entities else {}))


def location_update(chat_id: int, latitude: float, longitude: float) -> Dict[str, Any]:
    return _message(chat_id, location={"latitude": latitude, "longitude": longitude})


def voice_update(chat_id: int) -> Dict[str, Any]:
    return _message(chat_id, voice={"file_id": "voice-1", "file_unique_id": "v1", "duration": 4,
                                    "mime_type": "audio/ogg"})


def photo_update(chat_id: int) -> Dict[str, Any]:
    return _message(chat_id, photo=[{"file_id": "photo-1", "file_unique_id": "p1", "width": 90,
                                     "height": 90}], caption="regardez")


def sticker_update(chat_id: int) -> Dict[str, Any]:
    return _message(chat_id, sticker={"file_id": "sticker-1", "file_unique_id": "s1", "type": "regular",
                                      "width": 512, "height": 512, "is_animated": False,
                                      "is_video": False})


def document_update(chat_id: int) -> Dict[str, Any]:
    return _message(chat_id, document={"file_id": "doc-1", "file_unique_id": "d1",
                                       "file_name": "cv.pdf", "mime_type": "application/pdf"})


def callback_update(chat_id: int, data: str, query_id: str) -> Dict[str, Any]:
    return {"callback_query": {
        "id": query_id, "from": _user(chat_id), "chat_instance": f"instance-{chat_id}", "data": data,
        "message": {"message_id": 1, "date": int(time.time()), "text": "…",
                    "chat": {"id": chat_id, "type": "private", "first_name": "Habitant"}}}}
