"""One queue per conversation: its messages are handled one at a time, in the order they
arrived, while other conversations go on side by side (a slow answer in one never holds up the
others). A worker is created when a conversation has something to do and ends when it has
nothing left. A failing job is logged (its kind only, never a text) and the next one runs."""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Awaitable, Callable, Coroutine, Deque, Dict, Hashable, Optional, Set

Job = Callable[[], Awaitable[None]]
Spawn = Callable[[Coroutine], "asyncio.Task"]

logger = logging.getLogger(__name__)


class ConversationQueues:
    def __init__(self, spawn: Optional[Spawn] = None) -> None:
        # spawn: how workers are started, e.g. PTB's create_task, whose stop() waits for them.
        self._spawn = spawn
        self._pending: Dict[Hashable, Deque[Job]] = {}
        self._workers: Set["asyncio.Future"] = set()

    def submit(self, conversation: Hashable, job: Job) -> None:
        """Must be called in arrival order; returns at once."""
        if conversation in self._pending:  # its worker is running and will take it after the others
            self._pending[conversation].append(job)
            return
        self._pending[conversation] = deque([job])
        spawn = self._spawn or asyncio.get_running_loop().create_task
        worker = spawn(self._work(conversation))
        self._workers.add(worker)  # keep a reference: the loop only holds tasks weakly
        worker.add_done_callback(self._workers.discard)

    @property
    def busy_conversations(self) -> int:
        return len(self._pending)

    @property
    def pending(self) -> int:
        """Jobs not finished yet, the running ones included."""
        return sum(len(jobs) for jobs in self._pending.values())

    async def wait_idle(self, timeout: float) -> bool:
        """Waits (at most `timeout` seconds) until every submitted job has run."""
        if self._workers:
            await asyncio.wait(set(self._workers), timeout=timeout)
        return not self._workers

    async def _work(self, conversation: Hashable) -> None:
        jobs = self._pending[conversation]
        try:
            while jobs:
                try:
                    await jobs[0]()
                except Exception as error:  # one failed message must not stop the next ones
                    logger.error("a message could not be handled (%s)", type(error).__name__)
                jobs.popleft()
        finally:
            del self._pending[conversation]  # no await since the last check: nothing slips in between
