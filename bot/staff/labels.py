"""French labels staff read for the situation slots (the resident-facing buttons say the same)."""
from __future__ import annotations

from bot.catalogue.models import BESOINS, FREINS

BESOIN_LABELS = {
    "emploi": "Trouver un emploi",
    "formation": "Trouver une formation",
    "creation_entreprise": "Créer son entreprise",
    "orientation_metier": "Choisir un métier",
}
FREIN_LABELS = {
    "garde_enfants": "Garde des enfants",
    "mobilite": "Transport, permis",
    "francais": "Parler ou écrire le français",
    "numerique": "Ordinateur, internet",
    "sante": "Santé",
    "logement": "Logement",
    "confiance": "Confiance en soi",
    "administratif": "Papiers, démarches",
    "finances": "Argent, dettes",
}
assert tuple(BESOIN_LABELS) == BESOINS and tuple(FREIN_LABELS) == FREINS

# The statuses a service may require, as asked in the situation form (slot → question).
STATUT_LABELS = {
    "inscrit_france_travail": "Inscrit ou inscrite à France Travail",
    "beneficiaire_rsa": "Touche le RSA",
    "rqth": "A une RQTH (travailleur handicapé)",
}
# Unknown facts that kept services out (`MatchResult.non_verifies`).
SLOT_LABELS = {
    "commune": "la commune",
    "age": "l'âge",
    "inscrit_france_travail": "l'inscription à France Travail",
    "beneficiaire_rsa": "le RSA",
    "rqth": "la RQTH",
    "quartier": "le quartier",
}
