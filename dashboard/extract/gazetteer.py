"""The offline gazetteer: place rows, the names they go by, and the phrases that are never places.

Data, all in `dashboard/vocab/` (sources in vocab/README.md):
- `gazetteer_geonames.csv`: GeoNames rows (CC BY 4.0) written by `make_gazetteer.py`;
- `gazetteer_extra.csv`: our own rows, each citing its source; a row citing `geonames:<id>`
  replaces that GeoNames row (a common English name and a readable id) and inherits its names;
- `place_aliases.csv`: spellings and transliterations -> place_id (`weak=yes`: also a surname);
- `place_stopwords.csv`: organisations, people, words, demonyms that are never a place.

A name is indexed by its key: its words, with Arabic articles, compass words and generic words
("province", "camp") lower-cased and every other word exactly as written, so matching is
case-sensitive on capitalised names ("Homs", not "HOMS" in a shouted headline) while "al-Bab",
"Al Bab" and "eastern Aleppo"/"Eastern Aleppo" meet. A key that names several places goes to
the best ranked: Syria first, then Syria's neighbours, then countries, then our own rows, then
the larger population ("Palmyra" is Tadmur, never Palmyra NY; "Tripoli" is Lebanon's).

A name is *weak* when it is an unreliable sign of a place: a GeoNames alternate name, the name of
a GeoNames place under 100,000 people, or an alias flagged weak. The matcher drops a weak hit that
sits inside a longer capitalised name ("Samantha Power", "Abu Mohammed al-Ansari").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from dashboard import schema
from dashboard.extract.placenames import MIN_LOOKUP_SKELETON, light, variant_key
from dashboard.extract.vocab import read_vocab

SYRIA = "SY"
NEIGHBOURS = frozenset({"TR", "LB", "JO", "IQ", "IL", "PS", "CY"})
STRONG_POPULATION = 100_000
MIN_SINGLE_NAME = 4  # shorter one-word names ("Aba", "Hue") only from our own vocabulary

PARTICLES = frozenset(
    [
        "al",
        "el",
        "ad",
        "an",
        "ar",
        "as",
        "ash",
        "at",
        "az",
        "ed",
        "en",
        "er",
        "es",
        "esh",
        "et",
        "ez",
        "ech",
        "ej",
        "ath",
        "adh",
        "ul",
    ]
)
COMPASS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "northwest",
        "northeast",
        "southwest",
        "southeast",
        "northwestern",
        "northeastern",
        "southwestern",
        "southeastern",
        "central",
    ]
)
GENERIC = frozenset(
    [
        "province",
        "governorate",
        "countryside",
        "camp",
        "camps",
        "crossing",
        "district",
        "neighbourhood",
        "neighborhood",
        "region",
        "oblast",
        "city",
    ]
)
LOWERED = PARTICLES | COMPASS | GENERIC

# A word: letters with inner apostrophes ("Fu'ah"), never a possessive 's; or an initialism ("U.S.").
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+)*")

PLACE_COLUMNS = [c for c in schema.PLACES.column_names if not c.startswith("n_")]


@dataclass(frozen=True)
class Gazetteer:
    rows: pd.DataFrame  # schema.PLACES columns; the n_* counts are left empty for the pipeline
    index: dict[tuple[str, ...], tuple[str | None, bool]]  # name key -> (place_id or None = stop, weak)
    max_words: int  # longest key, in words
    candidates: dict[str, tuple[str, ...]]  # casefolded name -> place_ids, best first (for the geocoder)
    records: dict[str, dict]  # place_id -> row as a dict
    variants: dict[tuple[str, ...], tuple[tuple[str, str], ...]]  # placenames.variant_key ->
    # (place_id, the name's light form): stop phrases first (place_id ""), then the best place
    variant_memo: dict = field(default_factory=dict, compare=False)  # name as written -> its hit


def normal_token(token: str) -> str:
    token = token.replace("’", "'")
    low = token.lower()
    return low if low in LOWERED else token


def name_key(name: str) -> tuple[str, ...]:
    return tuple(normal_token(t) for t in TOKEN.findall(name))


def _float(value: str | float | None) -> float | None:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    return float(value)


def _record(row: dict, *, population: int, curated: bool) -> dict:
    rec = {c: (row.get(c) or None) for c in PLACE_COLUMNS}
    rec["lat"], rec["lon"] = _float(row.get("lat")), _float(row.get("lon"))
    rec["population"], rec["curated"] = population, curated
    return rec


def rank(rec: dict) -> tuple:
    """Sort key among places sharing a name: Syria, neighbours, countries, our rows, population."""
    code = rec["country_code"]
    return (
        code != SYRIA,
        code not in NEIGHBOURS,
        rec["kind"] != "country",
        not rec["curated"],
        -rec["population"],
        rec["place_id"],
    )


def _places_and_names(
    geonames: list[dict], extra: list[dict], aliases: list[dict], cache_rows: Iterable[dict]
) -> tuple[dict[str, dict], list[tuple[str, str, bool, bool]]]:
    """Place records by id, and (name, place_id, weak, curated) for every name they go by."""
    by_source = {row["source"]: row for row in geonames}
    places: dict[str, dict] = {}
    names: list[tuple[str, str, bool, bool]] = []
    replaced: set[str] = set()
    for row in extra:
        origin = by_source.get(row["source"])
        if row["source"].startswith("geonames:") and origin is None:
            raise ValueError(f"gazetteer_extra.csv: {row['place_id']} cites unknown {row['source']}")
        if row["place_id"] in places:
            raise ValueError(f"gazetteer_extra.csv: duplicate place_id {row['place_id']}")
        filled = dict(row)
        if origin is not None:
            replaced.add(origin["source"])
            filled["lat"] = row["lat"] or origin["lat"]
            filled["lon"] = row["lon"] or origin["lon"]
        population = int(origin["population"]) if origin else 0
        places[row["place_id"]] = _record(filled, population=population, curated=True)
        names.append((row["name"], row["place_id"], False, True))
        if origin is not None:
            names += _geonames_names(origin, row["place_id"], population, "city")
    for row in geonames:
        if row["source"] in replaced:
            continue
        if row["place_id"] in places:
            raise ValueError(f"gazetteer: place_id {row['place_id']} is both ours and GeoNames'")
        population = int(row["population"] or 0)
        places[row["place_id"]] = _record(row, population=population, curated=False)
        names += _geonames_names(row, row["place_id"], population, row["kind"])
    unknown = sorted({a["place_id"] for a in aliases} - places.keys())
    if unknown:
        raise ValueError(f"place_aliases.csv: unknown place_id {unknown}")
    names += [(a["alias"], a["place_id"], a.get("weak", "").lower() == "yes", True) for a in aliases]
    known = {name_key(name) for name, *_ in names}
    for row in cache_rows:  # the offline gazetteer wins over an online answer for the same name
        if name_key(row["query"]) in known:
            continue
        place_id = _cache_place_id(row["query"], places)
        places[place_id] = _record(_cache_row(row, place_id), population=0, curated=True)
        names.append((row["query"], place_id, False, True))
    return places, names


def _geonames_names(
    row: dict, place_id: str, population: int, kind: str
) -> list[tuple[str, str, bool, bool]]:
    primary_weak = kind != "country" and population < STRONG_POPULATION
    out = [(row["name"], place_id, primary_weak, False)]
    out += [(alias, place_id, True, False) for alias in row["aliases"].split("|") if alias]
    return out


def _cache_place_id(query: str, places: dict[str, dict]) -> str:
    base = "nominatim_" + re.sub(r"[^a-z0-9]+", "_", query.lower()).strip("_")
    place_id, n = base, 1
    while place_id in places:
        n += 1
        place_id = f"{base}_{n}"
    return place_id


CACHE_KINDS = {
    "country": ("country", "country"),
    "state": ("region", "region"),
    "county": ("region", "region"),
}


def _cache_row(row: dict, place_id: str) -> dict:
    """A gazetteer row from an online geocoder's answer, named as the report wrote it."""
    kind, precision = CACHE_KINDS.get(row.get("kind") or "", (row.get("kind") or "locality", "town"))
    code = (row.get("country_code") or "").upper() or None
    return {
        "place_id": place_id,
        "name": row["query"],
        "lat": row["lat"],
        "lon": row["lon"],
        "kind": kind,
        "country_code": code,
        "parent": "syria" if code == SYRIA else None,
        "precision": precision,
        "source": row.get("source") or "nominatim",
    }


