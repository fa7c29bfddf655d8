"""Short replies read the same whatever the question: yes, no, "je sais pas", "c'est quoi ?", a choice."""
from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.age import age_from_number
from bot.understanding.obstacles import obstacles_named, says_no_obstacle
from bot.understanding.replies import Kind, chosen_button, chosen_number, read_reply
from bot.understanding.statuses import statuses_named
from bot.understanding.text import normalize

YES = ["oui", "Oui", "OUI", "ouais", "ouai", "ouiii", "wi", "ui", "yes", "yep", "ok", "okay", "d'accord",
       "dac", "grave", "carrément", "bien sûr", "exact", "c'est ça", "voilà", "tout à fait", "👍", "✅", "👌",
       "👍👍", "👍🏽", "oui oui", "ouais grave", "bah oui", "oui madame", "oui merci", "pourquoi pas"]
NO = ["non", "Non.", "NON", "nan", "nn", "no", "nope", "non merci", "pas du tout", "jamais", "non jamais",
      "👎", "❌", "nan nan", "rien", "aucun", "pas vraiment", "non pas vraiment", "négatif", "que dalle"]
NO_WITH_DETAIL = {
    "plus maintenant": "plus_maintenant", "oui mais plus maintenant": "plus_maintenant",
    "avant oui": "plus_maintenant", "c'est fini": "plus_maintenant", "pas encore": "pas_encore",
    "toujours pas": "pas_encore", "en cours": "en_cours", "c'est en cours": "en_cours",
    "j'attends la réponse de la mdph": "en_cours", "j'ai fait la demande": "en_cours",
}
YES_WITH_DETAIL = ["oui depuis deux ans", "ouais je suis inscrit", "oui bien sûr depuis 2022", "oui un peu"]
NO_WITH_WORDS = ["non je suis pas inscrit", "nan jamais eu", "non pas du tout moi"]
DONT_KNOW = ["je sais pas", "jsp", "j'sais pas", "chais pas", "je ne sais pas", "aucune idée", "peut-être",
             "bof", "peu importe", "je préfère ne pas répondre", "ça vous regarde pas", "🤷", "🤷‍♀️",
             "osef", "je sais plus", "pas sûr", "je préfère pas", "passer"]
WHAT = ["c'est quoi ?", "c quoi", "c'est quoi la rqth", "rsa c quoi", "ça veut dire quoi", "pourquoi ?",
        "pk", "pq ?", "pourquoi vous demandez ça", "?", "??", "hein ?", "quoi ?", "kesako", "je comprends pas",
        "comment ça ?", "à quoi ça sert", "❓", "🤔"]
NOT_A_REPLY = ["", "   ", "bondy", "j'ai 25 ans", "je cherche du travail", "le permis", "xqzw plop",
               "bonjour", "a" * 1000, "oui " * 100, "/affirmer", "Les Courtillières", "12 rue de Paris"]


@pytest.mark.parametrize("text", YES + YES_WITH_DETAIL)
def test_yes(text):
    assert read_reply(text).kind is Kind.OUI


@pytest.mark.parametrize("text", NO + NO_WITH_WORDS)
def test_no(text):
    assert read_reply(text).kind is Kind.NON


@pytest.mark.parametrize("text,detail", NO_WITH_DETAIL.items())
def test_a_no_that_says_more(text, detail):
    assert read_reply(text) == read_reply(text).__class__(Kind.NON, detail)


@pytest.mark.parametrize("text", DONT_KNOW)
def test_dont_know(text):
    assert read_reply(text).kind is Kind.NE_SAIT_PAS


@pytest.mark.parametrize("text", WHAT)
def test_a_question_back(text):
    assert read_reply(text).kind is Kind.QUOI


@pytest.mark.parametrize("text", ["hmm", "euh", "bah", "euh…", "hmm bon"])
def test_hesitations_are_no_answer_yet(text):
    assert read_reply(text).kind is Kind.HESITE


@pytest.mark.parametrize("text", NOT_A_REPLY)
def test_facts_and_noise_are_not_short_replies(text):
    assert read_reply(text) is None


def test_choices_by_number_or_typed_title():
    titles = ["Garde des enfants", "Transport, permis", "Rien de tout ça"]
    assert chosen_button("2", titles) == 1
    assert chosen_button("n°3", titles) == 2
    assert chosen_button("le 1", titles) == 0
    assert chosen_button("4", titles) is None
    assert chosen_button("garde des enfant", titles) == 0
    assert chosen_button("rien de tout ca", titles) == 2
    assert chosen_button("TRANSPORT PERMIS", titles) == 1
    assert chosen_button("j'ai 2 enfants", titles) is None
    assert chosen_button("oui", ["Oui", "Non"]) == 0
    assert chosen_button("2 rue de la paix", titles) is None
    assert chosen_number("1 " * 50_000) is None


def test_a_bare_two_digit_age_may_be_a_birth_year():
    today = date(2026, 12, 4)
    assert age_from_number("24", today) == 24
    assert age_from_number("70", today) == 70
    assert age_from_number("98", today) == 27  # born in 1998, maybe not yet 28
    assert age_from_number("02", today) == 23
    assert age_from_number("5", today) == 5  # the dialogue refuses it


def test_statuses_named_in_answer_to_which_situation():
    def named(text):
        return statuses_named(normalize(text))
    assert named("le rsa") == {"beneficiaire_rsa": True}
    assert named("pole emploi et rsa") == {"inscrit_france_travail": True, "beneficiaire_rsa": True}
    assert named("RSA oui, pôle emploi non") == {"inscrit_france_travail": False, "beneficiaire_rsa": True}
    assert named("ni rsa ni rqth") == {"beneficiaire_rsa": False, "rqth": False}
    assert named("c'est quoi la rqth") == {}


def test_obstacles_named_by_their_topic():
    assert obstacles_named(normalize("le logement et la santé")) == ["logement", "sante"]
    assert obstacles_named(normalize("les enfants")) == ["garde_enfants"]
    assert obstacles_named(normalize("pas de problème de transport")) == []
    assert says_no_obstacle(normalize("non aucun frein"))
    assert not says_no_obstacle(normalize("rien"))
