"""Record the conversation tests (tests/conversations/*.yml) from scripted chats with a running bot.

Developer tool, not part of `make test`: start the bot on the e2e catalogue with the API on
(`CATALOGUE_DIR=tests/data/catalogue_e2e BOT_API_TOKEN=dev scripts/run.sh`), run this script,
then READ every story it wrote before committing: a recorded story is a test only once a
person has checked that the bot did the right thing in it. `rasa test` then replays the stories
and fails on any prediction that differs.
Usage: python scripts/record_conversation_tests.py [--url URL] [--token TOKEN] [--only NAME]
"""
from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Dict, List

import requests
import yaml

OUT_DIR = Path(__file__).resolve().parents[1] / "tests" / "conversations"

# name -> messages the resident sends (payloads are button presses). A first message nobody
# understands starts the questions through a follow-up action, which `rasa test` does not replay:
# that case is tested end to end (tests/e2e/test_conversation_behaviour.py).
SCENARIOS: Dict[str, List[str]] = {
    "parcours_complet_boutons": ["bonjour", "35", "bondy", '/informer{"besoin": "emploi"}',
                                 '/informer{"frein": "aucun"}', "/nier"],
    "tout_en_un_message_sms": ["bjr jai 19 ans jhabite a bondy jcherche du taf mais jai pas le permis",
                               "non"],
    "premier_message_informer": ["j'ai 40 ans", "bondy", "je veux créer mon entreprise", "rien"],
    "quartier_reserve_bouton": ["bonjour j'ai 35 ans j'habite à Pantin", '/informer{"besoin": "emploi"}',
                                '/informer{"frein": "aucun"}', "non",
                                '/informer{"quartier": "Les Courtillières"}'],
    "quartier_tape": ["salut", "35 ans", "pantin", "du travail", "rien", "non", "quatre chemins"],
    "quartier_inconnu_ou_rue": ["bjr 35 ans jhabite pantin je cherche du taf", "non", "aucune", "12 rue Hoche"],
    "statut_dans_le_premier_message": ["slt jsui inscrit a france travail", "35 ans", "auber",
                                       '/informer{"besoin": "emploi"}', '/informer{"frein": "aucun"}',
                                       "non"],
    "commune_hors_zone": ["bonjour j'ai 35 ans et j'habite à Lyon", '/informer{"besoin": "emploi"}', "rien"],
    "repli_rien_de_pertinent": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise", "rien"],
    "correction_age_pendant_questions": ["bonjour", "24", "en fait j'ai 26 ans", "bondy", "un emploi", "rien",
                                         "non"],
    "correction_age_apres_reponse": ["bonjour j'ai 24 ans j'habite à Bondy je cherche du travail", "rien",
                                     "non", "en fait j'ai 26 ans"],
    "correction_commune_apres_reponse": ["bonjour j'ai 35 ans j'habite à Bondy je cherche du travail", "rien",
                                         "non", "non j'habite à Aubervilliers", "non"],
    "ne_sait_pas_age": ["bonjour", "je préfère ne pas répondre", "bondy", "un emploi", "rien", "non"],
    "ne_sait_pas_commune": ["bonjour", "30", "/ne_sait_pas", "une formation", "rien"],
    "ne_sait_pas_statut": ["bonjour j'ai 40 ans j'habite à Bondy je cherche du travail", "rien", "jsp"],
    "ne_sait_pas_un_seul_statut": ["bonjour j'ai 40 ans j'habite à Bondy je cherche du travail, pas de RQTH",
                                   "rien", "je préfère pas dire"],
    "aide_pendant_questions": ["bonjour", "aide", "30", "bondy", "je veux créer ma boite", "rien"],
    "qui_es_tu_pendant_questions": ["bonjour", "t'es un robot ?", "30", "bondy", "créer mon entreprise", "rien"],
    "hors_sujet_pendant_questions": ["bonjour", "quel temps il fait demain", "30", "bondy",
                                     "je veux créer ma boîte", "rien"],
    "autre_langue_pendant_questions": ["bonjour", "hello I need a job", "30", "bondy", "créer mon entreprise",
                                       "rien"],
    "reponse_hors_question": ["bonjour", "oui", "30", "bondy", "créer mon entreprise", "rien"],
    "incompris_deux_fois_pendant_questions": ["bonjour", "oui", "non", "bondy", "créer mon entreprise", "rien"],
    "non_et_oui_aux_freins": ["bonjour j'ai 30 ans j'habite à Bondy je cherche du travail", "oui", "le permis",
                              "non"],
    "nan_aux_freins": ["bjr 30 ans bondy jcherche du taf", "nan", "nan"],
    "ouais_nan_bof_au_besoin": ["bonjour", "30", "bondy", "ouais", "bof", "non"],
    "detresse_pendant_questions": ["bonjour", "30", "je veux mourir", "bondy", "créer mon entreprise", "rien"],
    "detresse_premier_message": ["je dors dehors",
                                 "bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise", "rien"],
    "question_en_retour": ["bonjour", "c'est quoi ?", "30", "bondy", "un emploi", "c quoi un frein", "rien",
                           "pourquoi ?", "non"],
    "incompris_deux_fois_apres_reponse": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise",
                                          "rien", "brrrr zzz", "ptdr xptdr"],
    "recommencer_pendant_questions": ["bonjour", "30", "recommencer", "25", "bondy", "créer mon entreprise", "rien"],
    "recommencer_apres_reponse": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise", "rien",
                                  "on recommence", "22"],
    "au_revoir_pendant_questions": ["bonjour", "30", "au revoir"],
    "merci_et_au_revoir_apres_reponse": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise",
                                         "rien", "merci", "au revoir"],
    "plus_de_resultats_et_details": ["bonjour j'ai 35 ans j'habite à Aubervilliers je cherche du travail", "rien",
                                     "les trois", "d'autres adresses", "détails du 1"],
    "details_par_bouton": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise", "rien",
                           "/details_service"],
    "resultats_demandes_trop_tot": ["bonjour", "d'autres adresses", "30", "bondy", "créer mon entreprise", "rien"],
    "oui_non_sans_question": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise", "rien",
                              "oui", "je sais pas"],
    "message_sans_nouveaute_apres_reponse": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise",
                                             "rien", "kjhgf lmpoi"],
    "saluer_apres_reponse": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise", "rien",
                             "bonjour"],
    "aide_et_qui_es_tu_hors_questions": ["bonjour j'ai 40 ans j'habite à Bondy et je veux créer mon entreprise",
                                         "rien", "aide", "c'est qui toi", "quel temps il fait", "hello"],
    "plusieurs_freins": ["bonjour j'ai 35 ans j'habite à Aubervilliers je cherche du travail",
                         "je n'ai pas de nounou, pas le permis et je parle pas bien français", "non"],
    "commune_incertaine_confirmee": ["bonjour", "30", "bobigni", "/affirmer", "créer mon entreprise", "rien"],
    "commune_incertaine_refusee": ["bonjour", "30", "clichy", "/nier", "bondy", "créer mon entreprise", "rien"],
}


def record(url: str, token: str, name: str, messages: List[str]) -> str:
    sender = f"record-{name}-{uuid.uuid4().hex[:6]}"
    for message in messages:
        requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                      timeout=60).raise_for_status()
    story = requests.get(f"{url}/conversations/{sender}/story", params={"token": token}, timeout=30)
    story.raise_for_status()
    data = yaml.safe_load(story.text)
    steps = []
    for step in data["stories"][0]["steps"]:
        # Intent-only steps: NLU is measured on its own held-out set (tests/nlu).
        step = {k: v for k, v in step.items() if k not in ("user", "entities")}
        steps.append(step)
    return yaml.safe_dump({"version": "3.1", "stories": [{"story": name, "steps": steps}]},
                          allow_unicode=True, sort_keys=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--token", default="dev")
    parser.add_argument("--only")
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, messages in SCENARIOS.items():
        if args.only and name != args.only:
            continue
        text = f"# Messages: {messages}\n" + record(args.url, args.token, name, messages)
        (OUT_DIR / f"test_{name}.yml").write_text(text, encoding="utf-8")
        print(f"{name}: {len(messages)} messages")


if __name__ == "__main__":
    main()
