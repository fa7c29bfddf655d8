"""Inline keyboards of the Telegram bridge."""
from __future__ import annotations

from pathlib import Path

from bot.telegram.callback_store import CallbackStore
from bot.telegram.keyboards import choices_keyboard, map_keyboard
from bot.channels.kit.contract import Button


def test_one_choice_per_row_with_short_callback_data(tmp_path: Path) -> None:
    store = CallbackStore(tmp_path / "t.db")
    buttons = (Button("Détails : Mission Locale Bondy — Accompagnement des 16-25 ans",
                      '/details_service{"service_id": "mission-locale-bondy--jeunes-16-25-accompagnement"}'),
               Button("Recommencer", "/recommencer"))
    keyboard = choices_keyboard(buttons, store.callback_data).to_dict()["inline_keyboard"]
    assert [[b["text"] for b in row] for row in keyboard] == [[buttons[0].title], ["Recommencer"]]
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in keyboard)
    assert [store.payload(row[0]["callback_data"]) for row in keyboard] == [b.payload for b in buttons]


def test_no_buttons_no_keyboard() -> None:
    assert choices_keyboard((), lambda payload: payload) is None


def test_map_keyboard_is_a_link() -> None:
    (row,) = map_keyboard("https://www.openstreetmap.org/?mlat=1&mlon=2").to_dict()["inline_keyboard"]
    assert row[0]["url"] == "https://www.openstreetmap.org/?mlat=1&mlon=2"
    assert map_keyboard(None) is None
