"""What the bot must do with each hostile message, checked over its REST channel and tracker API.

Used by tests/e2e/test_hostile_corpus.py (`make test`) and bench/reliability.py (`make reliability`).
For each message of the corpus, in a fresh conversation: the `before` messages, the hostile message
(`repeat` times at once for a flood), then a normal message (FOLLOW_UP). Checked: no server error,
never an empty answer, nothing leaked in the texts (Python errors, None, braces, placeholders, the
message's HTML echoed back), no slot holding a value the bot's validation forbids, the follow-up
understood (age 30), and the national numbers for a message in distress.
"""
from __future__ import annotations

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Dict, Iterable, List, Optional, Set, Tuple

import requests

from bot.catalogue.situation_vocabulary import STATUS_SLOTS

from .corpus import Hostile

try:  # what the channels say when the bot could not answer, or when a conversation floods it
    from bot.channels.answering import NOT_ANSWERED
    from bot.channels.rate_limit import PERIOD_SECONDS, SLOW_DOWN
except ImportError:  # an older bot: no such answers
    NOT_ANSWERED, SLOW_DOWN, PERIOD_SECONDS = "\0", "\0", 0.0

FOLLOW_UP = "bonjour j'ai 30 ans j'habite à Bondy"
FOLLOW_UP_AGE = 30
REQUEST_TIMEOUT = 90
FLOOD_THREADS = 10

AGE_MIN, AGE_MAX = 14, 99  # bot/common/ages.py (written again here: the checks are an independent reading)
QUARTIER_MAX_CHARS = 40  # actions/validation.py
MAX_ASKS = 2  # actions/form.py: no question is asked a third time
KNOWN_SLOTS = {
    "age", "commune", "code_insee", "commune_proposee", "code_insee_propose", "commune_confirmee",
    "quartier", "besoin", "freins", *STATUS_SLOTS, "statuts", "questions_posees", "non_renseignes",
    "services_affiches", "requested_slot", "session_started_metadata",
}

# What must never reach a resident: Python errors, empty values, raw data, unfilled templates.
LEAKS = [
    ("Traceback", re.compile(r"Traceback")), ("Exception", re.compile(r"Exception")),
    ("Error", re.compile(r"Error")), ("None", re.compile(r"\bNone\b")), ("null", re.compile(r"\bnull\b")),
    ("undefined", re.compile(r"\bundefined\b")), ("NaN", re.compile(r"\bNaN\b")),
    ("{", re.compile(r"\{")), ("}", re.compile(r"\}")), ("%s", re.compile(r"%\(?\w*\)?[sd]\b")),
    ("${", re.compile(r"\$\{")),
]
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>")
_DANGEROUS = ("javascript:", "onerror=", "onload=")


# --- the bot's own rules, read from its code (the test must not drift from it) -------------------

@lru_cache(maxsize=1)
def _rules() -> Tuple[Set[str], Set[str], Set[str], Any]:
    from actions.questions import questions
    from bot.catalogue.communes import CommuneRef
    from bot.catalogue.situation_vocabulary import BESOINS, FREINS

    return set(BESOINS), set(FREINS), set(questions()), CommuneRef.load_default()


def service_ids(catalogue_dir) -> Optional[Set[str]]:
    """The ids of the services of a catalogue folder (what `services_affiches` may hold); None when
    the folder is not a valid catalogue right now (another test may be editing it): then only the
    type of `services_affiches` is checked."""
    from bot.catalogue.loader import load_catalogue

    catalogue, _report = load_catalogue(catalogue_dir, _rules()[3])
    return {s.id for s in catalogue.services} if catalogue is not None else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _commune_pair(slots: Dict[str, Any], name_slot: str, code_slot: str) -> List[str]:
    name, code = slots.get(name_slot), slots.get(code_slot)
    if name is None and code is None:
        return []
    communes = _rules()[3]
    if not isinstance(code, str) or len(code) != 5:
        return [f"{code_slot}={code!r} (pas un code INSEE de 5 caractères, {name_slot}={name!r})"]
    commune = communes.get(code)
    if commune is None:
        return [f"{code_slot}={code!r} n'est pas un code INSEE réel"]
    if name != commune.nom:
        return [f"{name_slot}={name!r} ne correspond pas à {code_slot}={code!r} ({commune.nom})"]
    return []


