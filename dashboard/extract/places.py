"""Places: find place names in a report, locate them offline, and (opt-in) ask Nominatim.

How the pipeline uses it:

    cache = <data/geocode_cache.csv, or schema.GEOCODE_CACHE.empty()>
    gazetteer = places.load_gazetteer(cache)             # offline: vocab files + cached answers
    mentions = places.find_mentions(doc.body, gazetteer)  # per report
    # only with --online-geocoding, once over the corpus, then rebuild the gazetteer:
    names = sorted({name for doc in docs for name, _, _ in
                    places.candidate_names(doc.body, places.find_mentions(doc.body, gazetteer))})
    cache = places.geocode_online(names, cache)          # asks only names not yet cached
    <write cache to data/geocode_cache.csv>
    gazetteer = places.load_gazetteer(cache)             # then find the mentions again

The default build never touches the network: it reads the gazetteer and the cache kept in data/,
so a build is reproducible offline. `GazetteerGeocoder` puts the gazetteer behind geopy's
`Geocoder` interface (the default geocoder); `geocode_online` uses geopy's `Nominatim` through
`RateLimiter` (one request a second by default, as Nominatim's usage policy asks) and records
misses too, so a name is asked once.

Matching (see gazetteer.py for the names and ranking): runs of capitalised words are found with
one precompiled regex, then looked up longest-first in a dict of name keys; a stop phrase
("Ahrar al-Sham", "Islamic State") is consumed whole; a weak name inside a longer capitalised
name is dropped, and an all-capitals name ("US") inside an all-capitals headline too.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import ChainMap
from functools import lru_cache, partial

import pandas as pd
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from dashboard import schema
from dashboard.extract import sites, worldplaces
from dashboard.extract.gazetteer import (
    COMPASS,
    GENERIC,
    PARTICLES,
    TOKEN,
    Gazetteer,
    load,
    normal_token,
)
from dashboard.extract.nominatim import geocode_online  # noqa: F401  (the build asks places for it)
from dashboard.extract.placenames import MAX_VOWEL_EDITS, light, variant_key, vowel_edits
from dashboard.extract.sites import FACILITY_WORDS, find_sites
from dashboard.extract.vocab import read_vocab
from dashboard.extract.worldmatch import datelines, world_mentions

log = logging.getLogger(__name__)


_UPPER = "A-ZÀ-ÖØ-Þ" + "".join(c for c in map(chr, range(0x100, 0x180)) if c.isupper())
_LETTERS = r"[^\W\d_]"
# A capitalised word (possessive 's left out, hyphenated lower-case tail kept: "Ki-moon"), or "U.S.".
# It opens with a plain character class so that the regex engine skips other positions fast.
_CAP = rf"[{_UPPER}](?:\.(?:[A-Z]\.)+|{_LETTERS}*(?:['’](?!s\b){_LETTERS}+)*(?:-[a-z]+)*)"
_LINK = "|".join(
    sorted(PARTICLES | {"of", "the", "for", "and", "de", "du", "des", "la", "le", "del", "di", "da"})
)
_SUFFIX = "|".join(sorted(GENERIC - {"city"}))
RUN = re.compile(rf"{_CAP}(?:[ \u00a0-](?:(?:{_LINK})[ \u00a0-])*{_CAP})*(?:[ -](?:{_SUFFIX})\b)?")
_SPACED_PARTICLES = frozenset({"al", "el"})
MAX_PREFIX_WORDS = 3  # "north-western", "al-"
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“”‘'(\[])[\s\"“”‘'(\[]*$")


def load_gazetteer(cache_df: pd.DataFrame | None = None) -> Gazetteer:
    """The offline gazetteer plus the located answers in the geocode cache (cached per process)."""
    if cache_df is None or cache_df.empty:
        return load()
    located = schema.enforce(cache_df, schema.GEOCODE_CACHE).dropna(subset=["lat", "lon"])
    rows = tuple(
        tuple(sorted((k, None if pd.isna(v) else v) for k, v in row.items()))
        for row in located.to_dict("records")
    )
    return load(rows)


def find_mentions(body: str, gazetteer: Gazetteer) -> list[dict]:
    """Place names in a body, as dicts place_id, surface, start, end (offsets into body), by start."""
    found: list[dict] = []
    misses: list[list[re.Match]] = []  # capitalised words no name of the main gazetteer covers
    index = gazetteer.index
    runs: list[re.Match] = []
    for run in RUN.finditer(body):
        start, end = run.start(), run.end()
        if start and body[start - 1].isalnum():  # inside a word ("McDonald")
            continue
        runs.append(run)
        opened = _prefix_start(body, start)
        text = run.group()
        if opened == start and text.isalpha():  # one plain word, the common case: a single lookup
            entry = index.get((normal_token(text),))
            variant = entry is None
            entry = _variant(gazetteer, text) if variant else entry
            if (
                entry is not None
                and entry[0] is not None
                and not _caps_alias_in_headline(body, text, start, end)
            ):
                found.append({"place_id": entry[0], "surface": text, "start": start, "end": end})
                if variant:
                    found[-1]["variant"] = True
            elif entry is None:
                misses.append([run])  # one plain word: the run is its only token
            continue
        found += _match_run(body, opened, end, gazetteer, misses)
    found = datelines(
        body, world_mentions(body, found, misses, gazetteer), gazetteer, partial(_variant, gazetteer)
    )
    records = ChainMap(gazetteer.records, worldplaces.SEEN)
    found = _parts_of(find_sites(body, found, records), records)
    return _with_unlocated(body, found, runs)


def _parts_of(found: list[dict], records) -> list[dict]:
    """A compass word's part of a place ("northern Homs province") is a place of its own, located
    at the place with precision `parent` (its own centre is not known)."""
    out = []
    for m in found:
        if not m.pop("part", False) or m["place_id"] not in records:
            out.append(m)
            continue
        row = sites.site_row(m["surface"], "region", records[m["place_id"]])
        sites.SEEN.setdefault(row["place_id"], row)
        out.append({**m, "place_id": row["place_id"]})
    return out


UNLOCATED = "unlocated__"
MIN_UNLOCATED = 4  # letters of a one-word unlocated name: shorter ones are abbreviations ("Mar", "Rs")


@lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    return frozenset(w.casefold() for row in read_vocab("demonyms.csv") for w in row["surface"].split())


def _may_be_unlocated(body: str, name: str, start: int) -> bool:
    """A candidate kept as an unlocated place: it opens with a capital, holds no people's name
    ("South Sudanese"), and as one word is no abbreviation nor a sentence's opening word."""
    words = name.split()
    if not words[0][0].isupper() or any(w.casefold() in _demonyms() for w in words):
        return False
    if all(w.lower() in COMPASS for w in words):  # "West" of "West and South Darfur"
        return False
    if len(words) > 1:
        return True
    return len(name) >= MIN_UNLOCATED and not SENTENCE_START.search(
        body, max(0, start - 3), start
    )  # the place_id prefix of a name in a place slot no gazetteer locates


