"""The staff page: read-only HTML views of the served catalogue and of the matching.

Pure rendering (no Rasa, no Sanic): `actions/staff_pages.py` serves these pages from the
action server, which holds the catalogue the bot really uses.
"""
