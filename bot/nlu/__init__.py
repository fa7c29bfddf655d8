"""Rasa NLU components of Aiguillage (custom parts of the pipeline in config.yml)."""
