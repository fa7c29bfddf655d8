"""The validator: one test per kind of error and warning a staff member can meet.

Each case changes one line of a valid file (conftest's cat_valid_yaml) and checks what the staff
member reads: the field path, the line of the file, the French message and the suggestion.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable, List, Optional, Tuple

import pytest

from bot.catalogue.loader import load_catalogue
from bot.catalogue.validation import (
    AVERTISSEMENT,
    ERREUR,
    Issue,
    ValidationReport,
    did_you_mean,
    suggest_opening_hours,
)
from bot.catalogue.vocab import load_vocabularies

FILE = "aubervilliers/mission-emploi.yml"


def edit(text: str, old_line: str, new_lines: str) -> Tuple[str, int]:
    """Replace one whole line of `text`; returns the new text and the (1-based) line of the change."""
    lines = text.split("\n")
    assert lines.count(old_line) == 1, f"{old_line!r} must be exactly one line of the file"
    index = lines.index(old_line)
    lines[index:index + 1] = new_lines.split("\n") if new_lines else []
    return "\n".join(lines), index + 1


def line_of(text: str, line: str) -> int:
    return text.split("\n").index(line) + 1


@pytest.fixture
def check(cat_write: Callable[..., Path], cat_today: date) -> Callable[..., ValidationReport]:
    """`check(text)` writes the file into the test's catalogue folder and validates the folder."""

    def run(text, communes: object = None, name: str = FILE) -> ValidationReport:
        directory = cat_write(name, text)
        catalogue, report = load_catalogue(directory, communes=communes, today=cat_today)
        assert (catalogue is None) == (not report.ok), "a catalogue comes back exactly when there is no error"
        return report

    return run


def the_issue(issues: List[Issue], field: str) -> Issue:
    found = [issue for issue in issues if issue.field == field]
    assert len(found) == 1, f"expected one issue on {field}, got {[i.format() for i in issues]}"
    return found[0]


class StubCommunes:
    """The one method of CommuneRef the validator needs, over a tiny list of codes."""

    def __init__(self, known: Tuple[str, ...] = ("france", "93", "93001", "93048", "200054781")):
        self.known = set(known)

    def is_known_zone(self, code: str) -> bool:
        return code in self.known


# --------------------------------------------------------------------------- the valid file


def test_the_reference_file_is_valid_without_warning(check, cat_valid_yaml):
    report = check(cat_valid_yaml, communes=StubCommunes())
    assert report.errors == [] and report.warnings == []
    assert (report.files_checked, report.services_count) == (1, 2)


# --------------------------------------------------------------------------- one line changed → one error

