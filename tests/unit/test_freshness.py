"""The freshness report: structures not checked for 6 or 12 months, with whom to call."""
from __future__ import annotations

import dataclasses
from datetime import date

from bot.catalogue.__main__ import main
from bot.catalogue.freshness import format_csv, format_text, stale_structures, whole_months_between
from tests.support.catalogue_factory import make_catalogue, make_service, make_structure

TODAY = date(2026, 11, 30)


def structure_checked_on(id: str, day: date, **contact):
    return dataclasses.replace(make_structure(id, f"Structure {id}", **contact), date_maj=day)


def catalogue_of(*structures):
    return make_catalogue(*(make_service("svc", structure=s) for s in structures))


def test_whole_months_count_only_completed_months():
    assert whole_months_between(date(2026, 5, 30), TODAY) == 6
    assert whole_months_between(date(2026, 5, 31), TODAY) == 5
    assert whole_months_between(date(2025, 11, 30), TODAY) == 12


def test_six_and_twelve_month_thresholds_oldest_first():
    catalogue = catalogue_of(
        structure_checked_on("recente", date(2026, 6, 1)),  # 5 months: fine
        structure_checked_on("six-mois", date(2026, 5, 30)),  # exactly 6 months
        structure_checked_on("onze-mois", date(2025, 12, 15)),
        structure_checked_on("un-an", date(2025, 11, 30)),  # exactly 12 months
        structure_checked_on("tres-vieille", date(2023, 2, 1)),
    )
    stale = stale_structures(catalogue, TODAY)
    assert [(s.structure.id, s.threshold, s.months) for s in stale] == [
        ("tres-vieille", 12, 45), ("un-an", 12, 12), ("onze-mois", 6, 11), ("six-mois", 6, 6)]


def test_contacts_of_the_structure_and_of_its_services():
    structure = structure_checked_on("vieille", date(2024, 1, 10), telephone="+33148706038",
                                     courriel="accueil@vieille.fr")
    catalogue = make_catalogue(
        make_service("a", structure=structure),
        make_service("b", structure=structure, contact={"telephone": "01 48 11 22 33",
                                                        "courriel": "accueil@vieille.fr"}),
    )
    [stale] = stale_structures(catalogue, TODAY)
    assert stale.telephones == ("01 48 70 60 38", "01 48 11 22 33")
    assert stale.courriels == ("accueil@vieille.fr",)


def test_text_report_is_two_tables_staff_can_act_on():
    catalogue = catalogue_of(structure_checked_on("vieille", date(2024, 1, 1), telephone="0148706038",
                                                  courriel=None),
                             structure_checked_on("recente", date(2026, 11, 1)))
    text = format_text(stale_structures(catalogue, TODAY), len(catalogue.structures), TODAY)
    lines = text.splitlines()
    assert lines[0] == "Fraîcheur du catalogue au 30 novembre 2026 : 2 structures."
    assert "## À vérifier en priorité : pas vérifiées depuis plus de 12 mois (1)" in lines
    assert ("| 34 mois | 1er janvier 2024 | Structure vieille | 01 48 70 60 38 | — |  |") in lines
    assert lines[lines.index("## À prévoir : pas vérifiées depuis 6 à 12 mois (0)") + 2] == "Aucune."
    assert "recente" not in text


def test_csv_for_a_spreadsheet():
    catalogue = catalogue_of(structure_checked_on("vieille", date(2026, 4, 2), telephone="0148706038"))
    rows = format_csv(stale_structures(catalogue, TODAY)).splitlines()
    assert rows[0] == ("Urgence;Non vérifiée depuis;Dernière vérification;Structure;Téléphone;"
                       "Courriel;Fichier")
    assert rows[1].startswith("6 à 12 mois;7 mois;2 avril 2026;Structure vieille;01 48 70 60 38;")


def test_command_on_a_catalogue_folder(cat_dir, capsys):
    # The reference file was checked on 2025-05-02.
    assert main(["fraicheur", str(cat_dir), "--date", "2026-06-01"]) == 0
    out = capsys.readouterr().out
    assert "| 12 mois | 2 mai 2025 | Mission emploi d'Aubervilliers | 01 48 39 52 00" in out
    assert main(["fraicheur", str(cat_dir), "--date", "2025-06-01", "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []


def test_command_refuses_a_catalogue_with_errors(cat_write, cat_valid_yaml, capsys):
    folder = cat_write("a.yml", cat_valid_yaml.replace("frais: gratuit", "frais: gratis"))
    assert main(["fraicheur", str(folder), "--date", "2025-06-01"]) == 1
    assert "corrigez-les d'abord (make catalogue-validate)" in capsys.readouterr().err
    assert main(["fraicheur", str(folder / "absent")]) == 2
