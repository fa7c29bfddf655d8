"""The matcher's reasons in French: the "why it fits" line of a card, why a service is left out.

The phrases of each need, obstacle and status come from the situation vocabulary; this module
only puts them together with the parameters of a reason (`bot.catalogue.matching_reasons`).
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence

from bot.common.folding import lower_without_accents
from bot.common.french import join_fr
from bot.catalogue.matching_reasons import (
    AgeRule, AnotherChosen, Fit, ForAge, ForNeed, ForObstacle, ForPublics, ForQuartier, ForStatus,
    Generalist, OutOfZone, Reason, Rule, StatusRule, Unmet, Unrelated, Unverified,
)
from bot.catalogue.situation_vocabulary import NEEDS, OBSTACLES, STATUSES

STATUT_PUBLICS = {s.requirement: s.reserved_to for s in STATUSES}  # who a required status is for
PUBLIC_PHRASES = {  # resident's publics, in the order they are mentioned in "why it fits"
    "jeunes": "pour les jeunes",
    "residents-qpv-frr": "pour les habitants des quartiers prioritaires",
    "beneficiaires-des-minimas-sociaux": "pour les bénéficiaires des minima sociaux",
    "personnes-en-situation-de-handicap": "pour les personnes en situation de handicap",
    "demandeurs-emploi": "pour les demandeurs d'emploi",
    "seniors": "pour les 50 ans et plus",
    "familles": "pour les familles",
}
UNKNOWN_NOTES = {"age": "âge inconnu", **{s.slot: s.unknown_note for s in STATUSES},
                 "quartier": "quartier inconnu"}
_NEED_WHY = {n.slug: n.why for n in NEEDS}
_OBSTACLE_WHY = {o.slug: o.why for o in OBSTACLES}


def age_phrase(age_min: Optional[int], age_max: Optional[int]) -> str:
    """"16-25 ans", "moins de 26 ans", "26 ans et plus"."""
    if age_min is not None and age_max is not None:
        return f"{age_min}-{age_max} ans"
    if age_max is not None:
        return f"moins de {age_max + 1} ans"
    return f"{age_min} ans et plus"


def quartiers_phrase(names: Sequence[str]) -> str:
    if len(names) == 1:
        return f"au quartier {names[0]}"
    return "aux quartiers " + join_fr(names)


def de_commune(nom: str) -> str:
    """French "of <commune>" with elision and contraction: d'Aubervilliers, du Blanc-Mesnil."""
    if nom.startswith("Le "):
        return "du " + nom[3:]
    if nom.startswith("Les "):
        return "des " + nom[4:]
    if lower_without_accents(nom[:1]) in "aeiouyh":
        return "d'" + nom
    return "de " + nom


def reserved(rule: Rule) -> str:
    """"réservé aux 16-25 ans", "réservé aux bénéficiaires du RSA", "réservé au quartier La Noue"."""
    if isinstance(rule, AgeRule):
        return "réservé aux " + age_phrase(rule.age_min, rule.age_max)
    if isinstance(rule, StatusRule):
        return "réservé aux " + STATUT_PUBLICS[rule.requirement]
    return "réservé " + quartiers_phrase(rule.quartiers)


def why_it_fits(fit: Fit) -> str:
    """One line saying why a proposed service fits, e.g. "pour les 16-25 ans d'Aubervilliers"."""
    if isinstance(fit, Generalist):
        if fit.in_commune:
            return "accueil généraliste de votre commune"
        if fit.commune:
            return "accueil généraliste ouvert aux habitants " + de_commune(fit.commune)
        return "accueil généraliste"
    if isinstance(fit, ForObstacle):
        return _OBSTACLE_WHY[fit.frein]
    if isinstance(fit, ForQuartier):
        return f"pour les habitants du quartier {fit.quartier}"
    if isinstance(fit, ForNeed):
        return _NEED_WHY.get(fit.besoin or "", "pour votre demande")
    if isinstance(fit, ForStatus):
        # No place: "inscrites à France Travail de Montreuil" would read as an agency's name.
        return "pour les " + STATUT_PUBLICS[fit.rule.requirement]
    if isinstance(fit, ForAge):
        who = "pour les " + age_phrase(fit.rule.age_min, fit.rule.age_max)
    elif isinstance(fit, ForPublics):
        who = next(PUBLIC_PHRASES[p] for p in PUBLIC_PHRASES if p in fit.publics)
    else:
        raise TypeError(f"not a fit: {fit!r}")
    return f"{who} {de_commune(fit.commune)}" if fit.commune else who


def left_out_because(reason: Reason, zone_label: Callable[[str], str] = str) -> str:
    """Why a service is left out, e.g. "réservé aux bénéficiaires du RSA (RSA inconnu)".

    `zone_label` names a zone code for staff ("Pantin (93055)"); residents never read zones."""
    if isinstance(reason, Unmet):
        return reserved(reason.rule)
    if isinstance(reason, Unverified):
        return f"{reserved(reason.rule)} ({UNKNOWN_NOTES[reason.rule.slot]})"
    if isinstance(reason, OutOfZone):
        if reason.located_here:
            return "hors de votre commune"
        zones = ", ".join(zone_label(z) for z in reason.zones)
        if reason.commune is None:
            return ("commune inconnue : seuls les services ouverts à toute la France sont proposés "
                    f"(zone : {zones})")
        return f"hors zone : réservé à {zones}, pas à {reason.commune}"
    if isinstance(reason, Unrelated):
        return "ne correspond ni au besoin ni aux freins choisis"
    if isinstance(reason, AnotherChosen):
        return "possible aussi, mais le bot propose une seule adresse par frein : une autre passe avant"
    raise TypeError(f"not a reason: {reason!r}")
