"""Button payloads <-> callback data of at most 64 bytes, kept across restarts."""
from __future__ import annotations

from pathlib import Path

from bot.telegram.callback_store import CALLBACK_DATA_LIMIT, CallbackStore

LONG = '/details_service{"service_id": "test-e2e-mission-locale-bondy--jeunes-16-25"}'


def test_short_payload_travels_as_is(tmp_path: Path) -> None:
    store = CallbackStore(tmp_path / "t.db")
    data = store.callback_data('/informer{"besoin": "emploi"}')
    assert data == 'p:/informer{"besoin": "emploi"}'
    assert store.payload(data) == '/informer{"besoin": "emploi"}'


def test_long_payload_gets_a_short_key_that_survives_a_restart(tmp_path: Path) -> None:
    store = CallbackStore(tmp_path / "var" / "t.db")
    data = store.callback_data(LONG)
    assert len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT and LONG not in data
    assert store.callback_data(LONG) == data  # the same button, the same key
    store.close()
    assert CallbackStore(tmp_path / "var" / "t.db").payload(data) == LONG


def test_accents_count_in_bytes(tmp_path: Path) -> None:
    store = CallbackStore(tmp_path / "t.db")
    payload = "/informer" + "é" * 30  # 39 characters, 69 bytes
    data = store.callback_data(payload)
    assert len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    assert store.payload(data) == payload


def test_unknown_or_foreign_data_has_no_payload(tmp_path: Path) -> None:
    store = CallbackStore(tmp_path / "t.db")
    assert store.payload("k:ZZZZZZZZZZZZZZZZ") is None
    assert store.payload("quelque chose") is None
    assert store.payload("p:") is None
    assert store.payload(None) is None
