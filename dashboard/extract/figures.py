"""Figures: every number a report states, with what it counts and the words it came from.

Two cheap scans find where a number may start (`numbers.find_candidates`); each candidate is
then judged on the few words around it: times, dates, durations, ages, ordinals and identifiers
are dropped; a qualifier before it, a unit or the counted noun after it are read. The sentence
then gives what happened to them (outcome), who says so (claimant) and where (place, origin,
destination). Vocabularies are CSV files in `dashboard/vocab/` (see its README).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from dashboard.extract import numbers
from dashboard.extract.text import fold, sentence_at
from dashboard.extract.vocab import read_vocab

FIELDS = (
    "value",
    "low",
    "high",
    "unit",
    "subject",
    "qualifier",
    "outcome",
    "claimant",
    "place_id",
    "origin_id",
    "destination_id",
    "text",
    "start",
    "end",
    "quote",
    "quote_start",
    "quote_end",
)


def _alternation(phrases: list[str]) -> str:
    """Longest first; the spaces inside a phrase match any run of spaces or tabs."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"[ \t\u00a0]+".join(re.escape(w) for w in p.split()) for p in ordered)


# ------------------------------------------------------------------ vocabularies


@dataclass(frozen=True)
class Subject:
    name: str  # canonical subject
    kind: str  # person, vehicle, place, building, object, event; "unknown" for guessed nouns
    known: bool  # from the vocabulary (not guessed from the shape of the word)
    outcome: str | None = None  # what the noun itself says happened ("300 wounded")


@dataclass(frozen=True)
class Outcome:
    name: str
    applies_to: frozenset[str]  # subject kinds it can describe
    movement: bool  # moves people: the sentence's places become origin and destination
    object_role: str  # "origin" / "destination": what a place right after the phrase is


_SUBJECT_ROWS = read_vocab("subjects.csv")
SUBJECTS = {r["surface"]: Subject(r["subject"], r["kind"], True, r["outcome"] or None) for r in _SUBJECT_ROWS}
SUBJECT_POOL = {r["subject"]: r["pool"] for r in _SUBJECT_ROWS}
_SUBJECT_MAX_WORDS = max(len(s.split()) for s in SUBJECTS)
_SUBJECT_FIRST_WORDS = frozenset(s.split()[0] for s in SUBJECTS)
_PEOPLE = Subject("people", "person", True)

QUALIFIERS = {r["phrase"]: r["qualifier"] for r in read_vocab("qualifiers.csv")}
_QUALIFIER_MAX_WORDS = max(len(p.split()) for p in QUALIFIERS)
_QUALIFIER_LAST_WORDS = frozenset(p.split()[-1] for p in QUALIFIERS)

_UNIT_ROWS = read_vocab("units.csv")
UNITS = {r["surface"].lower(): (r["unit"], r["default_subject"]) for r in _UNIT_ROWS}
_UNIT_AFTER = re.compile(
    rf"[ \t\u00a0]?({_alternation([r['surface'] for r in _UNIT_ROWS if r['position'] == 'after'])})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_CURRENCY_SIGNS = tuple(
    sorted((r["surface"] for r in _UNIT_ROWS if r["position"] == "before"), key=len, reverse=True)
)

OUTCOMES = {
    r["phrase"]: Outcome(
        r["outcome"], frozenset(r["applies_to"].split()), r["movement"] == "yes", r["object"]
    )
    for r in read_vocab("outcomes.csv")
}
_OUTCOME_RE = re.compile(rf"\b(?:{numbers.trie_pattern(OUTCOMES)})\b")  # over lower-cased text

CUES = {r["cue"]: r["position"] for r in read_vocab("claimant_patterns.csv")}
_CUE_RE = re.compile(rf"\b(?:{numbers.trie_pattern(CUES)})\b")  # over lower-cased text

_NOT: dict[str, list[str]] = {}
for _row in read_vocab("not_figures.csv"):
    _NOT.setdefault(_row["kind"], []).append(_row["word"])
