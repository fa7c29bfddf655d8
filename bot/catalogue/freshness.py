"""Which structures staff have not checked for a while, with whom to call: a to-do list.

A structure's `date_maj` is the day its information was last checked. Older than 12 months is
what the validator warns about; 6 months is when to plan the next call.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Iterable, List, Optional, Sequence, Tuple

from bot.catalogue.cards import format_phone
from bot.catalogue.models import Catalogue, Structure
from bot.common.dates import months_before
from bot.common.french import date_fr

THRESHOLDS_MONTHS = (12, 6)  # most urgent first


@dataclass(frozen=True)
class StaleStructure:
    structure: Structure
    months: int  # whole months since date_maj
    threshold: int  # the largest threshold passed (12 or 6)
    telephones: Tuple[str, ...]  # the structure's and its services' own numbers
    courriels: Tuple[str, ...]


def whole_months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def stale_structures(catalogue: Catalogue, today: date) -> List[StaleStructure]:
    """Structures not checked for 6 months or more, the oldest first."""
    found = []
    for structure in catalogue.structures:
        threshold = next((t for t in THRESHOLDS_MONTHS if structure.date_maj <= months_before(today, t)), None)
        if threshold is None:
            continue
        services = [s for s in catalogue.services if s.structure.id == structure.id]
        contacts = [structure.contact, *(s.contact for s in services)]
        found.append(StaleStructure(
            structure=structure,
            months=whole_months_between(structure.date_maj, today),
            threshold=threshold,
            telephones=_unique(format_phone(c.telephone) for c in contacts if c.telephone),
            courriels=_unique(c.courriel for c in contacts if c.courriel),
        ))
    return sorted(found, key=lambda s: (s.structure.date_maj, s.structure.nom))


def _unique(values: Iterable[Optional[str]]) -> Tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


COLUMNS = ("Non vérifiée depuis", "Dernière vérification", "Structure", "Téléphone", "Courriel", "Fichier")


def _row(stale: StaleStructure) -> Tuple[str, ...]:
    return (
        f"{stale.months} mois",
        date_fr(stale.structure.date_maj),
        stale.structure.nom,
        ", ".join(stale.telephones) or "—",
        ", ".join(stale.courriels) or "—",
        stale.structure.source_file,
    )


def format_text(stale: Sequence[StaleStructure], total: int, today: date) -> str:
    """Two tables (more than 12 months, 6 to 12 months) in Markdown, readable as plain text too."""
    lines = [f"Fraîcheur du catalogue au {date_fr(today)} : {total} structures."]
    titles = {12: "À vérifier en priorité : pas vérifiées depuis plus de 12 mois",
              6: "À prévoir : pas vérifiées depuis 6 à 12 mois"}
    for threshold in THRESHOLDS_MONTHS:
        group = [s for s in stale if s.threshold == threshold]
        lines += ["", f"## {titles[threshold]} ({len(group)})", ""]
        if not group:
            lines.append("Aucune.")
            continue
        lines.append("| " + " | ".join(COLUMNS) + " |")
        lines.append("|" + "---|" * len(COLUMNS))
        lines += ["| " + " | ".join(cell.replace("|", "/") for cell in _row(s)) + " |" for s in group]
    lines += ["", "Après avoir vérifié une structure (appel, courriel, visite), corrigez sa fiche et "
                  "mettez sa date « date_maj » au jour de la vérification."]
    return "\n".join(lines)


def format_csv(stale: Sequence[StaleStructure]) -> str:
    """For a spreadsheet (semicolons, as French spreadsheet software expects)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(("Urgence", *COLUMNS))
    for s in stale:
        writer.writerow(("plus de 12 mois" if s.threshold == 12 else "6 à 12 mois", *_row(s)))
    return out.getvalue()
