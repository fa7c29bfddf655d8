"""`python -m bot.privacy purger [--jours N] [--chaque-jour]`: deletes the conversations older
than N days; with --chaque-jour, now and then every day, until stopped (`make run` and
`make prod-up` run it so; a server runs it once a day from deploy/systemd/aiguillage-purge.timer).
The database is the tracker store's (TRACKER_URL, or the SQLite file TRACKER_DB), N defaults to
RETENTION_DAYS (30). Exit codes: 0 done, 2 bad setting.
"""
from __future__ import annotations

import argparse
import sys
import time
from typing import List, Optional

from bot import settings
from bot.privacy.retention import purge_conversations, retention_days


DAY_SECONDS = 24 * 3600


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.privacy",
                                     description="Données personnelles des conversations.")
    commands = parser.add_subparsers(dest="commande", metavar="COMMANDE", required=True)
    purge = commands.add_parser("purger", help="effacer les conversations plus anciennes que N jours")
    purge.add_argument("--jours", type=int, default=None, metavar="N",
                       help="durée de conservation en jours (par défaut : RETENTION_DAYS, sinon 30)")
    purge.add_argument("--chaque-jour", action="store_true",
                       help="recommencer toutes les 24 heures, jusqu'à l'arrêt (Ctrl-C, SIGTERM)")
    args = parser.parse_args(argv)
    try:
        days = args.jours if args.jours is not None else retention_days()
    except ValueError as error:
        print(f"Réglage invalide : {error}.", file=sys.stderr)
        return 2
    if days < 1:
        print("--jours doit être au moins 1.", file=sys.stderr)
        return 2
    while True:
        try:
            deleted = purge_conversations(settings.current().tracker_database_url, days)
            print(f"{deleted} conversation(s) de plus de {days} jours effacée(s).", flush=True)
        except Exception as error:  # a database away today: tomorrow again
            if not args.chaque_jour:
                raise
            print(f"Purge impossible aujourd'hui ({type(error).__name__}) : nouvel essai dans 24 heures.",
                  file=sys.stderr, flush=True)
        if not args.chaque_jour:
            return 0
        time.sleep(DAY_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