_TIME_AFTER = re.compile(rf"[ \t\u00a0]*(?:{_alternation(_NOT['time'])})(?![A-Za-z])", re.IGNORECASE)
_DURATION_AFTER = re.compile(
    r"[ \t\u00a0]*-?[ \t\u00a0]*(?:(?:more|full|long|straight|consecutive|whole|additional|further|and[ \t\u00a0]+a[ \t\u00a0]+half)[ \t\u00a0]+)?"
    rf"(?:{_alternation(_NOT['duration'])})\b",
    re.IGNORECASE,
)
_AGE_WORDS = frozenset(_NOT["age_before"])
_VERSION_WORDS = frozenset(_NOT["version_before"])

# Month and weekday names: a closed class, spelled out (calendar's names follow the process locale).
_MONTH_WORDS = "January February March April May June July August September October November December"
_MONTH_NAMES = _MONTH_WORDS.split()
_MONTHS = [*_MONTH_NAMES, *(m[:3] for m in _MONTH_NAMES if len(m) > 3), "Sept"]
_MONTH_SET = frozenset(_MONTHS)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?[ \t\u00a0]+(?:of[ \t\u00a0]+)?(?:{'|'.join(_MONTHS)})\b")
_WEEKDAY_WORDS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
_WEEKDAYS = frozenset(_WEEKDAY_WORDS.split())

# ------------------------------------------------------------------ grammar (closed word classes)

# Words that end a noun phrase: the counted noun must come before any of them.
_STOP_WORDS = """
the a an of in at on to from for with by and or but nor as than that which who whom whose were was
are is be been being had have has would will could should may might must can do does did not no per
this these those their its his her our your my them they we he she it there here more most less few
many much some any all each every other others such only just also still even about around over
under after before during since until into onto out up down off near across through between among
including while when where why how what said says told according
"""
_STOP = frozenset(_STOP_WORDS.split())
_DETERMINERS = frozenset(("the", "these", "those", "both", "its", "their", "his", "her", "our", "my", "your"))
_THRESHOLDS = frozenset({"over", "under", "above", "below"})
_PRONOUNS = frozenset(
    ("he", "she", "they", "it", "we", "i", "you", "this", "that", "who", "which", "there", "one", "someone")
)
_OPENERS = "([\"'“‘"
_CLOSERS = ",;:!?)\"'”’"  # not ".": "approx.", "Dec." and "U.N." end with one

