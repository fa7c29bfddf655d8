"""The resident's age ("19 ans", "j'ai dix-neuf ans", "née le 03/04/2001") and bare numbers.

Precision first: "N ans" is the resident's age only after "j'ai", "moi", "âge", at the start of
a message or of a clause — never after "depuis", "il y a", "pendant", "de" ("un fils de 5 ans"),
nor when it is someone else's ("mon fils a 5 ans", "3 et 5 ans").

A birth year alone ("né en 2004", "je suis de 2003") gives the youngest age the resident can
have: today.year - year - 1 (the birthday may still be to come this year), with confidence 0.8.
A full birth date gives the exact age.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from bot.common.ages import RESIDENT_AGE_MAX, RESIDENT_AGE_MIN
from bot.common.folding import lower_without_accents
from bot.common.french import MONTH_NAMES
from bot.understanding.entity import Entity
from bot.understanding.text import NormalizedText

# Above this, a bare two-digit number answering "how old are you?" is a birth year ("98").
BARE_AGE_MAX = 70
_MONTHS = tuple(lower_without_accents(name) for name in MONTH_NAMES)  # messages are folded
_MONTH = "(" + "|".join(_MONTHS) + ")"
_BORN = r"\b(?:ne|nee|naissance|naissance :|nee :|ne :)(?: le| en)?"
_BIRTH_DATE = re.compile(_BORN + r" (\d{1,2}) (?:[/.] )?(\d{1,2}) (?:[/.] )?(\d{4})\b")
_BIRTH_DAY_MONTH = re.compile(_BORN + r" (?:(\d{1,2}|1er) )?" + _MONTH + r" (\d{4})\b")
_BIRTH_YEAR = re.compile(r"(?:" + _BORN + r"|\bje suis de|\bannee de naissance :?|^(?:de|en)(?= \d+$)) (\d{4}|\d{2})\b")
_LONE_DATE = re.compile(r"^(\d{1,2}) (?:[/.] )?(\d{1,2}) (?:[/.] )?(\d{4})$")

# "N ans" (or "Na" glued, "19a") candidates.
_YEARS = re.compile(r"\b(\d{1,3}) (ans|an|a)\b")
_NOT_AN_AGE_AFTER = re.compile(
    r"^ (?:de |d )(?:experience|exp|metier|chomage|travail|carriere|service|anciennete|mariage|"
    r"etude|etudes|plus|moins|ecart|difference|retard|galere|interim|contrat|boite|entreprise)\b"
)
# What comes just before "N ans" when the age is surely the resident's.
_OWN_AGE_BEFORE = re.compile(
    r"(?:\bje ai|\bmoi je ai|\bmoi|\bmon age|\bmon age est|\bmon age c est|\bage|\bage :|\bage de|"
    r"\bagee de|\bje suis age de|\bje suis agee de|\bje suis (?:un|une) \w+(?: \w+)? de|\bje fais)"
    r"(?: que| seulement| deja| juste| maintenant| tout juste)? $"
)
_ALMOST_BEFORE = re.compile(
    r"(?:\bje ai (?:bientot|presque)|\bje vais avoir|\bje aurai|\bbientot|\bpresque) $"
)
# Start of a clause: a number of years there is the resident's age ("Bonjour, 19 ans, …").
_CLAUSE_START_WORDS = frozenset({
    "bonjour", "bonsoir", "salut", "coucou", "hello", "hey", "re", "alors", "euh", "heu", "bah",
    "ben", "oui", "ouais", "ok", "voila", "donc", "moi",
})
_SOMEONE_ELSE = re.compile(
    r"\b(?:mon|ma|mes|ton|ta|tes|son|sa|ses|notre|nos|leur|leurs|un|une|le|la|les)(?: \w+)? "
    r"(?:fils|fille|filles|enfant|enfants|bebe|bebes|gamin|gamins|gosse|gosses|petit|petite|petits|petites|"
    r"frere|freres|soeur|soeurs|mere|pere|mari|epoux|epouse|copain|copine|neveu|niece|cousin|cousine|"
    r"parents|grand mere|grand pere)\b|\b(?:il|elle|ils|elles)\b"
)
_PUNCTUATION = frozenset(".,;:!?()/…")
# "je ai 19" without "ans": only when nothing that could be counted follows.
_OWN_NUMBER = re.compile(
    r"\bje ai(?: que| seulement| deja| juste| maintenant| (bientot|presque))? (\d{1,2})"
    r"(?= ?$| [,.;!?]| et\b| mais\b| je\b| moi\b| donc\b| bientot\b| demi\b| ans?\b)"
)
_FILLERS = frozenset({
    "euh", "heu", "hmm", "bah", "ben", "alors", "bon", "ok", "oui", "ouais", "voila", "moi", "bonjour",
    "salut", "coucou", "bonsoir",
})


@dataclass(frozen=True)
class _Candidate:
    age: int
    start: int  # in the normalised text
    end: int
    confidence: float


def _age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _safe_date(year: int, month: int, day: int | None) -> date | None:
    if not 1 <= month <= 12:
        return None
    last_day = calendar.monthrange(year, month)[1]
    day = last_day if day is None else day  # unknown day: the youngest age possible
    return date(year, month, day) if 1 <= day <= last_day else None


def _birth_candidates(text: str, today: date) -> list[_Candidate]:
    found = []
    for pattern in (_BIRTH_DATE, _LONE_DATE):
        for m in pattern.finditer(text):
            birth = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if birth and birth <= today:
                found.append(_Candidate(_age_on(birth, today), m.start(), m.end(), 1.0))
    for m in _BIRTH_DAY_MONTH.finditer(text):
        day = m.group(1)
        birth = _safe_date(int(m.group(3)), _MONTHS.index(m.group(2)) + 1,
                           int(day[:-2] if day == "1er" else day) if day else None)
        if birth and birth <= today:
            found.append(_Candidate(_age_on(birth, today), m.start(), m.end(), 1.0 if day else 0.9))
    for m in _BIRTH_YEAR.finditer(text):
        year = full_year(m.group(1), today)
        if year <= today.year:
            found.append(_Candidate(today.year - year - 1, m.start(), m.end(), 0.8))
    return found


def _years_candidates(norm: NormalizedText) -> list[_Candidate]:
    text = norm.text
    found = []
    for m in _YEARS.finditer(text):
        first, _ = norm.token_range(m.start(1), m.end(1))
        unit = norm.tokens[first + 1]
        if m.group(2) == "a" and unit.start != norm.tokens[first].end:
            continue  # "19 a" with a space is "19 à …", only the glued "19a" means years
        if _NOT_AN_AGE_AFTER.match(text[m.end():]):
            continue
        value = int(m.group(1))
        before = text[:m.start()]
        if _OWN_AGE_BEFORE.search(before):
            found.append(_Candidate(value, m.start(), m.end(), 1.0))
        elif _ALMOST_BEFORE.search(before):
            found.append(_Candidate(value - 1, m.start(), m.end(), 0.8))
        elif (first == 0 or _starts_clause(norm, first) or _starts_after_a_name(norm, first)) and not (
            _someone_else_before(norm, first)
        ):
            found.append(_Candidate(value, m.start(), m.end(), 0.9))
    for m in _OWN_NUMBER.finditer(text):
        after = text[m.end():]
        if _NOT_AN_AGE_AFTER.match(re.sub(r"^ ans?\b", "", after)):
            continue  # "j'ai 20 ans d'expérience"
        value = int(m.group(2)) - (1 if m.group(1) else 0)
        found.append(_Candidate(value, m.start(2), m.end(2), 0.8 if m.group(1) else 0.9))
    return found


def _starts_clause(norm: NormalizedText, index: int) -> bool:
    """Is token `index` the first of a clause (after punctuation or a greeting)?"""
    previous = norm.tokens[index - 1].text
    return previous in _PUNCTUATION or previous in _CLAUSE_START_WORDS


def _starts_after_a_name(norm: NormalizedText, index: int) -> bool:
    """"moi c'est Karim 23 ans": a capitalised word inside the sentence, just before the number."""
    return index >= 2 and norm.tokens[index - 1].raw[:1].isupper() and norm.tokens[index - 2].text not in _PUNCTUATION


def _someone_else_before(norm: NormalizedText, index: int) -> bool:
    """Does the sentence before token `index` talk about someone else ("mon fils, 15 ans")?
    "maman de 3 enfants, 38 ans" is the resident: only "my/his child…" and "il/elle" count."""
    window = []
    for token in reversed(norm.tokens[max(0, index - 6):index]):
        if token.text in (".", "!", "?"):
            break
        window.append(token.text)
    return bool(_SOMEONE_ELSE.search(" ".join(reversed(window))))


def full_year(digits: str, today: date) -> int:
    """"98" → 1998, "05" → 2005, "2003" → 2003: a two-digit year is the last century's when it
    would otherwise be in the future."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year <= today.year % 100 else 1900
    return year


