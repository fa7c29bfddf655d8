"""Our YAML text for an imported structure, its header, and the hand-edit protection.

An imported file starts with a comment header that ends with the line
`# empreinte-import : <hash>`, the hash of everything below it (the YAML content) as the import
wrote it. On the next import:
- no such line: the file was written by hand;
- the content no longer has that hash: somebody edited it since the import;
in both cases the import leaves the file alone unless told to force it.
The header holds no date: importing the same data again gives the very same file.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Mapping, Optional, Sequence

import yaml

DIGEST_LENGTH = 16
_MARKER = re.compile(r"^# empreinte-import : ([0-9a-f]{%d})[ \t]*\r?$" % DIGEST_LENGTH)

# What an existing file is, for the import.
ABSENT = "absent"
A_LA_MAIN = "ecrit-a-la-main"  # no import header
MODIFIE = "modifie-a-la-main"  # header, but the content changed since
INTACT = "intact"  # as the last import wrote it


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: 10 times faster
    """Block mappings, short lists on one line (`[a, b]`), texts of several lines as `|` blocks."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_list(dumper: yaml.SafeDumper, items: Sequence[Any]) -> yaml.Node:
    flat = all(not isinstance(item, (dict, list, tuple)) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flat)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(tuple, _represent_list)


def render_body(content: Mapping[str, Any]) -> str:
    """The YAML of one catalogue file (`structure` then `services`)."""
    return yaml.dump(dict(content), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=10_000, indent=2)


def digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def render_file(body: str, source: Optional[str], source_id: str, notes: Sequence[str]) -> str:
    """Header (French, for staff) + body."""
    origin = f"source « {source} », " if source else ""
    lines = [
        f"# Fiche importée de data·inclusion ({origin}identifiant « {source_id} »)",
        "# par la commande : python -m bot.catalogue importer",
        "# Un nouvel import remplace ce fichier. Si vous le modifiez à la main, l'import ne le remplacera",
        "# plus (sauf avec --forcer) : corrigez plutôt la fiche dans data·inclusion.",
        "# Gardez la dernière ligne de cet en-tête : elle permet de voir si le fichier a été modifié.",
    ]
    if notes:
        lines.append("# Non repris de data·inclusion (valeurs refusées par le format du catalogue) :")
        lines.extend(f"#   - {_one_line(note)}" for note in notes)
    lines.append(f"# empreinte-import : {digest(body)}")
    return "\n".join(lines) + "\n" + body


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class ExistingFile:
    state: str  # ABSENT | A_LA_MAIN | MODIFIE | INTACT
    text: Optional[str] = None


def split_header(text: str) -> Optional[str]:
    """The body below the import header, or None when the text has no import header."""
    lines: List[str] = text.splitlines(keepends=True)
    offset = 0
    for line in lines:
        if not line.startswith("#"):
            return None
        offset += len(line)
        match = _MARKER.match(line.rstrip("\n"))
        if match:
            return text[offset:]
    return None


def recorded_digest(text: str) -> Optional[str]:
    for line in text.splitlines():
        if not line.startswith("#"):
            return None
        match = _MARKER.match(line)
        if match:
            return match.group(1)
    return None


def inspect(path: Path) -> ExistingFile:
    """Is there a file, and is it still as the last import wrote it?"""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ExistingFile(ABSENT)
    except (OSError, UnicodeDecodeError):
        return ExistingFile(A_LA_MAIN)
    body = split_header(text)
    if body is None:
        return ExistingFile(A_LA_MAIN, text)
    if digest(body) != recorded_digest(text):
        return ExistingFile(MODIFIE, text)
    return ExistingFile(INTACT, text)
