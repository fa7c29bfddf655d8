"""Rules of the catalogue format (catalogue-format.md), applied to one YAML file at a time.

The rules work on PyYAML nodes (`yaml.compose`) rather than on loaded Python values, for two
reasons: every node knows its line, and string fields are read as written. A plain YAML value
such as `+33148706038` or `01000` would otherwise become a number (and `01000` an octal one).

Every message is written for the staff member who edits the file: it names the field as written
in the file, says what is wrong and what to write instead.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Protocol, Sequence, Set, Tuple
from urllib.parse import urlsplit

import yaml
from opening_hours import OpeningHours
from rapidfuzz import fuzz, process

from bot.catalogue.models import STATUT_SLOTS, Contact
from bot.catalogue.vocab import ISO_639_1, LANGUES_EN_FRANCAIS, Vocabularies

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"

DESCRIPTION_MAX = 2000
NOM_MIN, NOM_MAX = 3, 150
AGE_MAX = 120
FRESHNESS_MONTHS = 12


# --------------------------------------------------------------------------- issues and report


@dataclass(frozen=True)
class Issue:
    """One problem found in the catalogue, located as precisely as the YAML parser allows."""

    severity: str  # ERREUR | AVERTISSEMENT
    file: str  # relative to the catalogue folder ("" for the folder itself)
    line: Optional[int]  # 1-based
    field: str  # "services[2].thematiques[0]", "structure.telephone", "" for the whole file
    value: Optional[str]
    message: str  # French, for a non-technical staff member
    suggestion: Optional[str] = None  # "Vouliez-vous dire « telephone » ?"

    def format(self) -> str:
        """One French line: "dossier/fichier.yml, ligne 12, services[0].nom : message suggestion"."""
        where = [part for part in (self.file, f"ligne {self.line}" if self.line else "", self.field) if part]
        text = f"{self.message} {self.suggestion}" if self.suggestion else self.message
        return f"{', '.join(where)} : {text}" if where else text


@dataclass
class ValidationReport:
    errors: List[Issue] = field(default_factory=list)
    warnings: List[Issue] = field(default_factory=list)
    files_checked: int = 0
    services_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, issue: Issue) -> None:
        (self.errors if issue.severity == ERREUR else self.warnings).append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.add(issue)

    def sort(self) -> None:
        """Order by file then line (stable), so that the report reads like the files."""
        self.errors.sort(key=_position)
        self.warnings.sort(key=_position)


def _position(issue: Issue) -> Tuple[str, int]:
    return issue.file, issue.line or 0


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"


def format_report(report: ValidationReport) -> str:
    """The French report shown to staff: errors, then warnings, then one count line."""
    lines: List[str] = []
    if report.errors:
        lines.append("Erreurs à corriger :")
        lines.extend(f"- {issue.format()}" for issue in report.errors)
        lines.append("")
    if report.warnings:
        lines.append("Avertissements (à vérifier, le catalogue reste utilisable) :")
        lines.extend(f"- {issue.format()}" for issue in report.warnings)
        lines.append("")
    counts = (
        f"{_count(report.files_checked, 'fichier vérifié', 'fichiers vérifiés')}, "
        f"{_count(report.services_count, 'service', 'services')} : "
        f"{_count(len(report.errors), 'erreur', 'erreurs')}, "
        f"{_count(len(report.warnings), 'avertissement', 'avertissements')}."
    )
    if report.ok:
        verdict = "Le catalogue est valide."
    else:
        verdict = "Le catalogue est refusé : corrigez les erreurs puis relancez la vérification."
    lines.append(f"{counts} {verdict}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- small helpers


class ZoneReference(Protocol):
    """What the validator needs of bot.catalogue.communes.CommuneRef."""

    def is_known_zone(self, code: str) -> bool: ...


def fold(text: str) -> str:
    """Lowercase ASCII slug for fuzzy comparison ("Demandeurs d’emploi" → "demandeurs-d-emploi")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def slugify(text: str) -> str:
    """An identifier made of what was written ("Mission Locale d'Auber" → "mission-locale-d-auber")."""
    return fold(text)


def did_you_mean(value: str, choices: Iterable[str], labels: Optional[Mapping[str, str]] = None,
                 cutoff: float = 75.0) -> Optional[str]:
    """The allowed value closest to `value` (compared without case or accents), or None.

    `labels` maps allowed values to their French label: "Demandeurs d’emploi" finds
    "demandeurs-emploi".
    """
    keys: Dict[str, str] = {}
    for choice in choices:
        keys.setdefault(fold(choice), choice)
    for choice, label in (labels or {}).items():
        keys.setdefault(fold(label), choice)
    folded = fold(value)
    if not folded or not keys:
        return None
    if folded in keys:
        return keys[folded]
    best = process.extractOne(folded, list(keys), scorer=fuzz.ratio, score_cutoff=cutoff)
    return keys[best[0]] if best else None


def vouliez_vous_dire(*values: str) -> Optional[str]:
    if not values:
        return None
    if len(values) == 1:
        return f"Vouliez-vous dire « {values[0]} » ?"
    listed = ", ".join(f"« {v} »" for v in values)
    return f"Vouliez-vous dire l'une de celles-ci : {listed} ?"


_EMERGENCY_NUMBERS = frozenset({"15", "17", "18", "112", "114", "115", "119"})
_TELEPHONE_NOISE = re.compile(r"[\s.\-/()\u00a0\u202f]")


