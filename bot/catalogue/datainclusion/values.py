"""Raw values of a data·inclusion file (JSON value or CSV cell) → clean Python values.

The same field arrives in several shapes: a JSON list in the API, a text cell in the open data
CSV (written by pandas, so a Python list such as `['a', 'b']`), or a cell a person typed
(`a; b`, `a, b`, `a | b`). Numbers may come as text with a decimal comma, dates as ISO text,
ISO date-times or milliseconds since 1970 (pandas' JSON).
"""
from __future__ import annotations

import ast
import json
import math
import re
from datetime import date, datetime, timezone
from typing import Any, List, Optional

_SEPARATORS = re.compile(r"[;,|\n]")
_PYTHON_LIST = re.compile(r"\[\s*(?:'[^'\\]*'\s*(?:,\s*|(?=\])))*\]")  # ['a', 'b'], as pandas writes lists
_QUOTED = re.compile(r"'([^'\\]*)'")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FRENCH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def as_text(value: Any) -> Optional[str]:
    """Stripped text, or None when empty. Numbers become their usual writing (93001.0 → "93001")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text or None


def parse_list_cell(text: str) -> List[str]:
    """A list written in one text: JSON `["a","b"]`, Python `['a', 'b']`, PostgreSQL `{a,b}` or `a; b`."""
    text = text.strip()
    if not text:
        return []
    if _PYTHON_LIST.fullmatch(text):
        return [t for t in (as_text(item) for item in _QUOTED.findall(text)) if t is not None]
    if text.startswith("[") and text.endswith("]"):
        for parse in (json.loads, ast.literal_eval):  # literal_eval only builds literals: safe on any text
            try:
                parsed = parse(text)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(parsed, (list, tuple)):
                return [t for t in (as_text(item) for item in parsed) if t is not None]
        text = text[1:-1]
    elif text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    items = (item.strip().strip("\"'").strip() for item in _SEPARATORS.split(text))
    return [item for item in items if item]


def as_list(value: Any) -> List[str]:
    """The texts of a list field, whatever its shape; [] when absent."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        return [t for t in (as_text(item) for item in value) if t is not None]
    if isinstance(value, str):
        return parse_list_cell(value)
    text = as_text(value)
    return [text] if text is not None else []


def as_float(value: Any) -> Optional[float]:
    """A number (None when empty); ValueError when the value is not a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = as_text(value)
    if text is None:
        return None
    number = float(text.replace(",", "."))
    if math.isnan(number) or math.isinf(number):
        raise ValueError(text)
    return number


def as_date(value: Any) -> Optional[date]:
    """A day (None when empty); ValueError when the value is not a date.

    Accepts 2025-02-14, 2025-02-14T10:30:00+00:00, 14/02/2025 and milliseconds since 1970.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc).date()
    text = as_text(value)
    if text is None:
        return None
    iso = _ISO_DAY.match(text)
    if iso:
        return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    french = _FRENCH_DAY.fullmatch(text)
    if french:
        return date(int(french.group(3)), int(french.group(2)), int(french.group(1)))
    if text.isdigit():
        return as_date(int(text))
    raise ValueError(text)
