"""`rasa run` with Aiguillage's settings from the environment rather than the command line.

A command line is readable by every user of the machine (`ps`): the API token must not be on it.
    python -m bot.serve --model models/aiguillage.tar.gz --port 5005 [any other `rasa run` option]
BOT_API_TOKEN  Rasa's HTTP API (tracker reading) is on only when it is set.
CORS_ORIGINS   the web pages allowed to talk to the bot (the widget's hosts), separated by spaces;
               never "*".
"""
from __future__ import annotations

import os
import sys
from typing import List


def rasa_arguments(argv: List[str]) -> List[str]:
    args = ["run", *argv]
    origins = os.environ.get("CORS_ORIGINS", "").split()
    if "*" in origins:
        raise SystemExit("CORS_ORIGINS=* ouvrirait le robot à n'importe quelle page : "
                         "donnez les adresses des sites qui affichent le widget.")
    if origins:
        args += ["--cors", *origins]
    token = os.environ.get("BOT_API_TOKEN", "")
    if token:
        args += ["--enable-api", "--auth-token", token]
    return args


def main() -> None:
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *rasa_arguments(sys.argv[1:])]  # this process only: /proc shows the first one
    rasa_main()


if __name__ == "__main__":
    main()