def invalid_slots(slots: Dict[str, Any], services: Optional[Set[str]] = None) -> List[str]:
    """Every slot value the bot's validation forbids, in words; [] when all are valid.

    `services`: the ids of the served catalogue, to check `services_affiches` (type only if None)."""
    besoins, freins, questions, _communes = _rules()
    bad: List[str] = []
    for name in sorted(set(slots) - KNOWN_SLOTS):
        if slots[name] is not None:
            bad.append(f"créneau inconnu {name}={slots[name]!r}")
    age = slots.get("age")
    if age is not None and not (_is_int(age) and AGE_MIN <= age <= AGE_MAX):
        bad.append(f"age={age!r}")
    bad += _commune_pair(slots, "commune", "code_insee")
    bad += _commune_pair(slots, "commune_proposee", "code_insee_propose")
    for name in (*STATUS_SLOTS, "commune_confirmee"):
        if slots.get(name) is not None and not isinstance(slots[name], bool):
            bad.append(f"{name}={slots[name]!r}")
    if slots.get("besoin") is not None and slots["besoin"] not in besoins:
        bad.append(f"besoin={slots['besoin']!r}")
    value = slots.get("freins")
    if value is not None and not (isinstance(value, list) and all(isinstance(v, str) and v in freins for v in value)
                                  and len(set(value)) == len(value)):
        bad.append(f"freins={value!r}")
    value = slots.get("quartier")
    if value is not None and not (isinstance(value, str) and value.strip() == value and value
                                  and len(value) <= QUARTIER_MAX_CHARS and value.isprintable()):
        bad.append(f"quartier={value!r}")
    if slots.get("statuts") is not None:
        bad.append(f"statuts={slots['statuts']!r} (jamais rempli par le robot)")
    value = slots.get("requested_slot")
    if value is not None and value not in questions:
        bad.append(f"requested_slot={value!r}")
    for name in ("questions_posees", "non_renseignes"):
        value = slots.get(name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) and v in questions for v in value):
            bad.append(f"{name}={value!r}")
        elif name == "questions_posees" and any(value.count(q) > MAX_ASKS for q in set(value)):
            bad.append(f"questions_posees={value!r} (une question posée plus de {MAX_ASKS} fois)")
        elif name == "non_renseignes" and len(set(value)) != len(value):
            bad.append(f"non_renseignes={value!r} (doublons)")
    value = slots.get("services_affiches")
    if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)
                                  and (services is None or set(value) <= services)):
        bad.append(f"services_affiches={value!r}")
    value = slots.get("session_started_metadata")
    if value is not None and not isinstance(value, dict):
        bad.append(f"session_started_metadata={value!r}")
    return bad


# --- one message through the bot ---------------------------------------------------------------

@dataclass
class Result:
    message: Hostile
    sends: int = 0  # requests that carried the hostile message
    server_errors: int = 0  # HTTP 5xx or no answer at all (connection reset, timeout), any message
    empty: int = 0  # answers with no text to the hostile message or the follow-up
    leaks: List[str] = field(default_factory=list)
    echoed_html: List[str] = field(default_factory=list)
    invalid: List[str] = field(default_factory=list)
    follow_up_ok: bool = False
    numbers_missing: List[str] = field(default_factory=list)
    apologies: int = 0  # "je n'arrive pas à vous répondre… 39 49": the bot failed inside, the channel said so
    slowed: int = 0  # flood: answers over the per-minute limit ("petite pause", then nothing, by design)
    repeated: List[str] = field(default_factory=list)  # the same sentence twice in a row in an answer
    answer: str = ""  # the bot's texts, hostile message then follow-up, for a reader
    seconds: float = 0.0
    problems: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def texts_of(answer: Optional[List[Dict]]) -> List[str]:
    """What a resident reads: each message's text and button titles (payloads excluded)."""
    out: List[str] = []
    for message in answer or []:
        if isinstance(message.get("text"), str):
            out.append(message["text"])
        out += [b.get("title") or "" for b in message.get("buttons") or []]
    return out


