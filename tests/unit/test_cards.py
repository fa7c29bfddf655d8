"""Contact cards: the right facts, in plain French, never "None"."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.catalogue.cards import (
    contact_payload, format_phone, render_card, render_details, render_summary_line,
)
from bot.catalogue.matching import Matcher, Proposal
from bot.catalogue.matching_reasons import AgeRule, Fit, ForAge, ForNeed
from bot.common.dates import PARIS
from tests.support.catalogue_factory import (
    AUBERVILLIERS, EMPLOI, StubCommunes, generate_catalogue, generate_idf_communes,
    make_catalogue, make_service, make_structure, situation,
)

MONDAY_10H = datetime(2025, 6, 2, 10, 0, tzinfo=PARIS)
SUNDAY_10H = datetime(2025, 6, 1, 10, 0, tzinfo=PARIS)


def full_service():
    structure = make_structure(
        "ml-auber", "Mission locale d'Aubervilliers", commune=AUBERVILLIERS,
        adresse="12 rue de la Commune-de-Paris", complement_adresse="2e étage",
        telephone="+33199001234", courriel="contact@ml-auber.fr", site_web="https://ml-auber.fr",
        horaires_accueil="Mo-Fr 09:00-12:30,13:30-17:30; PH off",
        accessibilite_lieu="https://acceslibre.beta.gouv.fr/ml",
    )
    return make_service(
        "accompagnement", nom="Accompagnement vers l'emploi", structure=structure,
        description="Un conseiller vous aide à trouver un emploi ou une formation.",
        type="accompagnement", publics=["jeunes"], x_age_min=16, x_age_max=25,
        conditions_acces="Venir avec une pièce d'identité", publics_precisions="Jeunes sortis de l'école",
        frais="payant", frais_precisions="5 € l'adhésion", x_sans_rendez_vous=True,
        x_langues=["en", "ar", "fr"], lien_mobilisation="https://ml-auber.fr/rdv",
        modes_accueil=["en-presentiel"], modes_mobilisation=["se-presenter", "telephoner"],
    )


FOR_YOUNG_PEOPLE_HERE = ForAge(AgeRule(16, 25), "Aubervilliers")


def card_for(service, why: Fit = FOR_YOUNG_PEOPLE_HERE, now=MONDAY_10H) -> str:
    return render_card(Proposal(service, "besoin", None, why), situation(age=20), now)


def test_card_shows_every_useful_fact() -> None:
    card = card_for(full_service())
    assert card.splitlines() == [
        "Mission locale d'Aubervilliers — Accompagnement vers l'emploi",
        "Pour les 16-25 ans d'Aubervilliers.",
        "📍 12 rue de la Commune-de-Paris, 2e étage, 93300 Aubervilliers",
        "☎️ 01 99 00 12 34",
        "✉️ contact@ml-auber.fr",
        "🔗 https://ml-auber.fr/rdv",
        "🕘 Du lundi au vendredi, 9 h – 12 h 30 et 13 h 30 – 17 h 30 ; fermé les jours fériés.",
        "Ouvert en ce moment, ferme à 12 h 30.",
        "Sans rendez-vous.",
        "Pour qui : Jeunes sortis de l'école.",
        "Conditions : Venir avec une pièce d'identité.",
        "Payant : 5 € l'adhésion.",
        "On parle aussi : anglais, arabe.",
    ]


def test_card_when_closed() -> None:
    assert "Fermé en ce moment, ouvre demain à 9 h." in card_for(full_service(), now=SUNDAY_10H)


def test_minimal_card_has_no_none_and_no_empty_label() -> None:
    structure = make_structure("s", "Point d'accueil", commune=None, adresse=None, telephone="0148706038")
    service = make_service("svc", nom="Point d'accueil", structure=structure, description="Accueil.")
    card = card_for(service, why=ForNeed("emploi"))
    assert card.splitlines() == [
        "Point d'accueil",
        "Pour trouver un emploi.",
        "☎️ 01 48 70 60 38",
        "Appelez avant de venir.",
    ]


def test_card_by_appointment_and_without_phone() -> None:
    structure = make_structure("s", "Espace emploi", telephone=None, courriel="emploi@ville.fr")
    appointment = make_service("rdv", structure=structure, x_sans_rendez_vous=False)
    assert "Sur rendez-vous." in card_for(appointment).splitlines()
    unknown = make_service("inconnu", structure=structure)
    card = card_for(unknown)
    assert "rendez-vous" not in card and "Appelez" not in card


def test_referral_needed_when_only_professionals_can_mobilise() -> None:
    referral = "Il faut être orienté par un professionnel (conseiller, travailleur social)."
    pro_only = make_service("pro", mobilisable_par=["professionnels"])
    assert referral in card_for(pro_only).splitlines()
    both = make_service("both", mobilisable_par=["usagers", "professionnels"])
    assert referral not in card_for(both)


def test_free_service_does_not_mention_fees_on_the_card() -> None:
    card = card_for(make_service("gratuit"))
    assert "Payant" not in card and "Gratuit" not in card


def test_remote_only_service() -> None:
    card = card_for(make_service("distance", modes_accueil=["a-distance"], x_sans_rendez_vous=True))
    assert "À distance : pas besoin de vous déplacer." in card
    assert "Sans rendez-vous." not in card


def test_service_site_web_is_shown_when_there_is_no_booking_link() -> None:
    service = make_service("site", contact={"site_web": "https://exemple.fr"})
    assert "🔗 https://exemple.fr" in card_for(service)


def test_details_say_everything() -> None:
    details = render_details(full_service(), situation(), MONDAY_10H)
    for expected in (
        "Un conseiller vous aide à trouver un emploi ou une formation.",
        "Type : Accompagnement.",
        "Thèmes : Répondre à des offres d’emploi.",
        "Pour : Jeunes.",
        "Réservé aux 16-25 ans.",
        "Payant : 5 € l'adhésion.",
        "Accueil : en présentiel.",
        "Pour y accéder : se présenter, téléphoner.",
        "Dans votre commune.",
        "🔗 https://ml-auber.fr",
        "📝 Pour s'inscrire : https://ml-auber.fr/rdv",
        "♿ Accessibilité du lieu : https://acceslibre.beta.gouv.fr/ml",
        "Ouvert en ce moment, ferme à 12 h 30.",
        "Informations vérifiées le 15/01/2025.",
    ):
        assert expected in details.splitlines()


def test_details_of_a_plain_free_service() -> None:
    details = render_details(
        make_service("svc", x_requiert=["rsa"], x_quartiers=["La Noue"]),
        situation(code_insee="93048"),
    )
    lines = details.splitlines()
    assert "Gratuit." in lines and "Pour : Tous publics." in lines
    assert "Réservé aux bénéficiaires du RSA." in lines
    assert "Réservé au quartier La Noue." in lines
    assert "Dans votre commune." not in lines


def test_summary_line() -> None:
    assert render_summary_line(make_service("svc", nom="Atelier CV", structure=make_structure(
        "s", "Mission locale"))) == "Mission locale – Atelier CV"
    long = make_service("long", nom="Accompagnement renforcé vers l'emploi durable et la formation",
                        structure=make_structure("s2", "Maison de l'emploi et de la formation de Plaine Commune"))
    line = render_summary_line(long)
    assert len(line) <= 60 and line.endswith("…") and line.startswith("Maison de l'emploi")
    same = make_service("same", nom="Mission locale", structure=make_structure("s3", "Mission locale"))
    assert render_summary_line(same) == "Mission locale"


@pytest.mark.parametrize("raw, shown", [
    ("01 99 00 12 34", "01 99 00 12 34"), ("0199001234", "01 99 00 12 34"),
    ("+33 1 99 00 12 34", "01 99 00 12 34"), ("01.99.00.12.34", "01 99 00 12 34"),
    ("3949", "3949"),
])
def test_phone_format(raw: str, shown: str) -> None:
    assert format_phone(raw) == shown


def test_no_card_of_a_generated_catalogue_shows_none() -> None:
    communes = generate_idf_communes()[:50]
    catalogue = generate_catalogue(communes, n_services=300, seed=5)
    m = Matcher(catalogue, StubCommunes(communes))
    for commune in communes[:20]:
        sit = situation(code_insee=commune.code_insee, commune=commune.nom, age=20,
                        beneficiaire_rsa=True, freins=["mobilite"])
        for proposal in m.match(sit).proposals:
            for text in (render_card(proposal, sit, MONDAY_10H),
                         render_details(proposal.service, sit, MONDAY_10H),
                         render_summary_line(proposal.service)):
                assert "None" not in text and ": ." not in text and text.strip()


def test_card_of_a_matched_proposal() -> None:
    service = make_service("ml", nom="Accueil jeunes", thematiques=[EMPLOI], x_age_min=16, x_age_max=25)
    m = Matcher(make_catalogue(service), StubCommunes())
    sit = situation(age=18)
    card = render_card(m.match(sit).proposals[0], sit, MONDAY_10H)
    assert card.splitlines()[1] == "Pour les 16-25 ans d'Aubervilliers."


def test_contact_data_beside_the_card_for_the_channels() -> None:
    service = full_service()
    assert contact_payload(service) == {
        "service_id": service.id,
        "titre": "Mission locale d'Aubervilliers — Accompagnement vers l'emploi",
        "adresse": "12 rue de la Commune-de-Paris, 2e étage, 93300 Aubervilliers",
        "telephone": "01 99 00 12 34",
        "telephone_international": "+33199001234",
        "courriel": "contact@ml-auber.fr",
        "lien": "https://ml-auber.fr/rdv",
        "latitude": 48.9146,
        "longitude": 2.3821,
        "lien_carte": "https://www.openstreetmap.org/?mlat=48.91460&mlon=2.38210#map=18/48.91460/2.38210",
    }


def test_contact_data_without_coordinates_has_no_map_and_short_numbers_no_tel_link() -> None:
    structure = make_structure("s", "Point d'accueil", telephone="3949", latitude=None, longitude=None)
    fiche = contact_payload(make_service("svc", nom="Accueil", structure=structure, description="Accueil."))
    assert fiche["telephone"] == "3949" and fiche["telephone_international"] is None
    assert fiche["latitude"] is None and fiche["lien_carte"] is None
