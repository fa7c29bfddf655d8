"""The staff page's HTML, filters, "try a situation" and password check, on the e2e catalogue."""
from __future__ import annotations

import base64
import html
import re
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set
from zoneinfo import ZoneInfo

import pytest

from bot.catalogue.cards import render_card, render_details
from bot.catalogue.communes import CommuneRef
from bot.catalogue.loader import load_catalogue
from bot.catalogue.matching import Matcher
from bot.catalogue.models import Catalogue, Situation
from bot.staff import pages
from bot.staff.auth import Access, check_access
from bot.staff.catalogue_view import CatalogueHeader, filter_services, header_from_status
from bot.staff.queries import parse_list_filters, parse_trial
from bot.staff.trial import TrialOutcome, run_trial
from tests.support.e2e_catalogue import (
    ALL, ATELIER_FT, COURTILLIERES, CRECHE, FRANCAIS, MOBILITE, NATIONAL, RQTH, RSA,
    AUBER as EMPLOI_AUBER, ML_BONDY as JEUNES, PANTIN as EMPLOI_PANTIN,
)

E2E_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "catalogue_e2e"
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))  # a Tuesday morning
AGE_MIN, AGE_MAX = 14, 99
PAGE_SIZE = 3
SERVING_BONDY = {JEUNES, RSA, RQTH, CRECHE, MOBILITE, FRANCAIS, NATIONAL}


@pytest.fixture(scope="module")
def communes() -> CommuneRef:
    return CommuneRef.load_default()


@pytest.fixture(scope="module")
def catalogue(communes: CommuneRef) -> Catalogue:
    loaded, report = load_catalogue(E2E_CATALOGUE, communes)
    assert loaded is not None, report
    return loaded


@pytest.fixture(scope="module")
def matcher(catalogue: Catalogue, communes: CommuneRef) -> Matcher:
    return Matcher(catalogue, communes)


@pytest.fixture(scope="module")
def header(catalogue: Catalogue) -> CatalogueHeader:
    return header_from_status({
        "directory": "services_catalogue", "version": catalogue.version, "services": len(catalogue.services),
        "loaded_at": "2026-12-01T09:15:00+00:00", "last_refused": None,
    })


def linked_ids(page: str) -> Set[str]:
    return set(re.findall(r'href="/personnel/service/([^"]+)"', page))


def cards(page: str) -> List[str]:
    """The texts of the cards, as residents read them."""
    return [html.unescape(c) for c in re.findall(r'<pre class="carte">(.*?)</pre>', page, flags=re.S)]


def text_of(page: str) -> str:
    """The page's text as read: inline tags vanish, block tags separate."""
    inline_gone = re.sub(r"</?(?:strong|a|small|em)\b[^>]*>", "", page)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inline_gone)))


# ----------------------------------------------------------------------------- password check


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize("configured", [None, ""])
def test_without_a_configured_password_the_page_is_closed_to_everyone(configured: Optional[str]) -> None:
    assert check_access(basic("x", ""), configured) is Access.DISABLED
    assert check_access(None, configured) is Access.DISABLED


@pytest.mark.parametrize("header_value", [
    None, "", "Basic", "Bearer secret-personnel", basic("agent", "mauvais"), basic("agent", "secret-personne"),
    "Basic !!!pas-du-base64", "Basic " + base64.b64encode(b"sans-deux-points").decode(),
])
def test_missing_or_wrong_credentials_are_denied(header_value: Optional[str]) -> None:
    assert check_access(header_value, "secret-personnel") is Access.DENIED


@pytest.mark.parametrize("user", ["agent", "", "n'importe qui"])
def test_right_password_with_any_user_name_is_granted(user: str) -> None:
    assert check_access(basic(user, "secret-personnel"), "secret-personnel") is Access.GRANTED


def test_password_with_colons_and_accents_is_granted() -> None:
    password = "été:hiver:2026"
    assert check_access(basic("agent", password), password) is Access.GRANTED
    assert check_access(basic("agent", "été"), password) is Access.DENIED


# ------------------------------------------------------------------------------ catalogue list


def listed(catalogue: Catalogue, communes: CommuneRef, **query: str) -> Set[str]:
    filters = parse_list_filters({k: [v] for k, v in query.items()}, communes)
    assert not filters.errors
    return {s.id for s in filter_services(catalogue, filters, communes)}


