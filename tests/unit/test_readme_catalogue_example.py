"""The README's worked example ("Éditer le catalogue") is what staff will really see."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import List

import pytest

from bot.catalogue.__main__ import main
from bot.catalogue.communes import CommuneRef
from bot.catalogue.loader import load_catalogue
from bot.catalogue.matching import Matcher
from bot.catalogue.models import Situation

README = Path(__file__).resolve().parents[2] / "README.md"
FILE = Path("aubervilliers") / "permanence-emploi-maladrerie.yml"
CHECK_DAY = "2026-12-01"


def block_after(marker: str) -> str:
    """The fenced code block following `<!-- exemple: marker -->` in the README, without the
    indentation of its fence (the list item's), so that YAML keeps its own indentation."""
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- exemple: {re.escape(marker)} -->\n( *)```\w*\n(.*?)\n *```", text, re.S)
    assert found, f"README: no example block after the marker {marker!r}"
    fence = found.group(1)
    return "\n".join(line[len(fence):] if line.startswith(fence) else line
                     for line in found.group(2).split("\n")) + "\n"


def apply_corrections(text: str, corrections: str) -> str:
    """Each corrected line replaces the line of the same indentation whose key it completes."""
    lines = text.split("\n")
    for fixed in corrections.strip("\n").split("\n"):
        indent, key = re.match(r"(\s*)([\w_]+):", fixed).groups()
        matches = [i for i, line in enumerate(lines)
                   if re.match(rf"{indent}(\w+):", line)
                   and key.startswith(re.match(rf"{indent}(\w+):", line).group(1))]
        assert len(matches) == 1, f"README correction {fixed!r} matches lines {matches}"
        lines[matches[0]] = fixed
    return "\n".join(lines)


def validate(folder: Path, capsys) -> List[str]:
    code = main(["validate", str(folder), "--date", CHECK_DAY])
    return [code, *capsys.readouterr().out.splitlines()]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / FILE).parent.mkdir(parents=True)
    return tmp_path


def test_the_validator_prints_exactly_the_readme_errors(folder, capsys):
    (folder / FILE).write_text(block_after("fiche avec erreurs"), encoding="utf-8")
    code, *out = validate(folder, capsys)
    assert code == 1
    errors = out[out.index("Erreurs à corriger :"):out.index("", out.index("Erreurs à corriger :"))]
    assert errors == block_after("sortie du validateur").rstrip("\n").split("\n")


def test_the_readme_corrections_make_a_valid_catalogue_that_proposes_the_service(folder, capsys):
    fixed = apply_corrections(block_after("fiche avec erreurs"), block_after("corrections"))
    (folder / FILE).write_text(fixed, encoding="utf-8")
    code, *out = validate(folder, capsys)
    assert code == 0 and out[-1].endswith("Le catalogue est valide.")
    communes = CommuneRef.load_default()
    catalogue, _ = load_catalogue(folder, communes=communes, today=date.fromisoformat(CHECK_DAY))
    resident = Situation(age=30, code_insee="93001", commune="Aubervilliers", quartier="Maladrerie",
                         besoin="emploi", freins=())
    proposed = [p.service.id for p in Matcher(catalogue, communes).match(resident).proposals]
    assert proposed == ["permanence-emploi-maladrerie--accueil-emploi"]
