"""Messages that speak of suicide, violence at home, a child in danger, sleeping outside or an
immediate danger: the bot gives the right national numbers at once, whatever it was asking.

Rules on the normalised text (SMS spelling, no accents, see text.py), tuned for recall: a
resident in danger who gets the numbers once too often loses nothing, one who does not get them
may lose a lot. Figurative phrases common in a job search ("ce boulot me tue", "tuer le temps")
match no rule: killing oneself is only read after "je vais", "je veux", "envie de"…
"""
from __future__ import annotations

import re
from typing import List

from rapidfuzz import fuzz

from bot.understanding.text import normalize

SUICIDE, VIOLENCE, ENFANT, RUE, DANGER = "suicide", "violence", "enfant", "rue", "danger"

_PATTERNS = {
    SUICIDE: (
        r"\bsuicid\w*|\bsuisid\w*|\bsucid\w*|\bsuicd\w*",
        r"\b(?:envie|envi|besoin|veux|ve|voudrais|vais|pense a|penser a|pense) (?:de |d )?(?:mourir|mourrir|crever|"
        r"disparaitre|en finir|me tuer|me foutre en l air|me jeter|sauter|me pendre|partir pour toujours)\b",
        r"\b(?:plus|pas) (?:envie|envi|la force) de vivre\b|\bmarre de vivre\b|\bplus la force de continuer\b",
        r"\ben finir (?:avec la vie|avec ma vie|une bonne fois)\b|\bmettre fin a (?:mes jours|ma vie)\b",
        r"\b(?:je vais|je veux|va|vais) (?:me tuer|me pendre|me jeter|sauter du|me foutre en l air|me faire du mal)\b",
        r"\bme (?:faire du mal|scarifier|mutiler)\b|\bscarif\w*",
        r"\bla vie (?:n a plus de sens|ne vaut rien)\b|\bje veux plus vivre\b|\bje ne veux plus vivre\b",
        r"\b(?:je sers a rien|je suis un poids) (?:pour|a) (?:tout le monde|ma famille)\b",
    ),
    VIOLENCE: (
        r"\b(?:mon|ma|le|la) (?:mari|copain|conjoint|compagnon|ex|femme|copine|conjointe|compagne|"
        r"pere|beau pere|frere|famille)(?: \w+){0,2} (?:me|m) (?:frappe|bat|tape|cogne|viole|etrangle|menace|"
        r"enferme|insulte|maltraite|brutalise|agresse|harcele|tabasse)\w*",
        r"\b(?:il|elle|ils) (?:me|m) (?:frappe|bat|tape|cogne|viole|etrangle|menace de mort|tabasse|brutalise)\w*",
        r"\b(?:violence|violences) (?:conjugale|conjugales|familiale|familiales|a la maison|chez moi|domestique|"
        r"domestiques|sexuelle|sexuelles)\b",
        r"\bje suis (?:battue|battu|frappee|violee|viole|maltraitee|maltraite|sous emprise|menacee|agressee)\b",
        r"\b(?:on|il|elle) (?:m a|ma) (?:viole|violee|frappe|frappee|agresse|agressee|tabasse)\b",
        r"\bfemme battue\b|\bviol conjugal\b|\bemprise\b",
    ),
    ENFANT: (
        r"\b(?:mon|ma|mes|un|une|des|les|le|la) (?:enfant|enfants|fils|fille|filles|gamin|gamins|petit|petite|bebe|"
        r"neveu|niece)(?: \w+){0,2} (?:est|sont|se fait|se font|a ete|ont ete)? ?(?:frappe|frappes|frappee|battu|"
        r"battus|battue|battre|frapper|maltraite|maltraites|maltraitee|viole|violee|agresse|agressee|en danger|"
        r"abuse|abusee)\b",
        r"\b(?:il|elle|ils) (?:frappe|bat|tape|maltraite|viole|touche) (?:mon|ma|mes|les|le|la) "
        r"(?:enfant|enfants|fils|fille|filles|gamin|gamins|petit|petite|bebe)\b",
        r"\benfant (?:en danger|maltraite|battu)\b|\bmaltraitance\b|\binceste\b|\bpedophil\w*",
        r"\b(?:mes parents|mon pere|ma mere|mon beau pere|ma belle mere) (?:me|m) (?:frappe|frappent|bat|battent|"
        r"tape|tapent|viole|maltraite|maltraitent)\w*",
    ),
    RUE: (
        r"\b(?:je dors|dormir|je dormirai|je vais dormir|j ai dormi|on dort|nous dormons|dors) "
        r"(?:dehors|dans la rue|a la rue|dans ma voiture|dans la voiture|dans un parking|dans le metro|"
        r"dans une cage d escalier|sous un pont)\b",
        r"\b(?:je suis|on est|nous sommes|je me retrouve|on se retrouve|je vais etre|je serai) (?:a la rue|dans la rue|"
        r"sans abri|sdf|sans domicile)\b",
        r"\bsdf\b|\bsans abri\b|\bsans domicile fixe\b",
        r"\b(?:nulle part|pas d endroit|aucun endroit|pas de place|rien|personne) (?:ou|pour) dormir\b",
        r"\b(?:expulse|expulsee|mis dehors|mise dehors|jete dehors|jetee dehors|vire de chez moi|viree de chez moi)"
        r"(?: \w+){0,3} (?:ce soir|aujourd hui|demain|cette nuit)\b",
        r"\bappeler le 115\b|\bnumero du 115\b",
    ),
    DANGER: (
        r"\b(?:je suis|on est|nous sommes|mes enfants sont|ma vie est) en danger\b",
        r"\b(?:il|elle|ils|on) (?:va|veut|vont|veulent) (?:me|nous) tuer\b|\bmenace de mort\b|\bmenaces de mort\b",
        # "au secours je comprends rien" is a figure of speech: alone or with a call for help only.
        r"^au secours ?!?$|\bau secours (?:il|elle|on|aidez|aide moi|vite|police|svp)\b|\baidez moi vite\b|"
        r"\bappelez la police\b|\bil a un couteau\b|\bil a une arme\b",
    ),
}
_COMPILED = {kind: re.compile("|".join(patterns)) for kind, patterns in _PATTERNS.items()}
# Misspelt "suicide" words of one token ("suiside", "sucide", "suicde").
_SUICIDE_WORDS = ("suicide", "suicider", "suicidaire")

