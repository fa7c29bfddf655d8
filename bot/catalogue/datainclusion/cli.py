"""Staff commands `importer` and `exporter` of `python -m bot.catalogue` (docs/data-inclusion.md).

    python -m bot.catalogue importer structures.json services.json --communes 93001,93048 [--ecrire] [--forcer]
    python -m bot.catalogue exporter [DOSSIER] [--sortie export.json]

`importer` simulates by default and writes only with --ecrire; it never replaces a file edited
or written by hand unless --forcer is given.

Exit codes of `importer`: 0 done (or simulated) and the catalogue after the import is valid;
1 the catalogue after the import has errors (listed); 2 nothing done: an input file cannot be
used (missing, bad JSON, missing columns, v0 schema…), a commune code is unknown, or a file
cannot be written.
Exit codes of `exporter`: 0 exported; 1 nothing exported, the catalogue has errors (listed);
2 nothing exported, the folder does not exist or the output file cannot be written.
(argparse itself exits with 2 on a wrong command line.)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable, List, Optional, Tuple

from bot.catalogue.datainclusion.exporting import export_catalogue
from bot.catalogue.datainclusion.importing import (
    DEFAULT_SUBFOLDER,
    apply,
    check_result,
    format_plan,
    plan_import,
    result_heading,
    select,
)
from bot.catalogue.datainclusion.reading import LectureImpossible
from bot.catalogue.loader import load_catalogue
from bot.catalogue.validation import format_report

EXIT_OK, EXIT_ERRORS, EXIT_INPUT = 0, 1, 2


def add_commands(commands: Any, default_directory: Callable[[], str]) -> None:
    """Add `importer` and `exporter` to the sub-parsers of `python -m bot.catalogue`."""
    importer = commands.add_parser(
        "importer",
        help="importer des services depuis un export data·inclusion v1 (simulation par défaut)",
        description="Lit un export data·inclusion v1 (structures et services, JSON de l'API ou JSON/CSV de "
                    "data.gouv.fr), garde les services des communes demandées et écrit une fiche par structure "
                    "dans le catalogue. Sans --ecrire, montre seulement ce qui serait fait.",
    )
    importer.add_argument("fichiers", nargs="+", metavar="FICHIER", type=Path,
                          help="fichiers de l'export : structures et services (.json ou .csv), "
                               "plusieurs pages de l'API possibles")
    importer.add_argument("--communes", action="append", required=True, metavar="CODES_INSEE",
                          help="codes INSEE des communes à couvrir, séparés par des virgules, par exemple "
                               "93001,93048 (un service est gardé si sa zone couvre l'une d'elles)")
    importer.add_argument("--dossier", metavar="DOSSIER", default=None,
                          help="dossier du catalogue (par défaut : $CATALOGUE_DIR, sinon services_catalogue)")
    importer.add_argument("--sous-dossier", metavar="NOM", default=DEFAULT_SUBFOLDER,
                          help=f"sous-dossier des fiches importées (par défaut : {DEFAULT_SUBFOLDER})")
    importer.add_argument("--ecrire", action="store_true",
                          help="écrire vraiment les fichiers (sinon : simulation, rien n'est modifié)")
    importer.add_argument("--forcer", action="store_true",
                          help="remplacer aussi les fiches modifiées ou écrites à la main (modifications perdues)")
    importer.set_defaults(handler=lambda args: cmd_importer(args, default_directory))

    exporter = commands.add_parser(
        "exporter",
        help="exporter tout le catalogue au format data·inclusion v1 (JSON)",
        description="Écrit tout le catalogue au format data·inclusion v1 : un fichier JSON "
                    "{\"structures\": [...], \"services\": [...]}. Les champs x_ (âge, statuts, quartiers, "
                    "sans rendez-vous, langues) n'existent pas dans data·inclusion et ne sont pas exportés.",
    )
    exporter.add_argument("dossier", nargs="?", metavar="DOSSIER",
                          help="dossier du catalogue (par défaut : $CATALOGUE_DIR, sinon services_catalogue)")
    exporter.add_argument("--sortie", metavar="FICHIER", default="-",
                          help="fichier JSON à écrire (par défaut : affiché à l'écran)")
    exporter.set_defaults(handler=lambda args: cmd_exporter(args, default_directory))


def _error(message: str) -> None:
    print(message, file=sys.stderr)


def _commune_reference() -> Any:
    from bot.catalogue.communes import CommuneRef

    return CommuneRef.load_default()


# --------------------------------------------------------------------------- importer


def _communes_asked(values: List[str], reference: Any) -> Tuple[List[str], List[str], List[str]]:
    """(codes, "Nom (code)" for the report, French problems)."""
    codes: List[str] = []
    shown: List[str] = []
    problems: List[str] = []
    for code in (part.strip().upper() for value in values for part in re.split(r"[,;\s]+", value)):
        if not code or code in codes:
            continue
        commune = reference.get(code)
        if commune is not None:
            codes.append(commune.code_insee)
            shown.append(f"{commune.nom} ({commune.code_insee})")
            continue
        postal = reference.by_postal_code(code) if re.fullmatch(r"\d{5}", code) else []
        if postal:
            problems.append(f"« {code} » est un code postal. Le code INSEE de {postal[0].nom} est "
                            f"{postal[0].code_insee}.")
        else:
            problems.append(f"« {code} » n'est le code INSEE d'aucune commune (5 caractères, par exemple 93001 "
                            "pour Aubervilliers).")
    return codes, shown, problems


def cmd_importer(args: argparse.Namespace, default_directory: Callable[[], str]) -> int:
    directory = Path(args.dossier or default_directory())
    subfolder = args.sous_dossier.strip("/")
    if not subfolder or ".." in Path(subfolder).parts or Path(subfolder).is_absolute():
        _error("Le sous-dossier doit être un nom de dossier à l'intérieur du catalogue, par exemple data-inclusion.")
        return EXIT_INPUT
    try:
        reference = _commune_reference()
    except Exception as exc:  # without the commune list, the zones cannot be checked
        _error(f"Import impossible : la liste officielle des communes n'a pas pu être lue ({exc}).")
        return EXIT_INPUT
    codes, shown, problems = _communes_asked(args.communes, reference)
    if problems or not codes:
        _error("Import impossible : " + (" ".join(problems) or "aucune commune indiquée.")
               + " Aucun fichier du catalogue n'a été modifié.")
        return EXIT_INPUT
    today = date.today()
    try:
        selection = select(args.fichiers, codes, reference)
    except LectureImpossible as exc:
        _error(f"Import impossible : {exc} Aucun fichier du catalogue n'a été modifié.")
        return EXIT_INPUT
    plan = plan_import(selection, directory, subfolder, args.forcer, reference, today)
    if args.ecrire:
        try:
            apply(plan, directory)
        except OSError as exc:
            _error(f"Écriture impossible dans « {directory} » ({exc.strerror or exc}). Vérifiez les droits "
                   "d'écriture ; relancez l'import une fois le problème réglé.")
            return EXIT_INPUT
    report = check_result(plan, directory, args.ecrire, reference, today)
    print(format_plan(plan, shown, args.ecrire))
    print()
    if report is None:
        print(f"Le catalogue « {directory} » n'a aucune fiche : rien à vérifier.", flush=True)
        return EXIT_OK
    print(result_heading(args.ecrire))
    print(format_report(report), flush=True)
    return EXIT_OK if report.ok else EXIT_ERRORS


# --------------------------------------------------------------------------- exporter


def cmd_exporter(args: argparse.Namespace, default_directory: Callable[[], str]) -> int:
    directory = Path(args.dossier or default_directory())
    if not directory.is_dir():
        _error(f"Le dossier du catalogue « {directory} » n'existe pas. Rien n'a été exporté.")
        return EXIT_INPUT
    try:
        reference: Optional[Any] = _commune_reference()
    except Exception:  # the export still runs, without the check of INSEE codes
        reference = None
    catalogue, report = load_catalogue(directory, communes=reference)
    if catalogue is None:
        _error(format_report(report))
        _error("Export refusé : le catalogue a des erreurs. Corrigez-les, puis relancez l'export.")
        return EXIT_ERRORS
    text = json.dumps(export_catalogue(catalogue), ensure_ascii=False, indent=2) + "\n"
    summary = (f"Export data·inclusion v1 : {len(catalogue.structures)} structure(s) et "
               f"{len(catalogue.services)} service(s)")
    if args.sortie == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        _error(f"{summary}.")
        return EXIT_OK
    try:
        Path(args.sortie).write_text(text, encoding="utf-8")
    except OSError as exc:
        _error(f"Le fichier « {args.sortie} » ne peut pas être écrit ({exc.strerror or exc}). Rien n'a été exporté.")
        return EXIT_INPUT
    print(f"{summary} écrits dans « {args.sortie} ». Les champs x_ ne sont pas exportés "
          "(ils n'existent pas dans data·inclusion).")
    return EXIT_OK
