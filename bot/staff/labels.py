"""French labels staff read for the situation slots: views of the situation vocabulary."""
from __future__ import annotations

from bot.catalogue.situation_vocabulary import NEEDS, OBSTACLES, STATUSES

BESOIN_LABELS = {n.slug: n.staff_label for n in NEEDS}
FREIN_LABELS = {o.slug: o.staff_label for o in OBSTACLES}
# The statuses a service may require, as asked in the situation form (slot → label).
STATUT_LABELS = {s.slot: s.staff_label for s in STATUSES}
# Unknown facts that kept services out (`MatchResult.non_verifies`).
SLOT_LABELS = {
    "commune": "la commune",
    "age": "l'âge",
    **{s.slot: s.staff_topic for s in STATUSES},
    "quartier": "le quartier",
}