def normalise_telephone(text: str) -> Optional[str]:
    """"+33 1 48 70 60 38" → "01 48 70 60 38", "3949" → "39 49"; None if not a French number."""
    compact = _TELEPHONE_NOISE.sub("", str(text).replace("(0)", ""))
    for prefix in ("+33", "0033"):
        if compact.startswith(prefix):
            rest = compact[len(prefix):]
            compact = "0" + (rest[1:] if rest.startswith("0") else rest)
            break
    if re.fullmatch(r"0[1-9]\d{8}", compact):
        return " ".join(compact[i:i + 2] for i in range(0, 10, 2))
    if re.fullmatch(r"[13]\d{3}", compact):  # special numbers: 3949, 3939, 1010…
        return f"{compact[:2]} {compact[2:]}"
    if compact in _EMERGENCY_NUMBERS:
        return compact
    return None


# Numbers ARCEP reserves for fiction (films, examples): they ring nowhere.
_FICTION_PREFIXES = ("01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49", "06 39 98")
# Domains reserved for examples and tests (RFC 2606 / 6761): no mail arrives, no page opens.
_PLACEHOLDER_DOMAIN = re.compile(r"(^|\.)(example\.(com|org|net|fr)|example|test|invalid|localhost)$", re.I)


def telephone_doubt(normalised: str) -> Optional[str]:
    """Why a (normalised) French number looks like a dead end for a resident, or None."""
    digits = normalised.replace(" ", "")
    if normalised.startswith(_FICTION_PREFIXES):
        return "ce numéro est réservé aux exemples et à la fiction : il ne sonne nulle part"
    if len(digits) == 10 and (len(set(digits[1:])) == 1 or digits in ("0123456789", "0102030405")):
        return "ce numéro ressemble à un numéro inventé"
    if digits.startswith("089"):
        return "ce numéro est surtaxé : l'appel coûte cher aux habitants"
    return None


def domain_doubt(host: str) -> Optional[str]:
    """Why an e-mail or web domain cannot be real (reserved for examples), or None."""
    if _PLACEHOLDER_DOMAIN.search(host.rstrip(".")):
        return f"le domaine « {host} » est réservé aux exemples : rien n'y arrive"
    return None


_COURRIEL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def is_courriel(text: str) -> bool:
    return bool(_COURRIEL.fullmatch(text))


def is_url(text: str) -> bool:
    if re.search(r"\s", text):
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and "." in parts.netloc


def parse_opening_hours(text: str) -> bool:
    try:
        OpeningHours(text)
    except Exception:  # the Rust parser raises its own ParserError (and may raise others)
        return False
    return True


_DAYS_FR = [  # French names and abbreviations, and the OSM codes written in lowercase
    (r"lundi|lun|lu|mo", "Mo"), (r"mardi|mar|ma|tu", "Tu"), (r"mercredi|mer|me|we", "We"),
    (r"jeudi|jeu|je|th", "Th"), (r"vendredi|ven|ve|fr", "Fr"), (r"samedi|sam|sa", "Sa"),
    (r"dimanche|dim|di|su", "Su"),
]


def suggest_opening_hours(text: str) -> Optional[str]:
    """Rewrite common French writings ("du lundi au vendredi de 9h à 12h") in OSM syntax, if it parses."""
    out = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"\s*([-,;])\s*", r"\1", out)
    for words, code in _DAYS_FR:
        out = re.sub(rf"\b(?:{words})\b\.?", code, out)
    day = r"(Mo|Tu|We|Th|Fr|Sa|Su)"
    out = re.sub(rf"\bdu {day} au {day}\b", r"\1-\2", out)
    out = re.sub(rf"\b{day} au {day}\b", r"\1-\2", out)
    out = re.sub(r"\b(\d{1,2})[h:](\d{2})?\b", lambda m: f"{int(m.group(1)):02d}:{m.group(2) or '00'}", out)
    out = re.sub(r"\bde (?=\d)", "", out)
    out = re.sub(r"(\d\d:\d\d) ?(?:a|-) ?(\d\d:\d\d)", r"\1-\2", out)
    for _ in range(3):  # "9h-12h, 14h-17h et 18h-19h"
        out = re.sub(r"(\d\d:\d\d) ?(?:et|,) ?(\d\d:\d\d)", r"\1,\2", out)
    out = re.sub(r"\s*(?:\bet\b|;)\s*", "; ", out)
    out = re.sub(r"\s+", " ", out).strip(" ;")
    if out and out != text and parse_opening_hours(out):
        return out
    return None


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


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre")


def date_fr(day: date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {_MOIS[day.month - 1]} {day.year}"


# --------------------------------------------------------------------------- the format itself

CONTACT_FIELDS: Tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Contact))
LOCATION_FIELDS = frozenset({"adresse", "complement_adresse", "code_postal", "commune", "code_insee",
                             "latitude", "longitude"})
TOP_KEYS = ("structure", "services")

_ID = re.compile(r"[a-z0-9-]+")
_CODE_POSTAL = re.compile(r"\d{5}")
_CODE_COMMUNE = re.compile(r"\d{5}|2[AB]\d{3}")
_CODE_DEPARTEMENT = re.compile(r"\d{2}|2[AB]|97\d")
_CODE_EPCI = re.compile(r"\d{9}")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FR_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"