def _with_unlocated(body: str, found: list[dict], runs: list[re.Match]) -> list[dict]:
    """The mentions plus the names in a place slot no gazetteer knows (candidate_names): each a
    place of precision `unlocated`, with no coordinates (the online geocoder's questions)."""
    unlocated = []
    for name, start, end in candidate_names(body, found, runs):
        if not _may_be_unlocated(body, name, start):
            continue
        place_id = UNLOCATED + sites.slug(name)
        sites.SEEN.setdefault(place_id, sites.unlocated_row(place_id, name))
        unlocated.append({"place_id": place_id, "surface": name, "start": start, "end": end})
    return sorted(found + unlocated, key=lambda m: m["start"]) if unlocated else found


def _prefix_start(body: str, start: int) -> int:
    """Move a run's start back over the lower-case words that open a name: "al-Bab", "eastern Aleppo"."""
    for _ in range(MAX_PREFIX_WORDS):
        if start < 2 or body[start - 1] not in " -":
            break
        word_end = word_start = start - 1
        while word_start > 0 and body[word_start - 1].isalpha():
            word_start -= 1
        word, sep = body[word_start:word_end], body[start - 1]
        opens = word in COMPASS or (word in PARTICLES and (sep == "-" or word in _SPACED_PARTICLES))
        if not opens or (word_start and body[word_start - 1].isalnum()):
            break
        start = word_start
    return start


