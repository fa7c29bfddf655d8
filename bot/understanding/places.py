"""Where the resident lives: a commune named in the message, or its postal code.

Precision matters more than recall, so a place name is only looked for:
- after a word that introduces a place ("j'habite", "je vis", "à", "sur", "de", "dans", "vers"…);
- anywhere for the communes of Seine-Saint-Denis (full names and local nicknames: "auber");
- in a message that is only a place name ("Montreuil", "st denis");
- as a postal code ("93300").
Commune names that are ordinary French words ("Orange", "Vue", "Job", "Pantin") need a place
word before them, a capital letter, or a large population; typos are only forgiven for the
communes around Seine-Saint-Denis, and never on a word of the dictionary ("bagnole" is a car,
not Bagnolet). At most one commune is returned: the most reliable mention.
"""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from bot.catalogue.communes import (
    HOME_DEPARTEMENT, ILE_DE_FRANCE, SCORE_CONFIRM, SCORE_SURE, Commune, CommuneMatch, CommuneRef,
    normalize_name,
)
from bot.understanding.known_words import COMMON_WORD_NAMES, FUZZY_LOOKALIKES
from bot.understanding.entity import Entity
from bot.understanding.text import NormalizedText

_MAX_NAME_TOKENS = 6
_FUZZY_TOWN = 20_000  # inhabitants: misspellings are forgiven for the 93 and Île-de-France towns this big
_BIG_TOWN = 50_000  # inhabitants: a commune this big is meant even when its name is a word ("Tours")
_SMALL_TOWN = 2_000  # far from here and smaller: only after "j'habite" (else a neighbourhood, a street…)

_STRONG_CUES = frozenset({
    "habite", "habites", "habitons", "habitez", "habiter", "habitais", "habitait", "vis", "vit",
    "vivons", "vivre", "reside", "residons", "resident", "residente", "residant", "domicilie",
    "domiciliee", "habitant", "habitante",
})
_WEAK_CUES = frozenset({"a", "au", "aux", "sur", "de", "d", "dans", "vers", "du"})
# After "j'habite": prepositions to skip before the name ("j'habite à côté de Bobigny").
_PREPOSITIONS = (
    ("a", "cote", "de"), ("a", "cote", "d"), ("du", "cote", "de"), ("pres", "de"), ("pres", "d"),
    ("sur", "la", "ville", "de"), ("dans", "la", "ville", "de"), ("la", "ville", "de"), ("ville", "de"),
    ("sur", "la", "commune", "de"), ("la", "commune", "de"), ("commune", "de"), ("a",), ("au",),
    ("aux",), ("sur",), ("dans",), ("vers",), ("du",), ("en",), ("de",), ("d",),
)
_ARTICLE_OF_PREPOSITION = {"au": "le", "du": "le", "aux": "les"}
# "rue de Paris", "cité du Chêne", "quartier de la Noue": a street or a neighbourhood, not a town.
_STREET_WORDS = frozenset({
    "rue", "avenue", "av", "bd", "boulevard", "place", "allee", "chemin", "impasse", "quai", "route",
    "square", "cite", "residence", "gare", "porte", "parc", "pont", "lycee", "college", "ecole",
    "universite", "fac", "hopital", "centre", "quartier", "croix", "metro", "station", "arret",
})
# Départements are not communes: "j'habite en Seine-Saint-Denis" says nothing of the town.
_DEPARTEMENT_NAMES = re.compile(
    r"\b(?:seine saint denis|seine st denis|hauts de seine|val de marne|seine et marne|val d oise|"
    r"essonne|yvelines)\b"
)
_NEGATIONS = frozenset({"pas", "plus", "jamais"})
_DETERMINERS = frozenset({
    "un", "une", "des", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "votre",
    "leur", "leurs", "ce", "cet", "cette", "ces", "quel", "quelle", "tout", "toute", "tous",
})
# Words that end a place name (names themselves contain le, la, les, sur, sous, en, de, saint…).
_STOP = frozenset({
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "et", "mais", "ou", "donc", "car",
    "ni", "depuis", "pour", "avec", "chez", "que", "qui", "quand", "comme", "sans", "pas", "plus",
    "ne", "ca", "c", "est", "suis", "ai", "a", "au", "aux", "dans", "vers", "cherche", "recherche",
    "travail", "taf", "boulot", "emploi", "job", "formation", "merci", "svp", "ans", "an",
    "oui", "non", "y", "moi", "toi", "lui", "bien", "mal", "tres", "trop", "aussi", "encore",
    "deja", "jamais", "rien", "tout", "me", "te", "se", "si", "parce", "puis", "alors", "voila",
}) | _DETERMINERS
_GREETINGS = frozenset({
    "bonjour", "bonsoir", "salut", "coucou", "hello", "hey", "merci", "euh", "heu", "ben", "bah",
    "alors", "ok", "oui", "voila", "moi",
})
_PUNCTUATION = frozenset(".,;:!?()/…")
_POSTAL_CODE = re.compile(r"^\d{5}$")
_ARRONDISSEMENT_UNITS = frozenset({"e", "eme", "er", "ieme", "em", "arrondissement", "arr"})
_PLM = frozenset({"paris", "lyon", "marseille"})