@pytest.mark.parametrize("query, expected", [
    ({}, ALL),
    ({"commune": "Bondy"}, SERVING_BONDY),
    ({"commune": "93010"}, SERVING_BONDY),  # INSEE code
    ({"commune": "93140"}, SERVING_BONDY),  # postal code
    ({"commune": "pantin"}, {COURTILLIERES, EMPLOI_PANTIN, RSA, RQTH, CRECHE, MOBILITE, FRANCAIS, NATIONAL}),
    ({"commune": "Lyon"}, {NATIONAL}),
    ({"thematique": "famille--garde-denfants"}, {CRECHE}),
    ({"thematique": "mobilite"}, {MOBILITE}),  # a whole category
    ({"thematique": "se-former"}, {NATIONAL}),
    ({"public": "demandeurs-emploi"}, {EMPLOI_PANTIN, EMPLOI_AUBER, ATELIER_FT}),
    ({"public": "tous-publics"}, {MOBILITE, NATIONAL}),
    ({"commune": "Aubervilliers", "public": "demandeurs-emploi"}, {EMPLOI_AUBER, ATELIER_FT}),
    ({"commune": "Bondy", "thematique": "trouver-un-emploi", "public": "jeunes"}, {JEUNES}),
])
def test_filters_give_the_services_of_the_e2e_catalogue(catalogue: Catalogue, communes: CommuneRef,
                                                         query: Dict[str, str], expected: Set[str]) -> None:
    assert listed(catalogue, communes, **query) == expected


def test_list_page_links_each_filtered_service_with_its_file_and_date(
        catalogue: Catalogue, communes: CommuneRef, header: CatalogueHeader) -> None:
    page = pages.list_page(header, catalogue, parse_list_filters({"commune": ["Bondy"]}, communes), communes)
    assert linked_ids(page) == SERVING_BONDY
    text = text_of(page)
    assert "7 services affichés sur 11" in text
    assert "ouverts aux habitants de Bondy (93010)" in text
    assert "bondy/test-e2e-mission-locale-bondy.yml" in text
    assert "02/11/2026" in text
    assert "réservé aux 16-25 ans" in text
    assert f"version {catalogue.version}, 11 services, chargé le 01/12/2026 à 10:15 (heure de Paris)" in text


@pytest.mark.parametrize("query, message", [
    ({"commune": ["Zzyxwq"]}, "Commune inconnue : « Zzyxwq »"),
    ({"thematique": ["pas-un-theme"]}, "Thématique inconnue : « pas-un-theme »"),
    ({"public": ["martiens"]}, "Public inconnu : « martiens »"),
])
def test_bad_filter_is_explained_in_french_and_lists_nothing(
        catalogue: Catalogue, communes: CommuneRef, header: CatalogueHeader,
        query: Dict[str, List[str]], message: str) -> None:
    page = pages.list_page(header, catalogue, parse_list_filters(query, communes), communes)
    assert message in text_of(page)
    assert linked_ids(page) == set()


def test_refused_change_and_catalogue_text_are_shown_escaped(catalogue: Catalogue, communes: CommuneRef) -> None:
    refused = header_from_status({
        "directory": "services_catalogue", "version": catalogue.version, "services": 11,
        "loaded_at": "2026-12-01T09:15:00+00:00",
        "last_refused": {"at": "2026-12-01T09:20:00+00:00",
                         "errors": ["bondy/x.yml, ligne 3 : <script>alert(1)</script> n'est pas une date"]},
    })
    page = pages.list_page(refused, catalogue, parse_list_filters({}, communes), communes)
    assert "<script>" not in page
    text = text_of(page)
    assert "La dernière modification du catalogue a été refusée (le 01/12/2026 à 10:20 (heure de Paris))" in text
    assert f"le bot continue de servir la version {catalogue.version}" in text
    assert "bondy/x.yml, ligne 3 : <script>alert(1)</script> n'est pas une date" in text


def test_without_a_valid_catalogue_the_page_says_so(communes: CommuneRef) -> None:
    none = header_from_status({"directory": "services_catalogue", "version": None, "services": 0,
                               "loaded_at": None,
                               "last_refused": {"at": "2026-12-01T09:20:00+00:00", "errors": ["a.yml : erreur"]}})
    text = text_of(pages.list_page(none, None, parse_list_filters({}, communes), communes))
    assert "Aucun catalogue valide n'est servi" in text
    assert "a.yml : erreur" in text


