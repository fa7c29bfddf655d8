"""`python -m bot.privacy purger [--jours N]`: deletes the conversations older than N days.

Meant for a daily timer (deploy/systemd/aiguillage-purge.timer). The database is the tracker
store's (TRACKER_URL, or the SQLite file TRACKER_DB), N defaults to RETENTION_DAYS (30).
Exit codes: 0 done, 2 bad setting.
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from bot.privacy.retention import purge_conversations, retention_days, tracker_database_url


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.privacy",
                                     description="Données personnelles des conversations.")
    commands = parser.add_subparsers(dest="commande", metavar="COMMANDE", required=True)
    purge = commands.add_parser("purger", help="effacer les conversations plus anciennes que N jours")
    purge.add_argument("--jours", type=int, default=None, metavar="N",
                       help="durée de conservation en jours (par défaut : RETENTION_DAYS, sinon 30)")
    args = parser.parse_args(argv)
    try:
        days = args.jours if args.jours is not None else retention_days()
    except ValueError as error:
        print(f"Réglage invalide : {error}.", file=sys.stderr)
        return 2
    if days < 1:
        print("--jours doit être au moins 1.", file=sys.stderr)
        return 2
    deleted = purge_conversations(tracker_database_url(), days)
    print(f"{deleted} conversation(s) de plus de {days} jours effacée(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
