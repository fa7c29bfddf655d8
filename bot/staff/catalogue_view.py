"""The catalogue as staff browse it: filters, one row per service, the served version."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, List, Mapping, Optional, Sequence, Tuple

from bot.catalogue.cards import reservations, title
from bot.catalogue.communes import CommuneRef
from bot.catalogue.matching import FRANCE, zone_key
from bot.common.folding import lower_without_accents
from bot.catalogue.models import Catalogue, Service
from bot.common.dates import PARIS
from bot.catalogue.vocab import load_vocabularies
from bot.staff.queries import ListFilters



def french_timestamp(value: Optional[str]) -> str:
    """"2026-11-30T01:06:22+00:00" → "30/11/2026 à 02:06 (heure de Paris)"."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(PARIS)
    return moment.strftime("%d/%m/%Y à %H:%M") + " (heure de Paris)"


@dataclass(frozen=True)
class CatalogueHeader:
    """What the bot serves now, from `CatalogueProvider.status()`."""

    version: Optional[str]
    services: int
    loaded_at: str
    directory: str
    refused_at: str
    refused_errors: Tuple[str, ...]


def header_from_status(status: Mapping[str, Any]) -> CatalogueHeader:
    refused = status.get("last_refused") or {}
    return CatalogueHeader(
        version=status.get("version"),
        services=int(status.get("services") or 0),
        loaded_at=french_timestamp(status.get("loaded_at")),
        directory=str(status.get("directory") or ""),
        refused_at=french_timestamp(refused.get("at")),
        refused_errors=tuple(refused.get("errors") or ()),
    )


def zone_label(zone: str, communes: CommuneRef) -> str:
    key = zone_key(zone)
    if key == FRANCE:
        return "France entière"
    if len(key) == 5:
        commune = communes.get(key)
        return f"{commune.nom} ({key})" if commune else key
    if len(key) in (2, 3):
        return f"département {key}"
    return f"intercommunalité {key}"


def covers(service: Service, code_insee: Optional[str], communes: CommuneRef) -> bool:
    """Is a resident of the commune (None: unknown commune) inside the service's zone?

    Same reading as the matcher: a zone is the commune itself, its département, its EPCI or
    "france"; with no commune only the France-wide services are open."""
    if code_insee is None:
        return any(zone_key(z) == FRANCE for z in service.zone_eligibilite)
    return any(communes.in_zone(code_insee, z) for z in service.zone_eligibilite)


def has_thematique(service: Service, value: str) -> bool:
    """A category value matches its sous-thematiques; a sous-thematique matches itself."""
    return value in service.thematiques or value in service.categories


def filter_services(catalogue: Catalogue, filters: ListFilters, communes: CommuneRef) -> List[Service]:
    """The services matching every filter given, sorted by name as residents read them."""
    services: Sequence[Service] = catalogue.services
    if filters.errors:
        return []
    if filters.commune is not None:
        code = filters.commune.commune.code_insee
        services = [s for s in services if covers(s, code, communes)]
    if filters.thematique:
        services = [s for s in services if has_thematique(s, filters.thematique)]
    if filters.public:
        services = [s for s in services if filters.public in s.publics]
    return sorted(services, key=lambda s: lower_without_accents(title(s)))


@dataclass(frozen=True)
class ServiceRow:
    service: Service
    titre: str
    lieu: str
    zones: Tuple[str, ...]
    thematiques: Tuple[str, ...]
    publics: Tuple[str, ...]
    reservations: Tuple[str, ...]
    source_file: str
    date_maj: str


def service_row(service: Service, communes: CommuneRef) -> ServiceRow:
    vocab = load_vocabularies()
    contact = service.contact
    return ServiceRow(
        service=service,
        titre=title(service),
        lieu=" ".join(p for p in (contact.code_postal, contact.commune) if p) or "—",
        zones=tuple(zone_label(z, communes) for z in service.zone_eligibilite),
        thematiques=tuple(vocab.libelle("thematiques", t) for t in service.thematiques),
        publics=tuple(vocab.libelle("publics", p) for p in service.publics),
        reservations=tuple(reservations(service)),
        source_file=service.structure.source_file,
        date_maj=service.structure.date_maj.strftime("%d/%m/%Y"),
    )


Option = Tuple[str, str]  # (value, French label)


def thematique_groups() -> List[Tuple[str, List[Option]]]:
    """For the select: each category (first option: the whole category), then its sous-thematiques."""
    vocab = load_vocabularies()
    groups = []
    for categorie in sorted(vocab.categories, key=lambda c: lower_without_accents(vocab.libelle("categories", c))):
        label = vocab.libelle("categories", categorie)
        options = [(categorie, f"{label} (toute la catégorie)")]
        options += [(t, vocab.libelle("thematiques", t)) for t in vocab.thematiques_of(categorie)]
        groups.append((label, options))
    return groups


def public_options() -> List[Option]:
    vocab = load_vocabularies()
    return sorted(((p, vocab.libelle("publics", p)) for p in vocab.publics), key=lambda o: lower_without_accents(o[1]))
