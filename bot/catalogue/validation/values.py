"""How each field's value is read and checked, on PyYAML nodes (see the package docstring).

`ValueReader` records issues and reads scalars and lists; its `p_<kind>` methods read the fields
of each kind named in fields.py. FileChecker (checker.py) walks a whole file with it.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable, List, Optional, Protocol, Tuple
from urllib.parse import urlsplit

import yaml

from bot.catalogue.models import STATUT_SLOTS
from bot.catalogue.validation.fields import Field, Vocabulary
from bot.catalogue.validation.formats import (
    CODE_COMMUNE,
    CODE_DEPARTEMENT,
    CODE_POSTAL,
    DESCRIPTION_MAX,
    ID,
    NOM_MAX,
    NOM_MIN,
    domain_doubt,
    is_courriel,
    is_url,
    is_zone_code,
    parse_opening_hours,
    suggest_opening_hours,
    telephone_doubt,
)
from bot.catalogue.validation.report import AVERTISSEMENT, ERREUR, Issue
from bot.catalogue.validation.suggestions import did_you_mean, vouliez_vous_dire
from bot.catalogue.vocab import ISO_639_1, LANGUES_EN_FRANCAIS, Vocabularies
from bot.common.ages import SERVICE_AGE_MAX
from bot.common.dates import months_before
from bot.common.folding import ascii_slug
from bot.common.french import date_fr
from bot.common.phones import french_phone

FRESHNESS_MONTHS = 12

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FR_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"

INVALID = object()  # a parser's answer when the value is wrong (the issue is already recorded)


class ZoneReference(Protocol):
    """What the validator needs of bot.catalogue.communes.CommuneRef."""

    def is_known_zone(self, code: str) -> bool: ...


def node_line(node: Optional[yaml.Node]) -> Optional[int]:
    return node.start_mark.line + 1 if node is not None else None


def _field_name(path: str) -> str:
    """"services[0].thematiques[1]" → "thematiques" (the key a staff member sees in the file)."""
    return re.sub(r"\[\d+\]$", "", path).rsplit(".", 1)[-1]



class ValueReader:
    """Reads the values of one file; collects the issues met on the way."""

    def __init__(self, file: str, vocab: Vocabularies, communes: Optional[ZoneReference], today: date):
        self.file = file
        self.vocab = vocab
        self.communes = communes
        self.today = today
        self.issues: List[Issue] = []

    # -- recording

    def error(self, node: Optional[yaml.Node], path: str, value: Any, message: str,
              suggestion: Optional[str] = None, line: Optional[int] = None) -> object:
        self.issues.append(Issue(ERREUR, self.file, line or node_line(node), path,
                                 None if value is None else str(value), message, suggestion))
        return INVALID

    def warning(self, node: Optional[yaml.Node], path: str, value: Any, message: str,
                suggestion: Optional[str] = None, line: Optional[int] = None) -> None:
        self.issues.append(Issue(AVERTISSEMENT, self.file, line or node_line(node), path,
                                 None if value is None else str(value), message, suggestion))


    # -- scalar values

    def text(self, node: yaml.Node, path: str) -> Any:
        """The text as written (stripped); None when empty."""
        if not isinstance(node, yaml.ScalarNode):
            kind = "une liste" if isinstance(node, yaml.SequenceNode) else "plusieurs champs"
            return self.error(node, path, None, f"« {_field_name(path)} » doit être un simple texte, pas {kind}. "
                                                "Vérifiez les tirets et l'indentation.")
        if node.tag == NULL_TAG:
            return None
        return node.value.strip() or None

    def items(self, node: yaml.Node, path: str) -> Any:
        """(node, path) of each item of a list; a lone value counts as a one-item list."""
        if isinstance(node, yaml.SequenceNode):
            return [(child, f"{path}[{i}]") for i, child in enumerate(node.value)] or None
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == NULL_TAG else [(node, path)]
        return self.error(node, path, None, f"« {_field_name(path)} » doit être une liste : une valeur par ligne, "
                                            "chacune commençant par un tiret.")

    def text_list(self, node: yaml.Node, path: str, check: Callable[[str, yaml.Node, str], Any]) -> Any:
        """A list of texts, each checked (and possibly normalised) by `check`; duplicates dropped."""
        items = self.items(node, path)
        if items is None or items is INVALID:
            return items
        values: List[Any] = []
        ok = True
        for child, item_path in items:
            value = self.text(child, item_path)
            if value is None:
                value = self.error(child, item_path, None, f"Une valeur de « {_field_name(path)} » est vide : "
                                                           "écrivez-la ou retirez la ligne.")
            if value is not INVALID:
                value = check(value, child, item_path)
            if value is INVALID:
                ok = False
            else:
                values.append(value)
        return tuple(dict.fromkeys(values)) if ok else INVALID

    # -- field parsers, `p_<kind>` (node, path → clean value | None | INVALID; the field too when it
    #    has a vocabulary)

    def p_text(self, node: yaml.Node, path: str) -> Any:
        return self.text(node, path)

    def p_id(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID or ID.fullmatch(value):
            return value
        slug = ascii_slug(value)
        return self.error(node, path, value,
                          f"« {value} » n'est pas un identifiant valide : utilisez seulement des lettres minuscules "
                          "sans accent, des chiffres et des tirets (pas d'espace).",
                          vouliez_vous_dire(slug) if slug else None)

    def p_nom(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID or NOM_MIN <= len(value) <= NOM_MAX:
            return value
        if len(value) < NOM_MIN:
            message = f"Le nom « {value} » est trop court : écrivez au moins {NOM_MIN} caractères."
        else:
            message = (f"Le nom est trop long ({len(value)} caractères) : {NOM_MAX} au plus. "
                       "Mettez les détails dans « description ».")
        return self.error(node, path, value, message)

    def p_description(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if isinstance(value, str) and len(value) > DESCRIPTION_MAX:
            self.warning(node, path, None,
                         f"La description est longue ({len(value)} caractères, plus de {DESCRIPTION_MAX}) : "
                         "elle sera difficile à lire sur un téléphone. Raccourcissez-la.")
        return value

    def p_date_maj(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID:
            return value
        day = None
        iso = _ISO_DATE.fullmatch(value)
        french = _FR_DATE.fullmatch(value)
        if iso:
            try:
                day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError:
                return self.error(node, path, value, f"La date « {value} » n'existe pas. Vérifiez le jour et le mois "
                                                     "(format AAAA-MM-JJ).")
        else:
            suggestion = None
            if french:
                try:
                    suggestion = date(int(french.group(3)), int(french.group(2)), int(french.group(1))).isoformat()
                except ValueError:
                    suggestion = None
            return self.error(node, path, value,
                              f"« {value} » n'est pas une date au bon format. Écrivez l'année, le mois puis le jour, "
                              f"séparés par des tirets, par exemple {self.today.isoformat()}.",
                              vouliez_vous_dire(suggestion) if suggestion else None)
        if day > self.today:
            return self.error(node, path, value, f"La date « {value} » est dans le futur. Écrivez la date du jour où "
                                                 "les informations ont été vérifiées.")
        if day < months_before(self.today, FRESHNESS_MONTHS):
            self.warning(node, path, value,
                         f"Ces informations n'ont pas été vérifiées depuis plus de {FRESHNESS_MONTHS} mois "
                         f"(dernière vérification le {date_fr(day)}). Vérifiez-les auprès de la structure, puis "
                         "mettez la date du jour.")
        return day

    def _vocab_value(self, vocabulary: Vocabulary) -> Callable[[str, yaml.Node, str], Any]:
        """A checker of one value of a data·inclusion vocabulary."""
        kind = vocabulary.kind
        allowed = self.vocab.values(kind)

        def check(value: str, node: yaml.Node, path: str) -> Any:
            if value in allowed:
                return value
            suggestion = did_you_mean(value, allowed, self.vocab.labels.get(kind))
            message = f"« {value} » n'est pas {vocabulary.noun}."
            if vocabulary.listed:
                message += " Valeurs possibles : " + ", ".join(sorted(allowed)) + "."
            elif suggestion is None:
                message += (" Choisissez une valeur de la liste data·inclusion "
                            "(fichier bot/catalogue/data/data-inclusion-v1.yml).")
            return self.error(node, path, value, message, vouliez_vous_dire(suggestion) if suggestion else None)

        return check

    def p_vocabulary(self, node: yaml.Node, path: str, field: Field) -> Any:
        """One value of the field's vocabulary, or a list of them."""
        assert field.vocabulary is not None
        if field.many:
            return self.text_list(node, path, self._vocab_value(field.vocabulary))
        if isinstance(node, yaml.SequenceNode):
            return self.error(node, path, None, f"« {_field_name(path)} » prend une seule valeur, pas une liste.")
        value = self.text(node, path)
        if value is None or value is INVALID:
            return value
        return self._vocab_value(field.vocabulary)(value, node, path)

    def p_publics(self, node: yaml.Node, path: str, field: Field) -> Any:
        values = self.p_vocabulary(node, path, field)
        if isinstance(values, tuple) and "tous-publics" in values and len(values) > 1:
            return self.error(node, path, ", ".join(values),
                              "« tous-publics » doit être seul : retirez-le si le service est réservé aux autres "
                              "publics de la liste, ou retirez les autres publics.")
        return values

    def p_thematiques(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, self._thematique)

    def _thematique(self, value: str, node: yaml.Node, path: str) -> Any:
        vocab = self.vocab
        if value in vocab.thematiques:
            return value
        if value in vocab.categories:
            return self.error(node, path, value,
                              f"« {value} » est une catégorie : écrivez aussi la thématique précise, sous la forme "
                              "« catégorie--thématique ».", vouliez_vous_dire(*vocab.thematiques_of(value)))
        suggestions: Tuple[str, ...] = ()
        exact = did_you_mean(value, vocab.thematiques, vocab.labels["thematiques"], cutoff=85)
        if exact:
            suggestions = (exact,)
        else:
            categorie_part, _, sub_part = value.partition("--")
            categorie = did_you_mean(categorie_part, vocab.categories, vocab.labels["categories"], cutoff=80)
            if categorie and sub_part:
                sub = did_you_mean(sub_part, [t.split("--", 1)[1] for t in vocab.thematiques_of(categorie)])
                suggestions = (f"{categorie}--{sub}",) if sub else vocab.thematiques_of(categorie)
            elif categorie:
                suggestions = vocab.thematiques_of(categorie)
            else:  # the sub-thematique alone ("repondre-a-des-offres-demploi")
                by_sub = {t.split("--", 1)[1]: t for t in vocab.thematiques}
                sub = did_you_mean(value, by_sub, cutoff=85)
                suggestions = (by_sub[sub],) if sub else ()
        message = f"« {value} » n'est pas une thématique connue."
        if not suggestions:
            message += (" Écrivez une thématique data·inclusion sous la forme « catégorie--thématique », par exemple "
                        "« trouver-un-emploi--repondre-a-des-offres-demploi » (liste dans "
                        "bot/catalogue/data/data-inclusion-v1.yml).")
        return self.error(node, path, value, message, vouliez_vous_dire(*suggestions))

    def p_code_postal(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID or CODE_POSTAL.fullmatch(value):
            return value
        compact = re.sub(r"\s", "", value)
        return self.error(node, path, value, f"« {value} » n'est pas un code postal : écrivez 5 chiffres, "
                                             "par exemple 93300.",
                          vouliez_vous_dire(compact) if CODE_POSTAL.fullmatch(compact) else None)

    def p_code_insee(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID:
            return value
        if not CODE_COMMUNE.fullmatch(value):
            return self.error(node, path, value, f"« {value} » n'est pas un code INSEE de commune : écrivez 5 "
                                                 "caractères, par exemple 93001 pour Aubervilliers "
                                                 "(ce n'est pas le code postal).")
        if self.communes is not None and not self.communes.is_known_zone(value):
            return self.error(node, path, value, f"Le code INSEE « {value} » ne correspond à aucune commune. "
                                                 + self._postal_code_hint(value))
        return value

    def _postal_code_hint(self, code: str) -> str:
        """Staff often write the postcode (93300) where the INSEE code (93001) is expected."""
        by_postal_code = getattr(self.communes, "by_postal_code", None)
        if by_postal_code is not None and CODE_POSTAL.fullmatch(code):
            try:
                communes = by_postal_code(code)
            except Exception:
                communes = []
            if communes:
                first = communes[0]
                return (f"C'est un code postal. Le code INSEE de la commune {first.nom} est {first.code_insee}.")
        return "Attention : il faut le code INSEE (93001 pour Aubervilliers), pas le code postal (93300)."

    def _coordinate(self, node: yaml.Node, path: str, limit: float, noun: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID:
            return value
        if _DECIMAL.fullmatch(value):
            if "," in value:
                return self.error(node, path, value, "Utilisez un point, pas une virgule, pour les décimales.",
                                  vouliez_vous_dire(value.replace(",", ".")))
            number = float(value)
            if -limit <= number <= limit:
                return number
        return self.error(node, path, value, f"« {value} » n'est pas une {noun} : écrivez un nombre entre "
                                             f"-{limit:g} et {limit:g}, par exemple "
                                             f"{'48.9125' if limit == 90 else '2.3846'} (Aubervilliers).")

    def p_latitude(self, node: yaml.Node, path: str) -> Any:
        return self._coordinate(node, path, 90, "latitude")

    def p_longitude(self, node: yaml.Node, path: str) -> Any:
        return self._coordinate(node, path, 180, "longitude")

    def p_telephone(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID:
            return value
        phone = french_phone(value)
        if phone is not None:
            self._doubtful_contact(node, path, value, telephone_doubt(phone.national))
            return phone.national
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 18:
            message = f"« {value} » contient plusieurs numéros : écrivez un seul numéro."
        else:
            message = (f"« {value} » n'est pas un numéro de téléphone français. Écrivez 10 chiffres, par exemple "
                       "01 48 70 60 38, ou un numéro court comme 39 49.")
        return self.error(node, path, value, message)

    def _doubtful_contact(self, node: yaml.Node, path: str, value: str, doubt: Optional[str]) -> None:
        if doubt:
            self.warning(node, path, value,
                         f"« {value} » : {doubt}. Vérifiez ce contact auprès de la structure et écrivez le vrai.")

    def p_courriel(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID:
            return value
        if is_courriel(value):
            self._doubtful_contact(node, path, value, domain_doubt(value.rsplit("@", 1)[1]))
            return value
        fixed = re.sub(r"^mailto:", "", value, flags=re.I)
        fixed = re.sub(r"\s*(?:\(at\)|\[at\]|\barobase\b)\s*", "@", fixed)
        fixed = re.sub(r"\s", "", fixed)
        return self.error(node, path, value, f"« {value} » n'est pas une adresse de courriel. Écrivez-la sous la "
                                             "forme nom@exemple.fr.",
                          vouliez_vous_dire(fixed) if is_courriel(fixed) else None)

    def p_url(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID:
            return value
        if is_url(value):
            self._doubtful_contact(node, path, value, domain_doubt(urlsplit(value).hostname or ""))
            return value
        fixed = f"https://{value}" if not re.match(r"\w+://", value) else None
        return self.error(node, path, value, f"« {value} » n'est pas une adresse web complète. Elle doit commencer "
                                             "par https:// (ou http://).",
                          vouliez_vous_dire(fixed) if fixed and is_url(fixed) else None)

    def p_horaires(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID or parse_opening_hours(value):
            return value
        suggestion = suggest_opening_hours(value)
        message = (f"Les horaires « {value} » ne sont pas écrits au format attendu (celui d'OpenStreetMap)."
                   " Exemple : « Mo-Fr 09:00-12:30,13:30-17:30; Sa 09:00-12:00; PH off » (Mo lundi, Tu mardi, "
                   "We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche ; PH off : fermé les jours fériés).")
        return self.error(node, path, value, message, vouliez_vous_dire(suggestion) if suggestion else None)

    def p_zone_eligibilite(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, self._zone)

    def _zone(self, value: str, node: yaml.Node, path: str) -> Any:
        if value == "france":
            return value
        if value.lower() == "france":
            return self.error(node, path, value, "Écrivez « france » en minuscules.", vouliez_vous_dire("france"))
        if not is_zone_code(value):
            upper = value.upper()
            if upper != value and (CODE_COMMUNE.fullmatch(upper) or CODE_DEPARTEMENT.fullmatch(upper)):
                return self.error(node, path, value, "Écrivez les codes corses en majuscules.",
                                  vouliez_vous_dire(upper))
            return self.error(node, path, value,
                              f"« {value} » n'est pas un code de zone. Écrivez un code INSEE de commune (5 caractères, "
                              "par exemple 93001 pour Aubervilliers), un département (93), le numéro SIREN d'un EPCI "
                              "(9 chiffres) ou « france ».")
        if self.communes is not None and not self.communes.is_known_zone(value):
            hint = self._postal_code_hint(value) if len(value) == 5 else "Vérifiez le code."
            return self.error(node, path, value,
                              f"« {value} » ne correspond à aucune commune, aucun département ni aucun EPCI connu. "
                              + hint)
        return value

    def p_age(self, node: yaml.Node, path: str) -> Any:
        value = self.text(node, path)
        if value is None or value is INVALID:
            return value
        if _INTEGER.fullmatch(value) and 0 <= int(value) <= SERVICE_AGE_MAX:
            return int(value)
        return self.error(node, path, value, f"« {value} » n'est pas un âge : écrivez un nombre entier d'années "
                                             f"entre 0 et {SERVICE_AGE_MAX}, sans « ans », par exemple 25.")

    def p_requiert(self, node: yaml.Node, path: str) -> Any:
        allowed = tuple(STATUT_SLOTS)

        def check(value: str, child: yaml.Node, item_path: str) -> Any:
            if value in allowed:
                return value
            suggestion = did_you_mean(value, allowed, {"inscription-france-travail": "pole-emploi"})
            return self.error(child, item_path, value,
                              f"« {value} » n'est pas un statut connu. Valeurs possibles : {', '.join(allowed)}.",
                              vouliez_vous_dire(suggestion) if suggestion else None)

        return self.text_list(node, path, check)

    def p_quartiers(self, node: yaml.Node, path: str) -> Any:
        return self.text_list(node, path, lambda value, child, item_path: value)

    def p_bool(self, node: yaml.Node, path: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
            return None
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL_TAG:
            return node.value.lower() in ("true", "yes", "on", "y")
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        suggestion = {"oui": "true", "non": "false"}.get(str(value).strip().lower()) if value else None
        return self.error(node, path, value, "Écrivez true (oui, on peut venir sans rendez-vous) ou false (non).",
                          vouliez_vous_dire(suggestion) if suggestion else None)

    def p_langues(self, node: yaml.Node, path: str) -> Any:
        def check(value: str, child: yaml.Node, item_path: str) -> Any:
            if value in ISO_639_1:
                return value
            suggestion = value.lower() if value.lower() in ISO_639_1 else LANGUES_EN_FRANCAIS.get(ascii_slug(value))
            return self.error(child, item_path, value,
                              f"« {value} » n'est pas un code de langue. Écrivez le code à deux lettres minuscules "
                              "(norme ISO 639-1), par exemple en pour l'anglais, ar pour l'arabe.",
                              vouliez_vous_dire(suggestion) if suggestion else None)

        return self.text_list(node, path, check)

