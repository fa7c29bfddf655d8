"""bot/redis_lock_store.py against the stack's real Redis: one message of a conversation at a time
across replicas (each replica is a lock store with its own connection), and a conversation
whose lock was held by a replica that died is not blocked for ever."""
from __future__ import annotations

import asyncio
import threading
import uuid
from typing import List

from rasa.utils.endpoints import EndpointConfig

from bot.redis_lock_store import AtomicRedisLockStore

from .conftest import ProdStack

WAIT_SECONDS = 60  # a hang detector, not a performance assertion


def new_store(stack: ProdStack) -> AtomicRedisLockStore:
    secrets = dict(line.split("=", 1) for line in (stack.folder / "secrets.env").read_text().split())
    return AtomicRedisLockStore(EndpointConfig(
        url="127.0.0.1", type="bot.redis_lock_store.AtomicRedisLockStore",
        port=stack.env["PROD_REDIS_PORT"], db=2, password=secrets["REDIS_PASSWORD"]))


def test_replicas_never_hold_a_conversation_at_the_same_time(prod_stack: ProdStack) -> None:
    conversation = f"verrou-{uuid.uuid4().hex[:8]}"
    holders: List[str] = []  # who is inside, as each one enters and leaves
    overlaps: List[List[str]] = []
    done: List[str] = []
    start = threading.Barrier(4)

    async def messages(name: str) -> None:
        store = new_store(prod_stack)  # one connection per "replica"
        for turn in range(10):
            async with store.lock(conversation, lock_lifetime=30, wait_time_in_seconds=0.01):
                holders.append(name)
                if len(holders) > 1:
                    overlaps.append(list(holders))
                await asyncio.sleep(0.005)  # the message being processed
                holders.remove(name)
            done.append(f"{name}-{turn}")

    def replica(name: str) -> None:
        start.wait()
        asyncio.run(messages(name))

    threads = [threading.Thread(target=replica, args=(f"r{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    assert len(done) == 40 and not overlaps, overlaps[:3]
    assert new_store(prod_stack).get_lock(conversation) is None  # nothing left behind


async def test_a_message_behind_a_dead_replica_gets_its_turn(prod_stack: ProdStack) -> None:
    conversation = f"verrou-{uuid.uuid4().hex[:8]}"
    dead_replica, survivor = new_store(prod_stack), new_store(prod_stack)
    dead_replica.issue_ticket(conversation, lock_lifetime=2)  # then killed: never released
    # The survivor's ticket is issued right after: it must not expire while it waits its turn.
    async def take_turn() -> str:
        async with survivor.lock(conversation, lock_lifetime=2, wait_time_in_seconds=0.5) as lock:
            return lock.conversation_id

    assert await asyncio.wait_for(take_turn(), WAIT_SECONDS) == conversation
    assert survivor.get_lock(conversation) is None
