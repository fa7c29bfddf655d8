"""What the validator found: issues located in the files, the report, and its French text for staff."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Tuple

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"


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
