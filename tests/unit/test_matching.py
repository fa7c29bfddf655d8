"""Matching rules of catalogue-format.md: eligibility, relevance, answer, ranking, fallback."""
from __future__ import annotations

import random
from typing import Iterable, List, Tuple

import pytest

from bot.catalogue.matching import Exclusion, Matcher, MatchResult, Proposal
from bot.catalogue.matching_reasons import (
    AgeRule, AnotherChosen, ForAge, ForNeed, ForObstacle, ForPublics, ForQuartier, ForStatus, Generalist,
    OutOfZone, QuartierRule, StatusRule, Unmet, Unrelated, Unverified,
)
from bot.catalogue.matching_wording import left_out_because, why_it_fits
from bot.catalogue.models import STATUT_SLOTS, Service
from tests.support.catalogue_factory import (
    ADMINISTRATIF, AUBERVILLIERS, CALCUL, CONFIANCE, CREATION, CV, EMPLOI, EST_ENSEMBLE,
    FINANCES, FORMATION, FRANCAIS, GARDE, LOGEMENT, METIER, MOBILITE, MONTREUIL, NUMERIQUE,
    PARENTALITE, PARIS, SANTE, StubCommunes, generate_catalogue, generate_idf_communes,
    make_catalogue, make_service, make_structure, situation,
)


def matcher(*services: Service) -> Matcher:
    return Matcher(make_catalogue(*services), StubCommunes())


def names(proposals: Iterable) -> List[str]:
    return [p.service.local_id for p in proposals]


def proposed(result: MatchResult) -> List[str]:
    return names(result.proposals)


def raisons(exclusion: Exclusion) -> Tuple[str, ...]:
    """The reasons as residents' and staff's French reads them."""
    return tuple(left_out_because(r) for r in exclusion.reasons)


def pourquoi(proposal: Proposal) -> str:
    assert proposal.why is not None
    return why_it_fits(proposal.why)


def no_coords(**contact: object) -> dict:
    return {"latitude": None, "longitude": None, **contact}


# ------------------------------------------------------------------ rule 1: hard eligibility


@pytest.mark.parametrize("zone, code, expected", [
    ("93001", "93001", True),       # the commune itself
    ("93001", "93048", False),
    ("93", "93048", True),          # its département
    ("93", "75056", False),
    (EST_ENSEMBLE, "93048", True),  # its EPCI
    (EST_ENSEMBLE, "93001", False),
    ("france", "69123", True),
])
def test_zone_eligibility(zone: str, code: str, expected: bool) -> None:
    m = matcher(make_service("svc", zone=[zone]))
    result = m.match(situation(code_insee=code, commune=None))
    assert (proposed(result) == ["svc"]) is expected


def test_zone_written_with_capitals_or_spaces_still_matches() -> None:
    m = matcher(make_service("svc", zone=[" France "]))
    assert proposed(m.match(situation(code_insee="69123"))) == ["svc"]


def test_zone_membership_comes_from_the_commune_reference() -> None:
    class NoEpci(StubCommunes):
        def in_zone(self, code_insee: str, zone: str) -> bool:
            return zone != EST_ENSEMBLE and super().in_zone(code_insee, zone)

    m = Matcher(make_catalogue(make_service("svc", zone=[EST_ENSEMBLE])), NoEpci())
    assert proposed(m.match(situation(code_insee="93048"))) == []


def test_zone_couverte_ignores_france_wide_services() -> None:
    national = make_service("national", zone=["france"])
    assert matcher(national).match(situation()).zone_couverte is False
    local = make_service("local", zone=["93"], thematiques=[SANTE])
    assert matcher(national, local).match(situation()).zone_couverte is True
    assert matcher(national, local).match(situation(code_insee="69123")).zone_couverte is False


@pytest.mark.parametrize("age, expected", [(15, False), (16, True), (25, True), (26, False)])
def test_age_bounds_are_inclusive(age: int, expected: bool) -> None:
    m = matcher(make_service("ml", x_age_min=16, x_age_max=25))
    result = m.match(situation(age=age))
    assert (proposed(result) == ["ml"]) is expected
    if not expected:
        assert raisons(result.excluded[0]) == ("réservé aux 16-25 ans",)


