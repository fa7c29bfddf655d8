"""Aiguillage: the orientation bot's Python code that is not Rasa configuration."""
