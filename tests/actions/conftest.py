from __future__ import annotations

from pathlib import Path

import pytest

from actions import catalogue_access
from bot.catalogue.communes import CommuneRef
from bot.catalogue.provider import CatalogueProvider

TEST_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "catalogue_e2e"


@pytest.fixture(scope="session")
def communes() -> CommuneRef:
    return CommuneRef.load_default()


@pytest.fixture(autouse=True)
def test_catalogue(communes):
    """Every action test runs against the small e2e catalogue (no watching thread)."""
    provider = CatalogueProvider(str(TEST_CATALOGUE), communes=communes)
    assert provider.current is not None
    catalogue_access.use(catalogue_access.CatalogueAccess(provider, communes))
    yield provider
    catalogue_access.use(None)
