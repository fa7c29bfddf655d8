"""The matcher's reason codes in French, as residents and staff read them."""
from __future__ import annotations

import pytest

from bot.catalogue.matching_reasons import (
    AgeRule, AnotherChosen, ForAge, ForNeed, ForObstacle, ForPublics, ForQuartier, ForStatus,
    Generalist, OutOfZone, QuartierRule, StatusRule, Unmet, Unrelated, Unverified,
)
from bot.catalogue.matching_wording import de_commune, left_out_because, why_it_fits

RSA = StatusRule("rsa", "beneficiaire_rsa")
FRANCE_TRAVAIL = StatusRule("inscription-france-travail", "inscrit_france_travail")


@pytest.mark.parametrize("nom, expected", [
    ("Aubervilliers", "d'Aubervilliers"), ("Épinay-sur-Seine", "d'Épinay-sur-Seine"),
    ("Montreuil", "de Montreuil"), ("Le Blanc-Mesnil", "du Blanc-Mesnil"),
    ("Les Lilas", "des Lilas"), ("La Courneuve", "de La Courneuve"),
])
def test_de_commune(nom: str, expected: str) -> None:
    assert de_commune(nom) == expected


@pytest.mark.parametrize("fit, expected", [
    (ForNeed("emploi"), "pour trouver un emploi"),
    (ForNeed(None), "pour votre demande"),
    (ForObstacle("garde_enfants"), "pour la garde d'enfants"),
    (ForQuartier("La Noue"), "pour les habitants du quartier La Noue"),
    (ForAge(AgeRule(16, 25), "Aubervilliers"), "pour les 16-25 ans d'Aubervilliers"),
    (ForAge(AgeRule(None, 25), None), "pour les moins de 26 ans"),
    (ForAge(AgeRule(50, None), "Le Blanc-Mesnil"), "pour les 50 ans et plus du Blanc-Mesnil"),
    # A status never says the place: it would read as an agency's name.
    (ForStatus(FRANCE_TRAVAIL, "Montreuil"), "pour les personnes inscrites à France Travail"),
    (ForPublics(frozenset({"seniors", "jeunes"}), None), "pour les jeunes"),
    (ForPublics(frozenset({"familles"}), "Montreuil"), "pour les familles de Montreuil"),
    (Generalist("Aubervilliers", in_commune=True), "accueil généraliste de votre commune"),
    (Generalist("Aubervilliers", in_commune=False), "accueil généraliste ouvert aux habitants d'Aubervilliers"),
    (Generalist(None, in_commune=False), "accueil généraliste"),
])
def test_why_it_fits(fit: object, expected: str) -> None:
    assert why_it_fits(fit) == expected


@pytest.mark.parametrize("reason, expected", [
    (Unmet(AgeRule(16, 25)), "réservé aux 16-25 ans"),
    (Unverified(AgeRule(16, 25)), "réservé aux 16-25 ans (âge inconnu)"),
    (Unmet(RSA), "réservé aux bénéficiaires du RSA"),
    (Unverified(RSA), "réservé aux bénéficiaires du RSA (RSA inconnu)"),
    (Unmet(QuartierRule(("La Noue",))), "réservé au quartier La Noue"),
    (Unverified(QuartierRule(("La Noue", "Bel-Air", "Ruffins"))),
     "réservé aux quartiers La Noue, Bel-Air et Ruffins (quartier inconnu)"),
    (OutOfZone(("93055",), "Aubervilliers", located_here=True), "hors de votre commune"),
    (OutOfZone(("93055", "93"), "Bondy", located_here=False), "hors zone : réservé à 93055, 93, pas à Bondy"),
    (OutOfZone(("93",), None, located_here=False),
     "commune inconnue : seuls les services ouverts à toute la France sont proposés (zone : 93)"),
    (Unrelated(), "ne correspond ni au besoin ni aux freins choisis"),
    (AnotherChosen(), "possible aussi, mais le bot propose une seule adresse par frein : une autre passe avant"),
])
def test_left_out_because(reason: object, expected: str) -> None:
    assert left_out_because(reason) == expected


def test_zones_are_named_for_staff() -> None:
    reason = OutOfZone(("93055",), "Bondy", located_here=False)
    assert (left_out_because(reason, {"93055": "Pantin (93055)"}.get)
            == "hors zone : réservé à Pantin (93055), pas à Bondy")
