"""`python -m bot.telegram`: runs the Telegram bridge (settings from the environment)."""
from __future__ import annotations

import asyncio
import os
import sqlite3
import sys

from telegram.error import InvalidToken

from . import app, logs, preflight, texts
from .settings import SettingsError, load

# Exit codes: 2 = wrong settings (nothing to retry), 1 = could not start.
BAD_SETTINGS, CANNOT_START = 2, 1


def main() -> int:
    os.environ.setdefault("PTB_TIMEDELTA", "true")  # PTB gives durations as timedelta, no warning
    try:
        settings = load()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return BAD_SETTINGS
    logs.configure(settings.token)
    try:
        asyncio.run(preflight.wait_for_telegram(settings))
        application = app.build(settings)
        app.run(application, settings)
    except InvalidToken:
        print(texts.TOKEN_REJECTED, file=sys.stderr)
        return BAD_SETTINGS
    except sqlite3.Error as error:
        print(f"Erreur : impossible d'ouvrir {settings.db_path} (TELEGRAM_DB) : {error}", file=sys.stderr)
        return BAD_SETTINGS
    except OSError as error:  # e.g. the webhook port is already taken
        print(f"Erreur : le pont Telegram n'a pas pu démarrer : {error}", file=sys.stderr)
        return CANNOT_START
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
