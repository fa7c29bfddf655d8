"""Serves the web chat widget (GET /widget/<file>) and its demo town-hall page (GET /demo/).

The widget's files are a fixed list (no path from the request reaches the file system).
socket.io-client comes from node_modules (`npm ci`, run by `make install`). The demo page's
script tag points the widget at Rasa: RASA_PUBLIC_URL, by default http://127.0.0.1:$RASA_PORT.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from sanic import Sanic, response
from sanic.request import Request

from bot import settings

ROOT = Path(__file__).resolve().parents[1]
WIDGET_DIR = ROOT / "web" / "widget"
DEMO_PAGE = ROOT / "web" / "demo" / "index.html"
JAVASCRIPT = "text/javascript; charset=utf-8"

WIDGET_FILES = {
    "aiguillage-widget.js": (WIDGET_DIR / "aiguillage-widget.js", JAVASCRIPT),
    "aiguillage-widget.css": (WIDGET_DIR / "aiguillage-widget.css", "text/css; charset=utf-8"),
    "socket.io.min.js": (ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js", JAVASCRIPT),
}
# Any site may embed the widget; no-cache: a browser revalidates, so an update reaches residents.
WIDGET_HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"}


async def widget_file(_: Request, name: str) -> response.HTTPResponse:
    path, mime_type = WIDGET_FILES.get(name, (None, None))
    if path is None or not path.is_file():
        return response.text("Fichier introuvable.", status=404)
    return await response.file(path, mime_type=mime_type, headers=WIDGET_HEADERS)


async def demo_page(_: Request) -> response.HTTPResponse:
    configured = settings.current()
    if not configured.demo_page:  # a fictitious town hall has no place in production
        return response.text("Page introuvable.", status=404)
    template = jinja2.Template(DEMO_PAGE.read_text(encoding="utf-8"), autoescape=True)
    return response.html(template.render(rasa_public_url=configured.rasa_public_url))


def attach(app: Sanic) -> None:
    app.add_route(widget_file, "/widget/<name:str>", methods=["GET", "HEAD"], name="widget_file")
    app.add_route(demo_page, "/demo/", methods=["GET"], name="widget_demo_page", strict_slashes=False)
