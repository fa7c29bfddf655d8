"""Rules of the catalogue format (catalogue-format.md), applied to one YAML file at a time.

The rules work on PyYAML nodes (`yaml.compose`) rather than on loaded Python values, for two
reasons: every node knows its line, and string fields are read as written. A plain YAML value
such as `+33148706038` or `01000` would otherwise become a number (and `01000` an octal one).

Every message is written for the staff member who edits the file: it names the field as written
in the file, says what is wrong and what to write instead.

- report.py: the issues, the report and its French text;
- fields.py: the one table of the fields (also read by the loader and the data·inclusion import);
- formats.py: the formats of codes, contacts and opening hours;
- suggestions.py: "Vouliez-vous dire … ?";
- values.py: how each kind of field is read; checker.py: how a whole file is checked.
"""
from bot.catalogue.validation.checker import FileChecker, FileResult, check_file, check_unique_structure_ids
from bot.catalogue.validation.fields import (
    CONTACT_FIELDS,
    LOCATION_FIELDS,
    SERVICE_FIELDS,
    STRUCTURE_FIELDS,
    TOP_KEYS,
    Field,
    Vocabulary,
    inherit_contact,
)
from bot.catalogue.validation.formats import (
    DESCRIPTION_MAX,
    NOM_MAX,
    NOM_MIN,
    domain_doubt,
    is_courriel,
    is_url,
    parse_opening_hours,
    suggest_opening_hours,
    telephone_doubt,
)
from bot.catalogue.validation.report import AVERTISSEMENT, ERREUR, Issue, ValidationReport, format_report
from bot.catalogue.validation.suggestions import did_you_mean, vouliez_vous_dire
from bot.catalogue.validation.values import FRESHNESS_MONTHS, ZoneReference

__all__ = [
    "AVERTISSEMENT", "CONTACT_FIELDS", "DESCRIPTION_MAX", "ERREUR", "FRESHNESS_MONTHS", "Field", "FileChecker",
    "FileResult", "Issue", "LOCATION_FIELDS", "NOM_MAX", "NOM_MIN", "SERVICE_FIELDS", "STRUCTURE_FIELDS",
    "TOP_KEYS", "ValidationReport", "Vocabulary", "ZoneReference", "check_file", "check_unique_structure_ids",
    "did_you_mean", "domain_doubt", "format_report", "inherit_contact", "is_courriel", "is_url",
    "parse_opening_hours", "suggest_opening_hours", "telephone_doubt", "vouliez_vous_dire",
]
