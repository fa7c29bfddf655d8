"""Small helpers shared across the bot: French phone numbers, accent folding, French wording of
lists and dates, the Paris calendar, the age bounds.

They live here rather than in bot/catalogue because the catalogue core is not their only user:
the understanding of messages, the privacy masking, the staff pages, the Rasa actions and the
channels (which may not import the catalogue) need them too. Pure Python: no rasa, sanic or
telegram import, so that anything may depend on them.
"""