# Adverbs a claimant phrase may end with before its verb ("Syrian state television also said").
_CLAIMANT_TAIL = re.compile(
    r"(?:\s+(?:also|later|earlier|again|previously|now|then|had|has|have|recently|reportedly|separately|finally|"
    r"already|publicly|officially|formally|yesterday|today|further|in\s+a\s+statement))+$",
    re.IGNORECASE,
)
_CLAIMANT_BREAK = re.compile(
    r"[,;:“”\"()\[\]—]|\b(?:and|but|that|after|before|as|when|while|because|since|if|though|although|which|"
    r"where|who|whom|whereas)\b",
    re.IGNORECASE,
)
_CLAIMANT_END = re.compile(r"[,.;:!?“”\"()\[\]—\n]|\b(?:that|which|who)\b")
_APPOSITION_BEFORE = re.compile(r"([A-Za-z][A-Za-z'’-]*)\s*,\s*$")
_TALLY_BEFORE = re.compile(
    r"\b(?:number|total|tally|count)\s+of\s+(?:[a-z-]+\s+)??([a-z-]+)\s+(?:(?:has|had|have)\s+)?"
    r"(?:reached|rose\s+to|risen\s+to|climbed\s+to|stands\s+at|stood\s+at|is|was|to|at)\s+$",
    re.IGNORECASE,
)
_MEASURED_BEFORE = re.compile(
    r"([A-Za-z][A-Za-z'’-]*)\s+of\s+(?:(?:only|just|merely|a\s+mere)\s+)?$", re.IGNORECASE
)
_OF_AFTER = re.compile(r"\s+of\s+(?:(?:the|a|an|its|their|his|her|our)\s+)?", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\S")
_GLUED = re.compile(r"[A-Za-z]")
_TIME_OR_DATE_SIGN = re.compile(r"[:/.]\d")
_PREPOSITION = re.compile(
    r"\b(?:from|out of|to|towards|toward|into|for|in|at|inside|near|around|within|outside|across)\b"
)
_ROLE_OF_PREPOSITION = {
    "from": "origin",
    "out of": "origin",
    "to": "destination",
    "towards": "destination",
    "toward": "destination",
    "into": "destination",
    "for": "destination",
}
_LINK = re.compile(
    r"[\s,]*(?:including|and|or|of\s+whom|among\s+them|among\s+whom|as\s+well\s+as|plus|along\s+with)\s*",
    re.IGNORECASE,
)
_AND = re.compile(r"\band\b")
_OTHER_CLAUSE = re.compile(r"[;:\d]")  # "23 dead, 57 wounded": an outcome never reaches past another number
_ADJACENT_BEFORE = re.compile(
    r"\s*(?:(?:has|had|have)\s+)?(?:(?:rose|risen|climbed|reached|stands|stood|is|was|of|at|to|now)\s+){0,2}"
)
_ADJACENT_AFTER = re.compile(
    r"\s*(?:(?:were|was|have|had|has|been|are|is|being|more|others|reportedly|also|people)\s+){0,3}"
)
_SHARED = ("outcome", "claimant", "place_id", "origin_id", "destination_id")

_OUTCOME_AFTER, _OUTCOME_BEFORE = 70, 40  # how far (characters) an outcome may stand from its figure
_WINDOW = 80  # how far the counted noun may follow the number
_MAX_WORDS = 10  # words read after a number: up to three modifiers, a noun, and a head noun after it
_LEFT = 40  # how far back the words before a number are read


# ------------------------------------------------------------------ entry point


def extract_figures(body: str, sents: list[tuple[int, int]], mentions: list[dict]) -> list[dict]:
    """The figures a report states, in text order (see FIELDS); offsets are offsets into body."""
    lower = _lower(body)
    mention_starts = [m["start"] for m in mentions]
    figures: list[dict] = []
    sentence_cache: dict[tuple[int, int], _Sentence] = {}
    for match in numbers.find_candidates(body, lower):
        fig = _read_figure(body, match)
        if fig is None:
            continue
        span = sentence_at(sents, match.start())
        if span[0] == span[1]:
            span = (fig["start"], fig["end"])
        sentence = sentence_cache.get(span)
        if sentence is None:
            sentence = sentence_cache[span] = _Sentence.read(body, lower, span, mentions, mention_starts)
        previous = figures[-1] if figures and figures[-1]["quote_start"] == span[0] else None
        fig["floor"] = previous["end"] if previous else span[0]  # words of an earlier figure are its own
        if _place_in_sentence(fig, body, sentence):
            figures.append(fig)
    _share_within_lists(figures, body)
    return [{k: f[k] for k in FIELDS} for f in _drop_repeats(figures)]


def _lower(body: str) -> str:
    """body lower-cased, keeping its length (a few characters grow when lower-cased, e.g. 'İ')."""
    lower = body.lower()
    if len(lower) == len(body):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in body)


# ------------------------------------------------------------------ one candidate


def _read_figure(body: str, match: re.Match) -> dict | None:
    amount = numbers.read_candidate(match)
    if amount is None or _is_one(match, amount):
        return None
    vague = match.group("vague") is not None
    num_start, num_end = match.start(), (match.end("vague") if vague else match.end())
    if amount.numeric and _not_a_count(body, num_start, num_end):
        return None
    if _DURATION_AFTER.match(body, num_end):
        return None

    start, unit, default_subject = num_start, None, None
    sign = body[max(0, num_start - 3) : num_start]
    currency = next((c for c in _CURRENCY_SIGNS if sign.endswith(c)), None)
    if currency:
        start -= len(currency)
        unit, default_subject = UNITS[currency.lower()]
    left = _left_words(body, start)
    if left and left[0][0].rstrip(".") in _MONTH_SET:
        return None  # "Dec 14"
    qualifier, n_qual = amount.qualifier, 0
    ends_qualifier = bool(left) and left[0][0].lower() in _QUALIFIER_LAST_WORDS
    for n in range(min(_QUALIFIER_MAX_WORDS, len(left)) if ends_qualifier else 0, 0, -1):
        phrase = " ".join(w.lower() for w, _ in reversed(left[:n]))
        if phrase in QUALIFIERS:
            qualifier, n_qual = qualifier or QUALIFIERS[phrase] or None, n
            start = left[n - 1][1]
            break
    before = [w.lower() for w, _ in left[n_qual : n_qual + 3]]
    if _ratio(before, amount):
        return None
    if _AGE_WORDS.intersection(w.lower() for w, _ in left[:3]):
        return None  # "aged 12", "children aged under five"
    if _back_reference(before, amount) or _threshold(left, n_qual):
        return None

    end = num_end
    if unit is None and not vague:
        u = _UNIT_AFTER.match(body, num_end)
        if u:
            unit, default_subject = UNITS[u.group(1).lower()]
            end = u.end()
    subject = None
    if unit is None:
        found = _subject_after(body, match.end())
        if found:
            subject, end = found
        elif amount.value is not None:
            subject = _apposition_subject(body, start)
    else:
        subject = _measured_subject(body, start, end) or Subject(default_subject, "unknown", True)
        if unit != "%" and subject.kind == "unknown":  # an area or a distance is not killed or evacuated
            subject = Subject(subject.name, "object", True)
    if amount.numeric and _is_year(match, amount, unit, subject):
        return None
    if not (unit or (subject and subject.known)) and _identifier(left[n_qual:]):
        return None
    return {
        "value": amount.value,
        "low": amount.low,
        "high": amount.high,
        "unit": unit,
        "subject": subject,  # a Subject until the sentence is read
        "qualifier": qualifier,
        "start": start,
        "end": end,
        "num_start": num_start,
    }


