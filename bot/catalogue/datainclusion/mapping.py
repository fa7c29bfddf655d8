"""data·inclusion v1 records → the content of one of our catalogue files (docs/catalogue-format.md).

Every value is checked with the validator's own rules before it is kept: a value our format
would refuse is dropped and a French note says which and why, so that the files written always
pass the validator. A service that cannot be made valid (no description, no known thematique,
no way to reach it…) is skipped with a French reason. Our `x_` fields have no data·inclusion
counterpart and are never written.

Identifiers: data·inclusion ids are "<source>--<id at the source>". A structure keeps the whole
id, made into `[a-z0-9-]+` ("dora--42" → "dora-42"), so that two sources never collide; our own
records (source "aiguillage", written by `exporter`) get their original ids back. A service id
is the part after its structure's id or its source ("dora--s9" → "s9").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Protocol, Sequence

from bot.catalogue.datainclusion.values import as_date, as_float, as_list, as_text
from bot.catalogue.validation import (
    CONTACT_FIELDS,
    LOCATION_FIELDS,
    NOM_MAX,
    NOM_MIN,
    SERVICE_FIELDS,
    STRUCTURE_FIELDS,
    inherit_contact,
    is_courriel,
    is_url,
    parse_opening_hours,
    suggest_opening_hours,
)
from bot.catalogue.validation.formats import CODE_COMMUNE, CODE_POSTAL, is_zone_code
from bot.catalogue.vocab import Vocabularies
from bot.common.folding import ascii_slug
from bot.common.phones import national_phone

OUR_SOURCE = "aiguillage"  # the `source` of the records `exporter` writes
FRANCE_CODES = {"france": "france", "99100": "france"}  # 99100: INSEE country code of France


class Communes(Protocol):
    """What the mapping needs of bot.catalogue.communes.CommuneRef."""

    def get(self, code_insee: str) -> Any: ...

    def is_known_zone(self, code: str) -> bool: ...

    def in_zone(self, code_insee: str, zone: str) -> bool: ...


@dataclass(frozen=True)
class Skipped:
    """A service or a structure left out, and why (French)."""

    what: str  # « Atelier CV » (dora--s9)
    reason: str


@dataclass
class MappedStructure:
    """One structure of the source, as one of our files (or why it cannot be one)."""

    source_id: str  # the data·inclusion id
    structure_id: str  # ours
    nom: str
    source: Optional[str]
    content: Optional[Dict[str, Any]] = None  # {"structure": {...}, "services": [...]}; None when skipped
    reason: Optional[str] = None  # why the whole structure is left out
    notes: List[str] = field(default_factory=list)  # values dropped
    skipped: List[Skipped] = field(default_factory=list)  # services left out

    @property
    def label(self) -> str:
        return f"« {self.nom} » ({self.source_id})"


def zone_codes(raw: Any) -> List[str]:
    """The codes of a `zone_eligibilite` value, France written `france`."""
    return [FRANCE_CODES.get(code.lower(), code.upper()) for code in as_list(raw)]


def covers(zone: Sequence[str], communes_asked: Iterable[str], communes: Communes) -> bool:
    """Does the zone include one of the communes (itself, its département, its EPCI, or France)?"""
    return any(communes.in_zone(commune, code) for commune in communes_asked for code in zone)


def service_label(record: Mapping[str, Any]) -> str:
    return f"« {as_text(record.get('nom')) or 'sans nom'} » ({as_text(record.get('id')) or 'sans identifiant'})"


# --------------------------------------------------------------------------- identifiers


def structure_id_of(record: Mapping[str, Any]) -> str:
    source_id = as_text(record.get("id")) or ""
    source = as_text(record.get("source"))
    if source == OUR_SOURCE:
        own = as_text(record.get("original_id")) or _without_prefix(source_id, f"{OUR_SOURCE}--")
        if ascii_slug(own):
            return ascii_slug(own)
    return ascii_slug(source_id) or ascii_slug(as_text(record.get("nom")) or "")


def service_id_of(record: Mapping[str, Any], structure_source_id: str) -> str:
    source_id = as_text(record.get("id")) or ""
    source = as_text(record.get("source"))
    local = _without_prefix(source_id, f"{structure_source_id}--")
    if local == source_id and source:
        local = _without_prefix(source_id, f"{source}--")
    return ascii_slug(local) or ascii_slug(source_id) or ascii_slug(as_text(record.get("nom")) or "")


def _without_prefix(text: str, prefix: str) -> str:
    return text[len(prefix):] if prefix and text.startswith(prefix) and len(text) > len(prefix) else text


def _unique(identifier: str, taken: set) -> str:
    candidate, number = identifier, 2
    while candidate in taken:
        candidate, number = f"{identifier}-{number}", number + 1
    taken.add(candidate)
    return candidate


# --------------------------------------------------------------------------- values


class _Cleaner:
    """Reads the fields of one record, keeping only values our validator accepts."""

    def __init__(self, record: Mapping[str, Any], where: str, notes: List[str], vocab: Vocabularies,
                 communes: Communes):
        self.record = record
        self.where = where  # "structure" or "service « nom »", starts each note
        self.notes = notes
        self.vocab = vocab
        self.communes = communes

    def note(self, message: str) -> None:
        self.notes.append(f"{self.where} : {message}")

    def text(self, name: str) -> Optional[str]:
        value = self.record.get(name)
        if isinstance(value, (list, dict)):
            self.note(f"« {name} » n'est pas un texte, non repris.")
            return None
        text = as_text(value)
        if text is None:
            return None
        lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() or None

    def nom(self) -> Optional[str]:
        nom = self.text("nom")
        if nom is not None:
            nom = " ".join(nom.split())
        if nom is None or len(nom) < NOM_MIN:
            return None
        if len(nom) > NOM_MAX:
            cut = nom[:NOM_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
            self.note(f"nom « {_short(nom)} » raccourci à {NOM_MAX} caractères.")
            return f"{cut}…"
        return nom

    def checked(self, name: str, ok: Callable[[str], Optional[str]], why: str) -> Optional[str]:
        value = self.text(name)
        if value is None:
            return None
        clean = ok(value)
        if clean is None:
            self.note(f"{name} « {_short(value)} » non repris : {why}.")
        return clean

    def code_postal(self) -> Optional[str]:
        return self.checked("code_postal", lambda v: _fullmatch(CODE_POSTAL, _zero_padded(v)),
                            "ce n'est pas un code postal à 5 chiffres")

    def code_insee(self) -> Optional[str]:
        def known(value: str) -> Optional[str]:
            code = _zero_padded(value).upper()
            return code if CODE_COMMUNE.fullmatch(code) and self.communes.get(code) is not None else None

        return self.checked("code_insee", known, "ce n'est pas le code INSEE d'une commune")

    def coordinate(self, name: str, limit: float) -> Optional[float]:
        value = self.record.get(name)
        try:
            number = as_float(value)
        except ValueError:
            number = float("nan")
        if number is None:
            return None
        if -limit <= number <= limit:
            return number
        self.note(f"{name} « {_short(str(value))} » non reprise : ce n'est pas une coordonnée valable.")
        return None

    def url(self, name: str) -> Optional[str]:
        def fixed(value: str) -> Optional[str]:
            if is_url(value):
                return value
            if not re.match(r"\w+://", value) and is_url(f"https://{value}"):
                return f"https://{value}"
            return None

        return self.checked(name, fixed, "ce n'est pas une adresse web complète")

    def horaires(self) -> Optional[str]:
        value = self.text("horaires_accueil")
        if value is None or parse_opening_hours(value):
            return value
        suggestion = suggest_opening_hours(value)
        hint = f"proposition : « {suggestion} »" if suggestion else "exemple : « Mo-Fr 09:00-12:00 »"
        self.note(f"horaires_accueil « {_short(value)} » non repris : pas au format OpenStreetMap ({hint}).")
        return None

    def contact(self, fields: Sequence[str]) -> Dict[str, Any]:
        readers: Dict[str, Callable[[], Any]] = {
            "adresse": lambda: self.text("adresse"),
            "complement_adresse": lambda: self.text("complement_adresse"),
            "code_postal": self.code_postal,
            "commune": lambda: self.text("commune"),
            "code_insee": self.code_insee,
            "latitude": lambda: self.coordinate("latitude", 90),
            "longitude": lambda: self.coordinate("longitude", 180),
            "telephone": lambda: self.checked("telephone", national_phone, "ce n'est pas un numéro français"),
            "courriel": lambda: self.checked("courriel", lambda v: v if is_courriel(v) else None,
                                             "ce n'est pas une adresse de courriel"),
            "site_web": lambda: self.url("site_web"),
            "accessibilite_lieu": lambda: self.url("accessibilite_lieu"),
            "horaires_accueil": self.horaires,
        }
        values = {name: readers[name]() for name in fields}
        return {name: value for name, value in values.items() if value is not None}

    def vocabulary(self, name: str, kind: str, noun: str) -> List[str]:
        allowed = self.vocab.values(kind)
        kept: List[str] = []
        for value in as_list(self.record.get(name)):
            if value in allowed:
                if value not in kept:
                    kept.append(value)
            else:
                self.note(f"{noun} « {_short(value)} » : valeur absente du vocabulaire data·inclusion v1, "
                          "non reprise.")
        return kept

    def single(self, name: str, kind: str, noun: str) -> Optional[str]:
        values = self.vocabulary(name, kind, noun)
        if len(values) > 1 and kind == "frais":  # v0 gave a list; "payant" is the one that matters
            return "payant" if "payant" in values else values[0]
        return values[0] if values else None

    def zone(self) -> List[str]:
        kept: List[str] = []
        for code in zone_codes(self.record.get("zone_eligibilite")):
            if code == "france" or (is_zone_code(code) and self.communes.is_known_zone(code)):
                if code not in kept:
                    kept.append(code)
            else:
                self.note(f"code de zone « {_short(code)} » inconnu, non repris.")
        return kept

    def day(self, name: str) -> Optional[date]:
        value = self.record.get(name)
        try:
            return as_date(value)
        except (ValueError, OverflowError, OSError):
            self.note(f"{name} « {_short(str(value))} » n'est pas une date, non reprise.")
            return None


def _zero_padded(code: str) -> str:
    """A spreadsheet turns 01000 into 1000: put the zero back."""
    return f"0{code}" if len(code) == 4 and code.isdigit() else code


def _fullmatch(pattern: re.Pattern, value: str) -> Optional[str]:
    return value if pattern.fullmatch(value) else None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


# --------------------------------------------------------------------------- records → file


def map_structure(record: Mapping[str, Any], services: Sequence[Mapping[str, Any]], vocab: Vocabularies,
                  communes: Communes, today: date) -> MappedStructure:
    """One of our files from a data·inclusion structure and its (already selected) services."""
    source_id = as_text(record.get("id")) or ""
    mapped = MappedStructure(source_id=source_id, structure_id=structure_id_of(record),
                             nom=as_text(record.get("nom")) or "sans nom", source=as_text(record.get("source")))
    cleaner = _Cleaner(record, "structure", mapped.notes, vocab, communes)
    nom = cleaner.nom()
    if not mapped.structure_id:
        mapped.reason = "pas d'identifiant utilisable."
        return mapped
    if nom is None:
        mapped.reason = f"le nom de la structure manque ou fait moins de {NOM_MIN} caractères."
        return mapped

    structure: Dict[str, Any] = {"id": mapped.structure_id, "nom": nom}
    day = cleaner.day("date_maj") or max(
        (d for d in (_quiet_day(s.get("date_maj")) for s in services) if d is not None), default=None)
    if day is None:
        mapped.reason = "pas de date de mise à jour (date_maj) dans la source."
        return mapped
    if day > today:
        cleaner.note(f"date_maj {day.isoformat()} dans le futur, remplacée par la date du jour.")
        day = today
    structure["date_maj"] = day
    description = cleaner.text("description")
    if description:
        structure["description"] = description
    reseaux = cleaner.vocabulary("reseaux_porteurs", "reseaux_porteurs", "réseau porteur")
    if reseaux:
        structure["reseaux_porteurs"] = reseaux
    structure.update(cleaner.contact(CONTACT_FIELDS))

    our_services: List[Dict[str, Any]] = []
    taken: set = set()
    for service_record in services:
        service = _map_service(service_record, source_id, structure, vocab, communes, mapped)
        if service is not None:
            service["id"] = _unique(service["id"], taken)
            our_services.append(service)
    if not our_services:
        mapped.reason = "aucun de ses services ne peut être importé."
        return mapped
    mapped.content = {"structure": _ordered(structure, STRUCTURE_FIELDS),
                      "services": [_ordered(s, SERVICE_FIELDS) for s in our_services]}
    return mapped


def _quiet_day(value: Any) -> Optional[date]:
    try:
        return as_date(value)
    except (ValueError, OverflowError, OSError):
        return None


def _map_service(record: Mapping[str, Any], structure_source_id: str, structure: Mapping[str, Any],
                 vocab: Vocabularies, communes: Communes, mapped: MappedStructure) -> Optional[Dict[str, Any]]:
    label = service_label(record)
    notes: List[str] = []
    cleaner = _Cleaner(record, f"service {label}", notes, vocab, communes)

    def skip(reason: str) -> None:
        mapped.skipped.append(Skipped(label, reason))

    service_id = service_id_of(record, structure_source_id)
    nom = cleaner.nom()
    description = cleaner.text("description")
    if not service_id:
        return skip("pas d'identifiant utilisable.")
    if nom is None:
        return skip(f"le nom manque ou fait moins de {NOM_MIN} caractères.")
    if description is None:
        return skip("pas de description.")
    thematiques = cleaner.vocabulary("thematiques", "thematiques", "thématique")
    if not thematiques:
        given = as_list(record.get("thematiques"))
        if given:
            return skip("aucune thématique connue (" + ", ".join(f"« {_short(t)} »" for t in given) + ").")
        return skip("pas de thématique.")
    zone = cleaner.zone()
    if not zone:
        return skip("pas de zone d'éligibilité utilisable.")

    service: Dict[str, Any] = {"id": service_id, "nom": nom, "description": description, "thematiques": thematiques}
    type_ = cleaner.single("type", "types", "type de service")
    if type_:
        service["type"] = type_
    publics = cleaner.vocabulary("publics", "publics", "public")
    if "tous-publics" in publics and len(publics) > 1:
        cleaner.note("« tous-publics » avec d'autres publics : seul « tous-publics » est gardé.")
        publics = ["tous-publics"]
    for name, value in (
        ("publics", publics),
        ("publics_precisions", cleaner.text("publics_precisions")),
        ("conditions_acces", cleaner.text("conditions_acces")),
        ("frais", cleaner.single("frais", "frais", "valeur de frais")),
        ("frais_precisions", cleaner.text("frais_precisions")),
        ("modes_accueil", cleaner.vocabulary("modes_accueil", "modes_accueil", "mode d'accueil")),
        ("modes_mobilisation", cleaner.vocabulary("modes_mobilisation", "modes_mobilisation",
                                                  "mode de mobilisation")),
        ("mobilisable_par", cleaner.vocabulary("mobilisable_par", "mobilisable_par", "valeur de mobilisable_par")),
        ("lien_mobilisation", cleaner.url("lien_mobilisation")),
        ("zone_eligibilite", zone),
    ):
        if value:
            service[name] = value
    service.update(_own_contact(structure, cleaner.contact(CONTACT_FIELDS)))

    reachable = inherit_contact(structure, service)
    if not any(reachable.get(name) for name in ("telephone", "courriel", "adresse")) and not service.get(
            "lien_mobilisation"):
        return skip("aucun moyen de contact (ni téléphone, ni courriel, ni adresse, ni lien), "
                    "ni pour le service ni pour sa structure.")
    mapped.notes.extend(notes)
    return service


def _own_contact(structure: Mapping[str, Any], contact: Dict[str, Any]) -> Dict[str, Any]:
    """The service's contact values that its structure does not already give (same effective contact).

    data·inclusion repeats the structure's address and phone on each service; our files inherit
    them. A value equal to the structure's is left out only if the service then still reads the
    same (a service with its own `adresse` does not inherit its structure's location fields).
    """
    effective = inherit_contact(structure, contact)
    same = {name for name, value in contact.items() if structure.get(name) == value}
    for dropped in (same, same - LOCATION_FIELDS):
        reduced = {name: value for name, value in contact.items() if name not in dropped}
        if inherit_contact(structure, reduced) == effective:
            return reduced
    return contact  # unreachable: dropping equal non-location values never changes the result


def _ordered(values: Mapping[str, Any], spec: Mapping[str, Any]) -> Dict[str, Any]:
    """Keys in the order of the format (the order of the validator's field table)."""
    return {name: values[name] for name in spec if name in values}


def services_by_structure(services: Iterable[Mapping[str, Any]]) -> Dict[str, List[Mapping[str, Any]]]:
    grouped: Dict[str, List[Mapping[str, Any]]] = {}
    for service in services:
        grouped.setdefault(as_text(service.get("structure_id")) or "", []).append(service)
    return grouped

