"""Dated statements: each date reference resolved against the report's publication date,
with the gist of its sentence ("ceasefire went into effect at 6pm local time").

The gist is the clause that holds the date, cut down: the date words go; reported speech keeps
what was said ("X said on Tuesday that the deal would take effect" → "deal would take effect");
attributions, relative clauses and trailing asides are dropped; 90 characters at most. It is
built with string operations rather than regex searches, which are slow per sentence in Python.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from dashboard.extract import dates, resolve
from dashboard.extract.text import fold

WHAT_MAX_CHARS = 90
# A quote longer than this is no sentence of a report (the longest in the corpus: 1,153 characters):
# its events quote the stretch around their date, so the table grows with the text, not its square.
QUOTE_MAX = 4 * 1200
GIST_REACH = 1200  # characters either side of a date read for its gist (real sentences: under 1,200)

_ROLES = dates.WORD_ROLES
_NO_ROLES: frozenset[str] = frozenset()
_VERB_ROLES = frozenset({"past", "future", "present", "future_to"})
_FINITE_ROLES = frozenset({"past", "future", "present"})


def _words_of(role: str) -> frozenset[str]:
    return frozenset(w for w, roles in _ROLES.items() if role in roles)


# Word lists of vocab/event_words.csv, by role (see vocab/README.md):
_DATE_LEAD = _words_of("date_lead")  # dropped with the date: "on", "at the", "anytime"
_DATE_NOUNS = _words_of("date_noun")  # dropped before "of" with it: "in the early hours of"
# Opening a subordinate clause: the date of "… before the army advance began at the end of
# November" belongs to "army advance began".
_SUBORDINATORS = tuple(sorted(_words_of("subordinator")))
_OPENERS = _words_of("relative")  # "the truce deal, which stalled on Wednesday"
_GLUE = _words_of("glue")  # trimmed off the front of what a clause speaks of ("on why the evacuation")
_PREPOSITIONS = _words_of("preposition")  # "Under the terms of the deal," is an adverbial, not a list's head
_PRONOUNS = _words_of("pronoun")
_REPORTING = _words_of("reporting")
_LEAD_WORDS = _words_of("lead_word")
_PUNCT = ",.;:!?\"'“”‘’()[]"
_EDGE_JUNK = " ,;:.-–—\"'“”‘’"
_MARK = "\x00"  # stands where the date words stood while the sentence is cut down

_ACCORDING = re.compile(r",?\s*[Aa]ccording\s+to\s+[^,;.\x00]{1,100},?")
# ", which was mediated by Russia and Turkey," and appositives (", one of Assad's backers,") before a verb.
_RELATIVE_CLAUSE = re.compile(r",\s*(?:which|who|whose|whom|where|one\s+of)\b[^,;\x00]{1,200},(?=\s+[a-z])")
# Where the clause holding the date ends; "and <Name>" only once the clause has its verb.
_CLAUSE_END = re.compile(
    r"(?:;|\s[—–-]\s|,\s*(?:saying|adding|as|while|but|although|though|amid|after|despite|however|and)\b|"
    r"\s(?:as|while|but|whereas|although|because)\s|(?P<and>\sand\s(?=[A-Z]|the\s|an?\s)))"
)
# ", he said.", '," Churkin said.', ", said Rami Abdulrahman, director of …": who said it, not what.
_ATTRIBUTION_TAIL = re.compile(
    r"""(?:,\s*["”’]?|["”’]\s*,?)\s*(?:(?:he|she|they|it|we|officials?|sources?|(?:the\s+)?[A-Z][\w.'’-]*"""
    r"""(?:\s+[\w.'’-]+){0,6})\s+(?:said|says|added|told\s+[\w.]+(?:\s+[\w.]+)?|reported|stated)"""
    r"""|(?:said|says|added|told)\s+[^;]{1,120})\s*[.!]?["”’]?\s*$"""
)
_SEPARATORS = re.compile(r"([,;] )")
_SINCE = re.compile(r"\bsince\s+(?:the\s+)?\Z", re.IGNORECASE)


def extract_events(
    body: str,
    sents: list[tuple[int, int]],
    refs: list[dates.DateRef],
    published: date | None,
    mentions: list[dict],
) -> list[dict]:
    """One event per resolvable date reference, ordered by position in the report.

    Without a publication date only references that name their year are resolvable.
    """
    starts = sorted((m["start"], i) for i, m in enumerate(mentions))
    events = _news_of_the_day(body, sents, refs, published, mentions, starts)
    quotes: dict[tuple[int, int], str] = {}  # a sentence of many dates is folded once
    for ref in sorted(refs, key=lambda r: r.start):
        if published is None and not ref.absolute:
            continue
        resolved = resolve.resolve(ref, published)
        if resolved is None:
            continue  # words that name no day of the calendar ("31 April") are no event
        day, day_end, precision = resolved
        if _since(body, ref, precision, published) and day < str(published):
            day_end, precision = str(published), "span"  # "since Wednesday": from that day up to the report
        s, e = ref.sentence
        # what is read of a sentence is a stretch around the date no real sentence exceeds
        near = max(s, ref.start - GIST_REACH), min(e, ref.end + GIST_REACH)
        if e - s > QUOTE_MAX:  # a "sentence" of thousands of dates: each quotes its stretch, not all of it
            s, e = near
        quote = quotes.get((s, e)) or quotes.setdefault((s, e), fold(body[s:e]))
        events.append(
            {
                "date": day,
                "date_end": day_end,
                "date_precision": precision,
                "date_text": ref.text,
                "date_basis": "sentence",
                "what": gist(body[near[0] : near[1]], ref.start - near[0], ref.end - near[0]),
                "place_id": _first_place(mentions, starts, (s, e)),
                "start": ref.start,
                "end": ref.end,
                "quote": quote,
                "quote_start": s,
                "quote_end": e,
            }
        )
    return sorted(events, key=lambda e: e["start"])


def extract_events_within(
    body: str,
    sents: list[tuple[int, int]],
    refs: list[dates.DateRef],
    candidates: tuple[date, ...],
    mentions: list[dict],
) -> list[dict]:
    """The events of a report with no publication date but the days it may be of (`candidates`:
    episodes.Inference): the references that name a year, and those that resolve to the same day,
    week or month whichever candidate is its date (basis `episode`). "On Tuesday" in a report of
    any day of the week after it names that Tuesday; "yesterday", "this week" and the day's news
    stay undated. Without candidates: `extract_events` with no date."""
    absolute = extract_events(body, sents, refs, None, mentions)
    out = absolute + _in_stated_period(body, sents, refs, mentions, absolute)
    if not candidates:
        return sorted(out, key=lambda e: e["start"])
    fixed = {e["start"] for e in out}
    first = min(candidates)
    by_start = {r.start: r for r in refs if not r.absolute}
    for event in extract_events(body, sents, refs, first, mentions):
        ref = by_start.get(event["start"])
        if event["start"] in fixed or ref is None or event["date_basis"] != "sentence":
            continue
        readings = [resolve.resolve(ref, day) for day in candidates]
        since = _since(body, ref, "day", first) and event["date_precision"] == "span"
        precision = "day" if since else event["date_precision"]
        if any(r is None or r[::2] != (event["date"], precision) for r in readings):
            continue  # its day depends on the report's (or names none)
        if since:
            # "since Wednesday": from that day up to the report's, which is no earlier than the
            # first day it may be of: the span that surely holds
            out.append({**event, "date_end": str(first), "date_basis": "episode"})
            continue
        if event["date_precision"] == "span" and len({r[1] for r in readings if r}) > 1:
            continue  # a span whose end depends on the report's day
        ends = [r[1] for r in readings if r is not None]
        out.append({**event, "date_end": max(ends), "date_basis": "episode"})
    return sorted(out, key=lambda e: e["start"])


# A year-less date this near a day the report states with its year is of that day's year.
STATED_NEAR_DAYS = 31


def _in_stated_period(body, sents, refs, mentions, absolute: list[dict]) -> list[dict]:
    """An undated report's year-less dates ("On 12 October") near the days it states with their
    year ("Situation Report No. 17 (1 - 20 October 2017)"): dated in that year, where every such day
    puts them in the same one. Basis `sentence`: the year is the report's own words."""
    stated = sorted(
        {date.fromisoformat(d) for e in absolute if e["date_precision"] in ("day", "span")
         for d in (e["date"], e["date_end"]) if d and len(d) == 10}
    )  # fmt: skip
    yearless = [r for r in refs if r.kind in ("explicit", "span") and r.year is None]
    if not stated or not yearless:
        return []
    found = []
    for ref in yearless:
        readings = {resolve.resolve(ref, day) for day in stated}
        if len(readings) != 1 or (reading := readings.pop()) is None:
            continue
        when = date.fromisoformat(reading[0])
        if min(abs((when - day).days) for day in stated) > STATED_NEAR_DAYS:
            continue
        found.append(ref.start)
    if not found:
        return []
    near = stated[0]
    return [e for e in extract_events(body, sents, refs, near, mentions) if e["start"] in found]


# ------------------------------------------------------------------ the day's news

# The lead's statements with no date words are the news of the report's day where their tense is
# the present: the present perfect ("the toll has risen above 750"), the present progressive
# ("rebels are leaving"), present reporting ("the UN says"). Checked in this order; the first that
# matches names the tense.
_NEWS_TENSES = (
    ("present perfect", re.compile(r"\b(?:has|have)\s+(?:(?:now|already|so\s+far|since|just)\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn|ft|ne|un|ld|id|ht|ck)\b")),
    ("present progressive", re.compile(r"\b(?:is|are)\s+(?:(?:now|still)\s+)?(?:being\s+)?[a-z]{3,}ing\b")),
    ("present reporting", re.compile(r"\b(?:says|say|warns|warn|reports|estimates)\b")),
)  # fmt: skip
LEAD_SENTENCES = 2  # the statements of the lead: the first sentences of the story
_LEAD_MIN_WORDS = 8


def _news_of_the_day(
    body: str,
    sents: list[tuple[int, int]],
    refs: list[dates.DateRef],
    published: date | None,
    mentions: list[dict],
    starts: list[tuple[int, int]],
) -> list[dict]:
    """Events dated by the report's own date (basis report_date): lead statements that name no date
    and whose tense says they are the day's news."""
    if published is None:
        return []
    dated = {r.sentence for r in refs}
    out = []
    for s, e in _lead(body, sents):
        sentence = body[s:e]
        if (s, e) in dated or not any(p.search(sentence) for _, p in _NEWS_TENSES):
            continue
        day = published.isoformat()
        out.append(
            {
                "date": day, "date_end": day, "date_precision": "day", "date_text": None,
                "date_basis": "report_date", "what": gist(sentence, 0, 0), "place_id": _first_place(mentions, starts, (s, e)),
                "start": s, "end": s, "quote": fold(sentence), "quote_start": s, "quote_end": e,
            }
        )  # fmt: skip
    return out


def _lead(body: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The first sentences of the story: long enough, ending as a sentence does (headlines,
    bylines and captions do not)."""
    found = []
    for s, e in sents:
        text = body[s:e].rstrip()
        if len(text.split()) >= _LEAD_MIN_WORDS and text.endswith((".", '."', ".”")):
            found.append((s, e))
            if len(found) == LEAD_SENTENCES:
                break
    return found


def _since(body: str, ref: dates.DateRef, precision: str, published: date | None) -> bool:
    return (
        precision == "day"
        and published is not None
        and bool(_SINCE.search(body, max(0, ref.start - 8), ref.start))
    )


def _first_place(
    mentions: list[dict], starts: list[tuple[int, int]], sentence: tuple[int, int]
) -> str | None:
    """The first place named in the sentence (`starts`: the mentions' (start, index), sorted)."""
    at = bisect.bisect_left(starts, (sentence[0], -1))
    if at == len(starts) or starts[at][0] >= sentence[1]:
        return None
    return mentions[starts[at][1]]["place_id"]


# ------------------------------------------------------------------ gist


def gist(sentence: str, start: int, end: int) -> str:
    """A short clause saying what happened on the date the words at [start, end) name."""
    text = _drop_date_lead(sentence[:start]) + f" {_MARK} " + sentence[end:]
    if "ccording to" in text:
        text = _ACCORDING.sub("", text)
    text = _RELATIVE_CLAUSE.sub("", text)  # not the one holding the date: _focus reads that
    focus = _said_on_date(text)
    if focus is None:
        focus = _reported_content(_focus(text))
    focus = _subordinate_clause(focus)
    focus = focus[: _clause_end(focus)]
    focus = _ATTRIBUTION_TAIL.sub("", focus.replace(_MARK, " "))
    return _tidy(focus)


def _word(token: str) -> str:
    return token.strip(_PUNCT).lower()


def _drop_date_lead(head: str) -> str:
    """'… went into effect at 6pm local time on' → '… at 6pm local time'."""
    words = head.split()
    kept = len(words)
    while kept:
        word = _word(words[kept - 1])
        if word in _DATE_LEAD or (word in _DATE_NOUNS and _word(words[min(kept, len(words) - 1)]) == "of"):
            kept -= 1
        else:
            break
    return " ".join(words[:kept])


def _said_on_date(text: str) -> str | None:
    """'Officials said on Wednesday that the deal was on' → 'the deal was on': the date dates
    the saying, the gist is what was said."""
    mark = text.find(_MARK)
    before = text[max(0, mark - 40) : mark].split()[-2:]
    if not any(_word(w) in _REPORTING for w in before):
        return None
    after = text[mark + 1 :].lstrip(" ,")
    if after[:5].lower() == "that ":
        after = after[5:]
    return after if len(after.split()) >= 3 else None


def _focus(text: str) -> str:
    """The comma-separated stretch of the sentence the date belongs to."""
    pieces = _SEPARATORS.split(text)  # segment, separator, segment, …
    segments = pieces[::2]
    at = next((i for i, seg in enumerate(segments) if _MARK in seg), None)
    if at is None:
        return text
    own = [w for w in (_word(t) for t in segments[at].split()) if w and w != _MARK]
    if len(own) < 2 and at + 1 < len(segments):  # "On Tuesday, the UN voiced …": the main clause follows
        return "".join(pieces[2 * at + 2 :])
    first = own[0] if own else ""
    participle = at > 0 and _is_verb(first) and not any(_is_verb(w) for w in own[1:])
    if first in _OPENERS or participle:
        # "the truce deal, which stalled on Wednesday": name what the clause speaks of
        before = segments[at - 1].split()[-3:] if at else []
        while before and _word(before[0]) in _GLUE:
            before = before[1:]
        own_text = segments[at].strip()
        if first in _OPENERS:
            own_text = own_text.split(None, 1)[1] if " " in own_text else ""
        return " ".join(before) + " " + own_text
    listed = at
    while at > 0 and _is_list_item(segments[at - 1]):
        at -= 1
    if at < listed and at > 0 and _heads_a_list(segments[at - 1]):
        at -= 1  # "The convoy carrying food, medicine and fuel entered …": the list's head
    return "".join(pieces[2 * at :])


def _reported_content(text: str) -> str:
    """'X said that the ceasefire held on Tuesday' → 'the ceasefire held'; 'An official said
    implementation would begin on Thursday' → 'implementation would begin'."""
    mark = text.find(_MARK)
    head = text[: len(text) if mark < 0 else mark]
    words = head.split()
    pos = 0
    for i, token in enumerate(words):
        pos = head.find(token, pos) + len(token)
        if i == 0 or _word(token) not in _REPORTING:
            continue
        if token.endswith("s") and not (words[i - 1][0].isupper() or _word(words[i - 1]) in _PRONOUNS):
            continue  # "reports it had received": a noun, not a verb
        rest = text[pos:]
        following = [_word(w) for w in rest.split()[:10]]
        if "that" in following[:3]:
            that = rest.find("that")
            return rest[that + 4 :]
        if any(_is_finite(w) and w not in _REPORTING for w in following):
            return rest
    return text


def _subordinate_clause(text: str) -> str:
    mark = text.find(_MARK)
    if mark <= 0:
        return text
    lower = text[:mark].lower()
    at, word = max((lower.rfind(f" {w} "), w) for w in _SUBORDINATORS)
    if at < 0:
        return text
    clause = text[at + len(word) + 2 :]
    inside = [_word(w) for w in clause[: clause.find(_MARK)].split()]
    return clause if len(inside) >= 3 and any(_is_verb(w) for w in inside) else text


def _clause_end(text: str) -> int:
    mark = max(0, text.find(_MARK))
    for m in _CLAUSE_END.finditer(text, mark):
        if not m.group("and") or any(_is_verb(_word(w)) for w in text[: m.start()].split()):
            return m.start()
    return len(text)


def _is_verb(word: str) -> bool:
    roles = _ROLES.get(word, _NO_ROLES)
    if roles & _VERB_ROLES or word in _REPORTING:
        return True
    return len(word) > 4 and word.endswith(("ed", "ing")) and "not_past" not in roles and "-" not in word


def _is_finite(word: str) -> bool:
    """A verb form that makes a clause: 'would', 'said', 'closed' (not 'shelling')."""
    roles = _ROLES.get(word, _NO_ROLES)
    if roles & _FINITE_ROLES:
        return True
    return len(word) > 4 and word.endswith("ed") and "not_past" not in roles and "-" not in word


def _heads_a_list(segment: str) -> bool:
    words = [_word(w) for w in segment.split()]
    return bool(words) and words[0] not in _PREPOSITIONS and not any(_is_finite(w) for w in words)


def _is_list_item(segment: str) -> bool:
    """'air strikes' and 'shelling' in 'air strikes, shelling and gunfire erupted'."""
    words = [_word(w) for w in segment.split()]
    return 0 < len(words) <= 3 and not any(w in _LEAD_WORDS or _is_finite(w) for w in words)


def _tidy(text: str) -> str:
    text = fold(text)
    for mark in ",.;:!?":
        text = text.replace(" " + mark, mark)
    words = text.strip(_EDGE_JUNK).split()
    while words and _word(words[0]) in _LEAD_WORDS | {"the", "a", "an", "that"}:
        words = words[1:]
    text = _balance_quotes(" ".join(words).strip(_EDGE_JUNK))
    if len(text) > WHAT_MAX_CHARS:
        text = text[: WHAT_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(_EDGE_JUNK) + "…"
    return text


def _balance_quotes(text: str) -> str:
    for quote in ('"', "“", "”"):
        if text.count(quote) % 2:
            text = text.replace(quote, "")
    return text
