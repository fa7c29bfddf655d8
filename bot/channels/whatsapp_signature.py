"""Checks Meta's `X-Hub-Signature-256` header: HMAC-SHA256 of the raw request body, keyed with the app secret."""
from __future__ import annotations

import hashlib
import hmac
from typing import Optional

PREFIX = "sha256="


def expected_signature(app_secret: str, body: bytes) -> str:
    digest = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def signature_is_valid(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    """True only for the exact signature of `body`; missing or malformed headers are invalid."""
    if not app_secret or not header or not header.startswith(PREFIX):
        return False
    # Constant-time comparison: the time taken must not tell how many characters were right.
    return hmac.compare_digest(expected_signature(app_secret, body).encode("ascii"),
                               header.strip().lower().encode("ascii", errors="replace"))
