"""Which services to propose to a resident (catalogue-format.md, "Matching rules").

`Matcher` builds its indexes once (by zone code, by thematique) so that one `match()` only looks
at the services whose zone covers the resident's commune and whose thematique is relevant,
never at the whole catalogue. Its reasons are codes (`matching_reasons`), worded in French by
`matching_wording`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import (
    Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Protocol, Set, Tuple,
)

from rapidfuzz import fuzz

from bot.catalogue.matching_reasons import (
    AgeRule, AnotherChosen, Fit, ForAge, ForNeed, ForObstacle, ForPublics, ForQuartier, ForStatus,
    Generalist, OutOfZone, QuartierRule, Reason, Rule, StatusRule, Unmet, Unrelated, Unverified,
)
from bot.common.folding import lower_without_accents
from bot.catalogue.models import STATUT_SLOTS, Catalogue, Service, Situation
from bot.catalogue.situation_vocabulary import NEEDS, OBSTACLES, STATUS_SLOTS, STATUSES

# Rule 2: what each need and obstacle is about (a key with `--` is an exact sous-thematique).
BESOIN_THEMES: Dict[str, Tuple[str, ...]] = {n.slug: n.themes for n in NEEDS}
FREIN_THEMES: Dict[str, str] = {o.slug: o.theme for o in OBSTACLES}

FRANCE = "france"
# Ages that make a resident one of the "jeunes" (the mission locale range, 16 to 25 inclusive) and
# one of the "seniors" (50 and over: the threshold French employment services use for older
# job seekers, which is what a "seniors" public means in an employment catalogue).
JEUNES_AGE = (16, 25)
SENIORS_AGE_MIN = 50
# Questions the dialogue may ask only when the answer can change the proposals, in asking order.
QUESTIONS = (*STATUS_SLOTS, "quartier")
# Order in which unknown slots are reported in `non_verifies`.
SLOT_ORDER = ("commune", "age", *STATUS_SLOTS, "quartier")
QUARTIER_MIN_SCORE = 85
# A bare minimum age under this ("18 ans et plus") targets nobody in particular: not a reason it fits.
TARGETED_AGE_MIN = 45
_STOPWORDS = frozenset(
    "le la les l de du des d a au aux en dans quartier cite residence j je habite suis vis".split()
)


class CommuneLookup(Protocol):
    """What matching needs of `bot.catalogue.communes.CommuneRef`."""

    def get(self, code_insee: str) -> Optional[Any]: ...

    def in_zone(self, code_insee: str, zone: str) -> bool: ...


@dataclass(frozen=True)
class Proposal:
    service: Service
    motif: str  # "besoin" | "frein" | "repli"
    frein: Optional[str]
    why: Optional[Fit]  # why this service fits; None out of any situation (no line on the card)


@dataclass(frozen=True)
class Exclusion:
    service: Service
    reasons: Tuple[Reason, ...]


@dataclass(frozen=True)
class MatchResult:
    proposals: Tuple[Proposal, ...]
    more: Tuple[Proposal, ...]  # further eligible relevant services, ranked, not in proposals
    excluded: Tuple[Exclusion, ...]
    repli: bool  # nothing eligible and relevant: proposals are the generalist fallback
    zone_couverte: bool  # some service with a zone other than "france" covers the commune
    non_verifies: Tuple[str, ...]  # unknown slots that kept some relevant service out


@dataclass(frozen=True)
class Review:
    """A match, and why each other service of the catalogue is not in it (for staff)."""

    result: MatchResult
    others: Tuple[Exclusion, ...]  # one reason each: OutOfZone, Unrelated or AnotherChosen


def zone_key(zone: str) -> str:
    """Index form of a zone code: "france", or the code in capitals ("2A", "93001")."""
    zone = zone.strip()
    return FRANCE if zone.lower() == FRANCE else zone.upper()


def normalise_quartier(text: str) -> str:
    """Comparable form of a neighbourhood name: no accents, articles or filler words."""
    cleaned = "".join(c if c.isalnum() else " " for c in lower_without_accents(text))
    return " ".join(w for w in cleaned.split() if w not in _STOPWORDS)


def quartier_score(a: str, b: str) -> float:
    """Similarity of two normalised names; one contained in the other ("noue montreuil") counts."""
    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b))


def best_quartier(text: str, names: Iterable[str]) -> Optional[str]:
    """The name `text` designates, or None when nothing is close enough or two names tie."""
    query = normalise_quartier(text)
    if len(query) < 3:
        return None
    scored = sorted(
        ((quartier_score(query, normalise_quartier(n)), n) for n in set(names)),
        key=lambda sn: (-sn[0], lower_without_accents(sn[1])),
    )
    if not scored or scored[0][0] < QUARTIER_MIN_SCORE:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # "centre" for "Centre-Ville" and "Centre-Sud": ask rather than guess
    return scored[0][1]


def quartier_in_sentence(text: str, names: Iterable[str]) -> Optional[str]:
    """The neighbourhood a longer message mentions ("jhabite montreuil a la noue"), if exactly one."""
    words = f" {normalise_quartier(text)} "
    found = {n for n in set(names) if normalise_quartier(n) and f" {normalise_quartier(n)} " in words}
    return found.pop() if len(found) == 1 else None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class _Check:
    """One hard rule and both reasons it can give, built with the index: a match allocates none."""

    rule: Rule
    unmet: Unmet
    unverified: Unverified


def _check(rule: Rule, checks: Dict[Rule, _Check]) -> _Check:
    """The check of `rule`, shared by every service with the same rule (fewer objects to keep)."""
    check = checks.get(rule)
    if check is None:
        check = checks[rule] = _Check(rule, Unmet(rule), Unverified(rule))
    return check


@dataclass(frozen=True)
class _Rules:
    """A service's hard criteria besides its zone, precompiled."""

    age: Optional[_Check]  # of an AgeRule
    statuses: Tuple[_Check, ...]  # of StatusRules
    quartier: Optional[_Check]  # of a QuartierRule
    quartiers_norm: Tuple[str, ...]


