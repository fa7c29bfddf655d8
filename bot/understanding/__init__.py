"""Rule-based understanding of what residents write: the facts of their situation.

    from bot.catalogue.communes import CommuneRef
    from bot.understanding import extract_entities
    extract_entities("bjr jai 19 ans jhabite a auber jcherche du taf", CommuneRef.load_default())

Entities (values are strings, as Rasa's; offsets refer to the original text):
- age: the resident's own age in whole years ("19"), from "19 ans", "j'ai dix-neuf ans", a birth
  date or year; never someone else's age or a duration ("depuis 3 ans").
- nombre: the message is only a number ("19", "vingt deux") — the dialogue knows what it asked.
- commune + code_insee (resolution score >= 90) or commune_incertaine + code_insee_incertain
  (75–90: ask the resident to confirm); value = official name / INSEE code.
- besoin: emploi, formation, creation_entreprise, orientation_metier.
- frein: garde_enfants, mobilite, francais, numerique, sante, logement, confiance,
  administratif, finances, or aucun when the message says there is no obstacle.
- inscrit_france_travail, beneficiaire_rsa, rqth: "true" / "false" when stated.

No Rasa import: plain Python, unit-tested in milliseconds.
"""
from __future__ import annotations

from bot.understanding.entity import Entity
from bot.understanding.extract import extract_entities

__all__ = ["Entity", "extract_entities"]
