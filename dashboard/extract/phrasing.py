"""The words around a place's name: what they make of it, as ordered, named rules.

find_mentions (places.py) finds the names; these rules then read the words that touch them, in
this order (RULES):

1. `named_in_full`: "the Kurdish enclave of Afrin", "the district of X", "the Afrin area": the
   place's mention takes those words (the same place, named as the report names it);
2. `region_parts`: "rural Damascus", "Outer Damascus", "the northern countryside of Homs",
   "rural areas of Homs", "north of Homs province": a part of the place, a region of its own
   located at the place with `precision` = `parent` (as "northern Homs province", places._parts_of);
3. `plural_lists`: "Ar-Raqqa and Deir-ez-Zor governorates", "Aleppo (331,582), Hama (143,224)
   … governorates": each item of a list (two or more) is the region of that name;
4. `common_sites`: "the city hospital in Raqqa", "the municipal stadium", "the city's stadium"
   (vocab/lowercase_sites.csv): the one such building of the place named next ("in Raqqa") or
   last, located there with `precision` = `parent`;
5. `features`: "Lake Nasser", "Mount Sinjar", "Manchar Lake", "Pakistan's largest lake Manchar":
   a lake or a mountain, located at the place named next or last with `precision` = `parent`
   (unlocated when the report names none);
6. `not_places` (vocab/place_context.csv): "Ankara-backed", "pro-Damascus", "Moscow demanded",
   "the Azov regiment": a side, a government or a unit, no place of the story; dropped (a
   country is kept: "Turkey accused …" names its state and its land alike).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from dashboard.extract import sites
from dashboard.extract.gazetteer import COMPASS, Gazetteer, name_key
from dashboard.extract.vocab import read_vocab

_COMPASS = "|".join(sorted(COMPASS, key=len, reverse=True))
_BARE_COMPASS = "north|south|east|west|north-?east|north-?west|south-?east|south-?west"

# 1. words that name the place in full: before its name, after it
FULL_BEFORE = re.compile(r"(?:(?<=\bthe )|(?<=\bThe ))(?:[\w-]+ )?(?P<words>(?:enclave|district|area) of )$")
FULL_AFTER = re.compile(r"(?P<words> (?:area|enclave))\b")

# 2. a part of the place: (words before its name, words after it, the place's kinds it applies to)
PART_BEFORE = re.compile(
    rf"(?:\b(?P<lower>rural (?:areas of )?|(?:{_COMPASS}) countryside of )|(?<![\w-])(?P<outer>Outer ))$"
)
PART_OF_REGION = re.compile(rf"\b(?P<words>(?:{_BARE_COMPASS}) of )$")
REGION_WORDS = ("province", "governorate", "countryside")
PART_ENDS = ("rural ", " of ", "Outer ")  # the words PART_BEFORE ends with (a cheap test first)


def _after_of(body: str, start: int) -> bool:
    return body.endswith(" of ", max(0, start - 4), start)


# 3. a list of places that ends in a plural region word: each item is that region
PLURAL_AFTER = re.compile(r"(?:\s*\([\d,.]+\))?\s+(?P<word>governorates|provinces|districts|oblasts)\b")
ITEM_LINK = re.compile(r"(?:\s*\([\d,.]+\))?(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)")

# the article a name met by its transliteration left out ("Al-" of "Al-Hassakeh")
ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:[Aa]l|[Ee]l|[Aa][dnrstz])-$")

CONTEXT_WINDOW = 24
BEFORE_ENDS = frozenset("- \t\n")  # the last character of every word before a name (place_context.csv)


@lru_cache(maxsize=1)
def _context() -> tuple[re.Pattern, re.Pattern]:
    """The words of place_context.csv as two regexes: before a name (ending at it), after it."""
    rows = read_vocab("place_context.csv")

    def alternation(side: str) -> str:
        out = []
        for w in sorted({r["words"] for r in rows if r["side"] == side}, key=len, reverse=True):
            touches = w.endswith("-") if side == "before" else w.startswith(("-", "'"))
            word = re.escape(w).replace("'", "['’]").replace(r"\ ", r"\s+")
            out.append(word if touches else (rf"{word}\s+" if side == "before" else rf"\s+{word}"))
        return "|".join(out)

    return (
        re.compile(rf"(?i:(?<![\w-])(?:{alternation('before')}))$"),
        re.compile(rf"(?i:(?:{alternation('after')}))(?![\w-])"),
    )


@lru_cache(maxsize=1)
def _common_sites() -> re.Pattern:
    kinds = "|".join(sorted((r["word"] for r in read_vocab("lowercase_sites.csv")), key=len, reverse=True))
    mods = "|".join(re.escape(m) for m in sites.MODIFIERS if m.islower())
    return re.compile(
        rf"\b[Tt]he (?:(?P<owner>(?:city|town)['’]s )|[a-z]+ )??(?P<site>(?P<mods>(?:(?:{mods}) )*)(?:{kinds}))\b"
    )


def named_in_full(body: str, mentions: list[dict], records, gazetteer: Gazetteer) -> list[dict]:
    out = []
    for m in mentions:
        start, end = m["start"], m["end"]
        before = FULL_BEFORE.search(body, max(0, start - 40), start) if _after_of(body, start) else None
        if before is not None and not any(x["start"] < start and x["end"] > before.start() for x in mentions):
            start = before.start("words")  # ... unless a place names the words ("al-Waer district of Homs")
        after = FULL_AFTER.match(body, end)
        if after is not None and not _is_site(m):
            end = after.end("words")
        same = (start, end) == (m["start"], m["end"])
        out.append(m if same else {**m, "surface": body[start:end], "start": start, "end": end})
    return out


def region_parts(body: str, mentions: list[dict], records, gazetteer: Gazetteer) -> list[dict]:
    out = []
    for m in mentions:
        rec = records.get(m["place_id"])
        start = None
        if rec is not None and rec["kind"] != "country" and not _is_site(m):
            tail = body[max(0, m["start"] - 6) : m["start"]]
            part = (
                PART_BEFORE.search(body, max(0, m["start"] - 30), m["start"])
                if tail.endswith(PART_ENDS)
                else None
            )
            if part is not None and (part["lower"] is None or _lower_ok(body, part.start())):
                start = part.start()
            elif m["surface"].split()[-1].lower() in REGION_WORDS:
                region = (
                    PART_OF_REGION.search(body, max(0, m["start"] - 20), m["start"])
                    if _after_of(body, m["start"])
                    else None
                )
                start = region.start("words") if region is not None else None
        if start is None:
            out.append(m)
            continue
        # the gazetteer's region of that name written in capitals ("Rural Damascus"), else a part
        entry = gazetteer.index.get(name_key(body[start : m["end"]].title()))
        if entry is not None and entry[0] is not None and entry[0] != m["place_id"]:
            out.append({**m, "place_id": entry[0], "surface": body[start : m["end"]], "start": start})
            continue
        out.append(_part(body, start, m["end"], "region", rec))
    return out


def _lower_ok(body: str, at: int) -> bool:
    """'rural' written in lower case, or opening a sentence ("Rural Damascus" is the governorate's name)."""
    return body[at].islower()


def plural_lists(body: str, mentions: list[dict], records, gazetteer: Gazetteer) -> list[dict]:
    out = list(mentions)
    for i, m in enumerate(mentions):
        plural = PLURAL_AFTER.match(body, m["end"])
        if plural is None or _is_site(m):
            continue
        singular = plural["word"][:-1]
        items = [i]
        while items[0] > 0:
            prev = mentions[items[0] - 1]
            if not ITEM_LINK.fullmatch(body, prev["end"], _opening(body, mentions[items[0]])) or _is_site(
                prev
            ):
                break
            items.insert(0, items[0] - 1)
        if len(items) < 2:
            continue  # "east Aleppo districts": the districts of one place, no list of regions
        for j in items:
            item = mentions[j]
            rec = records.get(item["place_id"])
            if rec is None or rec["kind"] in ("country", "region"):
                continue
            start = _opening(body, item)
            named = {**item, "surface": body[start : item["end"]], "start": start}
            known = _region_of(gazetteer, named["surface"], singular) or _region_of(
                gazetteer, rec["name"] or "", singular
            )
            if known is not None:
                out[j] = {**named, "place_id": known}
                continue
            row = sites.site_row(f"{named['surface']} {singular}", "region", rec)
            sites.SEEN.setdefault(row["place_id"], row)
            out[j] = {**named, "place_id": row["place_id"]}
    return out


def _opening(body: str, mention: dict) -> int:
    """Where a mention's name opens, with the article its match left out ("Al-" of "Al-Hassakeh")."""
    article = ARTICLE_BEFORE.search(body, max(0, mention["start"] - 4), mention["start"])
    return article.start() if article is not None else mention["start"]


def _region_of(gazetteer: Gazetteer, surface: str, word: str) -> str | None:
    """The gazetteer's region "X governorate" / "X province", with or without X's article."""
    key = name_key(f"{surface} {word}")
    for k in (key, key[1:]):
        for w in (word, "province", "governorate"):
            entry = gazetteer.index.get((*k[:-1], w))
            if entry is not None and entry[0] is not None:
                return entry[0]
    return None


def common_sites(body: str, mentions: list[dict], records, gazetteer: Gazetteer) -> list[dict]:
    added = []
    for m in _common_sites().finditer(body):
        if m["owner"] is None and not m["mods"]:
            continue  # "the hospital": no building of its own named
        start, end = m.span("site")
        if any(x["start"] < end and x["end"] > start for x in mentions):
            continue
        parent = _parent(body, mentions, records, start, end)
        if parent is None:
            continue
        what = m["site"].split()[-1].lower()
        row = sites.site_row(m["site"], what, records[parent["place_id"]])
        sites.SEEN.setdefault(row["place_id"], row)
        added.append({"place_id": row["place_id"], "surface": m["site"], "start": start, "end": end})
    return sorted(mentions + added, key=lambda x: x["start"]) if added else mentions


NEXT_PLACE = re.compile(r" (?:in|of|at) (?:[A-Z][\w-]*['’]s )?$")


def _parent(body: str, mentions: list[dict], records, start: int, end: int) -> dict | None:
    """The place the site stands in: named right after it ("in Raqqa", "in Syria's Raqqa"), else
    the last place (no country, no site) named before it."""
    towns = [x for x in mentions if x["place_id"] in records and records[x["place_id"]]["kind"] != "country"]
    towns = [x for x in towns if not _is_site(x)]
    after = next((x for x in towns if x["start"] >= end), None)
    if after is not None and NEXT_PLACE.search(body, end, after["start"]) and after["start"] - end < 30:
        return after
    before = [x for x in towns if x["end"] <= start]
    return before[-1] if before else None


# Natural features named with their kind: "Lake Nasser", "Mount Sinjar", "Manchar Lake", "lake Manchar"
_FEATURE_NAME = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?"
FEATURE = re.compile(
    rf"(?<![\w-])(?:(?P<before>Lake|Mount) (?P<named>{_FEATURE_NAME})|(?P<name>[A-Z][\w'’-]+) (?P<after>Lake)\b"
    rf"|(?P<lower>lake|mount) (?P<bare>[A-Z][\w'’-]+))(?![\w'’-])"
)
FEATURE_KINDS = {"lake": "lake", "mount": "mountain"}


def features(body: str, mentions: list[dict], records, gazetteer: Gazetteer) -> list[dict]:
    out = list(mentions)
    for m in FEATURE.finditer(body):
        kind = FEATURE_KINDS[(m["before"] or m["after"] or m["lower"]).lower()]
        # "lake Manchar": the name is the feature's (as "the town of X"); else the whole phrase
        start, end = m.span("bare") if m["bare"] else m.span()
        inside = [x for x in out if x["start"] < end and x["end"] > start]
        if any(not (start <= x["start"] and x["end"] <= end) for x in inside):
            continue  # part of a longer name
        out = [x for x in out if x not in inside]
        parent = _parent(body, out, records, start, end) or _last_before(out, start)
        if parent is None:
            row = sites.unlocated_row("unlocated__" + sites.slug(body[start:end]), body[start:end])
        else:
            row = sites.site_row(body[start:end], kind, records[parent["place_id"]])
        row["kind"] = kind
        sites.SEEN.setdefault(row["place_id"], row)
        out.append({"place_id": row["place_id"], "surface": body[start:end], "start": start, "end": end})
    return sorted(out, key=lambda x: x["start"])


def _last_before(mentions: list[dict], start: int) -> dict | None:
    before = [x for x in mentions if x["end"] <= start and not _is_site(x)]
    return before[-1] if before else None


def not_places(body: str, mentions: list[dict], records, gazetteer: Gazetteer) -> list[dict]:
    before, after = _context()

    def said(m: dict) -> bool:
        if after.match(body, m["end"]):
            return True
        ends = body[m["start"] - 1 : m["start"]] in BEFORE_ENDS
        return ends and before.search(body, max(0, m["start"] - CONTEXT_WINDOW), m["start"]) is not None

    return [m for m in mentions if not said(m) or _is_country(m, records)]


def _is_country(mention: dict, records) -> bool:
    """A country stays a place whatever it does ("Turkey accused …"): its name is its state's too."""
    rec = records.get(mention["place_id"])
    return rec is not None and rec["kind"] == "country"


def recurrences(body: str, new: list[dict], mentions: list[dict], runs: list[re.Match]) -> list[dict]:
    """The unlocated names' other occurrences (the same words, written as a capitalised run of
    their own): a name kept once as a place is that place wherever the report names it again."""
    names = {m["surface"].split("-")[-1] if m["surface"][:1].islower() else m["surface"]: m for m in new}
    out: list[dict] = []
    for run in runs:
        m = names.get(run.group())
        if m is None or any(x["start"] < run.end() and x["end"] > run.start() for x in mentions + out):
            continue
        start = run.start()
        if m["surface"] != run.group() and body.endswith(m["surface"][: -len(run.group())], 0, start):
            start -= len(m["surface"]) - len(run.group())  # "al-" of "al-Fijeh" again
        out.append({**m, "surface": body[start : run.end()], "start": start, "end": run.end()})
    return out


def _is_site(mention: dict) -> bool:
    return "__" in mention["place_id"]


def _part(body: str, start: int, end: int, what: str, rec: dict) -> dict:
    row = sites.site_row(body[start:end], what, rec)
    sites.SEEN.setdefault(row["place_id"], row)
    return {"place_id": row["place_id"], "surface": body[start:end], "start": start, "end": end}


Rule = Callable[[str, list[dict], object, Gazetteer], list[dict]]
RULES: list[tuple[str, Rule]] = [
    ("named_in_full", named_in_full),
    ("region_parts", region_parts),
    ("plural_lists", plural_lists),
    ("common_sites", common_sites),
    ("features", features),
    ("not_places", not_places),
]


def apply(body: str, mentions: list[dict], records, gazetteer: Gazetteer) -> list[dict]:
    """The mentions, read against the words around them by each rule in order."""
    for _name, rule in RULES:
        if not mentions:
            return mentions
        mentions = rule(body, mentions, records, gazetteer)
    return mentions
