"""Contact cards: what a resident reads about a proposed service, short enough for a phone.

Plain text, one fact per line. Emoji open some lines (📍 ☎️ 🕘) but every line reads well
without them. Missing fields are left out: a card never shows "None" or an empty label.
"""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from bot.catalogue.hours import describe_opening_hours
from bot.catalogue.matching import Proposal
from bot.catalogue.matching_reasons import hard_rules
from bot.catalogue.matching_wording import reserved, why_it_fits
from bot.catalogue.models import Contact, Service, Situation
from bot.catalogue.vocab import NOMS_LANGUES, load_vocabularies
from bot.common.phones import french_phone, international_phone

SUMMARY_MAX = 60

REFERRAL = "Il faut être orienté par un professionnel (conseiller, travailleur social)."


def render_card(proposal: Proposal, situation: Situation, now: Optional[datetime] = None) -> str:
    """The short card shown for each proposed service (`situation` is not needed yet)."""
    service = proposal.service
    lines = [title(service)]
    if proposal.why is not None:
        lines.append(sentence(capitalise(why_it_fits(proposal.why))))
    lines += contact_lines(service.contact, link=service.lien_mobilisation or service.contact.site_web)
    lines += hours_lines(service, now)
    lines += access_lines(service)
    lines += conditions_lines(service)
    if service.frais == "payant":
        lines.append(fees_line(service))
    languages = languages_line(service)
    if languages:
        lines.append(languages)
    return "\n".join(lines)


def render_details(service: Service, situation: Situation, now: Optional[datetime] = None) -> str:
    """Everything the catalogue says about a service, for "en savoir plus"."""
    vocab = load_vocabularies()
    lines = [title(service)]
    if service.description:
        lines.append(service.description.strip())
    lines.append("")
    if service.type:
        lines.append(f"Type : {vocab.libelle('types', service.type)}.")
    lines.append(
        "Thèmes : " + ", ".join(vocab.libelle("thematiques", t) for t in service.thematiques) + "."
    )
    lines.append("Pour : " + ", ".join(vocab.libelle("publics", p) for p in service.publics) + ".")
    for reservation in reservations(service):
        lines.append(sentence(capitalise(reservation)))
    lines += conditions_lines(service)
    lines.append(fees_line(service))
    if service.modes_accueil:
        modes = (vocab.libelle("modes_accueil", m).lower() for m in service.modes_accueil)
        lines.append("Accueil : " + ", ".join(modes) + ".")
    if service.modes_mobilisation:
        modes = (vocab.libelle("modes_mobilisation", m).lower() for m in service.modes_mobilisation)
        lines.append("Pour y accéder : " + ", ".join(modes) + ".")
    lines.append("")
    if situation.code_insee and service.contact.code_insee == situation.code_insee:
        lines.append("Dans votre commune.")
    lines += contact_lines(service.contact, link=service.contact.site_web)
    if service.lien_mobilisation:
        lines.append(f"📝 Pour s'inscrire : {service.lien_mobilisation}")
    if service.contact.accessibilite_lieu:
        lines.append(f"♿ Accessibilité du lieu : {service.contact.accessibilite_lieu}")
    lines += hours_lines(service, now)
    lines += access_lines(service)
    languages = languages_line(service)
    if languages:
        lines.append(languages)
    lines.append(f"Informations vérifiées le {service.structure.date_maj.strftime('%d/%m/%Y')}.")
    return "\n".join(lines)


def render_summary_line(service: Service) -> str:
    """One line (≤ 60 characters) naming the service, for buttons and menus."""
    return cut_at_word(title(service, separator=" – "), SUMMARY_MAX)


# ------------------------------------------------------------------------------------ pieces


def title(service: Service, separator: str = " — ") -> str:
    structure, name = service.structure.nom.strip(), service.nom.strip()
    if name.casefold() == structure.casefold() or not name:
        return structure
    return f"{structure}{separator}{name}"


def contact_lines(contact: Contact, link: Optional[str]) -> List[str]:
    lines = []
    address = address_text(contact)
    if address:
        lines.append(f"📍 {address}")
    if contact.telephone:
        lines.append(f"☎️ {format_phone(contact.telephone)}")
    if contact.courriel:
        lines.append(f"✉️ {contact.courriel}")
    if link:
        lines.append(f"🔗 {link}")
    return lines