def is_empty(answer: Optional[List[Dict]]) -> bool:
    return not any(isinstance(m.get("text"), str) and m["text"].strip() for m in answer or [])


def repeated_sentence(answer: Optional[List[Dict]]) -> Optional[str]:
    """A text sent twice in a row within one answer (the bot promises never to do that)."""
    texts = [m.get("text") for m in answer or [] if isinstance(m.get("text"), str) and m["text"].strip()]
    return next((a for a, b in zip(texts, texts[1:]) if a == b), None)


def leaks_in(texts: Iterable[str]) -> List[str]:
    found = []
    for text in texts:
        for name, pattern in LEAKS:
            if pattern.search(text):
                found.append(f"« {name} » dans « {_short(text)} »")
    return found


def echoed_html(message_text: str, texts: Iterable[str]) -> List[str]:
    """Tags and dangerous attributes of the message found as-is in the bot's texts."""
    marks = set(_TAG.findall(message_text))
    marks |= {d for d in _DANGEROUS if d in message_text.lower()}
    return sorted({mark for mark in marks for text in texts if mark in text.lower() or mark in text})


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


class Bot:
    """The REST channel and the tracker API of a running bot."""

    def __init__(self, url: str, token: str, session_factory: Callable[[], requests.Session] = requests.Session):
        self.url = url
        self.token = token
        self._session_factory = session_factory

    def post(self, session: requests.Session, sender: str, message: Hostile | str
             ) -> Tuple[Optional[int], Optional[List[Dict]]]:
        """(HTTP status, answer); (None, None) when the server did not answer at all."""
        url = f"{self.url}/webhooks/rest/webhook"
        try:
            if isinstance(message, Hostile) and message.raw is not None:
                body = b'{"sender": "' + sender.encode() + b'", "message": ' + message.raw + b"}"
                response = session.post(url, data=body, headers={"Content-Type": "application/json"},
                                        timeout=REQUEST_TIMEOUT)
            else:
                text = message.text if isinstance(message, Hostile) else message
                response = session.post(url, json={"sender": sender, "message": text}, timeout=REQUEST_TIMEOUT)
        except requests.RequestException:
            return None, None
        try:
            answer = response.json() if response.status_code == 200 else None
        except ValueError:
            answer = None
        return response.status_code, answer if isinstance(answer, list) else None

    def slots(self, session: requests.Session, sender: str) -> Optional[Dict[str, Any]]:
        try:
            response = session.get(f"{self.url}/conversations/{sender}/tracker",
                                   params={"token": self.token}, timeout=REQUEST_TIMEOUT)
            response.raise_for_status()
            return response.json().get("slots") or {}
        except (requests.RequestException, ValueError):
            return None


def _number_given(number: str, texts: Iterable[str]) -> bool:
    return any(re.search(rf"(?<!\d){number}(?!\d)", t) for t in texts)


