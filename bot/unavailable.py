"""A part of the bot that cannot be reached: the message fails at once, and every channel
(bot/channels/answering.py) tells the resident to try again, instead of Rasa's own ways of
carrying on:
- the conversations' database (bot/privacy/tracker_store.py): Rasa's FailSafeTrackerStore would go
  on with an empty conversation in memory, the resident greeted as a stranger and what they say
  then lost;
- the action server (bot/serve.py): Rasa would try the failed action again and again, up to ten
  times, each time waiting for its time-out.
BaseExceptions, not Exceptions: Rasa catches every Exception on both paths.
"""


class ConversationsUnavailable(BaseException):
    """The conversations' database cannot be reached: this message cannot be handled."""


class ActionsUnavailable(BaseException):
    """The action server does not answer (down, or hung past its time-out)."""
