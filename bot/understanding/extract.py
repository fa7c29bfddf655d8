"""One entry point: every situation fact a message states, as Rasa-style entities."""
from __future__ import annotations

from datetime import date

from bot.catalogue.communes import CommuneRef
from bot.understanding.age import extract_age, extract_bare_number
from bot.understanding.entity import Entity
from bot.understanding.known_words import TYPO_LOOKALIKES
from bot.understanding.lexicon import TYPO_VOCABULARY
from bot.understanding.needs import extract_needs
from bot.understanding.obstacles import extract_obstacles
from bot.understanding.places import extract_commune
from bot.understanding.rules import correct_typos
from bot.understanding.statuses import extract_statuses, status_spans
from bot.understanding.text import normalize


def extract_entities(text: str, communes: CommuneRef, today: date | None = None) -> list[Entity]:
    """Entities of a resident's message, sorted by position; offsets refer to `text` itself.

    Types: age, nombre, commune + code_insee, commune_incertaine + code_insee_incertain, besoin,
    frein, inscrit_france_travail, beneficiaire_rsa, rqth (see the package docstring)."""
    today = today or date.today()
    norm = normalize(text)
    if not norm.tokens:
        return []
    entities = extract_bare_number(norm, today)
    if not entities:
        entities = extract_age(norm, today)
    entities += extract_commune(norm, communes)
    corrected = correct_typos(norm, TYPO_VOCABULARY, TYPO_LOOKALIKES)
    entities += extract_statuses(corrected)
    masked = status_spans(corrected)
    entities += extract_needs(corrected, masked)
    entities += extract_obstacles(corrected, masked)
    return sorted(entities, key=lambda e: (e.start, e.end, e.entity))
