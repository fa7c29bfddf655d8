"""Checks one catalogue file against the format: its two parts, the fields of the structure and
of each service (fields.py), the rules between fields; and, across files, unique structure ids.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple

import yaml

from bot.catalogue.validation.fields import (
    SERVICE_FIELDS,
    STRUCTURE_FIELDS,
    TOP_KEYS,
    Field,
    inherit_contact,
)
from bot.catalogue.validation.report import ERREUR, Issue
from bot.catalogue.validation.suggestions import did_you_mean, vouliez_vous_dire
from bot.catalogue.validation.values import INVALID, NULL_TAG, ValueReader, ZoneReference, node_line
from bot.catalogue.vocab import Vocabularies


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


class FileChecker(ValueReader):
    """Checks one composed YAML file against the format; collects issues and clean values."""

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
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG or (
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
            key_lines[key] = node_line(key_node) or 0
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

    def _mapping(self, node: yaml.Node, path: str, fields: Mapping[str, Field], level: str) -> Optional[_Mapping]:
        if not isinstance(node, yaml.MappingNode):
            if level == "structure":
                message = ("« structure » doit contenir des champs (id, nom, date_maj…), un par ligne, "
                           "décalés de deux espaces.")
            else:
                message = ("Chaque service doit contenir des champs (id, nom, description…) : "
                           "« - id: … » puis les autres champs alignés en dessous.")
            self.error(node, path, None, message)
            return None
        items, key_lines, ok = self._items(node, path, list(fields), level)
        values: Dict[str, Any] = {}
        present: Set[str] = set()
        for name, spec in fields.items():
            field_path = f"{path}.{name}"
            value_node = items.get(name)
            value = self._read(spec, value_node, field_path) if value_node is not None else None
            if value is INVALID:
                ok = False
                present.add(name)
                continue
            if value is None:
                if spec.required:
                    ok = False
                    self._missing(node, field_path, spec, level, key_lines.get(name))
                continue
            present.add(name)
            values[name] = value
        mapping = _Mapping(values, present, ok, node, key_lines)
        self._check_relations(mapping, path, items)
        return mapping

    def _read(self, spec: Field, node: yaml.Node, path: str) -> Any:
        """The field's value, read by its kind's parser (`p_<kind>`)."""
        parse = getattr(self, f"p_{spec.kind}")
        return parse(node, path, spec) if spec.vocabulary is not None else parse(node, path)

    def _missing(self, node: yaml.Node, path: str, spec: Field, level: str, key_line: Optional[int]) -> None:
        """A required field is absent (reported on the mapping's first line) or empty (on its own line)."""
        name = spec.name
        what = spec.hint.format(today=self.today.isoformat())
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