def _resolve(
    places: dict[str, dict],
    names: list[tuple[str, str, bool, bool]],
    stops: list[str],
    flagged_weak: set[tuple[str, str]],
) -> tuple[dict[tuple[str, ...], tuple[str | None, bool]], dict[str, tuple[str, ...]]]:
    """Each key to its best place (stop phrases win), and casefolded names to ranked candidates.

    A name is weak only if every source of it says so, or if place_aliases.csv flags it weak.
    """
    weak_of: dict[tuple[tuple[str, ...], str], bool] = {}
    for name, place_id, weak, curated in names:
        key = name_key(name)
        if not key or (len(key) == 1 and len(key[0]) < MIN_SINGLE_NAME and not curated):
            continue
        weak_of[(key, place_id)] = weak_of.get((key, place_id), True) and weak
    for name, place_id in flagged_weak:
        weak_of[(name_key(name), place_id)] = True
    by_key: dict[tuple[str, ...], list[str]] = {}
    for key, place_id in weak_of:
        by_key.setdefault(key, []).append(place_id)
    stop_keys = {name_key(s) for s in stops}
    index: dict[tuple[str, ...], tuple[str | None, bool]] = dict.fromkeys(stop_keys, (None, False))
    candidates: dict[str, list[str]] = {}
    for key, ids in by_key.items():
        ranked = sorted(ids, key=lambda pid: rank(places[pid]))
        folded = " ".join(key).casefold()
        candidates.setdefault(folded, []).extend(p for p in ranked if p not in candidates.get(folded, []))
        if key not in stop_keys:
            index[key] = (ranked[0], weak_of[(key, ranked[0])])
    ranked_candidates = {
        k: tuple(sorted(v, key=lambda pid: rank(places[pid]))) for k, v in candidates.items()
    }
    return index, ranked_candidates


