"""The HTTP pages the action server serves besides rasa_sdk's /webhook, /health and /actions.

Each module listed here has `attach(app: sanic.Sanic) -> None`, which adds its routes.
"""
from __future__ import annotations

import importlib

from sanic import Sanic, response
from sanic.exceptions import NotFound
from sanic.request import Request

MODULES = (
    "actions.health",  # GET /health/catalogue: served catalogue version, last refused change
    "actions.web_widget",  # GET /widget/<file>: the web chat widget; GET /demo/: its demo page
    "actions.staff_pages",  # GET /personnel/: staff page (catalogue, cards, try a situation)
)


async def not_found(request: Request, exception: NotFound) -> response.HTTPResponse:
    # rasa_sdk answers every exception with a 500 and its text; a wrong address is a 404.
    return response.text("Page introuvable.", status=404)


def attach_all(app: Sanic) -> None:
    app.error_handler.add(NotFound, not_found)
    for name in MODULES:
        importlib.import_module(name).attach(app)
