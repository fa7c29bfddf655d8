"""The staff page: read-only HTML views of the served catalogue and of the matching.

Pure rendering (no Rasa, no Sanic): `web_pages/staff.py` serves these pages from the
action server, which holds the catalogue the bot really uses.
"""
