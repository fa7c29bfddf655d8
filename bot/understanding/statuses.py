"""Statuses the resident states: registered with France Travail (ex-Pôle emploi), RSA, RQTH.

Each gives "true" or "false" only when the message says so; a question about the status
("c'est quoi le RSA ?") says nothing.
"""
from __future__ import annotations

import re

from bot.understanding.entity import Entity
from bot.understanding.rules import Rule, find, rule
from bot.understanding.text import NormalizedText

# France Travail under its names (lexicon: "ft" → "france travail", "pe" → "pole emploi").
FRANCE_TRAVAIL = r"(?:pole emploi|france travail|francetravail|anpe)"
_REGISTERED = r"(?:inscrit|inscrite|inscris|inscri|inscrits|enregistre|enregistree)"
_AT = r"(?: (?:a|au|chez|sur|avec|aupres de|a la|dans))?"
_CLAUSE_END = r"(?= ?$| [,.;!?]| et\b| mais\b| donc\b| car\b| parce\b| depuis\b| non\b| oui\b| je\b)"
_NO = r"\b(?:pas|plus|jamais|toujours pas|pas encore|non)"

_FRANCE_TRAVAIL_RULES = (
    # Negative statements first: their spans hide the positive patterns they contain.
    rule(_NO + r"(?: encore)? " + _REGISTERED + _AT + " " + FRANCE_TRAVAIL, "false"),
    rule(_NO + r"(?: encore)? " + _REGISTERED + _CLAUSE_END, "false", confidence=0.9),
    rule(_NO + r" (?:a|au|chez|avec) " + FRANCE_TRAVAIL, "false"),
    rule(r"\b(?:desinscrit|desinscrite|radie|radiee)\b", "false", confidence=0.9),
    rule(r"\b" + _REGISTERED + _AT + " " + FRANCE_TRAVAIL, "true"),
    rule(r"\b(?:je suis|suis|suivi|suivie|je ai un dossier) (?:a|au|chez|par|avec) " + FRANCE_TRAVAIL, "true"),
    rule(r"\b(?:mon|ma) (?:conseiller|conseillere|referent|referente|conseille)(?: (?:a|au|de|du|chez))?"
         r"(?: la| l)? " + FRANCE_TRAVAIL, "true"),
    rule(r"\bje suis " + _REGISTERED + _CLAUSE_END, "true", confidence=0.8),
    rule(r"\bdemandeu(?:r|se) d emploi\b", "true", confidence=0.9),
    rule(r"\bje (?:touche|percois|ai) (?:le |les |mon |mes |des )?(?:chomage|are|allocations? chomage)\b",
         "true", confidence=0.8),
)

# "c'est quoi le RSA", "comment avoir la RQTH", "faut-il être inscrit à France Travail": no statement.
_QUESTION = re.compile(
    r"(?:c est quoi|qu est ce que|comment|demander|demande|droit|peux|pourrais|obtenir|"
    r"faut|faudrait|dois|doit|devrais|information|informations|info|infos|renseignement|renseignements)"
    r"(?: \w+){0,3} $"
)
_RSA_RULES = (
    rule(r"\b(?:pas|plus|jamais|aucun|sans|non|ni)(?: \w+){0,3} rsa\b", "false"),
    rule(r"\brsa (?:non|termine|fini|coupe|suspendu|supprime)\b", "false"),
    rule(r"\brsa\b", "true", confidence=0.9),
    rule(r"\b(?:revenu de solidarite active|revenu de solidarite)\b", "true", confidence=0.9),
)
_RQTH_RULES = (
    rule(r"\b(?:pas|plus|jamais|aucun|aucune|sans|non|ni)(?: \w+){0,2} rqth\b", "false"),
    rule(r"\b(?:pas|non) reconnue? (?:comme |en tant que )?travailleu(?:r|se) handicapee?\b", "false"),
    rule(r"\brqth\b", "true", confidence=0.9),
    rule(r"\breconnue? (?:comme |en tant que )?travailleu(?:r|se) handicapee?\b", "true"),
    rule(r"\b(?:statut|reconnaissance(?: de la qualite)?) (?:de |d )?travailleu(?:r|se) handicapee?\b", "true"),
)


# "ça veut dire quoi RQTH ?": the message asks what a status is.
_ASKS_WHAT_IT_IS = re.compile(r"\b(?:veut dire|c est quoi|qu est ce|signifie|definition|explique)\b")


def _first_statement(norm: NormalizedText, rules: tuple[Rule, ...], slot: str) -> list[Entity]:
    if _ASKS_WHAT_IT_IS.search(norm.text):
        return []
    masked: list[tuple[int, int]] = []
    hits = []
    for r in rules:  # in order: a negative statement hides the positive words inside it
        for hit in find(norm, (r,), masked):
            if r.value == "true" and _QUESTION.search(norm.text[:hit.start]):
                continue
            hits.append(hit)
            masked.append((hit.start, hit.end))
    if not hits:
        return []
    hit = min(hits, key=lambda h: h.start)
    start, end = norm.span(hit.start, hit.end)
    return [Entity(slot, hit.value, start, end, hit.confidence)]


def status_spans(norm: NormalizedText) -> list[tuple[int, int]]:
    """Spans (normalised text) naming France Travail or a status: not a need nor an obstacle."""
    pattern = re.compile(
        FRANCE_TRAVAIL + r"|\bcap emploi\b|\bmaison de l emploi\b|\bdemandeu(?:r|se) d emploi\b|"
        r"\breconnue? (?:comme |en tant que )?travailleu(?:r|se) handicapee?\b|"
        r"\btravailleu(?:r|se) handicapee?\b"
    )
    return [(m.start(), m.end()) for m in pattern.finditer(norm.text)]


def extract_statuses(norm: NormalizedText) -> list[Entity]:
    return (
        _first_statement(norm, _FRANCE_TRAVAIL_RULES, "inscrit_france_travail")
        + _first_statement(norm, _RSA_RULES, "beneficiaire_rsa")
        + _first_statement(norm, _RQTH_RULES, "rqth")
    )


# Names of each status, as a resident answers "which of these situations is yours?" ("le RSA",
# "pôle emploi", "handicap"): there a bare name means "yes, that one".
_NAMED_STATUSES = (
    ("inscrit_france_travail", re.compile(
        r"\b(?:" + FRANCE_TRAVAIL + r"|inscrit|inscrite|inscription|demandeu(?:r|se) d emploi|chomage)\b")),
    ("beneficiaire_rsa", re.compile(r"\b(?:rsa|revenu de solidarite(?: active)?)\b")),
    ("rqth", re.compile(r"\b(?:rqth|handicap|handicape|handicapee|travailleu(?:r|se) handicapee?|mdph)\b")),
)
_NAMED_NEGATED = re.compile(r"\b(?:pas|plus|non|ni|sans|jamais|aucun|aucune)(?: \w+){0,2} $")
_NAMED_NEGATED_AFTER = re.compile(r"^ ?(?:non|pas|plus|jamais)\b")


def statuses_named(norm: NormalizedText) -> dict[str, bool]:
    """Statuses a reply to "which of these situations?" names, each True, or False when negated
    ("RSA oui, pôle emploi non", "pas la RQTH")."""
    if _ASKS_WHAT_IT_IS.search(norm.text):
        return {}
    named: dict[str, bool] = {}
    for slot, pattern in _NAMED_STATUSES:
        found = pattern.search(norm.text)
        if found:
            negated = _NAMED_NEGATED.search(norm.text[:found.start()]) or _NAMED_NEGATED_AFTER.match(
                norm.text[found.end():])
            named[slot] = not negated
    return named