def _caps_alias_in_headline(body: str, text: str, start: int, end: int) -> bool:
    """'US' alone in a run: a pronoun when the words around it are capitals too ("TELL US NOW")."""
    if not text.isupper():
        return False
    around = body[max(0, start - 12) : start].split()[-1:] + body[end : end + 12].split()[:1]
    return any(w.isupper() and len(w.strip(".,:;!?")) > 1 for w in around)


def _match_run(body: str, start: int, end: int, gazetteer: Gazetteer, misses: list) -> list[dict]:
    """Longest names first, left to right, over the words of one run; then drop the doubtful hits."""
    tokens = list(TOKEN.finditer(body, start, end))
    keys = [normal_token(t.group()) for t in tokens]
    longest = gazetteer.max_words
    hits: list[tuple[int, int, str, bool]] = []  # first word, last word + 1, place_id, weak
    variants: set[int] = set()  # hits met by their transliteration key
    covered = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        widths = range(min(longest, len(tokens) - i), 0, -1)
        for n, entry, variant in _entries(body, tokens, keys, i, widths, gazetteer):
            if entry is not None:  # a place, or a stop phrase (place_id None) consumed whole
                if entry[0] is not None:
                    hits.append((i, i + n, entry[0], entry[1]))
                    if variant:
                        variants.add(i)
                if entry[0] is not None or not entry[1]:  # a stop met by its key stays a name word
                    covered[i : i + n] = [True] * n
                i += n
                break
        else:
            i += 1
    if not hits:
        misses += _uncovered(tokens, covered)
        return []
    conjuncts = _conjuncts(keys)
    longer: set[int] = set()  # words that go on a name the gazetteer lacks (_name_goes_on)
    shouted = _shouted(tokens, covered)
    out = []
    for first, last, place_id, weak in hits:
        surface = body[tokens[first].start() : tokens[last - 1].end()]
        inside_name = weak and _has_other_name_words(body, tokens, keys, covered, conjuncts[first])
        goes_on = _name_goes_on(tokens, keys, covered, last, variants)
        if goes_on:
            longer.add(last + 1)  # the next word is this name's, not a name met by its key
        if inside_name or (surface.isupper() and shouted) or goes_on or first in longer:
            covered[first:last] = [False] * (last - first)  # the world gazetteer may still read it
            continue
        out.append(_hit_mention(body, tokens, first, last, place_id, gazetteer, first in variants))
        out += _elided(body, tokens, keys, first, last, gazetteer)
    misses += _uncovered(tokens, covered)
    return sorted(out, key=lambda m: m["start"])


def _hit_mention(
    body: str,
    tokens: list[re.Match],
    first: int,
    last: int,
    place_id: str,
    gazetteer: Gazetteer,
    variant: bool,
) -> dict:
    """A hit's mention, with the compass words before it (a part of the place, _parts_of), a
    country's name alone."""
    part = first if gazetteer.records[place_id]["kind"] == "country" else _with_compass(tokens, first)
    start, end = tokens[part].start(), tokens[last - 1].end()
    mention: dict = {"place_id": place_id, "surface": body[start:end], "start": start, "end": end}
    if part < first:
        mention["part"] = True
    if variant:
        mention["variant"] = True
    return mention


def _elided(
    body: str, tokens: list[re.Match], keys: list[str], first: int, last: int, gazetteer: Gazetteer
) -> list[dict]:
    """ "West and South Darfur": the compass word before 'and' names the place its name shares
    with the hit (West Darfur), when the gazetteer knows it."""
    if first < 2 or keys[first] not in COMPASS or keys[first - 1] not in LIST_WORDS:
        return []
    word = tokens[first - 2]
    if keys[first - 2] not in COMPASS or not word.group()[0].isupper():
        return []
    entry = gazetteer.index.get((keys[first - 2], *keys[first + 1 : last]))
    if entry is None or entry[0] is None:
        return []
    return [{"place_id": entry[0], "surface": word.group(), "start": word.start(), "end": word.end()}]


def _with_compass(tokens: list[re.Match], first: int) -> int:
    """The first word of a hit's words with the lower-case compass words before it: "northern
    Homs province", "western Darfur" name a part of the place (see _parts_of)."""
    while first > 0 and tokens[first - 1].group() in COMPASS:
        first -= 1
    return first