def _left_words(body: str, pos: int) -> list[tuple[str, int]]:
    """The words right before pos on the same line, nearest first, as (word, start); a word
    ends the list when punctuation separates it from the next ("crossfire, 82" gives none)."""
    lo = max(0, pos - _LEFT)
    segment = body[lo:pos]
    newline = segment.rfind("\n")
    if newline >= 0:
        lo, segment = lo + newline + 1, segment[newline + 1 :]
    if not segment or not segment[-1].isspace():
        return []
    words: list[tuple[str, int]] = []
    end = len(segment)
    for token in reversed(segment.split()):
        at = segment.rfind(token, 0, end)
        if at == 0 and lo > 0 and not body[lo - 1].isspace():
            break  # cut by the window
        word = token.lstrip(_OPENERS)
        if word:
            words.append((word, lo + at + len(token) - len(word)))
        if word != token or not word or word[-1] in _CLOSERS:
            if word and word[-1] in _CLOSERS:
                words.pop()
            break
        end = at
    return words


def _is_one(match: re.Match, amount: numbers.Amount) -> bool:
    """A lone "one"/"zero" in words is an article or a pronoun ("one of the last", "One woman said")."""
    return match.group("num") is not None and not amount.numeric and amount.value in (0, 1)


def _not_a_count(body: str, start: int, end: int) -> bool:
    """Times, dates, ordinals and codes written in digits: "09:18", "11/21", "21st", "6am", "14 Dec"."""
    if _GLUED.match(body, end) and not _UNIT_AFTER.match(body, end):
        return True  # "21st", "6am", "1990s", "3D"
    return bool(
        _TIME_OR_DATE_SIGN.match(body, end) or _TIME_AFTER.match(body, end) or _MONTH_AFTER.match(body, end)
    )


def _back_reference(before: list[str], amount: numbers.Amount) -> bool:
    """ "the two villages": a small count after a definite determiner points back at things already
    counted; a large one ("the 250,000 civilians who remain") still states a figure."""
    return bool(before) and before[0] in _DETERMINERS and amount.value is not None and amount.value < 100


def _ratio(before: list[str], amount: numbers.Amount) -> bool:
    """ "1 in 3 children", "one in five Syrians": a ratio, not a count."""
    if len(before) < 2 or before[0] != "in" or amount.value is None:
        return False
    first = numbers.parse_number(before[1])
    return first is not None and first <= 10 and first < amount.value


def _threshold(left: list[tuple[str, int]], n_qual: int) -> bool:
    """ "women over 60", "children under five": an age or a threshold, not a count."""
    if n_qual != 1 or left[0][0].lower() not in _THRESHOLDS or len(left) < 2:
        return False
    return left[1][0].lower() in SUBJECTS


def _identifier(left: list[tuple[str, int]]) -> bool:
    """ "Resolution 2254", "Creative Commons 2.0", "version 3": a name right before the number."""
    if not left:
        return False
    word = left[0][0]
    if word.lower() in _VERSION_WORDS:
        return True
    return (
        not word.endswith(".")
        and word[0].isupper()
        and not word.endswith(("'s", "’s"))
        and word.lower() not in _STOP
    )


