"""Masks what the matching never needs before a message is stored: phone numbers, e-mail
addresses, social security numbers (NIR), IBANs and long free text (a pasted CV, a life story).
The bot has already read the message when it is stored: masking changes nothing to the answer,
only to what is kept. What the matching needs is never masked: ages, years, postal codes,
INSEE codes, commune names.

Every pattern runs in linear time: each repetition is bounded or followed by characters it cannot
match, and every pattern starts with a look-behind that refuses to start inside a run of the
characters it repeats (a 100,000-character text takes milliseconds)."""
from __future__ import annotations

import re
from typing import Any

import phonenumbers

LONG_TEXT_CHARS = 280  # longer than any answer to the bot's questions; an SMS is 160
PHONE_MASK = "[téléphone masqué]"
EMAIL_MASK = "[courriel masqué]"
NIR_MASK = "[numéro de sécurité sociale masqué]"
IBAN_MASK = "[IBAN masqué]"

# What people put between the digits of a number: spaces (non-breaking and narrow ones too),
# dots, hyphens and dashes.
_SEP = r"[\s.\-\u2010-\u2015]"

# E-mail addresses, also spelled "prenom.nom @ gmail.com", "prenom [at] gmail [dot] com",
# "prenom(at)gmail.com", "prenom arobase gmail.com", in any case. The address ends with letters
# ("jean@gmail.com", not "rdv @ 14h.30").
_AT = (r"(?:\s{0,3}@\s{0,3}"
       r"|\s{0,3}[\[({]\s{0,2}(?:at|arobase)\s{0,2}[\])}]\s{0,3}"
       r"|\s{1,3}arobase\s{1,3})")
_DOT = r"(?:\.|\s{0,3}[\[({]\s{0,2}(?:dot|point)\s{0,2}[\])}]\s{0,3})"
_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}(?![\w-])",
    re.IGNORECASE,
)

# IBANs (15 to 34 characters): a country code, two check digits, then letters and digits in
# groups of four or not, upper or lower case: FR76 3000 6000 0112 3456 7890 189. The length and
# the words typed after it are checked by _iban.
_IBAN = re.compile(
    r"(?<!\w)[A-Za-z]{2}\d{2}(?:[ \t\u00a0\u202f\-]?[A-Za-z0-9]{4}){2,8}"
    r"(?:[ \t\u00a0\u202f\-]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])"
)
_IBAN_SEP = re.compile(r"([ \t\u00a0\u202f\-])")

# Social security numbers (NIR): sex (1, 2; 3, 4, 7, 8 for provisional numbers), year, month,
# department (2A, 2B for Corsica; 971… overseas with a 2-digit commune), commune, order number,
# then the 2-digit key, which may be left out. Either all digits together (the key may be apart)
# or spaced as on the card: 1 85 05 78 006 084 36. Never a list of postal codes (75011 75012 75013).
_NIR_PLACE_SPACED = rf"(?:(?:\d\d|2[AaBb]){_SEP}{{1,3}}\d{{3}}|9[78]\d{_SEP}{{1,3}}\d\d)"
_NIR = re.compile(
    r"(?<!\d)(?:"
    rf"[1-478]\d{{4}}(?:\d\d|2[AaBb])\d{{6}}(?:{_SEP}{{0,3}}\d\d)?"
    rf"|[1-478]{_SEP}{{1,3}}\d\d{_SEP}{{1,3}}\d\d{_SEP}{{1,3}}{_NIR_PLACE_SPACED}"
    rf"{_SEP}{{1,3}}\d{{3}}(?:{_SEP}{{1,3}}\d\d)?"
    r")(?!\d)"
)

# Phone numbers. French ones: 10 digits from 01 to 09 whatever goes between the digits
# (06 12 34 56 78, 06.12.34.56.78, 0612 345 678, 06-12-34-56-78), or with +33 / 0033 instead of
# the 0 (+33 6 12 34 56 78, +33 (0)6 12 34 56 78, (+33) 6…, 0033612345678). International ones:
# + then 8 to 15 digits (+44 20 7946 0958, +44 (0)20 7946 0958). And "6 12 34 56 78" without its
# 0, only written in pairs, so that "3 enfants", "25 ans", "2003" or "93100" are never taken.
# A date and time ("le 05.06.2023 10:30", "10h30") is not a phone number. This pattern finds more
# French spellings than the phonenumbers library's matcher (narrow spaces, "6 12 34 56 78",
# unassigned ranges) and never takes a date; the library adds foreign numbers written with 00
# (see _mask_dialled_from_france; it only reads texts of LONG_TEXT_CHARS or less).
_D = rf"{_SEP}{{0,3}}\d"
_NOT_A_TIME = r"(?!\d|[:hH]\d)"
_PHONE = re.compile(
    rf"(?<![\d+])0{_SEP}{{0,3}}[1-9](?:{_D}){{8}}{_NOT_A_TIME}"
    rf"|(?<![\d+(])(?:\(\s?)?(?:\+|00)\s?33\s?\)?{_SEP}{{0,3}}(?:\(\s?0\s?\){_SEP}{{0,3}}|0{_SEP}{{0,3}})?"
    rf"[1-9](?:{_D}){{8}}{_NOT_A_TIME}"
    rf"|(?<![\d+(])(?:\(\s?)?\+\s?\d(?:[\s.\-\u2010-\u2015()]{{0,3}}\d){{7,14}}(?!\d)"
    rf"|(?<![\w,])(?<!\d{_SEP})[1-9](?:{_SEP}\d\d){{4}}(?![\w]|{_SEP}\d)"
)


def _iban(match: re.Match) -> str:
    """The IBAN masked if it has an IBAN's length, once the words typed after it are put back
    ("FR76 … 7890 pour elle": "pour" and "elle" are not part of it)."""
    parts = _IBAN_SEP.split(match.group())  # groups and the separators between them
    kept = len(parts)
    while kept > 1 and parts[kept - 1].isalpha():
        kept -= 2
    if not 15 <= sum(len(p) for p in parts[:kept:2]) <= 34:
        return match.group()
    return IBAN_MASK + "".join(parts[kept:])


def _mask_dialled_from_france(text: str) -> str:
    """Foreign numbers written with the 00 prefix ("0044 20 7946 0958", "00213 555 12 34 56"):
    the phonenumbers library knows every country's numbering plan, the pattern above does not.
    Only those starting with 00 are taken: dates and times stay as they are ("05.06.2023 10")."""
    if "00" not in text:  # the matcher is slow: skip the texts it cannot find anything in
        return text
    found = [match for match in phonenumbers.PhoneNumberMatcher(text, "FR")
             if match.raw_string.lstrip("( ").startswith("00")]
    for match in reversed(found):
        text = text[:match.start] + PHONE_MASK + text[match.end:]
    return text


def mask_text(text: str) -> str:
    if len(text) > LONG_TEXT_CHARS:
        return f"[message de {len(text)} caractères masqué]"
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _IBAN.sub(_iban, text)
    text = _NIR.sub(NIR_MASK, text)
    return _PHONE.sub(PHONE_MASK, _mask_dialled_from_france(text))


def mask_value(value: Any) -> Any:
    """Strings masked wherever they are: inside lists, tuples and mappings (keys too), at any
    depth. Anything else (numbers, booleans, None) kept."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    if isinstance(value, tuple):  # a named tuple too: it is stored as a list anyway
        return tuple(mask_value(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return {mask_value(v) for v in value}
    if isinstance(value, dict):
        return {mask_value(k): mask_value(v) for k, v in value.items()}
    return value
