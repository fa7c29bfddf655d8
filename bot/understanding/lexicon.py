"""How residents write: SMS spellings and frequent typos.

Keys are folded words (lowercase, no accents, see bot.common.folding.lower_without_accents).
"""
from __future__ import annotations

# One written word → its normalised token(s). Elided "j'" / "je" are always written "je".
SMS_SPELLINGS = {
    # je + verb
    "jai": "je ai", "jay": "je ai", "g": "je ai", "jaimerai": "je aimerai", "jaimerais": "je aimerais",
    "jaurai": "je aurai", "jaurais": "je aurais", "jetais": "je etais", "jecris": "je ecris",
    "jarrive": "je arrive", "jarrives": "je arrive", "jen": "je en", "jy": "je y", "jose": "je ose",
    "jhabite": "je habite", "jabite": "je habite", "jhabit": "je habite", "jattends": "je attends",
    "chui": "je suis", "chuis": "je suis", "chu": "je suis", "shui": "je suis", "jsui": "je suis",
    "jsuis": "je suis", "jss": "je suis", "jsuiis": "je suis", "sui": "suis",
    "jsp": "je sais pas", "jsais": "je sais", "jsai": "je sais", "chais": "je sais", "chai": "je sais",
    "jconnais": "je connais",
    "jveux": "je veux", "jvx": "je veux", "jveu": "je veux", "jvoudrai": "je voudrais",
    "veu": "veux", "jdor": "je dors", "jdors": "je dors", "dor": "dors", "dehor": "dehors", "deors": "dehors",
    "mourire": "mourir", "mourir.": "mourir", "jme": "je me", "jmen": "je m en", "jpeux": "je peux", "jpx": "je peux",
    "jvais": "je vais",
    # greetings and small words
    "bjr": "bonjour", "bnjr": "bonjour", "bsr": "bonsoir", "slt": "salut", "cc": "coucou",
    "stp": "s il te plait", "svp": "s il vous plait", "dsl": "desole", "mrc": "merci", "mci": "merci",
    "ya": "il y a", "yas": "il y a", "kel": "quel", "kelle": "quelle", "kels": "quels", "koi": "quoi",
    "ke": "que", "k": "que", "qd": "quand", "qnd": "quand", "pk": "pourquoi", "pq": "pourquoi",
    "pourkoi": "pourquoi", "tkt": "t inquiete", "bcp": "beaucoup", "bcq": "beaucoup", "pr": "pour",
    "ds": "dans", "ac": "avec", "avc": "avec", "dc": "donc", "ns": "nous", "vs": "vous", "tt": "tout",
    "ts": "tous", "tjr": "toujours", "tjrs": "toujours", "mnt": "maintenant", "mtn": "maintenant",
    "auj": "aujourd hui", "ajd": "aujourd hui", "pa": "pas", "nn": "non", "ui": "oui", "wi": "oui",
    "ouai": "ouais", "rdv": "rendez vous", "ptit": "petit", "ptite": "petite", "pti": "petit",
    "oqp": "occupe", "jms": "jamais", "mm": "meme", "qqch": "quelque chose", "qlq": "quelque",
    "nrv": "enerve", "pb": "probleme", "pbs": "problemes", "pblm": "probleme", "prob": "probleme",
    "pbm": "probleme", "soucie": "souci",
    # work, places, statuses
    "taff": "taf", "tafe": "taf", "boulo": "boulot", "boulots": "boulot",
    "tavail": "travail", "travai": "travail", "traval": "travail", "travial": "travail",
    "emplois": "emploi", "emploie": "emploi", "emplio": "emploi", "amploi": "emploi",
    "formations": "formation", "formatio": "formation", "fomation": "formation",
    "formaion": "formation", "foramtion": "formation",
    "permi": "permis", "permie": "permis", "permit": "permis",
    "pe": "pole emploi", "ft": "france travail",
    "poleemploi": "pole emploi", "polemploi": "pole emploi",
    "rqt": "rqth", "rsaa": "rsa",
    "ordi": "ordinateur", "ordis": "ordinateur", "pc": "ordinateur",
    "francai": "francais", "fransais": "francais", "fr": "francais",
    "franssais": "francais", "fancais": "francais", "francias": "francais",
}

# Keywords whose misspellings are corrected before the rules run ("fomation", "logment").
# known_words.TYPO_LOOKALIKES is derived from it: run scripts/build_communes.py after a change.
TYPO_VOCABULARY = frozenset({
    "travail", "travailler", "boulot", "emploi", "formation", "alternance", "apprentissage", "entreprise",
    "entrepreneur", "reorienter", "reorientation", "reconversion", "orientation", "metier", "permis",
    "voiture", "vehicule", "transport", "transports", "mobilite", "logement", "hebergement", "heberge",
    "expulse", "malade", "maladie", "handicap", "handicape", "confiance", "stresse", "decourage",
    "papiers", "demarches", "prefecture", "francais", "ordinateur", "internet", "informatique",
    "numerique", "argent", "dettes", "nounou", "creche", "enfants", "inscrit", "inscrite", "chomage",
    "garder", "difficulte", "probleme", "problemes", "souci", "soucis",
})