# Ranking of the ways a commune can be mentioned (higher wins).
_STRONG, _POSTAL, _WEAK, _ALONE, _ANYWHERE = 5, 4, 3, 2, 1


@dataclass(frozen=True)
class _Found:
    match: CommuneMatch
    first: int  # token indexes [first, last)
    last: int
    how: int


def fuzzy_eligible(commune: Commune) -> bool:
    """Communes whose misspellings are forgiven: Seine-Saint-Denis and the large towns around.

    known_words.FUZZY_LOOKALIKES is derived from this rule: run scripts/build_communes.py after a change."""
    if commune.departement == HOME_DEPARTEMENT:
        return True
    return commune.departement in ILE_DE_FRANCE and (commune.population or 0) >= _FUZZY_TOWN


_first_words_cache: "weakref.WeakKeyDictionary[CommuneRef, frozenset[str]]" = weakref.WeakKeyDictionary()


def _home_first_words(communes: CommuneRef) -> frozenset[str]:
    """First words of the names of Seine-Saint-Denis communes, looked for anywhere in a sentence."""
    words = _first_words_cache.get(communes)
    if words is None:
        words = frozenset(key.split()[0] for key in communes.name_keys(HOME_DEPARTEMENT) if len(key) >= 4)
        _first_words_cache[communes] = words
    return words


def _capitalised(norm: NormalizedText, first: int) -> bool:
    """A capital inside a sentence ("je bosse sur Pantin", "22 ans, Pantin"); phones capitalise the
    first word of a message or of a sentence anyway."""
    if first == 0 or norm.tokens[first - 1].text in (".", "!", "?", "…"):
        return False
    return norm.tokens[first].raw[:1].isupper()


def _accept_exact(match: CommuneMatch, key: str, how: int, capital: bool) -> bool:
    commune = match.commune
    population = commune.population or 0
    if len(key.replace(" ", "")) < 3:
        return False  # "Y", "Us", "Eu": never from free text
    if how == _ANYWHERE:
        return commune.departement == HOME_DEPARTEMENT and (key not in COMMON_WORD_NAMES or capital)
    if commune.departement in ILE_DE_FRANCE:
        return (
            key not in COMMON_WORD_NAMES or capital or commune.departement == HOME_DEPARTEMENT
            or population >= _BIG_TOWN  # "paris" is also a plural noun
        )
    # Far from here: "Y", "Eu", "Sos", "Vue", "Job", "La Noue" are words or neighbourhoods first.
    if how == _STRONG:
        big_enough = population >= _SMALL_TOWN
    else:
        big_enough = population >= _SMALL_TOWN and (len(key.replace(" ", "")) >= 4 or population >= _BIG_TOWN)
    if key in COMMON_WORD_NAMES and not capital:
        is_official = key == normalize_name(commune.nom)  # "garde" is a word, only "La Garde" is the town
        big_enough = big_enough and is_official and (how == _STRONG or population >= _BIG_TOWN)
    return big_enough


def _words_from(norm: NormalizedText, first: int) -> list[str]:
    """The words that may form a place name from token `first` on."""
    words = []
    for token in norm.tokens[first:first + _MAX_NAME_TOKENS]:
        if token.text in _PUNCTUATION or token.text.isdigit():
            break
        if words and token.text in _STOP:
            break
        words.append(token.text)
    if not words or words[0] in _STOP or words[0] in _STREET_WORDS:
        return []  # "j'habite rue de Paris": a street, not a town
    return words


def _extend_arrondissement(norm: NormalizedText, last: int) -> int:
    """"Paris 20e", "Paris 20 ème arrondissement": the number belongs to the name."""
    tokens = norm.tokens
    if last < len(tokens) and tokens[last].text.isdigit() and len(tokens[last].text) <= 2:
        last += 1
        while last < len(tokens) and tokens[last].text in _ARRONDISSEMENT_UNITS:
            last += 1
    return last


