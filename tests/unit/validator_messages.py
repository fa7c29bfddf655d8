"""The list of the validator's messages for staff (docs/messages-du-validateur.md), produced by
running the real validator on one-line edits of a valid file: the list cannot drift from the code.

`python -m tests.unit.validator_messages` rewrites the document; a unit test checks it is current.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import List, Tuple

from bot.catalogue.loader import load_catalogue
from bot.common.french import date_fr
from tests.unit.conftest import CAT_TODAY, CAT_VALID_YAML
from tests.unit.test_validation import ERROR_CASES, FILE, edit

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "messages-du-validateur.md"

# (what the case shows, line of the valid file replaced, new line(s)) beyond ERROR_CASES.
MORE_ERRORS = [
    ("Fichier YAML mal écrit (deux-points dans une valeur)",
     "    nom: Permanence jeunes", "    nom: Permanence: jeunes"),
    ("Tabulation au lieu d'espaces", "    frais: gratuit", "\tfrais: gratuit"),
    ("Champ obligatoire manquant", "  date_maj: 2025-05-02", ""),
    ("Liste des services manquante", None, None),
]
WARNINGS = [
    ("Fiche pas vérifiée depuis 12 mois", "  date_maj: 2025-05-02", "  date_maj: 2024-05-31"),
    ("Horaires manquants", "  horaires_accueil: Mo-Fr 09:00-12:30,13:30-17:30; PH off", ""),
    ("Description trop longue", "    description: Pour les 16-25 ans qui cherchent leur voie.",
     "    description: " + "Une phrase simple. " * 110),
    ("Numéro réservé à la fiction", "  telephone: 01 48 39 52 00", "  telephone: 01 99 00 12 34"),
    ("Numéro surtaxé", "  telephone: 01 48 39 52 00", "  telephone: 08 92 68 01 23"),
    ("Courriel d'exemple", "  courriel: emploi@mairie-aubervilliers.fr", "  courriel: emploi@example.org"),
]


# Case ids of ERROR_CASES are ASCII; titles for staff get their accents back.
_ACCENTS = {"cle": "clé", "reseau": "réseau", "thematique": "thématique", "categorie": "catégorie",
            "ecrite": "écrite", "code insee": "code INSEE", "mobilisable par": "« mobilisable_par »",
            "tous publics": "« tous-publics »", "sans rendez vous": "« x_sans_rendez_vous »",
            "statut requis": "statut requis (« x_requiert »)", "pas booleen": "ni true ni false",
            "age": "âge", "telephone": "téléphone",
            "zone": "zone d'éligibilité", "numeros": "numéros"}


def _title(case_id: str) -> str:
    words = f" {case_id.replace('-', ' ')} "
    for plain, accented in _ACCENTS.items():
        words = words.replace(f" {plain} ", f" {accented} ")
    title = words.strip()
    return title[:1].upper() + title[1:]


def _messages(text: str, warnings: bool) -> List[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / FILE
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        _, report = load_catalogue(Path(folder), communes=None, today=CAT_TODAY)
    issues = report.warnings if warnings else report.errors
    return [issue.format() for issue in issues]


def _written(new: str) -> str:
    shown = new if len(new) < 100 else new[:60] + "… (2 090 caractères)"
    return shown.replace("\t", "⇥") if shown else "(ligne supprimée)"


def _cases() -> List[Tuple[str, str, str, bool]]:
    """(title, what was written, text of the file, warning?) for every case."""
    cases = []
    for name, old, new, *_ in ERROR_CASES:
        cases.append((_title(name), _written(new), edit(CAT_VALID_YAML, old, new)[0], False))
    for title, old, new in MORE_ERRORS:
        if old is None:  # the services list removed altogether
            text = CAT_VALID_YAML.split("services:")[0]
            cases.append((title, "(pas de « services: »)", text, False))
        else:
            cases.append((title, _written(new), edit(CAT_VALID_YAML, old, new)[0], False))
    for title, old, new in WARNINGS:
        cases.append((title, _written(new), edit(CAT_VALID_YAML, old, new)[0], True))
    return cases


def render() -> str:
    lines = [
        "# Les messages du validateur",
        "",
        "Ce que `make catalogue-validate` peut afficher, message par message. Chaque exemple part d'une",
        f"fiche valide (`{FILE}`) dans laquelle une seule ligne a été changée ; la vérification est faite",
        f"comme le {date_fr(CAT_TODAY)}. Le format de chaque ligne : fichier, ligne, champ, puis ce qu'il",
        "faut faire. Les **erreurs** empêchent le robot d'utiliser le nouveau catalogue (il garde",
        "l'ancien) ; les **avertissements** ne bloquent pas.",
        "",
        "Ce document est produit par le validateur lui-même (`python -m tests.unit.validator_messages`) ;",
        "un test vérifie qu'il est à jour.",
    ]
    for warning, heading in ((False, "Erreurs"), (True, "Avertissements")):
        lines += ["", f"## {heading}"]
        for title, written, text, is_warning in _cases():
            if is_warning != warning:
                continue
            messages = _messages(text, warnings=warning)
            lines += ["", f"### {title}", "", f"Écrit : `{written}`", "", "```text", *messages, "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    DOCUMENT.write_text(render(), encoding="utf-8")
    print(f"{DOCUMENT} réécrit.")