# ------------------------------------------------------------------------------- service card


def test_service_page_shows_the_card_and_details_exactly_as_residents_read_them(
        catalogue: Catalogue, communes: CommuneRef, header: CatalogueHeader, matcher: Matcher) -> None:
    service = catalogue.service(EMPLOI_AUBER)
    page = pages.service_page(header, service, communes, NOW)
    short, details = cards(page)
    assert details == render_details(service, Situation(), NOW)
    assert "📍 50 avenue de la République, 93300 Aubervilliers" in details
    assert "☎️ 01 99 00 90 62" in short
    assert short.startswith("Test E2E Agence Emploi Aubervilliers — Test E2E Accompagnement emploi réservé")
    text = text_of(page)
    assert "aubervilliers/test-e2e-agence-emploi-aubervilliers.yml" in text
    assert "Mis à jour le 02/11/2026" in text


# ---------------------------------------------------------------------------- try a situation


def trial(matcher: Matcher, communes: CommuneRef, **fields: object) -> TrialOutcome:
    args = {k: list(v) if isinstance(v, (list, tuple)) else [str(v)] for k, v in fields.items()}
    args.setdefault("besoin", ["emploi"])
    parsed = parse_trial(args, communes, AGE_MIN, AGE_MAX)
    assert not parsed.errors
    return run_trial(parsed, matcher, communes, NOW, PAGE_SIZE)


NON = {"inscrit_france_travail": "non", "beneficiaire_rsa": "non", "rqth": "non"}


def ids(items: Sequence) -> List[str]:
    return [i.service.id for i in items]


def reasons(outcome: TrialOutcome) -> Dict[str, str]:
    left_out = (*outcome.excluded, *outcome.out_of_zone, *outcome.unrelated, *outcome.not_picked)
    return {i.service.id: " ; ".join(i.raisons) for i in left_out}


def test_young_resident_of_bondy(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, age=20, commune="Bondy", **NON)
    assert ids(outcome.proposals) == [JEUNES, NATIONAL]
    why = reasons(outcome)
    assert why[RSA] == "réservé aux bénéficiaires du RSA"
    assert why[RQTH] == "réservé aux personnes avec une RQTH (travailleur handicapé)"
    assert why[EMPLOI_PANTIN] == "hors zone : réservé à Pantin (93055), pas à Bondy"
    assert why[CRECHE] == "ne correspond ni au besoin ni aux freins choisis"
    assert set(ids(outcome.proposals)) | set(why) == ALL  # every service is accounted for


def test_age_outside_the_range_is_the_reason(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, age=26, commune="Bondy", **NON)
    assert ids(outcome.proposals) == [NATIONAL]
    assert reasons(outcome)[JEUNES] == "réservé aux 16-25 ans"


def test_unknown_status_keeps_the_service_out_and_is_said(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, age=40, commune="Bondy")  # statuses: "je ne sais pas"
    assert ids(outcome.proposals) == [NATIONAL]
    assert reasons(outcome)[RSA] == "réservé aux bénéficiaires du RSA (RSA inconnu)"
    assert any("demanderait d'abord le RSA et la RQTH" in note for note in outcome.notes)


def test_quartier_typed_loosely_is_recognised(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, age=35, commune="Pantin", quartier="courtillieres", **NON)
    assert ids(outcome.proposals) == [COURTILLIERES, EMPLOI_PANTIN, NATIONAL]
    assert "Quartier : Les Courtillières (reconnu dans le catalogue)" in outcome.understood


def test_other_quartier_excludes_the_neighbourhood_service(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, age=35, commune="Pantin", quartier="Quatre-Chemins", **NON)
    assert ids(outcome.proposals) == [EMPLOI_PANTIN, NATIONAL]
    assert reasons(outcome)[COURTILLIERES] == "réservé au quartier Les Courtillières"