def test_age_with_only_a_maximum_or_a_minimum() -> None:
    m = matcher(make_service("jeunes", x_age_max=25), make_service("adultes", x_age_min=26))
    assert proposed(m.match(situation(age=25))) == ["jeunes"]
    result = m.match(situation(age=30))
    assert proposed(result) == ["adultes"]
    assert raisons(result.excluded[0]) == ("réservé aux moins de 26 ans",)


def test_unknown_age_keeps_the_service_out_and_is_reported() -> None:
    m = matcher(make_service("ml", x_age_min=16, x_age_max=25), make_service("tous", thematiques=[CV]))
    result = m.match(situation(age=None))
    assert proposed(result) == ["tous"]
    assert result.non_verifies == ("age",)
    assert result.excluded[0].service.local_id == "ml"
    assert raisons(result.excluded[0]) == ("réservé aux 16-25 ans (âge inconnu)",)


def test_declined_answer_keeps_the_service_out() -> None:
    m = matcher(make_service("rsa", x_requiert=["rsa"]))
    result = m.match(situation(non_renseignes=("beneficiaire_rsa",)))
    assert proposed(result) == []
    assert result.non_verifies == ("beneficiaire_rsa",)


@pytest.mark.parametrize("status, raison", [
    ("inscription-france-travail", "réservé aux personnes inscrites à France Travail"),
    ("rsa", "réservé aux bénéficiaires du RSA"),
    ("rqth", "réservé aux personnes avec une RQTH (travailleur handicapé)"),
])
@pytest.mark.parametrize("value", [True, False, None])
def test_each_required_status(status: str, raison: str, value: object) -> None:
    slot = STATUT_SLOTS[status]
    m = matcher(make_service("svc", x_requiert=[status]))
    result = m.match(situation(**{slot: value}))
    if value is True:
        assert proposed(result) == ["svc"] and result.excluded == ()
    elif value is False:
        assert proposed(result) == [] and raisons(result.excluded[0]) == (raison,)
        assert result.non_verifies == ()
    else:
        assert proposed(result) == [] and result.non_verifies == (slot,)


def test_every_required_status_must_hold() -> None:
    m = matcher(make_service("svc", x_requiert=["rsa", "rqth"]))
    assert proposed(m.match(situation(beneficiaire_rsa=True, rqth=True))) == ["svc"]
    result = m.match(situation(beneficiaire_rsa=True, rqth=False))
    assert proposed(result) == []


@pytest.mark.parametrize("typed, expected", [
    ("La Noue", True), ("la noue", True), ("LA NOUE", True), ("Noue", True),
    ("la nou", True), ("La Noüe", True), ("Bel Air", False), ("Centre", False),
])
def test_quartier_fuzzy_match(typed: str, expected: bool) -> None:
    m = matcher(make_service("noue", zone=["93048"], x_quartiers=["La Noue"]))
    result = m.match(situation(code_insee="93048", commune="Montreuil", quartier=typed))
    assert (proposed(result) == ["noue"]) is expected
    if not expected:
        assert raisons(result.excluded[0]) == ("réservé au quartier La Noue",)


def test_unknown_quartier_keeps_the_service_out() -> None:
    m = matcher(make_service("noue", zone=["93048"], x_quartiers=["La Noue", "Bel-Air"]))
    result = m.match(situation(code_insee="93048"))
    assert proposed(result) == []
    assert result.non_verifies == ("quartier",)
    assert raisons(result.excluded[0]) == ("réservé aux quartiers La Noue et Bel-Air (quartier inconnu)",)


def test_a_slot_is_not_reported_unverified_when_the_service_fails_anyway() -> None:
    m = matcher(make_service("svc", x_age_max=25, x_requiert=["rsa"]))
    result = m.match(situation(age=40))
    assert result.non_verifies == ()
    assert raisons(result.excluded[0])[0] == "réservé aux moins de 26 ans"


def test_unknown_commune_only_national_services_and_commune_reported() -> None:
    m = matcher(make_service("local", zone=["93001"]), make_service("national", zone=["france"]))
    result = m.match(situation(code_insee=None, commune=None))
    assert proposed(result) == ["national"]
    assert result.non_verifies == ("commune",)


