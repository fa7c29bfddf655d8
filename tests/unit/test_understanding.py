"""Situation facts extracted from messages written the way residents write them."""
from __future__ import annotations

from datetime import date

import pytest

from bot.catalogue.communes import CommuneRef
from bot.understanding import Entity, extract_entities
from bot.understanding.text import normalize

TODAY = date(2025, 6, 15)


@pytest.fixture(scope="module")
def ref() -> CommuneRef:
    return CommuneRef.load_default()


def extract(ref: CommuneRef, text: str) -> list[Entity]:
    return extract_entities(text, ref, today=TODAY)


def facts(ref: CommuneRef, text: str) -> dict[str, list[str]]:
    """entity type → values, in message order."""
    found: dict[str, list[str]] = {}
    for entity in extract(ref, text):
        found.setdefault(entity.entity, []).append(entity.value)
    return found


# --- the whole message ---------------------------------------------------------------------------


def test_the_example_of_the_brief(ref: CommuneRef) -> None:
    text = "bjr jai 19 ans jhabite a auber jcherche du taf mais jai pas le permis"
    assert facts(ref, text) == {
        "age": ["19"],
        "commune": ["Aubervilliers"],
        "code_insee": ["93001"],
        "besoin": ["emploi"],
        "frein": ["mobilite"],
    }
    by_type = {e.entity: e for e in extract(ref, text)}
    assert text[by_type["age"].start:by_type["age"].end] == "19 ans"
    assert text[by_type["commune"].start:by_type["commune"].end] == "auber"
    code, commune = by_type["code_insee"], by_type["commune"]
    assert (code.start, code.end) == (commune.start, commune.end)
    assert text[by_type["frein"].start:by_type["frein"].end] == "pas le permis"


def test_offsets_point_into_the_original_text_even_after_number_words(ref: CommuneRef) -> None:
    text = "Bonjour ! J'ai dix-neuf ans, j'habite à Épinay-sur-Seine."
    entities = {e.entity: e for e in extract(ref, text)}
    assert text[entities["age"].start:entities["age"].end] == "dix-neuf ans"
    assert entities["age"].value == "19"
    assert text[entities["commune"].start:entities["commune"].end] == "Épinay-sur-Seine"
    assert entities["commune"].value == "Épinay-sur-Seine"


def test_empty_and_emoji_messages(ref: CommuneRef) -> None:
    assert extract(ref, "") == []
    assert extract(ref, "  👍 ") == []


def test_normalisation_of_sms_writing() -> None:
    assert normalize("jcherche du taf, jhabite a st denis").text == "je cherche du taf , je habite a st denis"
    assert normalize("chui pas inscrit, g 20a").text == "je suis pas inscrit , je ai 20 a"
    assert normalize("c loin").text == "c est loin"
    assert normalize("J'ai vingt-et-un ans").text == "je ai 21 ans"


# --- age and bare numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("text, age", [
    ("19 ans", "19"),
    ("j'ai 19 ans", "19"),
    ("jai 19", "19"),
    ("jai 19a", "19"),
    ("g 19 ans", "19"),
    ("J'ai dix-neuf ans", "19"),
    ("vingt-deux ans", "22"),
    ("j'ai vingt et un an", "21"),
    ("jai dixneuf ans", "19"),
    ("Bonjour, 25 ans, je cherche du travail", "25"),
    ("je m'appelle Sarah, 23 ans", "23"),
    ("je suis une femme de 45 ans", "45"),
    ("j'ai 45 ans, mes enfants ont 10 et 12 ans", "45"),
    ("j'ai 30 ans et un fils de 5 ans", "30"),
    ("née le 03/04/2001", "24"),   # birthday passed this year
    ("né le 20/12/2001", "23"),    # birthday still to come
    ("je suis né le 3 avril 2001", "24"),
    ("je suis né en 2004", "20"),  # birth year only: the youngest age possible
    ("je suis de 2003", "21"),
    ("2004", "20"),
    ("j'ai bientôt 18 ans", "17"),
])
def test_age(ref: CommuneRef, text: str, age: str) -> None:
    assert facts(ref, text).get("age") == [age]


@pytest.mark.parametrize("text", [
    "mon fils a 5 ans",
    "mon fils a 16 ans",
    "ma fille, 17 ans, cherche une formation",
    "j'ai 2 enfants de 3 et 5 ans",
    "mes enfants ont 15 et 17 ans",
    "je cherche depuis 3 ans",
    "il y a 2 ans j'ai perdu mon travail",
    "j'ai travaillé pendant 10 ans dans le ménage",
    "j'ai travaillé 20 ans dans le ménage",
    "ça fait 2 ans que je cherche",
    "j'ai 20 ans d'expérience dans la vente",
    "elle a 19 ans",
    "j'ai 3 enfants",
    "j'ai 500 euros par mois",
    "j'habite à 20 minutes de Bobigny",
])
def test_no_age_that_is_not_the_residents(ref: CommuneRef, text: str) -> None:
    assert "age" not in facts(ref, text)


