"""Serves a channel's Sanic blueprint from a real server on 127.0.0.1, for the channel tests."""
from __future__ import annotations

import socket
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sanic import Blueprint, Sanic


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@asynccontextmanager
async def serving(blueprint: Blueprint, url_prefix: str) -> AsyncIterator[str]:
    """Yields the base URL of `blueprint` (http://127.0.0.1:<port><url_prefix>) while it is served."""
    port = free_port()
    app = Sanic(f"test_server_{port}")
    app.blueprint(blueprint, url_prefix=url_prefix)
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    try:
        yield f"http://127.0.0.1:{port}{url_prefix}"
    finally:
        server.close()
        await server.wait_closed()