def _name_goes_on(
    tokens: list[re.Match], keys: list[str], covered: list[bool], last: int, variants: set[int]
) -> bool:
    """Does a hit's name go on with an article and a capitalised word no exact name covers
    ("Busra al-Harir" is no Busra, nor Harir a Harare): the hit is only the first word of a
    longer name."""
    if last + 1 >= len(tokens) or keys[last] not in PARTICLES or tokens[last].group() != keys[last]:
        return False
    nxt = tokens[last + 1]
    free = not covered[last + 1] or last + 1 in variants
    return free and nxt.group()[0].isupper() and nxt.start() - tokens[last].end() <= 1


def _uncovered(tokens: list[re.Match], covered: list[bool]) -> list[list[re.Match]]:
    """Runs of words no name covered (articles and site words kept inside), each opening with a
    capital: what the world gazetteer may still know."""
    out: list[list[re.Match]] = []
    current: list[re.Match] = []
    for token, done in zip(tokens, covered, strict=True):
        word = token.group()
        inside = word[0].isupper() or word.lower() in PARTICLES or word.lower() in FACILITY_WORDS
        if done or not inside:
            out.append(current)
            current = []
            continue
        current.append(token)
    out.append(current)
    return [seg for seg in out if seg and seg[0].group()[0].isupper()]


def _entries(body: str, tokens: list[re.Match], keys: list[str], i: int, widths: range, gazetteer: Gazetteer):
    """[(width, entry, by key)] of the first name starting at word i: exact names longest first,
    else the names met only in another transliteration, longest first; [] if none."""
    index = gazetteer.index
    for n in widths:
        entry = index.get(tuple(keys[i : i + n]))
        if entry is not None:
            return [(n, entry, False)]
    if tokens[i].group()[0].isupper() and keys[i] == tokens[i].group():  # not "As-", "Eastern"
        for n in widths:
            entry = _variant(gazetteer, body[tokens[i].start() : tokens[i + n - 1].end()])
            if entry is not None:
                return [(n, entry, True)]
    return []


def _variant(gazetteer: Gazetteer, name: str) -> tuple[str | None, bool] | None:
    """The best place whose name is this one in another transliteration (a weak hit), if any."""
    memo = gazetteer.variant_memo
    if name in memo:
        return memo[name]
    hit = memo[name] = _variant_of(gazetteer, name)
    return hit


def _variant_of(gazetteer: Gazetteer, name: str) -> tuple[str | None, bool] | None:
    if name.isupper():  # an acronym ("RSF", "SOHR") is spelled one way
        return None
    key = variant_key(name)
    if not key:
        return None
    found = gazetteer.variants.get(key)
    if found is None:
        return None
    written = light(name)
    for place_id, other in found:
        if vowel_edits(written, other) <= MAX_VOWEL_EDITS:
            return (place_id or None, True)  # (None, True): a stop phrase spelled another way
    return None


# Words that join two names of a list inside one capitalised run ("Nubl and Al-Zahraa"): a weak
# name is judged against the other words of its own item only.
LIST_WORDS = frozenset({"and", "or"})


def _conjuncts(keys: list[str]) -> list[int]:
    """Each word's item number in a run read as a list: the count of 'and'/'or' before it."""
    out, n = [], 0
    for key in keys:
        n += key.lower() in LIST_WORDS
        out.append(n)
    return out


def _has_other_name_words(
    body: str, tokens: list[re.Match], keys: list[str], covered: list[bool], item: int | None = None
) -> bool:
    """Does the run (or its list item `item`, see _conjuncts) hold capitalised words that are not
    places (a person's or an organisation's name)?

    The run's first word does not count when it opens a sentence ("In Saraqib, …").
    """
    items = _conjuncts(keys)
    for i, (token, key, done) in enumerate(zip(tokens, keys, covered, strict=True)):
        if item is not None and items[i] != item:
            continue
        if done or not token.group()[0].isupper() or key != token.group():
            continue
        if i == 0 and SENTENCE_START.search(body, max(0, token.start() - 3), token.start()):
            continue
        return True
    return False


def _shouted(tokens: list[re.Match], covered: list[bool]) -> bool:
    """Does the run hold all-capitals words that are not names, as a shouted headline ("TELL US")?"""
    return any(
        not done and t.group().isupper() and len(t.group().replace(".", "")) > 1
        for t, done in zip(tokens, covered, strict=True)
    )


