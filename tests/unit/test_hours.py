"""Opening hours in plain French, and open-now status at fixed times (Europe/Paris)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.catalogue.hours import describe_opening_hours
from bot.common.dates import PARIS

WEEKDAYS = "Mo-Fr 09:00-12:30,13:30-17:30; PH off"


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS)


@pytest.mark.parametrize("value, texte", [
    (WEEKDAYS, "du lundi au vendredi, 9 h – 12 h 30 et 13 h 30 – 17 h 30 ; fermé les jours fériés"),
    ("Mo,We 14:00-17:00", "le lundi et le mercredi, 14 h – 17 h"),
    ("Tu 09:00-12:00; Th 14:00-18:00", "le mardi, 9 h – 12 h ; le jeudi, 14 h – 18 h"),
    ("24/7", "tous les jours, 24 h sur 24"),
    ("Mo-Fr 09:00-17:00; Sa 09:00-12:00", "du lundi au vendredi, 9 h – 17 h ; le samedi, 9 h – 12 h"),
    ("Mo-Fr 09:00-17:00; We off", "du lundi au vendredi, 9 h – 17 h ; fermé le mercredi"),
    ("Mo-Sa 10:00-19:00; Su closed", "du lundi au samedi, 10 h – 19 h ; fermé le dimanche"),
    ("Sa-Su 10:00-18:00", "le samedi et le dimanche, 10 h – 18 h"),
    ("Mo-Su 08:00-20:00", "tous les jours, 8 h – 20 h"),
    ("Mo,We,Fr 09:00-12:00", "le lundi, le mercredi et le vendredi, 9 h – 12 h"),
    ("Mo-We,Fr 09:00-12:00", "du lundi au mercredi et le vendredi, 9 h – 12 h"),
    ("mo-fr 9:00-12:00", "du lundi au vendredi, 9 h – 12 h"),
    ("Mo-Fr 09:00-12:00, 14:00-17:00", "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h"),
    ("Fr 20:00-24:00", "le vendredi, 20 h – minuit"),
    ("10:00-16:00", "tous les jours, 10 h – 16 h"),
    ("Mo-Fr 09:00-17:00; Aug off", "du lundi au vendredi, 9 h – 17 h ; fermé en août"),
    ("Jul-Aug Mo-Fr 09:00-12:00", "en juillet et en août, du lundi au vendredi, 9 h – 12 h"),
    ('Mo-Fr 09:00-12:00 "sur rendez-vous"', "du lundi au vendredi, 9 h – 12 h (sur rendez-vous)"),
    ("Mo-Fr 09:00-17:00; SH off", "du lundi au vendredi, 9 h – 17 h ; fermé pendant les vacances scolaires"),
    ("off", "fermé"),
])
def test_rendered_in_plain_french(value: str, texte: str) -> None:
    assert describe_opening_hours(value, paris("2025-06-02 10:00")).texte == texte


@pytest.mark.parametrize("value", [
    "Mo[1] 09:00-12:00", "sunrise-sunset", "Mo-Fr 09h-12h", "lundi 9h", "Mo-Fr 09:00-12:00 || \"rdv\"",
    "2025 Mo-Fr 09:00-12:00", "Mo-Fr 12:00+", '"non fermé',
])
def test_unsupported_constructs_show_the_raw_value(value: str) -> None:
    horaires = describe_opening_hours(value, paris("2025-06-02 10:00"))
    assert horaires.texte == f"horaires indiqués par la structure : « {value} »"


@pytest.mark.parametrize("value", ["", "   ", ";;;", "Mo-Fr 25:00-26:00", "\"", "Xx 09:00-10:00", "€€€"])
def test_never_raises(value: str) -> None:
    horaires = describe_opening_hours(value, paris("2025-06-02 10:00"))
    assert horaires.texte and "None" not in horaires.texte


def test_missing_hours() -> None:
    assert describe_opening_hours("", paris("2025-06-02 10:00")).texte == "horaires non indiqués"


@pytest.mark.parametrize("now, ouvert, changement", [
    ("2025-06-02 10:00", True, "ferme à 12 h 30"),          # Monday morning
    ("2025-06-02 12:45", False, "ouvre à 13 h 30"),         # lunch break
    ("2025-06-02 08:00", False, "ouvre à 9 h"),
    ("2025-06-03 18:00", False, "ouvre demain à 9 h"),      # Tuesday evening
    ("2025-06-14 10:00", False, "ouvre lundi à 9 h"),       # Saturday
    ("2025-06-06 18:00", False, "ouvre mardi à 9 h"),       # Whit Monday 9 June is a holiday
    ("2025-07-14 10:00", False, "ouvre demain à 9 h"),      # Bastille Day
])
def test_open_now_and_next_change(now: str, ouvert: bool, changement: str) -> None:
    horaires = describe_opening_hours(WEEKDAYS, paris(now))
    assert (horaires.ouvert_maintenant, horaires.prochain_changement) == (ouvert, changement)


def test_aware_times_are_read_in_paris_time() -> None:
    utc = datetime(2025, 6, 2, 8, 0, tzinfo=timezone.utc)  # 10:00 in Paris (summer time)
    assert describe_opening_hours(WEEKDAYS, utc).ouvert_maintenant is True
    utc_winter = datetime(2025, 1, 6, 8, 30, tzinfo=timezone.utc)  # 9:30 in Paris
    assert describe_opening_hours(WEEKDAYS, utc_winter).ouvert_maintenant is True


def test_naive_times_are_paris_time() -> None:
    assert describe_opening_hours(WEEKDAYS, datetime(2025, 6, 2, 12, 45)).prochain_changement == "ouvre à 13 h 30"


def test_always_open_has_no_next_change() -> None:
    horaires = describe_opening_hours("24/7", paris("2025-06-02 03:00"))
    assert (horaires.ouvert_maintenant, horaires.prochain_changement) == (True, None)


def test_next_opening_more_than_a_week_away_gives_the_date() -> None:
    horaires = describe_opening_hours("Jul-Aug Mo-Fr 09:00-12:00", paris("2025-06-20 10:00"))
    assert horaires.prochain_changement == "ouvre le mardi 1er juillet à 9 h"


def test_closing_at_midnight_is_said_this_evening() -> None:
    horaires = describe_opening_hours("Fr 20:00-24:00", paris("2025-06-06 21:00"))
    assert (horaires.ouvert_maintenant, horaires.prochain_changement) == (True, "ferme ce soir à minuit")


@pytest.mark.parametrize("value", [
    "Mo-Fr 09:00-17:00; SH off",  # no French school-holiday calendar in the evaluator
    "sunrise-sunset",             # no coordinates
    "Mo-Fr 09h-12h",              # not parseable
    '"sur rendez-vous"',          # a comment says nothing of the hours
])
def test_open_now_unknown_when_it_cannot_be_evaluated(value: str) -> None:
    horaires = describe_opening_hours(value, paris("2025-06-02 10:00"))
    assert (horaires.ouvert_maintenant, horaires.prochain_changement) == (None, None)


def test_unknown_rule_gives_unknown_status() -> None:
    horaires = describe_opening_hours("Mo-Fr unknown", paris("2025-06-02 10:00"))
    assert horaires.texte == "du lundi au vendredi, horaires à confirmer"
    assert horaires.ouvert_maintenant is None


def test_without_now_uses_the_current_time() -> None:
    assert describe_opening_hours("24/7").ouvert_maintenant is True
