"""Rasa NLU components of Aiguillage (the only part of `bot/` that imports rasa)."""
