"""Inline keyboards: the bot's choices (one per row, titles can be long) and link buttons."""
from __future__ import annotations

from typing import Callable, Optional, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.kit.contract import Button

from . import texts


def choices_keyboard(buttons: Sequence[Button],
                     callback_data: Callable[[str], str]) -> Optional[InlineKeyboardMarkup]:
    """`callback_data` turns a payload into Telegram callback data (see callback_store)."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=callback_data(b.payload))] for b in buttons])


def map_keyboard(url: Optional[str]) -> Optional[InlineKeyboardMarkup]:
    if not url:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.MAP_BUTTON, url=url)]])