def test_service_located_in_the_commune_but_reserved_to_another_is_explained() -> None:
    structure = make_structure("ml-est", "Mission locale", commune=AUBERVILLIERS)
    m = matcher(make_service("autre", zone=["93048"], structure=structure))
    result = m.match(situation())
    assert proposed(result) == []
    assert [(e.service.local_id, raisons(e)) for e in result.excluded] == [
        ("autre", ("hors de votre commune",))
    ]


# ------------------------------------------------------------------ rule 2: relevance


NEED_THEMATIQUES = {
    "emploi": (EMPLOI, CV), "formation": (FORMATION,),
    "creation_entreprise": (CREATION,), "orientation_metier": (METIER,),
}


@pytest.mark.parametrize("besoin", NEED_THEMATIQUES)
def test_each_need_maps_to_its_categories(besoin: str) -> None:
    services = [
        make_service(f"{need}-{k}", thematiques=[thematique])
        for need, thematiques in NEED_THEMATIQUES.items() for k, thematique in enumerate(thematiques)
    ]
    result = matcher(*services).match(situation(besoin=besoin))
    assert sorted(proposed(result)) == [f"{besoin}-{k}" for k in range(len(NEED_THEMATIQUES[besoin]))]
    assert result.more == ()


@pytest.mark.parametrize("frein, thematique", [
    ("garde_enfants", GARDE), ("mobilite", MOBILITE), ("mobilite", "mobilite--financer-ma-mobilite"),
    ("francais", FRANCAIS), ("numerique", NUMERIQUE), ("sante", SANTE), ("logement", LOGEMENT),
    ("confiance", CONFIANCE), ("administratif", ADMINISTRATIF), ("finances", FINANCES),
])
def test_each_obstacle_maps_to_its_thematiques(frein: str, thematique: str) -> None:
    m = matcher(make_service("emploi"), make_service("frein", thematiques=[thematique]))
    result = m.match(situation(freins=[frein]))
    assert [(p.service.local_id, p.motif, p.frein) for p in result.proposals] == [
        ("emploi", "besoin", None), ("frein", "frein", frein),
    ]


@pytest.mark.parametrize("frein, neighbour", [("garde_enfants", PARENTALITE), ("francais", CALCUL)])
def test_exact_sous_thematique_obstacles_ignore_the_rest_of_the_category(frein: str, neighbour: str) -> None:
    m = matcher(make_service("emploi"), make_service("voisin", thematiques=[neighbour]))
    assert proposed(m.match(situation(freins=[frein]))) == ["emploi"]


def test_without_need_relevance_comes_from_obstacles_only() -> None:
    m = matcher(
        make_service("emploi"),
        make_service("garde-a", nom="A garde", thematiques=[GARDE]),
        make_service("garde-b", nom="B garde", thematiques=[GARDE]),
    )
    result = m.match(situation(besoin=None, freins=["garde_enfants"]))
    assert proposed(result) == ["garde-a"] and names(result.more) == ["garde-b"]
    assert result.repli is False


# ------------------------------------------------------------------ rule 3: the answer


def test_at_most_three_for_the_need_the_rest_in_more_ranked() -> None:
    services = [make_service(f"e{k}", nom=f"Emploi {k}") for k in (5, 3, 1, 4, 2)]
    result = matcher(*services).match(situation())
    assert proposed(result) == ["e1", "e2", "e3"]
    assert names(result.more) == ["e4", "e5"]
    assert {p.motif for p in result.proposals + result.more} == {"besoin"}


def test_limit_for_the_need_can_be_changed() -> None:
    services = [make_service(f"e{k}", nom=f"Emploi {k}") for k in range(4)]
    assert proposed(matcher(*services).match(situation(), limit_besoin=2)) == ["e0", "e1"]


def test_one_service_per_obstacle_in_the_order_named() -> None:
    m = matcher(
        make_service("emploi"),
        make_service("garde-1", nom="Crèche A", thematiques=[GARDE]),
        make_service("garde-2", nom="Crèche B", thematiques=[GARDE]),
        make_service("permis-1", nom="Auto-école A", thematiques=[MOBILITE]),
        make_service("permis-2", nom="Auto-école B", thematiques=[MOBILITE]),
    )
    result = m.match(situation(freins=["mobilite", "garde_enfants"]))
    assert [(p.service.local_id, p.frein) for p in result.proposals] == [
        ("emploi", None), ("permis-1", "mobilite"), ("garde-1", "garde_enfants"),
    ]


