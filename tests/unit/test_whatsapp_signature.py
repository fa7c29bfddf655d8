"""Meta's X-Hub-Signature-256: only the exact HMAC-SHA256 of the raw body with the app secret passes."""
from __future__ import annotations

import hashlib
import hmac

from bot.channels.whatsapp_signature import signature_is_valid

SECRET = "secret-de-l-app"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'


def header(secret: str = SECRET, body: bytes = BODY) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_the_exact_signature_is_accepted() -> None:
    assert signature_is_valid(SECRET, BODY, header())


def test_uppercase_hexadecimal_is_the_same_signature() -> None:
    assert signature_is_valid(SECRET, BODY, "sha256=" + header()[len("sha256="):].upper())


def test_signature_made_with_another_secret_is_refused() -> None:
    assert not signature_is_valid(SECRET, BODY, header(secret="un-autre-secret"))


def test_body_changed_after_signing_is_refused() -> None:
    assert not signature_is_valid(SECRET, BODY + b" ", header())


def test_missing_empty_or_malformed_header_is_refused() -> None:
    for bad in (None, "", "sha256=", header()[len("sha256="):], "sha1=" + header()[7:], "sha256=zz\u00e9"):
        assert not signature_is_valid(SECRET, BODY, bad), bad


def test_nothing_is_valid_without_an_app_secret() -> None:
    assert not signature_is_valid("", BODY, header(secret=""))
