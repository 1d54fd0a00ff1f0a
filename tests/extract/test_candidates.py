"""Each rule that says a number is no figure, tested alone on the phrasing it is for, and on a
near miss it must let through."""

from __future__ import annotations

import pytest

from dashboard.extract import numbers, subjects
from dashboard.extract.candidates import REJECTIONS, Candidate, rejection

RULES = {rule.name: rule for rule in REJECTIONS}


def candidate(text: str, number: str) -> Candidate:
    """The candidate whose number starts where `number` first stands in `text`."""
    at = text.index(number)
    for match in numbers.find_candidates(text, text.lower()):
        if match.start() == at:
            return Candidate(text, match)
    raise AssertionError(f"no candidate at {number!r} in {text!r}")


# (rule, text, the number, whether the rule applies)
CASES = [
    ("article or pronoun", "One woman said she had left.", "One", True),
    ("article or pronoun", "Two women said they had left.", "Two", False),
    ("article or pronoun", "Two died in Kashmore and one in Dadu.", "one", False),
    ("article or pronoun", "Nine died in GB, one in Islamabad, 185 in KP.", "one", False),
    ("article or pronoun", "Nine died, one of them a child.", "one", True),
    ("time, date or code", "The convoy left at 09:18 on Thursday.", "09", True),
    ("time, date or code", "The talks resumed on 21st December.", "21", True),
    ("time, date or code", "Buses were due at 6am local time.", "6", True),
    ("time, date or code", "The 14 December deal held.", "14", True),
    ("time, date or code", "Some 14 buses left.", "14", False),
    ("duration", "The siege lasted 18 months.", "18", True),
    ("duration", "They had waited for two more weeks.", "two", True),
    ("duration", "A seven-day truce began.", "seven", True),
    ("duration", "Eighteen families left.", "Eighteen", False),
    ("day of a month", "It began on Dec 14 in the east.", "14", True),
    ("day of a month", "It began with 14 buses.", "14", False),
    ("ratio", "One in 3 children is malnourished.", "3", True),
    ("ratio", "Aid reached 3 children in the camp.", "3", False),
    ("age", "A boy aged 12 was killed.", "12", True),
    ("age", "A total of 12 boys were killed.", "12", False),
    ("back-reference", "The two villages remain besieged.", "two", True),
    ("back-reference", "The 250,000 civilians who remain are trapped.", "250,000", False),
    ("threshold", "Women over 60 were allowed to leave.", "60", True),
    ("threshold", "More than 60 women were allowed to leave.", "60", False),
    ("year", "The uprising began in 2011.", "2011", True),
    ("year", "Some 2000 people fled.", "2000", False),
    ("identifier", "Resolution 2254 calls for a ceasefire.", "2254", True),
    ("identifier", "Creative Commons version 3 applies.", "3", True),
    ("identifier", "Activists said 300 people had left.", "300", False),
]


@pytest.mark.parametrize(("rule", "text", "number", "applies"), CASES)
def test_rule(rule, text, number, applies):
    assert RULES[rule].applies(candidate(text, number)) is applies


def test_every_rule_has_cases_both_ways():
    tried = {(rule, applies) for rule, _, _, applies in CASES}
    for name in RULES:
        if name == "unreadable":
            continue
        assert (name, True) in tried and (name, False) in tried, name


def test_rules_run_in_order_and_name_the_first_that_applies():
    assert rejection(candidate("Talks on Dec 14 2016 went on.", "2016")) == "year"
    assert rejection(candidate("At least 82 civilians were killed.", "82")) is None
    assert [r.name for r in REJECTIONS][:3] == ["unreadable", "article or pronoun", "time, date or code"]


@pytest.mark.parametrize(
    ("text", "number", "qualifier", "subject", "unit", "words"),
    [
        ("at least 82 civilians were killed", "82", "at least", "civilians", None, "at least 82 civilians"),
        ("an enclave of only 2.5sq km remained", "2.5", None, "enclave", "sq km", "2.5sq km"),
        (
            "some 4,000 rebel fighters left",
            "4,000",
            "about",
            "rebel fighters",
            None,
            "some 4,000 rebel fighters",
        ),
        (
            "tens of thousands of civilians fled",
            "tens",
            "tens of",
            "civilians",
            None,
            "tens of thousands of civilians",
        ),
        ("aid worth $3bn was pledged", "3", None, "funds", "USD", "$3bn"),
    ],
)
def test_what_a_candidate_reads_around_its_number(text, number, qualifier, subject, unit, words):
    c = candidate(text, number)
    assert (c.qualifier, c.subject.name if c.subject else None, c.unit) == (qualifier, subject, unit)
    assert text[c.start : c.end] == words


def test_vocabulary_words_come_from_cited_files():
    assert {"stop", "determiner", "pronoun", "claimant_adverb", "list_link"} <= {
        r["role"] for r in subjects.WORDS
    }
