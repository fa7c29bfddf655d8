"""One worker per chat, created on demand: a chat's messages are handled one at a time and in
the order they arrived, while different chats proceed side by side."""
from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Awaitable, Callable, Coroutine, Deque, Dict, Hashable

Job = Callable[[], Awaitable[None]]
Spawn = Callable[[Coroutine], "asyncio.Task"]

LOGGER = logging.getLogger(__name__)


class ChatQueues:
    def __init__(self, spawn: Spawn = asyncio.ensure_future) -> None:
        self._spawn = spawn  # the application's create_task: its stop() waits for the workers
        self._pending: Dict[Hashable, Deque[Job]] = {}

    def submit(self, chat: Hashable, job: Job) -> None:
        """Must be called in arrival order; returns at once."""
        if chat in self._pending:
            self._pending[chat].append(job)
        else:
            self._pending[chat] = deque([job])
            self._spawn(self._work(chat))

    @property
    def busy_chats(self) -> int:
        return len(self._pending)

    async def _work(self, chat: Hashable) -> None:
        jobs = self._pending[chat]
        while jobs:
            job = jobs[0]
            try:
                await job()
            except Exception as error:  # one failed job must not stop the chat's next messages
                LOGGER.error("a message could not be handled (%s)", type(error).__name__)
            jobs.popleft()
        del self._pending[chat]  # no await since the last check: no job can slip in between
