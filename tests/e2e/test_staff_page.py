"""The staff page served by the running bot's action server, over real HTTP, with its password."""
from __future__ import annotations

import html
import os
import re
import signal
import subprocess
from typing import Dict, Iterator, Optional, Set

import pytest
import requests

from tests.support.e2e_catalogue import (
    ALL, ATELIER_FT, COURTILLIERES, CRECHE, FRANCAIS, MOBILITE, NATIONAL, RQTH, RSA,
    AUBER as EMPLOI_AUBER, ML_BONDY as JEUNES, PANTIN as EMPLOI_PANTIN,
)

from .conftest import E2E_CATALOGUE, ROOT, STAFF_PASSWORD, RunningBot, _free_port, eventually

STAFF = ("personnel", STAFF_PASSWORD)


def get(bot: RunningBot, path: str, params: Optional[Dict] = None, auth=STAFF) -> requests.Response:
    return requests.get(f"{bot.action_url}{path}", params=params, auth=auth, timeout=30)


def listed(page: str) -> Set[str]:
    return set(re.findall(r'href="/personnel/service/([^"]+)"', page))


def text_of(page: str) -> str:
    inline_gone = re.sub(r"</?(?:strong|a|small|em)\b[^>]*>", "", page)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inline_gone)))


def section(page: str, section_id: str) -> str:
    """The HTML of one <section> of the page, by the id of its heading."""
    start = page.index(f'id="{section_id}"')
    return page[start:page.index("</section>", start)]


def test_without_the_password_nothing_is_shown(running_bot: RunningBot) -> None:
    for auth in (None, ("personnel", "pas-le-bon"), ("personnel", "")):
        response = get(running_bot, "/personnel/", auth=auth)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic ")
        assert "Mot de passe demandé" in response.text
        assert "Test E2E" not in response.text
    for path in ("/personnel/service/" + JEUNES, "/personnel/essayer"):
        assert get(running_bot, path, auth=None).status_code == 401


