"""Raised when the conversations' database cannot be reached (bot/privacy/tracker_store.py),
caught by every channel (bot/channels/answering.py), which tells the resident to try again.

A BaseException, not an Exception: Rasa's FailSafeTrackerStore catches every Exception of the
tracker store and goes on with an empty conversation in memory, losing what the resident says.
"""


class ConversationsUnavailable(BaseException):
    """The conversations' database cannot be reached: this message cannot be handled."""
