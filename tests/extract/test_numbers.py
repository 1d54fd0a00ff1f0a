"""Numbers in digits and words, ranges and vague amounts."""

from __future__ import annotations

import re

import pytest

from dashboard.extract import numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("15,000", 15000),
        ("2.5", 2.5),
        ("366", 366),
        ("five", 5),
        ("Three", 3),
        ("twenty-one", 21),
        ("ninety nine", 99),
        ("two hundred", 200),
        ("two hundred and fifty thousand", 250000),
        ("one thousand two hundred", 1200),
        ("a hundred", 100),
        ("a dozen", 12),
        ("two dozen", 24),
        ("1.5 million", 1_500_000),
        ("half a million", 500_000),
        ("1.5m", 1_500_000),
        ("3bn", 3_000_000_000),
        ("20k", 20_000),
        ("1,234,567", 1_234_567),
    ],
)
def test_parse_number(text, value):
    assert numbers.parse_number(text) == value


@pytest.mark.parametrize("text", ["", "people", "first", "few"])
def test_parse_number_rejects_words_that_are_not_numbers(text):
    assert numbers.parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier"),
    [
        ("tens of thousands", 10_000, 99_999, "tens of"),
        ("Tens of thousands of", 10_000, 99_999, "tens of"),
        ("hundreds of thousands", 100_000, 999_999, "hundreds of"),
        ("thousands", 1_000, 9_999, "thousands of"),
        ("many thousands", 1_000, 9_999, "thousands of"),
        ("hundreds", 100, 999, "hundreds of"),
        ("dozens", 24, 99, "dozens of"),
        ("millions", 1_000_000, 9_999_999, "millions of"),
        ("several hundred", 300, 900, "several"),
        ("a few thousand", 2_000, 5_000, "a few"),
    ],
)
def test_vague_amount(text, low, high, qualifier):
    assert numbers.vague_amount(text) == (low, high, qualifier)


def first_candidate(text: str) -> tuple[str, numbers.Amount | None]:
    match = numbers.CANDIDATE.search(text)
    return match.group(), numbers.read_candidate(match)


@pytest.mark.parametrize(
    ("text", "words", "value", "low", "high"),
    [
        ("between 5,000 and 7,000 people", "between 5,000 and 7,000", None, 5000, 7000),
        ("Between 5 and 7 million people", "Between 5 and 7 million", None, 5_000_000, 7_000_000),
        ("10,000 to 15,000 people", "10,000 to 15,000", None, 10000, 15000),
        ("5,000-7,000 people", "5,000-7,000", None, 5000, 7000),
        # a bare first number shares the second's thousands where that makes them of one magnitude
        ("an estimated 62 – 66,000 individuals", "62 – 66,000", None, 62000, 66000),
        ("between 5 and 10,000 people", "between 5 and 10,000", None, 5000, 10000),
        ("from 20 to 1,000 people", "20 to 1,000", None, 20, 1000),
        ("ages 12-15", "12-15", None, 12, 15),
        ("two to three buses", "two to three", None, 2, 3),
        ("some 15,000 people", "15,000", 15000, 15000, 15000),
        ("an enclave of only 2.5sq km", "2.5", 2.5, 2.5, 2.5),
        ("a dozen ambulances", "a dozen", 12, 12, 12),
        ("tens of thousands of civilians", "tens of thousands of", None, 10_000, 99_999),
    ],
)
def test_candidate(text, words, value, low, high):
    found, amount = first_candidate(text)
    assert found == words
    assert (amount.value, amount.low, amount.high) == (value, low, high)


@pytest.mark.parametrize("text", ["UNITED24", "COVID-19", "F-16", "ab7", "x/21", ":18"])
def test_candidate_never_starts_inside_a_word_or_code(text):
    assert numbers.CANDIDATE.search(text) is None


def test_numbers_after_a_colon_or_slash_are_not_candidates():
    assert [m.group() for m in numbers.CANDIDATE.finditer("at 09:18 on 11/21/2024")] == ["09", "11"]


def test_find_candidates_equals_a_full_scan():
    text = (
        "Some 15,000 people, including 4,000 rebel fighters, left between 5 and 7 million homes; "
        "tens of thousands of civilians, a dozen ambulances, two hundred and fifty buses, 2.5sq km, "
        "half a million, several hundred men, UNITED24, 09:18, 11/21/2024, 6am and one woman."
    )
    fast = [m.span() for m in numbers.find_candidates(text, text.lower())]
    full = [m.span() for m in numbers.CANDIDATE.finditer(text)]
    assert fast == full


def test_trie_pattern_matches_the_same_words_as_an_alternation():
    words = ["killed", "kill", "killing", "shot dead", "shot", "left", "leave", "want to leave"]
    trie = re.compile(rf"\b(?:{numbers.trie_pattern(words)})\b")
    flat = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
    text = "they killed six, shot dead two, want to leave, left; killings kill shot leaves"
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


@pytest.mark.parametrize(
    ("value", "text"), [(15000, "15,000"), (2.5, "2.5"), (82.0, "82"), (1_500_000, "1,500,000")]
)
def test_format_number(value, text):
    assert numbers.format_number(value) == text


def test_describe_vague():
    assert numbers.describe_vague(10_000, 99_999) == "tens of thousands"
    assert numbers.describe_vague(1_000, 9_999) == "thousands"
    assert numbers.describe_vague(5, 7) is None
