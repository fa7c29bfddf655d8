"""The staff page under /personnel/: the served catalogue as residents see it, and "try a situation".

Read-only, behind the STAFF_PASSWORD setting (HTTP Basic authentication, see
bot/staff/auth.py for why). Without that variable the page answers 503 and explains how to
turn it on: it is never open without a password. The HTML comes from `bot.staff`.
"""
from __future__ import annotations

import asyncio
import functools
import logging
from typing import Awaitable, Callable, Dict, List, Optional

from sanic import Sanic, response
from sanic.request import Request

from actions import catalogue_access
from actions.answers import PAGE_SIZE
from bot.common.ages import RESIDENT_AGE_MAX, RESIDENT_AGE_MIN
from bot import settings
from bot.client_address import client_address
from bot.staff import pages
from bot.staff.auth import (
    MIN_LENGTH, PASSWORD_VARIABLE, Access, basic_password, challenge_header, check_access, weakness,
)
from bot.staff.lockout import LOCK_SECONDS, FailedLogins
from bot.staff.catalogue_view import header_from_status
from bot.staff.queries import parse_list_filters, parse_trial

logger = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[response.HTTPResponse]]

# Never cached (the catalogue changes), never framed, no script: only the page's inline style.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'",
}


def _html(body: str, status: int = 200, headers: Optional[Dict[str, str]] = None) -> response.HTTPResponse:
    return response.html(body, status=status, headers={**SECURITY_HEADERS, **(headers or {})})


FAILED_LOGINS = FailedLogins()


async def _refusal(request: Request) -> Optional[response.HTTPResponse]:
    """The answer to a request that may not see the page, or None when it may."""
    address = client_address(request.ip, request.headers.get("x-forwarded-for"))
    if FAILED_LOGINS.locked(address):
        return _html(pages.message_page("Trop d'essais", [
            "Trop de mots de passe faux ont été essayés depuis cette adresse : la page est bloquée "
            "pendant 15 minutes. Réessayez ensuite avec le bon mot de passe.",
        ]), status=429, headers={"Retry-After": str(LOCK_SECONDS)})
    configured = settings.current().staff_password
    authorization = request.headers.get("authorization")
    access = check_access(authorization, configured)
    if access is Access.GRANTED:
        FAILED_LOGINS.succeeded(address)
        return None
    if access is Access.WEAK:
        return _html(pages.message_page("Mot de passe trop faible", [
            f"Cette page reste fermée : le mot de passe défini dans {PASSWORD_VARIABLE} est trop "
            f"facile à deviner ({weakness(configured)}).",
            f"Choisissez au moins {MIN_LENGTH} caractères variés, par exemple quatre mots au hasard, "
            "puis redémarrez le bot.",
        ]), status=503)
    if access is Access.DENIED and basic_password(authorization) is not None:
        delay = FAILED_LOGINS.failed(address)  # a wrong password, not the first visit
        if delay:
            await asyncio.sleep(delay)
    if access is Access.DISABLED:
        return _html(pages.message_page("Page du personnel désactivée", [
            "Cette page est fermée car aucun mot de passe n'est défini.",
            f"Pour l'ouvrir, la personne qui installe le bot définit la variable d'environnement "
            f"{PASSWORD_VARIABLE} au démarrage du bot (par exemple : "
            f"{PASSWORD_VARIABLE}=un-mot-de-passe-long make run). Le navigateur demandera alors ce "
            "mot de passe.",
        ]), status=503)
    return _html(pages.message_page("Mot de passe demandé", [
        "Cette page est réservée au personnel. Rechargez la page et saisissez le mot de passe "
        "du personnel (le nom d'utilisateur n'est pas vérifié).",
    ]), status=401, headers={"WWW-Authenticate": challenge_header()})


def _query(request: Request) -> Dict[str, List[str]]:
    """Every value of each query parameter (Sanic's `args.get` would give only the first)."""
    return {name: request.args.getlist(name) for name in request.args}


def staff_only(handler: Handler) -> Handler:
    @functools.wraps(handler)
    async def guarded(request: Request, *args, **kwargs) -> response.HTTPResponse:
        refusal = await _refusal(request)
        if refusal is not None:
            return refusal
        try:
            return await handler(request, *args, **kwargs)
        except Exception:  # a bug must not show a stack trace to staff
            logger.exception("Staff page %s failed", request.path)
            return _html(pages.message_page("Erreur inattendue", [
                "La page n'a pas pu être affichée. Réessayez ; si l'erreur revient, signalez-la "
                "à la personne qui s'occupe du bot (l'erreur est dans son journal).",
            ]), status=500)

    return guarded


@staff_only
async def catalogue_list(request: Request) -> response.HTTPResponse:
    access = catalogue_access.get()
    header = header_from_status(access.provider.status())
    catalogue = access.catalogue
    filters = parse_list_filters(_query(request), access.communes)
    body = pages.list_page(header, catalogue, filters, access.communes)
    return _html(body, status=200 if catalogue is not None else 503)


@staff_only
async def service_card(request: Request, service_id: str) -> response.HTTPResponse:
    access = catalogue_access.get()
    header = header_from_status(access.provider.status())
    catalogue = access.catalogue
    service = catalogue.service(service_id) if catalogue is not None else None
    if service is None:
        return _html(pages.message_page("Service introuvable", [
            "Aucun service du catalogue servi n'a cet identifiant. Il a peut-être été renommé ou "
            "retiré : revenez à la liste du catalogue.",
        ], header=header), status=404)
    return _html(pages.service_page(header, service, access.communes, catalogue_access.now()))


@staff_only
async def try_situation(request: Request) -> response.HTTPResponse:
    access = catalogue_access.get()
    header = header_from_status(access.provider.status())
    trial = parse_trial(_query(request), access.communes, RESIDENT_AGE_MIN, RESIDENT_AGE_MAX)
    matcher = access.matcher()
    body = pages.trial_page(header, trial, matcher, access.communes, catalogue_access.now(),
                            limit_besoin=PAGE_SIZE)
    return _html(body, status=200 if matcher is not None else 503)


def attach(app: Sanic) -> None:
    base = pages.BASE_PATH
    app.add_route(catalogue_list, f"{base}/", methods=["GET"], name="staff_catalogue", strict_slashes=False)
    app.add_route(service_card, f"{base}/service/<service_id:str>", methods=["GET"], name="staff_service")
    app.add_route(try_situation, f"{base}/essayer", methods=["GET"], name="staff_try_situation")
