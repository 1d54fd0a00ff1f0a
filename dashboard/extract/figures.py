"""Figures: every number a report states, with what it counts and the words it came from.

Two cheap scans find where a number may start (`numbers.find_candidates`); each candidate is read
and judged on the few words around it (candidates.py: what it counts, its qualifier and unit, and
the rules that say a number is no figure). The figure's sentence and clause then give what happened
to them (outcome), whether it happened (status) and what is counted (measure: status.py), when
(the date words that govern it), who says so (claimant, claimants.py) and where (place, origin,
destination). Vocabularies are CSV files in `vocab/` (see its README).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, fields

from dashboard.extract import numbers, status
from dashboard.extract.batches import batch_of
from dashboard.extract.candidates import Candidate, rejection
from dashboard.extract.claimants import CUES, claimant, claimant_kind
from dashboard.extract.dates import DateRef
from dashboard.extract.figure_places import (
    breakdown_place,
    listed_places,
    nearest_place,
    section_headings,
    section_place,
)
from dashboard.extract.lists import (
    context_subject,
    enumerated,
    heading_subject,
    label_subject,
    share_antecedent_dates,
    strip_rounded,
    strip_subject,
)
from dashboard.extract.neighbours import Found, Neighbours, Sentence, Spans
from dashboard.extract.outcomes import OUTCOMES, describes_place
from dashboard.extract.subjects import (
    PART_OF_NUMBER,
    PEOPLE,
    STOP,
    SUBJECTS,
    WHOLE_AFTER_PART,
    WORDS,
    Subject,
    tally,
    words_after,
)
from dashboard.extract.text import lowered, sentence_at
from dashboard.extract.vocab import alternation, words_of

_MEASURE_OF_OUTCOME = {o.name: o.measure for o in OUTCOMES.values()}

_LINK = re.compile(rf"[\s,]*(?:{alternation(words_of(WORDS, 'role', 'list_link'))})\s*", re.IGNORECASE)
_AND = re.compile(r"\band\b")
# An aside right after the figure, between dashes or brackets, stands outside its clause.
_ASIDE = re.compile(r"\s*(?:[–—]\s[^–—\n]{1,200}?\s[–—]|\([^()\n]{1,200}\))")
_OTHER_CLAUSE = re.compile(r"[;:\d]")  # "23 dead, 57 wounded": an outcome never reaches past another number
# Figures of one list joined by commas and "and"/"or", each with its few words ("40 schools"): the
# verb after the last one is every item's.
_COORDINATED = re.compile(
    r"(?:\s*(?:,\s*(?:and|or)?|\band|\bor)\s*#(?:\s+[^\W\d]+(?:-[^\W\d]+)*){0,3})+\s*", re.I
)
_TALLY_AUX = alternation(words_of(WORDS, "role", "tally_auxiliary"))
_ADJACENT_BEFORE = re.compile(
    rf"\s*(?:(?:{_TALLY_AUX})\s+)?(?:(?:{alternation(words_of(WORDS, 'role', 'tally_verb'))})\s+){{0,2}}"
)
_ADJACENT_AFTER = re.compile(rf"\s*(?:(?:{alternation(words_of(WORDS, 'role', 'after_number'))})\s+){{0,5}}")
_REPORTING = frozenset(cue for cue, where in CUES.items() if where == "before")
# Between a figure and its verb, an auxiliary or a relative pronoun makes the figure the verb's subject.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|will|would|shall|should|can|could|may|might|must|"
    r"that|which|who|do|does|did)\b"
)
# The rest of a figure's clause runs to the next comma or dash, unless a conjunction carries the
# verb on ("were due to leave, but had not moved"): ", which stalled" speaks of something else.
_REST_ENDS = re.compile(r"[,;:—–(]\s*(?!but\b|yet\b|though\b|and\s+(?:had|have|has|were|was|did)\b)")
# A subordinating conjunction opens another clause: an outcome after it is that clause's verb.
_CONJUNCTION = re.compile(r"\b(?:while|whereas|because|although|though)\b|\bas\s+(?:the\s|an?\s|[A-Z])")
_SINCE = re.compile(r"\b(?:since|from)\s+(?:the\s+)?$", re.IGNORECASE)
# "since violence broke out on April 15", "since fighting intensified in the area in late December":
# the date of the event a "since" clause names is where the count starts.
_SINCE_CLAUSE = re.compile(r"\bsince\s+(?:[\w'’-]+\s+){1,8}?(?:on|in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_SINCE_CLAUSE_REACH = 90
_OUTCOME_AFTER, _OUTCOME_BEFORE = 70, 40  # how far (characters) an outcome may stand from its figure
# ", and" / ", but" before a figure opens a clause of its own: a date before it dates the clause before
# ("struck the town overnight, and 150,000 had fled since Wednesday": since Wednesday), unless it has none.
_CLAUSE_JOINED = re.compile(r",\s+(?:and|but)\s")
_SAID_ON = 14  # a date this close after a reporting verb dates the saying ("said on Tuesday")
_VERB_REACH = 30  # how far after a figure with no outcome its verb group is looked for


@dataclass
class Figure:
    """One row of the figures table (but the ids and the dates the corpus resolves)."""

    value: float | None
    low: float
    high: float
    unit: str | None
    subject: str | None
    qualifier: str | None
    outcome: str | None
    status: str
    measure: str
    kind: str
    claimant: str | None
    claimant_kind: str | None
    place_id: str | None
    origin_id: str | None
    destination_id: str | None
    places_listed: str | None  # "270,000 in Daraa and Quneitra": the places counted together
    batch: str | None  # "the first group of 100": which of several groups it counts (batches.py)
    text: str
    start: int
    end: int
    quote: str
    quote_start: int
    quote_end: int
    as_of_ref: int  # the date words that govern it: an index into the report's date refs, or -1
    as_of_mode: str | None  # "since": from that day up to the report; "said": the day it was said
    broken_down: bool = False  # its place is a breakdown's ("136,000 from Eritrea"): not shared in a list

    def row(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}


FIELDS = tuple(f.name for f in fields(Figure) if f.name != "broken_down")
_SHARED = ("outcome", "claimant", "claimant_kind", "place_id", "origin_id", "destination_id")


# ------------------------------------------------------------------ entry point


def extract_figures(
    body: str,
    sents: list[tuple[int, int]],
    mentions: list[dict],
    refs: list[DateRef] | tuple = (),
    check: Callable[[], None] | None = None,
    raw: str | None = None,
) -> list[dict]:
    """The figures a report states, in text order (see FIELDS); offsets are offsets into body.
    `refs` are the report's date references (dates.find_date_refs): a figure records the one that
    dates it. `check` is called before each sentence (the report's time budget raises there).
    `raw`: the text before furniture was blanked, where section headings in capitals still stand."""
    lower = lowered(body)
    mention_starts = [m["start"] for m in mentions]
    by_sentence: dict[tuple[int, int], list[Candidate]] = {}
    for match in numbers.find_candidates(body, lower):
        candidate = Candidate(body, match)
        if rejection(candidate) is None:
            span = sentence_at(sents, match.start())
            by_sentence.setdefault(
                span if span[0] != span[1] else (candidate.start, candidate.end), []
            ).append(candidate)
    figures: list[Figure] = []
    previous: list[Figure] = []
    ref_starts = sorted((r.start, i) for i, r in enumerate(refs))
    for span, candidates in by_sentence.items():
        if check is not None:
            check()
        sentence = Sentence.read(body, lower, span, mentions, mention_starts, (refs, ref_starts))
        last = (previous[-1].quote_end, previous[-1].subject) if previous else None
        context = context_subject(body, last, span)
        read: list[Figure] = []
        others = Spans([(c.start, c.end) for c in candidates])
        for i, c in enumerate(candidates):
            figure = read_in_sentence(c, Neighbours(sentence, candidates, i, others, context, read))
            if figure is not None:
                read.append(figure)
        figures += read
        previous = read or previous
    _share_within_lists(figures, body)
    share_antecedent_dates(figures, body)
    headings = section_headings(raw or body, mentions)
    for f in figures:  # "People killed: 501" under "MOZAMBIQUE"
        f.place_id = f.place_id or (None if f.places_listed else section_place(headings, f.start))
    return [f.row() for f in _drop_repeats(figures)]


def read_in_sentence(c: Candidate, n: Neighbours) -> Figure | None:
    """The figure a candidate states in its sentence; None when it counts nothing after all."""
    body, start, sentence = c.body, c.start, n.sentence
    begin, stop = _clause_bounds(c, sentence, n.floor, n.ceiling)
    subject, outcome, place, end = _what_is_counted(c, n, begin)
    if subject is None and c.unit is None:
        return None
    assert c.amount is not None  # a rejection rule drops unreadable candidates
    ref, mode = _governing_date(body, sentence, begin, start, stop)
    clause = _clause(c, sentence, (begin, stop), outcome, subject, since=mode == "since")
    movement = (outcome is not None and outcome[2].movement) or sentence.movement
    who = claimant(body, sentence.cues, (sentence.start, sentence.end), (start, c.num_start, end))
    bounds = (n.floor, n.ceiling)
    measure = status.measure_of(clause)
    # "500 more people left": ones beyond those counted before; "several hundred more remain": still the stock
    batch = batch_of(body, start, end if measure != "stock" else None)
    return Figure(
        value=c.amount.value,
        low=c.amount.low,
        high=c.amount.high,
        unit=c.unit,
        subject=subject.name if subject else None,
        qualifier=c.qualifier or strip_rounded(c),
        outcome=outcome[2].name if outcome else (subject.outcome if subject else None),
        status=status.status_of(clause),
        measure=measure,
        kind="enumeration" if enumerated(body, c, sentence.end) else "count",
        claimant=who,
        claimant_kind=claimant_kind(who),
        place_id=place or nearest_place(sentence, "place", (start, end), bounds),
        origin_id=nearest_place(sentence, "origin", (start, end), bounds) if movement else None,
        destination_id=nearest_place(sentence, "destination", (start, end), bounds) if movement else None,
        places_listed=None if place else listed_places(sentence, (start, end), bounds),
        batch=batch,
        text=body[start:end],
        start=start,
        end=end,
        quote=sentence.quote(body),
        quote_start=sentence.start,
        quote_end=sentence.end,
        as_of_ref=ref,
        as_of_mode=mode,
        broken_down=place is not None,
    )


def _what_is_counted(
    c: Candidate, n: Neighbours, begin: int
) -> tuple[Subject | None, Found | None, str | None, int]:
    """(subject, outcome, place, end of the figure's words): from the counted noun, else a list's
    heading ("Homs (12,345)" under "IDPs by governorate"), else a breakdown of the figure before it
    ("937 died: 234 in Balochistan, nine in GB"), else what a bare number counts."""
    subject, end = c.subject, c.end
    # a part after its whole ("Out of 61,488 houses damaged, 43,960 were destroyed") counts what it counts
    whole_first = _whole_first(c, n) if subject is None else None
    kind = subject.kind if subject else whole_first.kind if whole_first else "unknown"
    whole = _whole_of(c, n)
    if whole is not None:  # "400 of the 1,200 people … had left": the verb the whole stands before
        others = n.others.without((whole.start, whole.end))
        outcome = _nearest_outcome(c.body, (begin, whole.start, whole.end), n.sentence, kind, others)
    else:
        floor = c.start if whole_first is not None else begin  # the verb before the part is the whole's
        outcome = _nearest_outcome(c.body, (floor, c.start, end), n.sentence, kind, n.others)
    if WHOLE_AFTER_PART.search(c.body, max(n.floor - 24, 0), c.num_start):
        outcome = None  # "400 of the 1,200 people … had left": the verb is the part's
    if subject is not None and subject.trailing:
        outcome = _outcome_named(subject.outcome) or outcome
    if outcome is None and subject is not None:
        outcome = n.sentence.attributive_outcome(c.num_end, end, kind)
    broken_down = breakdown_place(c, n.sentence)
    if broken_down is not None and (outcome is None or subject is None) and n.earlier:
        head = n.earlier[-1]  # the count this one breaks down: its outcome, and its subject if it has none
        if outcome is None:
            named = _outcome_named(head.outcome)
            # "82 civilians in four neighborhoods in Aleppo": neighborhoods are not killed
            outcome = (
                named if named is not None and (subject is None or kind in named[2].applies_to) else None
            )
        if subject is None and c.unit is None and head.subject:
            subject = SUBJECTS.get(head.subject, Subject(head.subject, "person", True))
    if subject is not None or c.unit is not None:
        return subject, outcome, broken_down, end
    listed = (
        heading_subject(c.body, c, n.sentence.places) or label_subject(c.body, c) or strip_subject(c.body, c)
    )
    if listed is not None:
        return listed[0], _outcome_named(listed[1]) or outcome, listed[2], end
    subject, end = _bare_subject(c, outcome, whole_first or n.context)
    if outcome is None and subject is not None and _sums_the_list(c, n):
        outcome = _outcome_named(n.earlier[-1].outcome)  # "446 dead …, 259 dead …, for a total of 761"
    return subject, outcome, broken_down, end


# "Out of 61,488 houses damaged, 43,960 were destroyed": parts after their whole count what it counts.
# The whole opens its clause: "a total of 600 deaths and 1,900 injuries" is a list, not a whole.
_WHOLE_FIRST = re.compile(
    r"(?:^|[,;:]\s*)(?:out\s+of|of)\s+(?:a\s+total\s+of\s+|the\s+|these\s+|those\s+)?$", re.IGNORECASE
)


_WHOLE_LEAD_REACH = 40


def _whole_lead(body: str, clause_start: int, start: int) -> bool:
    """Whether the words before `start` open its sentence or clause as a whole ("Out of a total of")."""
    lo = max(clause_start, start - _WHOLE_LEAD_REACH)  # bounded: a long sentence is read in one pass
    text = body[lo:start].lstrip() if lo == clause_start else "… " + body[lo:start]
    return _WHOLE_FIRST.search(text) is not None


def _opens_as_whole(body: str, f: Figure) -> bool:
    return _whole_lead(body, f.quote_start, f.start)


def _whole_first(c: Candidate, n: Neighbours) -> Subject | None:
    """What the sentence's first figure counts, where it opens as a whole ("Out of 61,488 houses …")."""
    if not n.earlier:
        return None
    head = n.earlier[0]
    if not head.subject or not _opens_as_whole(c.body, head):
        return None
    return SUBJECTS.get(head.subject, Subject(head.subject, "unknown", True))


def _sums_the_list(c: Candidate, n: Neighbours) -> bool:
    """ "a three-nation total of 761" after figures of one outcome: the total of what they count."""
    m = tally(c.body, c.start)
    if m is None or not m.group("total") or len(n.earlier) < 2:
        return False
    return len({f.outcome for f in n.earlier}) == 1 and n.earlier[-1].outcome is not None


def _whole_of(c: Candidate, n: Neighbours) -> Candidate | None:
    """The count this figure is a part of ("400 of the approximately 1,200 people"), if any."""
    i = n.index + 1
    if i < len(n.candidates) and PART_OF_NUMBER.match(c.body, c.end):
        return n.candidates[i]
    return None


def _bare_subject(c: Candidate, outcome: Found | None, context: Subject | None) -> tuple[Subject | None, int]:
    """Who a number with no counted noun counts, and where its words end: a group named by a word
    the vocabulary lacks ("700,000 Rohingya fled"), people when an outcome says so ("thousands
    fled", "300 were killed"), or, for a bare range or a tally, what the sentence before counted."""
    named = _named_group(c.body, c.end, outcome)
    if named is not None:
        return named
    if _outcome_adjacent(c.body, c.start, c.end, outcome):
        assert outcome is not None
        if "person" in outcome[2].applies_to:
            return PEOPLE, c.end
        # "317,391 are totally destroyed": what the sentence before counted, if the outcome fits it
        fits = context is not None and context.kind in outcome[2].applies_to
        return (context if fits else None), c.end
    if _CARRYING.search(c.body, max(0, c.start - 30), c.start):  # "a convoy left carrying 2000"
        return PEOPLE, c.end
    tallied = tally(c.body, c.start) is not None  # "the agency put the number at 18,000", "a total of 761"
    if context is not None and (c.match.group("range") or tallied):
        return context, c.end
    if tallied or _IN_CAMPS.match(c.body, c.end):
        return PEOPLE, c.end
    return None, c.end


# "a convoy left carrying 2000": what a vehicle carries, with no noun, is people
_CARRYING = re.compile(r"\b(?:carrying|carried|transporting|transported|ferrying|ferried)\s+$", re.IGNORECASE)
# "130,000 in rescue camps": people, where they stay
_IN_CAMPS = re.compile(
    r"[ \t]+(?:are[ \t]+|were[ \t]+|remain[ \t]+|now[ \t]+)?(?:in|at)[ \t]+(?:[\w-]+[ \t]+){0,2}?"
    r"(?:camps?|shelters?|sites?|centres?|centers?|settlements?|schools)\b",
    re.IGNORECASE,
)


def _outcome_named(name: str | None) -> Found | None:
    outcome = OUTCOMES.get(name or "")
    return (0, 0, outcome) if outcome else None


def _clause_bounds(c: Candidate, sentence: Sentence, floor: int, ceiling: int) -> tuple[int, int]:
    """Where the figure's clause starts (after the last reporting verb, semicolon or earlier figure
    before it) and ends (the next semicolon or figure)."""
    lower = sentence.lower
    begin = max(floor, lower.rfind(";", floor, c.start) + 1)
    for cue in sentence.cues:  # "officials said (that) 500 …": the saying is no part of the verb group
        words = lower[cue.start : cue.end]
        if (
            begin <= cue.start
            and cue.end <= c.start
            and words in _REPORTING
            and words not in status.STATUS_CUES
        ):
            begin = cue.end  # ("denied that 400 …" keeps its denial)
    stop = lower.find(";", c.end, ceiling)
    return begin, ceiling if stop < 0 else stop


def _clause(
    c: Candidate, sentence: Sentence, bounds: tuple[int, int], outcome: Found | None, subject, since: bool
) -> status.Clause:
    """The figure's clause cut where the status and measure rules look: before the figure, its verb
    group, the rest of the clause."""
    begin, stop = bounds
    end = c.end
    after = outcome is not None and outcome[0] >= end and outcome[1] <= stop
    # no verb of its own in view: the words right after it stand for its verb group ("are expected to")
    verb_end = outcome[1] if outcome is not None and after else min(stop, end + _VERB_REACH)
    governing = outcome[2] if outcome else None
    finite = outcome is not None and after and _FINITE.search(sentence.lower, end, outcome[0]) is not None
    measure: str | None = None
    if governing is not None:
        measure = governing.measure
    elif subject is not None and subject.outcome:
        measure = _MEASURE_OF_OUTCOME.get(subject.outcome)
    rest = _REST_ENDS.search(sentence.lower, verb_end, stop)
    return status.Clause(
        body=c.body,
        lower=sentence.lower,
        before=(begin, c.start),
        verb=(
            c.num_end,
            verb_end,
        ),  # from the number: a copula may be inside the figure's words ("600,000 would be Sudanese")
        after=(verb_end, rest.start() if rest else stop),
        outcome_measure=measure,
        outcome_status=governing.status if governing else None,
        has_unit=c.unit is not None,
        counts_people=subject is not None and subject.kind == "person",
        since=since,
        subject_of_verb=finite,
    )


def _governing_date(
    body: str, sentence: Sentence, begin: int, start: int, ceiling: int
) -> tuple[int, str | None]:
    """The date words that date the figure: the nearest in its clause that does not date a saying
    ("said on Tuesday"), else the saying's ("officials said on Tuesday that 500 had left")."""
    lower = sentence.lower
    own: list[tuple[int, DateRef]] = []
    earlier: list[tuple[int, DateRef]] = []
    said: list[tuple[int, DateRef]] = []
    for index, ref in sentence.refs:
        before = lower[max(sentence.start, ref.start - _SAID_ON) : ref.start].split()
        saying = any(w.strip(",") in _REPORTING for w in before[-2:])
        if saying:
            said.append((index, ref))
        elif begin <= ref.start < ceiling:
            joined = ref.end <= start and _CLAUSE_JOINED.search(lower, ref.end, start) is not None
            (earlier if joined else own).append((index, ref))
    pool = own or earlier or said
    if not pool:
        return -1, None
    index, ref = min(pool, key=lambda p: abs(p[1].start - start))
    if pool is said:  # "3,000 have fled, a spokesman said on Sunday": as of the saying, like a report's day
        return index, "said"
    since = _SINCE.search(body, max(0, ref.start - 12), ref.start) or _SINCE_CLAUSE.search(
        body, max(0, ref.start - _SINCE_CLAUSE_REACH), ref.start
    )
    return index, "since" if since else None


def _nearest_outcome(
    body: str, words: tuple[int, int, int], sentence: Sentence, kind: str, others: Spans
) -> Found | None:
    """The closest outcome phrase that can describe the subject, after the figure ("82 civilians
    were killed") or before it ("killed six people"); the figure's own words are not searched, nor
    another figure's ("3,000 people, among them hundreds of wounded, left": 3,000 left), and no
    outcome reaches past another figure. `words` is (floor, start, end): an outcome before `floor`
    belongs to an earlier figure."""
    floor, start, end = words
    best, best_distance = None, _OUTCOME_AFTER + 1
    whole = _whole_lead(body, sentence.start, start)  # "Of the 300 houses, 40 were destroyed"
    starts = sentence.outcome_starts  # only those from `floor` to the reach after the figure can be it
    aside = _ASIDE.match(body, end)  # "4,000 refugees – among the 1.1 million … – have returned"
    aside_end = aside.end() if aside is not None else end
    lo, hi = bisect.bisect_left(starts, floor), bisect.bisect_right(starts, aside_end + _OUTCOME_AFTER)
    for o in sentence.outcomes[lo:hi]:
        o_start, o_end, outcome = o
        if kind not in outcome.applies_to or others.covers(o_start) or describes_place(body, o_start, o_end):
            continue
        if o_start >= end:
            gap_from = aside_end if aside_end <= o_start else end
            distance, between = o_start - gap_from, (gap_from, o_start)
            if _CONJUNCTION.search(body, *between):
                continue  # "130,000 in camps as the death toll rises": the verb of another clause
            if whole and others.within(*between):
                continue  # "Of the 300 houses, 40 were destroyed": the part's verb
        elif floor <= o_start and o_end <= start:
            distance, between = start - o_end, (o_end, start)
            if distance > _OUTCOME_BEFORE or _AND.search(body, *between):
                continue  # "35 had been killed and 120 injured": the verb belongs to the first figure
        else:
            continue
        if distance < best_distance and not _crosses(body, between, others):
            best, best_distance = o, distance
    return best


def _crosses(body: str, between: tuple[int, int], others: Spans) -> bool:
    """Whether another number or clause stands between a figure and an outcome; the other figures of
    one coordinated list do not ("1,000 houses, 40 schools and 3 hospitals were destroyed")."""
    inside = others.within(*between)
    if not inside:
        return _OTHER_CLAUSE.search(body, *between) is not None
    masked, last = [], between[0]
    for s, e in inside:
        masked.append(body[max(last, between[0]) : s] + "#")
        last = min(e, between[1])
    masked.append(body[last : between[1]])
    return _COORDINATED.fullmatch("".join(masked)) is None


def _named_group(body: str, end: int, outcome: Found | None) -> tuple[Subject, int] | None:
    """ "700,000 Rohingya fled": a word the vocabulary does not know, right before a verb that says
    what happened to people, names who is counted: (the subject, the figure's new end)."""
    words = words_after(body, end)
    if outcome is None or not words or words[0][0] in STOP or outcome[0] < words[0][1]:
        return None
    if _ADJACENT_AFTER.fullmatch(body, words[0][1], outcome[0]) is None:
        return None
    return SUBJECTS.get(words[0][0], Subject(words[0][0], "unknown", False)), words[0][1]


def _outcome_adjacent(body: str, start: int, end: int, outcome: Found | None) -> bool:
    """ "thousands fled", "killing at least 300", "300 were killed", "the death toll rose to 300",
    "2,300 were known to have been displaced": the outcome says a bare number counts people."""
    if outcome is None:
        return False
    o_start, o_end, _ = outcome
    if o_start >= end:
        return _ADJACENT_AFTER.fullmatch(body, end, o_start) is not None
    return _ADJACENT_BEFORE.fullmatch(body, o_end, start) is not None


# ------------------------------------------------------------------ across figures


def _share_within_lists(figures: list[Figure], body: str) -> None:
    """ "82 people, including 11 women and 13 children": listed figures share what the sentence
    says of the others (outcome, claimant, places) where they say nothing themselves; "at least
    600 deaths and 1,900 injuries": the qualifier of the first carries to the next."""
    groups: list[list[Figure]] = []
    for fig in figures:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and prev.quote_start == fig.quote_start
            and _LINK.fullmatch(body, prev.end, fig.start)
            and not _opens_as_whole(
                body, prev
            )  # "Of the 300 houses, 40 were destroyed": a whole and its part
        ):
            groups[-1].append(fig)
        else:
            groups.append([fig])
    for group in groups:
        if len(group) == 1:
            continue
        _share_reading(group)
        for name in _SHARED:
            givers = [f for f in group if not (name == "place_id" and f.broken_down)]
            shared = next((getattr(f, name) for f in givers if getattr(f, name) is not None), None)
            for f in group:
                if getattr(f, name) is None:
                    setattr(f, name, shared)
        _share_qualifier(group, body)


def _share_reading(group: list[Figure]) -> None:
    """A listed figure with no verb or date words of its own ("6,000 civilians and 366 fighters had
    left … over the past 24 hours") is read with those of the one that has them; a status one item
    states holds for all."""
    governed = next((f for f in group if f.outcome is not None), None)
    dated = next((f for f in group if f.as_of_ref >= 0), None)
    # "he expected 1,500 people, including 400 rebels, to leave": a modal or a plan before the list
    # scopes over all of it, so what one item says outweighs the others' silence ("occurred"), and
    # the strongest outweighs the rest ("29 buses were due to leave, with 5 ambulances, but had not moved")
    said = min((f.status for f in group if f.status != "occurred"), key=status.PRECEDENCE.index, default=None)
    for f in group:
        if governed is not None and f.outcome is None:
            f.status, f.measure = governed.status, governed.measure
    for f in group:
        if said is not None:
            f.status = said
        if (
            dated is not None and f.as_of_ref < 0
        ):  # "6,000 civilians and 366 fighters … over the past 24 hours"
            f.as_of_ref, f.as_of_mode = dated.as_of_ref, dated.as_of_mode


def _share_qualifier(group: list[Figure], body: str) -> None:
    first = group[0]
    if first.qualifier not in ("at least", "more than", "about") or first.value is None:
        return
    for prev, f in zip(group, group[1:], strict=False):
        if not _AND_ONLY.fullmatch(body, prev.end, f.start) or f.subject == first.subject:
            return  # "82 people, including 11 women": a breakdown, not a second count
        if f.qualifier is None and f.value is not None:
            f.qualifier = first.qualifier


_AND_ONLY = re.compile(r"\s*(?:,\s*)?and\s+")  # one way to split the blanks: linear


def _drop_repeats(figures: list[Figure]) -> list[Figure]:
    """A report that restates a figure (same amount, subject, qualifier and outcome) gives one row."""
    seen: set[tuple] = set()
    out = []
    for f in figures:
        key = (f.value, f.low, f.high, f.unit, f.subject, f.qualifier, f.outcome, f.status)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
