"""Loading the catalogue folder: the models built, inheritance, phone numbers, version, the staff CLI."""
from __future__ import annotations

from datetime import date
from pathlib import Path


from bot.catalogue.__main__ import main
from bot.catalogue.loader import load_catalogue
from bot.catalogue.models import Catalogue
from bot.catalogue.validation import format_report


def load(directory: Path, today: date) -> Catalogue:
    catalogue, report = load_catalogue(directory, today=today)
    assert catalogue is not None, format_report(report)
    return catalogue


# --------------------------------------------------------------------------- the models


def test_valid_folder_gives_the_catalogue(cat_dir, cat_today):
    catalogue = load(cat_dir, cat_today)
    assert [s.id for s in catalogue.structures] == ["mission-emploi"]
    structure = catalogue.structures[0]
    assert structure.date_maj == date(2025, 5, 2)
    assert structure.reseaux_porteurs == ("communes",)
    assert structure.source_file == "aubervilliers/mission-emploi.yml"
    assert [s.id for s in catalogue.services] == ["mission-emploi--accompagnement", "mission-emploi--jeunes"]

    accompagnement = catalogue.service("mission-emploi--accompagnement")
    assert accompagnement.structure is structure and accompagnement.local_id == "accompagnement"
    assert accompagnement.thematiques == ("trouver-un-emploi--repondre-a-des-offres-demploi",)
    assert accompagnement.publics == ("demandeurs-emploi",)
    assert accompagnement.zone_eligibilite == ("93001",)
    assert (accompagnement.x_age_min, accompagnement.x_age_max) == (26, 64)
    assert accompagnement.x_requiert == ("inscription-france-travail",)
    assert accompagnement.x_quartiers == ("La Villette",)
    assert accompagnement.x_sans_rendez_vous is True
    assert accompagnement.x_langues == ("en", "ar")
    assert accompagnement.modes_mobilisation == ("se-presenter", "telephoner")
    assert accompagnement.lien_mobilisation == "https://www.aubervilliers.fr/rdv"


def test_defaults_of_optional_service_fields(cat_dir, cat_today):
    jeunes = load(cat_dir, cat_today).service("mission-emploi--jeunes")
    assert jeunes.publics == ("tous-publics",)
    assert jeunes.frais == "gratuit"
    assert jeunes.type is None and jeunes.x_age_min is None and jeunes.x_sans_rendez_vous is None
    assert jeunes.zone_eligibilite == ("93001", "93")  # written as strings or numbers, codes stay strings


def test_codes_written_as_numbers_stay_as_written(cat_write, cat_valid_yaml, cat_today):
    text = cat_valid_yaml.replace('code_postal: "93300"', "code_postal: 01000")  # YAML would read 512
    text = text.replace('zone_eligibilite: ["93001"]', "zone_eligibilite: [93001, 01053]")
    catalogue = load(cat_write("a.yml", text), cat_today)
    assert catalogue.structures[0].contact.code_postal == "01000"
    assert catalogue.services[0].zone_eligibilite == ("93001", "01053")


# --------------------------------------------------------------------------- inheritance


def test_service_inherits_its_structure_contact_field_by_field(cat_dir, cat_today):
    catalogue = load(cat_dir, cat_today)
    accompagnement = catalogue.service("mission-emploi--accompagnement").contact
    jeunes = catalogue.service("mission-emploi--jeunes").contact
    structure = catalogue.structures[0].contact

    assert accompagnement == structure  # nothing of its own: everything comes from the structure
    assert accompagnement.telephone == "01 48 39 52 00"
    assert jeunes.telephone == "01 48 11 22 33"  # its own, normalised
    assert jeunes.courriel == "jeunes@mairie-aubervilliers.fr"  # its own
    assert jeunes.horaires_accueil == "Mo-Fr 09:00-12:30,13:30-17:30; PH off"  # the structure's
    assert (jeunes.adresse, jeunes.code_postal, jeunes.latitude) == ("12 rue de la Commune de Paris", "93300", 48.9125)


