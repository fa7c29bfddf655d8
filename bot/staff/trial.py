""""Essayer une situation": what the bot would propose for a situation, and why not the others.

The proposals and their cards come from the bot's own Matcher and cards module, with the same
number of addresses per answer, so staff see exactly what a resident would read. Every other
service of the catalogue gets the reason the Matcher itself gives (`Matcher.review`), in words.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable, Dict, List, Optional, Tuple, Type

from bot.catalogue.cards import render_card, title
from bot.catalogue.communes import CommuneRef
from bot.catalogue.matching import Exclusion, Matcher, MatchResult, Proposal
from bot.common.folding import lower_without_accents
from bot.common.french import join_fr
from bot.catalogue.matching_reasons import AnotherChosen, OutOfZone, Unrelated
from bot.catalogue.matching_wording import left_out_because, why_it_fits
from bot.catalogue.models import Service, Situation
from bot.catalogue.situation_vocabulary import NEED
from bot.catalogue.vocab import load_vocabularies
from bot.staff.catalogue_view import zone_label
from bot.staff.labels import BESOIN_LABELS, FREIN_LABELS, SLOT_LABELS, STATUT_LABELS
from bot.staff.queries import TrialInput

QUARTIER_MAX_CHARS = 40  # as the bot keeps a neighbourhood it does not know

MOTIFS = {
    "besoin": "pour le besoin",
    "repli": "accueil généraliste (repli : rien ne correspond exactement)",
}


@dataclass(frozen=True)
class ShownProposal:
    service: Service
    titre: str
    motif: str  # French: for the need, for which obstacle, or fallback
    pourquoi: str
    card: str  # the text the resident reads


@dataclass(frozen=True)
class LeftOut:
    service: Service
    titre: str
    raisons: Tuple[str, ...]


@dataclass(frozen=True)
class TrialOutcome:
    situation: Situation
    understood: Tuple[str, ...]  # the situation as read, one French line per fact
    notes: Tuple[str, ...]  # what the bot would say or do besides the cards
    proposals: Tuple[ShownProposal, ...]
    more: Tuple[ShownProposal, ...]  # behind the "D'autres adresses" button
    excluded: Tuple[LeftOut, ...]  # relevant but kept out by a rule (the matcher's reasons)
    out_of_zone: Tuple[LeftOut, ...]
    unrelated: Tuple[LeftOut, ...]
    not_picked: Tuple[LeftOut, ...]  # eligible for an obstacle, another address chosen first


def build_situation(trial: TrialInput, matcher: Matcher) -> Tuple[Situation, Optional[str]]:
    """The Situation the bot would hold, and the catalogue's spelling of the quartier if known."""
    commune = trial.commune.commune if trial.commune else None
    situation = Situation(
        age=trial.age,
        code_insee=commune.code_insee if commune else None,
        commune=commune.nom if commune else None,
        besoin=trial.form.besoin,
        freins=trial.form.freins,
        **trial.statuts,
    )
    if not trial.form.quartier:
        return situation, None
    known = matcher.resolve_quartier(trial.form.quartier, situation)
    return replace(situation, quartier=known or trial.form.quartier[:QUARTIER_MAX_CHARS]), known


def run_trial(trial: TrialInput, matcher: Matcher, communes: CommuneRef, now: datetime,
              limit_besoin: int) -> TrialOutcome:
    situation, known_quartier = build_situation(trial, matcher)
    review = matcher.review(situation, limit_besoin=limit_besoin)
    result = review.result
    proposals = tuple(_shown(p, situation, now) for p in result.proposals)
    more = tuple(_shown(p, situation, now) for p in result.more)

    def zone(code: str) -> str:
        return zone_label(code, communes)

    excluded = tuple(_left_out(e, zone) for e in result.excluded)
    others: Dict[Type, List[LeftOut]] = {OutOfZone: [], Unrelated: [], AnotherChosen: []}
    for exclusion in sorted(review.others, key=lambda e: lower_without_accents(title(e.service))):
        others[type(exclusion.reasons[0])].append(_left_out(exclusion, zone))

    notes: List[str] = []
    questions = matcher.questions_utiles(situation)
    if questions:
        notes.append(
            "Dans une vraie conversation, le bot demanderait d'abord "
            + join_fr([SLOT_LABELS[q] for q in questions])
            + " ; les propositions ci-dessous sont celles qu'il fait si la personne ne sait pas "
            "ou ne veut pas répondre."
        )
    notes += _notes(result, situation)
    return TrialOutcome(
        situation=situation,
        understood=tuple(_understood(trial, situation, known_quartier)),
        notes=tuple(notes),
        proposals=proposals,
        more=more,
        excluded=excluded,
        out_of_zone=tuple(others[OutOfZone]),
        unrelated=tuple(others[Unrelated]),
        not_picked=tuple(others[AnotherChosen]),
    )


