"""Controlled vocabularies of data·inclusion v1 (values and French labels) and ISO 639-1 codes."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Dict, FrozenSet, Mapping

import yaml

from bot.common.folding import ascii_slug

VOCAB_FILE = Path(__file__).with_name("data") / "data-inclusion-v1.yml"

# Attribute of Vocabularies → section of data-inclusion-v1.yml.
_SECTIONS = {
    "thematiques": "Thematique",
    "categories": "Categorie",
    "publics": "Public",
    "reseaux_porteurs": "ReseauPorteur",
    "types": "TypeService",
    "frais": "Frais",
    "modes_accueil": "ModeAccueil",
    "modes_mobilisation": "ModeMobilisation",
    "mobilisable_par": "PersonneMobilisatrice",
}
# Other names callers may use for a kind (the catalogue field name, the singular).
_KIND_ALIASES = {
    "thematique": "thematiques",
    "categorie": "categories",
    "public": "publics",
    "reseau_porteur": "reseaux_porteurs",
    "type": "types",
    "mode_accueil": "modes_accueil",
    "mode_mobilisation": "modes_mobilisation",
}

# ISO 639-1 (two-letter language codes), for `x_langues`.
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
    hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
    lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
    or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)


# French names of the languages most spoken around here (ISO 639-1); others show their code in cards.
NOMS_LANGUES = {
    "am": "amharique", "ar": "arabe", "bm": "bambara", "bn": "bengali", "de": "allemand",
    "el": "grec", "en": "anglais", "es": "espagnol", "fa": "persan", "ff": "peul",
    "he": "hébreu", "hi": "hindi", "ht": "créole haïtien", "hy": "arménien", "it": "italien",
    "ja": "japonais", "ka": "géorgien", "km": "khmer", "ko": "coréen", "ku": "kurde",
    "ln": "lingala", "nl": "néerlandais", "pa": "pendjabi", "pl": "polonais", "ps": "pachto",
    "pt": "portugais", "ro": "roumain", "ru": "russe", "sk": "slovaque", "so": "somali",
    "sq": "albanais", "sr": "serbe", "sw": "swahili", "ta": "tamoul", "th": "thaï",
    "ti": "tigrigna", "tr": "turc", "uk": "ukrainien", "ur": "ourdou", "vi": "vietnamien",
    "wo": "wolof", "zh": "chinois",
}

# French names staff may write instead of the code (for "Vouliez-vous dire … ?"), as ASCII slugs.
LANGUES_EN_FRANCAIS = {
    **{ascii_slug(nom): code for code, nom in NOMS_LANGUES.items()},
    "farsi": "fa", "francais": "fr", "mandarin": "zh", "tamil": "ta", "tigrinya": "ti", "haitien": "ht",
}


@dataclass(frozen=True)
class Vocabularies:
    thematiques: FrozenSet[str]
    categories: FrozenSet[str]
    publics: FrozenSet[str]
    reseaux_porteurs: FrozenSet[str]
    types: FrozenSet[str]
    frais: FrozenSet[str]
    modes_accueil: FrozenSet[str]
    modes_mobilisation: FrozenSet[str]
    mobilisable_par: FrozenSet[str]
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def libelle(self, kind: str, value: str) -> str:
        """French label of a value ("publics", "jeunes" → "Jeunes").

        `kind` is an attribute name of this class or its singular ("public", "thematique", "type").
        An unknown kind raises KeyError; an unknown value is returned unchanged, so that
        rendering never fails on a value the validator has not seen.
        """
        kind = _KIND_ALIASES.get(kind, kind)
        if kind not in self.labels:
            raise KeyError(f"unknown vocabulary kind: {kind!r}")
        return self.labels[kind].get(value, value)

    def values(self, kind: str) -> FrozenSet[str]:
        """The allowed values of a kind (same names as `libelle`)."""
        kind = _KIND_ALIASES.get(kind, kind)
        if kind not in _SECTIONS:
            raise KeyError(f"unknown vocabulary kind: {kind!r}")
        return getattr(self, kind)

    def thematiques_of(self, categorie: str) -> tuple[str, ...]:
        """Sub-thematiques of a category, sorted ("famille" → ("famille--garde-denfants", …))."""
        prefix = f"{categorie}--"
        return tuple(sorted(t for t in self.thematiques if t.startswith(prefix)))


def vocabularies_from_file(path: Path) -> Vocabularies:
    with path.open(encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=yaml.CSafeLoader)
    labels: Dict[str, Dict[str, str]] = {}
    for kind, section in _SECTIONS.items():
        labels[kind] = {str(entry["valeur"]): str(entry["libelle"]) for entry in raw[section]}
    return Vocabularies(
        **{kind: frozenset(values) for kind, values in labels.items()},
        labels=MappingProxyType({kind: MappingProxyType(values) for kind, values in labels.items()}),
    )


@lru_cache(maxsize=1)
def load_vocabularies() -> Vocabularies:
    """The data·inclusion v1 vocabularies shipped with the bot (read once per process)."""
    return vocabularies_from_file(VOCAB_FILE)
