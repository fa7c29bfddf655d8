"""The fields of a catalogue file (catalogue-format.md), in one table read by the validator and
the loader: each field's name, whether it is required, how its value is read (`kind`), its
data·inclusion vocabulary, whether it is a list, and whether a service inherits it from its
structure. The order is the order of the format (and of the files the import writes).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple


@dataclass(frozen=True)
class Vocabulary:
    """The data·inclusion vocabulary of a field's values, and how a wrong value is told."""

    kind: str  # a kind of bot.catalogue.vocab.Vocabularies ("publics", "modes_accueil"…)
    noun: str  # "« x » n'est pas <noun>."
    listed: bool  # the message lists every allowed value (a short list)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # how the value is read and checked: the FileChecker method `p_<kind>`
    required: bool = False
    many: bool = False  # a list of values (a tuple once loaded)
    vocabulary: Optional[Vocabulary] = None
    contact: bool = False  # part of models.Contact: a service without it inherits its structure's
    location: bool = False  # where the place is: not inherited when the service has its own address
    hint: str = "une valeur"  # what to write when it is missing ("Ajoutez …")


def _contact(name: str, kind: str, location: bool = False) -> Field:
    return Field(name, kind, contact=True, location=location)


CONTACT: Tuple[Field, ...] = (
    _contact("adresse", "text", location=True),
    _contact("complement_adresse", "text", location=True),
    _contact("code_postal", "code_postal", location=True),
    _contact("commune", "text", location=True),
    _contact("code_insee", "code_insee", location=True),
    _contact("latitude", "latitude", location=True),
    _contact("longitude", "longitude", location=True),
    _contact("telephone", "telephone"),
    _contact("courriel", "courriel"),
    _contact("site_web", "url"),
    _contact("accessibilite_lieu", "url"),
    _contact("horaires_accueil", "horaires"),
)

_ID = Field("id", "id", required=True,
            hint="un identifiant court, en minuscules sans accent ni espace, par exemple « mission-locale »")
_NOM = Field("nom", "nom", required=True, hint="le nom tel que les habitants le connaissent")

STRUCTURE: Tuple[Field, ...] = (
    _ID,
    _NOM,
    Field("date_maj", "date_maj", required=True,
          hint="la date de la dernière vérification des informations, par exemple « date_maj: {today} »"),
    Field("description", "description"),
    Field("reseaux_porteurs", "vocabulary", many=True,
          vocabulary=Vocabulary("reseaux_porteurs", "un réseau porteur connu", listed=False)),
    *CONTACT,
)

SERVICE: Tuple[Field, ...] = (
    _ID,
    _NOM,
    Field("description", "description", required=True,
          hint="une ou deux phrases simples qui disent ce que propose le service"),
    Field("thematiques", "thematiques", required=True, many=True,
          hint="au moins une thématique, par exemple « trouver-un-emploi--repondre-a-des-offres-demploi »"),
    Field("type", "vocabulary", vocabulary=Vocabulary("types", "un type de service connu", listed=True)),
    Field("publics", "publics", many=True, vocabulary=Vocabulary("publics", "un public connu", listed=True)),
    Field("publics_precisions", "text"),
    Field("conditions_acces", "text"),
    Field("frais", "vocabulary", vocabulary=Vocabulary("frais", "une valeur connue pour « frais »", listed=True)),
    Field("frais_precisions", "text"),
    Field("modes_accueil", "vocabulary", many=True,
          vocabulary=Vocabulary("modes_accueil", "un mode d'accueil connu", listed=True)),
    Field("modes_mobilisation", "vocabulary", many=True,
          vocabulary=Vocabulary("modes_mobilisation", "un mode de mobilisation connu", listed=True)),
    Field("mobilisable_par", "vocabulary", many=True,
          vocabulary=Vocabulary("mobilisable_par", "une valeur connue pour « mobilisable_par »", listed=True)),
    Field("lien_mobilisation", "url"),
    Field("zone_eligibilite", "zone_eligibilite", required=True, many=True,
          hint="les codes INSEE des communes concernées, par exemple « 93001 » pour Aubervilliers, "
               "ou « 93 » pour toute la Seine-Saint-Denis"),
    *CONTACT,
    Field("x_age_min", "age"),
    Field("x_age_max", "age"),
    Field("x_requiert", "requiert", many=True),
    Field("x_quartiers", "quartiers", many=True),
    Field("x_sans_rendez_vous", "bool"),
    Field("x_langues", "langues", many=True),
)

TOP_KEYS = ("structure", "services")
# The same tables by name, in the format's order.
STRUCTURE_FIELDS: Dict[str, Field] = {f.name: f for f in STRUCTURE}
SERVICE_FIELDS: Dict[str, Field] = {f.name: f for f in SERVICE}
CONTACT_FIELDS: Tuple[str, ...] = tuple(f.name for f in CONTACT)
LOCATION_FIELDS = frozenset(f.name for f in CONTACT if f.location)


def inherit_contact(structure: Mapping[str, Any], service: Mapping[str, Any]) -> Dict[str, Any]:
    """Effective contact of a service: its own values, then its structure's, field by field.

    One exception: when the service gives its own `adresse`, it is another place, so the
    structure's location fields (postcode, commune, coordinates…) are not mixed into it.
    """
    own_place = service.get("adresse") is not None
    contact: Dict[str, Any] = {}
    for name in CONTACT_FIELDS:
        value = service.get(name)
        if value is None and not (own_place and name in LOCATION_FIELDS):
            value = structure.get(name)
        contact[name] = value
    return contact
