"""The one table of the catalogue's fields matches the models the loader builds, and every kind it
names has its reader in the validator."""
from __future__ import annotations

import dataclasses

from bot.catalogue.models import Contact, Service, Structure
from bot.catalogue.validation import CONTACT_FIELDS, SERVICE_FIELDS, STRUCTURE_FIELDS, FileChecker
from bot.catalogue.vocab import load_vocabularies

# Model fields the loader computes instead of reading them from the file.
COMPUTED = {"contact", "structure", "source_file"}


def names(model) -> list:
    return [f.name for f in dataclasses.fields(model)]


def test_the_contact_fields_are_the_contact_model():
    assert list(CONTACT_FIELDS) == names(Contact)
    for table in (STRUCTURE_FIELDS, SERVICE_FIELDS):
        assert [name for name, field in table.items() if field.contact] == list(CONTACT_FIELDS)


def test_every_other_field_is_a_model_field_and_the_other_way_round():
    for table, model in ((STRUCTURE_FIELDS, Structure), (SERVICE_FIELDS, Service)):
        in_file = {name for name, field in table.items() if not field.contact}
        assert in_file == set(names(model)) - COMPUTED


def test_lists_are_tuples_in_the_models():
    for table, model in ((STRUCTURE_FIELDS, Structure), (SERVICE_FIELDS, Service)):
        types = {f.name: str(f.type) for f in dataclasses.fields(model)}
        for name, field in table.items():
            if not field.contact:
                assert field.many == types[name].startswith("Tuple"), name


def test_every_kind_has_its_reader_and_every_vocabulary_exists():
    vocab = load_vocabularies()
    for field in (*STRUCTURE_FIELDS.values(), *SERVICE_FIELDS.values()):
        assert callable(getattr(FileChecker, f"p_{field.kind}", None)), field.kind
        if field.vocabulary is not None:
            assert vocab.values(field.vocabulary.kind), field.name


def test_required_fields_say_what_to_write():
    for field in (*STRUCTURE_FIELDS.values(), *SERVICE_FIELDS.values()):
        assert not field.required or field.hint != "une valeur", field.name
