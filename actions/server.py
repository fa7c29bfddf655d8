"""Entry point of the action server (`rasa run actions --actions actions.server`).

Imports every action and loads the catalogue at start, so that the first resident does not wait
for it; tests import the action modules directly and give them their own catalogue.
"""
from bot.privacy import logs

from . import answers, conversation, form  # noqa: F401  (registers the actions)
from . import catalogue_access

logs.install()  # no message text in the action server's logs either (bot/privacy/logs.py)
catalogue_access.get()
