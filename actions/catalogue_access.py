"""One access point to the catalogue for every action; tests replace it with `use()`."""
from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Optional

from bot.catalogue.communes import CommuneRef
from bot.catalogue.matching import Matcher
from bot.catalogue.models import Catalogue
from bot.catalogue.provider import CatalogueProvider
from bot.common.dates import PARIS
from bot import settings

logger = logging.getLogger(__name__)



class CatalogueAccess:
    """The current valid catalogue, its matcher (rebuilt once per catalogue version) and the communes."""

    def __init__(self, provider: CatalogueProvider, communes: CommuneRef) -> None:
        self.provider = provider
        self.communes = communes
        self._matcher: Optional[Matcher] = None
        self._matcher_catalogue: Optional[Catalogue] = None
        self._lock = threading.Lock()

    @property
    def catalogue(self) -> Optional[Catalogue]:
        return self.provider.current

    def matcher(self) -> Optional[Matcher]:
        catalogue = self.provider.current
        if catalogue is None:
            return None
        with self._lock:
            if self._matcher is None or self._matcher_catalogue is not catalogue:
                self._matcher = Matcher(catalogue, self.communes)
                self._matcher_catalogue = catalogue
            return self._matcher


_access: Optional[CatalogueAccess] = None
_access_lock = threading.Lock()


def get() -> CatalogueAccess:
    """The process-wide access, created on first use from CATALOGUE_DIR, then watched for changes."""
    global _access
    with _access_lock:
        if _access is None:
            configured = settings.current()
            directory = configured.catalogue_dir
            communes = CommuneRef.load_default()
            provider = CatalogueProvider(directory, communes=communes)
            if provider.current is None:
                logger.error("Catalogue %s invalide au démarrage : aucun service proposé.", directory)
            if configured.watch_catalogue:
                provider.start_watching()
            _access = CatalogueAccess(provider, communes)
        return _access


def use(access: Optional[CatalogueAccess]) -> None:
    """Replace the process-wide access (tests), or forget it with None."""
    global _access
    with _access_lock:
        _access = access


def now() -> datetime:
    return datetime.now(PARIS)
