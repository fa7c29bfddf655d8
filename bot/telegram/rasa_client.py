"""Rasa's REST channel: one resident message in, the bot's answers out."""
from __future__ import annotations

from typing import Any, Dict, List

import httpx

from bot.channels.kit.retry import RetryPolicy
from bot.channels.pseudonyms import CHANNEL_HEADER, channel_token

# Retried only when the message certainly did not reach Rasa (no connection, Rasa starting),
# so that a message is never handled twice: 4 attempts over about 7 seconds (waits of 1, 2, 4 s).
RETRY = RetryPolicy(attempts=4, first_delay=1.0, max_delay=4.0)
RETRYABLE_STATUS = {502, 503, 504}
# A long message or a busy machine can take Rasa several seconds; a minute means it is stuck.
TIMEOUT = httpx.Timeout(60.0, connect=5.0)


class RasaUnavailable(Exception):
    """No answer from Rasa for this message."""


class _NotReached(Exception):
    """The message did not reach Rasa: sending it again cannot handle it twice."""


class RasaClient:
    def __init__(self, base_url: str, retry: RetryPolicy = RETRY) -> None:
        self._url = f"{base_url}/webhooks/rest/webhook"
        self._retry = retry
        # The conversation ids are "telegram-…": the REST channel wants this machine's channel token.
        self._client = httpx.AsyncClient(timeout=TIMEOUT, headers={CHANNEL_HEADER: channel_token()})

    async def close(self) -> None:
        await self._client.aclose()

    async def send(self, sender: str, text: str) -> List[Dict[str, Any]]:
        try:
            response = await self._retry.call(lambda: self._post(sender, text),
                                              lambda e: isinstance(e, _NotReached))
        except _NotReached as error:
            raise RasaUnavailable(f"no connection after {self._retry.attempts} attempts ({error})") from error
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            answers = response.json()
        except ValueError as error:
            raise RasaUnavailable("not JSON") from error
        if not isinstance(answers, list):
            raise RasaUnavailable("not a list")
        return answers

    async def _post(self, sender: str, text: str) -> httpx.Response:
        try:
            response = await self._client.post(self._url, json={"sender": sender, "message": text})
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise _NotReached(type(error).__name__) from error
        except httpx.HTTPError as error:  # it may have been handled: not sent again
            raise RasaUnavailable(type(error).__name__) from error
        if response.status_code in RETRYABLE_STATUS:
            raise _NotReached(f"HTTP {response.status_code}")
        return response