class GazetteerGeocoder(Geocoder):
    """geopy's Geocoder interface over the offline gazetteer (the default geocoder: no network).

    A name that several places share resolves as the matcher does: Syria first, then Syria's
    neighbours, countries, our own rows and the larger population.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs):
        super().__init__(**kwargs)
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer()

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout=None
    ) -> Location | list[Location] | None:
        place_ids = self._place_ids(query)
        if not place_ids:
            return None
        found = [self._location(pid) for pid in place_ids]
        found = [loc for loc in found if loc is not None]
        if not found:
            return None
        return found[0] if exactly_one else found

    def _place_ids(self, query: str) -> tuple[str, ...]:
        key = tuple(normal_token(t) for t in TOKEN.findall(query or ""))
        exact = self.gazetteer.index.get(key)
        folded = self.gazetteer.candidates.get(" ".join(key).casefold(), ())
        if exact is not None and exact[0] is not None:
            return (exact[0], *(p for p in folded if p != exact[0]))
        if folded:
            return folded
        variant = _variant(self.gazetteer, query or "")
        return (variant[0],) if variant is not None and variant[0] is not None else ()

    def _location(self, place_id: str) -> Location | None:
        rec = self.gazetteer.records[place_id]
        if rec["lat"] is None or rec["lon"] is None:
            return None
        raw = {k: v for k, v in rec.items() if k != "curated"}
        return Location(rec["name"], (rec["lat"], rec["lon"]), raw)


# Words before a capitalised run that make it a place candidate: "in X", "the (rebel-held) town(s) of X".
CUE = re.compile(
    r"(?:\b(?:(?:shelling|strikes?|air\s+strikes?|attacks?|bombardment|raids?|assault|offensive|advance)\s+on|"
    r"in|at|from|to|near|towards?|into|outside|around|inside|via|through|across|reach|reached|entered|"
    r"besieged)\s+|\b(?:towns?|villages?|city|cities|districts?|neighbou?rhoods?|suburbs?|areas?|regions?|"
    r"provinces?|camps?|governorates?|countryside|outskirts)\s+of\s+)$"
)
CUE_WINDOW = 60
_SPLIT_RUN = re.compile(r"\s+(?:and|of|the|for)\s+")


def candidate_names(
    body: str, mentions: list[dict], runs: list[re.Match] | None = None
) -> list[tuple[str, int, int]]:
    """Capitalised phrases that look like places but are not in the gazetteer: (name, start, end).

    What the online geocoder would be asked: a run of capitalised words after "in/at/from/to/near …"
    or "the town/village/district … of", or one ending in "province/district/camp/crossing …", that
    overlaps no mention and is not a person (after a title or "said", before ", who"/"said"), nor an
    acronym, a stop word (title, demonym, month, organisation) or Title Case of words the report
    also writes in lower case ("… to Evacuate Civilians").
    """
    located = [m for m in mentions if not m["place_id"].startswith(UNLOCATED)]
    taken = sorted((m["start"], m["end"]) for m in located)
    ends = {m["end"] for m in located}
    if runs is None:
        runs = [m for m in RUN.finditer(body) if not (m.start() and body[m.start() - 1].isalnum())]
    judged: list[frozenset[str]] = []  # person words, lower-case words: read once a run is a candidate
    out: list[tuple[str, int, int]] = []
    for run in runs:
        start, end = run.start(), run.end()
        if _covered(taken, start, end):
            continue
        words = run.group().split()
        generic = len(words) > 1 and words[-1].lower() in GENERIC - {"city"}
        listed = _listed_after(body, start, ends)
        if not generic and not listed and not CUE.search(body, max(0, start - CUE_WINDOW), start):
            continue
        if not judged:
            judged += [_person_words(body, runs), frozenset(LOWER_WORD.findall(body))]
        for part_start, part_end in _parts(body, start, end, generic):
            name = body[part_start:part_end]
            if GROUP_AFTER.match(body, part_end):
                continue  # "Gulf states", "Western countries": a name used as an adjective
            if _looks_like_place(name, *judged) and not _overlaps(taken, part_start, part_end):
                out.append((name, part_start, part_end))
                ends.add(part_end)
    return out


def _covered(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is the run one mention's words, or inside them (the common case: "in Homs")?"""
    i = bisect_right(taken, (start, end)) - 1
    return i >= 0 and taken[i][0] <= start and end <= taken[i][1]