def _is_year(match: re.Match, amount: numbers.Amount, unit: str | None, subject: Subject | None) -> bool:
    """ "in 2016", "2011-2016", "2016 elections"; but "2000 people" is a count."""
    text = match.group()
    if "," in text or "." in text or unit or (subject is not None and subject.known):
        return False
    return all(1800 <= v <= 2100 and float(v).is_integer() for v in (amount.low, amount.high))


def _words(body: str, pos: int) -> list[tuple[str, int]]:
    """Lower-cased words after pos up to the first punctuation mark or line break, with their ends."""
    out = []
    limit = body.find("\n", pos, pos + _WINDOW)
    for tok in _TOKEN.finditer(body, pos, limit if limit >= 0 else min(len(body), pos + _WINDOW)):
        word = tok.group()
        if not word[0].isalpha():
            break
        out.append((word.lower(), tok.end()))
        if len(out) == _MAX_WORDS:
            break
    return out


def _match_subject(words: list[tuple[str, int]], i: int) -> tuple[Subject, int, int] | None:
    """The longest vocabulary subject starting at word i: (subject, words used, end offset)."""
    if words[i][0].replace("’", "'") not in _SUBJECT_FIRST_WORDS:
        return None
    for n in range(min(_SUBJECT_MAX_WORDS, len(words) - i), 0, -1):
        key = " ".join(w for w, _ in words[i : i + n]).replace("’", "'")
        subject = SUBJECTS.get(key)
        if subject:
            return subject, n, words[i + n - 1][1]
    return None


def _subject_after(body: str, pos: int) -> tuple[Subject, int] | None:
    """The counted noun after a number: "82 civilians", "4,000 rebel fighters", "thousands of
    innocent civilians" (up to three modifiers); a plural noun not in the vocabulary is guessed."""
    words = _words(body, pos)
    for i in range(min(4, len(words))):
        found = _match_subject(words, i)
        if found:
            subject, n, end = found
            following = _match_subject(words, i + n) if i + n < len(words) else None
            if following:  # "300 wounded civilians": the head noun is the last one
                subject, end = following[0], following[2]
            return subject, end
        if words[i][0] in _STOP:
            break
    if words and _looks_plural(words[0][0]):
        return Subject(words[0][0], "unknown", False), words[0][1]
    return None


def _looks_plural(word: str) -> bool:
    return (
        len(word) >= 4
        and word.isalpha()
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous"))
        and word not in _STOP
    )


def _apposition_subject(body: str, start: int) -> Subject | None:
    """ "many children, possibly more than 100": the noun before the comma; "the number of evacuees
    had reached 34,000": the noun counted."""
    m = _APPOSITION_BEFORE.search(body, max(0, start - 30), start) or _TALLY_BEFORE.search(
        body, max(0, start - 60), start
    )
    return SUBJECTS.get(m.group(1).lower()) if m else None


def _measured_subject(body: str, start: int, end: int) -> Subject | None:
    """What a unit measures: "an enclave of only 2.5sq km", "30 per cent of the population"."""
    m = _MEASURED_BEFORE.search(body, max(0, start - 40), start)
    if m and m.group(1).lower() not in _STOP:
        return Subject(m.group(1).lower(), "unknown", True)
    m = _OF_AFTER.match(body, end)
    if m:
        found = _subject_after(body, m.end())
        if found:
            return found[0]
        words = _words(body, m.end())
        if words and words[0][0] not in _STOP:
            return Subject(words[0][0].removesuffix("'s").removesuffix("’s"), "unknown", True)
    return None


# ------------------------------------------------------------------ the sentence around it


