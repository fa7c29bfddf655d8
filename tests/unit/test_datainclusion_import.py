"""`python -m bot.catalogue importer`: data·inclusion v1 files (written here) → our catalogue files.

Each test writes a small export the way data·inclusion publishes it (API JSON pages, open data
JSON or CSV), runs the staff command and checks what staff would check: the messages, the files
in the catalogue folder and what the bot would load from them.
"""
from __future__ import annotations

import csv
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from bot.catalogue.__main__ import main
from bot.catalogue.communes import CommuneRef
from bot.catalogue.datainclusion.values import as_date, parse_list_cell
from bot.catalogue.loader import load_catalogue
from bot.catalogue.models import Catalogue
from bot.catalogue.validation import format_report

DAY = (date.today() - timedelta(days=20)).isoformat()
AUBERVILLIERS, MONTREUIL = "93001", "93048"
GRAND_PARIS = "200054781"  # the EPCI of both communes in the official table
LYON_METROPOLE = "200046977"

EMPLOI = "trouver-un-emploi--repondre-a-des-offres-demploi"
CV = "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"

LIST_FIELDS = ("reseaux_porteurs", "thematiques", "publics", "modes_accueil", "zone_eligibilite",
               "modes_mobilisation", "mobilisable_par")


@pytest.fixture(scope="module")
def communes() -> CommuneRef:
    """Loaded once for the module (the commands reuse the same cached table)."""
    return CommuneRef.load_default()


def structure(id: str, nom: str, **fields: Any) -> Dict[str, Any]:
    record = {
        "source": "dora", "id": id, "nom": nom, "date_maj": DAY,
        "description": f"{nom} accompagne les habitants dans leurs démarches vers l'emploi.",
        "adresse": "12 rue de la Commune de Paris", "code_postal": "93300", "commune": "Aubervilliers",
        "code_insee": AUBERVILLIERS, "latitude": 48.9125, "longitude": 2.3846, "telephone": "+33148395200",
        "courriel": "contact@exemple-asso.fr", "site_web": "https://www.exemple-asso.fr",
        "horaires_accueil": "Mo-Fr 09:00-12:30,13:30-17:30; PH off", "reseaux_porteurs": ["mission-locale"],
        "siret": "13003013300016", "score_qualite": 0.8, "doublons": [],
    }
    record.update(fields)
    return record


def service(id: str, structure_id: str, nom: str, zone: List[str], **fields: Any) -> Dict[str, Any]:
    record = {
        "source": "dora", "id": id, "structure_id": structure_id, "nom": nom, "date_maj": DAY,
        "description": f"{nom} : un conseiller vous reçoit et vous aide pas à pas.",
        "type": "accompagnement", "thematiques": [EMPLOI], "publics": ["jeunes"], "frais": "gratuit",
        "modes_accueil": ["en-presentiel"], "modes_mobilisation": ["se-presenter", "telephoner"],
        "mobilisable_par": ["usagers"], "zone_eligibilite": zone, "adresse": "12 rue de la Commune de Paris",
        "code_postal": "93300", "commune": "Aubervilliers", "code_insee": AUBERVILLIERS, "latitude": 48.9125,
        "longitude": 2.3846, "telephone": "+33148395200", "courriel": "contact@exemple-asso.fr",
        "horaires_accueil": None, "lien_mobilisation": None, "contact_nom_prenom": None, "score_qualite": 0.7,
    }
    record.update(fields)
    return record


