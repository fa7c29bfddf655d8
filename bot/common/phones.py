"""French phone numbers: read as staff and residents write them, shown as residents dial them.

Parsing relies on the maintained `phonenumbers` library (libphonenumber's metadata): it knows
the international prefixes (+33, 0033), the trunk "(0)" and every separator. On top of it, the
rules of this bot: a French number is one of mainland France's ten-digit numbers (01… to 09…),
a short service number (39 49, 30 20) or an emergency number (15, 115…); the catalogue shows
them in pairs ("01 48 70 60 38"), and tel: links and data·inclusion use E.164 ("+33148706038").

Masking phone numbers in free text is another job (bot/privacy/masking.py finds them there).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import phonenumbers
from phonenumbers import CountryCodeSource

FRANCE = 33
EMERGENCY_NUMBERS = frozenset({"15", "17", "18", "112", "114", "115", "119"})
# What a phone number may be written with: digits, one leading "+" (in brackets or not), and
# separators.
_WRITTEN_AS_A_NUMBER = re.compile(r"\(?\s*\+?[\d\s.\-/()\u00a0\u202f]+")
_SHORT_NUMBER = re.compile(r"[13]\d{3}")  # 3949, 3939, 1010…
_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u202f]")


@dataclass(frozen=True)
class FrenchPhone:
    digits: str  # as dialled in France: "0148706038", "3949", "115"

    @property
    def national(self) -> str:
        """As the catalogue shows it: "01 48 70 60 38", "39 49", "115"."""
        if len(self.digits) == 10:
            return " ".join(self.digits[i:i + 2] for i in range(0, 10, 2))
        if len(self.digits) == 4:
            return f"{self.digits[:2]} {self.digits[2:]}"
        return self.digits

    @property
    def international(self) -> Optional[str]:
        """E.164 ("+33148706038"); None for short and emergency numbers, which cannot be dialled
        from abroad."""
        return f"+33{self.digits[1:]}" if len(self.digits) == 10 else None


def french_phone(text: str) -> Optional[FrenchPhone]:
    """The French number `text` is written as, or None (foreign, incomplete, several, words)."""
    text = str(text).strip()
    if not _WRITTEN_AS_A_NUMBER.fullmatch(text):
        return None
    compact = _SEPARATORS.sub("", text.replace("(0)", ""))  # "+33 (0)1 48…": the 0 is not dialled
    if _SHORT_NUMBER.fullmatch(compact) or compact in EMERGENCY_NUMBERS:
        return FrenchPhone(compact)
    if compact.startswith("+00"):
        return None
    try:
        number = phonenumbers.parse(compact, "FR", keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return None
    national = str(number.national_number)
    written_in_france = number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY
    # A French number starts with 0, +33 or 0033: not "6 12 34 56 78" nor "33 6 12 34 56 78".
    if (number.country_code != FRANCE or len(national) != 9 or number.italian_leading_zero
            or number.country_code_source == CountryCodeSource.FROM_NUMBER_WITHOUT_PLUS_SIGN
            or (written_in_france and not compact.startswith("0"))):
        return None
    return FrenchPhone("0" + national)


def national_phone(text: str) -> Optional[str]:
    """"+33 1 48 70 60 38" → "01 48 70 60 38", "3949" → "39 49"; None if not a French number."""
    phone = french_phone(text)
    return phone.national if phone else None


def international_phone(text: str) -> Optional[str]:
    """"01 48 70 60 38" → "+33148706038" (tel: links); None for short, foreign or no numbers."""
    phone = french_phone(text)
    return phone.international if phone else None