@pytest.mark.parametrize("text, number", [
    ("19", "19"), ("vingt deux", "22"), ("22 !", "22"), ("euh 30", "30"), ("Dix-huit", "18"),
])
def test_a_message_that_is_just_a_number(ref: CommuneRef, text: str, number: str) -> None:
    assert facts(ref, text) == {"nombre": [number]}


# --- communes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, code", [
    ("j'habite à Montreuil", "93048"),
    ("jhabite a bagnollet", "93006"),
    ("je vis a montreuille", "93048"),
    ("j'habite epinay sur seine", "93031"),
    ("ROMAINVILLE", "93063"),
    ("auber", "93001"),
    ("Montreuil", "93048"),
    ("93100", "93048"),
    ("st denis", "93066"),
    ("je cherche un emploi sur saint denis", "93066"),
    ("j'habite au blanc mesnil", "93007"),
    ("j'habite aux Lilas", "93045"),
    ("je suis de l'ile st denis", "93039"),
    ("moi 25 ans montreuil", "93048"),
    ("je vis vers Noisy le sec", "93053"),
    ("jsuis sur Pantin", "93055"),
    ("St Ouen", "93070"),
    ("j'habite rue de Paris à Montreuil", "93048"),
    ("je viens de Rennes mais j'habite à Drancy", "93029"),
    ("bonjour je vis à paris 20e", "75056"),
    ("75020", "75056"),
    ("j'habite à Orange", "84087"),
    ("j'habite à Lyon", "69123"),
])
def test_commune_recognised(ref: CommuneRef, text: str, code: str) -> None:
    found = facts(ref, text)
    assert found.get("code_insee") == [code], found
    assert len(found["commune"]) == 1


@pytest.mark.parametrize("text, code", [
    ("j'habite à bobigni", "93008"),
    ("Noisy", "93051"),
])
def test_doubtful_commune_is_to_be_confirmed(ref: CommuneRef, text: str, code: str) -> None:
    found = facts(ref, text)
    assert found.get("code_insee_incertain") == [code]
    assert "commune" not in found and "code_insee" not in found


@pytest.mark.parametrize("text", [
    "je cherche du travail",
    "je cherche a travailler",
    "je cherche un job",
    "je suis a la recherche d'un emploi",
    "je veux travailler à temps plein",
    "j'ai travaillé chez Orange pendant 3 ans",
    "j'ai une vue sur la mer",
    "j'ai besoin de garde pour mon fils",
    "je vis dans un pavillon",
    "j'ai pas de bagnole",
    "je suis à la rue",
    "je suis a bout",
    "je cherche un travail de nuit",
    "merci",
    "oui",
    "rien",
    "y a du monde",
    "c'est un bar",
    "je veux un travail a côté de chez moi",
    "j'habite dans le 93",
])
def test_no_commune_in_ordinary_sentences(ref: CommuneRef, text: str) -> None:
    found = facts(ref, text)
    assert not {"commune", "code_insee", "commune_incertaine", "code_insee_incertain"} & found.keys(), found


# --- need ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, besoin", [
    ("jcherche du taf", "emploi"),
    ("je veux un boulot", "emploi"),
    ("je cherche du travail", "emploi"),
    ("un job", "emploi"),
    ("je recherche un emploi", "emploi"),
    ("je cherche une fomation", "formation"),
    ("une formation", "formation"),
    ("je cherche une alternance", "formation"),
    ("apprendre un métier", "formation"),
    ("me former en informatique", "formation"),
    ("je veux créer ma boite", "creation_entreprise"),
    ("monter mon entreprise", "creation_entreprise"),
    ("devenir auto-entrepreneur", "creation_entreprise"),
    ("je sais pas quel métier faire", "orientation_metier"),
    ("je veux me réorienter", "orientation_metier"),
    ("trouver ma voie", "orientation_metier"),
])
def test_need(ref: CommuneRef, text: str, besoin: str) -> None:
    assert facts(ref, text).get("besoin") == [besoin]


@pytest.mark.parametrize("text", [
    "je suis inscrit à pôle emploi",
    "je suis inscrite a france travail",
    "mon emploi du temps est chargé",
    "j'ai eu un accident du travail",
    "c'est quoi le rsa ?",
])
def test_institutions_and_idioms_are_not_needs(ref: CommuneRef, text: str) -> None:
    assert "besoin" not in facts(ref, text)