@dataclass
class _Sentence:
    start: int
    end: int
    outcomes: list[tuple[int, int, Outcome]]
    cues: list[tuple[int, int, str]]  # start, end, where the claimant stands ("before"/"after")
    places: list[tuple[int, int, str, str]]  # start, end, place_id, role
    movement: bool

    @classmethod
    def read(
        cls, body: str, lower: str, span: tuple[int, int], mentions: list[dict], mention_starts: list[int]
    ) -> _Sentence:
        s, e = span
        outcomes = [(m.start(), m.end(), OUTCOMES[m.group()]) for m in _OUTCOME_RE.finditer(lower, s, e)]
        cues = [(m.start(), m.end(), CUES[m.group()]) for m in _CUE_RE.finditer(lower, s, e)]
        lo, hi = bisect.bisect_left(mention_starts, s), bisect.bisect_left(mention_starts, e)
        places = [
            (m["start"], m["end"], m["place_id"], _place_role(body, lower, s, m["start"], outcomes))
            for m in mentions[lo:hi]
        ]
        return cls(s, e, outcomes, cues, places, any(o.movement for _, _, o in outcomes))


def _place_role(body: str, lower: str, sent_start: int, start: int, outcomes: list) -> str:
    """origin ("from Foua", "fled Ghouta"), destination ("to Idlib"), place ("in Aleppo") or bare."""
    for _, o_end, outcome in outcomes:
        if outcome.object_role and o_end <= start and body[o_end:start].strip().lower() in ("", "the"):
            return outcome.object_role
    role = "bare"
    for m in _PREPOSITION.finditer(lower, max(sent_start, start - _LEFT), start):
        role = _ROLE_OF_PREPOSITION.get(m.group(), "place")
    return role


def _place_in_sentence(fig: dict, body: str, sentence: _Sentence) -> bool:
    """Fill outcome, claimant, places and quote; False when the candidate is no figure after all."""
    subject: Subject | None = fig["subject"]
    outcome = _nearest_outcome(fig, sentence, subject.kind if subject else "unknown", body)
    if subject is None and fig["unit"] is None:
        subject = _named_group(fig, outcome, body)
        if subject is None:
            if not _outcome_adjacent(fig, outcome, body):
                return False
            subject = _PEOPLE
    fig["subject"] = subject.name if subject else None
    fig["outcome"] = outcome[2].name if outcome else (subject.outcome if subject else None)
    fig["claimant"] = _claimant(fig, body, sentence)
    movement = (outcome is not None and outcome[2].movement) or sentence.movement
    fig["place_id"] = _nearest_place(fig, sentence, "place")
    fig["origin_id"] = _nearest_place(fig, sentence, "origin") if movement else None
    fig["destination_id"] = _nearest_place(fig, sentence, "destination") if movement else None
    fig["text"] = body[fig["start"] : fig["end"]]
    fig["quote"] = fold(body[sentence.start : sentence.end])
    fig["quote_start"], fig["quote_end"] = sentence.start, sentence.end
    return True


def _nearest_outcome(fig: dict, sentence: _Sentence, kind: str, body: str) -> tuple[int, int, Outcome] | None:
    """The closest outcome phrase that can describe the subject, after the figure ("82 civilians
    were killed") or before it ("killed six people"); the figure's own words are not searched."""
    best, best_distance = None, _OUTCOME_AFTER + 1
    for o in sentence.outcomes:
        o_start, o_end, outcome = o
        if kind not in outcome.applies_to:
            continue
        if o_start >= fig["end"]:
            distance, between = o_start - fig["end"], body[fig["end"] : o_start]
        elif fig["floor"] <= o_start and o_end <= fig["start"]:
            distance, between = fig["start"] - o_end, body[o_end : fig["start"]]
            if distance > _OUTCOME_BEFORE or _AND.search(between):
                continue  # "35 had been killed and 120 injured": the verb belongs to the first figure
        else:
            continue
        if distance < best_distance and not _OTHER_CLAUSE.search(between):
            best, best_distance = o, distance
    return best


def _named_group(fig: dict, outcome: tuple[int, int, Outcome] | None, body: str) -> Subject | None:
    """ "700,000 Rohingya fled": a word the vocabulary does not know, right before a verb that says
    what happened to people, names who is counted."""
    words = _words(body, fig["end"])
    if outcome is None or not words or words[0][0] in _STOP or outcome[0] < words[0][1]:
        return None
    if _ADJACENT_AFTER.fullmatch(body, words[0][1], outcome[0]) is None:
        return None
    fig["end"] = words[0][1]
    return Subject(words[0][0], "unknown", False)