GROUP_AFTER = re.compile(
    r"\s+(?:states|countries|nations|monarchies|regimes|governments|powers|allies|forces|troops|militias|"
    r"rebels|fighters|groups|officials|leaders|sources|media)\b"
)
LIST_LINK = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _listed_after(body: str, start: int, ends: set[int]) -> bool:
    """Is the run the next item of a list of places ("shelling on Foua, X and Y")?"""
    link = next((e for e in range(max(0, start - 6), start) if e in ends), None)
    return link is not None and LIST_LINK.fullmatch(body, link, start) is not None


TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|President|Minister|General|Gen|Col|Colonel|Ambassador|[Ee]nvoy|[Ss]pokes(?:wo)?man|"
    r"[Ll]eader|[Cc]ommander|[Cc]hief|Secretary-General|King|Prince|Sheikh|[Dd]irector|said|told|added|"
    r"according\s+to)\.?,?\s+$"
)
PERSON_AFTER = re.compile(
    r"(?:,\s+(?:who|whose)\b|,\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:leader|spokes(?:wo)?man|commander|head|"
    r"director|chief|official|envoy|minister|president|ambassador)\b|\s+(?:said|says|told|added|stated|warned|"
    r"asked|explained|insisted|confirmed)\b|['’]s\s+(?:regime|government|administration|forces|troops|army)\b)"
)
LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")


def _person_words(body: str, runs: list[re.Match]) -> frozenset[str]:
    """Capitalised words of the names the report uses for people: after a title or 'said', before ', who'."""
    titles = _stop_vocabulary()[1]
    words: set[str] = set()
    for run in runs:
        tokens = TOKEN.findall(run.group())
        titled = next((i for i, w in enumerate(tokens) if w in titles), None)
        if titled is not None:  # "Mr Assad", "President Bashar al-Assad"
            tokens = tokens[titled + 1 :]
        elif not (
            TITLE_BEFORE.search(body, max(0, run.start() - 40), run.start())
            or PERSON_AFTER.match(body, run.end())
        ):
            continue
        words |= {w for w in tokens if w[0].isupper() and w not in titles}
    return frozenset(words)


def _parts(body: str, start: int, end: int, generic: bool) -> list[tuple[int, int]]:
    """A run split at 'and'/'of' ("Foua and Kefraya"); a generic run ("X province") stays whole."""
    if generic:  # the generic word stays out of the name asked: "Wadi Barada district" -> "Wadi Barada"
        return [(start, body.rindex(" ", start, end) if " " in body[start:end] else end)]
    parts, at = [], start
    for sep in _SPLIT_RUN.finditer(body, start, end):
        parts.append((at, sep.start()))
        at = sep.end()
    parts.append((at, end))
    return parts


def _looks_like_place(name: str, rejected: frozenset[str], lower_words: frozenset[str]) -> bool:
    words = [w for w in TOKEN.findall(name) if w[0].isupper()]
    if not words:
        return False
    key = tuple(normal_token(t) for t in TOKEN.findall(name))
    stop_keys = _stop_vocabulary()[0]
    if any(key[i:j] in stop_keys for i in range(len(key)) for j in range(i + 1, len(key) + 1)):
        return False  # holds an organisation's name, a demonym, a title, a month …
    return not any(
        w in rejected or (w.isupper() and len(w.replace(".", "")) > 1) or w.lower() in lower_words
        for w in words
    )


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and e > start for s, e in spans)


# Single stop words that are ambiguous alone but may be part of a place's name ("Kafr Hamra").
NAME_PART_KINDS = frozenset({"word", "person"})


@lru_cache(maxsize=1)
def _stop_vocabulary() -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """Keys of the stop phrases a candidate must not hold, and the title words (a person's name follows)."""
    rows = read_vocab("place_stopwords.csv")
    keys = {tuple(normal_token(t) for t in TOKEN.findall(r["phrase"])): r["kind"] for r in rows}
    holds = frozenset(k for k, kind in keys.items() if len(k) > 1 or kind not in NAME_PART_KINDS)
    titles = frozenset(w for r in rows if r["kind"] == "title" for w in TOKEN.findall(r["phrase"]))
    return holds, titles
