"""Immutable records of the catalogue and of a resident's situation (the contract's vocabulary)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Tuple

from bot.catalogue.situation_vocabulary import STATUSES

# Statuses a service may require (`x_requiert`) and the slot that holds each.
STATUT_SLOTS = {status.requirement: status.slot for status in STATUSES}


@dataclass(frozen=True)
class Contact:
    """Where and how to reach a structure or a service (a service's values override its structure's)."""

    adresse: Optional[str] = None
    complement_adresse: Optional[str] = None
    code_postal: Optional[str] = None
    commune: Optional[str] = None
    code_insee: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    telephone: Optional[str] = None  # normalised: "01 48 70 60 38"
    courriel: Optional[str] = None
    site_web: Optional[str] = None
    accessibilite_lieu: Optional[str] = None
    horaires_accueil: Optional[str] = None  # OpenStreetMap opening_hours syntax


@dataclass(frozen=True)
class Structure:
    id: str
    nom: str
    date_maj: date
    contact: Contact
    description: Optional[str] = None
    reseaux_porteurs: Tuple[str, ...] = ()
    source_file: str = ""  # path relative to the catalogue folder


@dataclass(frozen=True)
class Service:
    id: str  # global id: "<structure.id>--<service id>"
    structure: Structure
    nom: str
    description: str
    thematiques: Tuple[str, ...]
    zone_eligibilite: Tuple[str, ...]
    contact: Contact  # effective contact, after inheritance from the structure
    type: Optional[str] = None
    publics: Tuple[str, ...] = ("tous-publics",)
    publics_precisions: Optional[str] = None
    conditions_acces: Optional[str] = None
    frais: str = "gratuit"
    frais_precisions: Optional[str] = None
    modes_accueil: Tuple[str, ...] = ()
    modes_mobilisation: Tuple[str, ...] = ()
    mobilisable_par: Tuple[str, ...] = ()
    lien_mobilisation: Optional[str] = None
    x_age_min: Optional[int] = None
    x_age_max: Optional[int] = None
    x_requiert: Tuple[str, ...] = ()
    x_quartiers: Tuple[str, ...] = ()
    x_sans_rendez_vous: Optional[bool] = None
    x_langues: Tuple[str, ...] = ()

    @property
    def local_id(self) -> str:
        return self.id.split("--", 1)[1]

    @property
    def categories(self) -> Tuple[str, ...]:
        """Thematique categories (the part before `--`), without duplicates, in order."""
        return tuple(dict.fromkeys(t.split("--", 1)[0] for t in self.thematiques))


@dataclass(frozen=True)
class Catalogue:
    structures: Tuple[Structure, ...]
    services: Tuple[Service, ...]
    version: str = ""  # short content hash of the files, shown on the health endpoint

    def service(self, service_id: str) -> Optional[Service]:
        return next((s for s in self.services if s.id == service_id), None)


@dataclass(frozen=True)
class Situation:
    """What the bot knows of a resident; None means not known (yet)."""

    age: Optional[int] = None
    code_insee: Optional[str] = None
    commune: Optional[str] = None
    quartier: Optional[str] = None
    besoin: Optional[str] = None
    freins: Optional[Tuple[str, ...]] = None  # () means "no obstacle"
    inscrit_france_travail: Optional[bool] = None
    beneficiaire_rsa: Optional[bool] = None
    rqth: Optional[bool] = None
    non_renseignes: Tuple[str, ...] = field(default=())  # slots the resident chose not to answer