def test_no_service_twice_across_need_and_obstacles() -> None:
    both = make_service("both", nom="A emploi et mobilité", thematiques=[EMPLOI, MOBILITE])
    other = make_service("permis", nom="B permis", thematiques=[MOBILITE])
    result = matcher(both, other).match(situation(freins=["mobilite"]))
    assert proposed(result) == ["both", "permis"]
    result = matcher(both).match(situation(freins=["mobilite"]))
    assert proposed(result) == ["both"]  # the obstacle's only service is already proposed
    assert result.more == ()


def test_service_for_two_obstacles_is_proposed_once() -> None:
    both = make_service("both", thematiques=[MOBILITE, NUMERIQUE])
    result = matcher(make_service("emploi"), both).match(situation(freins=["mobilite", "numerique"]))
    assert proposed(result) == ["emploi", "both"]


def _pair(first_fields: dict, second_fields: dict) -> Matcher:
    """Two emploi services: "a" wins on name, "z" must win on the tie-break under test."""
    a = make_service("a", nom="A service", **first_fields)
    z = make_service("z", nom="Z service", **second_fields)
    return matcher(a, z)


@pytest.mark.parametrize("public, facts", [
    ("jeunes", {"age": 16}),
    ("jeunes", {"age": 25}),
    ("demandeurs-emploi", {"inscrit_france_travail": True}),
    ("beneficiaires-des-minimas-sociaux", {"beneficiaire_rsa": True}),
    ("personnes-en-situation-de-handicap", {"rqth": True}),
    ("seniors", {"age": 55}),
    ("familles", {"freins": ["garde_enfants"]}),
])
def test_tie_break_resident_belongs_to_the_public(public: str, facts: dict) -> None:
    m = _pair({}, {"publics": [public]})
    assert proposed(m.match(situation(**facts)))[:2] == ["z", "a"]
    assert proposed(m.match(situation(age=40)))[:2] == ["a", "z"]


def test_jeunes_public_stops_at_25() -> None:
    m = _pair({}, {"publics": ["jeunes"]})
    assert proposed(m.match(situation(age=26))) == ["a", "z"]


def test_tie_break_residents_of_a_known_quartier_are_qpv_residents() -> None:
    noue = make_service("noue-only", thematiques=[GARDE], zone=["93001"], x_quartiers=["La Noue"])
    a = make_service("a", nom="A service")
    z = make_service("z", nom="Z service", publics=["residents-qpv-frr"])
    m = matcher(noue, a, z)
    assert proposed(m.match(situation(quartier="la noue")))[:2] == ["z", "a"]
    assert proposed(m.match(situation(quartier="Centre")))[:2] == ["a", "z"]


def test_tie_break_service_in_the_residents_commune() -> None:
    here = make_structure("ici", "Ici", commune=AUBERVILLIERS, latitude=None, longitude=None)
    there = make_structure("la", "Là", commune=PARIS, latitude=None, longitude=None)
    a = make_service("a", nom="A service", zone=["93001"], structure=there)
    z = make_service("z", nom="Z service", zone=["93001"], structure=here)
    assert proposed(matcher(a, z).match(situation())) == ["z", "a"]


def test_tie_break_distance_known_before_unknown() -> None:
    near = {"contact": no_coords(code_insee=None, latitude=48.92, longitude=2.39)}
    far = {"contact": no_coords(code_insee=None, latitude=48.80, longitude=2.20)}
    unknown = {"contact": no_coords(code_insee=None)}
    m = matcher(
        make_service("a", nom="A service", **unknown),
        make_service("m", nom="M service", **far),
        make_service("z", nom="Z service", **near),
    )
    assert proposed(m.match(situation())) == ["z", "m", "a"]


def test_tie_break_name_ignores_case_and_accents() -> None:
    services = [
        make_service(k, nom=n, contact=no_coords(code_insee=None))
        for k, n in (("emploi", "Emploi"), ("education", "éducation"), ("atelier", "atelier"))
    ]
    assert proposed(matcher(*services).match(situation())) == ["atelier", "education", "emploi"]


