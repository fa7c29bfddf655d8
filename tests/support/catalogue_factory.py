"""Builders of catalogue records and a stub commune reference, for tests and benchmarks.

Tests describe only what matters to them: `make_service("ml", thematiques=[...], x_age_max=25)`;
everything else gets a plausible default.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.catalogue.models import Catalogue, Contact, Service, Situation, Structure

EMPLOI = "trouver-un-emploi--repondre-a-des-offres-demploi"
CV = "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"
FORMATION = "se-former--trouver-sa-formation"
CREATION = "creer-une-entreprise--definir-son-projet-de-creation-dentreprise"
METIER = "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"
GARDE = "famille--garde-denfants"
PARENTALITE = "famille--soutien-a-la-parentalite-et-a-leducation"
FRANCAIS = "lecture-ecriture-calcul--maitriser-le-francais"
CALCUL = "lecture-ecriture-calcul--maitriser-le-calcul"
MOBILITE = "mobilite--preparer-un-permis"
NUMERIQUE = "numerique--maitriser-les-fondamentaux-du-numerique"
SANTE = "sante--acces-aux-soins"
LOGEMENT = "logement-hebergement--louer-un-logement"
CONFIANCE = "remobilisation--bien-etre-confiance-en-soi"
ADMINISTRATIF = "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
FINANCES = "difficultes-financieres--ameliorer-sa-gestion-budgetaire"
ALL_THEMES = (
    EMPLOI, CV, FORMATION, CREATION, METIER, GARDE, PARENTALITE, FRANCAIS, CALCUL, MOBILITE,
    NUMERIQUE, SANTE, LOGEMENT, CONFIANCE, ADMINISTRATIF, FINANCES,
)


@dataclass(frozen=True)
class StubCommune:
    """Same fields as bot.catalogue.communes.Commune."""

    code_insee: str
    nom: str
    departement: str
    epci: Optional[str]
    codes_postaux: Tuple[str, ...]
    latitude: Optional[float]
    longitude: Optional[float]


PLAINE_COMMUNE = "200057867"
EST_ENSEMBLE = "200057875"
GRAND_PARIS = "200054781"
AUBERVILLIERS = StubCommune("93001", "Aubervilliers", "93", PLAINE_COMMUNE, ("93300",), 48.9146, 2.3821)
MONTREUIL = StubCommune("93048", "Montreuil", "93", EST_ENSEMBLE, ("93100",), 48.8638, 2.4485)
BAGNOLET = StubCommune("93006", "Bagnolet", "93", EST_ENSEMBLE, ("93170",), 48.8690, 2.4183)
ROMAINVILLE = StubCommune("93063", "Romainville", "93", EST_ENSEMBLE, ("93230",), 48.8840, 2.4350)
PARIS = StubCommune("75056", "Paris", "75", GRAND_PARIS, ("75001", "75020"), 48.8566, 2.3522)
LYON = StubCommune("69123", "Lyon", "69", "200046977", ("69001", "69009"), 45.7640, 4.8357)


class StubCommunes:
    """Same methods as bot.catalogue.communes.CommuneRef, over a handful of communes."""

    def __init__(self, communes: Iterable[StubCommune] = (
        AUBERVILLIERS, MONTREUIL, BAGNOLET, ROMAINVILLE, PARIS, LYON,
    )) -> None:
        self._by_code: Dict[str, StubCommune] = {c.code_insee: c for c in communes}
        self.in_zone_calls = 0

    def get(self, code_insee: str) -> Optional[StubCommune]:
        return self._by_code.get(code_insee)

    def in_zone(self, code_insee: str, zone: str) -> bool:
        self.in_zone_calls += 1
        if zone == "france" or zone == code_insee:
            return True
        commune = self._by_code.get(code_insee)
        return commune is not None and zone in (commune.departement, commune.epci)

    def __iter__(self):
        return iter(self._by_code.values())


def make_structure(
    id: str = "structure-test",
    nom: str = "Structure test",
    commune: Optional[StubCommune] = AUBERVILLIERS,
    **contact: object,
) -> Structure:
    """A structure located in `commune` (its town hall's coordinates), reachable by phone."""
    defaults: Dict[str, object] = {"adresse": "1 rue de la République", "telephone": "01 99 00 12 34"}
    if commune is not None:
        defaults.update(
            code_postal=commune.codes_postaux[0] if commune.codes_postaux else None,
            commune=commune.nom, code_insee=commune.code_insee,
            latitude=commune.latitude, longitude=commune.longitude,
        )
    defaults.update(contact)
    return Structure(id=id, nom=nom, date_maj=date(2025, 1, 15), contact=Contact(**defaults))


def make_service(
    local_id: str = "service",
    nom: Optional[str] = None,
    thematiques: Sequence[str] = (EMPLOI,),
    zone: Sequence[str] = ("93001",),
    structure: Optional[Structure] = None,
    contact: Optional[Dict[str, object]] = None,
    **fields: object,
) -> Service:
    """A service of `structure` (a fresh one named after the service by default).

    `contact` overrides some of the structure's contact fields, as a service may in YAML."""
    if structure is None:
        structure = make_structure(id=f"s-{local_id}", nom=f"Structure {local_id}")
    effective = replace(structure.contact, **(contact or {}))
    for key in ("publics", "x_requiert", "x_quartiers", "x_langues", "mobilisable_par",
                "modes_accueil", "modes_mobilisation"):
        if key in fields:
            fields[key] = tuple(fields[key])  # type: ignore[arg-type]
    return Service(
        id=f"{structure.id}--{local_id}",
        structure=structure,
        nom=nom or f"Service {local_id}",
        description=fields.pop("description", "Un service pour les tests."),  # type: ignore[arg-type]
        thematiques=tuple(thematiques),
        zone_eligibilite=tuple(zone),
        contact=effective,
        **fields,  # type: ignore[arg-type]
    )


def make_catalogue(*services: Service) -> Catalogue:
    structures = tuple({s.structure.id: s.structure for s in services}.values())
    return Catalogue(structures=structures, services=tuple(services), version="test")


def situation(**fields: object) -> Situation:
    """A resident of Aubervilliers looking for a job, no obstacle, unless told otherwise."""
    defaults: Dict[str, object] = {
        "code_insee": "93001", "commune": "Aubervilliers", "besoin": "emploi", "freins": (),
    }
    defaults.update(fields)
    if defaults.get("freins") is not None:
        defaults["freins"] = tuple(defaults["freins"])  # type: ignore[arg-type]
    return Situation(**defaults)  # type: ignore[arg-type]


# --------------------------------------------------------------------- large synthetic catalogues

IDF_DEPARTEMENTS = {  # code: (number of communes, latitude, longitude of the centre)
    "75": (1, 48.857, 2.352), "77": (507, 48.62, 2.95), "78": (259, 48.80, 1.90),
    "91": (194, 48.52, 2.25), "92": (36, 48.85, 2.23), "93": (40, 48.91, 2.47),
    "94": (47, 48.78, 2.47), "95": (184, 49.07, 2.15),
}


def generate_idf_communes(seed: int = 0) -> List[StubCommune]:
    """About 1,270 made-up communes laid out like Île-de-France's, grouped in EPCIs of ~20."""
    rng = random.Random(seed)
    communes: List[StubCommune] = []
    for dep, (count, lat, lon) in IDF_DEPARTEMENTS.items():
        for n in range(count):
            code = f"{dep}{n + 1:03d}"
            epci = f"2000{dep}{n // 20:03d}"
            communes.append(StubCommune(
                code, f"Commune {code}", dep, epci, (f"{dep}{n % 1000:03d}",),
                lat + rng.uniform(-0.2, 0.2), lon + rng.uniform(-0.3, 0.3),
            ))
    return communes


def generate_catalogue(
    communes: Sequence[StubCommune], n_services: int = 100_000, seed: int = 0,
) -> Catalogue:
    """A catalogue of `n_services` services (3 per structure) spread over `communes`.

    Zones: mostly the structure's commune, some its EPCI or département, a few `france`; some
    services carry age limits, required statuses or reserved neighbourhoods."""
    rng = random.Random(seed)
    publics = ("jeunes", "demandeurs-emploi", "beneficiaires-des-minimas-sociaux",
               "personnes-en-situation-de-handicap", "seniors", "femmes", "familles")
    structures: List[Structure] = []
    services: List[Service] = []
    n_structures = (n_services + 2) // 3
    for s in range(n_structures):
        commune = communes[rng.randrange(len(communes))]
        structure = make_structure(
            id=f"st-{s}", nom=f"Structure {s} de {commune.nom}", commune=commune,
            latitude=(commune.latitude or 48.8) + rng.uniform(-0.01, 0.01),
            longitude=(commune.longitude or 2.3) + rng.uniform(-0.01, 0.01),
        )
        structures.append(structure)
        for k in range(min(3, n_services - len(services))):
            roll = rng.random()
            if roll < 0.01:
                zone: Tuple[str, ...] = ("france",)
            elif roll < 0.06:
                zone = (commune.departement,)
            elif roll < 0.16 and commune.epci:
                zone = (commune.epci,)
            else:
                zone = (commune.code_insee,)
            fields: Dict[str, object] = {}
            if rng.random() < 0.15:
                fields.update(x_age_min=16, x_age_max=25)
            if rng.random() < 0.10:
                fields["x_requiert"] = (rng.choice(("rsa", "inscription-france-travail", "rqth")),)
            if rng.random() < 0.05:
                fields["x_quartiers"] = (f"Quartier {rng.randrange(5)}",)
            if rng.random() < 0.4:
                fields["publics"] = (rng.choice(publics),)
            services.append(make_service(
                f"sv-{k}", nom=f"Service {s}-{k}", structure=structure, zone=zone,
                thematiques=tuple(rng.sample(ALL_THEMES, rng.randint(1, 3))), **fields,
            ))
    return Catalogue(structures=tuple(structures), services=tuple(services), version="generated")
