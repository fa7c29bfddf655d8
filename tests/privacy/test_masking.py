"""What residents type is masked before it is stored: phone numbers, e-mails, long texts."""
from __future__ import annotations

import pytest

from bot.privacy.masking import EMAIL_MASK, LONG_TEXT_CHARS, PHONE_MASK, mask_text, mask_value


@pytest.mark.parametrize("typed, stored", [
    ("appelez moi au 06 12 34 56 78", f"appelez moi au {PHONE_MASK}"),
    ("0612345678", PHONE_MASK),
    ("+33 6 12 34 56 78 ou 01.48.70.60.38", f"{PHONE_MASK} ou {PHONE_MASK}"),
    ("0033612345678", PHONE_MASK),
    ("mon numéro anglais +44 20 7946 0958", f"mon numéro anglais {PHONE_MASK}"),
    ("écrivez à jean.dupont+cv@gmail.com merci", f"écrivez à {EMAIL_MASK} merci"),
])
def test_phone_numbers_and_emails_are_masked(typed, stored):
    assert mask_text(typed) == stored


@pytest.mark.parametrize("typed", [
    "j'ai 25 ans et 2 enfants", "j'habite au 93300", "né en 1999", "je cherche du taf depuis 2021",
    "code postal 93100, bâtiment 12", "3949",
])
def test_what_the_orientation_needs_is_kept(typed):
    assert mask_text(typed) == typed


def test_long_free_text_is_masked_whole():
    story = "Je vous raconte ma vie. " * 20
    assert len(story) > LONG_TEXT_CHARS
    assert mask_text(story) == f"[message de {len(story)} caractères masqué]"
    assert mask_text("x" * LONG_TEXT_CHARS) == "x" * LONG_TEXT_CHARS


def test_values_are_walked():
    assert mask_value({"entities": [{"value": "0612345678", "start": 0}], "n": 3}) == {
        "entities": [{"value": PHONE_MASK, "start": 0}], "n": 3}