def sample() -> Dict[str, List[Dict[str, Any]]]:
    """Two structures; the services of the first cover Aubervilliers in every way a zone can."""
    return {
        "structures": [
            structure("dora--ml-auber", "Mission locale d'Aubervilliers"),
            structure("dora--pij-montreuil", "Point information jeunesse de Montreuil", code_postal="93100",
                      commune="Montreuil", code_insee=MONTREUIL, telephone="01 48 70 60 38"),
        ],
        "services": [
            service("dora--commune", "dora--ml-auber", "Accueil des jeunes d'Aubervilliers", [AUBERVILLIERS]),
            service("dora--departement", "dora--ml-auber", "Atelier CV du département", ["93"],
                    thematiques=[CV]),
            service("dora--epci", "dora--ml-auber", "Forum métropolitain de l'emploi", [GRAND_PARIS]),
            service("dora--france", "dora--ml-auber", "Ligne nationale pour l'emploi", ["france"],
                    modes_accueil=["a-distance"]),
            service("dora--lyon", "dora--ml-auber", "Permanence de la métropole de Lyon", [LYON_METROPOLE]),
            service("dora--paris", "dora--ml-auber", "Permanence parisienne", ["75056"]),
            service("dora--montreuil", "dora--pij-montreuil", "Information jeunesse de Montreuil", [MONTREUIL],
                    code_postal="93100", commune="Montreuil", code_insee=MONTREUIL),
        ],
    }


def write_json(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def write_csv(folder: Path, name: str, records: List[Dict[str, Any]], list_cell=str, delimiter: str = ",") -> Path:
    """A CSV as the open data publishes it; `list_cell` writes a list in one cell (str: pandas' way)."""
    columns: List[str] = []
    for record in records:
        columns.extend(key for key in record if key not in columns)
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter)
        writer.writeheader()
        for record in records:
            writer.writerow({key: ("" if value is None else list_cell(value) if isinstance(value, list) else value)
                             for key, value in record.items()})
    return path


