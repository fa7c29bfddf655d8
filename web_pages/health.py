"""GET /health/catalogue: which catalogue version the bot serves and why the last change was refused.

For the town hall's IT person and monitoring: 200 while a valid catalogue is served (even when
the latest edit was refused: the bot keeps the previous version), 503 when there is none.
"""
from __future__ import annotations

from sanic import Sanic, response
from sanic.request import Request

from actions import catalogue_access


async def catalogue_health(_: Request) -> response.HTTPResponse:
    status = catalogue_access.get().provider.status()
    status.pop("directory", None)  # where the server keeps its files is nobody's business outside
    serving = status["version"] is not None
    body = {
        "status": "ok" if serving else "no_valid_catalogue",
        "catalogue": status,
    }
    return response.json(body, status=200 if serving else 503, ensure_ascii=False)


def attach(app: Sanic) -> None:
    app.add_route(catalogue_health, "/health/catalogue", methods=["GET"], name="catalogue_health")
