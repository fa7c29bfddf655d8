"""The situation vocabulary: one ordered row per need, obstacle and status, and every wording of it.

Every other list of needs, obstacles or statuses in the code base is a view of these three tables
(the slot values the bot accepts, the buttons residents press, the labels staff read, the themes
matching looks for, the "why" line of a card). Adding an obstacle is one row here, its extraction
rules and topic words (bot/understanding/obstacles.py) and its NLU examples (data/nlu/situation.yml);
tests/actions/test_situation_vocabulary.py checks those. The recipe in docs/developpement.md lists
the wording to look over (the questions that enumerate choices, the numbered answers).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, Tuple


@dataclass(frozen=True)
class Need:
    """What the resident looks for (slot `besoin`)."""

    slug: str  # the slot value
    button: str  # the answer button of the question "Que cherchez-vous ?"
    menu_button: str  # the same choice in the menu, as a sentence ("Je cherche un emploi")
    staff_label: str  # what staff read
    themes: Tuple[str, ...]  # matching rule 2: a key with `--` is a sous-thematique, else a category
    why: str  # the "why it fits" line of a card: "pour trouver un emploi"
    noted: str  # "C'est noté : vous cherchez <noted>."


@dataclass(frozen=True)
class Obstacle:
    """What holds the resident back (slot `freins`, one value per obstacle)."""

    slug: str
    button: str
    staff_label: str
    theme: str
    why: str


@dataclass(frozen=True)
class Status:
    """A status a service may require (`x_requiert`), held in a yes/no slot of its own."""

    slot: str  # the slot and NLU entity
    requirement: str  # its value in the catalogue's `x_requiert`
    public: str  # the data·inclusion public it makes the resident one of
    button: str  # the button of the combined question "statuts"
    staff_label: str  # the situation as staff read it
    staff_topic: str  # the unknown fact, in staff's sentences: "le RSA"
    reserved_to: str  # "réservé aux <reserved_to>"
    unknown_note: str  # why an excluded service was not checked: "RSA inconnu"
    not_known: str  # the resident's caveat: "Comme <not_known>, je n'ai pas proposé…"


NEEDS: Tuple[Need, ...] = (
    Need("emploi", "Un emploi", "Je cherche un emploi", "Trouver un emploi",
         ("trouver-un-emploi", "preparer-sa-candidature"), "pour trouver un emploi", "un emploi"),
    Need("formation", "Une formation", "Je cherche une formation", "Trouver une formation",
         ("se-former",), "pour trouver une formation", "une formation"),
    Need("creation_entreprise", "Créer mon entreprise", "Créer mon entreprise", "Créer son entreprise",
         ("creer-une-entreprise",), "pour créer votre entreprise", "créer votre entreprise"),
    Need("orientation_metier", "Choisir un métier", "Choisir un métier", "Choisir un métier",
         ("choisir-un-metier",), "pour choisir un métier", "choisir un métier"),
)

OBSTACLES: Tuple[Obstacle, ...] = (
    Obstacle("garde_enfants", "Garde des enfants", "Garde des enfants",
             "famille--garde-denfants", "pour la garde d'enfants"),
    Obstacle("mobilite", "Transport, permis", "Transport, permis", "mobilite", "pour vous déplacer"),
    Obstacle("francais", "Parler ou écrire le français", "Parler ou écrire le français",
             "lecture-ecriture-calcul--maitriser-le-francais", "pour apprendre le français"),
    Obstacle("numerique", "Ordinateur, internet", "Ordinateur, internet", "numerique",
             "pour utiliser internet et l'ordinateur"),
    Obstacle("sante", "Santé", "Santé", "sante", "pour votre santé"),
    Obstacle("logement", "Logement", "Logement", "logement-hebergement", "pour le logement"),
    Obstacle("confiance", "Confiance en soi", "Confiance en soi", "remobilisation",
             "pour reprendre confiance"),
    Obstacle("administratif", "Papiers, démarches", "Papiers, démarches",
             "difficultes-administratives-ou-juridiques", "pour vos démarches administratives"),
    Obstacle("finances", "Argent, dettes", "Argent, dettes", "difficultes-financieres",
             "pour vos difficultés d'argent"),
)

STATUSES: Tuple[Status, ...] = (
    Status("inscrit_france_travail", "inscription-france-travail", "demandeurs-emploi",
           "Inscrit à France Travail", "Inscrit ou inscrite à France Travail",
           "l'inscription à France Travail", "personnes inscrites à France Travail",
           "inscription à France Travail inconnue",
           "je ne sais pas si vous êtes inscrit à France Travail"),
    Status("beneficiaire_rsa", "rsa", "beneficiaires-des-minimas-sociaux",
           "Au RSA", "Touche le RSA", "le RSA", "bénéficiaires du RSA",
           "RSA inconnu", "je ne sais pas si vous touchez le RSA"),
    Status("rqth", "rqth", "personnes-en-situation-de-handicap",
           "RQTH (handicap)", "A une RQTH (travailleur handicapé)", "la RQTH",
           "personnes avec une RQTH (travailleur handicapé)",
           "RQTH inconnue", "je ne sais pas si vous avez la RQTH"),
)

# The "no obstacle" answer of the freins question (a payload value, never stored in the slot).
NO_OBSTACLE = "aucun"


def _by(rows, key: str) -> Mapping:
    return MappingProxyType({getattr(row, key): row for row in rows})


NEED = _by(NEEDS, "slug")
OBSTACLE = _by(OBSTACLES, "slug")
STATUS_BY_SLOT = _by(STATUSES, "slot")

# Slot values, in order.
BESOINS: Tuple[str, ...] = tuple(NEED)
FREINS: Tuple[str, ...] = tuple(OBSTACLE)
STATUS_SLOTS: Tuple[str, ...] = tuple(STATUS_BY_SLOT)