def run(capsys, *args: Any) -> tuple:
    code = main(["importer", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def loaded(directory: Path, communes: CommuneRef) -> Catalogue:
    catalogue, report = load_catalogue(directory, communes=communes)
    assert catalogue is not None, format_report(report)
    return catalogue


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """The sample as one JSON file `{"structures": [...], "services": [...]}`."""
    return write_json(tmp_path, "export.json", sample())


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    return tmp_path / "catalogue"


def imported(directory: Path) -> Path:
    return directory / "data-inclusion" / "dora-ml-auber.yml"


# --------------------------------------------------------------------------- zones


@pytest.mark.parametrize("commune, expected", [
    (AUBERVILLIERS, {"dora-ml-auber--commune", "dora-ml-auber--departement", "dora-ml-auber--epci",
                     "dora-ml-auber--france"}),
    (MONTREUIL, {"dora-ml-auber--departement", "dora-ml-auber--epci", "dora-ml-auber--france",
                 "dora-pij-montreuil--montreuil"}),
])
def test_keeps_the_services_whose_zone_covers_the_commune(capsys, communes, export, catalogue_dir, commune,
                                                          expected):
    code, out, _ = run(capsys, export, "--communes", commune, "--dossier", catalogue_dir, "--ecrire")
    assert code == 0, out
    assert {s.id for s in loaded(catalogue_dir, communes).services} == expected
    assert f"Services de ces communes : {len(expected)}" in out
    assert f"{7 - len(expected)} hors de ces communes" in out


@pytest.mark.parametrize("options", [
    ["--communes", f"{AUBERVILLIERS},{MONTREUIL}"],
    ["--communes", AUBERVILLIERS, "--communes", MONTREUIL],
    ["--communes", f"{AUBERVILLIERS}, {MONTREUIL}"],
])
def test_several_communes_keep_the_union(capsys, communes, export, catalogue_dir, options):
    code, out, _ = run(capsys, *options, export, "--dossier", catalogue_dir, "--ecrire")
    assert code == 0, out
    assert "Aubervilliers (93001), Montreuil (93048)" in out
    assert len(loaded(catalogue_dir, communes).services) == 5


def test_a_service_without_zone_is_not_kept(capsys, tmp_path, catalogue_dir):
    data = sample()
    data["services"].append(service("dora--sans-zone", "dora--ml-auber", "Service sans zone", []))
    code, out, _ = run(capsys, write_json(tmp_path, "e.json", data), "--communes", AUBERVILLIERS,
                       "--dossier", catalogue_dir)
    assert code == 0
    assert "1 sans zone d'éligibilité" in out


# --------------------------------------------------------------------------- dry run and writing


def test_dry_run_writes_nothing_and_says_what_it_would_do(capsys, export, catalogue_dir):
    code, out, _ = run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir)
    assert code == 0
    assert not catalogue_dir.exists()
    assert "SIMULATION : aucun fichier n'est écrit" in out and "--ecrire" in out
    assert "Fichiers à créer (1)" in out and "data-inclusion/dora-ml-auber.yml" in out
    assert "Vérification du catalogue tel qu'il serait après l'import" in out
    assert "Le catalogue est valide." in out


def test_written_files_are_our_format_and_pass_the_validator(capsys, communes, export, catalogue_dir):
    code, out, _ = run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    assert code == 0, out
    assert "Fichiers créés (1)" in out and "SIMULATION" not in out
    assert "Vérification du catalogue après l'import" in out and "Le catalogue est valide." in out

    catalogue = loaded(catalogue_dir, communes)
    [mission] = catalogue.structures
    assert mission.id == "dora-ml-auber" and mission.source_file == "data-inclusion/dora-ml-auber.yml"
    assert mission.date_maj == date.fromisoformat(DAY)
    assert mission.contact.telephone == "01 48 39 52 00"  # +33148395200 normalised
    assert mission.reseaux_porteurs == ("mission-locale",)
    assert mission.contact.horaires_accueil == "Mo-Fr 09:00-12:30,13:30-17:30; PH off"
    accueil = catalogue.service("dora-ml-auber--commune")
    assert accueil.thematiques == (EMPLOI,) and accueil.publics == ("jeunes",)
    assert accueil.zone_eligibilite == (AUBERVILLIERS,)
    assert accueil.modes_mobilisation == ("se-presenter", "telephoner")
    assert accueil.contact.telephone == "01 48 39 52 00"

    text = imported(catalogue_dir).read_text(encoding="utf-8")
    assert text.startswith("# Fiche importée de data·inclusion (source « dora », identifiant « dora--ml-auber »)")
    assert not re.search(r"^\s*-?\s*x_", text, re.M)
    assert "siret" not in text and "score_qualite" not in text
    # the structure's address and phone, repeated on each service by data·inclusion, are inherited instead
    assert text.count("telephone:") == 1


def test_a_service_at_another_address_keeps_its_whole_place(capsys, communes, tmp_path, catalogue_dir):
    data = sample()
    data["services"][0]["adresse"] = "3 place de la Mairie"  # same commune and phone as its structure
    code, out, _ = run(capsys, write_json(tmp_path, "e.json", data), "--communes", AUBERVILLIERS,
                       "--dossier", catalogue_dir, "--ecrire")
    assert code == 0, out
    accueil = loaded(catalogue_dir, communes).service("dora-ml-auber--commune")
    assert (accueil.contact.adresse, accueil.contact.code_postal, accueil.contact.latitude) == (
        "3 place de la Mairie", "93300", 48.9125)
    assert accueil.contact.telephone == "01 48 39 52 00"
    written = yaml.safe_load(imported(catalogue_dir).read_text(encoding="utf-8"))["services"][0]
    assert written["code_postal"] == "93300"  # written: a service with its own address inherits no place
    assert "telephone" not in written  # not written: inherited from the structure


def test_values_outside_our_format_are_dropped_with_a_note(capsys, communes, tmp_path, catalogue_dir):
    data = sample()
    data["structures"][0].update(horaires_accueil="du lundi au vendredi de 9h à 17h", telephone="12",
                                 reseaux_porteurs=["mission-locale", "reseau-imaginaire"])
    data["services"][0].update(publics=["jeunes", "astronautes"], courriel="pas-un-courriel")
    code, out, _ = run(capsys, write_json(tmp_path, "e.json", data), "--communes", AUBERVILLIERS,
                       "--dossier", catalogue_dir, "--ecrire")
    assert code == 0, out
    assert "Valeurs non reprises" in out
    for fragment in ("horaires_accueil « du lundi au vendredi de 9h à 17h » non repris",
                     "telephone « 12 » non repris : ce n'est pas un numéro français",
                     "réseau porteur « reseau-imaginaire »", "public « astronautes »",
                     "courriel « pas-un-courriel » non repris"):
        assert fragment in out
    header = imported(catalogue_dir).read_text(encoding="utf-8").split("structure:")[0]
    assert "public « astronautes »" in header  # staff opening the file see it too
    catalogue = loaded(catalogue_dir, communes)
    mission = catalogue.structures[0]
    assert mission.contact.horaires_accueil is None and mission.contact.telephone is None
    assert mission.reseaux_porteurs == ("mission-locale",)
    assert catalogue.service("dora-ml-auber--commune").publics == ("jeunes",)


def test_services_that_cannot_be_made_valid_are_skipped_with_a_reason(capsys, communes, tmp_path,
                                                                      catalogue_dir):
    data = sample()
    data["structures"].append(structure("dora--fantome", "Structure sans contact", adresse=None, telephone=None,
                                        courriel=None, code_postal=None, commune=None, code_insee=None))
    data["services"] += [
        service("dora--injoignable", "dora--fantome", "Service injoignable", ["93"], adresse=None,
                telephone=None, courriel=None, lien_mobilisation=None),
        service("dora--theme-inconnu", "dora--ml-auber", "Service au thème inconnu", ["93"],
                thematiques=["astronomie--observer-les-etoiles"]),
        service("dora--sans-description", "dora--ml-auber", "Service sans description", ["93"], description=None),
        service("dora--orphelin", "dora--absente", "Service sans structure", ["93"]),
    ]
    code, out, _ = run(capsys, write_json(tmp_path, "e.json", data), "--communes", AUBERVILLIERS,
                       "--dossier", catalogue_dir, "--ecrire")
    assert code == 0, out
    skipped = out.split("Services écartés")[1]
    assert "« Service injoignable » (dora--injoignable) : aucun moyen de contact" in skipped
    assert ("« Service au thème inconnu » (dora--theme-inconnu) : aucune thématique connue "
            "(« astronomie--observer-les-etoiles »)") in skipped
    assert "« Service sans description » (dora--sans-description) : pas de description." in skipped
    assert "« Service sans structure » (dora--orphelin) : sa structure « dora--absente »" in skipped
    assert ("« Structure sans contact » (dora--fantome) : aucun de ses services ne peut être importé."
            in out.split("Structures non importées")[1])
    ids = {s.id for s in loaded(catalogue_dir, communes).services}
    assert "dora-ml-auber--commune" in ids
    assert not any(part in i for i in ids for part in ("injoignable", "inconnu", "sans-description", "orphelin"))


def test_a_structure_id_already_used_by_a_hand_written_file_is_not_imported(capsys, communes, export,
                                                                           catalogue_dir, cat_valid_yaml):
    hand = catalogue_dir / "aubervilliers" / "mission-locale.yml"
    hand.parent.mkdir(parents=True)
    hand.write_text(cat_valid_yaml.replace("id: mission-emploi", "id: dora-ml-auber"), encoding="utf-8")
    code, out, _ = run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    assert code == 0, out
    assert ("l'identifiant « dora-ml-auber » est déjà celui de la structure du fichier "
            "aubervilliers/mission-locale.yml") in out
    assert not imported(catalogue_dir).exists()
    assert loaded(catalogue_dir, communes).structures[0].source_file == "aubervilliers/mission-locale.yml"


# --------------------------------------------------------------------------- re-import and hand edits


def test_importing_the_same_data_again_changes_nothing(capsys, export, catalogue_dir):
    assert run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")[0] == 0
    before = imported(catalogue_dir).read_bytes()
    code, out, _ = run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    assert code == 0
    assert "Fichiers inchangés (1)" in out and "Fichiers créés" not in out and "mis à jour" not in out
    assert imported(catalogue_dir).read_bytes() == before


def test_a_change_at_the_source_updates_the_file(capsys, communes, tmp_path, export, catalogue_dir):
    run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    data = sample()
    data["structures"][0]["telephone"] = "01 41 61 00 00"
    code, out, _ = run(capsys, write_json(tmp_path, "new.json", data), "--communes", AUBERVILLIERS,
                       "--dossier", catalogue_dir, "--ecrire")
    assert code == 0
    assert "Fichiers mis à jour (1)" in out
    assert loaded(catalogue_dir, communes).structures[0].contact.telephone == "01 41 61 00 00"


def test_a_file_edited_by_hand_is_not_overwritten_and_is_reported(capsys, tmp_path, export, catalogue_dir):
    run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    path = imported(catalogue_dir)
    edited = path.read_text(encoding="utf-8").replace("nom: Mission locale d'Aubervilliers",
                                                      "nom: Mission locale d'Aubervilliers (corrigé)")
    path.write_text(edited, encoding="utf-8")
    data = sample()
    data["structures"][0]["telephone"] = "01 41 61 00 00"  # a change the import would like to bring
    code, out, _ = run(capsys, write_json(tmp_path, "new.json", data), "--communes", AUBERVILLIERS,
                       "--dossier", catalogue_dir, "--ecrire")
    assert code == 0
    assert path.read_text(encoding="utf-8") == edited
    protected = out.split("Fichiers NON remplacés car modifiés à la main depuis le dernier import (1) :")[1]
    assert protected.lstrip().startswith("- data-inclusion/dora-ml-auber.yml")
    assert "relancez avec --forcer" in protected


def test_a_hand_written_file_at_the_same_place_is_not_overwritten(capsys, export, catalogue_dir, cat_valid_yaml):
    path = imported(catalogue_dir)
    path.parent.mkdir(parents=True)
    path.write_text(cat_valid_yaml, encoding="utf-8")
    code, out, _ = run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    assert code == 0, out
    assert path.read_text(encoding="utf-8") == cat_valid_yaml
    assert "Fichiers NON remplacés car écrits à la main (pas d'en-tête d'import) (1)" in out


def test_forcer_replaces_a_file_edited_by_hand(capsys, communes, export, catalogue_dir):
    run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    path = imported(catalogue_dir)
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("date_maj:", "# vérifié au téléphone\n  date_maj:"), encoding="utf-8")
    code, out, _ = run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire",
                       "--forcer")
    assert code == 0
    assert "Fichiers remplacés malgré des modifications à la main (--forcer) (1)" in out
    assert path.read_text(encoding="utf-8") == original
    # and the file is again protected as an untouched import
    assert "Fichiers inchangés (1)" in run(capsys, export, "--communes", AUBERVILLIERS, "--dossier",
                                           catalogue_dir)[1]


