"""One queue per conversation (bot/channels/kit/ordered.py): in order for one conversation,
conversations side by side, nothing dropped on failure, every job done before stopping."""
from __future__ import annotations

import asyncio
import random
from typing import Awaitable, Callable, Dict, List, Set, Tuple

from bot.channels.kit.ordered import ConversationQueues


def job_of(handle: Callable[[str], Awaitable[None]], item: str) -> Callable[[], Awaitable[None]]:
    return lambda: handle(item)


async def test_one_residents_messages_are_handled_one_at_a_time_in_order() -> None:
    events: List[Tuple[str, str]] = []

    async def handle(item: str) -> None:
        events.append(("start", item))
        await asyncio.sleep(0)  # let anything else run: it must not be this resident's next message
        await asyncio.sleep(0)
        events.append(("end", item))

    queues = ConversationQueues()
    for item in ("un", "deux", "trois"):
        queues.submit("awa", job_of(handle, item))
    assert await queues.wait_idle(timeout=5)
    assert events == [("start", "un"), ("end", "un"), ("start", "deux"), ("end", "deux"),
                      ("start", "trois"), ("end", "trois")]


async def test_another_resident_is_not_kept_waiting() -> None:
    first_started, release = asyncio.Event(), asyncio.Event()
    handled: List[str] = []

    async def handle(item: str) -> None:
        if item == "lent":
            first_started.set()
            await release.wait()
        handled.append(item)

    queues = ConversationQueues()
    queues.submit("awa", job_of(handle, "lent"))
    await first_started.wait()
    queues.submit("bilal", job_of(handle, "rapide"))
    for _ in range(5):
        await asyncio.sleep(0)
    assert handled == ["rapide"]  # handled while Awa's message is still in progress
    release.set()
    assert await queues.wait_idle(timeout=5)
    assert handled == ["rapide", "lent"]


async def test_one_chat_in_order_chats_side_by_side() -> None:
    done = []
    release_a = asyncio.Event()

    def job(chat: str, number: int, wait: bool = False):
        async def run() -> None:
            if wait:
                await release_a.wait()
            done.append((chat, number))
        return run

    queues = ConversationQueues()
    queues.submit("a", job("a", 1, wait=True))
    queues.submit("a", job("a", 2))
    queues.submit("b", job("b", 1))
    await asyncio.sleep(0.01)
    assert done == [("b", 1)]  # chat b did not wait for chat a
    release_a.set()
    while queues.busy_conversations:
        await asyncio.sleep(0.01)
    assert done == [("b", 1), ("a", 1), ("a", 2)]


async def test_a_failing_message_does_not_stop_the_next_ones() -> None:
    handled: List[str] = []

    async def handle(item: str) -> None:
        if item == "casse":
            raise RuntimeError("boom")
        handled.append(item)

    queues = ConversationQueues()
    for item in ("avant", "casse", "après"):
        queues.submit("awa", job_of(handle, item))
    assert await queues.wait_idle(timeout=5)
    assert handled == ["avant", "après"] and queues.pending == 0 and queues.busy_conversations == 0


async def test_a_message_arriving_after_the_queue_emptied_is_handled_too() -> None:
    handled: List[str] = []

    async def handle(item: str) -> None:
        handled.append(item)

    queues = ConversationQueues()
    queues.submit("awa", job_of(handle, "un"))
    assert await queues.wait_idle(timeout=5)
    queues.submit("awa", job_of(handle, "deux"))
    assert await queues.wait_idle(timeout=5)
    assert handled == ["un", "deux"]


async def test_order_holds_under_concurrency() -> None:
    """20 conversations, 15 messages each, submitted interleaved while others run, each taking a
    random time: every conversation sees its messages in order, never two at once; conversations
    do overlap."""
    rng = random.Random(12)
    handled: Dict[int, List[int]] = {c: [] for c in range(20)}
    running: Set[int] = set()
    overlapped = []

    def job(conversation: int, number: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            assert conversation not in running  # one at a time within a conversation
            running.add(conversation)
            overlapped.append(len(running))
            await asyncio.sleep(rng.random() / 500)
            handled[conversation].append(number)
            running.discard(conversation)
        return run

    queues = ConversationQueues()
    for number in range(15):
        for conversation in rng.sample(range(20), 20):
            queues.submit(conversation, job(conversation, number))
        await asyncio.sleep(rng.random() / 1000)  # new messages while others are being handled
    assert await queues.wait_idle(timeout=10)
    assert all(numbers == list(range(15)) for numbers in handled.values())
    assert max(overlapped) > 1


async def test_workers_are_started_by_the_given_spawn() -> None:
    spawned = []
    loop = asyncio.get_running_loop()

    def spawn(coroutine):
        spawned.append(coroutine)
        return loop.create_task(coroutine)

    async def nothing() -> None:
        return None

    queues = ConversationQueues(spawn=spawn)
    queues.submit("a", nothing)
    queues.submit("a", nothing)  # the same worker takes it
    queues.submit("b", nothing)
    assert await queues.wait_idle(timeout=5)
    assert len(spawned) == 2