def _find_at(
    norm: NormalizedText, communes: CommuneRef, first: int, how: int, article: str | None = None
) -> _Found | None:
    words = _words_from(norm, first)
    if not words:
        return None
    capital = _capitalised(norm, first)
    exact = None
    # Longest exact name first: "l ile saint denis" before "saint denis".
    for length in range(len(words), 0, -1):
        key = " ".join(words[:length])
        for text in ((f"{article} {key}", key) if article else (key,)):
            matches = communes.match_exact(text, limit=1)
            if matches and _accept_exact(matches[0], text, how, capital):
                last = first + length
                if key in _PLM:
                    last = _extend_arrondissement(norm, last)
                exact = _Found(matches[0], first, last, how)
                break
        if exact:
            break
    if how == _ANYWHERE or (exact and exact.match.score >= SCORE_SURE):
        return exact
    # A misspelt name ("aubervillier", "noisy le sek"): only communes around, never a dictionary word.
    shortest = exact.last - first + 1 if exact else 1
    min_letters = 5 if how == _ALONE else 6
    for length in range(len(words), shortest - 1, -1):
        chunk = words[:length]
        text = " ".join(chunk)
        if len(text.replace(" ", "")) < min_letters:
            break
        if any(w in FUZZY_LOOKALIKES for w in chunk) or (length == 1 and chunk[0] in COMMON_WORD_NAMES):
            continue  # a word of the dictionary, not a misspelt name
        # A prefix of the words ("aubervillier centre") must be closer than the whole of them.
        threshold = 80.0 if length == len(words) else 85.0
        for match in communes.resolve(f"{article} {text}" if article else text, limit=3):
            if match.score >= threshold and fuzzy_eligible(match.commune):
                if exact is None or match.score > exact.match.score:
                    return _Found(match, first, first + length, how)
                return exact
    return exact


def _after_strong_cue(norm: NormalizedText, cue: int) -> list[tuple[int, str | None]]:
    """Where the name may start after "j'habite"/"je vis", skipping prepositions."""
    texts = [t.text for t in norm.tokens]
    starts: list[tuple[int, str | None]] = []
    for phrase in _PREPOSITIONS:
        end = cue + 1 + len(phrase)
        if tuple(texts[cue + 1:end]) == phrase:
            starts.append((end, _ARTICLE_OF_PREPOSITION.get(phrase[-1])))
    starts.append((cue + 1, None))
    return starts


def _candidates(norm: NormalizedText, communes: CommuneRef) -> list[_Found]:
    tokens = norm.tokens
    texts = [t.text for t in tokens]
    found: list[_Found] = []
    departement_tokens: set[int] = set()
    for m in _DEPARTEMENT_NAMES.finditer(norm.text):
        first, last = norm.token_range(m.start(), m.end())
        departement_tokens.update(range(first, last))

    for index, text in enumerate(texts):
        if _POSTAL_CODE.match(text):
            matches = communes.resolve(text, limit=1)
            if matches:
                found.append(_Found(matches[0], index, index + 1, _POSTAL))
        elif text in _STRONG_CUES:
            for start, article in _after_strong_cue(norm, index):
                hit = _find_at(norm, communes, start, _STRONG, article)
                if hit:
                    found.append(hit)
                    break
        elif text in _WEAK_CUES and index + 1 < len(tokens):
            if index > 0 and texts[index - 1] in _STREET_WORDS:
                continue  # "rue de Paris" is a street, not where the resident lives
            hit = _find_at(norm, communes, index + 1, _WEAK, _ARTICLE_OF_PREPOSITION.get(text))
            if hit:
                found.append(hit)

    home_first_words = _home_first_words(communes)
    index = 0
    while index < len(tokens):
        hit = None
        if texts[index] in home_first_words:
            hit = _find_at(norm, communes, index, _ANYWHERE)
        if hit:
            found.append(hit)
            index = hit.last
        else:
            index += 1

    words = [t for t in texts if t not in _PUNCTUATION and t not in _GREETINGS]
    if 0 < len(words) <= 4 and not any(w in _STOP and w not in ("a", "au", "aux") for w in words):
        first = next(i for i, t in enumerate(texts) if t == words[0])
        if words[0] not in ("a", "au", "aux"):
            hit = _find_at(norm, communes, first, _ALONE)
            if hit:
                found.append(hit)
    # "pas à Aubervilliers", "pas 93100": the resident corrects a mistake, not this one.
    return [
        f for f in found
        if f.first not in departement_tokens
        and not (f.first >= 1 and texts[f.first - 1] in _NEGATIONS)
        and not (f.first >= 2 and texts[f.first - 2] in _NEGATIONS and texts[f.first - 1] in _WEAK_CUES)
    ]


def extract_commune(norm: NormalizedText, communes: CommuneRef) -> list[Entity]:
    """`commune` + `code_insee` (score >= 90) or `commune_incertaine` + `code_insee_incertain` (75–90)."""
    found = [f for f in _candidates(norm, communes) if f.match.score >= SCORE_CONFIRM]
    if not found:
        return []
    best = max(found, key=lambda f: (f.match.score >= SCORE_SURE, f.how, f.match.score, -f.first))
    start = norm.tokens[best.first].start
    end = norm.tokens[best.last - 1].end
    commune = best.match.commune
    confidence = round(best.match.score / 100, 3)
    if best.match.score >= SCORE_SURE:
        names = ("commune", "code_insee")
    else:
        names = ("commune_incertaine", "code_insee_incertain")
    return [
        Entity(names[0], commune.nom, start, end, confidence),
        Entity(names[1], commune.code_insee, start, end, confidence),
    ]
