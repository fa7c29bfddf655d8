"""What the resident is looking for ("besoin"): emploi, formation, creation_entreprise, orientation_metier.

Every need mentioned is returned once, in the order of the message ("une formation ou un
travail" gives formation then emploi); the dialogue decides what to do with several.
Names of institutions ("Pôle emploi", "France Travail", "Cap emploi") are not needs.
"""
from __future__ import annotations

from bot.understanding.entity import Entity
from bot.understanding.rules import find, rule
from bot.understanding.text import NormalizedText

_MY = r"(?:ma|mon|une|un|sa|son|la|le|notre|sa propre|ma propre|mon propre|une petite|un petit)"
_BUSINESS = (
    r"(?:boite|entreprise|societe|business|activite|commerce|resto|restaurant|food truck|startup|start up|"
    r"auto entreprise|micro entreprise|boutique|salon|agence|projet|affaire|marque|snack|epicerie)"
)

_RULES = (
    # creation_entreprise
    rule(r"\b(?:creer|cree|creee|crer|creation|monter|lancer|ouvrir|demarrer|fonder|reprendre)"
         r"(?: de| d)? " + _MY + r"? ?" + _BUSINESS + r"\b", "creation_entreprise"),
    rule(r"\b(?:auto entrepreneur|auto entrepreneuse|autoentrepreneur|auto entreprise|micro entrepreneur|"
         r"micro entreprise|entrepreneuriat|entreprenariat|entrepreneur|entrepreneuse|createur d entreprise|"
         r"creatrice d entreprise|independant|independante|freelance|free lance)\b", "creation_entreprise"),
    rule(r"\b(?:me mettre|me installer|installer|mettre) a mon compte\b", "creation_entreprise"),
    rule(r"\b(?:mon|ma) propre (?:patron|patronne|chef|boss)\b", "creation_entreprise"),
    # orientation_metier
    rule(r"\b(?:je sais|sais|je ne sais|je vois|vois) (?:pas|plus) (?:quel|quoi|ce que|quelle|vers quel|dans quel)"
         r"(?: \w+){0,3}? (?:metier|metiers|faire|domaine|voie|travail|boulot|job|secteur|orientation)\b",
         "orientation_metier"),
    rule(r"\b(?:quel|quels|quelle|quelles) (?:metier|metiers|domaine|voie|filiere|secteur)\b", "orientation_metier"),
    rule(r"\b(?:reorienter|reorientation|reconvertir|reconversion|orientation|orienter|bilan de competences?|"
         r"projet professionnel|projet pro)\b", "orientation_metier"),
    rule(r"\b(?:changer|change) de (?:metier|voie|domaine|branche|secteur|travail|boulot|job|vie professionnelle)\b",
         "orientation_metier"),
    rule(r"\b(?:trouver|chercher|cherche|trouve) (?:ma|une|sa|mon) (?:voie|vocation|orientation)\b",
         "orientation_metier"),
    rule(r"\b(?:choisir|trouver|decouvrir|connaitre) (?:un|mon|le|des|les|quel) (?:metier|metiers)\b",
         "orientation_metier"),
    rule(r"\b(?:aucune idee|pas d idee|pas idee) (?:de|du|sur)(?: \w+){0,2} (?:metier|faire|travail|avenir)\b",
         "orientation_metier"),
    rule(r"\bquoi faire (?:de|dans) (?:ma|la) vie\b", "orientation_metier"),
    # formation
    rule(r"\b(?:formation|formations|alternance|apprentissage|apprenti|apprentie|diplome|diplomes|qualification|"
         r"certification|certificat|cap|bts|bac pro|titre pro|titre professionnel|vae|reprendre mes etudes|"
         r"reprendre les etudes|retourner a l ecole|reprendre l ecole)\b", "formation"),
    rule(r"\b(?:me former|se former|te former|nous former|etre forme|etre formee)\b", "formation"),
    rule(r"\b(?:apprendre|faire) (?:un|le|mon|ce|une) (?:metier|job)\b", "formation"),
    # emploi
    rule(r"\b(?:travail|taf|boulot|job|jobs|emploi|cdi|cdd|interim|interimaire|travailler|bosser|embauche|"
         r"embaucher|recrute|recrutement|petits boulots|petit boulot|poste|stage|mission|missions|"
         r"chomage|chomeur|chomeuse|sans emploi|sans travail)\b", "emploi"),
)
# Words that look like needs but are not ("emploi du temps", "accident du travail").
_NOT_NEEDS = (
    rule(r"\b(?:emploi du temps|accident du travail|accident de travail|arret de travail|inspection du travail|"
         r"medecine du travail|code du travail|permis de travail|autorisation de travail|titre de travail|"
         r"contrat de travail|cap emploi|maison de l emploi|mission locale|ma mission|je travaille|"
         r"travaille deja|poste de police|la poste|bureau de poste|pas de formation|aucune formation|"
         r"sans formation|sans diplome|pas de diplome|aucun diplome)\b", "-"),
    # "je cherche pas une formation, je cherche du travail": up to the next clause.
    rule(r"\b(?:cherche|recherche|veux|voudrais|souhaite|veut|interesse|interessee) (?:pas|plus)\b"
         r".*?(?= je\b| [,.;!?]|$)", "-"),
)


def extract_needs(norm: NormalizedText, masked: list[tuple[int, int]]) -> list[Entity]:
    not_needs = [(h.start, h.end) for h in find(norm, _NOT_NEEDS, masked)]
    entities: list[Entity] = []
    seen: set[str] = set()
    for hit in find(norm, _RULES, masked + not_needs):
        if hit.value in seen:
            continue
        seen.add(hit.value)
        start, end = norm.span(hit.start, hit.end)
        entities.append(Entity("besoin", hit.value, start, end, hit.confidence))
    return entities