MAX_CHARACTERS = 2000  # a longer paste is read on its first part only


def distress_kinds(text: str) -> List[str]:
    """The kinds of danger a message speaks of, in a fixed order; [] for most messages."""
    if not text or text.startswith("/"):
        return []
    norm = normalize(text[:MAX_CHARACTERS]).text
    found = [kind for kind, pattern in _COMPILED.items() if pattern.search(norm)]
    if SUICIDE not in found and any(
            len(word) >= 6 and max(fuzz.ratio(word, s) for s in _SUICIDE_WORDS) >= 85 for word in norm.split()):
        found.insert(0, SUICIDE)
    return found


# What each kind of danger calls for, in plain French (numbers free of charge, day and night).
_NUMBERS = {
    SUICIDE: "Vous n'êtes pas seul·e : appelez le 3114, gratuit, jour et nuit, quelqu'un vous écoute.",
    VIOLENCE: "Violences à la maison : appelez le 3919, gratuit et anonyme, jour et nuit.",
    ENFANT: "Un enfant en danger : appelez le 119, gratuit, jour et nuit.",
    RUE: "Pour dormir à l'abri : appelez le 115, gratuit, jour et nuit.",
}
URGENCE = "En danger maintenant : appelez le 17 ou le 112 (par SMS : le 114)."


def distress_message(kinds: List[str]) -> str:
    """One short message with the right numbers, the emergency ones always last."""
    lines = [_NUMBERS[k] for k in kinds if k in _NUMBERS]
    if DANGER in kinds or VIOLENCE in kinds or ENFANT in kinds or SUICIDE in kinds or not lines:
        lines.append(URGENCE)
    return " ".join(lines) + " Je reste là si vous voulez continuer."
