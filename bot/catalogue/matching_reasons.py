"""Why the matcher proposes a service or leaves it out, as data (codes with their parameters).

`bot.catalogue.matching` returns these; `bot.catalogue.matching_wording` says them in French for
residents (the "why it fits" line of a card) and staff (the trial page reads them unchanged, so
staff see the bot's own reasons, never a second reading of the rules).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, FrozenSet, Optional, Tuple, Union

from bot.catalogue.models import STATUT_SLOTS, Service

# ----------------------------------------------------------------- a service's hard rules


@dataclass(frozen=True)
class AgeRule:
    """Reserved to an age range, bounds included (one of them may be open)."""

    age_min: Optional[int]
    age_max: Optional[int]
    slot: ClassVar[str] = "age"


@dataclass(frozen=True)
class StatusRule:
    """Reserved to the holders of a status (`x_requiert`)."""

    requirement: str  # the catalogue's value: "rsa"
    slot: str  # the yes/no slot holding the resident's answer: "beneficiaire_rsa"


@dataclass(frozen=True)
class QuartierRule:
    """Reserved to the residents of some neighbourhoods."""

    quartiers: Tuple[str, ...]
    slot: ClassVar[str] = "quartier"


Rule = Union[AgeRule, StatusRule, QuartierRule]


def hard_rules(service: Service) -> Tuple[Rule, ...]:
    """A service's hard eligibility rules, in the order cards state them."""
    rules: Tuple[Rule, ...] = ()
    if service.x_age_min is not None or service.x_age_max is not None:
        rules += (AgeRule(service.x_age_min, service.x_age_max),)
    rules += tuple(StatusRule(s, STATUT_SLOTS[s]) for s in service.x_requiert if s in STATUT_SLOTS)
    if service.x_quartiers:
        rules += (QuartierRule(tuple(service.x_quartiers)),)
    return rules

# ----------------------------------------------------------------- why a service is left out


@dataclass(frozen=True)
class Unmet:
    """The resident's answer is outside the rule."""

    rule: Rule


@dataclass(frozen=True)
class Unverified:
    """The answer the rule needs is unknown (declined or not asked yet): kept out all the same."""

    rule: Rule


@dataclass(frozen=True)
class OutOfZone:
    """The service's zone does not cover the resident's commune, or the commune is unknown."""

    zones: Tuple[str, ...]  # the service's zone codes, as written in the catalogue
    commune: Optional[str]  # the resident's commune; None when unknown
    located_here: bool  # it stands in the resident's commune all the same


@dataclass(frozen=True)
class Unrelated:
    """None of its themes is the need's or an obstacle's."""


@dataclass(frozen=True)
class AnotherChosen:
    """Eligible for an obstacle, but one service per obstacle is proposed and another came first."""


Reason = Union[Unmet, Unverified, OutOfZone, Unrelated, AnotherChosen]

# ----------------------------------------------------------------- why a proposed service fits
# `commune` is the resident's commune when the service is reserved to people around it
# (a commune or EPCI zone covering the resident), else None.


@dataclass(frozen=True)
class ForNeed:
    besoin: Optional[str]


@dataclass(frozen=True)
class ForObstacle:
    frein: str


@dataclass(frozen=True)
class ForQuartier:
    quartier: str  # the catalogue's spelling of the resident's neighbourhood


@dataclass(frozen=True)
class ForAge:
    rule: AgeRule
    commune: Optional[str]


@dataclass(frozen=True)
class ForStatus:
    rule: StatusRule
    commune: Optional[str]


@dataclass(frozen=True)
class ForPublics:
    publics: FrozenSet[str]  # the service's publics the resident belongs to
    commune: Optional[str]


@dataclass(frozen=True)
class Generalist:
    """The fallback: a generalist welcome desk of the resident's area."""

    commune: Optional[str]  # the resident's commune, when known
    in_commune: bool  # it stands in the resident's commune


Fit = Union[ForNeed, ForObstacle, ForQuartier, ForAge, ForStatus, ForPublics, Generalist]
