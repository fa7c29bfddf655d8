"""The running bot picks up catalogue changes without restart, and never serves a broken one."""
from __future__ import annotations

import time
from typing import Callable

from .conftest import Conversation, RunningBot
from .test_journeys import NATIONAL, answer_until_cards, proposed

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


def eventually(check: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


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
