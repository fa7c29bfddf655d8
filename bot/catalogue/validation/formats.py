"""The formats of the catalogue's values: codes, contacts, opening hours, and the doubts a valid
value may still raise (a phone number reserved for fiction, a domain reserved for examples)."""
from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

from opening_hours import OpeningHours

from bot.common.folding import ascii_lower

DESCRIPTION_MAX = 2000
NOM_MIN, NOM_MAX = 3, 150

ID = re.compile(r"[a-z0-9-]+")
CODE_POSTAL = re.compile(r"\d{5}")
CODE_COMMUNE = re.compile(r"\d{5}|2[AB]\d{3}")
CODE_DEPARTEMENT = re.compile(r"\d{2}|2[AB]|97\d")
CODE_EPCI = re.compile(r"\d{9}")


def is_zone_code(code: str) -> bool:
    """A commune (INSEE), a département or an EPCI (SIREN) code, as `zone_eligibilite` holds them."""
    return any(kind.fullmatch(code) for kind in (CODE_COMMUNE, CODE_DEPARTEMENT, CODE_EPCI))

# Numbers ARCEP reserves for fiction (films, examples): they ring nowhere.
_FICTION_PREFIXES = ("01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49", "06 39 98")
# Domains reserved for examples and tests (RFC 2606 / 6761): no mail arrives, no page opens.
_PLACEHOLDER_DOMAIN = re.compile(r"(^|\.)(example\.(com|org|net|fr)|example|test|invalid|localhost)$", re.I)


def telephone_doubt(normalised: str) -> Optional[str]:
    """Why a (normalised) French number looks like a dead end for a resident, or None."""
    digits = normalised.replace(" ", "")
    if normalised.startswith(_FICTION_PREFIXES):
        return "ce numéro est réservé aux exemples et à la fiction : il ne sonne nulle part"
    if len(digits) == 10 and (len(set(digits[1:])) == 1 or digits in ("0123456789", "0102030405")):
        return "ce numéro ressemble à un numéro inventé"
    if digits.startswith("089"):
        return "ce numéro est surtaxé : l'appel coûte cher aux habitants"
    return None


def domain_doubt(host: str) -> Optional[str]:
    """Why an e-mail or web domain cannot be real (reserved for examples), or None."""
    if _PLACEHOLDER_DOMAIN.search(host.rstrip(".")):
        return f"le domaine « {host} » est réservé aux exemples : rien n'y arrive"
    return None


_COURRIEL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def is_courriel(text: str) -> bool:
    return bool(_COURRIEL.fullmatch(text))


def is_url(text: str) -> bool:
    if re.search(r"\s", text):
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and "." in parts.netloc


def parse_opening_hours(text: str) -> bool:
    try:
        OpeningHours(text)
    except Exception:  # the Rust parser raises its own ParserError (and may raise others)
        return False
    return True


_DAYS_FR = [  # French names and abbreviations, and the OSM codes written in lowercase
    (r"lundi|lun|lu|mo", "Mo"), (r"mardi|mar|ma|tu", "Tu"), (r"mercredi|mer|me|we", "We"),
    (r"jeudi|jeu|je|th", "Th"), (r"vendredi|ven|ve|fr", "Fr"), (r"samedi|sam|sa", "Sa"),
    (r"dimanche|dim|di|su", "Su"),
]


def suggest_opening_hours(text: str) -> Optional[str]:
    """Rewrite common French writings ("du lundi au vendredi de 9h à 12h") in OSM syntax, if it parses."""
    out = ascii_lower(text)
    out = re.sub(r"\s*([-,;])\s*", r"\1", out)
    for words, code in _DAYS_FR:
        out = re.sub(rf"\b(?:{words})\b\.?", code, out)
    day = r"(Mo|Tu|We|Th|Fr|Sa|Su)"
    out = re.sub(rf"\bdu {day} au {day}\b", r"\1-\2", out)
    out = re.sub(rf"\b{day} au {day}\b", r"\1-\2", out)
    out = re.sub(r"\b(\d{1,2})[h:](\d{2})?\b", lambda m: f"{int(m.group(1)):02d}:{m.group(2) or '00'}", out)
    out = re.sub(r"\bde (?=\d)", "", out)
    out = re.sub(r"(\d\d:\d\d) ?(?:a|-) ?(\d\d:\d\d)", r"\1-\2", out)
    for _ in range(3):  # "9h-12h, 14h-17h et 18h-19h"
        out = re.sub(r"(\d\d:\d\d) ?(?:et|,) ?(\d\d:\d\d)", r"\1,\2", out)
    out = re.sub(r"\s*(?:\bet\b|;)\s*", "; ", out)
    out = re.sub(r"\s+", " ", out).strip(" ;")
    if out and out != text and parse_opening_hours(out):
        return out
    return None