def run_message(bot: Bot, message: Hostile, services: Optional[Set[str]] = None,
                sender_prefix: str = "hostile") -> Result:
    """The message in a fresh conversation, then the follow-up; every check, as a Result."""
    result = Result(message)
    started = time.monotonic()
    sender = f"{sender_prefix}-{uuid.uuid4().hex[:12]}"
    with bot._session_factory() as session:
        for text in message.before:
            status, _ = bot.post(session, sender, text)
            if status is None or status >= 500:
                result.server_errors += 1
                result.problems.append(f"message d'avant « {text} » : HTTP {status}")
        flood_started = time.monotonic()
        if message.repeat > 1:
            def one(_: int) -> Tuple[Optional[int], Optional[List[Dict]]]:
                with bot._session_factory() as own:
                    return bot.post(own, sender, message)
            with ThreadPoolExecutor(FLOOD_THREADS) as pool:
                outcomes = list(pool.map(one, range(message.repeat)))
        else:
            outcomes = [bot.post(session, sender, message)]
        # Over the per-minute limit the first message is told to wait and the next ones get nothing
        # (bot/channels/rate_limit.py): by design, not counted as empty answers.
        slowed_down = any(SLOW_DOWN in texts_of(a) for _, a in outcomes)
        result.sends = len(outcomes)
        hostile_texts: List[str] = []
        for status, answer in outcomes:
            if status is None or status >= 500:
                result.server_errors += 1
                result.problems.append(f"message : {'pas de réponse' if status is None else f'HTTP {status}'}")
                continue
            if status != 200:
                if not message.may_refuse:
                    result.problems.append(f"message : HTTP {status}")
                continue
            texts = texts_of(answer)
            hostile_texts += texts
            if slowed_down and (not answer or SLOW_DOWN in texts):
                result.slowed += 1
                continue
            if NOT_ANSWERED in texts:
                result.apologies += 1
                if message.repeat > 1:  # in a flood, messages waiting for the conversation may time out
                    continue
                result.problems.append("le robot n'a pas pu répondre (excuse et 39 49)")
            repeated = repeated_sentence(answer)
            if repeated:
                result.repeated.append(repeated)
                result.problems.append(f"la même phrase deux fois de suite : « {_short(repeated, 80)} »")
            if is_empty(answer):
                result.empty += 1
                result.problems.append("réponse vide au message")
            missing = [n for n in message.numbers if not _number_given(n, texts)]
            if missing:
                result.numbers_missing = sorted(set(result.numbers_missing) | set(missing))
        if result.numbers_missing:
            result.problems.append(f"numéros absents : {', '.join(result.numbers_missing)}")
        slots_after = bot.slots(session, sender)

        if message.repeat > 1:  # the follow-up once the flood is out of the per-minute window
            time.sleep(max(0.0, flood_started + PERIOD_SECONDS + 1 - time.monotonic()))
        status, follow = bot.post(session, sender, FOLLOW_UP)
        follow_texts = texts_of(follow)
        if status is None or status >= 500:
            result.server_errors += 1
            result.problems.append(f"suite : {'pas de réponse' if status is None else f'HTTP {status}'}")
        elif status != 200:
            result.problems.append(f"suite : HTTP {status}")
        elif is_empty(follow):
            result.empty += 1
            result.problems.append("réponse vide à la suite")
        elif NOT_ANSWERED in follow_texts:
            result.apologies += 1
            result.problems.append("le robot n'a pas pu répondre à la suite (excuse et 39 49)")
        elif repeated_sentence(follow):
            result.repeated.append(repeated_sentence(follow))
            result.problems.append(f"la même phrase deux fois de suite à la suite : "
                                   f"« {_short(repeated_sentence(follow), 80)} »")
        slots_end = bot.slots(session, sender)

    all_texts = hostile_texts + follow_texts
    result.leaks = leaks_in(all_texts)
    if result.leaks:
        result.problems.append(f"fuite : {result.leaks[0]}")
    result.echoed_html = echoed_html(message.text if message.raw is None else "", all_texts)
    if result.echoed_html:
        result.problems.append(f"HTML du message renvoyé tel quel : {', '.join(result.echoed_html)}")
    for when, slots in (("après le message", slots_after), ("après la suite", slots_end)):
        if slots is None:
            result.problems.append(f"historique illisible {when}")
            continue
        bad = invalid_slots(slots, services)
        result.invalid += [f"{when} : {b}" for b in bad]
    if result.invalid:
        result.problems.append(f"créneau invalide {result.invalid[0]}")
    result.follow_up_ok = status == 200 and not is_empty(follow) and (slots_end or {}).get("age") == FOLLOW_UP_AGE
    if status == 200 and not result.follow_up_ok:
        result.problems.append(f"suite mal comprise : age={(slots_end or {}).get('age')!r}")
    first = next((a for s, a in outcomes if s == 200), None)
    result.answer = (f"{_short(' / '.join(texts_of(first)) or '(rien)', 300)}  ⟶ suite : "
                     f"{_short(' / '.join(follow_texts) or '(rien)', 160)}")
    result.seconds = time.monotonic() - started
    return result