def test_a_file_of_an_earlier_import_absent_now_is_reported_not_deleted(capsys, tmp_path, export, catalogue_dir):
    run(capsys, export, "--communes", f"{AUBERVILLIERS},{MONTREUIL}", "--dossier", catalogue_dir, "--ecrire")
    code, out, _ = run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    assert code == 0
    assert "Fichiers d'un import précédent absents de cet import" in out
    assert "data-inclusion/dora-pij-montreuil.yml" in out.split("absents de cet import")[1]
    assert (catalogue_dir / "data-inclusion" / "dora-pij-montreuil.yml").exists()


def test_the_result_is_checked_with_the_rest_of_the_catalogue(capsys, export, catalogue_dir, cat_valid_yaml):
    broken = catalogue_dir / "montreuil" / "casse.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(cat_valid_yaml.replace("telephone: 01 48 39 52 00", "telephone: 12"), encoding="utf-8")
    code, out, _ = run(capsys, export, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir, "--ecrire")
    assert code == 1
    assert "montreuil/casse.yml" in out and "Le catalogue est refusé" in out


# --------------------------------------------------------------------------- input shapes


def _same_result(capsys, communes, inputs: List[Path], directory: Path) -> Catalogue:
    code, out, _ = run(capsys, *inputs, "--communes", AUBERVILLIERS, "--dossier", directory, "--ecrire")
    assert code == 0, out
    return loaded(directory, communes)


