"""One Rasa replica and one action server die (SIGKILL) in the middle of 20 conversations:
no resident loses a message. Runs last (it leaves those two servers down)."""
from __future__ import annotations

import asyncio
import os
import signal
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import aiohttp
import pytest

from .conftest import REQUEST_TIMEOUT, ProdStack, new_sender, port_of, port_open

CONVERSATIONS = 20
JOURNEY = ["bonjour", "j'ai 24 ans", "j'habite à Pantin", "je cherche du travail", "pas de permis",
           "non", "non", "/ne_sait_pas", "d'autres adresses"]
KILL_AFTER_TURNS = 2 * CONVERSATIONS  # about two turns into every conversation


@dataclass
class Resident:
    sender: str
    answers: List[Optional[List[Dict]]] = field(default_factory=list)  # one per message sent
    errors: List[str] = field(default_factory=list)  # each failed attempt (then retried once)
    turns_after_kill: int = 0


@dataclass
class Run:
    turns: int = 0
    killed: asyncio.Event = field(default_factory=asyncio.Event)
    in_progress_at_kill: int = 0


async def say(session: aiohttp.ClientSession, url: str, resident: Resident, message: str) -> None:
    """Send one message like a channel does: once more after an error, then give up."""
    for _attempt in range(2):
        try:
            async with session.post(f"{url}/webhooks/rest/webhook",
                                    json={"sender": resident.sender, "message": message}) as response:
                if response.status == 200:
                    resident.answers.append(await response.json())
                    return
                resident.errors.append(f"HTTP {response.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            resident.errors.append(type(error).__name__)
    resident.answers.append(None)


async def converse(session: aiohttp.ClientSession, stack: ProdStack, resident: Resident, run: Run,
                   kill_now: asyncio.Event) -> None:
    for message in JOURNEY:
        killed_before = run.killed.is_set()
        await say(session, stack.rest_url, resident, message)
        resident.turns_after_kill += killed_before
        run.turns += 1
        if run.turns >= KILL_AFTER_TURNS:
            kill_now.set()


async def kill_one_replica_and_one_action_server(stack: ProdStack, residents: List[Resident],
                                                 run: Run, kill_now: asyncio.Event) -> None:
    await kill_now.wait()
    os.kill(stack.pid("rasa-1"), signal.SIGKILL)
    os.kill(stack.pid("actions-2"), signal.SIGKILL)
    run.in_progress_at_kill = sum(0 < len(r.answers) < len(JOURNEY) for r in residents)
    run.killed.set()


async def twenty_conversations(stack: ProdStack) -> List[Resident]:
    residents = [Resident(new_sender("panne")) for _ in range(CONVERSATIONS)]
    run, kill_now = Run(), asyncio.Event()
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(kill_one_replica_and_one_action_server(stack, residents, run, kill_now),
                             *(converse(session, stack, r, run, kill_now) for r in residents))
    assert run.killed.is_set() and run.in_progress_at_kill > 0  # the kill hit running conversations
    print(f"\n{run.in_progress_at_kill} conversations en cours au moment des arrêts ; "
          f"{sum(len(r.errors) for r in residents)} envoi(s) refait(s) après une erreur ; "
          f"{sum(r.turns_after_kill for r in residents)} messages envoyés après les arrêts")
    return residents


def is_subsequence(expected: List[str], actual: List[str]) -> bool:
    remaining = iter(actual)
    return all(any(x == y for y in remaining) for x in expected)


@pytest.mark.kills_servers
def test_killing_a_replica_and_an_action_server_loses_no_message(prod_stack: ProdStack) -> None:
    residents = asyncio.run(twenty_conversations(prod_stack))

    # The two servers are really gone (their ports closed), the other two still answer.
    for url in (prod_stack.rasa_urls[0], prod_stack.action_urls[1]):
        assert not port_open(port_of(url)), f"{url} still answers after SIGKILL"

    # Every message of every resident got an answer (after at most one retry).
    unanswered = [(r.sender, JOURNEY[i], r.errors) for r in residents
                  for i, answer in enumerate(r.answers) if not answer]
    assert not unanswered, unanswered
    assert all(len(r.answers) == len(JOURNEY) for r in residents)
    assert sum(r.turns_after_kill for r in residents) > 0

    for resident in residents:
        # PostgreSQL holds every message (a retried one may be there twice), in order.
        stored = prod_stack.user_texts(resident.sender)
        assert is_subsequence(JOURNEY, stored), (resident.sender, stored)
        # And the conversation went on where it was: the situation is complete.
        slots = prod_stack.tracker(resident.sender, 1)["slots"]
        assert (slots["age"], slots["commune"], slots["besoin"]) == (24, "Pantin", "emploi")
        assert "mobilite" in slots["freins"]

