"""Rasa's SQL tracker store (SQLite or PostgreSQL, selected in endpoints.yml), storing less.

Three differences with `SQLTrackerStore`, which does all the storing:
- what the resident typed is masked before it is written, in messages and slot values of any
  type (phone numbers, e-mail addresses, social security numbers, IBANs, long free text: see
  masking.py); the bot has already read it;
- a conversation in which `action_effacer_donnees` ran ("effacer mes données") is deleted from
  the database, every session of it, and nothing of it is written again;
- when the database cannot be reached, the message fails (the channel tells the resident to try
  again), rather than go on with an empty conversation in memory (see bot/unavailable.py).
"""
from __future__ import annotations

import copy
import logging
from typing import Iterable, Iterator, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session

from bot.privacy import logs
from bot.unavailable import ConversationsUnavailable
from bot.privacy.masking import mask_text, mask_value

logs.install()  # Rasa loads this module (endpoints.yml): its logs hold no message text from now on

logger = logging.getLogger(__name__)

ERASE_ACTION = "action_effacer_donnees"


def minimised(event: Event) -> Event:
    if isinstance(event, UserUttered):
        masked = copy.deepcopy(event)
        masked.text = mask_text(event.text) if event.text else event.text
        masked.parse_data = mask_value(event.parse_data)
        masked.entities = masked.parse_data.get("entities", [])
        masked.metadata = mask_value(event.metadata)
        return masked
    if isinstance(event, SlotSet):  # whatever the value: text, list, mapping, nested
        return SlotSet(event.key, mask_value(event.value), timestamp=event.timestamp,
                       metadata=mask_value(event.metadata))
    return event


def erasure_requested(events: Iterable[Event]) -> bool:
    return any(isinstance(e, ActionExecuted) and e.action_name == ERASE_ACTION for e in events)


def _unavailable(error: DBAPIError) -> ConversationsUnavailable:
    logger.error("The conversations' database cannot be reached (%s)", type(error.orig).__name__)
    return ConversationsUnavailable(type(error.orig).__name__)


class PrivateSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            if erasure_requested(tracker.events):
                deleted = self.erase(tracker.sender_id)
                logger.info("Conversation erased at the resident's request (%d events deleted)", deleted)
                return
            await super().save(tracker)
        except (OperationalError, InterfaceError) as error:
            raise _unavailable(error) from None

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve(sender_id)
        except (OperationalError, InterfaceError) as error:
            raise _unavailable(error) from None

    async def retrieve_full_tracker(self, sender_id: str) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve_full_tracker(sender_id)
        except (OperationalError, InterfaceError) as error:
            raise _unavailable(error) from None

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events SQLTrackerStore.save writes (those not stored yet), masked: earlier ones
        were masked when they were written."""
        return (minimised(event) for event in super()._additional_events(session, tracker))

    def erase(self, sender_id: str) -> int:
        """Deletes every stored event of the conversation; returns how many there were."""
        with self.session_scope() as session:
            deleted = (session.query(self.SQLEvent)
                       .filter(self.SQLEvent.sender_id == sender_id)
                       .delete(synchronize_session=False))
            session.commit()
        return deleted