def test_tie_breaks_apply_in_order() -> None:
    here = make_structure("ici", "Ici", commune=AUBERVILLIERS)
    far = make_structure("loin", "Loin", commune=PARIS, latitude=48.70, longitude=2.10)
    near = make_structure("pres", "Près", commune=PARIS, latitude=48.91, longitude=2.38)
    m = matcher(
        make_service("d-near", nom="D", structure=near),
        make_service("c-here", nom="C", structure=here),
        make_service("b-public-far", nom="B", structure=far, publics=["jeunes"]),
        make_service("a-far", nom="A", structure=far),
    )
    result = m.match(situation(age=20))
    assert proposed(result) + names(result.more) == ["b-public-far", "c-here", "d-near", "a-far"]


# ------------------------------------------------------------------ fallback


def test_fallback_when_nothing_relevant_is_eligible() -> None:
    broad = make_structure("ccas", "CCAS d'Aubervilliers")
    narrow = make_structure("cyber", "Cyber-espace")
    m = matcher(
        make_service("ccas-1", thematiques=[LOGEMENT, SANTE], structure=broad),
        make_service("ccas-2", thematiques=[FINANCES], structure=broad),
        make_service("cyber-1", thematiques=[NUMERIQUE], structure=narrow),
        make_service("ml", x_age_max=25),
    )
    result = m.match(situation(age=40, besoin="emploi"))
    assert result.repli is True
    assert [(p.service.local_id, p.motif) for p in result.proposals] == [
        ("ccas-1", "repli"), ("cyber-1", "repli"),
    ]
    assert pourquoi(result.proposals[0]) == "accueil généraliste de votre commune"
    assert [e.service.local_id for e in result.excluded] == ["ml"]


def test_fallback_breadth_adds_up_services_of_every_zone_code() -> None:
    spread = make_structure("spread", "Structure présente partout")
    single = make_structure("single", "Structure avec un service")
    m = matcher(
        make_service("commune", thematiques=[NUMERIQUE], zone=["93001"], structure=spread),
        make_service("departement", thematiques=[LOGEMENT], zone=["93"], structure=spread),
        make_service("jeunes", thematiques=[FINANCES], zone=["93"], structure=spread, x_age_max=25),
        make_service("large", nom="A large", thematiques=[SANTE, CONFIANCE], structure=single),
    )
    young = m.match(situation(age=20, besoin="formation"), limit_besoin=1)
    assert proposed(young) == ["commune"]  # 3 categories once the 16-25 service counts
    adult = m.match(situation(age=40, besoin="formation"), limit_besoin=1)
    assert proposed(adult) == ["large"]  # 2 categories each: the ranking decides (name)


def test_fallback_gives_at_most_three_structures() -> None:
    services = [make_service(f"s{k}", thematiques=[SANTE]) for k in range(5)]
    result = matcher(*services).match(situation(besoin="formation"))
    assert result.repli and len(result.proposals) == 3 and result.more == ()


def test_fallback_only_uses_hard_eligible_services() -> None:
    m = matcher(make_service("jeunes", thematiques=[SANTE], x_age_max=25),
                make_service("autre-commune", thematiques=[SANTE], zone=["93048"]))
    result = m.match(situation(age=40, besoin="formation"))
    assert result.repli and result.proposals == ()


def test_fallback_is_never_empty_when_anything_is_eligible() -> None:
    m = matcher(make_service("only", thematiques=[CONFIANCE], zone=["france"]))
    for sit in (situation(besoin=None, freins=()), situation(besoin="creation_entreprise"),
                situation(code_insee="69123", besoin=None, freins=None)):
        result = m.match(sit)
        assert result.repli and proposed(result) == ["only"]


def test_no_fallback_when_an_obstacle_has_a_service() -> None:
    m = matcher(make_service("garde", thematiques=[GARDE]), make_service("sante", thematiques=[SANTE]))
    result = m.match(situation(besoin="creation_entreprise", freins=["garde_enfants"]))
    assert result.repli is False and proposed(result) == ["garde"]


def test_fallback_to_a_service_outside_the_commune_says_so() -> None:
    m = matcher(make_service("dep", thematiques=[SANTE], zone=["93"],
                             structure=make_structure("bobigny", "Maison départementale", commune=MONTREUIL)))
    result = m.match(situation(besoin="formation"))
    assert pourquoi(result.proposals[0]) == "accueil généraliste ouvert aux habitants d'Aubervilliers"