@pytest.fixture
def from_json(capsys, communes, export, tmp_path) -> Catalogue:
    return _same_result(capsys, communes, [export], tmp_path / "depuis-json")


def _services(catalogue: Catalogue) -> Dict[str, Any]:
    return {s.id: (s.nom, s.thematiques, s.zone_eligibilite, s.publics, s.modes_accueil, s.modes_mobilisation,
                   s.contact) for s in catalogue.services}


@pytest.mark.parametrize("list_cell, delimiter", [
    (str, ","),  # pandas: ['a', 'b']
    (lambda v: json.dumps(v, ensure_ascii=False), ","),  # JSON array in the cell
    (", ".join, ","),
    ("; ".join, ";"),
    ("|".join, ","),
    ("; ".join, ","),
], ids=["python-list", "json-array", "virgules", "points-virgules-csv-point-virgule", "barres", "points-virgules"])
def test_open_data_csv_gives_the_same_catalogue_as_json(capsys, communes, tmp_path, from_json, list_cell,
                                                        delimiter):
    data = sample()
    inputs = [write_csv(tmp_path, "structures.csv", data["structures"], list_cell, delimiter),
              write_csv(tmp_path, "services.csv", data["services"], list_cell, delimiter)]
    catalogue = _same_result(capsys, communes, inputs, tmp_path / "depuis-csv")
    assert _services(catalogue) == _services(from_json)