T_EMPLOI = "      - trouver-un-emploi--repondre-a-des-offres-demploi"
ERROR_CASES = [
    # id, line replaced, new line, field path, fragments of the message, suggestion (None: none expected)
    ("cle-inconnue-structure", "  telephone: 01 48 39 52 00", "  telephon: 01 48 39 52 00", "structure.telephon",
     ["« telephon » n'est pas un champ connu pour une structure"], "Vouliez-vous dire « telephone » ?"),
    ("cle-inconnue-service", "    type: accompagnement", "    typ: accompagnement", "services[0].typ",
     ["« typ » n'est pas un champ connu pour un service"], "Vouliez-vous dire « type » ?"),
    ("cle-inconnue-sans-suggestion", "    type: accompagnement", "    remarque: à revoir", "services[0].remarque",
     ["Champs possibles :", "thematiques", "x_langues"], None),
    ("cle-de-service-dans-la-structure", "  reseaux_porteurs: [communes]", "  publics: [jeunes]",
     "structure.publics", ["se met dans chaque service"], None),
    ("cle-de-structure-dans-un-service", "    frais: gratuit", "    date_maj: 2025-05-02",
     "services[0].date_maj", ["se met dans la structure"], None),
    ("cle-en-double", "    frais: gratuit", "    nom: Un autre nom", "services[0].nom",
     ["écrit deux fois", "ligne 19", "Gardez-en un seul"], None),
    ("id-invalide", "  id: mission-emploi", "  id: Mission Emploi", "structure.id",
     ["lettres minuscules", "tirets"], "Vouliez-vous dire « mission-emploi » ?"),
    ("nom-vide", "  nom: Mission emploi d'Aubervilliers", "  nom:", "structure.nom",
     ["Le champ « nom » est vide"], None),
    ("nom-liste", "  nom: Mission emploi d'Aubervilliers", "  nom: [Mission, emploi]", "structure.nom",
     ["« nom » doit être un simple texte, pas une liste"], None),
    ("nom-trop-court", "    nom: Permanence jeunes", "    nom: PJ", "services[1].nom",
     ["trop court", "au moins 3 caractères"], None),
    ("nom-trop-long", "  nom: Mission emploi d'Aubervilliers", "  nom: " + "x" * 151, "structure.nom",
     ["trop long (151 caractères)", "150 au plus"], None),
    ("date-mauvais-format", "  date_maj: 2025-05-02", "  date_maj: 02/05/2025", "structure.date_maj",
     ["« 02/05/2025 » n'est pas une date au bon format", "2025-06-01"], "Vouliez-vous dire « 2025-05-02 » ?"),
    ("date-inexistante", "  date_maj: 2025-05-02", "  date_maj: 2025-02-30", "structure.date_maj",
     ["« 2025-02-30 » n'existe pas"], None),
    ("date-dans-le-futur", "  date_maj: 2025-05-02", "  date_maj: 2025-06-02", "structure.date_maj",
     ["dans le futur"], None),
    ("reseau-inconnu", "  reseaux_porteurs: [communes]", "  reseaux_porteurs: [mission-locales]",
     "structure.reseaux_porteurs[0]", ["n'est pas un réseau porteur connu"], "Vouliez-vous dire « mission-locale » ?"),
    ("thematique-categorie-mal-ecrite", T_EMPLOI, "      - trouver-un-emplois", "services[0].thematiques[0]",
     ["« trouver-un-emplois » n'est pas une thématique connue."],
     "« trouver-un-emploi--repondre-a-des-offres-demploi »"),
    ("thematique-categorie-seule", T_EMPLOI, "      - se-former", "services[0].thematiques[0]",
     ["« se-former » est une catégorie", "« catégorie--thématique »"], "« se-former--trouver-sa-formation »"),
    ("thematique-faute-de-frappe", T_EMPLOI, "      - trouver-un-emploi--repondre-a-des-offre-demploi",
     "services[0].thematiques[0]", ["n'est pas une thématique connue"],
     "Vouliez-vous dire « trouver-un-emploi--repondre-a-des-offres-demploi » ?"),
    ("thematique-inconnue", T_EMPLOI, "      - cuisine", "services[0].thematiques[0]",
     ["n'est pas une thématique connue", "« catégorie--thématique »", "data-inclusion-v1.yml"], None),
    ("type-inconnu", "    type: accompagnement", "    type: ateliers", "services[0].type",
     ["n'est pas un type de service connu", "atelier, formation, information"], "Vouliez-vous dire « atelier » ?"),
    ("type-en-liste", "    type: accompagnement", "    type: [atelier, formation]", "services[0].type",
     ["une seule valeur"], None),
    ("public-inconnu", "    publics: [demandeurs-emploi]", "    publics: [Demandeurs d'emploi]",
     "services[0].publics[0]", ["n'est pas un public connu", "jeunes"], "Vouliez-vous dire « demandeurs-emploi » ?"),
    ("tous-publics-pas-seul", "    publics: [demandeurs-emploi]", "    publics: [tous-publics, jeunes]",
     "services[0].publics", ["« tous-publics » doit être seul"], None),
    ("frais-inconnu", "    frais: gratuit", "    frais: gratuite", "services[0].frais",
     ["gratuit, payant"], "Vouliez-vous dire « gratuit » ?"),
    ("mode-accueil-inconnu", "    modes_accueil: [en-presentiel]", "    modes_accueil: [presentiel]",
     "services[0].modes_accueil[0]", ["a-distance, en-presentiel"], "Vouliez-vous dire « en-presentiel » ?"),
    ("mode-mobilisation-inconnu", "    modes_mobilisation: [se-presenter, telephoner]",
     "    modes_mobilisation: [se-presenter, telephone]", "services[0].modes_mobilisation[1]",
     ["n'est pas un mode de mobilisation connu"], "Vouliez-vous dire « telephoner » ?"),
    ("mobilisable-par-inconnu", "    mobilisable_par: [usagers]", "    mobilisable_par: [usager]",
     "services[0].mobilisable_par[0]", ["professionnels, usagers"], "Vouliez-vous dire « usagers » ?"),
    ("code-postal", '  code_postal: "93300"', "  code_postal: 9330", "structure.code_postal",
     ["« 9330 » n'est pas un code postal", "5 chiffres"], None),
    ("code-insee", '  code_insee: "93001"', "  code_insee: 930011", "structure.code_insee",
     ["n'est pas un code INSEE", "5 caractères", "pas le code postal"], None),
    ("latitude-hors-limites", "  latitude: 48.9125", "  latitude: 95", "structure.latitude",
     ["n'est pas une latitude", "entre -90 et 90"], None),
    ("latitude-virgule", "  latitude: 48.9125", "  latitude: 48,9125", "structure.latitude",
     ["un point, pas une virgule"], "Vouliez-vous dire « 48.9125 » ?"),
    ("longitude", "  longitude: 2.3846", "  longitude: est", "structure.longitude",
     ["n'est pas une longitude", "entre -180 et 180"], None),
    ("telephone", "  telephone: 01 48 39 52 00", "  telephone: 01 48 39 52", "structure.telephone",
     ["n'est pas un numéro de téléphone français", "01 48 70 60 38", "39 49"], None),
    ("telephone-deux-numeros", "  telephone: 01 48 39 52 00", "  telephone: 01 48 39 52 00 / 06 12 34 56 78",
     "structure.telephone", ["un seul numéro"], None),
    ("courriel", "  courriel: emploi@mairie-aubervilliers.fr", "  courriel: emploi(at)mairie-aubervilliers.fr",
     "structure.courriel", ["n'est pas une adresse de courriel", "nom@exemple.fr"],
     "Vouliez-vous dire « emploi@mairie-aubervilliers.fr » ?"),
    ("site-web", "  site_web: https://www.aubervilliers.fr", "  site_web: www.aubervilliers.fr",
     "structure.site_web", ["doit commencer par https://"], "Vouliez-vous dire « https://www.aubervilliers.fr » ?"),
    ("lien-mobilisation", "    lien_mobilisation: https://www.aubervilliers.fr/rdv",
     "    lien_mobilisation: prendre rendez-vous", "services[0].lien_mobilisation", ["doit commencer par https://"],
     None),
    ("horaires", "  horaires_accueil: Mo-Fr 09:00-12:30,13:30-17:30; PH off",
     "  horaires_accueil: du lundi au vendredi de 9h à 12h", "structure.horaires_accueil",
     ["ne sont pas écrits au format attendu", "Mo lundi", "PH off"], "Vouliez-vous dire « Mo-Fr 09:00-12:00 » ?"),
    ("zone-vide", '    zone_eligibilite: ["93001"]', "    zone_eligibilite: []", "services[0].zone_eligibilite",
     ["« zone_eligibilite » est vide", "93001"], None),
    ("zone-nom-de-commune", '    zone_eligibilite: ["93001"]', "    zone_eligibilite: [Aubervilliers]",
     "services[0].zone_eligibilite[0]", ["n'est pas un code de zone", "code INSEE", "SIREN", "« france »"], None),
    ("zone-france-majuscule", '    zone_eligibilite: ["93001"]', "    zone_eligibilite: [France]",
     "services[0].zone_eligibilite[0]", ["minuscules"], "Vouliez-vous dire « france » ?"),
    ("age-en-texte", "    x_age_min: 26", "    x_age_min: 26 ans", "services[0].x_age_min",
     ["nombre entier d'années", "sans « ans »"], None),
    ("age-trop-grand", "    x_age_max: 64", "    x_age_max: 130", "services[0].x_age_max",
     ["entre 0 et 120"], None),
    ("age-min-plus-grand-que-max", "    x_age_max: 64", "    x_age_max: 25", "services[0].x_age_max",
     ["L'âge maximum (25 ans) est plus petit que l'âge minimum (26 ans)"], None),
    ("statut-requis-inconnu", "    x_requiert: [inscription-france-travail]", "    x_requiert: [pole-emploi]",
     "services[0].x_requiert[0]", ["n'est pas un statut connu", "rsa, rqth"],
     "Vouliez-vous dire « inscription-france-travail » ?"),
    ("quartier-vide", "    x_quartiers: [La Villette]", '    x_quartiers: [La Villette, ""]',
     "services[0].x_quartiers[1]", ["est vide"], None),
    ("sans-rendez-vous-pas-booleen", "    x_sans_rendez_vous: true", "    x_sans_rendez_vous: oui",
     "services[0].x_sans_rendez_vous", ["Écrivez true", "false"], "Vouliez-vous dire « true » ?"),
    ("langue", "    x_langues: [en, ar]", "    x_langues: [en, arabe]", "services[0].x_langues[1]",
     ["n'est pas un code de langue", "ISO 639-1"], "Vouliez-vous dire « ar » ?"),
]