def test_one_address_per_obstacle_with_the_cards_residents_read(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, age=35, commune="Aubervilliers",
                    freins=["garde_enfants", "mobilite", "francais"], **NON)
    assert ids(outcome.proposals) == [EMPLOI_AUBER, NATIONAL, CRECHE, MOBILITE, FRANCAIS]
    assert [p.motif for p in outcome.proposals[2:]] == [
        "pour le frein « Garde des enfants »", "pour le frein « Transport, permis »",
        "pour le frein « Parler ou écrire le français »"]
    expected = matcher.match(outcome.situation, limit_besoin=PAGE_SIZE)
    assert [p.card for p in outcome.proposals] == [render_card(p, outcome.situation, NOW)
                                                   for p in expected.proposals]
    assert reasons(outcome)[ATELIER_FT] == "réservé aux personnes inscrites à France Travail"


def test_commune_outside_the_zones_gets_the_national_service_only(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, age=35, commune="Lyon", **NON)
    assert ids(outcome.proposals) == [NATIONAL]
    assert set(ids(outcome.out_of_zone)) == ALL - {NATIONAL}
    assert any("Aucun service local ne couvre Lyon" in note for note in outcome.notes)


def test_need_without_any_service_falls_back_and_says_so(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, age=40, commune="Bondy", besoin="creation_entreprise", **NON)
    assert outcome.proposals, "the generalist fallback"
    assert all(p.motif.startswith("accueil généraliste") for p in outcome.proposals)
    assert any("accueils généralistes" in note for note in outcome.notes)


def test_trial_page_shows_proposals_cards_and_reasons(
        matcher: Matcher, communes: CommuneRef, header: CatalogueHeader) -> None:
    args = {"age": ["20"], "commune": ["Bondy"], "besoin": ["emploi"], **{k: [v] for k, v in NON.items()}}
    page = pages.trial_page(header, parse_trial(args, communes, AGE_MIN, AGE_MAX), matcher, communes, NOW, PAGE_SIZE)
    proposed_part, rest = page.split('id="ecartes"')
    assert [c.splitlines()[0] for c in cards(proposed_part)] == [
        "Test E2E Mission Locale Bondy — Test E2E Accompagnement emploi des 16-25 ans",
        "Test E2E Plateforme Nationale Emploi — Test E2E Offres d'emploi et de formation en ligne",
    ]
    text = text_of(rest)
    assert "Test E2E Accompagnement emploi réservé au RSA : réservé aux bénéficiaires du RSA" in text
    # The form keeps what was typed.
    assert 'name="age" value="20"' in page
    assert re.search(r'name="rqth" value="non" checked', page)


@pytest.mark.parametrize("fields, message", [
    ({"age": "abc"}, "L'âge « abc » n'est pas un nombre."),
    ({"age": "7"}, "L'âge doit être compris entre 14 et 99 ans"),
    ({"age": "-3"}, "L'âge « -3 » n'est pas un nombre."),
    ({"commune": "Zzyxwq"}, "Commune inconnue : « Zzyxwq »"),
    ({"besoin": "dormir"}, "Besoin inconnu : « dormir »"),
    ({"freins": "fatigue"}, "Frein inconnu : « fatigue »."),
    ({"rqth": "peut-etre"}, "Réponse inconnue « peut-etre »"),
])
def test_bad_input_is_explained_in_french_and_nothing_is_tried(
        matcher: Matcher, communes: CommuneRef, header: CatalogueHeader,
        fields: Dict[str, str], message: str) -> None:
    args = {"age": ["30"], "commune": ["Bondy"], "besoin": ["emploi"]}
    args.update({k: [v] for k, v in fields.items()})
    parsed = parse_trial(args, communes, AGE_MIN, AGE_MAX)
    assert any(message in e for e in parsed.errors)
    page = pages.trial_page(header, parsed, matcher, communes, NOW, PAGE_SIZE)
    assert message in text_of(page)
    assert "Proposés par le bot" not in page


def test_empty_age_and_commune_mean_unknown(matcher: Matcher, communes: CommuneRef) -> None:
    outcome = trial(matcher, communes, **NON)
    assert outcome.situation.age is None and outcome.situation.code_insee is None
    assert ids(outcome.proposals) == [NATIONAL]
    assert "Âge : inconnu" in outcome.understood and "Commune : inconnue" in outcome.understood


def test_form_alone_before_any_submission(matcher: Matcher, communes: CommuneRef, header: CatalogueHeader) -> None:
    page = pages.trial_page(header, parse_trial({}, communes, AGE_MIN, AGE_MAX), matcher, communes, NOW, PAGE_SIZE)
    assert '<form class="essai"' in page
    assert "Proposés par le bot" not in page and "n'a pas pu être essayée" not in page
