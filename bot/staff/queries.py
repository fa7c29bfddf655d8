"""Read the staff page's forms (query string values) into filters and a situation, in French.

Nothing here raises on bad input: each problem becomes a French sentence shown in the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from bot.catalogue.communes import SCORE_SURE, Commune, CommuneRef
from bot.catalogue.models import STATUT_SLOTS
from bot.catalogue.situation_vocabulary import BESOINS, FREINS
from bot.catalogue.vocab import load_vocabularies

Args = Mapping[str, Sequence[str]]  # query string: name → values (Sanic's request.args)

# Tri-state answers of the status questions.
OUI, NON, INCONNU = "oui", "non", "inconnu"
STATUT_VALUES = {OUI: True, NON: False, INCONNU: None}
TEXT_MAX_CHARS = 80  # longer values are not a commune or a neighbourhood: cut, never echoed whole


def first(args: Args, name: str) -> str:
    values = args.get(name) or ()
    return str(values[0]).strip()[:TEXT_MAX_CHARS] if values else ""


@dataclass(frozen=True)
class CommuneChoice:
    commune: Commune
    alternatives: Tuple[Commune, ...] = ()  # other readings when the match is not sure


def resolve_commune(text: str, communes: CommuneRef) -> Tuple[Optional[CommuneChoice], Optional[str]]:
    """The commune a name, postal code or INSEE code designates, or a French error message."""
    if not text:
        return None, None
    by_code = communes.get(text) if re.fullmatch(r"[0-9][0-9ABab][0-9]{3}", text) else None
    if by_code is not None:
        return CommuneChoice(by_code), None
    matches = communes.resolve(text)
    if not matches:
        return None, (
            f"Commune inconnue : « {text} ». Écrivez son nom, son code postal ou son code INSEE "
            "(par exemple Bondy, 93140 ou 93010)."
        )
    best = matches[0]
    alternatives = () if best.score >= SCORE_SURE else tuple(m.commune for m in matches[1:])
    return CommuneChoice(best.commune, alternatives), None


# ----------------------------------------------------------------------------- catalogue list


@dataclass(frozen=True)
class ListFilters:
    commune_text: str = ""
    commune: Optional[CommuneChoice] = None
    thematique: str = ""  # a category ("trouver-un-emploi") or a sous-thematique
    public: str = ""
    errors: Tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.commune_text or self.thematique or self.public)


def parse_list_filters(args: Args, communes: CommuneRef) -> ListFilters:
    vocab = load_vocabularies()
    errors: List[str] = []
    commune_text = first(args, "commune")
    commune, error = resolve_commune(commune_text, communes)
    if error:
        errors.append(error)
    thematique = first(args, "thematique")
    if thematique and thematique not in vocab.thematiques and thematique not in vocab.categories:
        errors.append(f"Thématique inconnue : « {thematique} ». Choisissez-la dans la liste.")
    public = first(args, "public")
    if public and public not in vocab.publics:
        errors.append(f"Public inconnu : « {public} ». Choisissez-le dans la liste.")
    return ListFilters(commune_text, commune, thematique, public, tuple(errors))


# ------------------------------------------------------------------------------ try a situation


@dataclass(frozen=True)
class TrialForm:
    """What staff typed in "Essayer une situation", as typed (to fill the form again)."""

    submitted: bool = False
    age: str = ""
    commune: str = ""
    quartier: str = ""
    besoin: str = BESOINS[0]
    freins: Tuple[str, ...] = ()
    statuts: Dict[str, str] = field(default_factory=lambda: dict.fromkeys(STATUT_SLOTS.values(), INCONNU))


@dataclass(frozen=True)
class TrialInput:
    """The situation to try, once read; `errors` non-empty means nothing can be tried."""

    form: TrialForm
    age: Optional[int] = None
    commune: Optional[CommuneChoice] = None
    statuts: Dict[str, Optional[bool]] = field(default_factory=dict)
    errors: Tuple[str, ...] = ()


def parse_trial(args: Args, communes: CommuneRef, age_min: int, age_max: int) -> TrialInput:
    """Read the form; the situation is tried only when there is no error."""
    submitted = bool(args.get("besoin"))  # the need select always sends a value
    freins = tuple(dict.fromkeys(str(v)[:TEXT_MAX_CHARS] for v in (args.get("freins") or ())))
    statuts_typed = {slot: first(args, slot) or INCONNU for slot in STATUT_SLOTS.values()}
    form = TrialForm(
        submitted=submitted,
        age=first(args, "age"),
        commune=first(args, "commune"),
        quartier=first(args, "quartier"),
        besoin=first(args, "besoin") or BESOINS[0],
        freins=freins,
        statuts=statuts_typed,
    )
    if not submitted:
        return TrialInput(form)
    errors: List[str] = []
    age = None
    if form.age:
        if not re.fullmatch(r"[0-9]{1,3}", form.age):
            errors.append(
                f"L'âge « {form.age} » n'est pas un nombre. Écrivez un âge en années (par exemple 24), "
                "ou laissez la case vide pour un âge inconnu."
            )
        elif not age_min <= int(form.age) <= age_max:
            errors.append(
                f"L'âge doit être compris entre {age_min} et {age_max} ans : le bot n'accepte pas "
                f"« {form.age} »."
            )
        else:
            age = int(form.age)
    commune, error = resolve_commune(form.commune, communes)
    if error:
        errors.append(error)
    if form.besoin not in BESOINS:
        errors.append(f"Besoin inconnu : « {form.besoin} ». Choisissez-le dans la liste.")
    unknown_freins = [f for f in freins if f not in FREINS]
    if unknown_freins:
        errors.append("Frein inconnu : " + ", ".join(f"« {f} »" for f in unknown_freins) + ".")
    statuts: Dict[str, Optional[bool]] = {}
    for slot, value in statuts_typed.items():
        if value not in STATUT_VALUES:
            errors.append(f"Réponse inconnue « {value} » : choisissez oui, non ou je ne sais pas.")
        else:
            statuts[slot] = STATUT_VALUES[value]
    return TrialInput(form, age, commune, statuts, tuple(errors))
