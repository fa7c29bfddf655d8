"""Obstacles ("freins") the resident names, one entity per obstacle, or `aucun` for "no obstacle".

Rules stating a lack ("pas de permis") count as written; rules stating a problem ("malade",
"problème de logement") do not count after a negation ("pas malade", "aucun souci de logement").
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bot.understanding.entity import Entity
from bot.understanding.known_words import TYPO_LOOKALIKES
from bot.understanding.rules import find, is_negated, rule
from bot.understanding.text import NormalizedText

_LACK = (r"\b(?:pas|plus|sans|aucun|aucune|manque|manque de|besoin)"
         r"(?: de| d| du| le| la| les| l| mon| ma| mes| un| une)?")
_PROBLEM = r"\b(?:probleme|problemes|souci|soucis|difficulte|difficultes|galere|galeres|frein|freins)"
_WITH = r"(?: (?:de|d|du|des|avec|en|pour|a|au|niveau))?(?: le| la| les| l| mon| ma| mes)?"
_KIDS = (r"(?:enfant|enfants|gosse|gosses|gamin|gamins|petit|petits|petite|petites|fils|fille|filles|bebe|bebes"
         r"|loulou|loulous)")

_RULES = (
    # mobilite
    rule(_LACK + r" (?:permis|voiture|vehicule|caisse|bagnole|moto|scooter|velo|moyen de (?:transport|locomotion)|"
         r"moyens de (?:transport|locomotion)|transport|transports|pass navigo|navigo|passe navigo|carte navigo|"
         r"abonnement|titre de transport)\b", "mobilite"),
    rule(r"\b(?:pas|non) (?:vehicule|vehiculee|motorise|motorisee|vehicules)\b", "mobilite"),
    rule(r"\b(?:c est|trop|tres|super|vraiment|un peu|assez) loin\b", "mobilite", negatable=True),
    rule(r"\bloin de chez moi\b", "mobilite", negatable=True),
    rule(r"\b(?:peux|peut|sais|arrive) pas (?:conduire|me deplacer|bouger|me rendre)\b", "mobilite"),
    rule(_PROBLEM + _WITH
         + r" (?:transport|transports|deplacement|deplacements|mobilite|voiture|permis|trajet|trajets)\b",
         "mobilite", negatable=True),
    rule(r"\b(?:permis|permis de conduire|voiture)(?: est| a ete)? (?:suspendu|retire|annule|en panne|cassee)\b",
         "mobilite", negatable=True),
    rule(r"\bmobilite\b", "mobilite", negatable=True),
    # garde_enfants
    rule(r"\b(?:mes|mon|ma|les|mais|des|2|3|4|5) " + _KIDS + r"\b", "garde_enfants", negatable=True),
    rule(r"\b(?:garder|garde|faire garder|gardienne|gardien|s occuper de|m occuper de|recuperer) "
         r"(?:mes|mon|ma|les|des) " + _KIDS + r"\b", "garde_enfants", negatable=True),
    rule(_LACK + r" (?:nounou|nourrice|garde|creche|place en creche|place a la creche|place dans une creche|"
         r"assistante maternelle|mode de garde|solution de garde|baby sitter)\b", "garde_enfants"),
    rule(r"\bpersonne pour (?:garder|s occuper|recuperer|chercher)\b", "garde_enfants"),
    rule(r"\b(?:nounou|nourrice|creche|mode de garde|garde d enfants|garde des enfants|assistante maternelle)\b",
         "garde_enfants", negatable=True),
    rule(r"\b(?:maman solo|mere celibataire|mere seule|parent isole|parent seul|papa solo|pere celibataire|"
         r"famille monoparentale|seule avec mes enfants|seul avec mes enfants)\b", "garde_enfants"),
    # francais
    rule(r"\b(?:parle|parler|ecris|ecrit|ecrire|lis|lit|lire|comprends|comprend|comprendre|maitrise|maitriser)"
         r"(?: pas| mal| peu| un peu| pas bien| pas tres bien| pas trop| tres mal| tres peu| pas beaucoup)"
         r"(?: bien)?(?: le| la)? (?:francais|langue francaise|langue)\b", "francais"),
    rule(r"\b(?:pas|mal|peu)(?: bien| tres bien| trop| beaucoup| tres)?(?: le| la)? francais\b", "francais"),
    rule(r"\bfrancais (?:pas|mal|est pas|c est pas|n est pas|pas tres|pas bien|pas encore|est difficile|"
         r"c est difficile|c est dur|est mon probleme)\b", "francais"),
    rule(r"\b(?:cours|apprendre|ameliorer|ameliorer mon|progresser en)(?: de| le| mon| en)? francais\b", "francais"),
    rule(r"\b(?:je sais|sais) pas (?:bien |tres bien )?(?:lire|ecrire|lire ni ecrire|lire et ecrire)\b", "francais"),
    rule(_PROBLEM + _WITH + r" (?:francais|langue|lecture|ecriture)\b", "francais", negatable=True),
    rule(r"\b(?:barriere de la langue|alphabetisation|analphabete|illettre|illettree|illettrisme|fle)\b",
         "francais", negatable=True),
    # numerique
    rule(r"\b(?:sais|sait|connais|connait|maitrise|arrive|comprends) pas (?:bien |trop |tres bien )?"
         r"(?:utiliser |me servir d |me servir de |me servir |faire marcher |aller sur |faire )?"
         r"(?:un |une |l |les |mon |ma |d |des |le |la )?"
         r"(?:ordinateur|ordinateurs|internet|informatique|mail|mails|email|emails|numerique|smartphone|"
         r"telephone|site|sites|appli|applis|application|applications|tablette|clavier)\b", "numerique"),
    rule(_LACK + r" (?:ordinateur|internet|connexion|wifi|imprimante|mail|adresse mail|email|smartphone|"
         r"telephone|forfait|scanner)\b", "numerique"),
    rule(r"\b(?:nul|nulle|perdu|perdue|largue|larguee|pas a l aise|mal a l aise)"
         r" (?:en|avec|sur)(?: l| les| un)? (?:informatique|ordinateur|internet|numerique|ordinateurs|telephone)\b",
         "numerique"),
    rule(_PROBLEM + _WITH + r" (?:informatique|ordinateur|internet|numerique|ordinateurs)\b", "numerique",
         negatable=True),
    rule(r"\b(?:illectronisme|fracture numerique)\b", "numerique", negatable=True),
    # sante
    rule(r"\b(?:malade|malades|maladie|maladies|handicap|handicape|handicapee|handicapes|invalidite|"
         r"blesse|blessee|blessure|hospitalise|hospitalisee|hospitalisation|depression|depressif|depressive|"
         r"douleur|douleurs|diabete|cancer|chimio|operee|opere|addiction|alcool|drogue|"
         r"arret maladie|dos bloque|ma sante)\b", "sante", negatable=True),
    rule(r"\bmal (?:au|a la|aux|a l) (?:dos|genou|genoux|jambe|jambes|bras|tete|epaule|epaules|hanche|dents|"
         r"pied|pieds|poignet|coeur|ventre)\b", "sante", negatable=True),
    rule(_PROBLEM + _WITH + r" (?:sante|dos|genou|genoux|coeur|psy|psychologique|psychologiques|physique|physiques)\b",
         "sante", negatable=True),
    # logement
    rule(_LACK + r" (?:logement|appartement|appart|maison|toit|domicile|chez moi|chez soi|logis|"
         r"hebergement|endroit ou dormir|adresse(?! mail| email| e mail| electronique))\b", "logement"),
    rule(r"\b(?:sdf|sans domicile|sans abri|sans logement|a la rue|dans la rue|dors dehors|dormir dehors|"
         r"expulse|expulsee|expulsion|"
         r"squat|squatte|115|samu social|foyer|hotel social|centre d hebergement|mal loge|mal logee|insalubre|"
         r"heberge|hebergee|hebergement|je dors chez|dors chez)\b", "logement", negatable=True),
    rule(_PROBLEM + _WITH + r" (?:logement|appartement|appart|loyer|proprietaire|bailleur|hebergement)\b",
         "logement", negatable=True),
    rule(r"\b(?:cherche|recherche|trouver|besoin d|besoin de) (?:un |une |de |d )?(?:logement|appartement|appart|"
         r"hebergement|toit|chambre)\b", "logement"),
    rule(r"\blogement\b", "logement", negatable=True),
    # confiance
    rule(_LACK + r" (?:confiance|de confiance|motivation|estime de soi|estime de moi)\b", "confiance"),
    rule(r"\b(?:confiance en moi|confiance en soi|estime de soi)\b", "confiance", negatable=True),
    rule(r"\b(?:stresse|stressee|stress|je stresse|angoisse|angoissee|angoisses|anxieux|anxieuse|anxiete|"
         r"timide|decourage|decouragee|demotive|demotivee|deprime|deprimee|honte|peur|panique)\b",
         "confiance", negatable=True),
    rule(r"\b(?:j ose|je ose|ose) pas\b", "confiance"),
    rule(r"\bje (?:me sens|suis) (?:nul|nulle|perdu|perdue|inutile|bloque|bloquee|paume|paumee|isole|isolee)\b"
         r"(?! (?:en|avec|dans|sur|pour)\b)",
         "confiance", negatable=True),
    rule(r"\b(?:je y arrive|y arrive|je y crois|y crois) (?:pas|plus)\b", "confiance"),
    rule(r"\b(?:baisse les bras|plus la force|plus envie|pas motive|pas motivee|plus motive|plus motivee)\b",
         "confiance"),
    # administratif
    rule(r"\b(?:titre de sejour|carte de sejour|recepisse|sans papiers|regularisation|regulariser|"
         r"prefecture|demarches? administratives?|papiers administratifs|paperasse|naturalisation|"
         r"autorisation de travail|permis de travail|visa)\b", "administratif", negatable=True),
    rule(_LACK + r" (?:papiers|papier|carte d identite|piece d identite|titre de sejour|carte vitale|"
         r"numero de securite sociale|compte bancaire|compte en banque|rib)\b", "administratif"),
    rule(r"(?<!je ai mes )(?<!tous mes )(?<!je ai les )\bpapiers?\b(?! (?:sont )?(?:en regle|ok|a jour))",
         "administratif", negatable=True),
    rule(r"\bdemarches\b", "administratif", negatable=True),
    rule(_PROBLEM + _WITH + r" (?:papiers|papier|administratif|administratifs|administration|dossier|dossiers|"
         r"courrier|courriers|caf|impots|droits)\b", "administratif", negatable=True),
    rule(_PROBLEM + r" (?:administratif|administratifs|administrative|administratives)\b", "administratif",
         negatable=True),
    # finances
    rule(_LACK + r" (?:argent|thune|thunes|tune|tunes|fric|ressources|ressource|revenu|revenus|salaire|moyens|"
         r"les moyens|economies)\b", "finances"),
    rule(r"\b(?:pas|plus|sans) (?:de sous|un sou|un rond|une thune|un centime|un euro)\b", "finances"),
    rule(r"\b(?:dette|dettes|endette|endettee|surendettement|surendette|fins de mois|fin de mois|fin du mois|"
         r"fauche|fauchee|huissier|interdit bancaire|impaye|impayes|precarite|pauvrete|decouvert)\b",
         "finances", negatable=True),
    rule(_PROBLEM + _WITH + r" (?:argent|sous|thune|financier|financiers|financiere|financieres|finances|"
         r"budget|paiement|loyer)\b", "finances", negatable=True),
    rule(_PROBLEM + r" (?:financier|financiers|financiere|financieres)\b|\b(?:aide financiere|financierement)\b",
         "finances", negatable=True),
)

# Nothing in the way: the whole message says so ("rien", "aucun", "non aucun frein").
_NONE_ALONE = re.compile(
    r"^(?:(?:non|nan|bah|ben|euh|non merci|ok|alors|franchement|a priori|apriori|normalement|je pense|"
    r"je crois|pour l instant|pour le moment)\s?)*"
    r"(?:rien|aucun|aucune|nope|pas vraiment|rien du tout|rien de special|rien de particulier|"
    r"rien de tout (?:ca|cela)|rien de tout|aucun de (?:ca|ceux la|ces problemes|ces difficultes)|"
    r"rien de cette liste|aucune de ces choses|"
    r"pas de probleme|pas de problemes|pas de souci|pas de soucis|pas de frein|pas de freins|aucun frein|"
    r"aucun probleme|aucune difficulte|aucun souci|aucuns|tout va bien|ca va|non rien|ras|aucune idee non|"
    r"je vois pas|je ne vois pas|pas spécialement|pas specialement|pas particulierement)"
    r"(?: (?:de|en) (?:particulier|special))?(?:\s?(?:non|merci|tout va bien|ca va))*$"
)
_NONE_IN_SENTENCE = re.compile(
    r"\b(?:aucun frein|aucuns freins|pas de frein|pas de freins|aucune difficulte|aucune contrainte|"
    r"pas de contrainte|pas de contraintes|rien ne me (?:bloque|freine|retient|empeche))\b"
)
_PUNCTUATION = re.compile(r"\s?[.,;:!?()/…]")


def extract_obstacles(norm: NormalizedText, masked: list[tuple[int, int]]) -> list[Entity]:
    hits = find(norm, _RULES, masked)
    entities: list[Entity] = []
    seen: set[str] = set()
    for hit in hits:
        if hit.value in seen:
            continue
        seen.add(hit.value)
        start, end = norm.span(hit.start, hit.end)
        entities.append(Entity("frein", hit.value, start, end, hit.confidence))
    if entities:
        return entities
    bare = _PUNCTUATION.sub("", norm.text).strip()
    if bare and _NONE_ALONE.match(bare):
        return [Entity("frein", "aucun", norm.tokens[0].start, norm.tokens[-1].end, 1.0)]
    m = _NONE_IN_SENTENCE.search(norm.text)
    if m:
        start, end = norm.span(m.start(), m.end())
        return [Entity("frein", "aucun", start, end, 1.0)]
    return []


def says_no_obstacle(norm: NormalizedText) -> bool:
    """The message itself says "no obstacle" ("aucun frein", "rien ne me bloque"), wherever it
    comes: a bare "rien" or "non" only means it in answer to the obstacles question."""
    return bool(_NONE_IN_SENTENCE.search(norm.text))


# What each obstacle is about, as a resident names it in answer to "which one?" ("le permis",
# "les enfants", "le logement et la santé"): there a bare topic means that obstacle.
_TOPICS = (
    ("garde_enfants", r"enfant|enfants|gosse|gosses|gamin|gamins|bebe|bebes|garde|creche|nounou|nourrice|"
                      r"ecole|petits"),
    ("mobilite", r"permis|voiture|transport|transports|bus|metro|rer|navigo|deplacement|deplacements|"
                 r"trajet|trajets|loin|mobilite|vehicule|scooter|velo"),
    ("francais", r"francais|langue|lire|ecrire|lecture|ecriture|alphabetisation|fle"),
    ("numerique", r"ordinateur|ordinateurs|internet|informatique|numerique|mail|mails|email|telephone|"
                  r"smartphone|wifi|connexion|ordi"),
    ("sante", r"sante|malade|maladie|handicap|dos|docteur|medecin|soins|psy|depression|hopital"),
    ("logement", r"logement|appartement|appart|loyer|hebergement|maison|toit|dehors|rue|foyer|hotel"),
    ("confiance", r"confiance|motivation|moral|stress|timidite|peur|estime"),
    ("administratif", r"papiers|papier|administratif|administration|demarches|dossier|dossiers|"
                      r"titre de sejour|prefecture|caf|impots|courrier|courriers"),
    ("finances", r"argent|dettes|dette|sous|budget|finances|financier|loyer impaye|fin de mois|thune"),
)
_TOPIC_PATTERNS = tuple((value, re.compile(rf"\b(?:{words})\b")) for value, words in _TOPICS)
# Single topic words, for the typos of a short answer ("la confaince", "mes paipers").
_TOPIC_WORDS = {w: value for value, words in _TOPICS for w in words.split("|") if " " not in w and len(w) >= 5}
_TOPIC_TYPO_SCORE = 85


def obstacles_named(norm: NormalizedText, typos: bool = True) -> list[str]:
    """Obstacles a reply to "which one?" names by their topic, in the order of the message
    (`typos`: also topic words misspelt, "la confaince", "mes paipers")."""
    found = []
    for value, pattern in _TOPIC_PATTERNS:
        match = pattern.search(norm.text)
        if match and not is_negated(norm.text, match.start()):
            found.append((match.start(), value))
    named = {value for _, value in found}
    position = 0
    for token in norm.tokens:
        start = norm.text.find(token.text, position)
        position = start + len(token.text)
        if (not typos or len(token.text) < 5 or not token.text.isalpha() or token.text in _TOPIC_WORDS
                or token.text in TYPO_LOOKALIKES):
            continue
        best = process.extractOne(token.text, list(_TOPIC_WORDS), scorer=fuzz.ratio, score_cutoff=_TOPIC_TYPO_SCORE)
        if best and _TOPIC_WORDS[best[0]] not in named and not is_negated(norm.text, max(start, 0)):
            named.add(_TOPIC_WORDS[best[0]])
            found.append((start, _TOPIC_WORDS[best[0]]))
    return [value for _, value in sorted(found)]
