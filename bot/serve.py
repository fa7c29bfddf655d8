"""`rasa run` with Aiguillage's settings from the environment rather than the command line.

A command line is readable by every user of the machine (`ps`): the API token must not be on it.
    python -m bot.serve --model models/aiguillage.tar.gz --port 5005 [any other `rasa run` option]
BOT_API_TOKEN  Rasa's HTTP API (tracker reading) is on only when it is set.
CORS_ORIGINS   the web pages allowed to talk to the bot (the widget's hosts), separated by spaces;
               never "*".
ACTION_TIMEOUT_SECONDS  how long a call to the action server may take (7 s; Rasa's own is 300 s):
               a hung or dead action server fails the message at once (bot/unavailable.py), and the
               resident is told to try again within seconds.
"""
from __future__ import annotations

import sys
from typing import List

from bot import settings


def rasa_arguments(argv: List[str]) -> List[str]:
    args = ["run", *argv]
    origins = settings.current().cors_origins
    if "*" in origins:
        raise SystemExit("CORS_ORIGINS=* ouvrirait le robot à n'importe quelle page : "
                         "donnez les adresses des sites qui affichent le widget.")
    if origins:
        args += ["--cors", *origins]
    token = settings.current().bot_api_token
    if token:
        args += ["--enable-api", "--auth-token", token]
    return args


def fail_fast_on_the_action_server() -> None:
    """Rasa's action calls: a short time-out, and a failure that ends the message (Rasa would
    otherwise predict the same action again, up to ten times)."""
    import asyncio

    import aiohttp
    import rasa.core.actions.action as rasa_actions
    from rasa.shared.exceptions import RasaException

    from bot.unavailable import ActionsUnavailable

    rasa_actions.DEFAULT_REQUEST_TIMEOUT = settings.current().action_timeout_seconds  # read at each call
    run = rasa_actions.RemoteAction.run

    async def run_or_fail(self, *args, **kwargs):
        try:
            return await run(self, *args, **kwargs)
        except rasa_actions.ActionExecutionRejection:
            raise  # the form's normal way of saying "not for me"
        except (RasaException, aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise ActionsUnavailable(type(error).__name__) from None

    rasa_actions.RemoteAction.run = run_or_fail


def main() -> None:
    from rasa.__main__ import main as rasa_main

    fail_fast_on_the_action_server()
    sys.argv = ["rasa", *rasa_arguments(sys.argv[1:])]  # this process only: /proc shows the first one
    rasa_main()


if __name__ == "__main__":
    main()