def test_csv_saved_by_a_spreadsheet_in_windows_1252(capsys, communes, tmp_path, from_json):
    data = sample()
    inputs = []
    for name, records in (("structures.csv", data["structures"]), ("services.csv", data["services"])):
        path = write_csv(tmp_path, name, records, "; ".join, ";")
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
        inputs.append(path)
    catalogue = _same_result(capsys, communes, inputs, tmp_path / "depuis-tableur")
    assert _services(catalogue) == _services(from_json)


def test_api_pages_and_open_data_json_give_the_same_catalogue(capsys, communes, tmp_path, from_json):
    data = sample()
    services = data["services"]
    pages = [
        write_json(tmp_path, "structures.json", {"items": data["structures"], "total": 2, "page": 1, "size": 2,
                                                 "pages": 1}),
        write_json(tmp_path, "services-1.json", {"items": services[:4], "total": 7, "page": 1, "size": 4,
                                                 "pages": 2}),
        write_json(tmp_path, "services-2.json", {"items": services[4:], "total": 7, "page": 2, "size": 3,
                                                 "pages": 2}),
    ]
    assert _services(_same_result(capsys, communes, pages, tmp_path / "api")) == _services(from_json)
    lists = [write_json(tmp_path, "s.json", data["structures"]), write_json(tmp_path, "v.json", services)]
    assert _services(_same_result(capsys, communes, lists, tmp_path / "listes")) == _services(from_json)


def test_search_results_carry_their_structure(capsys, communes, tmp_path, from_json):
    data = sample()
    by_id = {s["id"]: s for s in data["structures"]}
    results = {"items": [{"service": {**s, "structure": by_id[s["structure_id"]]}, "distance": 120}
                         for s in data["services"]], "total": 7, "page": 1, "size": 7, "pages": 1}
    path = write_json(tmp_path, "recherche.json", results)
    assert _services(_same_result(capsys, communes, [path], tmp_path / "recherche")) == _services(from_json)


def test_a_service_read_twice_counts_once(capsys, communes, tmp_path, export, from_json):
    again = write_json(tmp_path, "services-encore.json", sample()["services"])
    code, out, _ = run(capsys, export, again, "--communes", AUBERVILLIERS, "--dossier", tmp_path / "deux-fois")
    assert code == 0 and "Services de ces communes : 4 " in out


def test_services_without_their_structures_file(capsys, tmp_path, catalogue_dir):
    services = write_json(tmp_path, "services.json", sample()["services"])
    code, out, _ = run(capsys, services, "--communes", AUBERVILLIERS, "--dossier", catalogue_dir)
    assert code == 0
    assert "Aucune structure dans les fichiers lus : ajoutez le fichier des structures" in out
    assert "Fichiers à créer" not in out


def test_dates_in_milliseconds_as_pandas_writes_them(capsys, communes, tmp_path):
    data = sample()
    for record in data["structures"] + data["services"]:
        record["date_maj"] = 1735776000000  # 2025-01-02T00:00:00Z
    catalogue = _same_result(capsys, communes, [write_json(tmp_path, "e.json", data)], tmp_path / "ms")
    assert catalogue.structures[0].date_maj == date(2025, 1, 2)


# --------------------------------------------------------------------------- bad input


