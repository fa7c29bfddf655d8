"""Simulated residents of Seine-Saint-Denis, and an independent reading of who may get which service.

A `Resident` has a situation drawn at random (seeded: the same seed gives the same resident and
the same messages) and answers the bot's questions as people write on a phone: SMS spelling,
typos, "nan", "ouais", "👍", numbers for buttons, button titles typed by hand, several facts in
the first message, now and then something off-topic. It only reads the bot's text, like a
resident: the question is recognised from its wording (domain.yml).

`eligible()` reads the catalogue's YAML files itself (not bot.catalogue) to tell whether a
proposed service may be proposed to this resident's true situation.
"""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, Optional, Sequence

import yaml
from rapidfuzz import fuzz

from actions.questions import questions
from tests.wording import wording

# Communes: (name, INSEE code, postal code, nicknames). Most are covered by the demo catalogue.
COVERED = [
    ("Aubervilliers", "93001", "93300", ["auber", "aubervillier", "Auber"]),
    ("Montreuil", "93048", "93100", ["montreuil", "Montreuil-sous-Bois"]),
    ("Romainville", "93063", "93230", ["romainville"]),
    ("Bagnolet", "93006", "93170", ["bagnolet"]),
    ("Bobigny", "93008", "93000", ["bobigny"]),
    ("Bondy", "93010", "93140", ["bondy"]),
    ("Les Lilas", "93045", "93260", ["les lilas", "lilas"]),
    ("Noisy-le-Sec", "93053", "93130", ["noisy le sec"]),
    ("Pantin", "93055", "93500", ["pantin"]),
    ("Le Pré-Saint-Gervais", "93061", "93310", ["pre saint gervais", "le pré st gervais"]),
    ("Clichy-sous-Bois", "93014", "93390", ["clichy sous bois"]),
    ("Épinay-sur-Seine", "93031", "93800", ["epinay sur seine", "épinay"]),
    ("Villetaneuse", "93079", "93430", ["villetaneuse"]),
    ("La Courneuve", "93027", "93120", ["la courneuve", "courneuve"]),
    ("Saint-Denis", "93066", "93200", ["st denis", "saint denis", "saint-denis"]),
    ("Saint-Ouen-sur-Seine", "93070", "93400", ["saint ouen", "st ouen"]),
    ("Stains", "93072", "93240", ["stains"]),
]
ELSEWHERE = [
    ("Drancy", "93029", "93700", ["drancy"]),
    ("Aulnay-sous-Bois", "93005", "93600", ["aulnay sous bois", "aulnay"]),
    ("Paris", "75056", "75019", ["paris"]),
    ("Créteil", "94028", "94000", ["creteil"]),
    ("Lyon", "69123", "69008", ["lyon"]),
    ("Marseille", "13055", "13015", ["marseille"]),
]
KNOWN_QUARTIERS = {"93048": ["La Noue", "Bel Air", "Morillon", "La Boissière", "Bas Montreuil", "Cité de l'Espoir"]}
UNKNOWN_QUARTIERS = ["Ramenas", "Branly", "Solidarité-Carnot", "Villiers-Barbusse", "les Ruffins", "Centre-ville",
                     "Quatre-Chemins", "la Maladrerie", "le Marcreux", "Gagarine"]
STREETS = ["12 rue de Paris", "rue Hoche", "avenue Jean Lolive", "3 allée des Tilleuls", "bd Chanzy"]

BESOINS = {
    "emploi": ["du travail", "un emploi", "du taf", "jcherche du boulot", "Un emploi", "1", "un job", "travailler",
               '/informer{"besoin": "emploi"}', "un cdi", "n'importe quel travail"],
    "formation": ["une formation", "Une formation", "2", "me former", "une formation pour avoir un diplôme",
                  '/informer{"besoin": "formation"}', "une alternance"],
    "creation_entreprise": ["créer mon entreprise", "monter ma boite", "3", "Créer mon entreprise",
                            '/informer{"besoin": "creation_entreprise"}', "devenir auto entrepreneur"],
    "orientation_metier": ["choisir un métier", "je sais pas quel métier faire", "4", "me reconvertir",
                           '/informer{"besoin": "orientation_metier"}'],
}
BESOIN_IN_SENTENCE = {"emploi": ["jcherche du taf", "je cherche du travail", "je cherche un emploi"],
                      "formation": ["je cherche une formation", "jveux faire une formation"],
                      "creation_entreprise": ["je veux créer ma boite"],
                      "orientation_metier": ["je sais pas quel métier faire"]}
