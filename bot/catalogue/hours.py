"""Opening hours (OpenStreetMap `opening_hours` syntax) in plain French, and whether it is open now.

The text is rendered here from the common subset staff write (days, holidays, months, time spans,
`off`, comments); anything else is shown as written, with a French sentence around it. Whether
the place is open now is evaluated by the `opening_hours` package (opening-hours-py), with French
public holidays, in Europe/Paris time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import List, Optional, Tuple

from opening_hours import OpeningHours, State

from bot.common.dates import PARIS, paris_time
from bot.common.french import MONTH_NAMES, join_fr

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HOLIDAYS = {"PH": "les jours fériés", "SH": "pendant les vacances scolaires"}
# Constructs the evaluator cannot get right here: school holidays (no French calendar in the
# package) and sun events (no coordinates): the open-now status is then left unknown.
_UNRELIABLE = re.compile(r"\bSH\b|sunrise|sunset|dawn|dusk", re.IGNORECASE)
_COMMENT_ONLY = re.compile(r'^\s*"[^"]*"\s*$')
# Beyond this, "next change" is not worth saying (and evaluation stays fast).
_HORIZON_DAYS = 31


@dataclass(frozen=True)
class Horaires:
    texte: str  # e.g. "du lundi au vendredi, 9 h – 17 h ; fermé les jours fériés"
    ouvert_maintenant: Optional[bool]  # None when it cannot be evaluated
    prochain_changement: Optional[str]  # e.g. "ferme à 12 h 30", "ouvre lundi à 9 h"


def describe_opening_hours(value: str, now: Optional[datetime] = None) -> Horaires:
    """Plain-French opening hours and open-now status; never raises."""
    value = (value or "").strip()
    if not value:
        return Horaires("horaires non indiqués", None, None)
    texte = render_opening_hours(value)
    if _COMMENT_ONLY.match(value):
        return Horaires(texte, None, None)  # "sur rendez-vous" says nothing of the hours
    ouvert, changement = _evaluate(value, paris_time(now))
    return Horaires(texte, ouvert, changement)


def render_opening_hours(value: str) -> str:
    """French text of an opening_hours value, or the value itself inside a French sentence."""
    try:
        rules = [_render_rule(rule) for rule in _split_rules(value)]
    except _Unsupported:
        return f"horaires indiqués par la structure : « {value} »"
    return " ; ".join(rules)


# ---------------------------------------------------------------------------------- rendering


class _Unsupported(ValueError):
    """A construct this renderer does not put into words."""


_TIME = r"(\d{1,2}):(\d{2})"
_SPAN = re.compile(rf"^{_TIME}-{_TIME}$")
_DAY_ITEM = re.compile(r"^([A-Za-z]{2})(?:-([A-Za-z]{2}))?$")
_MONTH_ITEM = re.compile(r"^([A-Za-z]{3})(?:-([A-Za-z]{3}))?$")
_MODIFIERS = {"off": "off", "closed": "off", "open": "open", "unknown": "unknown"}


def _split_rules(value: str) -> List[str]:
    """Rules separated by `;`, or by `, ` before a selector (OSM's additional rule); comments kept."""
    if "||" in value:
        raise _Unsupported(value)
    rules: List[str] = []
    start = 0
    in_comment = False
    for index, char in enumerate(value):
        if char == '"':
            in_comment = not in_comment
        elif not in_comment and (
            char == ";" or (char == "," and re.match(r",\s+[A-Za-z]", value[index:]))
        ):
            rules.append(value[start:index])
            start = index + 1
    rules.append(value[start:])
    rules = [r.strip() for r in rules if r.strip()]
    if not rules or in_comment:
        raise _Unsupported(value)
    return rules


def _render_rule(rule: str) -> str:
    comment = None
    match = re.search(r'"([^"]*)"\s*$', rule)
    if match:
        comment = match.group(1).strip()
        rule = rule[: match.start()].strip()
    if not rule:
        if comment is None:
            raise _Unsupported(rule)
        return comment  # a rule that is only a comment: "sur rendez-vous"
    tokens = re.sub(r"\s+,", ",", rule).split()
    modifier = "open"
    if tokens and tokens[-1].lower() in _MODIFIERS:
        modifier = _MODIFIERS[tokens.pop().lower()]
    always = bool(tokens) and tokens[0] == "24/7"
    if always:
        tokens.pop(0)
    months = _parse_months(tokens.pop(0)) if tokens and _is_month_selector(tokens[0]) else None
    days = _parse_days(tokens.pop(0)) if tokens and not tokens[0][:1].isdigit() else None
    spans = _parse_spans(" ".join(tokens)) if tokens else None
    if always and (months or days or spans):
        raise _Unsupported(rule)

    if modifier == "off":
        when = ", ".join(p for p in (months, days) if p)
        text = f"fermé {when}" if when else "fermé"
        if spans:
            text += f", {spans}"
    else:
        when = ", ".join(p for p in (months, days or "tous les jours") if p)
        if modifier == "unknown":
            text = f"{when}, horaires à confirmer"
        else:
            text = f"{when}, {spans or '24 h sur 24'}"
    if comment:
        text += f" ({comment})"
    return text


def _is_month_selector(token: str) -> bool:
    return all(_MONTH_ITEM.match(item) and item[:3].title() in MONTHS for item in token.split(","))


def _parse_months(token: str) -> str:
    phrases = []
    for item in token.split(","):
        start, end = _MONTH_ITEM.match(item).groups()  # type: ignore[union-attr]
        first = MONTHS.index(start.title())
        last = first if end is None else MONTHS.index(end.title())
        if last == first:
            phrases.append(f"en {MONTH_NAMES[first]}")
        elif (last - first) % 12 == 1:
            phrases.append(f"en {MONTH_NAMES[first]} et en {MONTH_NAMES[last]}")
        else:
            phrases.append(f"de {MONTH_NAMES[first]} à {MONTH_NAMES[last]}")
    return join_fr(phrases)


def _parse_days(token: str) -> str:
    phrases = []
    for item in token.split(","):
        if item.upper() in HOLIDAYS:
            phrases.append(HOLIDAYS[item.upper()])
            continue
        match = _DAY_ITEM.match(item)
        if not match:
            raise _Unsupported(token)
        start, end = (d.title() if d else None for d in match.groups())
        if start not in DAYS or (end is not None and end not in DAYS):
            raise _Unsupported(token)
        first = DAYS.index(start)
        if end is None:
            phrases.append(f"le {DAY_NAMES[first]}")
            continue
        last = DAYS.index(end)
        count = (last - first) % 7 + 1
        if count == 7:
            phrases.append("tous les jours")
        elif count == 2:
            phrases.append(f"le {DAY_NAMES[first]} et le {DAY_NAMES[last]}")
        else:
            phrases.append(f"du {DAY_NAMES[first]} au {DAY_NAMES[last]}")
    return join_fr(phrases)


def _parse_spans(text: str) -> str:
    spans = []
    for item in text.replace(" ", "").split(","):
        match = _SPAN.match(item)
        if not match:
            raise _Unsupported(text)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 24 or h2 > 48 or m1 > 59 or m2 > 59:
            raise _Unsupported(text)
        if (h1, m1) == (0, 0) and (h2, m2) == (24, 0):
            spans.append("24 h sur 24")
        else:
            spans.append(f"{_clock(h1, m1)} – {_clock(h2, m2)}")
    return join_fr(spans)


def _clock(hour: int, minute: int) -> str:
    """9 h, 12 h 30, minuit."""
    if hour in (0, 24) and minute == 0:
        return "minuit"
    hour %= 24
    return f"{hour} h" if minute == 0 else f"{hour} h {minute:02d}"


# ---------------------------------------------------------------------------------- evaluation


@lru_cache(maxsize=1024)
def _parse(value: str) -> Optional[OpeningHours]:
    if _UNRELIABLE.search(value):
        return None
    try:
        return OpeningHours(value, timezone=PARIS, country="FR", max_interval_days=_HORIZON_DAYS)
    except Exception:  # the package raises its own ParserError, or SyntaxError
        return None


def _evaluate(value: str, now: datetime) -> Tuple[Optional[bool], Optional[str]]:
    parsed = _parse(value)
    if parsed is None:
        return None, None
    try:
        state, _comment = parsed.state(now)
        if state == State.UNKNOWN:
            return None, None
        change = parsed.next_change(now)
        if change is None:
            return state == State.OPEN, None
        change = paris_time(change)
        next_state, _ = parsed.state(change)
    except Exception:  # an evaluation error must not break a contact card
        return None, None
    if next_state == State.OPEN:
        verb = "ouvre"
    elif next_state == State.CLOSED:
        verb = "ferme"
    else:
        return state == State.OPEN, None
    return state == State.OPEN, f"{verb} {_when(change, now, closing=verb == 'ferme')}"


def _when(moment: datetime, now: datetime, closing: bool) -> str:
    """"à 12 h 30", "demain à 9 h", "lundi à 9 h", "le mardi 1er juillet à 9 h".

    Closing at 00:00 is said "à minuit" on the evening before; opening at 00:00 is "à 0 h"."""
    at_midnight = closing and moment.hour == 0 and moment.minute == 0
    day = (moment - timedelta(minutes=1)).date() if at_midnight else moment.date()
    clock = "minuit" if at_midnight else _clock(moment.hour, moment.minute).replace("minuit", "0 h")
    days_ahead = (day - now.date()).days
    if days_ahead <= 0:
        return f"ce soir à {clock}" if at_midnight else f"à {clock}"
    if days_ahead == 1:
        return f"demain à {clock}"
    if days_ahead < 7:
        return f"{DAY_NAMES[day.weekday()]} à {clock}"
    number = "1er" if day.day == 1 else str(day.day)
    return f"le {DAY_NAMES[day.weekday()]} {number} {MONTH_NAMES[day.month - 1]} à {clock}"