# ------------------------------------------------------------------ why it fits


def test_pourquoi_lines() -> None:
    m = matcher(
        make_service("ml", nom="A", x_age_min=16, x_age_max=25),
        make_service("dep", nom="B", zone=["93"], x_age_min=16, x_age_max=25),
        make_service("rsa", nom="C", x_requiert=["rsa"]),
        make_service("plain", nom="D"),
        make_service("adultes", nom="E", x_age_min=18),
        make_service("seniors", nom="F", x_age_min=50),
        make_service("garde", thematiques=[GARDE]),
    )
    young = m.match(situation(age=20, beneficiaire_rsa=True, freins=["garde_enfants"]), limit_besoin=5)
    old = m.match(situation(age=55), limit_besoin=5)
    assert {p.service.local_id: pourquoi(p) for p in young.proposals + old.proposals} == {
        "ml": "pour les 16-25 ans d'Aubervilliers",
        "dep": "pour les 16-25 ans",
        "rsa": "pour les bénéficiaires du RSA",
        "adultes": "pour trouver un emploi",
        "seniors": "pour les 50 ans et plus d'Aubervilliers",
        "plain": "pour trouver un emploi",
        "garde": "pour la garde d'enfants",
    }


def test_pourquoi_mentions_the_residents_public_and_quartier() -> None:
    m = matcher(make_service("jeunes", publics=["jeunes"], zone=["93"]),
                make_service("noue", zone=["93048"], x_quartiers=["La Noue"]))
    result = m.match(situation(code_insee="93048", commune="Montreuil", age=19, quartier="la noue"))
    assert {p.service.local_id: pourquoi(p) for p in result.proposals} == {
        "jeunes": "pour les jeunes",
        "noue": "pour les habitants du quartier La Noue",
    }


# ------------------------------------------------------------------ questions worth asking


def test_rsa_asked_only_when_a_relevant_eligible_service_requires_it() -> None:
    rsa_emploi = make_service("rsa-emploi", x_requiert=["rsa"])
    rsa_formation = make_service("rsa-formation", thematiques=[FORMATION], x_requiert=["rsa"])
    rsa_jeunes = make_service("rsa-jeunes", x_requiert=["rsa"], x_age_max=25)
    assert matcher(rsa_emploi).questions_utiles(situation()) == ["beneficiaire_rsa"]
    assert matcher(rsa_formation).questions_utiles(situation()) == []
    assert matcher(rsa_jeunes).questions_utiles(situation(age=40)) == []
    assert matcher(rsa_jeunes).questions_utiles(situation(age=20)) == ["beneficiaire_rsa"]
    assert matcher(rsa_emploi).questions_utiles(situation(beneficiaire_rsa=False)) == []
    assert matcher(rsa_emploi).questions_utiles(situation(non_renseignes=("beneficiaire_rsa",))) == []
    assert matcher(rsa_formation).questions_utiles(
        situation(besoin=None, freins=["numerique"])) == []


def test_a_status_required_by_an_obstacle_service_is_worth_asking() -> None:
    m = matcher(make_service("permis-rqth", thematiques=[MOBILITE], x_requiert=["rqth"]))
    assert m.questions_utiles(situation(freins=["mobilite"])) == ["rqth"]


def test_questions_in_a_stable_order() -> None:
    m = matcher(
        make_service("q", zone=["93001"], x_quartiers=["Villette"]),
        make_service("r", x_requiert=["rqth"]),
        make_service("rsa", x_requiert=["rsa"]),
        make_service("ft", x_requiert=["inscription-france-travail"]),
    )
    assert m.questions_utiles(situation()) == [
        "inscrit_france_travail", "beneficiaire_rsa", "rqth", "quartier",
    ]


def test_quartier_asked_only_where_such_a_service_exists() -> None:
    m = matcher(make_service("noue", zone=["93048"], x_quartiers=["La Noue"]))
    assert m.questions_utiles(situation(code_insee="93048")) == ["quartier"]
    assert m.questions_utiles(situation(code_insee="93001")) == []
    assert m.questions_utiles(situation(code_insee="93048", quartier="La Noue")) == []