def test_several_needs_come_in_message_order(ref: CommuneRef) -> None:
    assert facts(ref, "une formation ou sinon un travail")["besoin"] == ["formation", "emploi"]


# --- obstacles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, frein", [
    ("pas de permis", "mobilite"),
    ("jai pa de voiture", "mobilite"),
    ("c loin", "mobilite"),
    ("pas le pass navigo", "mobilite"),
    ("mes enfants", "garde_enfants"),
    ("pas de nounou", "garde_enfants"),
    ("personne pour garder mon fils", "garde_enfants"),
    ("pas de place en crèche", "garde_enfants"),
    ("je parle pas bien français", "francais"),
    ("j'écris mal le français", "francais"),
    ("je sais pas utiliser un ordi", "numerique"),
    ("pas d'internet", "numerique"),
    ("je suis malade", "sante"),
    ("j'ai mal au dos", "sante"),
    ("j'ai un handicap", "sante"),
    ("pas de logement", "logement"),
    ("hébergée chez ma soeur", "logement"),
    ("je suis à la rue", "logement"),
    ("on m'a expulsé", "logement"),
    ("pas confiance en moi", "confiance"),
    ("je stresse", "confiance"),
    ("j'ose pas", "confiance"),
    ("je suis découragé", "confiance"),
    ("problème de papiers", "administratif"),
    ("mon titre de séjour a expiré", "administratif"),
    ("les démarches", "administratif"),
    ("pas d'argent", "finances"),
    ("j'ai des dettes", "finances"),
    ("dur les fins de mois", "finances"),
])
def test_obstacle(ref: CommuneRef, text: str, frein: str) -> None:
    assert facts(ref, text).get("frein") == [frein]


def test_one_entity_per_obstacle(ref: CommuneRef) -> None:
    text = "g pas le permis, pas de nounou pour mes enfants et je parle pas bien francais"
    assert facts(ref, text)["frein"] == ["mobilite", "garde_enfants", "francais"]


@pytest.mark.parametrize("text", ["rien", "aucun", "pas de problème", "non aucun frein", "Non, rien de particulier",
                                  "Rien de tout ça", "aucun de ces problèmes"])
def test_no_obstacle(ref: CommuneRef, text: str) -> None:
    assert facts(ref, text).get("frein") == ["aucun"]


@pytest.mark.parametrize("text", [
    "j'ai pas de problème de santé",
    "je suis pas malade",
    "j'ai le permis et une voiture",
    "c'est pas loin de chez moi",
    "j'ai tous mes papiers",
    "je suis français",
    "je cherche du travail",
    "je comprends rien à ce site",
])
def test_no_obstacle_when_there_is_none(ref: CommuneRef, text: str) -> None:
    assert "frein" not in facts(ref, text)


# --- statuses ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, entity, value", [
    ("je suis inscrit à pôle emploi", "inscrit_france_travail", "true"),
    ("inscrite a france travail depuis mars", "inscrit_france_travail", "true"),
    ("jsuis inscrit au FT", "inscrit_france_travail", "true"),
    ("je suis pas inscrit", "inscrit_france_travail", "false"),
    ("pas inscrite à pole emploi", "inscrit_france_travail", "false"),
    ("jsui au rsa", "beneficiaire_rsa", "true"),
    ("je touche le RSA", "beneficiaire_rsa", "true"),
    ("pas de rsa", "beneficiaire_rsa", "false"),
    ("je touche pas le rsa", "beneficiaire_rsa", "false"),
    ("j'ai la RQTH", "rqth", "true"),
    ("reconnu travailleur handicapé", "rqth", "true"),
    ("pas de rqth", "rqth", "false"),
])
def test_statuses(ref: CommuneRef, text: str, entity: str, value: str) -> None:
    assert facts(ref, text).get(entity) == [value]


@pytest.mark.parametrize("text", ["c'est quoi le rsa ?", "comment avoir la RQTH", "information sur le rsa"])
def test_questions_state_no_status(ref: CommuneRef, text: str) -> None:
    found = facts(ref, text)
    assert "beneficiaire_rsa" not in found and "rqth" not in found


def test_a_full_situation_in_one_message(ref: CommuneRef) -> None:
    text = ("Bonjour, j'ai vingt-six ans, j'habite à Bondy, je suis au RSA et inscrite à France Travail. "
            "Je voudrais une formation mais j'ai pas de solution de garde pour mes enfants.")
    assert facts(ref, text) == {
        "age": ["26"],
        "commune": ["Bondy"],
        "code_insee": ["93010"],
        "beneficiaire_rsa": ["true"],
        "inscrit_france_travail": ["true"],
        "besoin": ["formation"],
        "frein": ["garde_enfants"],
    }
