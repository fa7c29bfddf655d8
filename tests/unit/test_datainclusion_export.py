"""`python -m bot.catalogue exporter`: our catalogue → data·inclusion v1 JSON, and back by `importer`."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List

import pytest

from bot.catalogue.__main__ import main
from bot.catalogue.communes import CommuneRef
from bot.catalogue.loader import load_catalogue
from bot.catalogue.models import Catalogue, Service
from bot.catalogue.validation import format_report

REPOSITORY = Path(__file__).resolve().parents[2]
DEMO_CATALOGUE = REPOSITORY / "services_catalogue"

# Field names of the v1 models (gip-inclusion/data-inclusion-schema, schema/v1/structures.py and services.py).
V1_STRUCTURE_FIELDS = {
    "source", "id", "nom", "description", "date_maj", "siret", "commune", "code_postal", "code_insee", "adresse",
    "complement_adresse", "longitude", "latitude", "telephone", "courriel", "site_web", "horaires_accueil",
    "accessibilite_lieu", "reseaux_porteurs",
}
V1_SERVICE_FIELDS = {
    "source", "structure_id", "id", "nom", "description", "date_maj", "type", "thematiques", "frais",
    "frais_precisions", "publics", "publics_precisions", "conditions_acces", "commune", "code_postal", "code_insee",
    "adresse", "complement_adresse", "longitude", "latitude", "telephone", "courriel", "modes_accueil",
    "zone_eligibilite", "contact_nom_prenom", "lien_mobilisation", "modes_mobilisation", "mobilisable_par",
    "mobilisation_precisions", "volume_horaire_hebdomadaire", "nombre_semaines", "horaires_accueil",
}


@pytest.fixture(scope="module")
def communes() -> CommuneRef:
    return CommuneRef.load_default()


def loaded(directory: Path, communes: CommuneRef) -> Catalogue:
    catalogue, report = load_catalogue(directory, communes=communes)
    assert catalogue is not None, format_report(report)
    return catalogue


def export_to(capsys, directory: Path, output: Path) -> Dict[str, List[Dict[str, Any]]]:
    code = main(["exporter", str(directory), "--sortie", str(output)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    return json.loads(output.read_text(encoding="utf-8"))


def test_export_uses_the_v1_field_names_and_values(capsys, communes, cat_dir, tmp_path):
    data = export_to(capsys, cat_dir, tmp_path / "export.json")
    assert set(data) == {"structures", "services"}
    [structure] = data["structures"]
    assert set(structure) == V1_STRUCTURE_FIELDS
    assert structure["source"] == "aiguillage" and structure["id"] == "aiguillage--mission-emploi"
    assert structure["telephone"] == "+33148395200"  # E.164, as the schema prefers
    assert structure["date_maj"] == "2025-05-02" and structure["reseaux_porteurs"] == ["communes"]
    assert structure["code_insee"] == "93001" and structure["latitude"] == 48.9125

    accompagnement, jeunes = data["services"]
    for record in data["services"]:
        assert set(record) == V1_SERVICE_FIELDS
        assert not any(key.startswith("x_") for key in record)
        assert record["structure_id"] == "aiguillage--mission-emploi" and record["date_maj"] == "2025-05-02"
    assert accompagnement["id"] == "aiguillage--mission-emploi--accompagnement"
    assert accompagnement["thematiques"] == ["trouver-un-emploi--repondre-a-des-offres-demploi"]
    assert accompagnement["zone_eligibilite"] == ["93001"] and accompagnement["publics"] == ["demandeurs-emploi"]
    assert accompagnement["modes_mobilisation"] == ["se-presenter", "telephoner"]
    # a service carries its structure's contact (data·inclusion readers do not inherit)...
    assert accompagnement["adresse"] == "12 rue de la Commune de Paris"
    assert accompagnement["horaires_accueil"] == "Mo-Fr 09:00-12:30,13:30-17:30; PH off"
    # ...unless it has its own; absent values and empty lists are null
    assert jeunes["telephone"] == "+33148112233" and jeunes["courriel"] == "jeunes@mairie-aubervilliers.fr"
    assert jeunes["type"] is None and jeunes["modes_accueil"] is None
    assert jeunes["publics"] == ["tous-publics"] and jeunes["frais"] == "gratuit"


def test_export_prints_a_french_summary(capsys, cat_dir, tmp_path):
    assert main(["exporter", str(cat_dir), "--sortie", str(tmp_path / "e.json")]) == 0
    out = capsys.readouterr().out
    assert "Export data·inclusion v1 : 1 structure(s) et 2 service(s) écrits dans" in out
    assert "Les champs x_ ne sont pas exportés" in out


def test_export_to_the_screen_is_json_alone(capsys, cat_dir):
    assert main(["exporter", str(cat_dir)]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)["services"]) == 2
    assert "Export data·inclusion v1" in err


def test_an_invalid_catalogue_is_not_exported(capsys, cat_write, cat_valid_yaml, tmp_path):
    directory = cat_write("casse.yml", cat_valid_yaml.replace("telephone: 01 48 39 52 00", "telephone: 12"))
    output = tmp_path / "e.json"
    assert main(["exporter", str(directory), "--sortie", str(output)]) == 1
    err = capsys.readouterr().err
    assert "casse.yml" in err and "Export refusé : le catalogue a des erreurs" in err
    assert not output.exists()


def test_a_missing_folder_is_a_clear_error(capsys, tmp_path):
    assert main(["exporter", str(tmp_path / "absent"), "--sortie", str(tmp_path / "e.json")]) == 2
    assert "n'existe pas" in capsys.readouterr().err


def test_an_unwritable_output_is_a_clear_error(capsys, cat_dir, tmp_path):
    assert main(["exporter", str(cat_dir), "--sortie", str(tmp_path / "pas-de-dossier" / "e.json")]) == 2
    assert "ne peut pas être écrit" in capsys.readouterr().err


# --------------------------------------------------------------------------- round trip


def comparable(service: Service) -> Service:
    """The service without what data·inclusion cannot carry (x_ fields) nor where its file lies."""
    return replace(service, structure=replace(service.structure, source_file=""), x_age_min=None, x_age_max=None,
                   x_requiert=(), x_quartiers=(), x_sans_rendez_vous=None, x_langues=())


def round_trip(capsys, communes: CommuneRef, source: Path, tmp_path: Path) -> Catalogue:
    """Export `source`, import the export into a new folder for every commune its zones name."""
    original = loaded(source, communes)
    export_to(capsys, source, tmp_path / "export.json")
    asked = sorted({z for s in original.services for z in s.zone_eligibilite if len(z) == 5} | {"93001"})
    target = tmp_path / "reimport"
    code = main(["importer", str(tmp_path / "export.json"), "--communes", ",".join(asked), "--dossier", str(target),
                 "--sous-dossier", "retour", "--ecrire"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "Services écartés" not in out and "Valeurs non reprises" not in out, out
    return loaded(target, communes)


def test_round_trip_of_the_demo_catalogue_gives_the_same_services(capsys, communes, tmp_path):
    original = loaded(DEMO_CATALOGUE, communes)
    back = round_trip(capsys, communes, DEMO_CATALOGUE, tmp_path)
    assert len(back.services) == len(original.services)
    assert {s.id: comparable(s) for s in back.services} == {s.id: comparable(s) for s in original.services}


def test_round_trip_keeps_own_contacts_and_inheritance(capsys, communes, cat_write, cat_valid_yaml, tmp_path):
    # a second structure whose service has its own place: its location must not mix with the structure's
    other = cat_valid_yaml.replace("id: mission-emploi", "id: maison-emploi").replace(
        "    zone_eligibilite: [\"93001\", \"93\"]\n",
        "    zone_eligibilite: [\"93001\", \"93\"]\n    adresse: 3 place de la Mairie\n")
    cat_write("b.yml", other)
    source = cat_write("a.yml", cat_valid_yaml)
    back = round_trip(capsys, communes, source, tmp_path)
    original = loaded(source, communes)
    assert {s.id: comparable(s) for s in back.services} == {s.id: comparable(s) for s in original.services}
    jeunes = back.service("maison-emploi--jeunes")
    assert jeunes.contact.adresse == "3 place de la Mairie" and jeunes.contact.code_postal is None


def test_export_import_export_is_stable(capsys, communes, tmp_path):
    round_trip(capsys, communes, DEMO_CATALOGUE, tmp_path)
    first = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    second = export_to(capsys, tmp_path / "reimport", tmp_path / "second.json")
    by_id = lambda records: {r["id"]: r for r in records}  # noqa: E731 - file order differs (sub-folders)
    assert by_id(second["structures"]) == by_id(first["structures"])
    assert by_id(second["services"]) == by_id(first["services"])
