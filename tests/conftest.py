"""Marks each slow layer by its folder (pyproject.toml registers the markers), so that
`pytest tests -m "not e2e"` and the like select layers; a bare `pytest` runs the fast layer only.
Every test reads the settings afresh."""
from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from bot import settings

SLOW_LAYERS = ("e2e", "prod", "nlu")
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    for item in items:
        layer = Path(str(item.path)).resolve().relative_to(TESTS).parts[0]
        if layer in SLOW_LAYERS:
            item.add_marker(getattr(pytest.mark, layer))


@pytest.fixture(autouse=True)
def settings_read_afresh() -> None:
    """Each test's own environment (monkeypatch.setenv) is what bot.settings reads."""
    settings.current.cache_clear()
