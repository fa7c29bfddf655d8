"""Sends messages through Meta's Graph API (`POST <base>/<phone_number_id>/messages`), retrying
network errors, rate limits and server errors with a bounded exponential backoff.

Logs never contain the message or the recipient: only the HTTP status and Meta's error code.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, Optional

import aiohttp

logger = logging.getLogger(__name__)

DEFAULT_API_BASE_URL = "https://graph.facebook.com/v25.0"
ATTEMPTS = 5
FIRST_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 8.0
REQUEST_TIMEOUT_SECONDS = 20


def retry_delay(attempt: int) -> float:
    """Seconds to wait after failed attempt number `attempt` (1, 2, ...): 0.5, 1, 2, 4, then 8 at most."""
    return min(FIRST_DELAY_SECONDS * 2 ** (attempt - 1), MAX_DELAY_SECONDS)


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
        for attempt in range(1, ATTEMPTS + 1):
            try:
                async with self._client().post(self.url, json=message, headers=self._headers) as response:
                    if response.status < 300:
                        return True
                    error = await _error_summary(response)
                    if not is_retryable(response.status):
                        logger.error("WhatsApp refused a %s message: HTTP %s %s", kind, response.status, error)
                        return False
                    problem = f"HTTP {response.status} {error}"
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                problem = type(exc).__name__
            if attempt < ATTEMPTS:
                logger.warning("WhatsApp did not take a %s message (%s): attempt %d of %d",
                               kind, problem, attempt, ATTEMPTS)
                await asyncio.sleep(retry_delay(attempt))
        logger.error("WhatsApp message (%s) given up after %d attempts: %s", kind, ATTEMPTS, problem)
        return False

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
