"""The running bot picks up catalogue changes without restart, and never serves a broken one."""
from __future__ import annotations

from typing import Dict

import requests

from .conftest import Conversation, RunningBot, eventually
from .test_journeys import AUBER, NATIONAL, NONE, answer_until_cards, proposed

NEW_SERVICE = """\
structure:
  id: test-e2e-nouvelle-structure
  nom: Test E2E Nouvelle structure Lyon
  date_maj: 2026-11-01
  telephone: 01 99 00 99 01
services:
  - id: nouvel-accompagnement
    nom: Nouvel accompagnement emploi
    description: Un accompagnement vers l'emploi, ajouté pendant que le robot tourne.
    thematiques: [trouver-un-emploi--repondre-a-des-offres-demploi]
    zone_eligibilite: ["69123"]
    horaires_accueil: Mo-Fr 09:00-17:00
"""
BROKEN = "structure:\n  id: casse\n  nom: [pas fermé\n"


def lyon_answer(bot: RunningBot) -> list:
    resident = Conversation(bot)
    resident.say("bonjour j'ai 35 ans j'habite à Lyon je cherche du travail")
    resident.press("Rien de tout ça")
    answer_until_cards(resident, {})
    return proposed(resident)


def test_valid_change_is_served_and_broken_change_is_refused(running_bot: RunningBot) -> None:
    new_file = running_bot.catalogue / "nouvelle-structure.yml"
    broken_file = running_bot.catalogue / "zz-casse.yml"
    assert lyon_answer(running_bot) == [NATIONAL]
    try:
        new_file.write_text(NEW_SERVICE, encoding="utf-8")
        assert eventually(lambda: "test-e2e-nouvelle-structure--nouvel-accompagnement"
                          in lyon_answer(running_bot))
        # A broken file: the bot keeps the last valid catalogue, new service included.
        refusals = running_bot.log.read_text().count("Catalogue refusé")
        broken_file.write_text(BROKEN, encoding="utf-8")
        assert eventually(lambda: running_bot.log.read_text().count("Catalogue refusé") > refusals)
        assert "test-e2e-nouvelle-structure--nouvel-accompagnement" in lyon_answer(running_bot)
    finally:
        broken_file.unlink(missing_ok=True)
        new_file.unlink(missing_ok=True)
    assert eventually(lambda: lyon_answer(running_bot) == [NATIONAL])


def catalogue_health(bot: RunningBot) -> Dict:
    response = requests.get(f"{bot.action_url}/health/catalogue", timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ok"
    return response.json()["catalogue"]


def test_broken_catalogue_swapped_in_during_a_conversation(running_bot: RunningBot) -> None:
    """A staff member saves a file with a typo while a resident is talking to the bot: the
    resident gets the cards of the last valid catalogue, the health endpoint says why the change
    was refused, and fixing the file clears the refusal."""
    served = catalogue_health(running_bot)
    assert served["last_refused"] is None and served["services"] == 11
    edited = running_bot.catalogue / "aubervilliers" / "test-e2e-agence-emploi-aubervilliers.yml"
    original = edited.read_text(encoding="utf-8")
    resident = Conversation(running_bot)
    resident.say("bonjour j'ai 35 ans j'habite à Aubervilliers")
    try:
        edited.write_text(original.replace("  telephone: 01 99 00 90 62", "  telephon: 01 99 00 90 62"),
                          encoding="utf-8")
        assert eventually(lambda: catalogue_health(running_bot)["last_refused"] is not None)
        health = catalogue_health(running_bot)
        assert health["version"] == served["version"]  # still the last valid catalogue
        [error] = health["last_refused"]["errors"]
        assert error.startswith("aubervilliers/test-e2e-agence-emploi-aubervilliers.yml, ligne 12, structure.telephon")
        assert "Vouliez-vous dire « telephone » ?" in error

        resident.press("Un emploi")
        resident.press("Rien de tout ça")
        answer_until_cards(resident, {**NONE, "quartier": "je ne sais pas"})
        assert AUBER in proposed(resident)
        assert "01 99 00 90 62" in resident.text  # the card of the old, valid file
    finally:
        edited.write_text(original, encoding="utf-8")
    assert eventually(lambda: catalogue_health(running_bot)["last_refused"] is None)
    assert catalogue_health(running_bot)["version"] == served["version"]
