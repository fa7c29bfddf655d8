"""Concurrent scripted conversations over Rasa's REST channel, with per-turn latency and errors."""
from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Dict, List, Optional

import aiohttp

REQUEST_TIMEOUT_SECONDS = 30
MAX_ADAPTIVE_TURNS = 8  # questions answered after the scripted part, before giving up

Answer = List[Dict]


@dataclass
class Stats:
    """What one load level measured, from the client side."""

    latencies_ms: List[float] = field(default_factory=list)  # successful turns only
    errors: Dict[str, int] = field(default_factory=dict)  # kind -> count
    started: int = 0  # conversations started
    completed: int = 0  # conversations that went through their whole journey
    interrupted: int = 0  # conversations cut short by the level's wall-clock cap
    elapsed_s: float = 0.0
    surprises: List[str] = field(default_factory=list)  # answers the scripted resident could not handle

    def surprise(self, answer: "Answer") -> None:
        if len(self.surprises) < 5:
            self.surprises.append(" | ".join(m.get("text", "") for m in answer)[:300])

    @property
    def turns(self) -> int:
        return len(self.latencies_ms) + self.error_count

    @property
    def failed(self) -> int:
        """Conversations stopped by an error or an unexpected question."""
        return self.started - self.completed - self.interrupted

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Deadline(Exception):
    """The level's wall-clock cap is reached: the conversation stops where it is."""


class Conversation:
    """One resident: sends messages in turn, records each turn's latency or error."""

    def __init__(self, session: aiohttp.ClientSession, url: str, sender: str, stats: Stats,
                 deadline: float) -> None:
        self.session = session
        self.url = url + "/webhooks/rest/webhook"
        self.sender = sender
        self.stats = stats
        self.deadline = deadline

    async def say(self, message: str) -> Optional[Answer]:
        """The bot's answer, or None when the turn failed (counted as an error)."""
        if time.monotonic() > self.deadline:
            raise Deadline
        started = time.perf_counter()
        try:
            async with self.session.post(self.url, json={"sender": self.sender, "message": message}) as r:
                body = await r.json(content_type=None) if r.status == 200 else None
                status = r.status
        except asyncio.TimeoutError:
            self.stats.error("délai dépassé")
            return None
        except (aiohttp.ClientError, ValueError) as exc:
            self.stats.error(type(exc).__name__)
            return None
        elapsed_ms = (time.perf_counter() - started) * 1000
        if status != 200:
            self.stats.error(f"HTTP {status}")
            return None
        if not body:
            self.stats.error("réponse vide")
            return None
        self.stats.latencies_ms.append(elapsed_ms)
        return body


Journey = Callable[[Conversation], Awaitable[bool]]


def _buttons(answer: Answer) -> List[Dict]:
    return [b for message in answer for b in message.get("buttons") or []]


def results_shown(answer: Answer) -> bool:
    """The answer ends with Aiguillage's results menu (contact cards were sent)."""
    return any(b.get("payload", "").startswith(("/details_service", "/plus_de_resultats"))
               for b in _buttons(answer))


def reply_to_question(answer: Answer) -> Optional[str]:
    """How the scripted resident answers a remaining question: "no" (a yes/no question, or none of
    the statuses listed), or the first neighbourhood."""
    buttons = _buttons(answer)
    if any(b.get("payload") == "/nier" for b in buttons):
        return "/nier"
    if any('"quartier"' in b.get("payload", "") for b in buttons):
        return buttons[0]["payload"]
    return None


AIGUILLAGE_SCRIPT = ["bonjour", "j'ai 24 ans", "j'habite à Montreuil", "je cherche du travail",
                     "pas de permis"]


async def aiguillage_journey(conversation: Conversation) -> bool:
    """A full orientation: situation, remaining yes/no questions, contact cards, more addresses."""
    answer: Optional[Answer] = None
    for message in AIGUILLAGE_SCRIPT:
        answer = await conversation.say(message)
        if answer is None:
            return False
    for _ in range(MAX_ADAPTIVE_TURNS):
        if results_shown(answer):
            break
        reply = reply_to_question(answer)
        if reply is None:
            conversation.stats.surprise(answer)
            return False
        answer = await conversation.say(reply)
        if answer is None:
            return False
    else:
        conversation.stats.surprise(answer)
        return False
    return await conversation.say("d'autres adresses") is not None


STOCK_SCRIPT = ["hi", "I am sad", "yes", "are you a bot?", "great", "bye"]


async def stock_journey(conversation: Conversation) -> bool:
    """The moodbot's own journey: greeting, sad, cheered up, bot challenge, goodbye."""
    for message in STOCK_SCRIPT:
        if await conversation.say(message) is None:
            return False
    return True


async def run_level(url: str, journey: Journey, concurrency: int, conversations: int,
                    max_seconds: float, label: str) -> Stats:
    """`concurrency` residents talk at the same time until `conversations` are done or time is up."""
    stats = Stats()
    numbers = itertools.count()
    run_id = uuid.uuid4().hex[:6]
    started = time.monotonic()
    deadline = started + max_seconds
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(limit=concurrency)

    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        async def resident() -> None:
            while time.monotonic() < deadline:
                number = next(numbers)
                if number >= conversations:
                    return
                stats.started += 1
                sender = f"bench-{label}-{run_id}-{number}"
                try:
                    if await journey(Conversation(session, url, sender, stats, deadline)):
                        stats.completed += 1
                except Deadline:
                    stats.interrupted += 1
                    return

        await asyncio.gather(*(resident() for _ in range(concurrency)))
    stats.elapsed_s = time.monotonic() - started
    return stats


def percentile(values: List[float], fraction: float) -> float:
    """Nearest-rank percentile (the same definition as bench_matching.py)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
