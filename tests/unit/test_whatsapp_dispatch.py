"""Background handling: in order for one resident, residents in parallel, nothing dropped on failure."""
from __future__ import annotations

import asyncio
from typing import List, Tuple

from bot.channels.whatsapp_dispatch import OrderedDispatcher, RecentIds


async def test_one_residents_messages_are_handled_one_at_a_time_in_order() -> None:
    events: List[Tuple[str, str]] = []

    async def handle(item: str) -> None:
        events.append(("start", item))
        await asyncio.sleep(0)  # let anything else run: it must not be this resident's next message
        await asyncio.sleep(0)
        events.append(("end", item))

    dispatcher = OrderedDispatcher(handle)
    for item in ("un", "deux", "trois"):
        dispatcher.submit("awa", item)
    assert await dispatcher.wait_idle(timeout=5)
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

    dispatcher = OrderedDispatcher(handle)
    dispatcher.submit("awa", "lent")
    await first_started.wait()
    dispatcher.submit("bilal", "rapide")
    for _ in range(5):
        await asyncio.sleep(0)
    assert handled == ["rapide"]  # handled while Awa's message is still in progress
    release.set()
    assert await dispatcher.wait_idle(timeout=5)
    assert handled == ["rapide", "lent"]


async def test_a_failing_message_does_not_stop_the_next_ones() -> None:
    handled: List[str] = []

    async def handle(item: str) -> None:
        if item == "casse":
            raise RuntimeError("boom")
        handled.append(item)

    dispatcher = OrderedDispatcher(handle)
    for item in ("avant", "casse", "après"):
        dispatcher.submit("awa", item)
    assert await dispatcher.wait_idle(timeout=5)
    assert handled == ["avant", "après"] and dispatcher.pending == 0


async def test_a_message_arriving_after_the_queue_emptied_is_handled_too() -> None:
    handled: List[str] = []

    async def handle(item: str) -> None:
        handled.append(item)

    dispatcher = OrderedDispatcher(handle)
    dispatcher.submit("awa", "un")
    assert await dispatcher.wait_idle(timeout=5)
    dispatcher.submit("awa", "deux")
    assert await dispatcher.wait_idle(timeout=5)
    assert handled == ["un", "deux"]


def test_recent_ids_spot_redeliveries_within_their_memory() -> None:
    recent = RecentIds(size=2)
    assert recent.first_time("a") and recent.first_time("b")
    assert not recent.first_time("a")
    assert recent.first_time("c")  # "a" is now the oldest of three: forgotten
    assert recent.first_time("a")
