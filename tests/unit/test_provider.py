"""The provider: a running bot keeps its last valid catalogue and picks up valid changes."""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Callable, List

from bot.catalogue.models import Catalogue
from bot.catalogue.provider import CatalogueProvider

FILE = "aubervilliers/mission-emploi.yml"


def rewrite(directory: Path, text: str, name: str = FILE) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_first_load_and_status(cat_dir):
    provider = CatalogueProvider(cat_dir)
    assert provider.current is not None and len(provider.current.services) == 2
    status = provider.status()
    assert status["directory"] == str(cat_dir)
    assert status["version"] == provider.current.version
    assert status["services"] == 2
    assert datetime.fromisoformat(status["loaded_at"]).tzinfo is not None
    assert status["last_refused"] is None


def test_a_broken_change_keeps_the_last_valid_catalogue(cat_dir, cat_valid_yaml, caplog):
    provider = CatalogueProvider(cat_dir)
    served = provider.current
    rewrite(cat_dir, cat_valid_yaml.replace("    frais: gratuit", "    frais: gratis"))

    with caplog.at_level(logging.ERROR, logger="bot.catalogue.provider"):
        assert provider.reload() is False

    assert provider.current is served
    refused = provider.status()["last_refused"]
    assert datetime.fromisoformat(refused["at"])
    assert len(refused["errors"]) == 1
    assert refused["errors"][0].startswith(f"{FILE}, ligne 25, services[0].frais : ")
    assert provider.status()["version"] == served.version
    logged = caplog.text
    assert "refused" in logged and served.version in logged  # says which version is still served
    assert "services[0].frais" in logged and FILE in logged  # and why the new one was refused


def test_a_valid_change_replaces_the_catalogue_and_calls_listeners(cat_dir, cat_valid_yaml):
    seen: List[Catalogue] = []
    provider = CatalogueProvider(cat_dir, on_change=seen.append)
    assert seen == [provider.current]  # the first load counts as a change
    later: List[Catalogue] = []
    provider.add_listener(later.append)

    rewrite(cat_dir, cat_valid_yaml.replace("Permanence jeunes", "Permanence des jeunes"))
    assert provider.reload() is True

    new = provider.current
    assert new.service("mission-emploi--jeunes").nom == "Permanence des jeunes"
    assert seen == [seen[0], new] and later == [new]
    assert provider.status()["version"] == new.version != seen[0].version


def test_reload_without_change_swaps_nothing(cat_dir):
    calls: List[Catalogue] = []
    provider = CatalogueProvider(cat_dir, on_change=calls.append)
    served = provider.current
    assert provider.reload() is False
    assert provider.current is served and len(calls) == 1


def test_a_fixed_catalogue_clears_the_refusal(cat_dir, cat_valid_yaml):
    provider = CatalogueProvider(cat_dir)
    rewrite(cat_dir, "structure: [")
    provider.reload()
    assert provider.status()["last_refused"] is not None
    rewrite(cat_dir, cat_valid_yaml)
    provider.reload()
    assert provider.status()["last_refused"] is None


def test_invalid_first_load_serves_nothing_until_fixed(cat_write, cat_valid_yaml):
    directory = cat_write(FILE, cat_valid_yaml.replace("  id: mission-emploi", "  id: Mission Emploi"))
    provider = CatalogueProvider(directory)
    assert provider.current is None
    status = provider.status()
    assert (status["version"], status["services"], status["loaded_at"]) == (None, 0, None)
    assert "structure.id" in status["last_refused"]["errors"][0]

    rewrite(directory, cat_valid_yaml)
    assert provider.reload() is True and provider.current is not None


def test_a_failing_listener_does_not_stop_the_swap(cat_dir, cat_valid_yaml):
    def broken(_: Catalogue) -> None:
        raise RuntimeError("index cassé")

    after: List[Catalogue] = []
    provider = CatalogueProvider(cat_dir)
    provider.add_listener(broken)
    provider.add_listener(after.append)
    rewrite(cat_dir, cat_valid_yaml.replace("Permanence jeunes", "Accueil jeunes"))
    assert provider.reload() is True
    assert after == [provider.current]


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_watching_picks_up_a_valid_change_and_ignores_a_broken_one(cat_dir, cat_valid_yaml):
    provider = CatalogueProvider(cat_dir)
    first = provider.current
    provider.start_watching()
    try:
        assert provider.wait_until_watching(5)
        rewrite(cat_dir, cat_valid_yaml.replace("    frais: gratuit", "    frais: gratis"))
        assert wait_for(lambda: provider.status()["last_refused"] is not None, 10)
        assert provider.current is first

        rewrite(cat_dir, cat_valid_yaml.replace("Permanence jeunes", "Permanence du mercredi"))
        assert wait_for(lambda: provider.current is not first, 10)
        assert provider.current.service("mission-emploi--jeunes").nom == "Permanence du mercredi"
        assert provider.status()["last_refused"] is None
    finally:
        provider.stop_watching()
    assert not any(thread.name == "catalogue-watch" for thread in threading.enumerate())
