"""Load the catalogue folder: read every YAML file, check it, build the immutable Catalogue.

The catalogue is all or nothing: one error anywhere and no Catalogue is returned, so that the
bot never serves a partially valid catalogue. Nothing here raises to the caller.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import yaml

from bot.catalogue.models import Catalogue, Contact, Service, Structure
from bot.catalogue.validation import (
    CONTACT_FIELDS,
    ERREUR,
    SERVICE_FIELDS,
    STRUCTURE_FIELDS,
    Field,
    FileResult,
    Issue,
    ValidationReport,
    ZoneReference,
    check_file,
    check_unique_structure_ids,
    inherit_contact,
)
from bot.catalogue.vocab import Vocabularies, load_vocabularies

logger = logging.getLogger(__name__)

YAML_SUFFIXES = (".yml", ".yaml")
VERSION_LENGTH = 12


def catalogue_files(directory: Path) -> List[Path]:
    """Every *.yml / *.yaml file of the folder and its sub-folders, hidden ones left out, sorted."""
    files = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory)
        if path.suffix.lower() not in YAML_SUFFIXES or any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file():
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(directory).as_posix())


def catalogue_version(sources: Sequence[Tuple[str, bytes]]) -> str:
    """Short sha256 of the (relative path, content) pairs: same files, same version, in any order."""
    digest = hashlib.sha256()
    for relative, content in sorted(sources):
        name = relative.encode("utf-8")
        digest.update(b"%d:%s%d:" % (len(name), name, len(content)))
        digest.update(content)
    return digest.hexdigest()[:VERSION_LENGTH]


def load_catalogue(
    directory: Union[str, Path],
    communes: Optional[ZoneReference] = None,
    today: Optional[date] = None,
) -> Tuple[Optional[Catalogue], ValidationReport]:
    """Check every file of the folder; the Catalogue comes only when there is no error at all."""
    directory = Path(directory)
    today = today or date.today()
    report = ValidationReport()
    if not directory.is_dir():
        report.add(Issue(ERREUR, "", None, "", str(directory),
                         f"Le dossier du catalogue « {directory} » n'existe pas. Vérifiez le chemin "
                         "(variable CATALOGUE_DIR)."))
        return None, report
    try:
        files = catalogue_files(directory)
    except OSError as exc:
        report.add(Issue(ERREUR, "", None, "", str(directory),
                         f"Le dossier du catalogue « {directory} » ne peut pas être lu ({exc.strerror})."))
        return None, report
    if not files:
        report.add(Issue(ERREUR, "", None, "", str(directory),
                         f"Le dossier « {directory} » ne contient aucun fichier .yml : le catalogue est vide."))
        return None, report

    vocab = load_vocabularies()
    sources: List[Tuple[str, bytes]] = []
    results: List[FileResult] = []
    for path in files:
        relative = path.relative_to(directory).as_posix()
        try:
            content = path.read_bytes()
        except OSError as exc:
            report.add(Issue(ERREUR, relative, None, "", None,
                             f"Le fichier ne peut pas être lu ({exc.strerror}). Vérifiez ses droits d'accès."))
            continue
        sources.append((relative, content))
        result = _check_source(relative, content, vocab, communes, today)
        results.append(result)
        report.extend(result.issues)
        report.services_count += result.services_count
    report.files_checked = len(files)
    report.extend(check_unique_structure_ids(results))
    report.sort()
    if not report.ok:
        return None, report
    try:
        catalogue = _build(results, catalogue_version(sources))
    except Exception:  # a bug of ours must not take the bot down: refuse the catalogue instead
        logger.exception("Catalogue build failed in %s", directory)
        report.add(Issue(ERREUR, "", None, "", None, "Erreur interne en construisant le catalogue : "
                                                     "prévenez l'équipe technique."))
        return None, report
    return catalogue, report


# --------------------------------------------------------------------------- one file


def _check_source(relative: str, content: bytes, vocab: Vocabularies, communes: Optional[ZoneReference],
                  today: date) -> FileResult:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[:exc.start].count(b"\n") + 1
        return FileResult(relative, [Issue(
            ERREUR, relative, line, "", None,
            "Le fichier n'est pas enregistré en UTF-8 (un caractère accentué est illisible sur cette ligne). "
            "Enregistrez-le en UTF-8 depuis votre éditeur.",
        )])
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        return FileResult(relative, [_yaml_error(relative, exc, text)])
    try:
        return check_file(relative, root, vocab, communes, today)
    except Exception:  # never let a bug of a rule hide the other files' problems
        logger.exception("Unexpected failure while checking %s", relative)
        return FileResult(relative, [Issue(ERREUR, relative, None, "", None,
                                           "Erreur interne en vérifiant ce fichier : prévenez l'équipe technique.")])


# PyYAML's problem → what to do about it, in French.
_YAML_HINTS = (
    ("tab", "Une tabulation est utilisée pour décaler le texte : remplacez-la par des espaces."),
    ("another document", "Le fichier contient plusieurs documents séparés par « --- » : gardez-en un seul "
                         "(une structure par fichier)."),
    ("mapping values are not allowed", "Il y a un « : » de trop, ou un décalage mal aligné. Si le texte contient "
                                       "« : », mettez-le entre guillemets."),
    ("could not find expected ':'", "Il manque « : » après le nom d'un champ, ou un guillemet n'est pas refermé."),
    ("expected '-' indicator", "Les éléments de la liste ne sont pas alignés : chaque élément commence par un "
                               "tiret, au même niveau que les autres."),
    ("did not find expected key", "Le décalage (nombre d'espaces en début de ligne) ne correspond pas aux lignes "
                                  "du dessus, ou un guillemet ouvert plus haut n'est pas refermé."),
    ("end of stream", "Un guillemet ou un crochet ouvert n'est pas refermé."),
    ("expected ',' or ']'", "Un crochet « [ » n'est pas refermé, ou une virgule manque entre deux valeurs."),
    ("expected ',' or '}'", "Une accolade « { » n'est pas refermée, ou une virgule manque entre deux valeurs."),
    ("mapping keys are not allowed", "Le caractère « ? » a un sens spécial en début de valeur : mettez la valeur "
                                     "entre guillemets."),
    ("undefined alias", "Le caractère « * » a un sens spécial en début de valeur : mettez la valeur entre "
                        "guillemets."),
    ("cannot start any token", "Un caractère spécial (comme « @ », « ` » ou « % ») commence une valeur : mettez la "
                               "valeur entre guillemets."),
)


def _yaml_error(relative: str, exc: yaml.YAMLError, text: str) -> Issue:
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if "quoted scalar" in context or "flow" in context:  # where the quote/bracket was opened is more useful
        mark = context_mark or mark
    line = mark.line + 1 if mark is not None else None
    source_lines = text.splitlines()
    indent = ""
    if line is not None and line <= len(source_lines):
        bad_line = source_lines[line - 1]
        indent = bad_line[:len(bad_line) - len(bad_line.lstrip())]
    if "\t" in indent:  # libyaml does not always say it is a tab
        hint = _YAML_HINTS[0][1]
    else:
        hint = next((text for key, text in _YAML_HINTS if key in problem),
                    "Vérifiez les décalages (des espaces, pas de tabulation) et les guillemets.")
    return Issue(ERREUR, relative, line, "", None,
                 f"Le fichier est mal écrit à cet endroit, il ne peut pas être lu. {hint} "
                 f"(Détail technique : {problem}.)")


# --------------------------------------------------------------------------- building the catalogue


def _build(results: Sequence[FileResult], version: str) -> Catalogue:
    structures: List[Structure] = []
    services: List[Service] = []
    for result in results:
        assert result.structure is not None
        structure_values = result.structure
        structure = Structure(**_model_values(STRUCTURE_FIELDS, structure_values),
                              contact=_contact(structure_values), source_file=result.file)
        structures.append(structure)
        for values in result.services:
            services.append(_service(structure, structure_values, values))
    return Catalogue(structures=tuple(structures), services=tuple(services), version=version)


def _model_values(fields: Mapping[str, Field], values: Mapping[str, Any]) -> Dict[str, Any]:
    """The checked values a model takes as they are (lists as tuples); the contact is apart."""
    return {name: tuple(values[name]) if field.many else values[name]
            for name, field in fields.items() if not field.contact and name in values}


def _contact(values: Mapping[str, Any]) -> Contact:
    return Contact(**{name: values.get(name) for name in CONTACT_FIELDS})


def _service(structure: Structure, structure_values: Mapping[str, Any], values: Mapping[str, Any]) -> Service:
    return Service(
        **{**_model_values(SERVICE_FIELDS, values), "id": f"{structure.id}--{values['id']}"},
        structure=structure,
        contact=Contact(**inherit_contact(structure_values, values)),
    )
