"""Accent folding and French wording (bot.common.folding, bot.common.french)."""
from __future__ import annotations

from datetime import date

import pytest

from bot.common.folding import ascii_lower, ascii_slug, lower_without_accents
from bot.common.french import date_fr, join_fr


@pytest.mark.parametrize("text, folded", [
    ("Épinay-sur-Seine", "epinay-sur-seine"),
    ("L’Île-Saint-Denis", "l'ile-saint-denis"),  # the typographic apostrophe made straight
    ("Cœur de ville", "coeur de ville"),
    ("Pré-Saint-Gervais, 93310 !", "pre-saint-gervais, 93310 !"),  # punctuation and digits kept
    ("ÇA VA", "ca va"),
    ("Łódź", "łodz"),  # ł is a letter of its own, not an accented l
    ("ẞ", "ß"),  # outside the table: lower case, kept
    ("", ""),
])
def test_lower_without_accents_keeps_everything_but_case_and_accents(text: str, folded: str):
    assert lower_without_accents(text) == folded


def test_ascii_lower_drops_what_has_no_ascii_letter():
    assert ascii_lower("Du Lundi au Vendredi, 9h–12h") == "du lundi au vendredi, 9h12h"
    assert ascii_lower("Offres d’emploi") == "offres demploi"


@pytest.mark.parametrize("text, slug", [
    ("Mission Locale d'Auber", "mission-locale-d-auber"),
    ("Offres d’emploi", "offres-demploi"),  # as data·inclusion's slugs: "repondre-a-des-offres-demploi"
    ("  Démarches   administratives ! ", "demarches-administratives"),
    ("Accès aux droits & santé", "acces-aux-droits-sante"),
    ("---", ""),
])
def test_ascii_slug_is_an_identifier(text: str, slug: str):
    assert ascii_slug(text) == slug


@pytest.mark.parametrize("items, said", [
    ([], ""),
    (["lundi"], "lundi"),
    (["lundi", "mardi"], "lundi et mardi"),
    (["lundi", "mardi", "jeudi"], "lundi, mardi et jeudi"),
    (("la Noue", "Bel-Air", "Centre"), "la Noue, Bel-Air et Centre"),
])
def test_join_fr(items, said: str):
    assert join_fr(items) == said


@pytest.mark.parametrize("day, said", [
    (date(2025, 5, 1), "1er mai 2025"),
    (date(2025, 2, 14), "14 février 2025"),
    (date(2024, 8, 31), "31 août 2024"),
    (date(2024, 12, 2), "2 décembre 2024"),
])
def test_date_fr(day: date, said: str):
    assert date_fr(day) == said
