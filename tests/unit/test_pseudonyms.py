"""Conversation ids of Telegram, WhatsApp and Twilio: keyed pseudonyms, and the REST channel
refusing them to whoever does not hold this machine's channel token."""
from __future__ import annotations

import pytest

from bot import settings
from bot.channels import pseudonyms
from bot.channels.pseudonyms import WeakKey, channel_token, pseudonym
from bot.channels.rest_private import may_use


@pytest.fixture
def key(monkeypatch):
    def use(value: str) -> None:
        monkeypatch.setenv("PSEUDONYM_KEY", value)
        settings.current.cache_clear()
        pseudonyms.pseudonym_key.cache_clear()
    yield use
    pseudonyms.pseudonym_key.cache_clear()


def test_a_pseudonym_is_stable_key_dependent_and_holds_no_id(key):
    key("a" * 32)
    first = pseudonym("telegram", "123456789")
    assert first == pseudonym("telegram", "123456789") and first.startswith("telegram-")
    assert "123456789" not in first and len(first) == len("telegram-") + 40
    assert pseudonym("whatsapp", "123456789") != first.replace("telegram", "whatsapp")
    assert pseudonym("telegram", "123456780") != first
    key("b" * 32)
    assert pseudonym("telegram", "123456789") != first


def test_the_whatsapp_pseudonym_does_not_use_metas_app_secret(key, monkeypatch):
    from bot.channels.whatsapp import sender_id
    key("c" * 32)
    assert sender_id("33612345678") == pseudonym("whatsapp", "33612345678")


def test_telegram_conversations_are_not_named_by_the_chat_id(key):
    from bot.telegram.bridge import sender_id
    key("d" * 32)
    assert sender_id(123456789) != "telegram-123456789" and sender_id(123456789).startswith("telegram-")


def test_a_short_key_is_refused(key):
    key("trop-courte")
    with pytest.raises(WeakKey):
        pseudonym("telegram", "1")


def test_the_rest_channel_keeps_other_channels_conversations(key):
    key("e" * 32)
    assert may_use("e2e-visiteur", None) and may_use("a3f9c0d1e2b3a4f5a3f9c0d1e2b3a4f5", None)
    for reserved in ("telegram-123", pseudonym("telegram", "123"), "whatsapp-x", "twilio-+336"):
        assert not may_use(reserved, None) and not may_use(reserved, "devine")
        assert may_use(reserved, channel_token())
    assert not may_use("", None) and not may_use(None, None) and not may_use("x" * 500, None)


def test_typed_payloads_carry_only_what_buttons_carry():
    from bot.understanding.payloads import clean_payload
    assert clean_payload('/informer{"age": 200}') == "/informer"
    assert clean_payload('/aide{"age": 30, "beneficiaire_rsa": "peut-être"}') == "/aide"
    assert clean_payload('/informer{"commune": "Paris", "code_insee": "99999"}') == "/informer"
    assert clean_payload('/informer{"besoin": "emploi", "frein": "nucleaire"}') == '/informer{"besoin": "emploi"}'
    location = '/informer{"latitude": 48.9, "longitude": 2.3}'
    assert clean_payload(location) == location
    assert clean_payload('/informer{"latitude": 148.9, "longitude": 2.3}') == '/informer{"longitude": 2.3}'
    assert clean_payload('/details_service{"service_id": "a--b"}') == '/details_service{"service_id": "a--b"}'
    assert clean_payload("/informer{pas du json}") == "/informer"
    assert clean_payload("/" + "x" * 1000) == "x" * 1000  # not a button: read as text
    assert clean_payload("bonjour") == "bonjour" and clean_payload(None) is None


def test_payload_intents_are_the_domains_and_rasas_own_are_read_as_text():
    import yaml
    from pathlib import Path
    from bot.understanding.payloads import INTENTS, clean_payload
    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    assert INTENTS == set(domain["intents"])
    for rasa_own in ("/restart", "/back", "/session_start", "/out_of_scope", "/nlu_fallback"):
        assert clean_payload(rasa_own) == rasa_own[1:]