def _shown(proposal: Proposal, situation: Situation, now: datetime) -> ShownProposal:
    if proposal.motif == "frein" and proposal.frein:
        motif = f"pour le frein « {FREIN_LABELS.get(proposal.frein, proposal.frein)} »"
    else:
        motif = MOTIFS.get(proposal.motif, proposal.motif)
    pourquoi = why_it_fits(proposal.why) if proposal.why is not None else ""
    return ShownProposal(proposal.service, title(proposal.service), motif, pourquoi,
                         render_card(proposal, situation, now))


def _left_out(exclusion: Exclusion, zone: Callable[[str], str]) -> LeftOut:
    service = exclusion.service
    return LeftOut(service, title(service), tuple(left_out_because(r, zone) for r in exclusion.reasons))


def _notes(result: MatchResult, situation: Situation) -> List[str]:
    notes: List[str] = []
    if not result.proposals:
        notes.append("Le bot répondrait qu'il n'a trouvé aucune adresse et orienterait vers France Travail (39 49).")
    elif result.repli:
        notes.append("Aucun service ne correspond exactement : le bot propose des accueils généralistes du secteur.")
    if situation.code_insee and not result.zone_couverte:
        notes.append(f"Aucun service local ne couvre {situation.commune} : "
                     "seuls des services nationaux sont possibles.")
    missing = [SLOT_LABELS[s] for s in result.non_verifies if s in SLOT_LABELS]
    if missing:
        notes.append(
            "Le bot préviendrait la personne que des services n'ont pas été proposés faute de connaître "
            + join_fr(missing) + "."
        )
    return notes


def _understood(trial: TrialInput, situation: Situation, known_quartier: Optional[str]) -> List[str]:
    vocab = load_vocabularies()
    lines = [f"Âge : {situation.age} ans" if situation.age is not None else "Âge : inconnu"]
    if trial.commune is not None:
        commune = trial.commune.commune
        line = f"Commune : {commune.nom} (code INSEE {commune.code_insee})"
        if trial.commune.alternatives:
            others = ", ".join(f"{c.nom} ({c.code_insee})" for c in trial.commune.alternatives)
            line += f" — correspondance approximative, autres possibilités : {others}"
        lines.append(line)
    else:
        lines.append("Commune : inconnue")
    if trial.form.quartier:
        if known_quartier:
            lines.append(f"Quartier : {known_quartier} (reconnu dans le catalogue)")
        else:
            lines.append(
                f"Quartier : « {situation.quartier} » (aucun service de la zone n'est réservé à ce quartier)"
            )
    need = NEED.get(situation.besoin or "")
    themes = [vocab.libelle("categories", k) if "--" not in k else vocab.libelle("thematiques", k)
              for k in (need.themes if need else ())]
    besoin = BESOIN_LABELS.get(situation.besoin or "", situation.besoin)
    lines.append(f"Besoin : {besoin} (thèmes cherchés : {', '.join(themes)})")
    freins = [FREIN_LABELS.get(f, f) for f in situation.freins or ()]
    lines.append("Freins : " + (", ".join(freins) if freins else "aucun"))
    for slot, label in STATUT_LABELS.items():
        value = getattr(situation, slot)
        lines.append(f"{label} : " + {True: "oui", False: "non", None: "je ne sais pas"}[value])
    return lines
