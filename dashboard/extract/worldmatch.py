"""Place names the main gazetteer lacks, read against the world gazetteer and the report's focus.

find_mentions (places.py) matches the main gazetteer first and hands over the capitalised words
it could not place. Here the report's focus (worldplaces.focus: the countries its places belong
to, most named first) decides
- which place a shared name means: a main-gazetteer hit outside the focus moves to a place of
  the same name inside it ("Hyderabad" in a report about Sindh is Pakistan's);
- whether a name only the world gazetteer knows is a place at all: only a place in the focus
  counts, never a word the report also writes in lower case ("Police" / "the police") or one
  word opening a sentence ("Council, tribes reach deal"), never one inside a longer capitalised
  name unless the other words are site words ("Beira Airport").
"""

from __future__ import annotations

import re
from collections import ChainMap

from dashboard.extract import worldplaces
from dashboard.extract.gazetteer import PARTICLES, Gazetteer, name_key
from dashboard.extract.sites import FACILITY_WORDS

_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“”‘'(\[])[\s\"“”‘'(\[]*$")


def world_key(words: list[str]) -> str:
    return " ".join(w.lower() if w.lower() in PARTICLES else w for w in words)


def world_mentions(
    body: str, found: list[dict], misses: list[list[re.Match]], gazetteer: Gazetteer
) -> list[dict]:
    """The report's mentions: the main gazetteer's (moved to the focus where a shared name says
    so) and the world gazetteer's names in the focus, by start.

    The focus is read twice: from the exact names of the main gazetteer, which decides what the
    world gazetteer may add; then from those and the world's names together, which decides where
    a shared name points. A name met only by its transliteration key never makes the focus, and
    is dropped outside it ("Putin" is no Putian)."""
    records = ChainMap(gazetteer.records, worldplaces.SEEN)  # world records land in SEEN
    in_focus = _focus(found, records)
    if not in_focus:
        return [_plain(m) for m in found if not m.get("variant")]
    world: list[dict] = []
    lower: list[frozenset[str]] = []  # the report's lower-case words, read when first needed
    for segment in misses:
        if len(segment) == 1 and not worldplaces.places_of(segment[0].group()):
            continue  # the common case: one word no place is named by ("The", "Monday")
        world += _world_hits(body, segment, in_focus, records, lower)
    mentions = found + world
    if world:
        in_focus = _focus(mentions, records) or in_focus
    focus_set = set(in_focus)
    out = []
    for m in mentions:
        rec = records[m["place_id"]]
        if (rec["country_code"] in focus_set or rec["kind"] == "country") and "variant" not in m:
            out.append(m)
            continue
        moved = _refocused(m, gazetteer, records, in_focus)
        if moved is not None:
            out.append(moved)
    return sorted(out, key=lambda m: m["start"])


def _plain(mention: dict) -> dict:
    return {k: v for k, v in mention.items() if k != "variant"}


def _focus(mentions: list[dict], records: ChainMap[str, dict]) -> list[str]:
    return worldplaces.focus(
        [
            (records[m["place_id"]]["country_code"], records[m["place_id"]]["kind"])
            for m in mentions
            if not m.get("variant")
        ]
    )


def _refocused(
    mention: dict, gazetteer: Gazetteer, records: ChainMap[str, dict], in_focus: list[str]
) -> dict | None:
    rec = records[mention["place_id"]]
    if rec["country_code"] in in_focus or (rec["kind"] == "country" and not mention.get("variant")):
        return _plain(mention)  # a country is spelled one way: "Zomba" met by its key is no Zambia
    key = name_key(mention["surface"])
    same = [records[p] for p in gazetteer.candidates.get(" ".join(key).casefold(), ())]
    other = worldplaces.pick(same, in_focus) or worldplaces.pick(
        worldplaces.places_of(world_key(list(key))), in_focus
    )
    if other is not None:
        worldplaces.SEEN.setdefault(other["place_id"], other)
        return {**_plain(mention), "place_id": other["place_id"]}
    return None if mention.get("variant") else _plain(mention)


def _world_hits(
    body: str, segment: list[re.Match], in_focus: list[str], records: ChainMap[str, dict], lower: list
) -> list[dict]:
    words = [t.group() for t in segment]
    hits = []
    i = 0
    while i < len(words):
        for n in range(len(words) - i, 0, -1):
            if n == 1 and _opens_sentence(body, segment[i]):
                continue
            rec = worldplaces.pick(worldplaces.places_of(world_key(words[i : i + n])), in_focus)
            if rec is None or not _alone(body, segment, i, i + n):
                continue
            if n == 1 and _written_lower(body, words[i], lower):
                continue
            worldplaces.SEEN.setdefault(rec["place_id"], rec)
            start, end = segment[i].start(), segment[i + n - 1].end()
            hits.append({"place_id": rec["place_id"], "surface": body[start:end], "start": start, "end": end})
            i += n
            break
        else:
            i += 1
    return hits


def _written_lower(body: str, word: str, lower: list) -> bool:
    if not lower:
        lower.append(worldplaces.lower_words(body))
    return word.lower() in lower[0]


def _opens_sentence(body: str, token: re.Match) -> bool:
    return _SENTENCE_START.search(body, max(0, token.start() - 3), token.start()) is not None


def _alone(body: str, segment: list[re.Match], first: int, last: int) -> bool:
    """Are the segment's other words only site words, articles, or a sentence's opening word?"""
    for j, token in enumerate(segment):
        if first <= j < last:
            continue
        word = token.group().lower()
        if word in FACILITY_WORDS or word in PARTICLES:
            continue
        if j == 0 and _opens_sentence(body, token):
            continue
        return False
    return True


# A dateline: the place in capitals that opens a report's line ("BEIRUT (Reuters) -", "AIN ISSA,"),
# after the line's date stamp if it opens with one (" date 2017-03-18 BEIRUT, March 18").
DATELINE = re.compile(
    r"^[ \t]*(?:(?:date[ \t]+)?\d{4}-\d{2}-\d{2}[ \t]+)?(?P<name>[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,3})(?=\s*(?:[,:(]|\s[-—–]\s))",
    re.M,
)


def datelines(body: str, found: list[dict], gazetteer: Gazetteer, variant=None) -> list[dict]:
    """The mentions plus the places of the report's datelines, read in title case ("BEIRUT" is
    Beirut): a name of the main gazetteer, of the world gazetteer in the report's focus, or
    (`variant`: name -> (place_id, weak) or None) a main-gazetteer name in another
    transliteration whose country is in the focus ("AIN ISSA" is Ayn Isa)."""
    added = []
    for m in DATELINE.finditer(body):
        start, end = m.span("name")
        if any(x["start"] < end and x["end"] > start for x in found):
            continue
        titled = m["name"].title()
        entry = gazetteer.index.get(name_key(titled))
        place_id = entry[0] if entry is not None else None
        if place_id is None and entry is None:
            records = ChainMap(gazetteer.records, worldplaces.SEEN)
            rec = worldplaces.pick(worldplaces.places_of(world_key(titled.split())), _focus(found, records))
            if rec is not None:
                worldplaces.SEEN.setdefault(rec["place_id"], rec)
                place_id = rec["place_id"]
            elif variant is not None:
                place_id = _dateline_variant(titled, variant, records, _focus(found, records))
        if place_id is not None:
            added.append({"place_id": place_id, "surface": m["name"], "start": start, "end": end})
    return sorted(found + added, key=lambda x: x["start"]) if added else found


def _dateline_variant(titled: str, variant, records: ChainMap[str, dict], in_focus: list[str]) -> str | None:
    hit = variant(titled)
    if hit is None or hit[0] is None:
        return None
    rec = records.get(hit[0])
    return hit[0] if rec is not None and rec["country_code"] in in_focus else None
