"""Our catalogue → data·inclusion v1 records (field names and vocabularies of the national schema).

One JSON file `{"structures": [...], "services": [...]}`: the two lists are exactly what the
API's /api/v1/structures and /api/v1/services return as `items`, and `importer` reads the file back.

- `source` is "aiguillage"; ids are "aiguillage--<structure id>" and
  "aiguillage--<structure id>--<service id>" (data·inclusion ids are "<source>--<id>");
- a service carries its effective contact (its own values, else its structure's), since
  data·inclusion readers do not inherit; its `date_maj` is its structure's;
- phone numbers in E.164 (+33…) as the schema prefers; absent values and empty lists are null;
- our `x_` fields (age, required statuses, neighbourhoods, walk-in, languages) have no v1
  field and are left out, as is a service's own `site_web` / `accessibilite_lieu` (structure only in v1).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from bot.catalogue.datainclusion.mapping import OUR_SOURCE
from bot.catalogue.models import Catalogue, Contact, Service, Structure
from bot.common.phones import french_phone

STRUCTURE_FIELDS_V1 = (
    "source", "id", "nom", "description", "date_maj", "siret", "commune", "code_postal", "code_insee",
    "adresse", "complement_adresse", "longitude", "latitude", "telephone", "courriel", "site_web",
    "horaires_accueil", "accessibilite_lieu", "reseaux_porteurs",
)
SERVICE_FIELDS_V1 = (
    "source", "structure_id", "id", "nom", "description", "date_maj", "type", "thematiques", "frais",
    "frais_precisions", "publics", "publics_precisions", "conditions_acces", "commune", "code_postal",
    "code_insee", "adresse", "complement_adresse", "longitude", "latitude", "telephone", "courriel",
    "modes_accueil", "zone_eligibilite", "contact_nom_prenom", "lien_mobilisation", "modes_mobilisation",
    "mobilisable_par", "mobilisation_precisions", "volume_horaire_hebdomadaire", "nombre_semaines",
    "horaires_accueil",
)
_LOCATION_AND_CONTACT = ("commune", "code_postal", "code_insee", "adresse", "complement_adresse", "longitude",
                         "latitude", "telephone", "courriel", "horaires_accueil")


def structure_v1_id(structure: Structure) -> str:
    return f"{OUR_SOURCE}--{structure.id}"


def e164(telephone: Optional[str]) -> Optional[str]:
    """"01 48 70 60 38" → "+33148706038"; short numbers ("39 49") are written without spaces."""
    phone = french_phone(telephone) if telephone else None
    if phone is None:
        return None
    return phone.international or phone.digits


def _list(values: Sequence[str]) -> Optional[List[str]]:
    return list(values) if values else None


def _contact(contact: Contact, names: Sequence[str]) -> Dict[str, Any]:
    values = {name: getattr(contact, name) for name in names}
    if "telephone" in values:
        values["telephone"] = e164(values["telephone"])
    return values


def export_structure(structure: Structure) -> Dict[str, Any]:
    record: Dict[str, Any] = dict.fromkeys(STRUCTURE_FIELDS_V1)
    record.update(
        source=OUR_SOURCE,
        id=structure_v1_id(structure),
        nom=structure.nom,
        description=structure.description,
        date_maj=structure.date_maj.isoformat(),
        reseaux_porteurs=_list(structure.reseaux_porteurs),
        **_contact(structure.contact, _LOCATION_AND_CONTACT + ("site_web", "accessibilite_lieu")),
    )
    return record


def export_service(service: Service) -> Dict[str, Any]:
    record: Dict[str, Any] = dict.fromkeys(SERVICE_FIELDS_V1)
    record.update(
        source=OUR_SOURCE,
        structure_id=structure_v1_id(service.structure),
        id=f"{OUR_SOURCE}--{service.id}",
        nom=service.nom,
        description=service.description,
        date_maj=service.structure.date_maj.isoformat(),
        type=service.type,
        thematiques=_list(service.thematiques),
        frais=service.frais,
        frais_precisions=service.frais_precisions,
        publics=_list(service.publics),
        publics_precisions=service.publics_precisions,
        conditions_acces=service.conditions_acces,
        modes_accueil=_list(service.modes_accueil),
        zone_eligibilite=_list(service.zone_eligibilite),
        lien_mobilisation=service.lien_mobilisation,
        modes_mobilisation=_list(service.modes_mobilisation),
        mobilisable_par=_list(service.mobilisable_par),
        **_contact(service.contact, _LOCATION_AND_CONTACT),
    )
    return record


def export_catalogue(catalogue: Catalogue) -> Dict[str, List[Dict[str, Any]]]:
    return {
        "structures": [export_structure(structure) for structure in catalogue.structures],
        "services": [export_service(service) for service in catalogue.services],
    }
