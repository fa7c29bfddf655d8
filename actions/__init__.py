"""Action server of Aiguillage: thin glue between Rasa and the catalogue core (bot.catalogue)."""
