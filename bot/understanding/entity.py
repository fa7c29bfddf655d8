"""The entity record every extractor returns (Rasa-compatible: values are strings)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entity:
    entity: str
    value: str
    start: int  # offsets in the ORIGINAL message
    end: int
    confidence: float = 1.0