@dataclass(frozen=True)
class _Verdict:
    fails: Tuple[Unmet, ...]  # rules that exclude the service for sure
    unknown: Tuple[Unverified, ...]  # rules whose answer is missing

    @property
    def ok(self) -> bool:
        return not self.fails and not self.unknown

    @property
    def reasons(self) -> Tuple[Reason, ...]:
        return self.fails + self.unknown


_OK = _Verdict((), ())
# "Why it fits" for a need or an obstacle, built once: most proposals give one of these.
_FOR_NEED = {n.slug: ForNeed(n.slug) for n in NEEDS}
_FOR_OBSTACLE = {o.slug: ForObstacle(o.slug) for o in OBSTACLES}
# A structure's services in one zone: (categories of those without criteria, those, the others).
_StructureOffer = Tuple[FrozenSet[str], Tuple[int, ...], Tuple[int, ...]]
# Sort key of a candidate: (not in the resident's publics, not in the commune, distance, names).
_RankKey = Tuple[bool, bool, float, Tuple[str, str, str]]


@dataclass(frozen=True)
class _Context:
    """What one match needs about the resident, computed once per call."""

    situation: Situation
    code: Optional[str]
    commune_nom: Optional[str]
    zones: Tuple[str, ...]  # zone codes (of any kind) that cover the commune
    centroid: Optional[Tuple[float, float]]
    publics: FrozenSet[str]
    quartier_norm: Optional[str]


