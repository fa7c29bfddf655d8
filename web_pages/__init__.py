"""The HTTP pages the action server serves besides rasa_sdk's /webhook, /health and /actions.

They run in the process that serves the catalogue to the actions (`python -m actions`, which
attaches them to rasa_sdk's Sanic app), so the health endpoint tells what the bot really serves.
Their settings come from bot.settings. Each module has `attach(app: sanic.Sanic) -> None`.
"""
from __future__ import annotations

from sanic import Sanic, response
from sanic.exceptions import NotFound
from sanic.request import Request

from web_pages import health, staff, widget

PAGES = (
    health,  # GET /health/catalogue: served catalogue version, last refused change
    widget,  # GET /widget/<file>: the web chat widget; GET /demo/: its demo page
    staff,  # GET /personnel/: staff page (catalogue, cards, try a situation)
)


async def not_found(request: Request, exception: NotFound) -> response.HTTPResponse:
    # rasa_sdk answers every exception with a 500 and its text; a wrong address is a 404.
    return response.text("Page introuvable.", status=404)


def attach_all(app: Sanic) -> None:
    app.error_handler.add(NotFound, not_found)
    for page in PAGES:
        page.attach(app)