def test_a_service_with_its_own_address_does_not_borrow_the_structure_location(cat_write, cat_valid_yaml, cat_today):
    text = cat_valid_yaml.replace(
        "    courriel: jeunes@mairie-aubervilliers.fr",
        "    courriel: jeunes@mairie-aubervilliers.fr\n    adresse: 3 place de la Mairie\n    commune: Montreuil",
    )
    jeunes = load(cat_write("a.yml", text), cat_today).service("mission-emploi--jeunes").contact
    assert (jeunes.adresse, jeunes.commune) == ("3 place de la Mairie", "Montreuil")
    # Aubervilliers' postcode and coordinates would be wrong for this other place.
    assert (jeunes.code_postal, jeunes.code_insee, jeunes.latitude, jeunes.longitude) == (None, None, None, None)
    assert jeunes.telephone == "01 48 11 22 33" and jeunes.horaires_accueil is not None  # still inherited


# --------------------------------------------------------------------------- phone numbers


def test_phone_written_as_a_yaml_number_is_normalised(cat_write, cat_valid_yaml, cat_today):
    text = cat_valid_yaml.replace("  telephone: 01 48 39 52 00", "  telephone: +33148395200")  # YAML reads an int
    assert load(cat_write("a.yml", text), cat_today).structures[0].contact.telephone == "01 48 39 52 00"


# --------------------------------------------------------------------------- version


def test_version_is_a_stable_hash_of_the_files(tmp_path, cat_valid_yaml, cat_today):
    other = cat_valid_yaml.replace("id: mission-emploi", "id: autre-structure")

    def folder(name: str, files: dict) -> Path:
        directory = tmp_path / name
        for relative, text in files.items():
            (directory / relative).parent.mkdir(parents=True, exist_ok=True)
            (directory / relative).write_text(text, encoding="utf-8")
        return directory

    first = load(folder("one", {"a.yml": cat_valid_yaml, "sub/b.yml": other}), cat_today)
    same_written_in_other_order = load(folder("two", {"sub/b.yml": other, "a.yml": cat_valid_yaml}), cat_today)
    renamed = load(folder("three", {"a.yml": cat_valid_yaml, "sub/c.yml": other}), cat_today)
    edited = load(folder("four", {"a.yml": cat_valid_yaml, "sub/b.yml": other.replace("Permanence", "Accueil")}),
                  cat_today)

    assert len(first.version) == 12 and int(first.version, 16) >= 0
    assert first.version == same_written_in_other_order.version
    assert first.version != renamed.version
    assert first.version != edited.version


def test_only_yaml_files_count(cat_dir, cat_valid_yaml, cat_today):
    before = load(cat_dir, cat_today).version
    (cat_dir / "LISEZ-MOI.md").write_text("Le catalogue", encoding="utf-8")
    (cat_dir / ".brouillons").mkdir()
    (cat_dir / ".brouillons" / "cassé.yml").write_text("structure: [", encoding="utf-8")  # hidden: ignored
    assert load(cat_dir, cat_today).version == before

    (cat_dir / "montreuil.yaml").write_text(cat_valid_yaml.replace("mission-emploi", "montreuil"), encoding="utf-8")
    catalogue = load(cat_dir, cat_today)
    assert catalogue.version != before
    assert [s.source_file for s in catalogue.structures] == ["aubervilliers/mission-emploi.yml", "montreuil.yaml"]


# --------------------------------------------------------------------------- refusal


def test_one_error_and_there_is_no_catalogue_at_all(cat_dir, cat_valid_yaml, cat_today):
    (cat_dir / "b.yml").write_text(cat_valid_yaml.replace("mission-emploi", "b").replace("gratuit", "gratis"),
                                   encoding="utf-8")
    catalogue, report = load_catalogue(cat_dir, today=cat_today)
    assert catalogue is None
    assert [(i.file, i.field) for i in report.errors] == [("b.yml", "services[0].frais")]
    assert "b.yml, ligne 25, services[0].frais" in format_report(report)