def test_catalogue_list_shows_every_e2e_service_and_the_served_version(running_bot: RunningBot) -> None:
    response = get(running_bot, "/personnel/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert listed(response.text) == ALL
    served = requests.get(f"{running_bot.action_url}/health/catalogue", timeout=30).json()["catalogue"]
    text = text_of(response.text)
    assert f"version {served['version']}, 11 services" in text
    assert "11 services affichés sur 11" in text
    assert "bondy/test-e2e-mission-locale-bondy.yml" in text
    assert get(running_bot, "/personnel").status_code == 200  # without the trailing slash too


def test_filters_give_the_right_services(running_bot: RunningBot) -> None:
    expectations = [
        ({"commune": "Bondy"}, {JEUNES, RSA, RQTH, CRECHE, MOBILITE, FRANCAIS, NATIONAL}),
        ({"commune": "93055"}, {COURTILLIERES, EMPLOI_PANTIN, RSA, RQTH, CRECHE, MOBILITE, FRANCAIS, NATIONAL}),
        ({"commune": "Lyon"}, {NATIONAL}),
        ({"thematique": "famille--garde-denfants"}, {CRECHE}),
        ({"thematique": "mobilite"}, {MOBILITE}),
        ({"public": "demandeurs-emploi"}, {EMPLOI_PANTIN, EMPLOI_AUBER, ATELIER_FT}),
        ({"commune": "Aubervilliers", "thematique": "trouver-un-emploi", "public": "demandeurs-emploi"},
         {EMPLOI_AUBER, ATELIER_FT}),
    ]
    for params, expected in expectations:
        response = get(running_bot, "/personnel/", params)
        assert response.status_code == 200, params
        assert listed(response.text) == expected, params


def test_unknown_commune_filter_is_explained_in_french(running_bot: RunningBot) -> None:
    response = get(running_bot, "/personnel/", {"commune": "Zzyxwq"})
    assert response.status_code == 200
    assert "Commune inconnue : « Zzyxwq »" in text_of(response.text)
    assert listed(response.text) == set()


def test_card_page_shows_what_residents_read(running_bot: RunningBot) -> None:
    response = get(running_bot, "/personnel/service/" + EMPLOI_PANTIN)
    assert response.status_code == 200
    text = text_of(response.text)
    assert "Test E2E Agence Emploi Pantin — Test E2E Accompagnement emploi réservé à Pantin" in text
    assert "☎️ 01 99 00 90 52" in text
    assert "📍 45 rue Hoche, 93500 Pantin" in text
    assert "pantin/test-e2e-agence-emploi-pantin.yml" in text
    missing = get(running_bot, "/personnel/service/pas-un-service")
    assert missing.status_code == 404
    assert "Service introuvable" in missing.text


def test_try_a_situation_shows_proposals_and_excluded_services_with_reasons(running_bot: RunningBot) -> None:
    params = {"age": "20", "commune": "Bondy", "besoin": "emploi",
              "inscrit_france_travail": "non", "beneficiaire_rsa": "non", "rqth": "non"}
    response = get(running_bot, "/personnel/essayer", params)
    assert response.status_code == 200
    proposed = section(response.text, "proposes")
    assert listed(proposed) == {JEUNES, NATIONAL}
    assert "☎️ 01 99 00 90 12" in text_of(proposed)  # the mission locale's card
    assert "📍 10 avenue Gallieni, 93140 Bondy" in text_of(proposed)
    excluded = text_of(section(response.text, "ecartes"))
    assert "Test E2E Accompagnement emploi réservé au RSA : réservé aux bénéficiaires du RSA" in excluded
    others = text_of(section(response.text, "non-concernes"))
    assert ("Test E2E Accompagnement emploi réservé à Pantin : hors zone : réservé à Pantin (93055), "
            "pas à Bondy") in others

    older = get(running_bot, "/personnel/essayer", {**params, "age": "40"})
    assert listed(section(older.text, "proposes")) == {NATIONAL}
    assert "Test E2E Accompagnement emploi des 16-25 ans : réservé aux 16-25 ans" in text_of(
        section(older.text, "ecartes"))


def test_try_a_situation_with_bad_input_answers_in_french(running_bot: RunningBot) -> None:
    response = get(running_bot, "/personnel/essayer", {"age": "abc", "commune": "Zzyxwq", "besoin": "emploi"})
    assert response.status_code == 200
    text = text_of(response.text)
    assert "L'âge « abc » n'est pas un nombre." in text
    assert "Commune inconnue : « Zzyxwq »" in text
    assert 'id="proposes"' not in response.text


def test_refused_catalogue_change_is_shown_with_its_errors(running_bot: RunningBot) -> None:
    broken = running_bot.catalogue / "zz-personnel-casse.yml"
    refusal = "La dernière modification du catalogue a été refusée"

    def page_text() -> str:
        return text_of(get(running_bot, "/personnel/").text)

    try:
        broken.write_text("structure:\n  id: casse\n  nom: [pas fermé\n", encoding="utf-8")
        assert eventually(lambda: refusal in page_text())
        text = page_text()
        assert "zz-personnel-casse.yml" in text
        assert "11 services affichés sur 11" in text  # the previous version is still served
    finally:
        broken.unlink(missing_ok=True)
    assert eventually(lambda: refusal not in page_text())


@pytest.fixture(scope="module")
def action_server_without_password(tmp_path_factory) -> Iterator[str]:
    """The action server alone (no Rasa needed), started as in production but with an empty password."""
    port = _free_port()
    log = tmp_path_factory.mktemp("sans-mot-de-passe") / "actions.log"
    env = {**os.environ, "STAFF_PASSWORD": "", "CATALOGUE_DIR": str(E2E_CATALOGUE), "CATALOGUE_WATCH": "0",
           "SANIC_HOST": "127.0.0.1"}
    with open(log, "w") as out:
        process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), "-m", "actions", "--actions",
                                    "actions.server", "--port", str(port)], cwd=ROOT, env=env,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return requests.get(f"{url}/health", timeout=5).ok
        except requests.ConnectionError:
            return process.poll() is not None  # stop waiting if it died

    try:
        assert eventually(up, seconds=120) and process.poll() is None, log.read_text()[-3000:]
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_without_a_configured_password_the_page_stays_closed(action_server_without_password: str) -> None:
    for auth in (None, ("personnel", ""), STAFF):
        response = requests.get(f"{action_server_without_password}/personnel/", auth=auth, timeout=30)
        assert response.status_code == 503
        text = text_of(response.text)
        assert "Page du personnel désactivée" in text
        assert "STAFF_PASSWORD" in text
        assert "Test E2E" not in text


def test_a_wrong_address_on_the_pages_server_is_a_404_not_an_error(running_bot: RunningBot) -> None:
    answer = requests.get(f"{running_bot.action_url}/personel/", timeout=10)  # misspelt
    assert answer.status_code == 404 and answer.text == "Page introuvable."
