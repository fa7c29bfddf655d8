"""Rasa's socket.io channel as the web chat widget needs it (web/widget/aiguillage-widget.js).

Rasa 3.6's own channel (rasa.core.channels.socketio) has two faults with the python-socketio
this project runs (5.18):
- `session_request` calls `sio.enter_room()` without awaiting it (a coroutine since
  python-socketio 5.10): the socket never joins its conversation's room, so with
  session_persistence no answer reaches the browser (Rasa issue 13027);
- `send_custom_json` passes the custom object as keyword arguments of `emit()`: the contact
  card's {"fiche": ...} raises TypeError. Here the custom object is the event's body.
It also accepts only conversation ids it could have made itself (32 hex digits, random), so a
page cannot join another channel's conversation ("telegram-…") by naming it, and it takes a
message only for the conversation its socket has joined.
"""
from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot import settings
from bot.channels.answering import never_silent
from bot.channels.rate_limit import ChatRateLimiter, Verdict
from bot.client_address import client_address

logger = logging.getLogger(__name__)

SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
# A family or a job desk's shared computer opens a few conversations an hour; a script, hundreds.
NEW_CONVERSATIONS_PER_HOUR = settings.current().new_conversations_per_hour
TOO_MANY_CONVERSATIONS = ("Trop de nouvelles conversations ont été ouvertes depuis cette connexion. "
                          "Réessayez dans une heure, ou appelez France Travail au 39 49.")


def conversation_id(requested: Any) -> str:
    """The id the browser kept if it is one of ours, else a new random one."""
    if isinstance(requested, str) and SESSION_ID.match(requested):
        return requested
    return uuid.uuid4().hex


class WebSocketIOOutput(SocketIOOutput):
    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, json_message)


class WebSocketIOInput(SocketIOInput):
    """Same settings as Rasa's `socketio` channel (credentials.yml), same events."""

    def _address(self, sid: Text) -> str:
        environ = self.sio.get_environ(sid, namespace=self.namespace) or {}
        return client_address(environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR"))

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.sio is None:
            return super().get_output_channel()  # warns and returns None, as Rasa's does
        return WebSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Rasa's blueprint brings the server, its health route and the connect handlers;
        # the two handlers below replace Rasa's for the same events.
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        answer = never_silent(on_new_message)
        new_conversations = ChatRateLimiter(NEW_CONVERSATIONS_PER_HOUR, 3600.0)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = conversation_id(requested)
            if session_id != requested and new_conversations.check(self._address(sid)) is not Verdict.ACCEPT:
                # A script opening conversation after conversation: no more from this address for now.
                await sio.emit(self.bot_message_evt, {"text": TOO_MANY_CONVERSATIONS}, room=sid,
                               namespace=self.namespace)
                await sio.disconnect(sid, namespace=self.namespace)
                return
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                return
            if self.session_persistence:
                session_id = data.get("session_id")
                if not isinstance(session_id, str) or session_id not in sio.rooms(sid, namespace=self.namespace):
                    logger.warning("socket.io message for a conversation its socket has not joined: ignored")
                    return
                sender_id = session_id
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key)
            await answer(UserMessage(
                data["message"], WebSocketIOOutput(sio, self.bot_message_evt), sender_id,
                input_channel=self.name(), metadata=metadata if isinstance(metadata, dict) else {},
            ))

        return blueprint
