"""Rasa's Redis lock store, made safe for several Rasa replicas (endpoints.yml, LOCK_STORE).

Rasa 3.6's RedisLockStore reads a conversation's ticket lock, changes it and writes it back
without any atomicity: two replicas receiving a message of the same resident at the same moment
both get the same ticket and process the two messages at once (RasaHQ/rasa#9213; the fix,
ConcurrentRedisLockStore, was reverted from Rasa Open Source and kept for Rasa Pro). Measured here:
6 times out of 10 the second message did not see the first one's answer. Besides, a message
waiting behind a replica that died could see its own ticket expire while it waited, and then
wait forever.

This class keeps Rasa's ticket lock (first come, first served, tickets expire so that a dead
replica cannot block a conversation) and changes two things:
- every change of a lock is one Redis transaction (WATCH / MULTI / EXEC, retried on conflict);
- a waiting message renews its ticket at each check: only the ticket of a replica that died (or
  of a message processed for longer than the lifetime) expires.
"""
from __future__ import annotations

import asyncio
import json
import time
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Callable, Optional, Text, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds a lock store named by its module path with the endpoint config only;
        # the settings are those of `type: redis` (url, port, db, password...).
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _change(self, conversation_id: Text, change: Callable[[TicketLock], T]) -> T:
        """Apply `change` to the conversation's lock in one transaction; an empty lock is deleted."""
        key = self.key_prefix + conversation_id

        def transaction(pipe) -> T:
            stored = pipe.get(key)
            lock = (TicketLock.from_dict(json.loads(stored)) if stored
                    else TicketLock(conversation_id))
            result = change(lock)
            pipe.multi()
            if lock.tickets:
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as e:
            raise LockError(f"Error while acquiring lock. Error:\n{e}") from e

    def update_lock(self, conversation_id: Text) -> None:
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        # Removing the last ticket deletes the lock in the same transaction.
        self.finish_serving(conversation_id, ticket_number)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._wait_for_turn(conversation_id, ticket, lock_lifetime,
                                            wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, ticket)

    async def _wait_for_turn(self, conversation_id: Text, ticket: int, lifetime: float,
                             wait_time_in_seconds: float) -> TicketLock:
        def renew(lock: TicketLock) -> Optional[TicketLock]:
            lock.remove_expired_tickets()
            own = next((t for t in lock.tickets if t.number == ticket), None)
            if own is None:
                return None
            own.expires = time.time() + lifetime  # still here, still waiting (or starting now)
            return lock

        while True:
            lock = self._change(conversation_id, renew)
            if lock is None:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)