def test_quartiers_lists_relevant_services_of_the_zone() -> None:
    m = matcher(
        make_service("noue", zone=["93048"], x_quartiers=["La Noue", "Bel-Air"]),
        make_service("boissiere", zone=["93048"], x_quartiers=["Boissière"], x_age_max=25),
        make_service("creche", zone=["93048"], thematiques=[GARDE], x_quartiers=["Ruffins"]),
        make_service("aubervilliers", zone=["93001"], x_quartiers=["Villette"]),
    )
    montreuil = situation(code_insee="93048", commune="Montreuil")
    assert m.quartiers(montreuil) == ["Bel-Air", "Boissière", "La Noue"]
    assert m.quartiers(situation(code_insee="93048", age=40)) == ["Bel-Air", "La Noue"]
    assert m.quartiers(situation(code_insee="93048", freins=["garde_enfants"])) == [
        "Bel-Air", "Boissière", "La Noue", "Ruffins",
    ]


@pytest.mark.parametrize("typed, expected", [
    ("la noue", "La Noue"), ("LA NOUE", "La Noue"), ("noue", "La Noue"), ("la nouee", "La Noue"),
    ("j'habite à la Noue", "La Noue"), ("bel air", "Bel-Air"), ("belair", "Bel-Air"),
    ("Boissiere", "Boissière"), ("centre", None), ("Paris", None), ("la", None), ("", None),
])
def test_resolve_quartier(typed: str, expected: object) -> None:
    m = matcher(
        make_service("noue", zone=["93048"], x_quartiers=["La Noue", "Bel-Air", "Boissière"]),
        make_service("centres", zone=["93"], thematiques=[SANTE], x_quartiers=["Centre-Ville", "Centre-Sud"]),
        make_service("lyon", zone=["69123"], x_quartiers=["Croix-Rousse"]),
    )
    assert m.resolve_quartier(typed, situation(code_insee="93048")) == expected


def test_resolve_quartier_only_knows_the_residents_zone() -> None:
    m = matcher(make_service("lyon", zone=["69123"], x_quartiers=["Croix-Rousse"]))
    assert m.resolve_quartier("croix rousse", situation(code_insee="69123")) == "Croix-Rousse"
    assert m.resolve_quartier("croix rousse", situation(code_insee="93048")) is None


def test_review_gives_every_service_of_the_catalogue_its_reason() -> None:
    m = matcher(
        make_service("ml", nom="A", x_age_max=25), make_service("plain", nom="B"),
        make_service("garde-1", nom="C", thematiques=[GARDE]),
        make_service("garde-2", nom="D", thematiques=[GARDE]),
        make_service("sante", nom="E", thematiques=[SANTE]),
        make_service("montreuil", nom="F", zone=["93048"],
                     structure=make_structure("mtr", "Montreuil", commune=MONTREUIL)),
    )
    review = m.review(situation(age=40, freins=["garde_enfants"]))
    result = review.result
    assert result == m.match(situation(age=40, freins=["garde_enfants"]))
    assert [(p.service.local_id, p.why) for p in result.proposals] == [
        ("plain", ForNeed("emploi")), ("garde-1", ForObstacle("garde_enfants")),
    ]
    assert [(e.service.local_id, e.reasons) for e in result.excluded] == [
        ("ml", (Unmet(AgeRule(None, 25)),)),
    ]
    assert {e.service.local_id: e.reasons for e in review.others} == {
        "garde-2": (AnotherChosen(),),
        "sante": (Unrelated(),),
        "montreuil": (OutOfZone(("93048",), "Aubervilliers", located_here=False),),
    }