FREINS = {
    "garde_enfants": ["pas de nounou", "la garde de mes enfants", "Garde des enfants",
                      "jai personne pour garder mes enfants", "les enfants"],
    "mobilite": ["jai pas le permis", "pas de voiture", "le permis", "Transport, permis", "c'est loin pour moi"],
    "francais": ["je parle pas bien français", "le français", "Parler ou écrire le français"],
    "numerique": ["jsais pas utiliser un ordi", "internet", "Ordinateur, internet"],
    "sante": ["je suis malade", "la santé", "problème de dos", "Santé"],
    "logement": ["pas de logement", "je dors chez un ami", "le logement", "Logement"],
    "confiance": ["je manque de confiance", "la confiance", "je stresse trop"],
    "administratif": ["mes papiers", "les démarches", "Papiers, démarches"],
    "finances": ["j'ai des dettes", "l'argent", "pas d'argent"],
}
NO_FREIN = ["non", "nan", "rien", "non merci", "Rien de tout ça", "aucun", "nn", "👎", "non ça va", "nope", "10",
            '/informer{"frein": "aucun"}']
YES = ["oui", "ouais", "Oui", "👍", "ouai", "oui oui", "grave", "yes"]
STATUS_NAMES = {
    "inscrit_france_travail": ["pole emploi", "france travail", "inscrit à pôle emploi",
                               "je suis inscrite à france travail"],
    "beneficiaire_rsa": ["rsa", "le rsa", "je touche le rsa", "RSA"],
    "rqth": ["rqth", "la rqth", "j'ai la rqth"],
}
STATUS_YES = ["oui", "ouais", "Oui", "👍", "oui depuis 2 ans", "ouais grave"]
STATUS_NO = ["non", "nan", "Non", "👎", "non jamais", "pas encore", "plus maintenant"]
NO_STATUS = ["non", "aucune", "Aucune de ces situations", "nan", "rien", "aucun", "👎"]
DONT_KNOW = ["je sais pas", "jsp", "Je préfère ne pas répondre", "chais pas"]
OFF_TOPIC = ["attends", "c'est quoi ?", "mdr", "?", "t'es un robot ?", "aide", "🙏", "hello", "euh",
             "tu connais un bon kebab ?", "pourquoi ?"]
GREETINGS = ["bonjour", "bjr", "salut", "slt", "Bonjour", "cc", "bonsoir", "Bonjour madame"]
UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
         "treize", "quatorze", "quinze", "seize"]
TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def in_words(n: int) -> str:
    """16 ≤ n ≤ 69 in French words ("vingt-trois", "trente et un")."""
    if n <= 16:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    if tens == 1:
        return "dix-" + UNITS[unit]
    if unit == 0:
        return TENS[tens]
    return f"{TENS[tens]} et un" if unit == 1 else f"{TENS[tens]}-{UNITS[unit]}"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