def _outcome_adjacent(fig: dict, outcome: tuple[int, int, Outcome] | None, body: str) -> bool:
    """ "thousands fled", "killing at least 300", "300 were killed", "the death toll rose to 300":
    the outcome says a bare number counts people."""
    if outcome is None:
        return False
    o_start, o_end, _ = outcome
    if o_start >= fig["end"]:
        return _ADJACENT_AFTER.fullmatch(body, fig["end"], o_start) is not None
    return _ADJACENT_BEFORE.fullmatch(body, o_end, fig["start"]) is not None


def _claimant(fig: dict, body: str, sentence: _Sentence) -> str | None:
    """Who says so: the nearest attribution before the figure, else the first after it."""
    for c_start, c_end, position in reversed([c for c in sentence.cues if c[1] <= fig["num_start"]]):
        if position == "after":
            who = _claimant_after_cue(body, c_end, sentence.end)
        else:
            who = _claimant_before_cue(body, sentence.start, c_start)
        if who:
            return who
    for c_start, c_end, position in (c for c in sentence.cues if c[0] >= fig["end"]):
        if position == "after":
            who = _claimant_after_cue(body, c_end, sentence.end)
        else:
            who = _claimant_before_cue(body, fig["end"], c_start) or _named_after_cue(
                body, c_end, sentence.end
            )
        if who:
            return who
    return None


def _claimant_after_cue(body: str, pos: int, limit: int) -> str | None:
    """ "according to a media unit run by Hizbullah, …" -> "a media unit run by Hizbullah"."""
    segment = body[pos : min(limit, pos + 100)]
    stop = _CLAIMANT_END.search(segment)
    return _clean_claimant(segment[: stop.start()] if stop else segment)


def _claimant_before_cue(body: str, lower: int, cue_start: int) -> str | None:
    """ "…, the Russian defence ministry said" -> "the Russian defence ministry"."""
    segment = body[max(lower, cue_start - 120) : cue_start]
    breaks = list(_CLAIMANT_BREAK.finditer(segment))
    if breaks:
        segment = segment[breaks[-1].end() :]
    return _clean_claimant(_CLAIMANT_TAIL.sub("", segment.rstrip()))


def _named_after_cue(body: str, pos: int, limit: int) -> str | None:
    """ "…,” said Razak" -> "Razak"; "…, said the Syrian Observatory" -> "the Syrian Observatory"."""
    segment = body[pos:limit].lstrip()
    name = segment[4:] if segment.startswith("the ") else segment
    if not name[:1].isupper() or name.split(" ")[0] in _WEEKDAYS:
        return None
    return _claimant_after_cue(body, limit - len(segment), limit)


def _clean_claimant(text: str) -> str | None:
    who = fold(text).strip(" ,.'\"‘’“”")
    words = who.split()
    if not words or len(words) > 12 or who.lower() in _PRONOUNS:
        return None
    if all(w.lower() in _STOP for w in words) or any(ch.isdigit() for ch in who):
        return None
    return who


def _nearest_place(fig: dict, sentence: _Sentence, role: str) -> str | None:
    """The closest mention with the role, preferring one after the figure."""
    after = [p for p in sentence.places if p[3] == role and p[0] >= fig["end"]]
    if after:
        return after[0][2]
    before = [p for p in sentence.places if p[3] == role and p[1] <= fig["start"]]
    return before[-1][2] if before else None


# ------------------------------------------------------------------ movements


# Before a place, the words that make it a movement's end: a preposition or a verb that takes the
# place as its object, then only filler ("from the villages of Foua", "going to the town of Idlib").
_MOVEMENT_FILLER = (
    r"(?:\s*,|\s+(?:the|a|an|two|three|several|some|villages?|towns?|city|cities|province|governorate|region|"
    r"areas?|parts?|districts?|neighbou?rhoods?|camps?|besieged|nearby|remaining|last|of|[a-z]+-[a-z]+))*\s*$"
)
_MOVEMENT_LEAD = re.compile(
    r"\b(?P<lead>"
    + "|".join(
        sorted(
            (
                re.escape(k)
                for k in (*_ROLE_OF_PREPOSITION, *(p for p, o in OUTCOMES.items() if o.object_role))
            ),
            key=len,
            reverse=True,
        )
    )
    + r")"
    + _MOVEMENT_FILLER
)
_COORDINATED = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)$")


