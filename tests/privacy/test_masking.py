"""What residents type is masked before it is stored: phone numbers, e-mails, social security
numbers, IBANs, long texts; never what the orientation needs (ages, years, postal codes, communes)."""
from __future__ import annotations

import pytest

from bot.privacy.masking import (
    EMAIL_MASK, IBAN_MASK, LONG_TEXT_CHARS, NIR_MASK, PHONE_MASK, mask_text, mask_value,
)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("typed, stored", [
    ("appelez moi au 06 12 34 56 78", f"appelez moi au {PHONE_MASK}"),
    ("0612345678", PHONE_MASK),
    ("+33 6 12 34 56 78 ou 01.48.70.60.38", f"{PHONE_MASK} ou {PHONE_MASK}"),
    ("0033612345678", PHONE_MASK),
    ("mon numéro anglais +44 20 7946 0958", f"mon numéro anglais {PHONE_MASK}"),
    ("écrivez à jean.dupont+cv@gmail.com merci", f"écrivez à {EMAIL_MASK} merci"),
    ("tel0612345678", f"tel{PHONE_MASK}"),
    ("tel0033612345678 tel+33612345678", f"tel{PHONE_MASK} tel{PHONE_MASK}"),
])
def test_phone_numbers_and_emails_are_masked(typed, stored):
    assert mask_text(typed) == stored


@pytest.mark.parametrize("typed", [
    "06-12-34-56-78", "06 12 34 5678", "0612 345 678", "06 123 456 78", "061 234 5678",
    "0 6 1 2 3 4 5 6 7 8", "06 - 12 - 34 - 56 - 78", "06–12–34–56–78",
    f"06{NBSP}12{NBSP}34{NBSP}56{NBSP}78", f"06{NNBSP}12{NNBSP}34{NNBSP}56{NNBSP}78",
    "+33 (0)6 12 34 56 78", "(+33) 6 12 34 56 78", "(+33)6 12 34 56 78", "+33 06 12 34 56 78",
    "+33612345678", "0033 6 12 34 56 78", "00 33 6 12 34 56 78", "+44 (0)20 7946 0958",
    "0044 20 7946 0958", "00 44 20 7946 0958", "00213 555 12 34 56", "001 212 555 0123",
    "6 12 34 56 78", "6.12.34.56.78",
])
def test_every_usual_phone_spelling_is_masked(typed):
    assert mask_text(f"mon numéro : {typed} merci") == f"mon numéro : {PHONE_MASK} merci"


@pytest.mark.parametrize("typed", [
    "1 85 05 78 006 084 36", "185057800608436", "2 85 05 78 006 084 36", "285057800608436",
    "1850578006084 36", "1 85 05 78 006 084", "1850578006084", "1.85.05.78.006.084.36",
    "3 85 05 78 006 084 36", "7 85 05 99 123 084 36", "2 85 05 2A 006 084 36", "285052A00608436",
    "1 85 05 2b 006 084 36", "1 85 05 971 12 084 36",
    f"1{NBSP}85{NBSP}05{NBSP}78{NBSP}006{NBSP}084{NBSP}36",
])
def test_social_security_numbers_are_masked(typed):
    assert mask_text(f"ma sécu : {typed} voilà") == f"ma sécu : {NIR_MASK} voilà"


def test_social_security_numbers_stuck_to_a_word_are_masked():
    assert mask_text("sécu:185057800608436, sécu185057800608436") == f"sécu:{NIR_MASK}, sécu{NIR_MASK}"


@pytest.mark.parametrize("typed", [
    "FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189",
    "fr76 3000 6000 0112 3456 7890 189", "fr7630006000011234567890189",
    "FR76-3000-6000-0112-3456-7890-189", f"FR76{NBSP}3000{NBSP}6000{NBSP}0112{NBSP}3456{NBSP}7890{NBSP}189",
    "GB29 NWBK 6016 1331 9268 19", "DE89 3704 0044 0532 0130 00", "BE68 5390 0754 7034",
    "NO93 8601 1117 947", "MT84 MALT 0110 0001 2345 MTLC AST0 01S",  # the shortest, the longest
    "BE68539007547034",
])
def test_ibans_are_masked(typed):
    assert mask_text(f"mon IBAN : {typed} merci") == f"mon IBAN : {IBAN_MASK} merci"


def test_an_iban_ending_in_a_full_group_keeps_the_words_after_it():
    assert mask_text("BE68 5390 0754 7034 pour elle") == f"{IBAN_MASK} pour elle"


@pytest.mark.parametrize("typed", [
    "prenom.nom@gmail.com", "PRENOM.NOM@GMAIL.COM", "prenom.nom @ gmail.com", "prenom.nom@ gmail.com",
    "prenom.nom [at] gmail [dot] com", "prenom.nom[at]gmail[dot]com", "prenom(at)gmail.com",
    "prenom (at) gmail (dot) com", "PRENOM [AT] GMAIL [DOT] COM", "prenom{at}gmail.com",
    "prenom(arobase)gmail.com", "prenom arobase gmail.com", "prenom.nom@gmail[point]com",
    "jean-pierre.oneil@orange.fr", "josé.martin@laposte.net",
])
def test_every_usual_email_spelling_is_masked(typed):
    assert mask_text(f"écrivez à {typed} merci") == f"écrivez à {EMAIL_MASK} merci"


@pytest.mark.parametrize("typed", [
    "j'ai 25 ans et 2 enfants", "j'habite au 93300", "né en 1999", "je cherche du taf depuis 2021",
    "code postal 93100, bâtiment 12", "3949", "93100", "25", "2003", "3 enfants",
    "j'ai 3 enfants de 2, 5 et 12 ans", "93100 93300 93140", "75011 75012 75013",
    "93100 Montreuil 93200 Saint-Denis", "né le 12/05/2003", "né le 12 05 2003", "entre 1999 et 2003",
    "Aubervilliers", "L'Île-Saint-Denis", "Pré-Saint-Gervais", "code insee 93001", "2A004",
    "RN34 vers Paris", "RER B station La Plaine", "bâtiment B2 porte 12, 3e étage", "j'ai 45 ans @ Bondy",
    "je suis au RSA depuis 2019 et j'ai 2 enfants de 3 et 6 ans", "+ de 25 ans", "bac+2",
    "Je vous écris à propos de mon fils. Il a 19 ans.", "1 2 3 4 5",
    "né le 05.06.2003", "le 05.06.2023 10:30", "le 05.06.2023 10h30", "le 05/06/2023 à 10h",
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


def test_values_of_any_depth_and_container_are_walked():
    value = {"note": "06 12 34 56 78", "contacts": ({"mail": "a.b@free.fr"}, ["185057800608436"]),
             "compte": {"iban": ["FR7630006000011234567890189"]}, "age": 19, "ok": True, "rien": None}
    assert mask_value(value) == {"note": PHONE_MASK, "contacts": ({"mail": EMAIL_MASK}, [NIR_MASK]),
                                 "compte": {"iban": [IBAN_MASK]}, "age": 19, "ok": True, "rien": None}
    assert mask_value({"0612345678": "maman"}) == {PHONE_MASK: "maman"}  # a key is text too
    assert value["note"] == "06 12 34 56 78"  # the value itself is left as it was