def test_reasons_are_codes_with_their_parameters() -> None:
    m = matcher(
        make_service("ml", nom="A", x_age_min=16, x_age_max=25),
        make_service("rsa", nom="B", x_requiert=["rsa"]),
        make_service("noue", nom="C", zone=["93001"], x_quartiers=["La Noue", "Bel-Air"]),
        make_service("ici", nom="D", zone=["93048"], structure=make_structure("ici", "Ici", commune=AUBERVILLIERS)),
    )
    result = m.match(situation(age=30))
    assert [e.reasons for e in result.excluded] == [
        (Unmet(AgeRule(16, 25)),),
        (Unverified(StatusRule("rsa", "beneficiaire_rsa")),),
        (Unverified(QuartierRule(("La Noue", "Bel-Air"))),),
        (OutOfZone(("93048",), "Aubervilliers", located_here=True),),
    ]
    young = m.match(situation(age=20, beneficiaire_rsa=True, quartier="noue"), limit_besoin=5)
    assert {p.service.local_id: p.why for p in young.proposals} == {
        "ml": ForAge(AgeRule(16, 25), "Aubervilliers"),
        "rsa": ForStatus(StatusRule("rsa", "beneficiaire_rsa"), "Aubervilliers"),
        "noue": ForQuartier("La Noue"),
    }
    jeunes = matcher(make_service("j", publics=["jeunes", "familles"], zone=["93"]))
    assert jeunes.match(situation(age=20)).proposals[0].why == ForPublics(frozenset({"jeunes"}), None)
    repli = matcher(make_service("s", thematiques=[SANTE])).match(situation(besoin="formation"))
    assert repli.proposals[0].why == Generalist("Aubervilliers", in_commune=True)


# ------------------------------------------------------------------ against a brute-force reading


def _naively_eligible(service: Service, sit, communes: StubCommunes) -> bool:
    if not any(communes.in_zone(sit.code_insee, z) for z in service.zone_eligibilite):
        return False
    if service.x_age_min is not None and (sit.age is None or sit.age < service.x_age_min):
        return False
    if service.x_age_max is not None and (sit.age is None or sit.age > service.x_age_max):
        return False
    if any(getattr(sit, STATUT_SLOTS[s]) is not True for s in service.x_requiert):
        return False
    return not service.x_quartiers or sit.quartier in service.x_quartiers


def test_indexed_matching_agrees_with_a_full_scan() -> None:
    communes = generate_idf_communes()[:150]
    ref = StubCommunes(communes)
    catalogue = generate_catalogue(communes, n_services=1_500, seed=3)
    m = Matcher(catalogue, ref)
    rng = random.Random(7)
    sizes = []
    for _ in range(25):
        commune = rng.choice(communes)
        sit = situation(
            code_insee=commune.code_insee, commune=commune.nom, age=rng.randint(16, 65),
            besoin=rng.choice(["emploi", "formation", "creation_entreprise", "orientation_metier"]),
            freins=rng.sample(["garde_enfants", "mobilite", "logement"], rng.randint(0, 2)),
            beneficiaire_rsa=rng.choice([True, False]), inscrit_france_travail=rng.choice([True, False]),
            rqth=rng.choice([True, False]), quartier=rng.choice([None, "Quartier 1"]),
        )
        result = m.match(sit)
        need_themes = {"emploi": ("trouver-un-emploi", "preparer-sa-candidature"),
                       "formation": ("se-former",), "creation_entreprise": ("creer-une-entreprise",),
                       "orientation_metier": ("choisir-un-metier",)}[sit.besoin]
        expected = {s.id for s in catalogue.services
                    if _naively_eligible(s, sit, ref) and set(s.categories) & set(need_themes)}
        got_need = {p.service.id for p in result.proposals + result.more if p.motif == "besoin"}
        got_frein = {p.service.id for p in result.proposals if p.motif == "frein"}
        assert got_need | (got_frein & expected) == expected
        ids = [p.service.id for p in result.proposals]
        assert len(ids) == len(set(ids))
        assert all(_naively_eligible(p.service, sit, ref) for p in result.proposals)
        assert sum(p.motif == "besoin" for p in result.proposals) == min(3, len(expected))
        sizes.append(len(expected))
    assert min(sizes) < 3 < max(sizes)  # both sides of the 3-for-the-need limit were exercised


@pytest.mark.parametrize("message, expected", [
    ("slt g 23 ans jhabite montreuil a la noue", "La Noue"),
    ("je vis au bel air depuis 10 ans", "Bel-Air"),
    ("j'habite à Montreuil", None),
    ("la noue ou la boissière je sais plus", None),  # two names: ask rather than guess
])
def test_quartier_mentioned_in_a_longer_message(message: str, expected: object) -> None:
    m = matcher(make_service("noue", zone=["93048"], x_quartiers=["La Noue", "Bel-Air", "Boissière"]))
    assert m.quartier_mentionne(message, situation(code_insee="93048")) == expected
