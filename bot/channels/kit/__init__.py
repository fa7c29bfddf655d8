"""The channel kit: what every channel does the same way, so that a channel is a thin adapter to
its platform (its API, its formatting limits). The contract itself is written in French in
docs/canaux.md.

- contract.py: what a channel sends to the bot (shared locations, commands) and what it does with
  the bot's messages (buttons, the `fiche` after each card, what it cannot read);
- text.py: long texts split and titles shortened within a platform's limits, numbered choices
  for channels without buttons;
- ordered.py: one queue per conversation, its messages handled one at a time, in order;
- retry.py: the one retry policy for platform calls (bounded exponential backoff, on tenacity).

Beside the kit, in bot/channels/: answering.py (never silent, payloads cleaned), rate_limit.py
(messages per conversation and per minute) and pseudonyms.py (conversation ids).
"""
