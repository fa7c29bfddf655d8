"""Telegram bridge: relays residents' Telegram messages to Rasa's REST channel and renders the
bot's answers (text, inline keyboards, contact cards with a tappable phone number and a map).

Run with `python -m bot.telegram` (settings from the environment, see settings.py).
Channel code never touches the catalogue: everything comes from Rasa's answers.
"""
