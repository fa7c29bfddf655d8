"""Messages about suicide, violence, a child in danger, sleeping outside: the right numbers."""
from __future__ import annotations

import pytest

from bot.understanding.distress import DANGER, ENFANT, RUE, SUICIDE, VIOLENCE, distress_kinds, distress_message

SAID = {
    SUICIDE: ["je veux mourir", "jveux mourrir", "j'ai envie de mourir", "g envie d'en finir", "je vais me suicider",
              "je pense au suicide", "suicide", "je vais me suisider", "sucide", "envie de me foutre en l'air",
              "je veux en finir", "j'ai plus envie de vivre", "plus la force de vivre", "je vais me tuer",
              "je veux mettre fin à mes jours", "je me scarifie", "jsuis suicidaire", "j ai envie de crever",
              "je veux plus vivre", "j'ai envie de disparaître", "je vais sauter du pont"],
    VIOLENCE: ["mon mari me frappe", "mon copain me tape", "il me bat", "je suis battue", "violences conjugales",
               "mon ex me menace", "il m'a frappée hier", "violence à la maison", "mon conjoint m'étrangle",
               "je suis sous emprise", "ma femme me frappe", "mon mari me bat tous les soirs"],
    ENFANT: ["mon fils est frappé", "il frappe mes enfants", "mes parents me frappent", "enfant en danger",
             "ma fille se fait battre", "maltraitance", "mon beau-père me frappe", "il touche ma fille"],
    RUE: ["je dors dehors", "je suis à la rue", "sdf", "je dors dans ma voiture", "je suis sans abri",
          "j'ai nulle part où dormir", "expulsée ce soir", "jsuis a la rue avec mes enfants", "on dort dehors",
          "je vais dormir dans la rue ce soir"],
    DANGER: ["je suis en danger", "il va me tuer", "au secours", "aidez moi vite", "menace de mort"],
}
CALM = ["je cherche du travail", "ce boulot me tue", "tuer le temps", "j'ai pas de logement", "je dors chez un ami",
        "je suis hébergé chez ma soeur", "j'ai 25 ans", "mourir de rire mdr", "mes enfants sont à l'école",
        "rue de Paris", "j'habite rue de la République", "je veux une formation", "non", "oui", "danger",
        "c'est la galère", "je suis fatigué", "mon mari travaille", "ma fille a 5 ans",
        "je suis seule avec mes enfants",
        "/informer{\"age\": 30}", "", "a" * 5000, "au secours je comprends rien à ce truc"]


@pytest.mark.parametrize("kind,text", [(k, t) for k, texts in SAID.items() for t in texts])
def test_each_danger_is_recognised(kind, text):
    assert kind in distress_kinds(text), text


@pytest.mark.parametrize("text", CALM)
def test_ordinary_messages_are_not_danger(text):
    assert distress_kinds(text) == []


def test_the_message_gives_the_right_numbers_in_one_short_message():
    assert "3114" in distress_message([SUICIDE]) and "112" in distress_message([SUICIDE])
    assert "3919" in distress_message([VIOLENCE]) and "17" in distress_message([VIOLENCE])
    assert "119" in distress_message([ENFANT])
    rue = distress_message([RUE])
    assert "115" in rue and "3114" not in rue
    assert "17" in distress_message([DANGER]) and "114" in distress_message([DANGER])
    both = distress_message([VIOLENCE, RUE])
    assert "3919" in both and "115" in both and len(both) < 300
