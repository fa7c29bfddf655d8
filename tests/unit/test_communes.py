"""The official commune table and the resolution of what residents write."""
from __future__ import annotations

import pytest

from bot.catalogue.communes import SCORE_CONFIRM, SCORE_SURE, Commune, CommuneRef, normalize_name


@pytest.fixture(scope="module")
def ref() -> CommuneRef:
    return CommuneRef.load_default()


def best(ref: CommuneRef, text: str) -> tuple[str, float] | None:
    matches = ref.resolve(text)
    return (matches[0].commune.code_insee, matches[0].score) if matches else None


# --- the table -----------------------------------------------------------------------------------


def test_load_default_is_read_once_and_holds_every_current_commune(ref: CommuneRef) -> None:
    assert CommuneRef.load_default() is ref
    assert 34_000 < len(ref) < 36_000
    assert ref.get("75101") is None  # Paris arrondissements are not communes


@pytest.mark.parametrize("code, nom", [
    ("93001", "Aubervilliers"),
    ("93013", "Le Bourget"),
    ("93045", "Les Lilas"),
    ("93039", "L'Île-Saint-Denis"),
    ("93027", "La Courneuve"),
    ("93031", "Épinay-sur-Seine"),
])
def test_official_names_keep_their_article_and_accents(ref: CommuneRef, code: str, nom: str) -> None:
    assert ref.get(code).nom == nom


def test_a_commune_carries_its_codes_and_centroid(ref: CommuneRef) -> None:
    aubervilliers = ref.get("93001")
    assert aubervilliers.departement == "93"
    assert aubervilliers.epci == "200054781"  # Métropole du Grand Paris
    assert aubervilliers.codes_postaux == ("93300",)
    assert 48.89 < aubervilliers.latitude < 48.93 and 2.36 < aubervilliers.longitude < 2.41
    assert "75020" in ref.get("75056").codes_postaux  # arrondissement codes belong to Paris
    assert ref.get("2A004").departement == "2A"
    assert ref.get("97411").departement == "974"


def test_postal_codes(ref: CommuneRef) -> None:
    assert [c.nom for c in ref.by_postal_code("93300")] == ["Aubervilliers"]
    assert len(ref.by_postal_code("95690")) >= 3
    assert ref.by_postal_code("00000") == []


@pytest.mark.parametrize("code, known", [
    ("france", True), ("France", True), ("93", True), ("2A", True), ("971", True),
    ("200054781", True), ("93001", True),
    ("99", False), ("123456789", False), ("93999", False), ("", False),
])
def test_known_zones(ref: CommuneRef, code: str, known: bool) -> None:
    assert ref.is_known_zone(code) is known


@pytest.mark.parametrize("commune, zone, inside", [
    ("93001", "93001", True),
    ("93001", "93", True),
    ("93001", "200054781", True),
    ("93001", "france", True),
    ("75056", "75", True),
    ("93001", "93048", False),
    ("93001", "92", False),
    ("97411", "93", False),
    ("99999", "93", False),
])
def test_in_zone(ref: CommuneRef, commune: str, zone: str, inside: bool) -> None:
    assert ref.in_zone(commune, zone) is inside


def test_nearest_commune_to_a_point(ref: CommuneRef) -> None:
    assert ref.nearest(48.9143, 2.3822).code_insee == "93001"  # Aubervilliers town hall
    assert ref.nearest(48.8620, 2.4430).code_insee == "93048"  # Montreuil town hall
    assert ref.nearest(-20.88, 55.45).code_insee == "97411"  # Saint-Denis, La Réunion


# --- resolution ----------------------------------------------------------------------------------


def test_normalize_name() -> None:
    assert normalize_name("St-Denis") == "saint denis"
    assert normalize_name("L'Île-Saint-Denis") == "l ile saint denis"
    assert normalize_name("  Épinay  sur SEINE ") == "epinay sur seine"
    assert normalize_name("Ste-Geneviève") == "sainte genevieve"


@pytest.mark.parametrize("text, code", [
    ("Aubervilliers", "93001"),
    ("aubervillier", "93001"),
    ("aubervilier", "93001"),
    ("montreuille", "93048"),
    ("bagnollet", "93006"),
    ("romainvile", "93063"),
    ("pantain", "93055"),
    ("epinay sur seine", "93031"),
    ("ROMAINVILLE", "93063"),
    ("st denis", "93066"),
    ("saint denis", "93066"),
    ("Saint-Denis", "93066"),
    ("auber", "93001"),
    ("montreuil sous bois", "93048"),
    ("Montreuil", "93048"),
    ("le blanc mesnil", "93007"),
    ("blanc-mesnil", "93007"),
    ("st ouen", "93070"),
    ("l'ile st denis", "93039"),
    ("ile saint denis", "93039"),
    ("au bourget", "93013"),
    ("aux lilas", "93045"),
    ("la courneuve", "93027"),
    ("aulnay", "93005"),
    ("epinay", "93031"),
    ("Paris", "75056"),
    ("Paris 20e", "75056"),
    ("paris 20 eme", "75056"),
    ("75020", "75056"),
    ("93300", "93001"),
    ("93 300", "93001"),
    ("Lyon", "69123"),
    ("saint-denis 974", "97411"),
    ("aubervilliers 93300", "93001"),
])
def test_resolve_is_sure_of_what_residents_write(ref: CommuneRef, text: str, code: str) -> None:
    found = best(ref, text)
    assert found is not None, text
    assert found[0] == code
    assert found[1] >= SCORE_SURE


def test_homonyms_prefer_seine_saint_denis_and_score_the_others_lower(ref: CommuneRef) -> None:
    matches = ref.resolve("saint denis", limit=3)
    assert matches[0].commune.code_insee == "93066"
    assert "97411" in [m.commune.code_insee for m in matches]
    assert all(m.score < SCORE_SURE for m in matches[1:])
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


@pytest.mark.parametrize("text", ["noisy", "clichy", "bobigni", "sainte-genevieve", "obervilliers"])
def test_ambiguous_or_far_fetched_names_ask_for_confirmation(ref: CommuneRef, text: str) -> None:
    found = best(ref, text)
    assert found is not None
    assert SCORE_CONFIRM <= found[1] < SCORE_SURE


def test_a_postal_code_shared_by_several_communes_gives_them_all_to_confirm(ref: CommuneRef) -> None:
    matches = ref.resolve("95690", limit=5)
    assert len(matches) >= 3
    assert all(SCORE_CONFIRM <= m.score < SCORE_SURE for m in matches)


@pytest.mark.parametrize("text", ["", "   ", "xyzxyzxyz", "emploi", "00000", "je cherche du travail"])
def test_no_match_below_confirmation(ref: CommuneRef, text: str) -> None:
    assert ref.resolve(text) == []


def test_match_exact_needs_the_name_as_written(ref: CommuneRef) -> None:
    assert ref.match_exact("Bondy")[0].commune.code_insee == "93010"
    assert ref.match_exact("bondi") == []


def test_a_small_reference_built_from_fakes() -> None:
    fakes = CommuneRef([
        Commune("93048", "Montreuil", "93", "200054781", ("93100",), 48.86, 2.44),
        Commune("62588", "Montreuil", "62", None, ("62170",), 50.46, 1.76),
        Commune("93010", "Bondy", "93", "200054781", ("93140",), 48.90, 2.48),
    ])
    assert fakes.resolve("montreuil")[0].commune.departement == "93"
    assert fakes.resolve("62170")[0].commune.code_insee == "62588"
    assert fakes.is_known_zone("62") and not fakes.is_known_zone("75")
    assert fakes.nearest(48.9, 2.47).nom == "Bondy"