class Matcher:
    """Applies the contract's matching rules to one catalogue.

    Readings of the contract where it is silent:
    - an unknown criterion (None) keeps a service out, declined or not yet asked; the slot is
      then reported in `non_verifies` unless the service fails on a known criterion anyway;
    - an obstacle whose best service is already proposed gets its next best one;
    - the resident's publics come from the situation: jeunes 16–25, seniors 50+,
      demandeurs-emploi (France Travail), minima sociaux (RSA), handicap (RQTH), familles
      (childcare obstacle), residents-qpv-frr (a quartier named by a service of the zone);
    - `excluded` lists the relevant services of the zone kept out by a hard criterion, plus
      relevant services located in the commune whose zone does not cover it;
    - the fallback is used only when no service at all is eligible and relevant.
    """

    def __init__(self, catalogue: Catalogue, communes: CommuneLookup) -> None:
        self.catalogue = catalogue
        self.communes = communes
        services = catalogue.services
        self._services: Tuple[Service, ...] = services
        self._rules: List[Optional[_Rules]] = []
        self._publics: List[FrozenSet[str]] = []
        self._themes: List[FrozenSet[str]] = []
        self._sort_name: List[Tuple[str, str, str]] = []
        self._categories: List[FrozenSet[str]] = []
        self._location: List[Optional[str]] = []  # INSEE code of the place where it is
        self._targets: List[Optional[Rule]] = []  # the age or status it is for, said on its card
        self._local_zones: List[FrozenSet[str]] = []  # commune and EPCI codes of its zone
        # Coordinates in radians and cos(latitude), so that ranking by distance stays cheap.
        self._coords: List[Optional[Tuple[float, float, float]]] = []
        self._by_zone: Dict[str, List[int]] = {}
        self._by_zone_theme: Dict[str, Dict[str, List[int]]] = {}
        self._by_location: Dict[str, List[int]] = {}
        self._zone_quartiers: Dict[str, Set[str]] = {}
        self._zone_cache: Dict[Optional[str], Tuple[str, ...]] = {}
        checks: Dict[Rule, _Check] = {}
        for i, s in enumerate(services):
            rules = _compile_rules(s, checks)
            self._rules.append(rules)
            self._publics.append(frozenset(s.publics) - {"tous-publics"})
            themes = frozenset(s.categories) | frozenset(s.thematiques)
            self._themes.append(themes)
            self._sort_name.append((lower_without_accents(s.nom), lower_without_accents(s.structure.nom), s.id))
            self._categories.append(frozenset(s.categories))
            self._location.append(s.contact.code_insee.strip().upper() if s.contact.code_insee else None)
            self._targets.append(_target(rules))
            self._local_zones.append(
                frozenset(zone_key(z) for z in s.zone_eligibilite if len(z.strip()) in (5, 9))
            )
            lat, lon = s.contact.latitude, s.contact.longitude
            self._coords.append(
                None if lat is None or lon is None
                else (math.radians(lat), math.radians(lon), math.cos(math.radians(lat)))
            )
            for zone in dict.fromkeys(zone_key(z) for z in s.zone_eligibilite):
                self._by_zone.setdefault(zone, []).append(i)
                by_theme = self._by_zone_theme.setdefault(zone, {})
                for theme in themes:
                    by_theme.setdefault(theme, []).append(i)
                if s.x_quartiers:
                    self._zone_quartiers.setdefault(zone, set()).update(s.x_quartiers)
            if self._location[i]:
                self._by_location.setdefault(self._location[i], []).append(i)
        # For the fallback: zone -> structure -> (categories of its services without criteria,
        # those services, its services with criteria to check per resident).
        self._zone_structures: Dict[str, Dict[str, _StructureOffer]] = {}
        for zone, ids in self._by_zone.items():
            grouped: Dict[str, List[int]] = {}
            for i in ids:
                grouped.setdefault(services[i].structure.id, []).append(i)
            self._zone_structures[zone] = {
                structure_id: (
                    frozenset().union(*(self._categories[i] for i in group if self._rules[i] is None)),
                    tuple(i for i in group if self._rules[i] is None),
                    tuple(i for i in group if self._rules[i] is not None),
                )
                for structure_id, group in grouped.items()
            }
        # Themes offered somewhere with a local zone: with an unknown commune they are "not verified".
        self._local_themes: FrozenSet[str] = frozenset(
            t for zone, by_theme in self._by_zone_theme.items() if zone != FRANCE for t in by_theme
        )

    # ----------------------------------------------------------------- public API

    def match(self, situation: Situation, limit_besoin: int = 3) -> MatchResult:
        ctx = self._context(situation)
        need_ids = self._relevant(ctx, self._need_themes(situation))
        frein_ids = {f: self._relevant(ctx, (FREIN_THEMES[f],)) for f in self._freins(situation)}
        relevant = set(need_ids).union(*frein_ids.values())
        rules = self._rules
        eligible: Set[int] = set()
        verdicts: Dict[int, _Verdict] = {}  # services kept out, and why
        for i in relevant:
            verdict = _OK if rules[i] is None else self._verdict(i, ctx)
            if verdict.ok:
                eligible.add(i)
            else:
                verdicts[i] = verdict
        rank = self._rank_key(ctx)

        proposals: List[Proposal] = []
        chosen: Set[int] = set()
        ranked_need = sorted((i for i in need_ids if i in eligible), key=rank)
        for i in ranked_need[:limit_besoin]:
            proposals.append(self._proposal(i, "besoin", None, ctx))
            chosen.add(i)
        for frein, ids in frein_ids.items():
            candidates = [i for i in ids if i in eligible and i not in chosen]
            if candidates:
                best = min(candidates, key=rank)
                proposals.append(self._proposal(best, "frein", frein, ctx))
                chosen.add(best)

        if situation.besoin in BESOIN_THEMES:
            more = [self._proposal(i, "besoin", None, ctx) for i in ranked_need if i not in chosen]
        else:  # no need given: the further services are those for the obstacles
            more = []
            for i in sorted(eligible - chosen, key=rank):
                frein = next(f for f, ids in frein_ids.items() if i in ids)
                more.append(self._proposal(i, "frein", frein, ctx))

        repli = not eligible
        if repli:
            proposals = self._fallback(ctx, limit_besoin, rank)
            more = []

        excluded = [
            Exclusion(self._services[i], verdicts[i].reasons)
            for i in sorted(verdicts, key=self._sort_name.__getitem__)
        ]
        excluded += self._out_of_zone_here(ctx, relevant)
        unknown = {r.rule.slot for v in verdicts.values() if not v.fails for r in v.unknown}
        if ctx.code is None and set(self._relevant_themes(situation)) & self._local_themes:
            unknown.add("commune")
        return MatchResult(
            proposals=tuple(proposals),
            more=tuple(more),
            excluded=tuple(excluded),
            repli=repli,
            zone_couverte=any(z != FRANCE and z in self._by_zone for z in ctx.zones),
            non_verifies=tuple(s for s in SLOT_ORDER if s in unknown),
        )

    def questions_utiles(self, situation: Situation) -> List[str]:
        """Unknown statuses / quartier whose answer could change the proposals, in asking order."""
        ctx = self._context(situation)
        wanted: Set[str] = set()
        for i in self._all_relevant(ctx, situation):
            verdict = self._verdict(i, ctx)
            if not verdict.fails:
                wanted.update(r.rule.slot for r in verdict.unknown)
        return [
            q for q in QUESTIONS
            if q in wanted and getattr(situation, q) is None and q not in situation.non_renseignes
        ]

    def quartiers(self, situation: Situation) -> List[str]:
        """Neighbourhoods that relevant services of the resident's zone are reserved to (buttons)."""
        ctx = self._context(situation)
        names: Set[str] = set()
        for i in self._all_relevant(ctx, situation):
            rules = self._rules[i]
            if rules and rules.quartier:
                verdict = self._verdict(i, ctx, check_quartier=False)
                if not verdict.fails:
                    names.update(rules.quartier.rule.quartiers)
        return sorted(names, key=lower_without_accents)

    def _quartiers_of_zone(self, situation: Situation) -> Set[str]:
        """Every neighbourhood name used by a service of the resident's zone."""
        zones = self._context(situation).zones
        return set().union(*(self._zone_quartiers.get(zone, set()) for zone in zones))

    def resolve_quartier(self, text: str, situation: Situation) -> Optional[str]:
        """The catalogue's spelling of the neighbourhood the resident typed, if it is one we know."""
        return best_quartier(text, self._quartiers_of_zone(situation))

    def quartier_mentionne(self, text: str, situation: Situation) -> Optional[str]:
        """A neighbourhood of the resident's zone named word for word inside a longer message."""
        return quartier_in_sentence(text, self._quartiers_of_zone(situation))

    def review(self, situation: Situation, limit_besoin: int = 3) -> Review:
        """`match()`, and the reason each other service of the catalogue is not in it.

        Reads the whole catalogue (staff's trial page); residents' answers use `match()` only."""
        result = self.match(situation, limit_besoin)
        ctx = self._context(situation)
        placed = {id(p.service) for p in (*result.proposals, *result.more)}
        placed.update(id(e.service) for e in result.excluded)
        themes = set(self._relevant_themes(situation))
        zones = set(ctx.zones)
        others = []
        for i, service in enumerate(self._services):
            if id(service) in placed:
                continue
            reason: Reason
            if zones.isdisjoint(zone_key(z) for z in service.zone_eligibilite):
                reason = OutOfZone(tuple(service.zone_eligibilite), ctx.commune_nom, located_here=False)
            elif self._themes[i].isdisjoint(themes):
                reason = Unrelated()
            else:  # eligible and relevant: match() keeps one service per obstacle
                reason = AnotherChosen()
            others.append(Exclusion(service, (reason,)))
        return Review(result, tuple(others))

    # ----------------------------------------------------------------- internals

    @staticmethod
    def _need_themes(situation: Situation) -> Tuple[str, ...]:
        return BESOIN_THEMES.get(situation.besoin or "", ())

    @staticmethod
    def _freins(situation: Situation) -> List[str]:
        return [f for f in dict.fromkeys(situation.freins or ()) if f in FREIN_THEMES]

    def _relevant_themes(self, situation: Situation) -> Tuple[str, ...]:
        """Thematique keys (categories or sous-thematiques) the need and the obstacles make relevant."""
        return self._need_themes(situation) + tuple(FREIN_THEMES[f] for f in self._freins(situation))

    def _all_relevant(self, ctx: _Context, situation: Situation) -> Set[int]:
        return self._relevant(ctx, self._relevant_themes(situation))

    def _relevant(self, ctx: _Context, themes: Iterable[str]) -> Set[int]:
        """Services whose zone covers the commune and that have one of `themes`."""
        ids: Set[int] = set()
        themes = tuple(themes)
        for zone in ctx.zones:
            by_theme = self._by_zone_theme.get(zone)
            if by_theme:
                for theme in themes:
                    ids.update(by_theme.get(theme, ()))
        return ids

    def _zones_for(self, code: Optional[str]) -> Tuple[str, ...]:
        """Zone codes present in the catalogue that cover the commune (asked to CommuneRef once)."""
        if code in self._zone_cache:
            return self._zone_cache[code]
        candidates: Dict[str, None] = {FRANCE: None}
        if code:
            candidates[code] = None
            commune = self.communes.get(code)
            guesses = [code[:2], code[:3]]  # département, even when the commune is not referenced
            if commune is not None:
                guesses += [commune.departement, commune.epci]
            for zone in guesses:
                if zone and zone in self._by_zone and self.communes.in_zone(code, zone):
                    candidates[zone] = None
        zones = tuple(z for z in candidates if z in self._by_zone)
        self._zone_cache[code] = zones
        return zones

    def _context(self, situation: Situation) -> _Context:
        code = situation.code_insee.strip().upper() if situation.code_insee else None
        commune = self.communes.get(code) if code else None
        centroid = None
        if commune is not None and commune.latitude is not None and commune.longitude is not None:
            centroid = (commune.latitude, commune.longitude)
        zones = self._zones_for(code)
        quartier_norm = normalise_quartier(situation.quartier) if situation.quartier else None
        publics = set()
        age = situation.age
        if age is not None and JEUNES_AGE[0] <= age <= JEUNES_AGE[1]:
            publics.add("jeunes")
        if age is not None and age >= SENIORS_AGE_MIN:
            publics.add("seniors")
        publics.update(s.public for s in STATUSES if getattr(situation, s.slot))
        if "garde_enfants" in (situation.freins or ()):
            publics.add("familles")  # looking for childcare means having children
        if situation.quartier:
            # Quartiers named in the catalogue are those with reserved services: priority areas.
            known = set().union(*(self._zone_quartiers.get(z, set()) for z in zones))
            if best_quartier(situation.quartier, known):
                publics.add("residents-qpv-frr")
        return _Context(
            situation=situation,
            code=code,
            commune_nom=situation.commune or (commune.nom if commune is not None else None),
            zones=zones,
            centroid=centroid,
            publics=frozenset(publics),
            quartier_norm=quartier_norm,
        )

    def _verdict(self, i: int, ctx: _Context, check_quartier: bool = True) -> _Verdict:
        """Hard criteria other than the zone (the candidates come from the zone index)."""
        rules = self._rules[i]
        if rules is None:
            return _OK
        situation = ctx.situation
        fails: List[Unmet] = []
        unknown: List[Unverified] = []
        if rules.age is not None:
            age, bounds = situation.age, rules.age.rule
            if age is None:
                unknown.append(rules.age.unverified)
            elif (bounds.age_min is not None and age < bounds.age_min) or (
                bounds.age_max is not None and age > bounds.age_max
            ):
                fails.append(rules.age.unmet)
        for status in rules.statuses:
            value = getattr(situation, status.rule.slot)
            if value is None:
                unknown.append(status.unverified)
            elif not value:
                fails.append(status.unmet)
        if rules.quartier and check_quartier:
            if not ctx.quartier_norm:
                unknown.append(rules.quartier.unverified)
            else:
                score = max(quartier_score(ctx.quartier_norm, q) for q in rules.quartiers_norm)
                if score < QUARTIER_MIN_SCORE:
                    fails.append(rules.quartier.unmet)
        if not fails and not unknown:
            return _OK
        return _Verdict(tuple(fails), tuple(unknown))

    def _rank_key(self, ctx: _Context) -> Callable[[int], _RankKey]:
        """Rule 3's tie-breaks: resident's public, in the commune, distance, then name.

        Candidates are already eligible and relevant; no other preference is added. Distance is
        compared through the haversine term itself (monotonic in the distance, no asin/sqrt).
        Keys are memoised for the duration of one match."""
        locations, publics, names, coords = self._location, self._publics, self._sort_name, self._coords
        code, resident = ctx.code, ctx.publics
        origin = None
        if ctx.centroid is not None:
            lat, lon = math.radians(ctx.centroid[0]), math.radians(ctx.centroid[1])
            origin = (lat, lon, math.cos(lat))
        memo: Dict[int, _RankKey] = {}
        sin = math.sin

        def key(i: int) -> _RankKey:
            cached = memo.get(i)
            if cached is not None:
                return cached
            distance = math.inf
            where = coords[i]
            if origin is not None and where is not None:
                distance = sin((where[0] - origin[0]) / 2) ** 2 + origin[2] * where[2] * sin(
                    (where[1] - origin[1]) / 2
                ) ** 2
            result = memo[i] = (
                publics[i].isdisjoint(resident),
                code is None or locations[i] != code,
                distance,
                names[i],
            )
            return result

        return key

    def _fallback(self, ctx: _Context, limit: int, rank: Callable[[int], Any]) -> List[Proposal]:
        """Generalist fallback: one service from each structure with the broadest eligible offer."""
        offer: Dict[str, FrozenSet[str]] = {}  # structure id -> categories of its eligible services
        members: Dict[str, List[int]] = {}
        for zone in ctx.zones:
            for structure_id, (categories, free, constrained) in self._zone_structures.get(zone, {}).items():
                ids = list(free)
                for i in constrained:
                    if self._verdict(i, ctx).ok:
                        ids.append(i)
                        categories = categories | self._categories[i]
                if not ids:
                    continue
                if structure_id in members:  # also covered through another zone code
                    offer[structure_id] |= categories
                    members[structure_id] += [i for i in ids if i not in members[structure_id]]
                else:
                    offer[structure_id], members[structure_id] = categories, ids
        by_breadth: Dict[int, List[str]] = {}
        for structure_id, categories in offer.items():
            by_breadth.setdefault(len(categories), []).append(structure_id)
        picks: List[int] = []
        for breadth in sorted(by_breadth, reverse=True):  # rank only the structures that can make it
            broadest = [
                min(members[sid], key=lambda i: (-len(self._categories[i]), rank(i)))
                for sid in by_breadth[breadth]
            ]
            picks += sorted(broadest, key=rank)[: limit - len(picks)]
            if len(picks) >= limit:
                break
        return [self._proposal(i, "repli", None, ctx) for i in picks]

    def _out_of_zone_here(self, ctx: _Context, relevant: Set[int]) -> List[Exclusion]:
        """Relevant services located in the resident's commune but not open to its residents."""
        if ctx.code is None:
            return []
        themes = set(self._relevant_themes(ctx.situation))
        here = [
            i for i in self._by_location.get(ctx.code, ())
            if i not in relevant and self._themes[i] & themes
        ]
        exclusions = []
        for i in sorted(here, key=self._sort_name.__getitem__):
            service = self._services[i]
            outside = OutOfZone(tuple(service.zone_eligibilite), ctx.commune_nom, located_here=True)
            exclusions.append(Exclusion(service, (outside,) + self._verdict(i, ctx).fails))
        return exclusions

    def _proposal(self, i: int, motif: str, frein: Optional[str], ctx: _Context) -> Proposal:
        return Proposal(self._services[i], motif, frein, self._why(i, motif, frein, ctx))

    def _why(self, i: int, motif: str, frein: Optional[str], ctx: _Context) -> Fit:
        """Why the service fits: the obstacle, the resident's quartier, age, status or public."""
        if motif == "repli":
            in_commune = ctx.code is not None and self._location[i] == ctx.code
            return Generalist(ctx.commune_nom, in_commune)
        if motif == "frein" and frein:
            return _FOR_OBSTACLE.get(frein) or ForObstacle(frein)
        rules = self._rules[i]
        if rules and rules.quartier:
            quartiers = rules.quartier.rule.quartiers
            return ForQuartier(best_quartier(ctx.situation.quartier or "", quartiers) or quartiers[0])
        # The resident's commune when the service is reserved to people around it.
        around = ctx.commune_nom if not self._local_zones[i].isdisjoint(ctx.zones) else None
        target = self._targets[i]
        if isinstance(target, AgeRule):
            return ForAge(target, around)
        if isinstance(target, StatusRule):
            return ForStatus(target, around)
        shared = self._publics[i] & ctx.publics
        if shared:
            return ForPublics(shared, around)
        besoin = ctx.situation.besoin
        return _FOR_NEED.get(besoin or "") or ForNeed(besoin)


def _target(rules: Optional[_Rules]) -> Optional[Rule]:
    """The age range or the (first) status a service is for, when it targets someone in particular."""
    if rules is None:
        return None
    age = rules.age.rule if rules.age else None
    if isinstance(age, AgeRule) and (age.age_max is not None or (age.age_min or 0) >= TARGETED_AGE_MIN):
        return age
    return rules.statuses[0].rule if rules.statuses else None


def _compile_rules(service: Service, checks: Dict[Rule, _Check]) -> Optional[_Rules]:
    if (
        service.x_age_min is None and service.x_age_max is None
        and not service.x_requiert and not service.x_quartiers
    ):
        return None
    has_age = service.x_age_min is not None or service.x_age_max is not None
    return _Rules(
        age=_check(AgeRule(service.x_age_min, service.x_age_max), checks) if has_age else None,
        statuses=tuple(_check(StatusRule(s, STATUT_SLOTS[s]), checks) for s in service.x_requiert),
        quartier=_check(QuartierRule(tuple(service.x_quartiers)), checks) if service.x_quartiers else None,
        quartiers_norm=tuple(normalise_quartier(q) for q in service.x_quartiers),
    )
