"""Hostile and unusual input for the bot: the corpus (corpus.py), used by tests/e2e and bench/."""
