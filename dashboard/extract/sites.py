"""Sites and facilities: checkpoints, crossings, air bases, camps, shelters, hospitals, "X district".

A capitalised name followed by a site word of `vocab/facilities.csv` (with at most a few words of
`vocab/site_modifiers.csv` between: "Raqqa national hospital", "Nasib border crossing", "Jbab IDP
camp", "Beira Airport", "Afrin district") names a place of its own kind. When the gazetteer knows
the whole phrase ("Bab al-Hawa crossing", "Yarmouk camp") it is left alone; a division of a known
place ("al-Waer district", "Dadu district") is that place, named in full; otherwise the site
becomes a place located at its parent, with `precision` = `parent`:
- the place its name is ("Beira Airport" lies at Beira);
- else the place the report named last before it, else the first one after it ("Kober prison" in a report on Khartoum lies at Khartoum).
A site with no place to stand on is left to the unlocated mentions (unlocated.py).

A site's place_id is `<parent>__<slug of its name>`, so one site named in several reports is one
place; its row is kept for the places table (`record`).
"""

from __future__ import annotations

import re

from dashboard.extract.gazetteer import PARTICLES, load
from dashboard.extract.numbers import trie_pattern
from dashboard.extract.vocab import read_vocab

FACILITIES = {row["word"]: row["kind"] for row in read_vocab("facilities.csv")}
MODIFIERS = [row["word"] for row in read_vocab("site_modifiers.csv")]
FACILITY_WORDS = frozenset(w for phrase in FACILITIES for w in phrase.split(" "))

_PART = "|".join(sorted(PARTICLES, key=len, reverse=True))
_CAPWORD = r"[A-Z][\w'’]*(?<!['’]s)"
_NAME = rf"(?:(?:{_PART})-)?{_CAPWORD}(?:[ -](?:(?:{_PART})[ -])?{_CAPWORD}){{0,3}}"
# The site words as a prefix tree (numbers.trie_pattern): a flat alternation was tried word by word
# after every space (about 6% of a report's extraction). The tree's optional tails are greedy, so
# it still takes the longest word that fits ("border crossing" over "crossing", "camps" over "camp").
_KINDS = trie_pattern(FACILITIES)
_MODS = "|".join(re.escape(w) for w in MODIFIERS)
# A site word first (rare, so the scan is fast), then the name that ends right before it.
KIND = re.compile(rf"(?<= )(?i:{_KINDS})(?![\w-])")
# ... with a possessive between ("Karkar's bus station", "Raqqa's main hospital")
NAME_BEFORE = re.compile(
    rf"(?<![\w'’-])(?:[Tt]he )?(?P<name>{_NAME})(?P<owner>['’]s)?(?P<mods>(?: (?:{_MODS}))*) $"
)
WINDOW = 120  # characters before a site word searched for its name
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“”‘'(\[])[\s\"“”‘'(\[]*$")

# Kinds that divide a place rather than stand in it: "X district" named after a known place is X.
DIVISIONS = frozenset({"district", "region"})
_ADJECTIVE = re.compile(r"(?:ian|ean|ese|ish|ic|an)$")  # Syrian, Ukrainian, Sudanese, Kurdish, Arabic

SEEN: dict[str, dict] = {}  # site place_id -> its row, for the places table


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("'", "").replace("’", "")).strip("_")


def find_sites(body: str, mentions: list[dict], records) -> list[dict]:
    """The report's mentions with its sites added: a site's mention replaces the mentions inside it."""
    if not mentions:
        return mentions
    out = list(mentions)
    for kind in KIND.finditer(body):
        m = NAME_BEFORE.search(body, max(0, kind.start() - WINDOW), kind.start())
        if m is None:
            continue
        start, end = m.start("name"), kind.end()
        near = [x for x in out if x["start"] < end and x["end"] > start]
        inside = [x for x in near if start <= x["start"] and x["end"] <= end]
        if any(x["start"] == start and x["end"] == end for x in inside):
            continue  # the gazetteer knows the site
        if len(inside) < len(near):
            continue  # it overlaps a longer name
        name_end = m.end("name")
        named = next((x for x in inside if x["start"] == start and x["end"] == name_end), None)
        what = kind.group().lower()
        if m["owner"] and FACILITIES.get(what) in DIVISIONS:
            continue  # "Punjab's district (of) Swat": a division of the place, not named here
        if named is not None and FACILITIES.get(what) in DIVISIONS:
            out = [x for x in out if x is not named]  # "al-Waer district" is al-Waer, named in full
            out.append({**named, "surface": body[start:end], "end": end})
            continue
        if named is None and not _may_name_a_site(body, m["name"], start):
            continue
        parent = named or _nearest(out, start, end)
        if parent is None:
            continue
        site = site_row(body[start:end], what, records[parent["place_id"]])
        SEEN.setdefault(site["place_id"], site)
        gone = {id(x) for x in inside}
        out = [x for x in out if id(x) not in gone]
        out.append({"place_id": site["place_id"], "surface": body[start:end], "start": start, "end": end})
    return sorted(out, key=lambda x: x["start"])


def _may_name_a_site(body: str, name: str, start: int) -> bool:
    """Not a name: one capitalised word opening a sentence ("Hospital staff"), an acronym
    ("IDP shelters"), a people's adjective ("Syrian region", "Christian district")."""
    if " " in name or "-" in name:
        return True
    if name.isupper() or _ADJECTIVE.search(name):
        return False
    return not _SENTENCE_START.search(body, max(0, start - 3), start)


def _nearest(mentions: list[dict], start: int, end: int) -> dict | None:
    """The place named last before the site, else the first one after it."""
    places = [x for x in mentions if x["place_id"] not in SEEN]  # a site stands on a place, not a site
    before = [x for x in places if x["end"] <= start]
    if before:
        return before[-1]
    return next((x for x in places if x["start"] >= end), None)


def site_row(name: str, what: str, parent: dict) -> dict:
    parent_id = parent["place_id"]
    return {
        "place_id": f"{parent_id}__{slug(name)}",
        "name": " ".join(name.split()),
        "lat": parent["lat"],
        "lon": parent["lon"],
        "kind": FACILITIES.get(what, "site"),
        "country_code": parent["country_code"],
        "parent": parent_id,
        "precision": "parent",
        "source": f"the report's words, located at {parent_id}",
        "population": 0,
        "curated": False,
    }


def record(place_id: str) -> dict | None:
    """A site's or an unlocated name's row, as a report of this process made it."""
    return SEEN.get(place_id)


def parent_record(place_id: str) -> dict | None:
    """A main-gazetteer place's record, for a site rebuilt from its id."""
    return load().records.get(place_id)


def unlocated_row(place_id: str, name: str) -> dict:
    """A name in a place slot no gazetteer locates: a place of precision `unlocated`."""
    return {
        "place_id": place_id,
        "name": " ".join(name.split()),
        "lat": None,
        "lon": None,
        "kind": "unlocated",
        "country_code": None,
        "parent": None,
        "precision": "unlocated",
        "source": "the report's words; no gazetteer locates it",
        "population": 0,
        "curated": False,
    }