@dataclass
class Resident:
    seed: int
    today: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        rng = self.rng = random.Random(self.seed)
        self.birth_year = self.today.year - rng.randint(16, 62) - 1
        self.age = self.today.year - self.birth_year - 1  # birthday later this year: the youngest age
        place = rng.choice(COVERED) if rng.random() < 0.85 else rng.choice(ELSEWHERE)
        self.commune, self.code_insee, self.postal_code, self.nicknames = place
        known = KNOWN_QUARTIERS.get(self.code_insee, [])
        draw = rng.random()
        if known and draw < 0.6:
            self.quartier, self.quartier_kind = rng.choice(known), "known"
        elif draw < 0.8:
            self.quartier, self.quartier_kind = rng.choice(UNKNOWN_QUARTIERS), "unknown"
        elif draw < 0.92:
            self.quartier, self.quartier_kind = None, "street"
        else:
            self.quartier, self.quartier_kind = None, "dont_know"
        self.besoin: Optional[str] = rng.choices(list(BESOINS) + [None], weights=[50, 25, 10, 10, 5])[0]
        self.freins = rng.sample(list(FREINS), rng.choices([0, 1, 2], weights=[45, 35, 20])[0])
        self.statuses = {"inscrit_france_travail": rng.random() < 0.55, "beneficiaire_rsa": rng.random() < 0.25,
                         "rqth": rng.random() < 0.08}
        self.shy = rng.random() < 0.08  # prefers not to say their statuses
        self.typo_rate = rng.choice([0.0, 0.1, 0.25])
        # At most one detour per conversation: something off-topic, or "oui" before saying which.
        self.detours_left = 1 if rng.random() < 0.45 else 0
        self.said_yes_to_freins = False

    # -- what they write --------------------------------------------------------------------

    def typo(self, text: str) -> str:
        """Now and then a letter dropped or two swapped in a long word (never in a button payload)."""
        if text.startswith("/") or self.rng.random() >= self.typo_rate:
            return text
        words = text.split(" ")
        long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if not long:
            return text
        i = self.rng.choice(long)
        w, k = words[i], self.rng.randrange(1, len(words[i]) - 2)
        words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2:] if self.rng.random() < 0.5 else w[:k] + w[k + 1:]
        return " ".join(words)

    def first_message(self) -> str:
        rng = self.rng
        if rng.random() < 0.35:
            return rng.choice(GREETINGS)
        facts = [f"jai {self.age} ans", f"jhabite a {rng.choice(self.nicknames)}"]
        if self.besoin:
            facts.append(rng.choice(BESOIN_IN_SENTENCE[self.besoin]))
        if self.freins and rng.random() < 0.4:
            facts.append("mais " + FREINS[self.freins[0]][0])
        chosen = facts if rng.random() < 0.6 else rng.sample(facts, rng.randint(1, len(facts)))
        return rng.choice(["bjr ", "bonjour ", "slt ", ""]) + " ".join(chosen)

    def detour(self, chance: float) -> bool:
        if self.detours_left and self.rng.random() < chance:
            self.detours_left -= 1
            return True
        return False

    def off_topic(self) -> Optional[str]:
        return self.rng.choice(OFF_TOPIC) if self.detour(0.3) else None

    def answer(self, slot: str, text: str, second_time: bool) -> str:
        """The answer to the question of `slot` (`text`: what the bot said)."""
        rng = self.rng
        if slot == "age":
            options = [str(self.age), f"{self.age} ans", f"jai {self.age} ans", in_words(self.age),
                       f"{in_words(self.age)} ans", f"né en {self.birth_year}", f"je suis de {self.birth_year}"]
            if self.birth_year >= 2000 or self.birth_year % 100 > 70:
                options.append(f"{self.birth_year % 100:02d}")
            return self.typo(rng.choice(options))
        if slot == "commune":
            return self.typo(rng.choice([self.commune, self.commune.lower(), fold(self.commune), self.postal_code,
                                         f"j'habite à {self.commune}", f"a {rng.choice(self.nicknames)}",
                                         *self.nicknames]))
        if slot == "commune_confirmee":
            proposed = re.search(r"à (.+?) \?|bien (.+?) \?", text)
            name = next((g for g in proposed.groups() if g), "") if proposed else ""
            return rng.choice(["oui", "ouais", "👍", "oui c'est ça"]) if name == self.commune else f"non {self.commune}"
        if slot == "besoin":
            return self.typo(rng.choice(BESOINS[self.besoin] if self.besoin else DONT_KNOW + ["bof"]))
        if slot == "freins":
            if not self.freins:
                return rng.choice(NO_FREIN)
            if not second_time and self.detour(0.5):
                return rng.choice(YES)  # "oui" first, the bot asks which
            return self.typo(" et ".join(rng.choice(FREINS[f]) for f in self.freins))
        if slot == "statuts":
            if self.shy:
                return rng.choice(DONT_KNOW)
            named = [s for s, yes in self.statuses.items() if yes]
            if not named:
                return rng.choice(NO_STATUS)
            if not second_time and self.detour(0.5):
                return rng.choice(YES)
            return self.typo(" et ".join(rng.choice(STATUS_NAMES[s]) for s in named))
        if slot in self.statuses:
            if self.shy:
                return rng.choice(DONT_KNOW)
            return rng.choice(STATUS_YES if self.statuses[slot] else STATUS_NO[:-1] if slot == "inscrit_france_travail"
                              else STATUS_NO)
        if slot == "quartier":
            if self.quartier_kind == "street":
                return rng.choice(STREETS)
            if self.quartier_kind == "dont_know":
                return rng.choice(DONT_KNOW)
            return self.typo(rng.choice([self.quartier, self.quartier.lower(), fold(self.quartier)]))
        raise AssertionError(f"unknown question {slot}")

    def __repr__(self) -> str:
        return (f"Resident(seed={self.seed}, age={self.age}, commune={self.commune}, quartier={self.quartier!r} "
                f"({self.quartier_kind}), besoin={self.besoin}, freins={self.freins}, statuses={self.statuses}, "
                f"shy={self.shy})")


