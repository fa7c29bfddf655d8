"""How a resident answers a question, whatever the question: yes, no, "je sais pas", "c'est quoi ?",
or one of the choices the bot offered, typed by hand or by its number.

The facts themselves (an age, a commune, an obstacle) come from the extractors; this module reads
the short replies that only mean something next to the question ("nan", "ouais grave", "👍",
"plus maintenant", "2", "garde des enfant"). What each reply does to each question is the
dialogue's business (actions/questions.yml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Optional, Sequence

from rapidfuzz import fuzz

from bot.understanding.text import normalize


class Kind(str, Enum):
    OUI = "oui"
    NON = "non"
    NE_SAIT_PAS = "ne_sait_pas"   # doesn't know, doesn't want to say, doesn't care
    QUOI = "quoi"                 # asks what the question means or why it is asked
    HESITE = "hesite"             # "hmm", "euh": no answer yet


@dataclass(frozen=True)
class Reply:
    kind: Kind
    # "plus maintenant", "pas encore", "en cours": a no that says more (kept for the wording).
    detail: Optional[str] = None


# Past this length a message is not a short reply (and the patterns below stay linear).
MAX_REPLY_CHARACTERS = 80

_YES_EMOJI = frozenset("👍👌✅✔☑🆗🙆🤝💯👏")
_NO_EMOJI = frozenset("👎❌✖🚫⛔🙅")
_DONT_KNOW_EMOJI = frozenset("🤷")
_WHAT_EMOJI = frozenset("❓❔🤔")

_FILLER = r"(?:(?:bah|ben|bon|beh|euh|heu|hmm|alors|ah|oh|eh|mais|franchement|honnetement|sinon|et)\s)*"
_POLITE = r"(?:\s(?:merci|madame|monsieur|m|stp|svp|s il (?:te|vous) plait|frere|wesh|mec|bien sur))*"

_YES_WORDS = (
    r"oui|ouais|ouaip|ouep|oue|ouii|ouai|yes|yep|yeah|ya|si|ok|okay|oki|okey|d accord|dac|grave|carrement|"
    r"bien sur|exact|exactement|c est ca|c est bien ca|voila|tout a fait|affirmatif|evidemment|absolument|"
    r"effectivement|certainement|oui oui|bien entendu|c est exact|c est juste|en effet|of course|"
    r"c est le cas|je confirme|confirme|correct|c est correct|juste|vrai|c est vrai|oui c est ca"
)
_NO_WORDS = (
    r"non|nan|nn|no|nope|nop|naan|nom|niet|non non|pas du tout|absolument pas|jamais|non jamais|"
    r"pas vraiment|negatif|pas spécialement|pas specialement|pas particulierement|du tout|"
    r"pas moi|pas le cas|ce n est pas le cas|c est pas le cas|faux|c est faux|pas ca|aucun|aucune|"
    r"rien|non rien|nan rien|rien du tout|aucunement|que dalle|nada|nein|pas pour l instant|pas pour le moment|"
    r"pas vraiment non|non pas vraiment|non plus|non aucun|non aucune"
)
# A no that says more: the status is over, or not there yet.
_NO_DETAILS = (
    (r"plus maintenant|plus depuis \w+(?: \w+)?|plus du tout|avant oui|avant|avant mais plus|oui avant|"
     r"je (?:l )?avais|je etais|c est fini|c est termine|termine|fini|je ne (?:le )?suis plus|je (?:le )?suis plus|"
     r"plus|je (?:l )?ai plus|je (?:le )?touche plus|oui mais plus maintenant|non plus maintenant|"
     r"plus en ce moment|plus actuellement|j ai ete radie|radie|radiee", "plus_maintenant"),
    (r"pas encore|toujours pas|bientot|pas encore inscrit|pas encore inscrite|je vais le faire|ca va venir|"
     r"bientot j espere|non pas encore", "pas_encore"),
    (r"(?:c est |la demande est |mon dossier est |le dossier est )?(?:en cours|en attente)(?: \w+){0,4}|"
     r"(?:demande|dossier) en cours(?: \w+){0,4}|je ai fait (?:la|une|ma) demande(?: \w+){0,4}|"
     r"je attends(?: \w+){0,6}|en train de le faire|ca se fait|je ai demande(?: \w+){0,4}|demande faite|"
     r"dossier depose|je ai depose (?:le|mon) dossier(?: \w+){0,4}", "en_cours"),
)
_DONT_KNOW_WORDS = (
    r"je sais pas|je ne sais pas|je sais plus|je ne sais plus|sais pas|je sais pas trop|aucune idee|"
    r"je sais pas du tout|je en sais rien|je en ai aucune idee|aucune idee du tout|je sais|"
    r"peut etre|p etre|pe|possible|je crois|je pense|je suppose|pas sur|pas sure|pas certain|pas certaine|"
    r"je suis pas sur|je suis pas sure|je ne suis pas sur|je ne suis pas sure|je me souviens (?:plus|pas)|"
    r"peu importe|n importe|nimporte|n importe quoi|ca m est egal|m en fous|je m en fous|osef|on s en fout|"
    r"bof|bof bof|comme tu veux|comme vous voulez|je prefere ne pas repondre|je prefere pas repondre|"
    r"je prefere pas|je prefere ne pas le dire|pas envie de repondre|pas envie de le dire|je veux pas repondre|"
    r"je ne veux pas repondre|je veux pas le dire|je ne veux pas le dire|ca vous regarde pas|ca te regarde pas|"
    r"c est prive|c est personnel|confidentiel|secret|passe|passer|on passe|suivant|question suivante|"
    r"je passe|joker|aucune importance|pas important|c est pas important|ca depend|tout|un peu de tout|"
    r"je hesite|j hesite|hesite|bonne question|jsp|chais pas|je vois pas"
)
_WHAT_WORDS = (
    r"c est quoi|ca veut dire quoi|veut dire quoi|qu est ce que c est|quoi|hein|comment|comment ca|"
    r"pourquoi|kesako|quesako|kezako|c est a dire|cad|explique|expliquez|explique moi|expliquez moi|"
    r"precise|precisez|de quoi|quelle question|pas compris|comprends pas|comprend pas|je comprends pas|"
    r"je comprend pas|je ne comprends pas|je ai pas compris|je n ai pas compris|a quoi ca sert|"
    r"ca sert a quoi|sert a quoi"
)
# A question back, with a few words after it: "c'est quoi la RQTH", "pourquoi vous demandez ça".
_WHAT_THEN = (
    r"(?:c est quoi|ca veut dire|que veut dire|qu est ce que|qu est ce qu|pourquoi|a quoi (?:ca )?sert|"
    r"ca sert a quoi|je comprends pas|je ne comprends pas|je comprend pas|explique moi|"
    r"expliquez moi|de quoi)(?: \w+){1,6}|(?:\w+ ){1,3}(?:c est quoi|ca veut dire quoi|veut dire quoi|ca veut dire)"
)
# Hesitations alone ("hmm", "euh…"): not an answer yet, whatever the intent classifier thinks.
_HESITATION = re.compile(r"^(?:(?:hmm|hm|hum|mmh|mmm|euh|heu|bah|ben|bon|ok|okay|alors|attends|attend|"
                         r"att|genre|bref)\s?)+$")


def _whole(words: str) -> re.Pattern[str]:
    """The whole message is one of `words`, with fillers before and polite words after."""
    return re.compile(rf"^{_FILLER}(?:{words}){_POLITE}$")


_YES = _whole(_YES_WORDS)
_NO = _whole(_NO_WORDS)
_DONT_KNOW = _whole(_DONT_KNOW_WORDS)
_WHAT = _whole(_WHAT_WORDS)
_WHAT_WITH_WORDS = _whole(_WHAT_THEN)
_WHY_NOT = _whole(r"pourquoi pas|why not")
_NO_DETAIL_PATTERNS = tuple((_whole(words), detail) for words, detail in _NO_DETAILS)
# "oui depuis deux ans", "ouais je suis inscrit", "oui bien sûr depuis 2022": a yes with a detail.
_YES_THEN_DETAIL = re.compile(rf"^{_FILLER}(?:{_YES_WORDS})\s(?!mais\b|et non\b|enfin non\b|non\b|plus\b|avant\b)")
# "non je ne suis pas inscrit", "nan jamais eu": a no with a detail.
_NO_THEN_DETAIL = re.compile(rf"^{_FILLER}(?:non|nan|nn|no|nope|jamais|pas du tout)"
                             r"\s(?!mais\b|en fait\b|enfin\b|oui\b)")
_PUNCTUATION = re.compile(r"\s?[.,;:!?()/…]")


def _emoji_reply(text: str) -> Optional[Reply]:
    """A message made of emoji and spaces only, all of one kind."""
    # Skin tones, gender signs and joiners only vary the emoji.
    symbols = {c for c in text if not c.isspace() and c not in "\ufe0f\u200d\u2640\u2642"
               and not 0x1F3FB <= ord(c) <= 0x1F3FF}
    if not symbols:
        return None
    for emoji, kind in ((_YES_EMOJI, Kind.OUI), (_NO_EMOJI, Kind.NON),
                        (_DONT_KNOW_EMOJI, Kind.NE_SAIT_PAS), (_WHAT_EMOJI, Kind.QUOI)):
        if symbols <= emoji:
            return Reply(kind)
    return None


def read_reply(text: str) -> Optional[Reply]:
    """The kind of short reply `text` is, or None when it is not one (a fact, a question, noise)."""
    text = (text or "").strip()
    if not text or len(text) > MAX_REPLY_CHARACTERS or text.startswith("/"):
        return None
    emoji = _emoji_reply(text)
    if emoji:
        return emoji
    if text.strip("?¿ ") == "":
        return Reply(Kind.QUOI)  # "?", "??"
    words = _PUNCTUATION.sub("", normalize(text).text).strip()
    if not words:
        return None
    for pattern, detail in _NO_DETAIL_PATTERNS:
        if pattern.match(words):
            return Reply(Kind.NON, detail)
    if _HESITATION.match(words) and not _YES.match(words):
        return Reply(Kind.HESITE)
    if _WHY_NOT.match(words):
        return Reply(Kind.OUI)
    if _WHAT.match(words) or _WHAT_WITH_WORDS.match(words):
        return Reply(Kind.QUOI)
    if _DONT_KNOW.match(words):
        return Reply(Kind.NE_SAIT_PAS)
    if _NO.match(words):
        return Reply(Kind.NON)
    if _YES.match(words):
        return Reply(Kind.OUI)
    for pattern, detail in _NO_DETAIL_PATTERNS:  # "oui mais plus maintenant"
        tail = re.sub(rf"^{_FILLER}(?:{_YES_WORDS}) (?:mais |enfin )?", "", words)
        if tail != words and pattern.match(tail):
            return Reply(Kind.NON, detail)
    if _NO_THEN_DETAIL.match(words):
        return Reply(Kind.NON)
    if _YES_THEN_DETAIL.match(words):
        return Reply(Kind.OUI)
    return None


_CHOICE_NUMBER = re.compile(r"(?:n°|n|no|num|numero|le|la|choix)?\s?(\d{1,2})(?:\s?[.)°])?")


def chosen_number(text: str) -> Optional[int]:
    """1-based number of a choice typed as its number ("2", "n°2", "le 3"), or None."""
    text = (text or "").strip().lower()
    if len(text) > 12:
        return None
    found = _CHOICE_NUMBER.fullmatch(text.replace("é", "e"))
    return int(found.group(1)) if found else None


def _comparable(text: str) -> str:
    return _PUNCTUATION.sub(" ", normalize(text).text).strip()


def chosen_title(text: str, titles: Sequence[str]) -> Optional[int]:
    """0-based index of the button whose title the resident typed by hand ("garde des enfant",
    "rien de tout ca"), or None when no title is close enough or two are equally close."""
    text = (text or "").strip()
    if not text or len(text) > MAX_REPLY_CHARACTERS or not titles:
        return None
    typed = _comparable(text)
    if len(typed) < 3:
        return None
    scores = sorted(((fuzz.ratio(typed, _comparable(t)), i) for i, t in enumerate(titles)), reverse=True)
    best, index = scores[0]
    if best < 85 or (len(scores) > 1 and scores[1][0] == best):
        return None
    return index


def chosen_button(text: str, titles: Sequence[str]) -> Optional[int]:
    """0-based index of the button the resident means by its number or its typed title."""
    number = chosen_number(text)
    if number is not None:
        return number - 1 if 1 <= number <= len(titles) else None
    return chosen_title(text, titles)
