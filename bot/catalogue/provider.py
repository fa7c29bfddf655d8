"""The one access point to the catalogue for a running bot: load, hot reload, health status.

A running bot never swaps a valid catalogue for an invalid one: a refused reload keeps the last
valid catalogue and logs why (file names, lines, field paths and the staff-facing message).
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Union

from bot.catalogue.loader import load_catalogue
from bot.catalogue.models import Catalogue
from bot.catalogue.validation import ValidationReport, ZoneReference

logger = logging.getLogger(__name__)

Listener = Callable[[Catalogue], None]

DEBOUNCE_MS = 300
# How long the watcher waits for changes before checking it should stop and, the first time,
# before announcing it is ready.
_WATCH_TIMEOUT_MS = 500
_RETRY_SECONDS = 2.0  # when the folder is missing, try to watch it again after this delay


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class CatalogueProvider:
    """Holds the current valid Catalogue of a folder and replaces it when a valid change comes.

    The folder is loaded once at construction; when that first load is refused, `current` is
    None and `status()["last_refused"]` says why. `on_change` is the first listener: it is also
    called after that first load when it succeeds. `force_polling` is passed to watchfiles (for
    folders on network or container mounts where file events do not arrive).
    """

    def __init__(
        self,
        directory: Union[str, Path],
        communes: Optional[ZoneReference] = None,
        on_change: Optional[Listener] = None,
        *,
        force_polling: Optional[bool] = None,
    ):
        self.directory = Path(directory)
        self.communes = communes
        self._force_polling = force_polling
        self._listeners: List[Listener] = [on_change] if on_change is not None else []
        self._state_lock = threading.Lock()  # guards the fields below
        self._reload_lock = threading.Lock()  # one load at a time (watcher thread vs. manual calls)
        self._current: Optional[Catalogue] = None
        self._loaded_at: Optional[str] = None
        self._last_refused: Optional[Dict[str, Any]] = None
        self._stop_event = threading.Event()
        self._watch_ready = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.reload()

    # -- reading

    @property
    def current(self) -> Optional[Catalogue]:
        """The last valid catalogue, or None when no valid one was ever loaded."""
        with self._state_lock:
            return self._current

    def status(self) -> Dict[str, Any]:
        """For the health endpoint: what is served, since when, and the last refused change."""
        with self._state_lock:
            current = self._current
            return {
                "directory": str(self.directory),
                "version": current.version if current else None,
                "services": len(current.services) if current else 0,
                "loaded_at": self._loaded_at,
                "last_refused": (
                    {"at": self._last_refused["at"], "errors": list(self._last_refused["errors"])}
                    if self._last_refused else None
                ),
            }

    # -- loading

    def add_listener(self, listener: Listener) -> None:
        """Call `listener(catalogue)` after each later successful swap (e.g. to rebuild an index)."""
        with self._state_lock:
            self._listeners.append(listener)

    def reload(self) -> bool:
        """Load the folder again; True when a new valid catalogue replaced the served one."""
        with self._reload_lock:
            try:
                catalogue, report = load_catalogue(self.directory, self.communes)
            except Exception:  # load_catalogue should not raise; keep serving whatever happens
                logger.exception("Catalogue reload crashed for %s; keeping the current catalogue", self.directory)
                return False
            if catalogue is None:
                self._refuse(report)
                return False
            with self._state_lock:
                self._last_refused = None
                if self._current is not None and self._current.version == catalogue.version:
                    return False  # same files: nothing to swap
                previous = self._current
                self._current = catalogue
                self._loaded_at = _now()
                listeners = list(self._listeners)
            logger.info(
                "Catalogue chargé / loaded: %s, version %s (was %s), %d structures, %d services, %d warning(s)",
                self.directory, catalogue.version, previous.version if previous else None,
                len(catalogue.structures), len(catalogue.services), len(report.warnings),
            )
            for listener in listeners:
                try:
                    listener(catalogue)
                except Exception:  # one broken listener must not stop the others
                    logger.exception("Catalogue listener %r failed", listener)
            return True

    def _refuse(self, report: ValidationReport) -> None:
        lines = [issue.format() for issue in report.errors]
        with self._state_lock:
            self._last_refused = {"at": _now(), "errors": lines}
            kept = self._current.version if self._current else None
        if kept:
            logger.error("Catalogue refusé / refused in %s: %d error(s); still serving version %s",
                         self.directory, len(lines), kept)
        else:
            logger.error("Catalogue refusé / refused in %s: %d error(s); no valid catalogue to serve",
                         self.directory, len(lines))
        for line in lines:
            logger.error("  %s", line)

    # -- watching

    def start_watching(self) -> None:
        """Reload in a background thread whenever a file of the folder changes."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop_event.clear()
        self._watch_ready.clear()
        self._thread = threading.Thread(target=self._watch, name="catalogue-watch", daemon=True)
        self._thread.start()

    def wait_until_watching(self, timeout: float = 5.0) -> bool:
        """True once the watcher runs (changes from then on are seen); for tests and start-up logs."""
        return self._watch_ready.wait(timeout)

    def stop_watching(self, timeout: float = 5.0) -> None:
        self._stop_event.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def _watch(self) -> None:
        import watchfiles  # imported here: only processes that watch need it

        while not self._stop_event.is_set():
            try:
                for changes in watchfiles.watch(
                    self.directory,
                    debounce=DEBOUNCE_MS,
                    step=50,
                    stop_event=self._stop_event,
                    rust_timeout=_WATCH_TIMEOUT_MS,
                    yield_on_timeout=True,
                    raise_interrupt=False,
                    force_polling=self._force_polling,
                ):
                    if not self._watch_ready.is_set():
                        # The watch is now in place. A change made before it was would be lost:
                        # reload once (a no-op when the files did not change).
                        self._watch_ready.set()
                        self.reload()
                    elif changes:
                        self.reload()
            except FileNotFoundError:
                logger.error("Catalogue folder %s not found; watching again in %.0f s", self.directory,
                             _RETRY_SECONDS)
                self._stop_event.wait(_RETRY_SECONDS)
            except Exception:
                logger.exception("Catalogue watcher failed for %s; restarting it", self.directory)
                self._stop_event.wait(_RETRY_SECONDS)
