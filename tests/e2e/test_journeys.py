"""Complete journeys through the running Rasa and action servers (REST channel), on the e2e
catalogue (tests/data/catalogue_e2e, see its LISEZMOI.md): which services are proposed, which never."""
from __future__ import annotations

from typing import Dict, List

from tests.wording import said

from .conftest import Conversation

from tests.support.e2e_catalogue import (
    ATELIER_FT, AUBER, COURTILLIERES, CRECHE, FRANCAIS, MOBILITE, ML_BONDY, NATIONAL, PANTIN, RQTH, RSA,
)
CARDS_END = "Vous voulez en savoir plus sur une adresse ?"
# "No" to every status question: the combined one (statuts) or one status alone.
NONE = {"statuts": "aucune", "beneficiaire_rsa": "non", "rqth": "non", "inscrit_france_travail": "non"}


def answer_until_cards(resident: Conversation, answers: Dict[str, str], limit: int = 12) -> List[str]:
    """Answers each question the bot asks from `answers` (by slot) until the contact cards come.
    Returns the slots the bot asked for, in order."""
    asked: List[str] = []
    for _ in range(limit):
        if CARDS_END in resident.text:
            return asked
        requested = resident.slots.get("requested_slot")
        assert requested, f"the bot stopped asking without answering:\n{resident.text}"
        assert requested in answers, f"unexpected question {requested}:\n{resident.text}"
        asked.append(requested)
        resident.say(answers[requested])
    raise AssertionError(f"no contact cards after {limit} answers; asked {asked}")


def proposed(resident: Conversation) -> List[str]:
    return resident.slots["services_affiches"]


def test_everything_in_one_sms_style_message(resident: Conversation) -> None:
    resident.say("bjr jai 19 ans jhabite a bondy jcherche du taf mais jai pas le permis")
    assert "robot" in resident.text  # the greeting says it is not a human
    slots = resident.slots
    assert (slots["age"], slots["commune"], slots["code_insee"]) == (19, "Bondy", "93010")
    assert slots["besoin"] == "emploi" and slots["freins"] == ["mobilite"]
    asked = answer_until_cards(resident, NONE)
    assert not {"age", "commune", "besoin", "freins"} & set(asked)
    shown = proposed(resident)
    assert ML_BONDY in shown and MOBILITE in shown and NATIONAL in shown
    assert not {RSA, RQTH, PANTIN, AUBER, COURTILLIERES} & set(shown)
    assert "Test E2E Mission Locale Bondy" in resident.text  # the card itself, not only the slot


def test_rsa_recipient_in_bondy_gets_the_rsa_service(resident: Conversation) -> None:
    resident.say("bonjour")
    resident.say("40")
    resident.say("bondy")
    resident.press("Un emploi")
    resident.press("Rien de tout ça")
    asked = answer_until_cards(resident, {**NONE, "statuts": "je touche le rsa"})
    assert asked == ["statuts"]  # RSA and RQTH in one question
    assert resident.slots["beneficiaire_rsa"] is True and resident.slots["rqth"] is False
    shown = proposed(resident)
    assert RSA in shown and NATIONAL in shown
    assert ML_BONDY not in shown and RQTH not in shown  # 40 years old, no RQTH


def test_age_in_words_and_rqth(resident: Conversation) -> None:
    resident.say("salut")
    resident.say("j'ai quarante-deux ans")
    assert resident.slots["age"] == 42
    resident.say("j'habite à Bondy")
    resident.say("je cherche un emploi")
    resident.say("aucun")
    answer_until_cards(resident, {**NONE, "statuts": "RQTH"})
    shown = proposed(resident)
    assert RQTH in shown and RSA not in shown and ML_BONDY not in shown


def test_neighbourhood_reserved_service_in_pantin(resident: Conversation) -> None:
    resident.say("bonjour j'ai 35 ans j'habite à Pantin")
    resident.press("Un emploi")
    resident.press("Rien de tout ça")
    asked = answer_until_cards(resident, {**NONE, "quartier": '/informer{"quartier": "Les Courtillières"}'})
    assert "quartier" in asked
    shown = proposed(resident)
    assert COURTILLIERES in shown and PANTIN in shown
    assert AUBER not in shown and ML_BONDY not in shown


