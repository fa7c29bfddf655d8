"""Shared pytest fixtures of the unit tests."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable, Union

import pytest
from sanic import Sanic

# Several tests serve a channel's blueprint from a real Sanic server in this one process; Sanic's
# start-up code rewriting ("touch-up") only supports that in its test mode.
Sanic.test_mode = True

# --- catalogue loader / validator / provider fixtures (prefix cat_) ---------------------------

CAT_TODAY = date(2025, 6, 1)

# A valid catalogue file; tests change one line and check what the validator says about it.
CAT_VALID_YAML = """\
structure:
  id: mission-emploi
  nom: Mission emploi d'Aubervilliers
  date_maj: 2025-05-02
  description: La Mission emploi aide les habitants à trouver un travail.
  reseaux_porteurs: [communes]
  adresse: 12 rue de la Commune de Paris
  code_postal: "93300"
  commune: Aubervilliers
  code_insee: "93001"
  latitude: 48.9125
  longitude: 2.3846
  telephone: 01 48 39 52 00
  courriel: emploi@mairie-aubervilliers.fr
  site_web: https://www.aubervilliers.fr
  horaires_accueil: Mo-Fr 09:00-12:30,13:30-17:30; PH off
services:
  - id: accompagnement
    nom: Accompagnement vers l'emploi
    description: Un conseiller vous aide à chercher un emploi.
    thematiques:
      - trouver-un-emploi--repondre-a-des-offres-demploi
    type: accompagnement
    publics: [demandeurs-emploi]
    frais: gratuit
    modes_accueil: [en-presentiel]
    modes_mobilisation: [se-presenter, telephoner]
    mobilisable_par: [usagers]
    lien_mobilisation: https://www.aubervilliers.fr/rdv
    zone_eligibilite: ["93001"]
    x_age_min: 26
    x_age_max: 64
    x_requiert: [inscription-france-travail]
    x_quartiers: [La Villette]
    x_sans_rendez_vous: true
    x_langues: [en, ar]
  - id: jeunes
    nom: Permanence jeunes
    description: Pour les 16-25 ans qui cherchent leur voie.
    thematiques: [choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite]
    zone_eligibilite: ["93001", "93"]
    telephone: +33 1 48 11 22 33
    courriel: jeunes@mairie-aubervilliers.fr
"""


@pytest.fixture
def cat_today() -> date:
    """The day the catalogue tests pretend to run (dates in CAT_VALID_YAML are relative to it)."""
    return CAT_TODAY


@pytest.fixture
def cat_valid_yaml() -> str:
    return CAT_VALID_YAML


@pytest.fixture
def cat_write(tmp_path: Path) -> Callable[..., Path]:
    """`cat_write("a/b.yml", text)` writes a file into a fresh catalogue folder; returns the folder."""
    directory = tmp_path / "catalogue"
    directory.mkdir()

    def write(relative: str, text: Union[str, bytes]) -> Path:
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return directory

    return write


@pytest.fixture
def cat_dir(cat_write: Callable[..., Path]) -> Path:
    """A catalogue folder holding the valid file aubervilliers/mission-emploi.yml."""
    return cat_write("aubervilliers/mission-emploi.yml", CAT_VALID_YAML)