def _variants(
    places: dict[str, dict], names: list[tuple[str, str, bool, bool]], stops: list[str]
) -> dict[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Every name's transliteration key to (place_id, its light form), stop phrases first (place_id
    ""), then the best ranked place."""
    by_key: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for name, place_id, _weak, _curated in names:
        key = variant_key(name)
        if key and (len(key) > 1 or len(key[0]) >= MIN_LOOKUP_SKELETON):
            by_key.setdefault(key, set()).add((place_id, light(name)))
    stopped: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for stop in stops:
        key = variant_key(stop)
        if key in by_key:
            stopped.setdefault(key, set()).add(("", light(stop)))
    return {
        key: tuple(sorted(stopped.get(key, ())))
        + tuple(sorted(found, key=lambda pair: (rank(places[pair[0]]), pair[1])))
        for key, found in by_key.items()
    }


def build(
    geonames: list[dict],
    extra: list[dict],
    aliases: list[dict],
    stops: list[str],
    cache_rows: Iterable[dict] = (),
) -> Gazetteer:
    places, names = _places_and_names(geonames, extra, aliases, cache_rows)
    flagged_weak = {(a["alias"], a["place_id"]) for a in aliases if a.get("weak", "").lower() == "yes"}
    index, candidates = _resolve(places, names, stops, flagged_weak)
    frame = pd.DataFrame(
        [{c: rec[c] for c in PLACE_COLUMNS} for rec in places.values()], columns=PLACE_COLUMNS
    )
    for col in schema.PLACES.column_names:
        if col not in frame.columns:
            frame[col] = None
    rows = schema.enforce(frame, schema.PLACES)
    return Gazetteer(
        rows=rows,
        index=index,
        max_words=max(len(k) for k in index),
        candidates=candidates,
        records=places,
        variants=_variants(places, names, stops),
    )


@lru_cache(maxsize=1)
def vocabulary() -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """The four vocabulary files, read once per process."""
    stops = [row["phrase"] for row in read_vocab("place_stopwords.csv")]
    return (
        read_vocab("gazetteer_geonames.csv"),
        read_vocab("gazetteer_extra.csv"),
        read_vocab("place_aliases.csv"),
        stops,
    )


@lru_cache(maxsize=8)
def load(cache_rows: tuple[tuple[tuple[str, object], ...], ...] = ()) -> Gazetteer:
    """The gazetteer, plus the located answers of the online geocoder (rows as sorted item tuples)."""
    geonames, extra, aliases, stops = vocabulary()
    return build(geonames, extra, aliases, stops, [dict(r) for r in cache_rows])
