"""Staff command line: `python -m bot.catalogue validate|fraicheur [DOSSIER]`.

Exit codes: 0 the catalogue is valid (warnings may be printed), 1 it has errors,
2 the folder does not exist.
`importer` / `exporter` (data·inclusion v1): see bot/catalogue/datainclusion/cli.py for their exit codes.
"""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import List, Optional

from bot import settings
from bot.catalogue.datainclusion.cli import add_commands as add_datainclusion_commands
from bot.catalogue.loader import load_catalogue
from bot.catalogue.validation import ZoneReference, format_report

EXIT_OK, EXIT_ERRORS, EXIT_NO_FOLDER = 0, 1, 2


def default_directory() -> str:
    return settings.current().catalogue_dir


def _commune_reference() -> Optional[ZoneReference]:
    """The official commune list, so that unknown INSEE codes are reported (None if unavailable)."""
    try:
        from bot.catalogue.communes import CommuneRef

        return CommuneRef.load_default()
    except Exception as exc:  # the check still runs, without this one rule
        print(f"Attention : la liste officielle des communes n'a pas pu être lue ({exc}). "
              "Les codes INSEE ne seront pas comparés à cette liste.", file=sys.stderr)
        return None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date AAAA-MM-JJ") from None


def cmd_validate(args: argparse.Namespace) -> int:
    directory = Path(args.dossier or default_directory())
    if not directory.is_dir():
        print(f"Le dossier du catalogue « {directory} » n'existe pas. Indiquez le bon dossier, par exemple : "
              f"python -m bot.catalogue validate {settings.DEFAULT_CATALOGUE_DIR}", file=sys.stderr)
        return EXIT_NO_FOLDER
    communes = None if args.sans_communes else _commune_reference()
    _, report = load_catalogue(directory, communes=communes, today=args.date)
    try:
        print(f"Vérification du catalogue « {directory} »\n")
        print(format_report(report), flush=True)
    except BrokenPipeError:  # piped into `head` or `less`, closed early: the exit code still tells
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK if report.ok else EXIT_ERRORS


def cmd_freshness(args: argparse.Namespace) -> int:
    from bot.catalogue.freshness import format_csv, format_text, stale_structures

    directory = Path(args.dossier or default_directory())
    if not directory.is_dir():
        print(f"Le dossier du catalogue « {directory} » n'existe pas.", file=sys.stderr)
        return EXIT_NO_FOLDER
    today = args.date or date.today()
    catalogue, report = load_catalogue(directory, communes=None, today=today)
    if catalogue is None:
        print(f"Le catalogue « {directory} » a {len(report.errors)} erreur(s) : corrigez-les d'abord "
              f"(make catalogue-validate), puis relancez ce rapport.", file=sys.stderr)
        return EXIT_ERRORS
    stale = stale_structures(catalogue, today)
    print((format_csv(stale) if args.csv else format_text(stale, len(catalogue.structures), today)).rstrip("\n"))
    return EXIT_OK


def _add_folder_and_date(command: argparse.ArgumentParser, verb: str) -> None:
    command.add_argument("dossier", nargs="?", metavar="DOSSIER",
                         help="dossier du catalogue (par défaut : $CATALOGUE_DIR, "
                              f"sinon {settings.DEFAULT_CATALOGUE_DIR})")
    command.add_argument("--date", type=_iso_date, default=None, metavar="AAAA-MM-JJ",
                         help=f"{verb} comme si l'on était ce jour-là (par défaut : aujourd'hui)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot.catalogue",
        description="Outils pour le catalogue des services d'Aiguillage.",
    )
    commands = parser.add_subparsers(dest="commande", metavar="COMMANDE")
    commands.required = True

    validate = commands.add_parser(
        "validate",
        help="vérifier tous les fichiers du catalogue",
        description="Vérifie tous les fichiers du catalogue et dit quoi corriger.",
    )
    _add_folder_and_date(validate, "vérifier")
    validate.add_argument("--sans-communes", action="store_true",
                          help="ne pas comparer les codes INSEE à la liste officielle des communes")
    validate.set_defaults(handler=cmd_validate)

    freshness = commands.add_parser(
        "fraicheur",
        help="les structures pas vérifiées depuis 6 ou 12 mois, avec leur contact",
        description="Liste les structures dont la fiche n'a pas été vérifiée depuis 6 ou 12 mois "
                    "(date_maj), les plus anciennes d'abord, avec leur téléphone et leur courriel.",
    )
    _add_folder_and_date(freshness, "calculer")
    freshness.add_argument("--csv", action="store_true",
                           help="écrire un tableau CSV (séparateur ;) à ouvrir dans un tableur")
    freshness.set_defaults(handler=cmd_freshness)
    add_datainclusion_commands(commands, default_directory)  # importer, exporter
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
