"""The world gazetteer: every populated place of GeoNames' cities500 the main gazetteer leaves out,
and the report's focus that says which of them a name means.

`vocab/gazetteer_world.tsv.gz` (written by make_gazetteer.py, GeoNames CC BY 4.0) holds one line
per name key, sorted: the key, then the places it names, largest first. It is read once per
process as a sorted list of lines (about 0.2 s); a name is found by binary search and its line
parsed only when a report names it.

A world name is a weak sign of a place: towns are named after words and people ("Police", "Hope",
"Mobile"), so a name found only here counts when
- one of its places lies in the report's **focus**: the countries the report's other places
  (countries, cities of the main gazetteer) belong to, those it names most; the focus also picks
  among places of one name ("Tripoli" in a report about Lebanon is Lebanon's);
- it is not a capitalised word the report also writes in lower case ("Police said …" / "the police");
- it does not sit inside a longer capitalised name, unless the other words are those of a site
  ("Beira Airport", see facilities.py).
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache

import pandas as pd

from dashboard.extract import sites
from dashboard.extract.gazetteer import COMPASS
from dashboard.extract.vocab import FOLDER

WORLD_FILE = FOLDER / "gazetteer_world.tsv.gz"
FOCUS_SHARE = 0.25  # a country is in focus when it has this share of the top country's mentions
FOCUS_MIN = 2  # ... and at least this many (the top country is always in focus)
STRONG_POPULATION = 100_000


@lru_cache(maxsize=1)
def lines() -> list[str]:
    """The file's lines past its source line, sorted (the key, then a tab: a tab sorts before
    every character of a key, so the lines sort as their keys do), read once per process."""
    with gzip.open(WORLD_FILE, "rt", encoding="utf-8") as fh:
        text = fh.read()
    return [line for line in text.split("\n")[1:] if line]


def names_of(key: str) -> str | None:
    """A name key's places as text, by binary search over the sorted lines."""
    found = lines()
    prefix = key + "\t"
    i = bisect_left(found, prefix)
    return found[i][len(prefix) :] if i < len(found) and found[i].startswith(prefix) else None


def kind_of(population: int) -> str:
    if population >= STRONG_POPULATION:
        return "city"
    if population >= 10_000:
        return "town"
    return "village" if population > 0 else "locality"


@lru_cache(maxsize=1 << 14)
def places_of(key: str) -> tuple[dict, ...]:
    """The places a name key names, largest first, as gazetteer records (never to be changed)."""
    text = names_of(key)
    if text is None:
        return ()
    out = []
    for record in text.split("|"):
        place_id, name, code, lat, lon, population, geonameid = record.split("\t")
        out.append(
            {
                "place_id": place_id,
                "name": name,
                "lat": float(lat),
                "lon": float(lon),
                "kind": kind_of(int(population)),
                "country_code": code,
                "parent": None,
                "precision": "town",
                "source": f"geonames:{geonameid}",
                "population": int(population),
                "curated": False,
            }
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, str]:
    """place_id -> its key, for the places table of a build whose mentions came from the cache."""
    out = {}
    for line in lines():
        key, _, text = line.partition("\t")
        for record in text.split("|"):
            out[record.split("\t", 1)[0]] = key
    return out


SEEN: dict[str, dict] = {}  # the world places this process's reports named, by place_id


def record(place_id: str) -> dict | None:
    """A world place's record: one a report of this build named, else looked up in the file."""
    if place_id in SEEN:
        return SEEN[place_id]
    key = _by_id().get(place_id)
    if key is None:
        return None
    return next((r for r in places_of(key) if r["place_id"] == place_id), None)


COUNTRY_WEIGHT = 2  # naming a country says more of the focus than naming one of its towns


def focus(places: list[tuple[str | None, str | None]]) -> list[str]:
    """The report's focus from its places' (country_code, kind): the countries it names most
    (a country counts twice, each other place once), most first."""
    counts: Counter[str] = Counter()
    for code, kind in places:
        if code:
            counts[code] += COUNTRY_WEIGHT if kind == "country" else 1
    if not counts:
        return []
    top = counts.most_common(1)[0][1]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [c for c, n in ranked if n == top or (n >= FOCUS_MIN and n >= FOCUS_SHARE * top)]


def pick(candidates: list[dict] | tuple[dict, ...], in_focus: list[str]) -> dict | None:
    """The place of a name the focus points to: the first focus country's largest place."""
    for code in in_focus:
        for rec in candidates:
            if rec["country_code"] == code:
                return rec
    return None


_LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z'-]*")


def lower_words(body: str) -> frozenset[str]:
    """The words a report writes in lower case (to tell "Police" the word from Police the town)."""
    return frozenset(_LOWER_WORD.findall(body))


def fill_rows(table: pd.DataFrame, columns: list[str], surfaces: dict[str, str]) -> pd.DataFrame:
    """Rows of the places table the main gazetteer left empty: sites and unlocated names (made by
    this process's reports, else rebuilt from their id and a surface: `surfaces`, place_id -> the
    words a report wrote) and places of the world gazetteer."""
    missing = table["name"].isna()
    if not missing.any():
        return table
    table = table.copy()
    for i in table.index[missing]:
        place_id = table.at[i, "place_id"]
        rec = sites.record(place_id) or record(place_id) or _rebuilt(place_id, surfaces.get(place_id, ""))
        if rec is not None:
            for col in columns:
                if col in rec:
                    table.at[i, col] = rec[col]
    return table


def _rebuilt(place_id: str, surface: str) -> dict | None:
    """A site's or an unlocated name's row from a cached build: its id says where it stands."""
    parent_id, sep, _ = place_id.partition("__")
    if not sep:
        return None
    if parent_id == "unlocated":
        return sites.unlocated_row(place_id, surface)
    parent = record(parent_id) or sites.parent_record(parent_id)
    # a compass word's part of a place ("northern Homs province", places._parts_of) is a region
    what = "region" if surface.split()[:1] and surface.split()[0] in COMPASS else ""
    return sites.site_row(surface, what, parent) if parent is not None else None