def extract_movements(body: str, sents: list[tuple[int, int]], mentions: list[dict]) -> list[dict]:
    """Movements a report states, with or without a number ("to evacuate from Aleppo to villages
    of Idlib province", "fighters leaving eastern Aleppo are going to the town of Idlib"): each
    sentence whose verb moves people gives one row per origin/destination pair it names, either
    end None when the sentence leaves it unsaid."""
    lower = _lower(body)
    starts = [m["start"] for m in mentions]
    rows: list[dict] = []
    for span in sents:
        lo, hi = bisect.bisect_left(starts, span[0]), bisect.bisect_left(starts, span[1])
        if lo == hi:
            continue  # no place named: no movement to map
        verbs = [
            (m.start(), m.end(), OUTCOMES[m.group()])
            for m in _OUTCOME_RE.finditer(lower, *span)
            if OUTCOMES[m.group()].movement
        ]
        if not verbs:
            continue
        roles = _movement_roles(lower, span[0], mentions[lo:hi])
        origins = _first_of_each(p for p in roles if p[3] == "origin")
        destinations = _first_of_each(p for p in roles if p[3] == "destination")
        if origins or destinations:
            rows += _movement_rows(body, span, verbs[0], origins, destinations)
    return rows


def _movement_roles(lower: str, sent_start: int, mentions: list[dict]) -> list[tuple[int, int, str, str]]:
    """Each place's role in a movement: what stands right before it, or, for a place coordinated
    with the one before ("Foua and Kefraya"), that place's role."""
    roles, previous_end, previous_role = [], sent_start, None
    for m in mentions:
        gap = lower[previous_end : m["start"]]
        lead = _MOVEMENT_LEAD.search(gap)
        if lead:
            word = lead.group("lead")
            role = _ROLE_OF_PREPOSITION.get(word) or OUTCOMES[word].object_role
        elif previous_role and _COORDINATED.match(gap):
            role = previous_role
        else:
            role = None
        roles.append((m["start"], m["end"], m["place_id"], role))
        previous_end, previous_role = m["end"], role
    return roles


def _first_of_each(places) -> list[tuple[int, int, str, str]]:
    seen: dict[str, tuple[int, int, str, str]] = {}
    for p in places:
        seen.setdefault(p[2], p)
    return list(seen.values())


def _movement_rows(body: str, span: tuple[int, int], verb, origins, destinations) -> list[dict]:
    rows = []
    for origin in origins or [None]:
        for destination in destinations or [None]:
            ends = [x for x in (origin, destination) if x is not None]
            if origin and destination and origin[2] == destination[2]:
                continue
            start = min(verb[0], *(x[0] for x in ends))
            end = max(verb[1], *(x[1] for x in ends))
            rows.append(
                {
                    "origin_id": origin[2] if origin else None,
                    "destination_id": destination[2] if destination else None,
                    "outcome": verb[2].name,
                    "text": body[start:end],
                    "start": start,
                    "end": end,
                    "quote": fold(body[span[0] : span[1]]),
                    "quote_start": span[0],
                    "quote_end": span[1],
                }
            )
    return rows


# ------------------------------------------------------------------ across figures


def _share_within_lists(figures: list[dict], body: str) -> None:
    """ "82 people, including 11 women and 13 children": listed figures share what the sentence
    says of the others (outcome, claimant, places) where they say nothing themselves."""
    groups: list[list[dict]] = []
    for fig in figures:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and prev["quote_start"] == fig["quote_start"]
            and _LINK.fullmatch(body, prev["end"], fig["start"])
        ):
            groups[-1].append(fig)
        else:
            groups.append([fig])
    for group in groups:
        if len(group) == 1:
            continue
        for field in _SHARED:
            shared = next((f[field] for f in group if f[field] is not None), None)
            for f in group:
                if f[field] is None:
                    f[field] = shared


def _drop_repeats(figures: list[dict]) -> list[dict]:
    """A report that restates a figure (same amount, subject, qualifier and outcome) gives one row."""
    seen: set[tuple] = set()
    out = []
    for f in figures:
        key = (f["value"], f["low"], f["high"], f["unit"], f["subject"], f["qualifier"], f["outcome"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def subject_pool(subject: str | None) -> str:
    """The pool claims group a subject in ("civilians" and "people" count the same people)."""
    return SUBJECT_POOL.get(subject or "", subject or "")
