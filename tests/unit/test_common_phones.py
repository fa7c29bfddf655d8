"""French phone numbers as staff and residents write them (bot.common.phones)."""
from __future__ import annotations

import pytest

from bot.common.phones import french_phone, international_phone, national_phone

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("written, stored", [
    ("01 48 70 60 38", "01 48 70 60 38"),
    ("0148706038", "01 48 70 60 38"),
    ("01.48.70.60.38", "01 48 70 60 38"),
    ("01-48-70-60-38", "01 48 70 60 38"),
    ("01/48/70/60/38", "01 48 70 60 38"),
    (f"01{NBSP}48{NBSP}70{NBSP}60{NBSP}38", "01 48 70 60 38"),
    (f"01{NNBSP}48{NNBSP}70{NNBSP}60{NNBSP}38", "01 48 70 60 38"),
    ("  01 48 70 60 38  ", "01 48 70 60 38"),
    ("+33148706038", "01 48 70 60 38"),
    ("+33 1 48 70 60 38", "01 48 70 60 38"),
    ("+33 (0)1 48 70 60 38", "01 48 70 60 38"),
    ("+33 01 48 70 60 38", "01 48 70 60 38"),
    ("(+33) 1 48 70 60 38", "01 48 70 60 38"),
    ("0033 1 48 70 60 38", "01 48 70 60 38"),
    ("0033148706038", "01 48 70 60 38"),
    ("06 12 34 56 78", "06 12 34 56 78"),
    ("06.12.34.56.78", "06 12 34 56 78"),
    ("06-12-34-56-78", "06 12 34 56 78"),
    ("+33 6 12 34 56 78", "06 12 34 56 78"),
    ("+33 (0)6 12 34 56 78", "06 12 34 56 78"),
    ("0033 6 12 34 56 78", "06 12 34 56 78"),
    ("0612 345 678", "06 12 34 56 78"),
    ("07 81 23 45 67", "07 81 23 45 67"),
    ("09 72 10 10 10", "09 72 10 10 10"),
    ("0 800 123 456", "08 00 12 34 56"),  # free numbers are shown in pairs like the others
    ("02 62 12 34 56", "02 62 12 34 56"),  # La Réunion, dialled from mainland France
    ("3949", "39 49"),
    ("39 49", "39 49"),
    ("1010", "10 10"),
    ("115", "115"),
    ("15", "15"),
    ("112", "112"),
])
def test_a_french_number_is_shown_in_pairs(written: str, stored: str):
    assert national_phone(written) == stored


@pytest.mark.parametrize("written", [
    "01 48 70 60",  # a digit pair missing
    "01 48 70 60 38 12",  # one pair too many
    "00 48 70 60 38",  # 00 is the international prefix: a Polish number
    "+44 20 7946 0958",  # British
    "0044 20 7946 0958",
    "+262 262 12 34 56",  # written with La Réunion's own country code
    "+1 212 555 0123",
    "6 12 34 56 78",  # the 0 left out
    "33 6 12 34 56 78",  # a country code without + or 00
    "01 48 39 52 00 / 06 12 34 56 78",  # two numbers
    "06 12 34 56 78 poste 12",
    "tél : 06 12 34 56 78",
    "1-800-FLOWERS",
    "12", "2003", "93300",
    "appelez-nous", "", "   ", "+", "()",
])
def test_what_is_not_a_french_phone_number(written: str):
    assert french_phone(written) is None
    assert national_phone(written) is None
    assert international_phone(written) is None


@pytest.mark.parametrize("written, e164", [
    ("01 48 70 60 38", "+33148706038"),
    ("06.12.34.56.78", "+33612345678"),
    ("+33 (0)6 12 34 56 78", "+33612345678"),
    ("0033 6 12 34 56 78", "+33612345678"),
])
def test_tel_links_use_the_international_form(written: str, e164: str):
    assert international_phone(written) == e164


@pytest.mark.parametrize("short", ["39 49", "3949", "115", "17"])
def test_short_numbers_cannot_be_dialled_from_abroad(short: str):
    phone = french_phone(short)
    assert phone is not None and phone.international is None
    assert phone.digits == short.replace(" ", "")

