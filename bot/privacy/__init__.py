"""What the bot keeps of a conversation, for how long, and erasing it on request (RGPD).

No Rasa import here but in `tracker_store` (the store Rasa loads from endpoints.yml).
"""
