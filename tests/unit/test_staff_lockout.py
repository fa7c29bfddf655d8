"""Guessing the staff password: weak passwords refused, attempts slowed, then the address locked."""
from __future__ import annotations

import pytest

from bot.client_address import client_address
from bot.staff.auth import Access, check_access, weakness
from bot.staff.lockout import DELAY_SECONDS, LOCK_AFTER, LOCK_SECONDS, SLOW_AFTER, FailedLogins


@pytest.mark.parametrize("password", ["a", "secret", "motdepasse", "aaaaaaaaaaaaaaaa", "abababababab",
                                      "Password123", "azerty123456", "un-mot-de-passe-long"])
def test_weak_staff_passwords_keep_the_page_closed(password):
    assert weakness(password)
    assert check_access("Basic " + __import__("base64").b64encode(f"x:{password}".encode()).decode(),
                        password) is Access.WEAK


@pytest.mark.parametrize("password", ["quatre mots au hasard", "Bibliothèque-Noue-2026!", "x9$Lq2!vR7#m"])
def test_strong_staff_passwords_are_accepted(password):
    assert weakness(password) == ""


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failures_slow_down_then_lock_the_address_for_a_while():
    clock = Clock()
    logins = FailedLogins(clock)
    delays = [logins.failed("203.0.113.9") for _ in range(LOCK_AFTER)]
    assert delays[:SLOW_AFTER - 1] == [0.0] * (SLOW_AFTER - 1) and delays[-1] == DELAY_SECONDS
    assert logins.locked("203.0.113.9") and not logins.locked("198.51.100.1")
    clock.now += LOCK_SECONDS + 1
    assert not logins.locked("203.0.113.9")


def test_a_success_clears_the_failures():
    logins = FailedLogins(Clock())
    for _ in range(SLOW_AFTER - 1):
        logins.failed("a")
    logins.succeeded("a")
    assert logins.failed("a") == 0.0


def test_the_client_is_the_address_nginx_saw():
    assert client_address("127.0.0.1", "1.2.3.4, 203.0.113.9") == "203.0.113.9"  # nginx appends the real one
    assert client_address("203.0.113.9", "127.0.0.1") == "203.0.113.9"  # not behind our proxy: its own
    assert client_address("127.0.0.1", None) == "127.0.0.1"