def address_text(contact: Contact) -> str:
    """"12 rue de la Commune-de-Paris, bâtiment B, 93300 Aubervilliers"."""
    town = " ".join(p for p in (contact.code_postal, contact.commune) if p)
    parts = (contact.adresse, contact.complement_adresse, town)
    return ", ".join(p.strip() for p in parts if p and p.strip())


def hours_lines(service: Service, now: Optional[datetime]) -> List[str]:
    if not service.contact.horaires_accueil:
        return []
    horaires = describe_opening_hours(service.contact.horaires_accueil, now)
    lines = [f"🕘 {sentence(capitalise(horaires.texte))}"]
    if horaires.ouvert_maintenant is not None:
        status = "Ouvert en ce moment" if horaires.ouvert_maintenant else "Fermé en ce moment"
        if horaires.prochain_changement:
            status += f", {horaires.prochain_changement}"
        lines.append(status + ".")
    return lines


def access_lines(service: Service) -> List[str]:
    """Walk-in or appointment (or remote only)."""
    if service.modes_accueil and "en-presentiel" not in service.modes_accueil:
        return ["À distance : pas besoin de vous déplacer."]
    if service.x_sans_rendez_vous is True:
        return ["Sans rendez-vous."]
    if service.x_sans_rendez_vous is False:
        return ["Sur rendez-vous."]
    if service.contact.telephone:
        return ["Appelez avant de venir."]
    return []


def conditions_lines(service: Service) -> List[str]:
    lines = []
    if service.publics_precisions:
        lines.append(f"Pour qui : {sentence(service.publics_precisions)}")
    if service.conditions_acces:
        lines.append(f"Conditions : {sentence(service.conditions_acces)}")
    if needs_referral(service):
        lines.append(REFERRAL)
    return lines


def needs_referral(service: Service) -> bool:
    """Only professionals can mobilise it: the resident cannot just show up."""
    return bool(service.mobilisable_par) and "usagers" not in service.mobilisable_par


def reservations(service: Service) -> List[str]:
    """The hard eligibility rules of a service, in words ("réservé aux 16-25 ans")."""
    return [reserved(rule) for rule in hard_rules(service)]


def fees_line(service: Service) -> str:
    if service.frais == "payant":
        label = "Payant"
    else:
        label = "Gratuit"
    if service.frais_precisions:
        return f"{label} : {sentence(service.frais_precisions)}"
    return f"{label}."


def languages_line(service: Service) -> Optional[str]:
    names = [NOMS_LANGUES.get(code.lower(), code) for code in service.x_langues if code.lower() != "fr"]
    if not names:
        return None
    return "On parle aussi : " + ", ".join(names) + "."


def format_phone(value: str) -> str:
    """"+33199001234" or "01.99.00.12.34" → "01 99 00 12 34"; short numbers stay as written."""
    phone = french_phone(value)
    return phone.national if phone and phone.international else value.strip()


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """Text ending with one full stop (unless it already ends with punctuation)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def cut_at_word(text: str, limit: int) -> str:
    """Cut at a word boundary and add "…" when longer than `limit`."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" –—-,") + "…"


def map_link(latitude: Optional[float], longitude: Optional[float]) -> Optional[str]:
    if latitude is None or longitude is None:
        return None
    return (f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
            f"#map=18/{latitude:.5f}/{longitude:.5f}")


def contact_payload(service: Service) -> dict:
    """The card's contact facts as data, sent beside the card text so that each channel can
    offer what it has: a tappable phone number, a map, a venue (see README, "Canaux")."""
    contact = service.contact
    return {
        "service_id": service.id,
        "titre": title(service),
        "adresse": address_text(contact) or None,
        "telephone": format_phone(contact.telephone) if contact.telephone else None,
        "telephone_international": international_phone(contact.telephone) if contact.telephone else None,
        "courriel": contact.courriel,
        "lien": service.lien_mobilisation or contact.site_web,
        "latitude": contact.latitude,
        "longitude": contact.longitude,
        "lien_carte": map_link(contact.latitude, contact.longitude),
    }
