"""The import: select the services of the communes asked for, plan each file, write or simulate.

Nothing is written before every input file has been read: a broken file stops the import with
nothing changed. Each file is written atomically (a temporary file renamed over it), so that a
running bot, which reloads the catalogue when a file changes, never reads half a file.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from bot.catalogue.datainclusion import yamlfile
from bot.catalogue.datainclusion.mapping import (
    Communes,
    MappedStructure,
    Skipped,
    covers,
    map_structure,
    service_label,
    services_by_structure,
    zone_codes,
)
from bot.catalogue.datainclusion.reading import SERVICE, Record, iter_records
from bot.catalogue.datainclusion.values import as_text
from bot.catalogue.loader import catalogue_files, load_catalogue
from bot.catalogue.validation import ERREUR, ValidationReport, check_file
from bot.catalogue.vocab import Vocabularies, load_vocabularies

DEFAULT_SUBFOLDER = "data-inclusion"

# What the import does with one file.
CREER = "creer"
METTRE_A_JOUR = "mettre-a-jour"
INCHANGE = "inchange"
PROTEGE_MANUEL = "protege-ecrit-a-la-main"
PROTEGE_MODIFIE = "protege-modifie-a-la-main"
REMPLACER_DE_FORCE = "remplacer-de-force"
WRITES = (CREER, METTRE_A_JOUR, REMPLACER_DE_FORCE)


@dataclass
class Selection:
    """What was read, and the services kept for the communes asked for."""

    files: int = 0
    structures: Dict[str, Record] = field(default_factory=dict)  # by data·inclusion id
    services_read: int = 0
    services: List[Record] = field(default_factory=list)  # in the zone
    outside: int = 0
    without_zone: int = 0


@dataclass
class Action:
    relative: str  # path of the file, relative to the catalogue folder
    state: str
    mapped: MappedStructure
    text: str


@dataclass
class ImportPlan:
    selection: Selection
    actions: List[Action] = field(default_factory=list)
    skipped_structures: List[Skipped] = field(default_factory=list)
    skipped_services: List[Skipped] = field(default_factory=list)
    obsolete: List[str] = field(default_factory=list)  # imported before, absent from this import


# --------------------------------------------------------------------------- reading and selecting


def select(paths: Sequence[Path], communes_asked: Sequence[str], communes: Communes) -> Selection:
    """Read every file (LectureImpossible on the first broken one) and keep the services in the zone."""
    selection = Selection(files=len(paths))
    kept: Dict[str, Record] = {}
    for path in paths:
        for kind, record in iter_records(path):
            if kind == SERVICE:
                selection.services_read += 1
                zone = zone_codes(record.get("zone_eligibilite"))
                if not zone:
                    selection.without_zone += 1
                elif covers(zone, communes_asked, communes):
                    kept[as_text(record.get("id")) or f"#{selection.services_read}"] = record
                else:
                    selection.outside += 1
            else:
                selection.structures[as_text(record.get("id")) or ""] = record
    selection.structures.pop("", None)
    selection.services = list(kept.values())  # a service read twice (overlapping pages) counts once
    return selection


# --------------------------------------------------------------------------- planning


def plan_import(selection: Selection, directory: Path, subfolder: str, force: bool, communes: Communes,
                today: date, vocab: Optional[Vocabularies] = None) -> ImportPlan:
    vocab = vocab or load_vocabularies()
    plan = ImportPlan(selection)
    grouped = services_by_structure(selection.services)
    mapped_list: List[MappedStructure] = []
    for structure_source_id, services in grouped.items():
        record = selection.structures.get(structure_source_id)
        if record is None:
            plan.skipped_services.extend(
                Skipped(service_label(s), f"sa structure « {structure_source_id} » n'est dans aucun des fichiers "
                                          "lus (ajoutez le fichier des structures).") for s in services)
            continue
        mapped = map_structure(record, services, vocab, communes, today)
        plan.skipped_services.extend(mapped.skipped)
        if mapped.content is None:
            plan.skipped_structures.append(Skipped(mapped.label, mapped.reason or ""))
            continue
        mapped_list.append(mapped)

    elsewhere = _structure_ids(directory)
    taken_ids: set = set()
    planned: set = set()
    for mapped in sorted(mapped_list, key=lambda m: (m.structure_id, m.source_id)):
        if mapped.structure_id in taken_ids:  # two source ids that read the same once simplified
            mapped.structure_id = _free_id(mapped.structure_id, taken_ids)
            mapped.content["structure"]["id"] = mapped.structure_id
        taken_ids.add(mapped.structure_id)
        relative = f"{subfolder}/{mapped.structure_id}.yml" if subfolder else f"{mapped.structure_id}.yml"
        others = [f for f in elsewhere.get(mapped.structure_id, ()) if f != relative]
        if others:
            plan.skipped_structures.append(Skipped(
                mapped.label, f"l'identifiant « {mapped.structure_id} » est déjà celui de la structure du fichier "
                              f"{others[0]} : ce fichier garde la priorité."))
            continue
        action = _action(directory, relative, mapped, force, communes, today, vocab)
        if action is None:
            plan.skipped_structures.append(Skipped(mapped.label, mapped.reason or ""))
            continue
        planned.add(relative)
        plan.actions.append(action)
    plan.obsolete = _previous_imports(directory, subfolder, planned)
    return plan


def _free_id(identifier: str, taken: set) -> str:
    number = 2
    while f"{identifier}-{number}" in taken:
        number += 1
    return f"{identifier}-{number}"


def _action(directory: Path, relative: str, mapped: MappedStructure, force: bool, communes: Communes,
            today: date, vocab: Vocabularies) -> Optional[Action]:
    assert mapped.content is not None
    body = yamlfile.render_body(mapped.content)
    text = yamlfile.render_file(body, mapped.source, mapped.source_id, mapped.notes)
    errors = [issue for issue in check_file(relative, yaml.compose(text, Loader=yaml.CSafeLoader), vocab,
                                            communes, today).issues if issue.severity == ERREUR]
    if errors:  # the mapping keeps only valid values: this is a safety net, not a normal path
        mapped.reason = "le fichier obtenu serait refusé par le vérificateur : " + " ".join(
            issue.format() for issue in errors)
        return None
    existing = yamlfile.inspect(directory / relative)
    if existing.state == yamlfile.ABSENT:
        state = CREER
    elif existing.text == text:
        state = INCHANGE
    elif existing.state == yamlfile.INTACT:
        state = METTRE_A_JOUR
    elif force:
        state = REMPLACER_DE_FORCE
    else:
        state = PROTEGE_MANUEL if existing.state == yamlfile.A_LA_MAIN else PROTEGE_MODIFIE
    return Action(relative, state, mapped, text)


def _structure_ids(directory: Path) -> Dict[str, List[str]]:
    """Structure id → files that declare it (unreadable files are the validator's business)."""
    ids: Dict[str, List[str]] = {}
    if not directory.is_dir():
        return ids
    for path in catalogue_files(directory):
        try:
            data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        structure = data.get("structure") if isinstance(data, dict) else None
        identifier = structure.get("id") if isinstance(structure, dict) else None
        if identifier is not None:
            ids.setdefault(str(identifier), []).append(path.relative_to(directory).as_posix())
    return ids


def _previous_imports(directory: Path, subfolder: str, planned: set) -> List[str]:
    folder = directory / subfolder if subfolder else directory
    if not folder.is_dir():
        return []
    found = []
    for path in catalogue_files(folder):
        relative = path.relative_to(directory).as_posix()
        if relative in planned:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if yamlfile.recorded_digest(text) is not None:
            found.append(relative)
    return found


# --------------------------------------------------------------------------- writing and checking


def apply(plan: ImportPlan, directory: Path) -> None:
    for action in plan.actions:
        if action.state in WRITES:
            _write_atomically(directory / action.relative, action.text)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def check_result(plan: ImportPlan, directory: Path, written: bool, communes: Communes,
                 today: date) -> Optional[ValidationReport]:
    """The validator's report on the catalogue after the import (simulated on a copy if not written).

    None when the catalogue would hold no file at all (nothing imported into an empty folder).
    """
    will_write = any(action.state in WRITES for action in plan.actions)
    if not will_write and not (directory.is_dir() and catalogue_files(directory)):
        return None
    if written:
        return load_catalogue(directory, communes=communes, today=today)[1]
    with tempfile.TemporaryDirectory(prefix="aiguillage-import-") as scratch:
        copy = Path(scratch) / "catalogue"
        copy.mkdir()
        if directory.is_dir():
            for path in catalogue_files(directory):
                target = copy / path.relative_to(directory)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
        for action in plan.actions:
            if action.state in WRITES:
                target = copy / action.relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(action.text, encoding="utf-8")
        return load_catalogue(copy, communes=communes, today=today)[1]


# --------------------------------------------------------------------------- the French report


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"


def _services(n: int) -> str:
    return _count(n, "service", "services")


def format_plan(plan: ImportPlan, communes_shown: Sequence[str], written: bool) -> str:
    selection = plan.selection
    lines = [
        f"Import data·inclusion pour : {', '.join(communes_shown)}.",
        f"Lu : {_count(len(selection.structures), 'structure', 'structures')} et "
        f"{_services(selection.services_read)} dans {_count(selection.files, 'fichier', 'fichiers')}.",
        f"Services de ces communes : {len(selection.services)} (non retenus : {selection.outside} hors de ces "
        f"communes, {selection.without_zone} sans zone d'éligibilité).",
        "",
    ]
    if selection.services and not selection.structures:
        lines += ["Aucune structure dans les fichiers lus : ajoutez le fichier des structures de l'export "
                  "(par exemple structures.json ou structures.csv) à la commande.", ""]
    if not written:
        lines += ["SIMULATION : aucun fichier n'est écrit. Relancez avec --ecrire pour appliquer ces changements.", ""]

    def section(title: str, entries: List[str]) -> None:
        if entries:
            lines.append(f"{title} ({len(entries)}) :")
            lines.extend(f"  - {entry}" for entry in entries)
            lines.append("")

    def files(*states: str, advice: str = "") -> List[str]:
        return [f"{a.relative} : {a.mapped.label}, {_services(len(a.mapped.content['services']))}{advice}"
                for a in plan.actions if a.state in states]

    section("Fichiers créés" if written else "Fichiers à créer", files(CREER))
    section("Fichiers mis à jour" if written else "Fichiers à mettre à jour", files(METTRE_A_JOUR))
    section("Fichiers inchangés", files(INCHANGE))
    section("Fichiers remplacés malgré des modifications à la main (--forcer)" if written
            else "Fichiers qui seront remplacés malgré des modifications à la main (--forcer)",
            files(REMPLACER_DE_FORCE))
    forcer = ". Pour le remplacer quand même, relancez avec --forcer (les modifications à la main seront perdues)"
    section("Fichiers NON remplacés car modifiés à la main depuis le dernier import",
            files(PROTEGE_MODIFIE, advice=forcer))
    section("Fichiers NON remplacés car écrits à la main (pas d'en-tête d'import)",
            files(PROTEGE_MANUEL, advice=forcer))
    section("Structures non importées", [f"{s.what} : {s.reason}" for s in plan.skipped_structures])
    section("Services écartés", [f"{s.what} : {s.reason}" for s in plan.skipped_services])
    section("Valeurs non reprises",
            [f"{a.relative}, {note}" for a in plan.actions if a.state in WRITES for note in a.mapped.notes])
    section("Fichiers d'un import précédent absents de cet import (non supprimés : vérifiez si la structure "
            "existe encore, ou s'ils viennent d'un import pour d'autres communes)", plan.obsolete)
    if not plan.actions and not plan.skipped_structures and not plan.skipped_services:
        lines += ["Aucun service de ces communes dans les fichiers lus.", ""]
    return "\n".join(lines).rstrip("\n")


def result_heading(written: bool) -> str:
    return ("Vérification du catalogue après l'import :" if written
            else "Vérification du catalogue tel qu'il serait après l'import :")