@pytest.mark.parametrize(
    "old, new, field, fragments, suggestion",
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_one_error_per_broken_line(check, cat_valid_yaml, old: str, new: str, field: str, fragments: List[str],
                                   suggestion: Optional[str]):
    text, line = edit(cat_valid_yaml, old, new)
    report = check(text)
    assert len(report.errors) == 1, [issue.format() for issue in report.errors]
    issue = report.errors[0]
    assert (issue.severity, issue.file, issue.field, issue.line) == (ERREUR, FILE, field, line)
    for fragment in fragments:
        assert fragment in issue.message
    if suggestion is None:
        assert issue.suggestion is None
    else:
        assert suggestion in issue.suggestion
    assert issue.format().startswith(f"{FILE}, ligne {line}, {field} : ")


def test_the_bad_value_is_kept_as_written(check, cat_valid_yaml):
    text, _ = edit(cat_valid_yaml, "  telephone: 01 48 39 52 00", "  telephone: +33 1 48 39 52")
    issue = the_issue(check(text).errors, "structure.telephone")
    assert issue.value == "+33 1 48 39 52"


# --------------------------------------------------------------------------- missing and repeated things


def test_missing_required_structure_field_points_at_the_structure(check, cat_valid_yaml):
    text, _ = edit(cat_valid_yaml, "  date_maj: 2025-05-02", "")
    issue = the_issue(check(text).errors, "structure.date_maj")
    assert issue.line == 2  # first line inside `structure:`
    assert "Il manque le champ « date_maj » de la structure" in issue.message
    assert "date_maj: 2025-06-01" in issue.message  # shows what to write, with today's date


@pytest.mark.parametrize("removed, field", [
    ("    description: Pour les 16-25 ans qui cherchent leur voie.", "services[1].description"),
    ("    thematiques: [choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite]", "services[1].thematiques"),
    ('    zone_eligibilite: ["93001", "93"]', "services[1].zone_eligibilite"),
    ("    nom: Permanence jeunes", "services[1].nom"),
])
def test_missing_required_service_field_points_at_the_service(check, cat_valid_yaml, removed: str, field: str):
    text, _ = edit(cat_valid_yaml, removed, "")
    issue = the_issue(check(text).errors, field)
    assert issue.line == line_of(text, "  - id: jeunes")
    assert f"Il manque le champ « {field.split('.')[-1]} » de ce service. Ajoutez" in issue.message


def test_two_services_with_the_same_id_in_a_file(check, cat_valid_yaml):
    text, line = edit(cat_valid_yaml, "  - id: jeunes", "  - id: accompagnement")
    issue = the_issue(check(text).errors, "services[1].id")
    assert issue.line == line
    assert "déjà utilisé par un autre service de ce fichier (ligne 18)" in issue.message


def test_two_structures_with_the_same_id_in_the_catalogue(cat_write, cat_valid_yaml, check):
    cat_write("aubervilliers/mission-emploi.yml", cat_valid_yaml)
    other = cat_valid_yaml.replace("emploi@mairie", "autre@mairie")
    report = check(other, name="montreuil/copie.yml")
    assert len(report.errors) == 1
    issue = report.errors[0]
    assert (issue.file, issue.field, issue.line) == ("montreuil/copie.yml", "structure.id", 2)
    assert "déjà utilisé par la structure du fichier aubervilliers/mission-emploi.yml" in issue.message


def test_a_service_nobody_can_reach_is_refused(check, cat_valid_yaml):
    text = cat_valid_yaml
    for line in ("  adresse: 12 rue de la Commune de Paris", "  telephone: 01 48 39 52 00",
                 "  courriel: emploi@mairie-aubervilliers.fr",
                 "    lien_mobilisation: https://www.aubervilliers.fr/rdv"):
        text, _ = edit(text, line, "")
    issue = the_issue(check(text).errors, "services[0]")
    assert issue.line == line_of(text, "  - id: accompagnement")
    for contact in ("telephone", "courriel", "adresse", "lien_mobilisation"):
        assert f"« {contact} »" in issue.message


def test_a_service_is_reachable_through_its_structure(check, cat_valid_yaml):
    text = cat_valid_yaml
    for line in ("  adresse: 12 rue de la Commune de Paris", "  courriel: emploi@mairie-aubervilliers.fr",
                 "    lien_mobilisation: https://www.aubervilliers.fr/rdv"):
        text, _ = edit(text, line, "")
    assert check(text).ok  # the structure's telephone is enough


# --------------------------------------------------------------------------- warnings


def test_warning_when_the_file_was_not_checked_for_a_year(check, cat_valid_yaml):
    text, line = edit(cat_valid_yaml, "  date_maj: 2025-05-02", "  date_maj: 2024-05-31")
    report = check(text)
    assert report.ok and report.errors == []
    issue = the_issue(report.warnings, "structure.date_maj")
    assert (issue.severity, issue.line) == (AVERTISSEMENT, line)
    assert "pas été vérifiées depuis plus de 12 mois" in issue.message
    assert "31 mai 2024" in issue.message


def test_no_freshness_warning_within_twelve_months(check, cat_valid_yaml):
    text, _ = edit(cat_valid_yaml, "  date_maj: 2025-05-02", "  date_maj: 2024-06-01")
    assert check(text).warnings == []


def test_warning_when_no_opening_hours_after_inheritance(check, cat_valid_yaml):
    text, _ = edit(cat_valid_yaml, "  horaires_accueil: Mo-Fr 09:00-12:30,13:30-17:30; PH off", "")
    text, _ = edit(text, "    x_langues: [en, ar]", "    x_langues: [en, ar]\n    horaires_accueil: Mo 09:00-12:00")
    report = check(text)
    assert report.ok
    issue = the_issue(report.warnings, "services[1].horaires_accueil")  # services[0] has its own hours
    assert issue.line == line_of(text, "  - id: jeunes")
    assert "horaires_accueil" in issue.message and "Mo-Fr" in issue.message


def test_warning_when_a_description_is_too_long(check, cat_valid_yaml):
    long_text = "Une phrase simple. " * 110  # 2090 characters
    text, line = edit(cat_valid_yaml, "    description: Pour les 16-25 ans qui cherchent leur voie.",
                      f"    description: {long_text}")
    report = check(text)
    assert report.ok
    issue = the_issue(report.warnings, "services[1].description")
    assert issue.line == line
    assert "plus de 2000" in issue.message and "Raccourcissez" in issue.message


# --------------------------------------------------------------------------- files that are not what we expect


def file_issue(check: Callable[..., ValidationReport], content, name: str = FILE) -> Issue:
    report = check(content, name=name)
    assert len(report.errors) == 1, [issue.format() for issue in report.errors]
    return report.errors[0]


def test_yaml_syntax_error_gives_the_parser_line_in_french(check, cat_valid_yaml):
    text, line = edit(cat_valid_yaml, "    nom: Permanence jeunes", "    nom: Permanence: jeunes")
    issue = file_issue(check, text)
    assert (issue.field, issue.line) == ("", line)
    assert "mal écrit" in issue.message and "entre guillemets" in issue.message


def test_tabulation_is_explained(check, cat_valid_yaml):
    text, line = edit(cat_valid_yaml, "    frais: gratuit", "\tfrais: gratuit")
    issue = file_issue(check, text)
    assert issue.line == line
    assert "tabulation" in issue.message


def test_unclosed_quote_points_where_it_opens(check, cat_valid_yaml):
    text, line = edit(cat_valid_yaml, "    telephone: +33 1 48 11 22 33", '    telephone: "+33 1 48 11 22 33')
    issue = file_issue(check, text)
    assert issue.line == line
    assert "guillemet" in issue.message


@pytest.mark.parametrize("content, fragment", [
    ("", "Le fichier est vide"),
    ("# rien pour l'instant\n", "Le fichier est vide"),
    ("- un\n- deux\n", "deux parties"),
    ("structure:\n  id: a\n---\nservices: []\n", "plusieurs documents"),
])
def test_files_that_hold_no_catalogue_entry(check, content: str, fragment: str):
    assert fragment in file_issue(check, content).message


def test_file_not_in_utf8(check, cat_valid_yaml):
    content = cat_valid_yaml.encode("utf-8").replace(b"Permanence jeunes", "Accueil éducatif".encode("latin-1"))
    issue = file_issue(check, content)
    assert issue.line == line_of(cat_valid_yaml, "    nom: Permanence jeunes")
    assert "UTF-8" in issue.message


def services_part(text: str, replacement: str) -> str:
    return text[:text.index("services:")] + replacement


@pytest.mark.parametrize("replacement, field, fragment", [
    ("", "services", "Il manque la liste « services: »"),
    ("services: []\n", "services", "La liste « services » est vide"),
    ("services:\n", "services", "La liste « services » est vide"),
    ("services:\n  id: seul\n", "services", "doit être une liste"),
    ("services:\n  - accompagnement\n", "services[0]", "Chaque service doit contenir des champs"),
])
def test_services_must_be_a_non_empty_list_of_services(check, cat_valid_yaml, replacement: str, field: str,
                                                       fragment: str):
    issue = file_issue(check, services_part(cat_valid_yaml, replacement))
    assert issue.field == field
    assert fragment in issue.message


def test_structure_missing(check, cat_valid_yaml):
    issue = file_issue(check, cat_valid_yaml[cat_valid_yaml.index("services:"):])
    assert issue.field == "structure" and "Il manque la partie « structure: »" in issue.message


def test_unknown_top_level_key(check, cat_valid_yaml):
    text = cat_valid_yaml.replace("services:", "service:")
    issues = check(text).errors
    unknown = the_issue(issues, "service")
    assert unknown.suggestion == "Vouliez-vous dire « services » ?"
    assert unknown.line == line_of(text, "service:")


def test_every_problem_of_every_file_at_once(cat_write, cat_valid_yaml, check):
    first, _ = edit(cat_valid_yaml, "    frais: gratuit", "    frais: gratuite")
    first, _ = edit(first, "  telephone: 01 48 39 52 00", "  telephone: 12")
    cat_write("a.yml", first)
    second = cat_valid_yaml.replace("id: mission-emploi", "id: autre")
    second, _ = edit(second, "    x_age_max: 64", "    x_age_max: beaucoup")
    report = check(second, name="sous-dossier/b.yaml")
    assert sorted((issue.file, issue.field) for issue in report.errors) == [
        ("a.yml", "services[0].frais"),
        ("a.yml", "structure.telephone"),
        ("sous-dossier/b.yaml", "services[0].x_age_max"),
    ]
    assert report.files_checked == 2 and report.services_count == 4


# --------------------------------------------------------------------------- with the commune reference


def test_unknown_zone_code_is_an_error_with_the_commune_reference(check, cat_valid_yaml):
    text, line = edit(cat_valid_yaml, '    zone_eligibilite: ["93001"]', '    zone_eligibilite: ["93001", "93999"]')
    assert check(text).ok  # without the reference, only the form of the code is checked
    issue = the_issue(check(text, communes=StubCommunes()).errors, "services[0].zone_eligibilite[1]")
    assert issue.line == line
    assert "« 93999 » ne correspond à aucune commune" in issue.message


def test_unknown_code_insee_says_postcode_and_insee_code_differ(check, cat_valid_yaml):
    class WithPostcodes(StubCommunes):
        def by_postal_code(self, code: str):
            from types import SimpleNamespace

            return [SimpleNamespace(nom="Aubervilliers", code_insee="93001")] if code == "93300" else []

    text, line = edit(cat_valid_yaml, '  code_insee: "93001"', '  code_insee: "93300"')
    issue = the_issue(check(text, communes=WithPostcodes()).errors, "structure.code_insee")
    assert issue.line == line
    assert "C'est un code postal. Le code INSEE de la commune Aubervilliers est 93001." in issue.message


def test_epci_and_departement_and_france_are_zones(check, cat_valid_yaml):
    text, _ = edit(cat_valid_yaml, '    zone_eligibilite: ["93001"]',
                   '    zone_eligibilite: [200054781, 93, france]')
    assert check(text, communes=StubCommunes()).ok


# --------------------------------------------------------------------------- messages and helpers


def test_issue_format_is_one_french_line():
    issue = Issue(ERREUR, "aubervilliers/mission-emploi.yml", 12, "services[0].thematiques[1]", "trouver-un-emplois",
                  "« trouver-un-emplois » n'est pas une thématique connue.",
                  "Vouliez-vous dire « trouver-un-emploi--repondre-a-des-offres-demploi » ?")
    assert issue.format() == (
        "aubervilliers/mission-emploi.yml, ligne 12, services[0].thematiques[1] : « trouver-un-emplois » n'est pas "
        "une thématique connue. Vouliez-vous dire « trouver-un-emploi--repondre-a-des-offres-demploi » ?"
    )
    assert Issue(ERREUR, "a.yml", None, "", None, "Le fichier est vide.").format() == "a.yml : Le fichier est vide."


def test_did_you_mean_ignores_case_and_accents_and_knows_labels():
    vocab = load_vocabularies()
    assert did_you_mean("Étudiants", vocab.publics) == "etudiants"
    assert did_you_mean("Personnes exilées", vocab.publics, vocab.labels["publics"]) == "personnes-exilees"
    assert did_you_mean("zzzz", vocab.publics) is None


@pytest.mark.parametrize("written, expected", [
    ("du lundi au vendredi de 9h à 12h et de 14h à 17h", "Mo-Fr 09:00-12:00,14:00-17:00"),
    ("Lundi-Vendredi 9h-12h30", "Mo-Fr 09:00-12:30"),
    ("lundi 9h-12h et mercredi 14h-17h", "Mo 09:00-12:00; We 14:00-17:00"),
    ("sur rendez-vous", None),
])
def test_opening_hours_suggestion_from_french(written: str, expected: Optional[str]):
    assert suggest_opening_hours(written) == expected


def test_vocabulary_labels():
    vocab = load_vocabularies()
    assert vocab.libelle("publics", "jeunes") == "Jeunes"
    assert vocab.libelle("public", "demandeurs-emploi") == "Demandeurs d’emploi"
    assert vocab.libelle("thematiques", "famille--garde-denfants") == "Garde d’enfants"
    assert vocab.libelle("types", "atelier") == "Atelier"
    assert "trouver-un-emploi--repondre-a-des-offres-demploi" in vocab.thematiques
    assert "trouver-un-emploi" in vocab.categories and "mission-locale" in vocab.reseaux_porteurs
    with pytest.raises(KeyError):
        vocab.libelle("couleurs", "rouge")


def test_dates_are_compared_to_the_given_day(cat_write, cat_valid_yaml, check):
    text, _ = edit(cat_valid_yaml, "  date_maj: 2025-05-02", "  date_maj: 2025-06-01")
    assert check(text).ok  # today itself is not the future
    directory = cat_write(FILE, text)
    _, report = load_catalogue(directory, today=date(2025, 5, 31))
    assert [issue.field for issue in report.errors] == ["structure.date_maj"]


# --------------------------------------------------------------------------- contacts that lead nowhere


@pytest.mark.parametrize("old, new, field, doubt", [
    ("  telephone: 01 48 39 52 00", "  telephone: 01 99 00 12 34", "structure.telephone",
     "réservé aux exemples et à la fiction"),
    ("  telephone: 01 48 39 52 00", "  telephone: 01 11 11 11 11", "structure.telephone",
     "ressemble à un numéro inventé"),
    ("  telephone: 01 48 39 52 00", "  telephone: 08 92 68 01 23", "structure.telephone", "surtaxé"),
    ("  courriel: emploi@mairie-aubervilliers.fr", "  courriel: emploi@example.org", "structure.courriel",
     "« example.org » est réservé aux exemples"),
    ("  site_web: https://www.aubervilliers.fr", "  site_web: https://mairie.example.com/emploi",
     "structure.site_web", "« mairie.example.com » est réservé aux exemples"),
    ("    lien_mobilisation: https://www.aubervilliers.fr/rdv", "    lien_mobilisation: https://rdv.test/auber",
     "services[0].lien_mobilisation", "« rdv.test » est réservé aux exemples"),
])
def test_warning_for_a_contact_that_leads_nowhere(check, cat_valid_yaml, old, new, field, doubt):
    text, line = edit(cat_valid_yaml, old, new)
    report = check(text)
    assert report.ok, "a doubtful contact is a warning: the catalogue stays usable"
    issue = the_issue(report.warnings, field)
    assert issue.line == line
    assert doubt in issue.message
    assert issue.message.endswith("Vérifiez ce contact auprès de la structure et écrivez le vrai.")


@pytest.mark.parametrize("old, new", [
    ("  telephone: 01 48 39 52 00", "  telephone: 39 49"),
    ("  courriel: emploi@mairie-aubervilliers.fr", "  courriel: contact@exemple.fr"),
    ("  site_web: https://www.aubervilliers.fr", "  site_web: https://www.test-emploi.fr"),
])
def test_real_looking_contacts_get_no_warning(check, cat_valid_yaml, old, new):
    text, _ = edit(cat_valid_yaml, old, new)
    assert check(text).warnings == []