# -- recognising the question in what the bot says ------------------------------------------

def _fixed_part(wording: str) -> str:
    return wording.split("{")[0].strip()


def question_of(texts: Sequence[str]) -> Optional[str]:
    """The question the bot's last messages ask (by its wording), or None."""
    for text in reversed(texts):
        for slot in questions():
            asked = wording(slot)
            for sentence in (asked.texte, asked.relance, asked.lequel):
                if sentence and _fixed_part(sentence) and _fixed_part(sentence) in text:
                    return slot
    return None


# -- an independent reading of the catalogue and of the eligibility rules ------------------------

@dataclass(frozen=True)
class Rules:
    zones: tuple
    age_min: Optional[int]
    age_max: Optional[int]
    requiert: tuple
    quartiers: tuple


STATUS_OF = {"inscription-france-travail": "inscrit_france_travail", "rsa": "beneficiaire_rsa", "rqth": "rqth"}


def read_rules(folder: Path) -> Dict[str, Rules]:
    """Global service id → its hard rules, straight from the YAML files."""
    rules = {}
    for path in sorted(folder.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "structure" not in data:
            continue
        for service in data["services"]:
            zones = tuple(str(z).lower() for z in service["zone_eligibilite"])
            assert all(len(z) in (2, 3, 5) or z == "france" for z in zones), f"{path}: zone kind not read here"
            rules[f"{data['structure']['id']}--{service['id']}"] = Rules(
                zones, service.get("x_age_min"), service.get("x_age_max"), tuple(service.get("x_requiert") or ()),
                tuple(service.get("x_quartiers") or ()))
    return rules


def _same_quartier(a: str, b: str) -> bool:
    def plain(name: str) -> str:
        return " ".join(w for w in re.sub(r"[^a-z0-9]+", " ", fold(name)).split()
                        if w not in ("le", "la", "les", "l", "de", "du", "des", "d", "cite", "quartier"))
    return fuzz.ratio(plain(a), plain(b)) >= 85


def _in_zone(zone: str, code_insee: str) -> bool:
    if zone == "france":
        return True
    if len(zone) == 5:  # a commune
        return code_insee == zone.upper()
    return code_insee.startswith(zone.upper())  # a département


def why_not_eligible(rules: Rules, resident: Resident) -> Optional[str]:
    """Why this service may not be proposed to this resident, or None when it may."""
    if not any(_in_zone(z, resident.code_insee) for z in rules.zones):
        return f"hors zone ({resident.code_insee} not in {rules.zones})"
    if rules.age_min is not None and resident.age < rules.age_min:
        return f"trop jeune ({resident.age} < {rules.age_min})"
    if rules.age_max is not None and resident.age > rules.age_max:
        return f"trop âgé ({resident.age} > {rules.age_max})"
    for status in rules.requiert:
        if not resident.statuses[STATUS_OF[status]]:
            return f"statut {status} absent"
    if rules.quartiers and not (resident.quartier and any(_same_quartier(resident.quartier, q)
                                                          for q in rules.quartiers)):
        return f"quartier {resident.quartier!r} not in {rules.quartiers}"
    return None
