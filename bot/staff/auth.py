"""Who may open the staff page: one shared password, checked with HTTP Basic authentication.

Why Basic authentication: every browser asks for it natively (no login page, no cookie, no
session store, no JavaScript), and the page is read-only, so a shared staff password from the
environment is enough. The browser sends the password with every request, only base64-encoded:
beyond 127.0.0.1 the page must be served over HTTPS (behind the town hall's reverse proxy).
The user name is ignored; the password is compared in constant time.
"""
from __future__ import annotations

import base64
import binascii
import hmac
from enum import Enum
from typing import Optional

PASSWORD_VARIABLE = "STAFF_PASSWORD"
REALM = "Aiguillage - page du personnel"


MIN_LENGTH = 12
MIN_DIFFERENT_CHARACTERS = 6
# The passwords tried first by anyone who guesses (and the examples of this project's documents).
TOO_COMMON = frozenset({
    "motdepasse", "mot-de-passe", "motdepasse123", "password", "password123", "azertyuiop", "azerty123456",
    "123456789012", "000000000000", "aiguillage", "aiguillage123", "personnel123", "mairie123456",
    "un-mot-de-passe-long", "changez-moi", "changezmoi",
})


def weakness(password: str) -> str:
    """Why this staff password is too weak (in French), or "" when it is not."""
    if len(password) < MIN_LENGTH:
        return f"il fait moins de {MIN_LENGTH} caractères"
    if len(set(password)) < MIN_DIFFERENT_CHARACTERS:
        return "il répète trop les mêmes caractères"
    if password.lower() in TOO_COMMON:
        return "il fait partie des mots de passe essayés en premier"
    return ""


class Access(Enum):
    DISABLED = "disabled"  # no password configured: the page stays closed to everyone
    WEAK = "weak"  # the configured password is too easy to guess: closed too
    DENIED = "denied"  # missing or wrong credentials
    GRANTED = "granted"


def basic_password(header: Optional[str]) -> Optional[str]:
    """The password of an `Authorization: Basic …` header, or None when there is none."""
    if not header:
        return None
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    _user, separator, password = decoded.partition(":")
    return password if separator else None


def check_access(authorization: Optional[str], configured: Optional[str]) -> Access:
    """Whether a request with this `Authorization` header may read the page."""
    if not configured:
        return Access.DISABLED
    if weakness(configured):
        return Access.WEAK
    given = basic_password(authorization)
    if given is None:
        return Access.DENIED
    if hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8")):
        return Access.GRANTED
    return Access.DENIED


def challenge_header() -> str:
    """The `WWW-Authenticate` value that makes the browser ask for the password."""
    return f'Basic realm="{REALM}", charset="UTF-8"'
