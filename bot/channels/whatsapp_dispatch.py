"""Background processing of webhook messages: one at a time per resident, in arrival order,
residents in parallel; a message id seen again (Meta re-delivers) is processed only once."""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from typing import Awaitable, Callable, Deque, Dict, Generic, Hashable, Set, TypeVar

logger = logging.getLogger(__name__)

Item = TypeVar("Item")


class RecentIds:
    """The last `size` ids seen, to drop Meta's re-deliveries of a message."""

    def __init__(self, size: int = 5000) -> None:
        self._size = size
        self._ids: "OrderedDict[str, None]" = OrderedDict()

    def first_time(self, message_id: str) -> bool:
        if message_id in self._ids:
            return False
        self._ids[message_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


class OrderedDispatcher(Generic[Item]):
    """Runs `handle(item)` for each submitted item: sequentially for one key, concurrently across keys."""

    def __init__(self, handle: Callable[[Item], Awaitable[None]]) -> None:
        self._handle = handle
        self._queues: Dict[Hashable, Deque[Item]] = {}
        self._tasks: Set[asyncio.Task] = set()

    def submit(self, key: Hashable, item: Item) -> None:
        queue = self._queues.get(key)
        if queue is not None:  # its worker is running and will take it after the others
            queue.append(item)
            return
        queue = self._queues[key] = deque([item])
        task = asyncio.get_running_loop().create_task(self._work(key, queue))
        self._tasks.add(task)  # keep a reference: the loop only holds tasks weakly
        task.add_done_callback(self._tasks.discard)

    @property
    def pending(self) -> int:
        return sum(len(q) for q in self._queues.values())

    async def wait_idle(self, timeout: float) -> bool:
        """Waits (at most `timeout` seconds) until every submitted item was handled."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)
        return not self._tasks

    async def _work(self, key: Hashable, queue: Deque[Item]) -> None:
        try:
            while queue:
                try:
                    await self._handle(queue[0])
                except Exception as exc:  # one failing message must not stop the others
                    logger.error("A WhatsApp message could not be handled: %s", type(exc).__name__)
                    logger.debug("Handling failure", exc_info=True)
                queue.popleft()
        finally:
            del self._queues[key]
