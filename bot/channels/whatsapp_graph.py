"""Sends messages through Meta's Graph API (`POST <base>/<phone_number_id>/messages`), retrying
network errors, rate limits and server errors with the channels' retry policy (kit/retry.py).

Logs never contain the message or the recipient: only the HTTP status and Meta's error code.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Optional

import aiohttp

from bot.channels.kit.retry import RetryPolicy

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://graph.facebook.com/v25.0"
# Waits of 0.5, 1, 2 and 4 seconds between 5 attempts (docs/whatsapp.md).
RETRY = RetryPolicy(attempts=5, first_delay=0.5, max_delay=8.0)
REQUEST_TIMEOUT_SECONDS = 20


class NotTaken(Exception):
    """Meta did not take the message this time (network, rate limit, server error)."""


class Refused(Exception):
    """Meta refused the message: sending it again would not help."""


def is_retryable(status: int) -> bool:
    return status == 429 or status >= 500


class GraphClient:
    def __init__(self, base_url: str, phone_number_id: str, access_token: str) -> None:
        self.url = f"{(base_url or DEFAULT_API_BASE_URL).rstrip('/')}/{phone_number_id}/messages"
        self._headers = {"Authorization": f"Bearer {access_token}"}
        self._session: Optional[aiohttp.ClientSession] = None

    async def send(self, message: Dict[str, Any]) -> bool:
        """Posts one message; True once Meta accepted it, False when it was given up (logged)."""
        kind = message.get("type")

        def log_retry(error: BaseException, attempt: int, _wait: float) -> None:
            logger.warning("WhatsApp did not take a %s message (%s): attempt %d of %d",
                           kind, error, attempt, RETRY.attempts)

        try:
            await RETRY.call(lambda: self._post(message), lambda e: isinstance(e, NotTaken),
                             on_retry=log_retry)
        except Refused as error:
            logger.error("WhatsApp refused a %s message: %s", kind, error)
            return False
        except NotTaken as error:
            logger.error("WhatsApp message (%s) given up after %d attempts: %s", kind, RETRY.attempts, error)
            return False
        return True

    async def _post(self, message: Dict[str, Any]) -> None:
        try:
            async with self._client().post(self.url, json=message, headers=self._headers) as response:
                if response.status < 300:
                    return
                problem = f"HTTP {response.status} {await _error_summary(response)}"
                raise (NotTaken if is_retryable(response.status) else Refused)(problem)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise NotTaken(type(error).__name__) from error

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _client(self) -> aiohttp.ClientSession:
        # Created on first use, inside the server's event loop.
        if self._session is None or self._session.closed:
            timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
            self._session = aiohttp.ClientSession(timeout=timeout)
        return self._session


async def _error_summary(response: aiohttp.ClientResponse) -> str:
    """Meta's error code and type (its message may quote what was sent: left out)."""
    try:
        error = (await response.json(content_type=None)).get("error") or {}
        return f"(code {error.get('code')}, {error.get('type')})"
    except Exception:  # not JSON: the status says enough
        return ""