def run_corpus(bot: Bot, messages: List[Hostile], services: Optional[Set[str]] = None,
               workers: int = 4, flood_workers: int = 15) -> List[Result]:
    """Every message, `workers` conversations at a time; results in corpus order.

    Floods run beside them, `flood_workers` at a time: Rasa handles the messages of one
    conversation one after the other (about one a second while others wait for the
    conversation's lock), and the follow-up waits for the end of the per-minute window, so a
    flood mostly waits and would hold a worker for more than a minute."""
    floods = [i for i, m in enumerate(messages) if m.repeat > 1]
    others = [i for i, m in enumerate(messages) if m.repeat == 1]
    results: List[Optional[Result]] = [None] * len(messages)

    def run(i: int) -> None:
        results[i] = run_message(bot, messages[i], services)

    with ThreadPoolExecutor(max(1, flood_workers)) as flood_pool, ThreadPoolExecutor(workers) as pool:
        waiting = [flood_pool.submit(run, i) for i in floods] + [pool.submit(run, i) for i in others]
        for future in waiting:
            future.result()
    return [r for r in results if r is not None]


# Log records that hold what a resident wrote (README: "Le journal des serveurs n'écrit jamais le
# texte des messages"): Rasa's REST channel logs the text of a message it failed on, and the action
# server's error answer (logged by Rasa) carries the whole conversation.
_LOGGED_TEXT = [("message en échec (canal REST)", "rest.message.received.failure"),
                ("conversation entière (erreur du serveur d'actions)", '"request_body"')]


def log_findings(log: str) -> Dict[str, int]:
    """Counts, in a server log, of Python tracebacks and of records holding message texts."""
    found = {"tracebacks": log.count("Traceback (most recent call last)")}
    for label, mark in _LOGGED_TEXT:
        found[label] = sum(1 for line in log.splitlines() if mark in line)
    return found


def texts_in_log(log: str) -> List[str]:
    """The log lines that hold a message text, shortened, for a reader."""
    return [_short(line, 200) for line in log.splitlines() if any(mark in line for _, mark in _LOGGED_TEXT)]


def describe(results: List[Result], limit: int = 10) -> str:
    """`limit` failures for a human reader, taken in turn from each category that has some (so that
    different bugs show), with the count per category."""
    failed = [r for r in results if not r.ok]
    by_category: Dict[str, List[Result]] = {}
    for r in failed:
        by_category.setdefault(r.message.category, []).append(r)
    shown: List[Result] = []
    rank = 0
    while len(shown) < min(limit, len(failed)):
        shown += [rs[rank] for rs in by_category.values() if rank < len(rs)][:limit - len(shown)]
        rank += 1
    counts = ", ".join(f"{category} {len(rs)}" for category, rs in by_category.items())
    lines = [f"{len(failed)} message(s) sur {len(results)} mal traités ({counts}) ; {len(shown)} d'entre eux :"]
    for r in shown:
        lines.append(f"- [{r.message.category}] {r.message.label} — message : {r.message.shown}")
        lines.append(f"    problèmes : {' ; '.join(r.problems[:4])}")
        lines.append(f"    réponse : {r.answer}")
    return "\n".join(lines)
