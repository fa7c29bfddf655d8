"""bot.settings: one object read from the environment, the former variable names still read."""
from __future__ import annotations

import pytest

from bot.settings import Settings


def test_an_empty_environment_gives_the_make_run_defaults():
    settings = Settings.from_environment({})
    assert settings == Settings()
    assert settings.catalogue_dir == "services_catalogue" and settings.watch_catalogue
    assert settings.staff_password == "" and not settings.demo_page
    assert settings.rasa_public_url == "http://127.0.0.1:5005" and settings.cors_origins == ()
    assert settings.retention_days == 30 and settings.tracker_database_url == "sqlite:///var/tracker.db"


def test_each_variable_reaches_its_setting():
    settings = Settings.from_environment({
        "CATALOGUE_DIR": "ailleurs", "CATALOGUE_WATCH": "0", "STAFF_PASSWORD": " une phrase longue ",
        "DEMO_PAGE": "1", "RASA_PORT": "5015", "CORS_ORIGINS": "https://www.ville.fr  https://ccas.fr",
        "BOT_API_TOKEN": "jeton", "ACTION_TIMEOUT_SECONDS": "3.5", "RETENTION_DAYS": "15",
        "TRACKER_DB": "var/autre.db", "AIGUILLAGE_DEBUG": "1",
    })
    assert settings.catalogue_dir == "ailleurs" and not settings.watch_catalogue
    assert settings.staff_password == " une phrase longue "  # as given: spaces may be part of it
    assert settings.demo_page and settings.rasa_public_url == "http://127.0.0.1:5015"
    assert settings.cors_origins == ("https://www.ville.fr", "https://ccas.fr")
    assert settings.bot_api_token == "jeton" and settings.action_timeout_seconds == 3.5
    assert settings.retention_days == 15 and settings.tracker_database_url == "sqlite:///var/autre.db"
    assert settings.debug


def test_the_channels_limits_and_key():
    defaults = Settings.from_environment({})
    assert defaults.pseudonym_key == "" and defaults.messages_per_minute == 20
    assert defaults.new_conversations_per_hour == 30 and defaults.answer_timeout_seconds == 75
    settings = Settings.from_environment({
        "PSEUDONYM_KEY": " clé ", "MESSAGES_PER_MINUTE": "200", "NEW_CONVERSATIONS_PER_HOUR": "5",
        "TICKET_LOCK_LIFETIME": "30",
    })
    assert settings.pseudonym_key == " clé " and settings.messages_per_minute == 200
    assert settings.new_conversations_per_hour == 5
    assert settings.answer_timeout_seconds == 45  # the lock's lifetime and 15 s more
    assert Settings.from_environment({"ANSWER_TIMEOUT_SECONDS": "9", "TICKET_LOCK_LIFETIME": "30"}
                                     ).answer_timeout_seconds == 9


def test_the_public_url_and_the_tracker_url_win_over_what_they_would_be_built_from():
    settings = Settings.from_environment({"RASA_PUBLIC_URL": "https://bot.ville.fr", "RASA_PORT": "5015",
                                          "TRACKER_URL": "postgresql://a@b/c", "TRACKER_DB": "x.db"})
    assert settings.rasa_public_url == "https://bot.ville.fr"
    assert settings.tracker_database_url == "postgresql://a@b/c"


def test_the_former_catalog_names_are_still_read_and_the_new_ones_win():
    old = Settings.from_environment({"CATALOG_DIR": "ancien", "CATALOG_WATCH": "0"})
    assert old.catalogue_dir == "ancien" and not old.watch_catalogue
    both = Settings.from_environment({"CATALOG_DIR": "ancien", "CATALOGUE_DIR": "nouveau", "CATALOGUE_WATCH": "1",
                                      "CATALOG_WATCH": "0"})
    assert both.catalogue_dir == "nouveau" and both.watch_catalogue


@pytest.mark.parametrize("written", ["jamais", "0", "-3", "2.5"])
def test_a_wrong_retention_is_refused_where_it_is_used(written):
    settings = Settings.from_environment({"RETENTION_DAYS": written})  # reading the settings still works
    with pytest.raises(ValueError, match="RETENTION_DAYS"):
        _ = settings.retention_days


def test_the_catalogue_command_still_reads_the_former_variable(tmp_path, monkeypatch, capsys):
    from bot.catalogue.__main__ import main

    monkeypatch.delenv("CATALOGUE_DIR", raising=False)
    monkeypatch.setenv("CATALOG_DIR", str(tmp_path / "ancien-dossier"))
    assert main(["validate", "--sans-communes"]) == 2
    assert "ancien-dossier" in capsys.readouterr().err