_INVALID = object()  # a parser's answer when the value is wrong (the issue is already recorded)

FieldParser = Callable[["FileChecker", yaml.Node, str], Any]


@dataclass
class _Mapping:
    """What was read of one YAML mapping (the structure or one service)."""

    values: Dict[str, Any]  # valid values only
    present: Set[str]  # keys given with a non-empty value, valid or not
    ok: bool
    node: yaml.Node
    key_lines: Dict[str, int]


@dataclass
class FileResult:
    """The outcome of checking one file: its issues and, when it has no error, its clean values."""

    file: str
    issues: List[Issue]
    structure: Optional[Dict[str, Any]] = None
    services: List[Dict[str, Any]] = field(default_factory=list)
    structure_id: Optional[str] = None
    structure_id_line: Optional[int] = None
    services_count: int = 0

    @property
    def ok(self) -> bool:
        return not any(issue.severity == ERREUR for issue in self.issues)


def _line(node: Optional[yaml.Node]) -> Optional[int]:
    return node.start_mark.line + 1 if node is not None else None


def _field_name(path: str) -> str:
    """"services[0].thematiques[1]" → "thematiques" (the key a staff member sees in the file)."""
    return re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]


class FileChecker:
    """Checks one composed YAML file against the format; collects issues and clean values."""

    def __init__(self, file: str, vocab: Vocabularies, communes: Optional[ZoneReference], today: date):
        self.file = file
        self.vocab = vocab
        self.communes = communes
        self.today = today
        self.issues: List[Issue] = []

    # -- recording

    def error(self, node: Optional[yaml.Node], path: str, value: Any, message: str,
              suggestion: Optional[str] = None, line: Optional[int] = None) -> object:
        self.issues.append(Issue(ERREUR, self.file, line or _line(node), path,
                                 None if value is None else str(value), message, suggestion))
        return _INVALID

    def warning(self, node: Optional[yaml.Node], path: str, value: Any, message: str,
                suggestion: Optional[str] = None, line: Optional[int] = None) -> None:
        self.issues.append(Issue(AVERTISSEMENT, self.file, line or _line(node), path,
                                 None if value is None else str(value), message, suggestion))

    # -- the file

    def check(self, root: Optional[yaml.Node]) -> FileResult:
        result = FileResult(self.file, self.issues)
        if root is None:
            self.error(None, "", None, "Le fichier est vide. Il doit contenir « structure: » puis « services: ».",
                       line=1)
            return result
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "", None, "Le fichier doit contenir deux parties : « structure: » puis « services: ». "
                                       "Ici, il contient une liste ou un simple texte.")
            return result
        items, _, _ = self._items(root, "", TOP_KEYS, level="file")
        structure_node, services_node = items.get("structure"), items.get("services")

        structure = None
        if structure_node is None:
            self.error(None, "structure", None, "Il manque la partie « structure: » (le lieu qui propose les "
                                                "services : id, nom, date_maj…).", line=1)
        else:
            structure = self._mapping(structure_node, "structure", STRUCTURE_FIELDS, "structure")
            if structure is not None and "id" in structure.values:
                result.structure_id = structure.values["id"]
                result.structure_id_line = structure.key_lines.get("id")

        services = self._services(services_node)
        if isinstance(services_node, yaml.SequenceNode):
            result.services_count = len(services_node.value)
        if structure is not None and services:
            self._check_services_against_structure(structure, services)

        if result.ok and structure is not None and services:
            result.structure = structure.values
            result.services = [service.values for service in services]
        return result

    def _services(self, node: Optional[yaml.Node]) -> Optional[List[_Mapping]]:
        if node is None:
            self.error(None, "services", None, "Il manque la liste « services: » (au moins un service).", line=1)
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG or (
                isinstance(node, yaml.SequenceNode) and not node.value):
            self.error(node, "services", None, "La liste « services » est vide : décrivez au moins un service.")
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, "services", None, "« services » doit être une liste : chaque service commence par "
                                               "un tiret, par exemple « - id: accompagnement ».")
            return None
        services: List[_Mapping] = []
        seen_ids: Dict[str, int] = {}
        for index, item in enumerate(node.value):
            path = f"services[{index}]"
            service = self._mapping(item, path, SERVICE_FIELDS, "service")
            if service is None:
                continue
            services.append(service)
            service_id = service.values.get("id")
            if service_id is None:
                continue
            id_line = service.key_lines.get("id")
            if service_id in seen_ids:
                self.error(None, f"{path}.id", service_id,
                           f"L'identifiant « {service_id} » est déjà utilisé par un autre service de ce fichier "
                           f"(ligne {seen_ids[service_id]}). Donnez un identifiant différent à chaque service.",
                           line=id_line)
            else:
                seen_ids[service_id] = id_line or 0
        return services

    def _check_services_against_structure(self, structure: _Mapping, services: List[_Mapping]) -> None:
        """Rules that need the structure's values (inheritance): reachability, opening hours."""
        given_structure = dict.fromkeys(structure.present, True)
        for index, service in enumerate(services):
            path = f"services[{index}]"
            given = inherit_contact(given_structure, dict.fromkeys(service.present, True))
            reachable = any(given.get(name) for name in ("telephone", "courriel", "adresse")) or (
                "lien_mobilisation" in service.present)
            if not reachable:
                self.error(service.node, path, None,
                           "Ce service n'a aucun moyen de contact. Ajoutez au moins un « telephone », un "
                           "« courriel », une « adresse » ou un « lien_mobilisation », au service ou à la structure.")
            if not given.get("horaires_accueil"):
                self.warning(service.node, f"{path}.horaires_accueil", None,
                             "Ni ce service ni sa structure n'ont d'horaires d'accueil. Ajoutez « horaires_accueil », "
                             "par exemple « Mo-Fr 09:00-12:30,13:30-17:30; PH off », pour que le bot dise quand venir.")

    # -- mappings

    def _items(self, node: yaml.MappingNode, path: str, allowed: Sequence[str],
               level: str) -> Tuple[Dict[str, yaml.Node], Dict[str, int], bool]:
        """Key → value node of a mapping, and key → line; unknown and repeated keys are reported."""
        items: Dict[str, yaml.Node] = {}
        key_lines: Dict[str, int] = {}
        ok = True
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                ok = False
                self.error(key_node, path, None, "Un nom de champ est mal écrit (une liste à la place d'un nom). "
                                                 "Vérifiez l'indentation de cette ligne.")
                continue
            key = key_node.value
            key_path = f"{path}.{key}" if path else key
            if key in key_lines:
                ok = False
                self.error(key_node, key_path, key,
                           f"Le champ « {key} » est écrit deux fois (déjà ligne {key_lines[key]}). Gardez-en un seul.")
                continue
            key_lines[key] = _line(key_node) or 0
            if key not in allowed:
                ok = False
                self._unknown_key(key_node, key_path, key, allowed, level)
                continue
            items[key] = value_node
        return items, key_lines, ok

    def _unknown_key(self, key_node: yaml.Node, path: str, key: str, allowed: Sequence[str], level: str) -> None:
        if level == "structure" and key in SERVICE_FIELDS:
            self.error(key_node, path, key, f"« {key} » se met dans chaque service (sous « services: »), "
                                            "pas dans la structure.")
            return
        if level == "service" and key in STRUCTURE_FIELDS:
            self.error(key_node, path, key, f"« {key} » se met dans la structure, pas dans un service.")
            return
        if level == "file" and (key in STRUCTURE_FIELDS or key in SERVICE_FIELDS):
            self.error(key_node, path, key, f"« {key} » doit être placé sous « structure: » ou dans un service, "
                                            "avec des espaces au début de la ligne.")
            return
        suggestion = did_you_mean(key, allowed)
        where = {"file": "en haut du fichier", "structure": "pour une structure", "service": "pour un service"}[level]
        message = f"« {key} » n'est pas un champ connu {where}."
        if suggestion is None:
            message += " Champs possibles : " + ", ".join(allowed) + "."
        self.error(key_node, path, key, message, vouliez_vous_dire(suggestion) if suggestion else None)

    def _mapping(self, node: yaml.Node, path: str, spec: Mapping[str, Tuple[bool, FieldParser]],
                 level: str) -> Optional[_Mapping]:
        if not isinstance(node, yaml.MappingNode):
            if level == "structure":
                message = ("« structure » doit contenir des champs (id, nom, date_maj…), un par ligne, "
                           "décalés de deux espaces.")
            else:
                message = ("Chaque service doit contenir des champs (id, nom, description…) : "
                           "« - id: … » puis les autres champs alignés en dessous.")
            self.error(node, path, None, message)
            return None
        items, key_lines, ok = self._items(node, path, list(spec), level)
        values: Dict[str, Any] = {}
        present: Set[str] = set()
        for name, (required, parser) in spec.items():
            field_path = f"{path}.{name}"
            value_node = items.get(name)
            value = parser(self, value_node, field_path) if value_node is not None else None
            if value is _INVALID:
                ok = False
                present.add(name)
                continue
            if value is None:
                if required:
                    ok = False
                    self._missing(node, field_path, name, level, key_lines.get(name))
                continue
            present.add(name)
            values[name] = value
        mapping = _Mapping(values, present, ok, node, key_lines)
        self._check_relations(mapping, path, items)
        return mapping

    def _missing(self, node: yaml.Node, path: str, name: str, level: str, key_line: Optional[int]) -> None:
        """A required field is absent (reported on the mapping's first line) or empty (on its own line)."""
        what = REQUIRED_HINTS.get(name, "une valeur").format(today=self.today.isoformat())
        where = "de la structure" if level == "structure" else "de ce service"
        if key_line is not None:
            self.error(None, path, None, f"Le champ « {name} » est vide. Écrivez {what}.", line=key_line)
        else:
            self.error(node, path, None, f"Il manque le champ « {name} » {where}. Ajoutez {what}.")

    def _check_relations(self, mapping: _Mapping, path: str, items: Mapping[str, yaml.Node]) -> None:
        values = mapping.values
        age_min, age_max = values.get("x_age_min"), values.get("x_age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            mapping.ok = False
            self.error(items.get("x_age_max"), f"{path}.x_age_max", age_max,
                       f"L'âge maximum ({age_max} ans) est plus petit que l'âge minimum ({age_min} ans). "
                       "Vérifiez les deux valeurs.")

    # -- scalar values

    def text(self, node: yaml.Node, path: str) -> Any:
        """The text as written (stripped); None when empty."""
        if not isinstance(node, yaml.ScalarNode):
            kind = "une liste" if isinstance(node, yaml.SequenceNode) else "plusieurs champs"
            return self.error(node, path, None, f"« {_field_name(path)} » doit être un simple texte, pas {kind}. "
                                                "Vérifiez les tirets et l'indentation.")
        if node.tag == _NULL_TAG:
            return None
        return node.value.strip() or None

    def items(self, node: yaml.Node, path: str) -> Any:
        """(node, path) of each item of a list; a lone value counts as a one-item list."""
        if isinstance(node, yaml.SequenceNode):
            return [(child, f"{path}[{i}]") for i, child in enumerate(node.value)] or None
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _NULL_TAG else [(node, path)]
        return self.error(node, path, None, f"« {_field_name(path)} » doit être une liste : une valeur par ligne, "
                                            "chacune commençant par un tiret.")

    def text_list(self, node: yaml.Node, path: str, check: Callable[[str, yaml.Node, str], Any]) -> Any:
        """A list of texts, each checked (and possibly normalised) by `check`; duplicates dropped."""
        items = self.items(node, path)
        if items is None or items is _INVALID:
            return items
        values: List[Any] = []
        ok = True
        for child, item_path in items:
            value = self.text(child, item_path)
            if value is None:
                value = self.error(child, item_path, None, f"Une valeur de « {_field_name(path)} » est vide : "
                                                           "écrivez-la ou retirez la ligne.")
            if value is not _INVALID:
                value = check(value, child, item_path)
            if value is _INVALID:
                ok = False
            else:
                values.append(value)
        return tuple(dict.fromkeys(values)) if ok else _INVALID

    # -- field parsers (signature: node, path → clean value | None | _INVALID)

    def p_text(self, node: yaml.Node, path: str) -> Any:
        return self.text(node, path)

    def p_id(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID or _ID.fullmatch(value):
            return value
        slug = slugify(value)
        return self.error(node, path, value,
                          f"« {value} » n'est pas un identifiant valide : utilisez seulement des lettres minuscules "
                          "sans accent, des chiffres et des tirets (pas d'espace).",
                          vouliez_vous_dire(slug) if slug else None)

    def p_nom(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID or NOM_MIN <= len(value) <= NOM_MAX:
            return value
        if len(value) < NOM_MIN:
            message = f"Le nom « {value} » est trop court : écrivez au moins {NOM_MIN} caractères."
        else:
            message = (f"Le nom est trop long ({len(value)} caractères) : {NOM_MAX} au plus. "
                       "Mettez les détails dans « description ».")
        return self.error(node, path, value, message)

    def p_description(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if isinstance(value, str) and len(value) > DESCRIPTION_MAX:
            self.warning(node, path, None,
                         f"La description est longue ({len(value)} caractères, plus de {DESCRIPTION_MAX}) : "
                         "elle sera difficile à lire sur un téléphone. Raccourcissez-la.")
        return value

    def p_date_maj(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID:
            return value
        day = None
        iso = _ISO_DATE.fullmatch(value)
        french = _FR_DATE.fullmatch(value)
        if iso:
            try:
                day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError:
                return self.error(node, path, value, f"La date « {value} » n'existe pas. Vérifiez le jour et le mois "
                                                     "(format AAAA-MM-JJ).")
        else:
            suggestion = None
            if french:
                try:
                    suggestion = date(int(french.group(3)), int(french.group(2)), int(french.group(1))).isoformat()
                except ValueError:
                    suggestion = None
            return self.error(node, path, value,
                              f"« {value} » n'est pas une date au bon format. Écrivez l'année, le mois puis le jour, "
                              f"séparés par des tirets, par exemple {self.today.isoformat()}.",
                              vouliez_vous_dire(suggestion) if suggestion else None)
        if day > self.today:
            return self.error(node, path, value, f"La date « {value} » est dans le futur. Écrivez la date du jour où "
                                                 "les informations ont été vérifiées.")
        if day < months_before(self.today, FRESHNESS_MONTHS):
            self.warning(node, path, value,
                         f"Ces informations n'ont pas été vérifiées depuis plus de {FRESHNESS_MONTHS} mois "
                         f"(dernière vérification le {date_fr(day)}). Vérifiez-les auprès de la structure, puis "
                         "mettez la date du jour.")
        return day

    def _vocab_value(self, kind: str, noun: str, listed: bool) -> Callable[[str, yaml.Node, str], Any]:
        """A checker of one value of a data·inclusion vocabulary."""
        allowed = self.vocab.values(kind)

        def check(value: str, node: yaml.Node, path: str) -> Any:
            if value in allowed:
                return value
            suggestion = did_you_mean(value, allowed, self.vocab.labels.get(kind))
            message = f"« {value} » n'est pas {noun}."
            if listed:
                message += " Valeurs possibles : " + ", ".join(sorted(allowed)) + "."
            elif suggestion is None:
                message += (" Choisissez une valeur de la liste data·inclusion "
                            "(fichier bot/catalogue/data/data-inclusion-v1.yml).")
            return self.error(node, path, value, message, vouliez_vous_dire(suggestion) if suggestion else None)

        return check

    def p_reseaux_porteurs(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, self._vocab_value("reseaux_porteurs", "un réseau porteur connu", False))

    def p_publics(self, node: yaml.Node, path: str) -> Any:
        values = self.text_list(node, path, self._vocab_value("publics", "un public connu", True))
        if isinstance(values, tuple) and "tous-publics" in values and len(values) > 1:
            return self.error(node, path, ", ".join(values),
                              "« tous-publics » doit être seul : retirez-le si le service est réservé aux autres "
                              "publics de la liste, ou retirez les autres publics.")
        return values

    def p_modes_accueil(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, self._vocab_value("modes_accueil", "un mode d'accueil connu", True))

    def p_modes_mobilisation(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, self._vocab_value("modes_mobilisation", "un mode de mobilisation connu",
                                                            True))

    def p_mobilisable_par(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, self._vocab_value("mobilisable_par", "une valeur connue pour "
                                                                               "« mobilisable_par »", True))

    def _single(self, node: yaml.Node, path: str, kind: str, noun: str) -> Any:
        if isinstance(node, yaml.SequenceNode):
            return self.error(node, path, None, f"« {_field_name(path)} » prend une seule valeur, pas une liste.")
        value = self.text(node, path)
        if value is None or value is _INVALID:
            return value
        return self._vocab_value(kind, noun, True)(value, node, path)

    def p_type(self, node: yaml.Node, path: str) -> Any:
        return self._single(node, path, "types", "un type de service connu")

    def p_frais(self, node: yaml.Node, path: str) -> Any:
        return self._single(node, path, "frais", "une valeur connue pour « frais »")

    def p_thematiques(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, self._thematique)

    def _thematique(self, value: str, node: yaml.Node, path: str) -> Any:
        vocab = self.vocab
        if value in vocab.thematiques:
            return value
        if value in vocab.categories:
            return self.error(node, path, value,
                              f"« {value} » est une catégorie : écrivez aussi la thématique précise, sous la forme "
                              "« catégorie--thématique ».", vouliez_vous_dire(*vocab.thematiques_of(value)))
        suggestions: Tuple[str, ...] = ()
        exact = did_you_mean(value, vocab.thematiques, vocab.labels["thematiques"], cutoff=85)
        if exact:
            suggestions = (exact,)
        else:
            categorie_part, _, sub_part = value.partition("--")
            categorie = did_you_mean(categorie_part, vocab.categories, vocab.labels["categories"], cutoff=80)
            if categorie and sub_part:
                sub = did_you_mean(sub_part, [t.split("--", 1)[1] for t in vocab.thematiques_of(categorie)])
                suggestions = (f"{categorie}--{sub}",) if sub else vocab.thematiques_of(categorie)
            elif categorie:
                suggestions = vocab.thematiques_of(categorie)
            else:  # the sub-thematique alone ("repondre-a-des-offres-demploi")
                by_sub = {t.split("--", 1)[1]: t for t in vocab.thematiques}
                sub = did_you_mean(value, by_sub, cutoff=85)
                suggestions = (by_sub[sub],) if sub else ()
        message = f"« {value} » n'est pas une thématique connue."
        if not suggestions:
            message += (" Écrivez une thématique data·inclusion sous la forme « catégorie--thématique », par exemple "
                        "« trouver-un-emploi--repondre-a-des-offres-demploi » (liste dans "
                        "bot/catalogue/data/data-inclusion-v1.yml).")
        return self.error(node, path, value, message, vouliez_vous_dire(*suggestions))

    def p_code_postal(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID or _CODE_POSTAL.fullmatch(value):
            return value
        compact = re.sub(r"\s", "", value)
        return self.error(node, path, value, f"« {value} » n'est pas un code postal : écrivez 5 chiffres, "
                                             "par exemple 93300.",
                          vouliez_vous_dire(compact) if _CODE_POSTAL.fullmatch(compact) else None)

    def p_code_insee(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID:
            return value
        if not _CODE_COMMUNE.fullmatch(value):
            return self.error(node, path, value, f"« {value} » n'est pas un code INSEE de commune : écrivez 5 "
                                                 "caractères, par exemple 93001 pour Aubervilliers "
                                                 "(ce n'est pas le code postal).")
        if self.communes is not None and not self.communes.is_known_zone(value):
            return self.error(node, path, value, f"Le code INSEE « {value} » ne correspond à aucune commune. "
                                                 + self._postal_code_hint(value))
        return value

    def _postal_code_hint(self, code: str) -> str:
        """Staff often write the postcode (93300) where the INSEE code (93001) is expected."""
        by_postal_code = getattr(self.communes, "by_postal_code", None)
        if by_postal_code is not None and _CODE_POSTAL.fullmatch(code):
            try:
                communes = by_postal_code(code)
            except Exception:
                communes = []
            if communes:
                first = communes[0]
                return (f"C'est un code postal. Le code INSEE de la commune {first.nom} est {first.code_insee}.")
        return "Attention : il faut le code INSEE (93001 pour Aubervilliers), pas le code postal (93300)."

    def _coordinate(self, node: yaml.Node, path: str, limit: float, noun: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID:
            return value
        if _DECIMAL.fullmatch(value):
            if "," in value:
                return self.error(node, path, value, "Utilisez un point, pas une virgule, pour les décimales.",
                                  vouliez_vous_dire(value.replace(",", ".")))
            number = float(value)
            if -limit <= number <= limit:
                return number
        return self.error(node, path, value, f"« {value} » n'est pas une {noun} : écrivez un nombre entre "
                                             f"-{limit:g} et {limit:g}, par exemple "
                                             f"{'48.9125' if limit == 90 else '2.3846'} (Aubervilliers).")

    def p_latitude(self, node: yaml.Node, path: str) -> Any:
        return self._coordinate(node, path, 90, "latitude")

    def p_longitude(self, node: yaml.Node, path: str) -> Any:
        return self._coordinate(node, path, 180, "longitude")

    def p_telephone(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID:
            return value
        normalised = normalise_telephone(value)
        if normalised is not None:
            self._doubtful_contact(node, path, value, telephone_doubt(normalised))
            return normalised
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 18:
            message = f"« {value} » contient plusieurs numéros : écrivez un seul numéro."
        else:
            message = (f"« {value} » n'est pas un numéro de téléphone français. Écrivez 10 chiffres, par exemple "
                       "01 48 70 60 38, ou un numéro court comme 39 49.")
        return self.error(node, path, value, message)

    def _doubtful_contact(self, node: yaml.Node, path: str, value: str, doubt: Optional[str]) -> None:
        if doubt:
            self.warning(node, path, value,
                         f"« {value} » : {doubt}. Vérifiez ce contact auprès de la structure et écrivez le vrai.")

    def p_courriel(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID:
            return value
        if is_courriel(value):
            self._doubtful_contact(node, path, value, domain_doubt(value.rsplit("@", 1)[1]))
            return value
        fixed = re.sub(r"^mailto:", "", value, flags=re.I)
        fixed = re.sub(r"\s*(?:\(at\)|\[at\]|\barobase\b)\s*", "@", fixed)
        fixed = re.sub(r"\s", "", fixed)
        return self.error(node, path, value, f"« {value} » n'est pas une adresse de courriel. Écrivez-la sous la "
                                             "forme nom@exemple.fr.",
                          vouliez_vous_dire(fixed) if is_courriel(fixed) else None)

    def p_url(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID:
            return value
        if is_url(value):
            self._doubtful_contact(node, path, value, domain_doubt(urlsplit(value).hostname or ""))
            return value
        fixed = f"https://{value}" if not re.match(r"\w+://", value) else None
        return self.error(node, path, value, f"« {value} » n'est pas une adresse web complète. Elle doit commencer "
                                             "par https:// (ou http://).",
                          vouliez_vous_dire(fixed) if fixed and is_url(fixed) else None)

    def p_horaires(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID or parse_opening_hours(value):
            return value
        suggestion = suggest_opening_hours(value)
        message = (f"Les horaires « {value} » ne sont pas écrits au format attendu (celui d'OpenStreetMap)."
                   " Exemple : « Mo-Fr 09:00-12:30,13:30-17:30; Sa 09:00-12:00; PH off » (Mo lundi, Tu mardi, "
                   "We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche ; PH off : fermé les jours fériés).")
        return self.error(node, path, value, message, vouliez_vous_dire(suggestion) if suggestion else None)

    def p_zone_eligibilite(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, self._zone)

    def _zone(self, value: str, node: yaml.Node, path: str) -> Any:
        if value == "france":
            return value
        if value.lower() == "france":
            return self.error(node, path, value, "Écrivez « france » en minuscules.", vouliez_vous_dire("france"))
        kind_ok = (_CODE_COMMUNE.fullmatch(value) or _CODE_DEPARTEMENT.fullmatch(value)
                   or _CODE_EPCI.fullmatch(value))
        if not kind_ok:
            upper = value.upper()
            if upper != value and (_CODE_COMMUNE.fullmatch(upper) or _CODE_DEPARTEMENT.fullmatch(upper)):
                return self.error(node, path, value, "Écrivez les codes corses en majuscules.",
                                  vouliez_vous_dire(upper))
            return self.error(node, path, value,
                              f"« {value} » n'est pas un code de zone. Écrivez un code INSEE de commune (5 caractères, "
                              "par exemple 93001 pour Aubervilliers), un département (93), le numéro SIREN d'un EPCI "
                              "(9 chiffres) ou « france ».")
        if self.communes is not None and not self.communes.is_known_zone(value):
            hint = self._postal_code_hint(value) if len(value) == 5 else "Vérifiez le code."
            return self.error(node, path, value,
                              f"« {value} » ne correspond à aucune commune, aucun département ni aucun EPCI connu. "
                              + hint)
        return value

    def p_age(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is _INVALID:
            return value
        if _INTEGER.fullmatch(value) and 0 <= int(value) <= AGE_MAX:
            return int(value)
        return self.error(node, path, value, f"« {value} » n'est pas un âge : écrivez un nombre entier d'années "
                                             f"entre 0 et {AGE_MAX}, sans « ans », par exemple 25.")

    def p_requiert(self, node: yaml.Node, path: str) -> Any:
        allowed = tuple(STATUT_SLOTS)

        def check(value: str, child: yaml.Node, item_path: str) -> Any:
            if value in allowed:
                return value
            suggestion = did_you_mean(value, allowed, {"inscription-france-travail": "pole-emploi"})
            return self.error(child, item_path, value,
                              f"« {value} » n'est pas un statut connu. Valeurs possibles : {', '.join(allowed)}.",
                              vouliez_vous_dire(suggestion) if suggestion else None)

        return self.text_list(node, path, check)

    def p_quartiers(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, lambda value, child, item_path: value)

    def p_bool(self, node: yaml.Node, path: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG:
            return node.value.lower() in ("true", "yes", "on", "y")
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        suggestion = {"oui": "true", "non": "false"}.get(str(value).strip().lower()) if value else None
        return self.error(node, path, value, "Écrivez true (oui, on peut venir sans rendez-vous) ou false (non).",
                          vouliez_vous_dire(suggestion) if suggestion else None)

    def p_langues(self, node: yaml.Node, path: str) -> Any:
        def check(value: str, child: yaml.Node, item_path: str) -> Any:
            if value in ISO_639_1:
                return value
            suggestion = value.lower() if value.lower() in ISO_639_1 else LANGUES_EN_FRANCAIS.get(fold(value))
            return self.error(child, item_path, value,
                              f"« {value} » n'est pas un code de langue. Écrivez le code à deux lettres minuscules "
                              "(norme ISO 639-1), par exemple en pour l'anglais, ar pour l'arabe.",
                              vouliez_vous_dire(suggestion) if suggestion else None)

        return self.text_list(node, path, check)


_P = FileChecker
_CONTACT_SPEC: Dict[str, Tuple[bool, FieldParser]] = {
    "adresse": (False, _P.p_text),
    "complement_adresse": (False, _P.p_text),
    "code_postal": (False, _P.p_code_postal),
    "commune": (False, _P.p_text),
    "code_insee": (False, _P.p_code_insee),
    "latitude": (False, _P.p_latitude),
    "longitude": (False, _P.p_longitude),
    "telephone": (False, _P.p_telephone),
    "courriel": (False, _P.p_courriel),
    "site_web": (False, _P.p_url),
    "accessibilite_lieu": (False, _P.p_url),
    "horaires_accueil": (False, _P.p_horaires),
}
assert tuple(_CONTACT_SPEC) == CONTACT_FIELDS, "the contact fields follow models.Contact"

STRUCTURE_FIELDS: Dict[str, Tuple[bool, FieldParser]] = {
    "id": (True, _P.p_id),
    "nom": (True, _P.p_nom),
    "date_maj": (True, _P.p_date_maj),
    "description": (False, _P.p_description),
    "reseaux_porteurs": (False, _P.p_reseaux_porteurs),
    **_CONTACT_SPEC,
}

SERVICE_FIELDS: Dict[str, Tuple[bool, FieldParser]] = {
    "id": (True, _P.p_id),
    "nom": (True, _P.p_nom),
    "description": (True, _P.p_description),
    "thematiques": (True, _P.p_thematiques),
    "type": (False, _P.p_type),
    "publics": (False, _P.p_publics),
    "publics_precisions": (False, _P.p_text),
    "conditions_acces": (False, _P.p_text),
    "frais": (False, _P.p_frais),
    "frais_precisions": (False, _P.p_text),
    "modes_accueil": (False, _P.p_modes_accueil),
    "modes_mobilisation": (False, _P.p_modes_mobilisation),
    "mobilisable_par": (False, _P.p_mobilisable_par),
    "lien_mobilisation": (False, _P.p_url),
    "zone_eligibilite": (True, _P.p_zone_eligibilite),
    **_CONTACT_SPEC,
    "x_age_min": (False, _P.p_age),
    "x_age_max": (False, _P.p_age),
    "x_requiert": (False, _P.p_requiert),
    "x_quartiers": (False, _P.p_quartiers),
    "x_sans_rendez_vous": (False, _P.p_bool),
    "x_langues": (False, _P.p_langues),
}

# What to write when a required field is missing or empty ("Ajoutez …").
REQUIRED_HINTS = {
    "id": "un identifiant court, en minuscules sans accent ni espace, par exemple « mission-locale »",
    "nom": "le nom tel que les habitants le connaissent",
    "date_maj": "la date de la dernière vérification des informations, par exemple « date_maj: {today} »",
    "description": "une ou deux phrases simples qui disent ce que propose le service",
    "thematiques": "au moins une thématique, par exemple « trouver-un-emploi--repondre-a-des-offres-demploi »",
    "zone_eligibilite": "les codes INSEE des communes concernées, par exemple « 93001 » pour Aubervilliers, "
                        "ou « 93 » pour toute la Seine-Saint-Denis",
}


def check_file(file: str, root: Optional[yaml.Node], vocab: Vocabularies,
               communes: Optional[ZoneReference] = None, today: Optional[date] = None) -> FileResult:
    """Check one composed YAML file (`yaml.compose` result, None for an empty file)."""
    return FileChecker(file, vocab, communes, today or date.today()).check(root)


def check_unique_structure_ids(results: Sequence[FileResult]) -> List[Issue]:
    """Structure ids are unique across the catalogue: every later use of an id is an error."""
    first_file: Dict[str, str] = {}
    issues: List[Issue] = []
    for result in results:
        structure_id = result.structure_id
        if structure_id is None:
            continue
        if structure_id in first_file:
            issues.append(Issue(
                ERREUR, result.file, result.structure_id_line, "structure.id", structure_id,
                f"L'identifiant « {structure_id} » est déjà utilisé par la structure du fichier "
                f"{first_file[structure_id]}. Donnez un identifiant différent à chaque structure.",
            ))
        else:
            first_file[structure_id] = result.file
    return issues
