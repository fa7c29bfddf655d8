"""GET /health/catalogue, called as Sanic calls it."""
from __future__ import annotations

import json

from actions import catalogue_access
from bot import settings
from bot.catalogue.provider import CatalogueProvider
from web_pages.health import catalogue_health
from web_pages.widget import demo_page


async def test_serves_the_version_and_no_refusal(test_catalogue):
    response = await catalogue_health(None)
    body = json.loads(response.body)
    assert response.status == 200 and body["status"] == "ok"
    assert body["catalogue"]["version"] == test_catalogue.current.version
    assert body["catalogue"]["services"] == 11 and body["catalogue"]["last_refused"] is None


async def test_no_valid_catalogue_is_a_503_with_the_reasons(tmp_path, communes):
    (tmp_path / "casse.yml").write_text("structure:\n  id: casse\n  nom: [pas fermé\n", encoding="utf-8")
    catalogue_access.use(catalogue_access.CatalogueAccess(CatalogueProvider(tmp_path, communes=communes), communes))
    response = await catalogue_health(None)
    body = json.loads(response.body)
    assert response.status == 503 and body["status"] == "no_valid_catalogue"
    assert body["catalogue"]["version"] is None
    assert body["catalogue"]["last_refused"]["errors"][0].startswith("casse.yml")


async def test_the_public_health_does_not_say_where_the_files_are(test_catalogue):
    body = json.loads((await catalogue_health(None)).body)
    assert "directory" not in body["catalogue"]
    assert "catalogue_e2e" not in json.dumps(body)


async def test_the_demo_town_hall_page_is_off_unless_asked_for(monkeypatch):
    monkeypatch.delenv("DEMO_PAGE", raising=False)
    assert (await demo_page(None)).status == 404
    monkeypatch.setenv("DEMO_PAGE", "1")
    settings.current.cache_clear()  # read once per process: this test changed the environment
    assert (await demo_page(None)).status == 200
