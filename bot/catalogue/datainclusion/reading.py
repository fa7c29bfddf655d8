"""data·inclusion v1 files → raw records ("structure" or "service", a dict of field → raw value).

Accepted shapes, told apart by their content rather than their name:
- JSON: a list of records (open data export), a page of the API (`{"items": [...], "total": …}`,
  pages of /api/v1/structures, /api/v1/services or /api/v1/search/services), one record,
  or `{"structures": [...], "services": [...]}` (what `exporter` writes);
- CSV: the open data export (one file of structures, one of services), `,` `;` or tab separated,
  UTF-8 (or Windows-1252 after a spreadsheet saved it).

A record with a `structure_id` is a service, any other a structure. Nested records are taken
too: a service's `structure` (search results) and a structure's `services` (structure detail).
Every problem with a file raises LectureImpossible with a French message for staff.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

STRUCTURE, SERVICE = "structure", "service"
Record = Dict[str, Any]

REQUIRED_COLUMNS = {STRUCTURE: ("id", "nom"), SERVICE: ("id", "structure_id", "nom", "zone_eligibilite")}
_V0_SERVICE_FIELDS = ("zone_diffusion_type", "zone_diffusion_code", "presentation_resume", "profils")
_CSV_DELIMITERS = ",;\t"


class LectureImpossible(Exception):
    """A data·inclusion file cannot be used; str(exc) is a French sentence for staff."""


def iter_records(path: Path) -> Iterator[Tuple[str, Record]]:
    """(kind, record) of every structure and service of the file, in file order."""
    name = path.name
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise LectureImpossible(f"Le fichier « {path} » n'existe pas. Vérifiez son nom et le dossier.") from None
    except IsADirectoryError:
        raise LectureImpossible(f"« {path} » est un dossier : indiquez les fichiers eux-mêmes "
                                "(par exemple structures.json et services.json).") from None
    except OSError as exc:
        raise LectureImpossible(f"Le fichier « {path} » ne peut pas être lu ({exc.strerror}).") from None
    if not content.strip():
        raise LectureImpossible(f"Le fichier « {name} » est vide.")
    if _looks_like_json(path, content):
        return _json_records(name, content)
    return _csv_records(name, content)


def _looks_like_json(path: Path, content: bytes) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix == ".csv":
        return False
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")


# --------------------------------------------------------------------------- JSON


def _json_records(name: str, content: bytes) -> Iterator[Tuple[str, Record]]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LectureImpossible(f"Le fichier « {name} » n'est pas en UTF-8 : ce n'est pas un export JSON "
                                "de data·inclusion.") from None
    except json.JSONDecodeError as exc:
        raise LectureImpossible(
            f"Le fichier « {name} » n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}). "
            "Vérifiez qu'il a été téléchargé en entier.") from None
    records = list(_records_of(name, data))
    _check_json_services(name, [record for kind, record in records if kind == SERVICE])
    return iter(records)


def _records_of(name: str, data: Any) -> Iterator[Tuple[str, Record]]:
    if isinstance(data, list):
        yield from _list_records(name, data, None)
    elif isinstance(data, dict) and isinstance(data.get("items"), list):
        yield from _list_records(name, data["items"], None)
    elif isinstance(data, dict) and ("structures" in data or "services" in data):
        for key, kind in (("structures", STRUCTURE), ("services", SERVICE)):
            value = data.get(key)
            if isinstance(value, dict) and isinstance(value.get("items"), list):
                value = value["items"]
            if value is None:
                continue
            if not isinstance(value, list):
                raise LectureImpossible(f"Dans « {name} », « {key} » doit être une liste.")
            yield from _list_records(name, value, kind)
    elif isinstance(data, dict) and "id" in data and "nom" in data:
        yield from _list_records(name, [data], None)
    else:
        raise LectureImpossible(
            f"Le fichier « {name} » ne ressemble pas à un export data·inclusion : il faut une liste de structures "
            "ou de services, une page de l'API (avec « items ») ou un objet avec « structures » et « services ».")


def _list_records(name: str, items: List[Any], kind: Optional[str]) -> Iterator[Tuple[str, Record]]:
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise LectureImpossible(f"Dans « {name} », l'élément n° {number} n'est pas une structure ni un service "
                                    "(un objet JSON entre accolades était attendu).")
        if isinstance(item.get("service"), dict) and "nom" not in item:  # a search result: {service, distance}
            item = item["service"]
        yield from _record_and_nested(item, kind)


def _record_and_nested(item: Record, kind: Optional[str]) -> Iterator[Tuple[str, Record]]:
    record = dict(item)
    nested_structure = record.pop("structure", None)
    nested_services = record.pop("services", None)
    is_service = kind == SERVICE or (kind is None and "structure_id" in record)
    if isinstance(nested_structure, dict):
        yield STRUCTURE, dict(nested_structure)
        if is_service and not record.get("structure_id"):
            record["structure_id"] = nested_structure.get("id")
    yield (SERVICE if is_service else STRUCTURE), record
    if not is_service and isinstance(nested_services, list):
        for service in nested_services:
            if isinstance(service, dict):
                service = dict(service)
                service.setdefault("structure_id", record.get("id"))
                yield SERVICE, service


def _check_json_services(name: str, services: List[Record]) -> None:
    if not services or any("zone_eligibilite" in service for service in services):
        return
    if any(field in service for service in services for field in _V0_SERVICE_FIELDS):
        raise LectureImpossible(_v0_message(name))
    raise LectureImpossible(f"Les services du fichier « {name} » n'ont pas de champ « zone_eligibilite » : "
                            "sans lui, impossible de savoir à quelles communes ils s'adressent. "
                            "Utilisez un export data·inclusion v1.")


def _v0_message(name: str) -> str:
    return (f"Le fichier « {name} » suit l'ancien schéma data·inclusion v0 (zone_diffusion_type, profils…). "
            "Téléchargez l'export au schéma v1 (API /api/v1/… ou fichiers v1 de data.gouv.fr).")


# --------------------------------------------------------------------------- CSV


def _csv_records(name: str, content: bytes) -> Iterator[Tuple[str, Record]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # saved again by a spreadsheet
    if "\x00" in text:
        raise LectureImpossible(f"Le fichier « {name} » n'est pas un fichier texte (CSV ou JSON). S'il s'agit "
                                "d'un classeur Excel, enregistrez-le au format CSV.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise LectureImpossible(f"Le fichier « {name} » est vide.") from None
    except csv.Error as exc:
        raise LectureImpossible(f"Le fichier « {name} » n'est pas un CSV lisible ({exc}).") from None
    kind = SERVICE if "structure_id" in header else STRUCTURE
    if kind == SERVICE and "zone_eligibilite" not in header and any(f in header for f in _V0_SERVICE_FIELDS):
        raise LectureImpossible(_v0_message(name))
    missing = [column for column in REQUIRED_COLUMNS[kind] if column not in header]
    if missing:
        what = "de services" if kind == SERVICE else "de structures"
        shown = ", ".join(header[:12]) + (" …" if len(header) > 12 else "")
        raise LectureImpossible(
            f"Le fichier « {name} » n'a pas les colonnes attendues d'un export {what} data·inclusion v1 : "
            f"il manque {', '.join(f'« {c} »' for c in missing)}. Colonnes trouvées : {shown or 'aucune'}.")
    return _csv_rows(name, reader, header, kind)


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in _CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(name: str, reader: Iterable[List[str]], header: List[str], kind: str) -> Iterator[Tuple[str, Record]]:
    line = 1
    try:
        for line, row in enumerate(reader, start=2):  # noqa: B007 (`line` is for the error below)
            if not any(cell.strip() for cell in row):
                continue
            yield kind, {column: (row[i] if i < len(row) and row[i] != "" else None)
                         for i, column in enumerate(header) if column}
    except csv.Error as exc:
        raise LectureImpossible(f"Le fichier « {name} » est mal formé vers la ligne {line + 1} ({exc}). "
                                "Vérifiez les guillemets de cette ligne.") from None
