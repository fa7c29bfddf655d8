"""Rasa's REST answers -> what the Telegram bridge sends."""
from __future__ import annotations

from bot.telegram import texts
from bot.channels.kit.contract import Button
from bot.telegram.rendering import ContactOut, PlaceOut, TextOut, render

FICHE = {
    "service_id": "ml-bondy--jeunes",
    "titre": "Mission Locale Bondy — Accompagnement des 16-25 ans",
    "adresse": "10 avenue Gallieni, 93140 Bondy",
    "telephone": "01 99 00 90 12",
    "telephone_international": "+33199009012",
    "courriel": None,
    "lien": "https://exemple.org",
    "latitude": 48.9027,
    "longitude": 2.481,
    "lien_carte": "https://www.openstreetmap.org/?mlat=48.9027&mlon=2.481#map=18/48.9027/2.481",
}


def test_text_with_buttons() -> None:
    items = render([{"recipient_id": "x", "text": "Que cherchez-vous ?",
                     "buttons": [{"title": "Un emploi", "payload": '/informer{"besoin": "emploi"}'}]}])
    assert items == [TextOut("Que cherchez-vous ?", (Button("Un emploi", '/informer{"besoin": "emploi"}'),))]


def test_buttons_without_text_get_a_short_text() -> None:
    items = render([{"buttons": [{"title": "Aide", "payload": "/aide"}]}])
    assert items == [TextOut(texts.CHOOSE, (Button("Aide", "/aide"),))]


def test_a_long_text_keeps_its_buttons_under_the_last_piece() -> None:
    text = "\n".join("ligne " + "x" * 100 for _ in range(100))
    items = render([{"text": text, "buttons": [{"title": "Aide", "payload": "/aide"}]}])
    assert len(items) == 3
    assert [i.buttons for i in items] == [(), (), (Button("Aide", "/aide"),)]


def test_fiche_with_phone_is_a_contact_with_a_map_link() -> None:
    items = render([{"text": "Mission Locale Bondy\n☎️ 01 99 00 90 12"}, {"custom": {"fiche": FICHE}}])
    assert items[1] == ContactOut("+33199009012", "Mission Locale Bondy — Accompagnement des 16-25 ans",
                                  FICHE["lien_carte"])


def test_fiche_without_phone_is_a_venue_or_a_pin() -> None:
    fiche = {**FICHE, "telephone": None, "telephone_international": None}
    assert render([{"custom": {"fiche": fiche}}]) == [
        PlaceOut(48.9027, 2.481, FICHE["titre"], "10 avenue Gallieni, 93140 Bondy")]
    assert render([{"custom": {"fiche": {**fiche, "adresse": None}}}]) == [
        PlaceOut(48.9027, 2.481, FICHE["titre"], None)]


def test_fiche_without_phone_nor_coordinates_adds_nothing() -> None:
    fiche = {**FICHE, "telephone_international": None, "latitude": None, "longitude": None}
    assert render([{"custom": {"fiche": fiche}}]) == []


def test_wrong_fiche_values_are_left_out() -> None:
    fiche = {**FICHE, "telephone_international": "01 99 00 90 12", "latitude": "48.9",
             "lien_carte": "javascript:alert(1)", "titre": "x" * 200}
    assert render([{"custom": {"fiche": fiche}}]) == []  # no valid phone, no valid coordinates
    fiche = {**fiche, "telephone_international": "+33199009012"}
    (contact,) = render([{"custom": {"fiche": fiche}}])
    assert contact.map_url is None and len(contact.name) == 64 and contact.name.endswith("…")


def test_other_custom_messages_and_junk_are_ignored() -> None:
    assert render([{"custom": {"autre": 1}}, {"custom": "x"}, "pas un dict", {"image": "https://x"},
                   {"text": "", "buttons": [{"payload": ""}]}]) == []
