"""Sending to the Graph API: bearer token, retries of temporary failures, no retry of refusals.
The Graph API is played by a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Dict, List

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.channels import whatsapp_graph
from bot.channels.whatsapp_graph import RETRY, GraphClient

ATTEMPTS = RETRY.attempts

MESSAGE = {"messaging_product": "whatsapp", "to": "33612345678", "type": "text",
           "text": {"body": "texte confidentiel"}}


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whatsapp_graph, "RETRY", replace(RETRY, first_delay=0.01))


async def fake_graph(statuses: List[int], received: List[Dict]) -> TestServer:
    """Answers each POST with the next status of `statuses` (200 once they are used up)."""
    async def messages(request: web.Request) -> web.Response:
        received.append({"path": request.path, "auth": request.headers.get("Authorization"),
                         "json": await request.json()})
        status = statuses.pop(0) if statuses else 200
        if status >= 300:
            return web.json_response({"error": {"message": "Oups", "type": "OAuthException", "code": 131000}},
                                     status=status)
        return web.json_response({"messages": [{"id": "wamid.sent"}]})

    app = web.Application()
    app.router.add_post("/v99.0/{number_id}/messages", messages)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


def test_retry_delays_grow_and_are_bounded() -> None:
    delays = [RETRY.delay(attempt) for attempt in range(1, 10)]  # the real ones, not the fixture's
    assert delays[:ATTEMPTS - 1] == [0.5, 1, 2, 4]  # as docs/whatsapp.md says
    assert delays == sorted(delays) and delays[-1] == RETRY.max_delay


async def test_message_is_posted_with_the_bearer_token_to_the_number_path() -> None:
    received: List[Dict] = []
    server = await fake_graph([], received)
    client = GraphClient(str(server.make_url("/v99.0")), "123456", "jeton-acces")
    try:
        assert await client.send(MESSAGE)
    finally:
        await client.close()
        await server.close()
    assert received == [{"path": "/v99.0/123456/messages", "auth": "Bearer jeton-acces", "json": MESSAGE}]


async def test_server_errors_and_rate_limits_are_retried_until_accepted() -> None:
    received: List[Dict] = []
    server = await fake_graph([500, 429, 503], received)
    client = GraphClient(str(server.make_url("/v99.0")), "123456", "jeton")
    try:
        assert await client.send(MESSAGE)
    finally:
        await client.close()
        await server.close()
    assert len(received) == 4 and all(r["json"] == MESSAGE for r in received)


async def test_retries_are_bounded(caplog: pytest.LogCaptureFixture) -> None:
    received: List[Dict] = []
    server = await fake_graph([500] * 20, received)
    client = GraphClient(str(server.make_url("/v99.0")), "123456", "jeton")
    try:
        with caplog.at_level(logging.WARNING):
            assert not await client.send(MESSAGE)
    finally:
        await client.close()
        await server.close()
    assert len(received) == ATTEMPTS
    assert "texte confidentiel" not in caplog.text and "33612345678" not in caplog.text
    assert "131000" in caplog.text  # Meta's error code is what an operator needs


async def test_a_refused_message_is_not_retried() -> None:
    received: List[Dict] = []
    server = await fake_graph([400], received)
    client = GraphClient(str(server.make_url("/v99.0")), "123456", "jeton")
    try:
        assert not await client.send(MESSAGE)
    finally:
        await client.close()
        await server.close()
    assert len(received) == 1


async def test_an_unreachable_server_is_retried_then_given_up(caplog: pytest.LogCaptureFixture) -> None:
    server = await fake_graph([], [])
    url = str(server.make_url("/v99.0"))
    await server.close()  # nobody listens on that port any more
    client = GraphClient(url, "123456", "jeton")
    try:
        with caplog.at_level(logging.WARNING):
            assert not await client.send(MESSAGE)
    finally:
        await client.close()
    assert caplog.text.count("WhatsApp did not take") == ATTEMPTS - 1 and "given up" in caplog.text
