"""The HTTP pages the action server serves besides rasa_sdk's /webhook, /health and /actions.

Each module listed here has `attach(app: sanic.Sanic) -> None`, which adds its routes.
"""
from __future__ import annotations

import importlib

from sanic import Sanic

MODULES = (
    "actions.health",  # GET /health/catalogue: served catalogue version, last refused change
    "actions.staff_pages",  # GET /personnel/: staff page (catalogue, cards, try a situation)
)


def attach_all(app: Sanic) -> None:
    for name in MODULES:
        importlib.import_module(name).attach(app)
