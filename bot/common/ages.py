"""Age bounds, each with its meaning.

- A resident's age: the bot serves people aged 14 to 99. An answer outside these bounds is
  taken for a misunderstanding (a street number, a year) and the question is asked again.
- A service's age limits (`x_age_min`, `x_age_max` in the catalogue) may be anything from 0 to
  120: a service may describe a public the bot does not talk with (children, through their
  parents), so the catalogue's bound is wider than the resident's on purpose.
"""
from __future__ import annotations

RESIDENT_AGE_MIN, RESIDENT_AGE_MAX = 14, 99
SERVICE_AGE_MAX = 120
