"""Normalise a resident's message while remembering where every piece came from.

The message is cut into tokens (words, numbers, punctuation). Each token is folded (lowercase,
no accents), SMS spellings are spelled out ("jcherche" → "je cherche", "g" → "je ai"), elisions
are written in full ("j'" → "je"), and number words become digits ("dix-neuf" → "19").
Rules then run regular expressions on `NormalizedText.text` (tokens joined by single spaces) and
`NormalizedText.span` turns a match back into offsets of the ORIGINAL message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from text_to_num import text2num

from bot.common.folding import lower_without_accents
from bot.understanding.lexicon import SMS_SPELLINGS

# Words, numbers, and the punctuation that separates clauses. Apostrophes, hyphens and other
# symbols (emoji, quotes…) only separate tokens.
_TOKEN = re.compile(r"\d+|[^\W\d_]+|[.,;:!?()/…]")
_REPEATED_LETTER = re.compile(r"([a-z])\1{2,}")  # "bonjourrrr" → "bonjour"
# "j" followed by a consonant and a verb, glued: "jcherche", "jhabite", "jsuis", "jpeux".
_GLUED_JE = re.compile(r"^j([bcdfghklmnpqrstvwxz][a-z]{2,})$")

_UNITS = {
    "zero", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
    "onze", "douze", "treize", "quatorze", "quinze", "seize",
}
_TENS = {"vingt", "vingts", "trente", "quarante", "cinquante", "soixante", "septante", "huitante", "nonante"}
_NUMBER_WORDS = _UNITS | _TENS | {"cent", "cents", "mille"}
_NUMBER_TYPOS = {"vint": "vingt", "trante": "trente", "quarente": "quarante", "cinquente": "cinquante"}
# "dixneuf", "vingtdeux", "vingtetun": number words glued together.
_GLUED_NUMBER = re.compile(
    r"^(dix|vingt|trente|quarante|cinquante|soixante)(et)?"
    r"(un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|onze)$"
)


@dataclass(frozen=True)
class Token:
    text: str  # normalised
    start: int  # offsets in the original message
    end: int
    raw: str  # the original characters


@dataclass(frozen=True)
class NormalizedText:
    original: str
    tokens: tuple[Token, ...]
    text: str  # normalised tokens joined by single spaces
    _token_at: tuple[int, ...]  # index of the token each character of `text` belongs to

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original message of the characters `text[start:end]` come from."""
        first = self._token_at[start]
        last = self._token_at[max(start, end - 1)]
        return self.tokens[first].start, self.tokens[last].end

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Indexes [first, last + 1) of the tokens covering `text[start:end]`."""
        return self._token_at[start], self._token_at[max(start, end - 1)] + 1



def _fold_word(raw: str) -> str:
    return _REPEATED_LETTER.sub(r"\1", lower_without_accents(raw))


def _expand(word: str) -> list[str]:
    """A folded word → its normalised token(s)."""
    if word in SMS_SPELLINGS:
        return SMS_SPELLINGS[word].split()
    if word in ("j", "je"):
        return ["je"]
    glued = _GLUED_JE.match(word)
    if glued and glued.group(1) not in ("sp",):
        return ["je", *_expand(glued.group(1))]
    if word in _NUMBER_TYPOS:
        return [_NUMBER_TYPOS[word]]
    number = _GLUED_NUMBER.match(word)
    if number:
        return [part for part in number.groups() if part]
    return [word]


_LONG_NUMBER_WORDS = sorted(w for w in _UNITS | _TENS if len(w) >= 5)  # no "mille": "ville"


def _number_word_typos(tokens: list[Token]) -> list[Token]:
    """"quaante ans", "vignt-deux": a misspelt number word is read as the number word when it
    comes before "ans", or alone in a short answer (the answer to "how old are you?")."""
    corrected = []
    for index, token in enumerate(tokens):
        word = token.text
        before_years = index + 1 < len(tokens) and tokens[index + 1].text in ("ans", "an")
        short_answer = len(tokens) <= 3
        if (len(word) >= 5 and word.isalpha() and word not in _NUMBER_WORDS
                and (before_years or short_answer)):
            best = process.extractOne(word, _LONG_NUMBER_WORDS, scorer=fuzz.ratio, score_cutoff=80)
            if best:
                token = Token(best[0], token.start, token.end, token.raw)
        corrected.append(token)
    return corrected


def _is_number_word(tokens: list[Token], index: int) -> bool:
    word = tokens[index].text
    if word in _NUMBER_WORDS:
        return True
    # "et" only inside a number: "vingt et un", "soixante et onze".
    return (
        word == "et" and index > 0 and tokens[index - 1].text in _TENS
        and index + 1 < len(tokens) and tokens[index + 1].text in ("un", "une", "onze")
    )


def _numbers_to_digits(tokens: list[Token]) -> list[Token]:
    """Runs of number words → one digit token spanning them ("vingt et un" → "21")."""
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        if not _is_number_word(tokens, index):
            result.append(tokens[index])
            index += 1
            continue
        end = index
        while end < len(tokens) and _is_number_word(tokens, end):
            end += 1
        run = tokens[index:end]
        words = [t.text for t in run]
        value = None
        if words not in (["un"], ["une"]):  # a lone "un"/"une" is an article
            try:
                value = text2num(" ".join(words), "fr")
            except ValueError:
                value = None
        if value is None:
            result.extend(run)
        else:
            result.append(Token(str(value), run[0].start, run[-1].end, " ".join(t.raw for t in run)))
        index = end
    return result


def normalize(text: str) -> NormalizedText:
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        raw = match.group(0)
        for word in _expand(_fold_word(raw)):
            tokens.append(Token(word, match.start(), match.end(), raw))
    # "c loin" → "c est loin" (but "c'est" is already "c est").
    expanded: list[Token] = []
    for index, token in enumerate(tokens):
        expanded.append(token)
        if token.text == "c" and (index + 1 == len(tokens) or tokens[index + 1].text != "est"):
            expanded.append(Token("est", token.start, token.end, token.raw))
    return rebuild(text, _numbers_to_digits(_number_word_typos(expanded)))


def rebuild(original: str, tokens: list[Token]) -> NormalizedText:
    """A NormalizedText from already normalised tokens."""
    pieces: list[str] = []
    token_at: list[int] = []
    for index, token in enumerate(tokens):
        if index:
            pieces.append(" ")
            token_at.append(index)  # a space belongs to the token after it
        pieces.append(token.text)
        token_at.extend([index] * len(token.text))
    return NormalizedText(original, tuple(tokens), "".join(pieces), tuple(token_at))