def test_other_neighbourhood_typed_freely_in_pantin(resident: Conversation) -> None:
    resident.say("bonjour")
    resident.say("35")
    resident.say("pantin")
    resident.say("du travail")
    resident.say("non rien")
    answer_until_cards(resident, {**NONE, "quartier": "quatre chemins"})
    shown = proposed(resident)
    assert PANTIN in shown and COURTILLIERES not in shown


def test_aubervilliers_nickname_and_france_travail_status(resident: Conversation) -> None:
    resident.say("slt jsui inscrit a france travail")
    resident.say("35 ans")
    resident.say("auber")
    assert resident.slots["commune"] == "Aubervilliers"
    resident.press("Un emploi")
    resident.press("Rien de tout ça")
    asked = answer_until_cards(resident, NONE)
    assert "inscrit_france_travail" not in asked  # already said in the first message
    assert resident.slots["inscrit_france_travail"] is True
    shown = proposed(resident)
    assert AUBER in shown and ATELIER_FT in shown and PANTIN not in shown


def test_one_card_per_obstacle(resident: Conversation) -> None:
    resident.say("bonjour j'ai 35 ans j'habite à Aubervilliers je cherche du travail")
    resident.say("je n'ai pas de nounou, pas le permis et je parle pas bien français")
    assert set(resident.slots["freins"]) == {"garde_enfants", "mobilite", "francais"}
    answer_until_cards(resident, NONE)
    shown = proposed(resident)
    assert {AUBER, CRECHE, MOBILITE, FRANCAIS} <= set(shown)
    assert len(shown) == len(set(shown))
    assert PANTIN not in shown


def test_commune_outside_the_catalogue(resident: Conversation) -> None:
    resident.say("bonjour j'ai 35 ans et j'habite à Lyon")
    resident.press("Un emploi")
    resident.press("Rien de tout ça")
    answer_until_cards(resident, {})
    assert any("Lyon" in m.get("text", "") and "nationaux" in m.get("text", "") for m in resident.last)
    assert proposed(resident) == [NATIONAL]


def test_nothing_relevant_gives_a_plain_answer_and_the_fallback(resident: Conversation) -> None:
    resident.say("bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise")
    resident.press("Rien de tout ça")
    answer_until_cards(resident, {})
    assert any("pas trouvé de service qui corresponde exactement" in m.get("text", "") for m in resident.last)
    assert proposed(resident)


def test_correcting_the_age_changes_the_answer(resident: Conversation) -> None:
    resident.say("bonjour j'ai 24 ans j'habite à Bondy je cherche du travail")
    resident.press("Rien de tout ça")
    answer_until_cards(resident, NONE)
    assert ML_BONDY in proposed(resident)
    resident.say("en fait j'ai 26 ans")
    assert "26 ans" in resident.text
    assert resident.slots["age"] == 26
    assert said("utter_en_savoir_plus", variation=1) in resident.text  # answered again with the new age, in other words
    assert ML_BONDY not in proposed(resident)


def test_moving_to_another_commune_after_the_answer(resident: Conversation) -> None:
    resident.say("bonjour j'ai 35 ans j'habite à Bondy je cherche du travail")
    resident.press("Rien de tout ça")
    answer_until_cards(resident, NONE)
    resident.say("non j'habite à Aubervilliers")
    assert resident.slots["commune"] == "Aubervilliers"
    answer_until_cards(resident, NONE)
    assert AUBER in proposed(resident)


def test_declining_the_age_keeps_age_restricted_services_out(resident: Conversation) -> None:
    resident.say("bonjour")
    resident.say("je préfère ne pas répondre")
    assert "on passe" in resident.text
    resident.say("Bondy")
    resident.press("Un emploi")
    resident.press("Rien de tout ça")
    answer_until_cards(resident, NONE)
    assert ML_BONDY not in proposed(resident)
    assert any("âge" in m.get("text", "") for m in resident.last)


def test_more_results_and_details(resident: Conversation) -> None:
    resident.say("bonjour j'ai 35 ans j'habite à Aubervilliers je cherche du travail")
    resident.press("Rien de tout ça")
    answer_until_cards(resident, {**NONE, "statuts": "les trois"})
    first = proposed(resident)
    resident.press("Détails")
    assert "Test E2E" in resident.text
    resident.say("d'autres adresses")
    assert resident.text  # either more cards or a plain "no more"
    assert proposed(resident)[: len(first)] == first
    assert len(proposed(resident)) == len(set(proposed(resident)))