def _fails(capsys, catalogue_dir: Path, *args: Any) -> str:
    code, out, err = run(capsys, *args, "--dossier", catalogue_dir, "--ecrire")
    assert code == 2, out + err
    assert not catalogue_dir.exists()  # nothing written
    assert "Traceback" not in err
    return err


def test_bad_json_is_a_clear_french_error(capsys, tmp_path, catalogue_dir):
    path = tmp_path / "coupe.json"
    path.write_text('{"structures": [{"id": "dora--1", "nom": "Mission', encoding="utf-8")
    err = _fails(capsys, catalogue_dir, path, "--communes", AUBERVILLIERS)
    assert "Import impossible : Le fichier « coupe.json » n'est pas un JSON valide (ligne 1" in err
    assert "téléchargé en entier" in err and "Aucun fichier du catalogue n'a été modifié." in err


def test_json_of_another_shape_is_refused(capsys, tmp_path, catalogue_dir):
    err = _fails(capsys, catalogue_dir, write_json(tmp_path, "autre.json", {"type": "FeatureCollection"}),
                 "--communes", AUBERVILLIERS)
    assert "ne ressemble pas à un export data·inclusion" in err


def test_csv_missing_columns_is_a_clear_french_error(capsys, tmp_path, catalogue_dir):
    services = [{k: v for k, v in s.items() if k != "zone_eligibilite"} for s in sample()["services"]]
    err = _fails(capsys, catalogue_dir, write_csv(tmp_path, "services.csv", services), "--communes", AUBERVILLIERS)
    assert "« services.csv » n'a pas les colonnes attendues d'un export de services data·inclusion v1" in err
    assert "il manque « zone_eligibilite »" in err


def test_a_v0_export_is_recognised(capsys, tmp_path, catalogue_dir):
    old = [{"id": "dora--1", "structure_id": "dora--ml", "nom": "Atelier", "zone_diffusion_type": "commune",
            "zone_diffusion_code": AUBERVILLIERS, "profils": ["jeunes"]}]
    err = _fails(capsys, catalogue_dir, write_json(tmp_path, "v0.json", old), "--communes", AUBERVILLIERS)
    assert "ancien schéma data·inclusion v0" in err and "v1" in err


def test_a_missing_file_is_a_clear_french_error(capsys, tmp_path, catalogue_dir):
    err = _fails(capsys, catalogue_dir, tmp_path / "absent.json", "--communes", AUBERVILLIERS)
    assert "n'existe pas" in err


def test_a_bad_file_among_good_ones_stops_everything(capsys, tmp_path, export, catalogue_dir):
    broken = tmp_path / "services-2.json"
    broken.write_text("[1, 2", encoding="utf-8")
    _fails(capsys, catalogue_dir, export, broken, "--communes", AUBERVILLIERS)


@pytest.mark.parametrize("code, fragment", [
    ("93300", "« 93300 » est un code postal. Le code INSEE de Aubervilliers est 93001."),
    ("99999", "« 99999 » n'est le code INSEE d'aucune commune"),
])
def test_an_unknown_commune_code_is_refused(capsys, export, catalogue_dir, code, fragment):
    assert fragment in _fails(capsys, catalogue_dir, export, "--communes", code)


# --------------------------------------------------------------------------- raw values


@pytest.mark.parametrize("cell, expected", [
    ("['a', 'b']", ["a", "b"]),
    ('["a","b"]', ["a", "b"]),
    ("{a,b}", ["a", "b"]),
    ("a, b", ["a", "b"]),
    ("a;b", ["a", "b"]),
    ("a | b", ["a", "b"]),
    ("a", ["a"]),
    ("[]", []),
    ("", []),
])
def test_list_cells(cell, expected):
    assert parse_list_cell(cell) == expected


@pytest.mark.parametrize("value, expected", [
    ("2025-02-14", date(2025, 2, 14)),
    ("2025-02-14T10:30:00+00:00", date(2025, 2, 14)),
    ("14/02/2025", date(2025, 2, 14)),
    (1739491200000, date(2025, 2, 14)),
    (None, None),
])
def test_dates(value, expected):
    assert as_date(value) == expected