def age_from_number(digits: str, today: date) -> int:
    """The age meant by a bare number typed in answer to "how old are you?": "24" is 24 years,
    but "02" and "98" are birth years (nobody looking for a job is 98; "02" is no age)."""
    value = int(digits)
    if len(digits) == 2 and (digits.startswith("0") or value > BARE_AGE_MAX):
        return today.year - full_year(digits, today) - 1  # the youngest age possible, as for "né en"
    return value


def extract_age(norm: NormalizedText, today: date) -> list[Entity]:
    """At most one `age` entity: the most reliable statement of the resident's age."""
    candidates = [
        c for c in _birth_candidates(norm.text, today) + _years_candidates(norm)
        if RESIDENT_AGE_MIN <= c.age <= RESIDENT_AGE_MAX
    ]
    if not candidates:
        return []
    best = max(candidates, key=lambda c: (c.confidence, -c.start))
    start, end = norm.span(best.start, best.end)
    return [Entity("age", str(best.age), start, end, best.confidence)]


def extract_bare_number(norm: NormalizedText, today: date) -> list[Entity]:
    """`nombre` when the message is just a number ("19", "vingt deux", "22 !"); a lone birth year is an age."""
    kept = [
        t for t in norm.tokens
        if t.text not in _PUNCTUATION and t.text not in _FILLERS
    ]
    if len(kept) != 1 or not kept[0].text.isdigit():
        return []
    token = kept[0]
    if len(token.text) == 4:
        year = int(token.text)
        age = today.year - year - 1
        if year <= today.year and RESIDENT_AGE_MIN <= age <= RESIDENT_AGE_MAX:
            return [Entity("age", str(age), token.start, token.end, 0.8)]
        return []
    if len(token.text) > 3:
        return []  # a postal code or a phone number, not an answer to "how old are you"
    # "02" keeps its zero: as an answer to the age question it is a birth year (age_from_number).
    value = token.text if len(token.text) == 2 else str(int(token.text))
    return [Entity("nombre", value, token.start, token.end, 1.0)]