def test_missing_folder_is_reported_not_raised(tmp_path):
    catalogue, report = load_catalogue(tmp_path / "nulle-part")
    assert catalogue is None and len(report.errors) == 1
    assert "n'existe pas" in report.errors[0].message


def test_folder_without_yaml_is_refused(tmp_path):
    catalogue, report = load_catalogue(tmp_path)
    assert catalogue is None
    assert "aucun fichier .yml" in report.errors[0].message


# --------------------------------------------------------------------------- report text


def test_report_lists_errors_then_warnings_then_counts(cat_write, cat_valid_yaml, cat_today):
    text = (cat_valid_yaml.replace("date_maj: 2025-05-02", "date_maj: 2023-01-10")
            .replace("frais: gratuit", "frais: gratis"))
    _, report = load_catalogue(cat_write("a.yml", text), today=cat_today)
    lines = format_report(report).split("\n")
    assert lines[0] == "Erreurs à corriger :"
    assert lines[1].startswith("- a.yml, ligne 25, services[0].frais : ")
    assert lines[3].startswith("Avertissements")
    assert lines[4].startswith("- a.yml, ligne 4, structure.date_maj : ")
    assert lines[-1] == ("1 fichier vérifié, 2 services : 1 erreur, 1 avertissement. "
                         "Le catalogue est refusé : corrigez les erreurs puis relancez la vérification.")


def test_report_of_a_valid_catalogue(cat_dir, cat_today):
    _, report = load_catalogue(cat_dir, today=cat_today)
    assert format_report(report) == (
        "1 fichier vérifié, 2 services : 0 erreur, 0 avertissement. Le catalogue est valide."
    )


# --------------------------------------------------------------------------- staff command line


def test_cli_valid_catalogue_exits_0(cat_dir, capsys):
    assert main(["validate", str(cat_dir), "--date", "2025-06-01", "--sans-communes"]) == 0
    assert "Le catalogue est valide." in capsys.readouterr().out


def test_cli_warnings_only_exits_0(cat_write, cat_valid_yaml, capsys):
    directory = cat_write("a.yml", cat_valid_yaml.replace("date_maj: 2025-05-02", "date_maj: 2023-01-10"))
    assert main(["validate", str(directory), "--date", "2025-06-01", "--sans-communes"]) == 0
    out = capsys.readouterr().out
    assert "structure.date_maj" in out and "1 avertissement" in out


def test_cli_errors_exit_1(cat_write, cat_valid_yaml, capsys):
    text = cat_valid_yaml.replace("  telephone: 01 48 39 52 00", "  telephon: 01 48 39 52 00")
    directory = cat_write("a.yml", text)
    assert main(["validate", str(directory), "--date", "2025-06-01", "--sans-communes"]) == 1
    out = capsys.readouterr().out
    assert "a.yml, ligne 13, structure.telephon : « telephon » n'est pas un champ connu" in out
    assert "Vouliez-vous dire « telephone » ?" in out


def test_cli_missing_folder_exits_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "absent")]) == 2
    assert "n'existe pas" in capsys.readouterr().err


def test_cli_uses_catalogue_dir_by_default(cat_dir, monkeypatch, capsys):
    monkeypatch.delenv("CATALOG_DIR", raising=False)
    monkeypatch.setenv("CATALOGUE_DIR", str(cat_dir))
    assert main(["validate", "--date", "2025-06-01", "--sans-communes"]) == 0
    assert str(cat_dir) in capsys.readouterr().out


def test_cli_default_folder_is_services_catalogue(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CATALOGUE_DIR", raising=False)
    monkeypatch.delenv("CATALOG_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--sans-communes"]) == 2
    assert "« services_catalogue » n'existe pas" in capsys.readouterr().err
