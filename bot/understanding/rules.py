"""Keyword rules run on the normalised text, with negation and typo handling shared by extractors."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.understanding.text import NormalizedText, Token, rebuild

# "pas de", "aucun problème de", "sans", "jamais"… just before a match negates it.
_NEGATED_BEFORE = re.compile(
    r"(?:^|\s)(?:pas|plus|aucun|aucune|sans|ni|jamais|zero|non)"
    r"(?: (?:de|d|du|des|le|la|les|l|mon|ma|mes|vraiment|trop|beaucoup|bien|encore|un|une|du tout|"
    r"grand chose|probleme|problemes|souci|soucis|difficulte|difficultes|frein|freins|particulier))* $"
)


@dataclass(frozen=True)
class Rule:
    """`pattern` found in the normalised text means `value`; a `negatable` rule does not count after
    a negation ("pas malade"). Rules whose pattern states a lack ("pas de permis") are not negatable."""

    pattern: re.Pattern[str]
    value: str
    negatable: bool = False
    confidence: float = 1.0


def rule(pattern: str, value: str, negatable: bool = False, confidence: float = 1.0) -> Rule:
    return Rule(re.compile(pattern), value, negatable, confidence)


@dataclass(frozen=True)
class Hit:
    value: str
    start: int  # offsets in the normalised text
    end: int
    confidence: float


def is_negated(text: str, start: int) -> bool:
    return bool(_NEGATED_BEFORE.search(text[:start]))


def find(norm: NormalizedText, rules: Iterable[Rule], masked: Iterable[tuple[int, int]] = ()) -> list[Hit]:
    """Every rule match not negated and not overlapping a masked span, in text order, no overlaps."""
    masked = list(masked)
    hits: list[Hit] = []
    for r in rules:
        for m in r.pattern.finditer(norm.text):
            if any(m.start() < end and start < m.end() for start, end in masked):
                continue
            if r.negatable and is_negated(norm.text, m.start()):
                continue
            hits.append(Hit(r.value, m.start(), m.end(), r.confidence))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if not any(hit.start < k.end and k.start < hit.end and hit.value == k.value for k in kept):
            kept.append(hit)
    return kept


def correct_typos(norm: NormalizedText, vocabulary: frozenset[str], known_words: frozenset[str]) -> NormalizedText:
    """Replace misspelt keywords ("fomation", "logment", "traavil") by the keyword, keeping the
    original offsets.

    Only words of 5+ letters that are not themselves known words are touched, and only when they
    are very close to a keyword (ratio >= 88, or two letters swapped in a word of 6+ letters, the
    commonest slip on a phone keyboard), so precision stays high."""
    choices = sorted(vocabulary)
    changed = False
    tokens: list[Token] = []
    for token in norm.tokens:
        word = token.text
        if len(word) >= 5 and word.isalpha() and word not in vocabulary and word not in known_words:
            best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=88)
            if best is None and len(word) >= 6:
                best = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=1)
            if best is not None:
                token = Token(best[0], token.start, token.end, token.raw)
                changed = True
        tokens.append(token)
    return rebuild(norm.original, tokens) if changed else norm
