"""The action server with Aiguillage's own HTTP pages: `python -m actions --actions actions.server`.

Same arguments as `rasa run actions`; the pages of `web_pages` are attached to rasa_sdk's Sanic
app through its plugin hook, so they run in the process that serves the catalogue to the actions
(the health endpoint then tells what the bot really serves).
"""
from __future__ import annotations

import sys
from typing import List, Optional

import pluggy
from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic

import web_pages

hookimpl = pluggy.HookimplMarker("rasa_sdk")


class AiguillagePages:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        web_pages.attach_all(app)


def main(argv: Optional[List[str]] = None) -> None:
    plugin_manager().register(AiguillagePages())
    main_from_args(create_argument_parser().parse_args(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
