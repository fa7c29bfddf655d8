"""The address of the person at the other end, for the limits per address (new conversations,
staff login attempts).

Behind this project's nginx (the only way in from the internet), a request comes from 127.0.0.1
and nginx appends the real client to X-Forwarded-For: the LAST entry is the one nginx saw (the
earlier ones are whatever the client wrote). A request from elsewhere is its own address.
"""
from __future__ import annotations

from typing import Optional

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def client_address(remote: Optional[str], forwarded_for: Optional[str]) -> str:
    remote = (remote or "").strip() or "inconnue"
    if remote in LOOPBACK and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return remote
