"""docs/messages-du-validateur.md shows what the validator really prints today."""
from __future__ import annotations

from tests.unit.validator_messages import DOCUMENT, render


def test_every_example_produces_a_message():
    assert "```text\n```" not in render()


def test_the_document_is_current():
    assert DOCUMENT.read_text(encoding="utf-8") == render(), (
        "The validator's messages changed: run `python -m tests.unit.validator_messages` and commit the document.")
