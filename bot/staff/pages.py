"""HTML of the staff page (Jinja2 templates with autoescaping: catalogue text is never markup)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Optional, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.catalogue.cards import render_card, render_details
from bot.catalogue.communes import CommuneRef
from bot.catalogue.matching import Matcher, Proposal
from bot.catalogue.models import Catalogue, Service, Situation
from bot.catalogue.situation_vocabulary import BESOINS, FREINS
from bot.staff.catalogue_view import (
    CatalogueHeader, filter_services, public_options, service_row, thematique_groups,
)
from bot.staff.labels import BESOIN_LABELS, FREIN_LABELS, STATUT_LABELS
from bot.staff.queries import INCONNU, NON, OUI, ListFilters, TrialInput
from bot.staff.trial import run_trial

BASE_PATH = "/personnel"
TEMPLATES = Path(__file__).with_name("templates")

_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.globals.update(base=BASE_PATH)


def _render(template: str, **context: object) -> str:
    return _environment.get_template(template).render(**context)


def list_page(header: CatalogueHeader, catalogue: Optional[Catalogue], filters: ListFilters,
              communes: CommuneRef) -> str:
    services = filter_services(catalogue, filters, communes) if catalogue else []
    return _render(
        "liste.html",
        header=header,
        filters=filters,
        rows=[service_row(s, communes) for s in services],
        total=len(catalogue.services) if catalogue else 0,
        thematique_groups=thematique_groups(),
        public_options=public_options(),
    )


def service_page(header: CatalogueHeader, service: Service, communes: CommuneRef, now: datetime) -> str:
    # Out of any situation: no "why it fits" line and no "in your commune" line.
    situation = Situation()
    card = render_card(Proposal(service, "besoin", None, None), situation, now)
    return _render(
        "service.html",
        header=header,
        row=service_row(service, communes),
        details=render_details(service, situation, now),
        card=card,
    )


def trial_page(header: CatalogueHeader, trial: TrialInput, matcher: Optional[Matcher],
               communes: CommuneRef, now: datetime, limit_besoin: int) -> str:
    outcome = None
    if trial.form.submitted and not trial.errors and matcher is not None:
        outcome = run_trial(trial, matcher, communes, now, limit_besoin)
    return _render(
        "essayer.html",
        header=header,
        form=trial.form,
        errors=trial.errors,
        outcome=outcome,
        besoins=[(b, BESOIN_LABELS[b]) for b in BESOINS],
        freins=[(f, FREIN_LABELS[f]) for f in FREINS],
        statuts=list(STATUT_LABELS.items()),
        answers=[(OUI, "Oui"), (NON, "Non"), (INCONNU, "Je ne sais pas")],
    )


def message_page(title: str, paragraphs: Sequence[str], header: Optional[CatalogueHeader] = None) -> str:
    """A short page saying why nothing else is shown (disabled, password needed, not found)."""
    return _render("message.html", title=title, paragraphs=list(paragraphs), header=header)
